-- An e-mail address is unique within an authority, not across the installation (issue 14): creating
-- staff in one authority no longer tells whether an address exists in another, and a person working
-- for two authorities has an account in each. Sign-in names the authority when the address is in several.
DROP INDEX staff_email_key;
CREATE UNIQUE INDEX staff_email_key ON staff (tenant_id, email);
CREATE INDEX staff_email ON staff (email);
