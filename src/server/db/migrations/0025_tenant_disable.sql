-- The operator disables and enables authorities (issue 14). Nothing is deleted: a disabled authority's
-- public pages answer 410, its staff cannot sign in and their sessions end, and enabling it again
-- restores exactly the accounts that were active before.
ALTER TABLE tenants ADD COLUMN disabled_at timestamptz;

-- The staff accounts that were active when their authority was disabled (and were deactivated for it).
CREATE TABLE tenant_suspended_staff (
  staff_id uuid PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX tenant_suspended_staff_tenant ON tenant_suspended_staff (tenant_id);
