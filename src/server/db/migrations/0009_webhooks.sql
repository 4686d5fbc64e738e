-- Webhooks: an authority's admins register endpoints of their case systems for events; each event becomes
-- one delivery per subscribed endpoint, signed following the Standard Webhooks scheme and worked (and
-- retried with back-off) by the job queue. See src/server/modules/webhooks/README.md.

-- The signing secret must be usable to sign each delivery, so it cannot be kept only as a hash: it is
-- stored as issued ("whsec_" + base64 of 32 random bytes) and shown to the admin once, never again.
-- Revoking keeps the row, so the delivery log stays readable.
CREATE TABLE webhook_endpoints (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (length(url) <= 2000 AND url ~ '^https?://'),
  events text[] NOT NULL CHECK (
    cardinality(events) >= 1
    AND events <@ ARRAY['appointment.booked', 'appointment.cancelled', 'appointment.moved',
                        'visit.transferred', 'consultation.completed']
  ),
  secret text NOT NULL CHECK (secret ~ '^whsec_[A-Za-z0-9+/]+={0,2}$'),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES staff (tenant_id, id) ON DELETE SET NULL (created_by)
);
CREATE INDEX webhook_endpoints_active ON webhook_endpoints (tenant_id) WHERE revoked_at IS NULL;

-- One event for one endpoint. The body is kept as the exact text that is signed and sent, so every retry
-- carries the same bytes (and the same webhook-id). attempt_log holds each attempt's time, HTTP status
-- (null when no answer came) and error; job_id points at the queue's job for its next attempt time.
CREATE TABLE webhook_deliveries (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  event_type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error text,
  last_attempt_at timestamptz,
  attempt_log jsonb NOT NULL DEFAULT '[]',
  delivered_at timestamptz,
  job_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);
