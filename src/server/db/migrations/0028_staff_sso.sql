-- Staff sign in with the authority's identity provider over OpenID Connect (issue 14): one provider per
-- authority, groups (or roles) from a claim mapped to a role and offices, accounts made on first sign-in.

CREATE TABLE tenant_identity_providers (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  -- What the login page's button says, e.g. "Dienstkonto der Stadt".
  display_name text NOT NULL,
  issuer text NOT NULL,
  client_id text NOT NULL,
  client_secret text NOT NULL,
  -- The claim of the ID token that lists the person's groups, e.g. "groups" or "roles".
  groups_claim text NOT NULL DEFAULT 'groups',
  -- [{group, role, unitId, officeIds}]: a person in several groups gets the highest role, all offices.
  group_mappings jsonb NOT NULL DEFAULT '[]',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Local passwords can be switched off once the provider works.
ALTER TABLE tenants ADD COLUMN password_sign_in boolean NOT NULL DEFAULT true;

-- Accounts of the provider have no password here; they are found again by the provider's subject.
ALTER TABLE staff ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE staff ADD COLUMN oidc_subject text;
CREATE UNIQUE INDEX staff_oidc_subject ON staff (tenant_id, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- The provider's session a staff session came from: its logout ends ours (back-channel), our sign-out
-- ends its (RP-initiated, with the ID token as hint).
ALTER TABLE staff_sessions ADD COLUMN oidc_sid text, ADD COLUMN oidc_id_token text;
CREATE INDEX staff_sessions_oidc_sid ON staff_sessions (oidc_sid) WHERE oidc_sid IS NOT NULL;

-- A sign-in sent to the provider and not back yet: the PKCE verifier and nonce, found by the state.
CREATE TABLE oidc_sign_ins (
  state_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
