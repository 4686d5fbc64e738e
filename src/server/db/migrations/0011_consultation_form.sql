-- The form both sides fill together in a call: what it asks (fixed when first opened), the agent's
-- checklist of required documents, and the Yjs updates of its answers. Any server process appends and
-- reads them, so none has to hold the document. Deleted with the chat when the retention days are over.
CREATE TABLE consultation_forms (
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL PRIMARY KEY,
  -- Service (or null), intake fields and required documents, as they were when the form opened.
  definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
  -- One boolean per required document, in the definition's order; only the agent changes it.
  checklist jsonb NOT NULL CHECK (jsonb_typeof(checklist) = 'array'),
  -- Bytes and rows of the stored updates, reset when they are compacted into one: the bytes bound the
  -- form, the rows say when merging them is due.
  bytes integer NOT NULL DEFAULT 0 CHECK (bytes >= 0),
  updates integer NOT NULL DEFAULT 0 CHECK (updates >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, consultation_id),
  FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE
);

-- Yjs updates in arrival order; merging all of them in any order gives the form's state.
CREATE TABLE consultation_form_updates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  data bytea NOT NULL CHECK (octet_length(data) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, consultation_id)
    REFERENCES consultation_forms (tenant_id, consultation_id) ON DELETE CASCADE
);
CREATE INDEX consultation_form_updates_order ON consultation_form_updates (consultation_id, id);
