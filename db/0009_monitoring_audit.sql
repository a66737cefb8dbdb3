CREATE SCHEMA IF NOT EXISTS monitoring;

-- Admin actions: every state-changing request an authenticated client made to an endpoint that needs the admin
-- policy, carried out or refused, written by the host once the response is known (SolarSync.Host/Security/
-- AdminAuditMiddleware.cs). Rows are only ever added. client is the API key's name; route the endpoint's pattern
-- (/admin/model/{type}/rollback); target its route values (solar) or, for a create, the id in the Location header.
CREATE TABLE monitoring.audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    client      text NOT NULL,
    action      text NOT NULL,
    method      text NOT NULL,
    route       text NOT NULL,
    target      text,
    status_code integer NOT NULL CHECK (status_code BETWEEN 100 AND 599),
    succeeded   boolean NOT NULL GENERATED ALWAYS AS (status_code < 400) STORED,
    remote_ip   text
);
-- GET /admin/audit reads newest first, optionally of one action, within [from, to).
CREATE INDEX audit_log_occurred ON monitoring.audit_log (occurred_at DESC, id DESC);
CREATE INDEX audit_log_action_occurred ON monitoring.audit_log (action, occurred_at DESC, id DESC);
