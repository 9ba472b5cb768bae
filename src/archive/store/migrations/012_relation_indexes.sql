-- The relation rule (docs/access-control.md) is checked per candidate row of a social worker's search and
-- per read: look-ups by (register keeper, client, service task) that carry the dates, so the check reads
-- the index rather than every clienthood and case of the client.
CREATE INDEX clienthood_relation ON clienthood (register_keeper_oid, client_key, service_task) INCLUDE (level, start_date, end_date);
CREATE INDEX client_case_relation ON client_case (register_keeper_oid, client_key, service_task) INCLUDE (opened_date, closed_date);
