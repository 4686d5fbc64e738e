-- The statistics of closed months, kept (issue 15): a year's request reads each office's tallies of
-- eleven closed months (a few thousand rows) instead of grouping every visit of the year again, so its
-- time no longer grows with the visits. Built on first use (modules/statistics/month-tallies.ts) and
-- each night; any change of a month's visit facts drops that month, so a late outcome, a correction or
-- a new time zone is counted at the next request.

-- A month of an authority whose tallies are complete (also when it had no visits).
CREATE TABLE visit_fact_months (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Its first day, in the authority's calendar (as visit_facts.day).
  month date NOT NULL,
  PRIMARY KEY (tenant_id, month)
);

-- One office's tally of a month by one grouping: a day of the month, an hour of the day, a kind
-- (walk_in, appointment) or a service ("" for visits without one). The tally is what the request would
-- have summed (modules/statistics/tally-json.ts): counts, outcomes and minute histograms, no names.
CREATE TABLE visit_fact_tallies (
  tenant_id uuid NOT NULL,
  month date NOT NULL,
  office_id uuid NOT NULL,
  dimension text NOT NULL CHECK (dimension IN ('day', 'hour', 'kind', 'service')),
  key text NOT NULL,
  -- json, not jsonb: only ever read whole, and json is sent as it is stored (a year is ~1 MB of it).
  tally json NOT NULL,
  PRIMARY KEY (tenant_id, month, office_id, dimension, key),
  FOREIGN KEY (tenant_id, month) REFERENCES visit_fact_months (tenant_id, month) ON DELETE CASCADE
);

-- The lock a month's builder holds alone while it reads the facts and writers of that month's facts
-- share: a visit ending while its month is built waits, then drops the month just built, so a month is
-- never kept without a fact that was committed meanwhile.
CREATE FUNCTION visit_fact_month_lock(tenant uuid, day date) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended(tenant::text || ' ' || date_trunc('month', day)::date::text, 15)
$$;

CREATE FUNCTION visit_fact_month_stale(tenant uuid, day date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(visit_fact_month_lock(tenant, day));
  DELETE FROM visit_fact_months WHERE tenant_id = tenant AND month = date_trunc('month', day)::date;
END;
$$;

CREATE FUNCTION visit_fact_months_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN PERFORM visit_fact_month_stale(NEW.tenant_id, NEW.day); END IF;
  IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR date_trunc('month', OLD.day) <> date_trunc('month', NEW.day)) THEN
    PERFORM visit_fact_month_stale(OLD.tenant_id, OLD.day);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER visit_fact_months_on_change AFTER INSERT OR UPDATE OR DELETE ON visit_facts
  FOR EACH ROW EXECUTE FUNCTION visit_fact_months_on_change();

-- The capacity's booked appointments of an authority's period (statistics-capacity.ts): without it
-- every statistics request, a month's as a year's, read all appointments of every authority.
CREATE INDEX appointments_period ON appointments (tenant_id, starts_at);
