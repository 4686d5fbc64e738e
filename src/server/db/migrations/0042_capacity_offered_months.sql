-- The appointments offered in closed months, kept (issue 15): the capacity of a year's statistics then
-- lays out slots only for the days of months still open or cut by the period, not for 365 days per
-- service at every request. Unlike the visit tallies of 0040 these are never dropped: what was offered
-- in a month is what its opening hours, agents and exceptions were then, not what they are now.

-- A month of an authority whose offers are kept (also when nothing was offered).
CREATE TABLE capacity_months (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Its first day, in the authority's calendar.
  month date NOT NULL,
  PRIMARY KEY (tenant_id, month)
);

-- Appointments a service offered in a month, in the office it booked into then.
CREATE TABLE capacity_month_offers (
  tenant_id uuid NOT NULL,
  month date NOT NULL,
  service_id uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  offered integer NOT NULL CHECK (offered >= 0),
  PRIMARY KEY (tenant_id, month, service_id, office_id),
  FOREIGN KEY (tenant_id, month) REFERENCES capacity_months (tenant_id, month) ON DELETE CASCADE
);
