-- Issue 16: an office's special dates (an evening opening, a closure for a date or a range) replace its
-- weekly hours on those dates, and an authority keeps its own holidays besides its state's (Augsburg's
-- Friedensfest on 8 August, Mariä Himmelfahrt in the municipalities that keep it).

CREATE TABLE office_calendar_exceptions (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL,
  office_id uuid NOT NULL,
  first_day date NOT NULL,
  last_day date NOT NULL,
  -- The hours of each date as [{from, to}]; empty: closed.
  hours jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(hours) = 'array'),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (first_day <= last_day),
  FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id) ON DELETE CASCADE,
  -- One rule per date: two overlapping entries would leave the hours of their shared dates undefined.
  EXCLUDE USING gist (office_id WITH =, daterange(first_day, last_day, '[]') WITH &&)
);

CREATE TABLE local_holidays (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- NULL: every office of the authority.
  office_id uuid,
  -- "MM-DD", every year.
  month_day text NOT NULL CHECK (month_day ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id) ON DELETE CASCADE,
  UNIQUE NULLS NOT DISTINCT (tenant_id, office_id, month_day)
);

-- The slot search's read model reads both: a change makes every process read its searches anew (0031).
CREATE TRIGGER slot_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON office_calendar_exceptions
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
CREATE TRIGGER slot_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON local_holidays
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
