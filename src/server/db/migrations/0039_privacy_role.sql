-- The data-protection officer (issue 19): answers citizens' requests (access, rectification, erasure)
-- and keeps the records of processing. The role sees every citizen's records on request, so it serves
-- no office and, like an administrator, signs in with a second factor.
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
  CHECK (role IN ('admin', 'lead', 'agent', 'reporting', 'privacy'));
