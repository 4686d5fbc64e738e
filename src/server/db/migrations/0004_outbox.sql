-- Embedded mail/SMS default: with no SMTP server or SMS gateway configured, every message an authority
-- would send lands here (and as a file under DATA_DIR/outbox/), so its administrators can read it.
-- Holds citizens' addresses and texts: personal data, deleted with the tenant.
CREATE TABLE outbox_messages (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 320),
  subject text NOT NULL DEFAULT '' CHECK (length(subject) <= 998),
  body text NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_messages_tenant_created ON outbox_messages (tenant_id, created_at DESC);
