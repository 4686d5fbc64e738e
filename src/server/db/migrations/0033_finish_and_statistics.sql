-- Finishing a consultation and the statistics it feeds (issue 15).

-- The outcome the clerk records on finishing (consultations.outcome, as before) may also be "other".
ALTER TABLE consultations DROP CONSTRAINT consultations_outcome_check;
ALTER TABLE consultations ADD CONSTRAINT consultations_outcome_check
  CHECK (outcome IN ('resolved', 'follow_up', 'documents_missing', 'forwarded', 'other'));

-- The services actually performed in a consultation, each with a count (2 × Personalausweis for a
-- parent and a child). A service with performed records cannot be deleted, like one with appointments.
CREATE TABLE consultation_services (
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  service_id uuid NOT NULL,
  count smallint NOT NULL CHECK (count BETWEEN 1 AND 99),
  PRIMARY KEY (consultation_id, service_id),
  FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
);

-- One narrow row per visit that is over, for the statistics: what the page aggregates, computed once
-- when the visit ends instead of joining visits, consultations, appointments and services for each of
-- a year's visits on every request. Buckets are the arrival in the authority's time zone. No names.
CREATE TABLE visit_facts (
  visit_id uuid PRIMARY KEY REFERENCES visits (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL,
  -- The office the visit ended in.
  office_id uuid NOT NULL,
  -- Day and hour (0–23) of arrival; weekdays, weeks and months are summed from the days.
  day date NOT NULL,
  hour smallint NOT NULL,
  -- How the visit went, in one small number (grouping by one column is what keeps a year's figures
  -- fast): 1 appointment, 2 a call was answered (a call nobody answered, end_reason no_show, does not
  -- count), 4 came by a transfer, 8 recalled, 16 parked; 32 × status (0 done, 1 left, 2 missed);
  -- 128 × outcome (0 none, 1 resolved, 2 follow_up, 3 documents_missing, 4 forwarded, 5 other).
  -- modules/statistics/visit-flags.ts reads it.
  flags smallint NOT NULL,
  -- Whole minutes, rounded; null when no call was answered.
  wait_minutes integer,
  talk_minutes integer,
  -- The services performed (from finishing; else an appointment's booked service) and their counts.
  service_ids uuid[] NOT NULL,
  service_counts integer[] NOT NULL,
  -- Their sum: how many services the visit brought.
  performed integer NOT NULL
);
CREATE INDEX visit_facts_period ON visit_facts (tenant_id, day);

-- What visit_facts holds for each visit that is over (the triggers below keep it current). Walk-ins
-- whose page never connected held no place (a script's entries) and are left out.
CREATE VIEW visit_fact_source AS
SELECT v.id AS visit_id, v.tenant_id, v.office_id, local.at::date AS day, extract(hour FROM local.at)::smallint AS hour,
       (CASE WHEN v.kind = 'appointment' THEN 1 ELSE 0 END
        + CASE WHEN calls.answered > 0 THEN 2 ELSE 0 END
        + CASE WHEN v.transferred_from_office_id IS NOT NULL THEN 4 ELSE 0 END
        + CASE WHEN v.missed_calls > 0 THEN 8 ELSE 0 END
        + CASE WHEN calls.parked THEN 16 ELSE 0 END
        + 32 * CASE v.status WHEN 'left' THEN 1 WHEN 'missed' THEN 2 ELSE 0 END
        + 128 * CASE calls.outcome WHEN 'resolved' THEN 1 WHEN 'follow_up' THEN 2 WHEN 'documents_missing' THEN 3
                                   WHEN 'forwarded' THEN 4 WHEN 'other' THEN 5 ELSE 0 END)::smallint AS flags,
       CASE WHEN calls.answered > 0 THEN floor(v.waited_seconds / 60.0 + 0.5)::int END AS wait_minutes,
       CASE WHEN calls.answered > 0 THEN floor(calls.talk_seconds / 60.0 + 0.5)::int END AS talk_minutes,
       performed.ids AS service_ids, performed.counts AS service_counts, performed.total AS performed
  FROM visits v
  JOIN tenants t ON t.id = v.tenant_id
  CROSS JOIN LATERAL (SELECT v.arrived_at AT TIME ZONE t.time_zone AS at) local
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE c.end_reason <> 'no_show') AS answered,
           coalesce(sum(extract(epoch FROM c.ended_at - c.started_at)) FILTER (WHERE c.end_reason <> 'no_show'), 0)
             AS talk_seconds,
           coalesce(bool_or(c.end_reason = 'parked'), false) AS parked,
           -- The outcome of the last call that has one.
           (array_agg(c.outcome ORDER BY c.started_at DESC) FILTER (WHERE c.outcome IS NOT NULL))[1] AS outcome
      FROM consultations c WHERE c.visit_id = v.id AND c.ended_at IS NOT NULL) calls
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(s.service_id ORDER BY s.service_id), '{}') AS ids,
           coalesce(array_agg(s.count ORDER BY s.service_id), '{}') AS counts,
           coalesce(sum(s.count), 0)::int AS total
      FROM (
        -- By each of the visit's calls: a look-up per call (OFFSET 0 keeps the planner from turning it
        -- into a scan of every performed service, as it did before the tables had statistics).
        SELECT cs.service_id, sum(cs.count)::int AS count
          FROM consultations c
          CROSS JOIN LATERAL (
            SELECT service_id, count FROM consultation_services WHERE consultation_id = c.id OFFSET 0) cs
         WHERE c.visit_id = v.id GROUP BY cs.service_id
        UNION ALL
        -- Nothing recorded on finishing: an appointment counts for the service it was booked for.
        SELECT a.service_id, 1 FROM appointments a
         WHERE a.visit_id = v.id AND NOT EXISTS (
           SELECT 1 FROM consultations c JOIN consultation_services cs ON cs.consultation_id = c.id
            WHERE c.visit_id = v.id)
      ) s) performed
 WHERE v.status IN ('done', 'left', 'missed') AND v.left_reason IS DISTINCT FROM 'never_connected';

