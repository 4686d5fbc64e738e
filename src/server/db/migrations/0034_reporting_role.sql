-- A read-only role for controlling and management reports (issue 15): it reads the statistics and,
-- like an agent, the authority's units, services and offices; it serves no office and sees no case.
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('admin', 'lead', 'agent', 'reporting'));
