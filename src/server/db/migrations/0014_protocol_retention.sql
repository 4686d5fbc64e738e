-- Protocols are records of the authority's work and are kept far longer than the personal data of a
-- visit (chat, files, contact data): each authority sets their own period. Ten years by default, the
-- common keeping period of German administrative files.
ALTER TABLE tenants
  ADD COLUMN protocol_retention_days integer NOT NULL DEFAULT 3650
    CHECK (protocol_retention_days BETWEEN 30 AND 36500);