-- The view reads a visit's calls and appointment by the visit: without these, every visit that ends
-- would read all calls and appointments ever made.
CREATE INDEX consultations_visit ON consultations (visit_id);
CREATE INDEX appointments_visit ON appointments (visit_id) WHERE visit_id IS NOT NULL;

-- Without statistics (a new table) the planner's estimates for one visit can be high enough to JIT-compile
-- the statement on every call, which costs more than running it: this look-up of one visit never needs it.
CREATE FUNCTION visit_facts_refresh(target uuid) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  DELETE FROM visit_facts WHERE visit_id = target;
  INSERT INTO visit_facts SELECT * FROM visit_fact_source WHERE visit_id = target;
END;
$$;

-- A row naming a visit changed: the visit's own row (column id) or one of its calls (visit_id).
CREATE FUNCTION visit_facts_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM visit_facts_refresh((to_jsonb(NEW) ->> TG_ARGV[0])::uuid);
  RETURN NULL;
END;
$$;
-- A visit ends (or a missed one is put back into the line).
CREATE TRIGGER visit_facts_on_visit AFTER UPDATE OF status ON visits
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
    AND (NEW.status IN ('done', 'left', 'missed') OR OLD.status IN ('done', 'left', 'missed')))
  EXECUTE FUNCTION visit_facts_on_change('id');
-- The outcome is corrected after the call (notes and outcome stay editable).
CREATE TRIGGER visit_facts_on_consultation AFTER UPDATE OF outcome ON consultations
  FOR EACH ROW WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome)
  EXECUTE FUNCTION visit_facts_on_change('visit_id');

-- The performed services are recorded or corrected after the call.
CREATE FUNCTION visit_facts_on_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM visit_facts_refresh(c.visit_id) FROM consultations c
    WHERE c.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.consultation_id ELSE NEW.consultation_id END;
  RETURN NULL;
END;
$$;
CREATE TRIGGER visit_facts_on_service AFTER INSERT OR UPDATE OR DELETE ON consultation_services
  FOR EACH ROW EXECUTE FUNCTION visit_facts_on_service();

-- The authority moves to another time zone: its days and hours are bucketed anew.
CREATE FUNCTION visit_facts_on_time_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM visit_facts WHERE tenant_id = NEW.id;
  INSERT INTO visit_facts SELECT * FROM visit_fact_source WHERE tenant_id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER visit_facts_on_time_zone AFTER UPDATE OF time_zone ON tenants
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
  EXECUTE FUNCTION visit_facts_on_time_zone();

-- Visits that ended before this migration.
INSERT INTO visit_facts SELECT * FROM visit_fact_source;

-- The statistics' other sources, read by authority and period.
CREATE INDEX appointments_no_show ON appointments (tenant_id, starts_at) WHERE status = 'no_show';
CREATE INDEX consultation_ratings_period ON consultation_ratings (tenant_id, day);
