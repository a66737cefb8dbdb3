-- Alerts (SolarSync.Modules/Monitoring/Alerts). One row per firing of a rule for a subject (a site, a device, a plant
-- type, a collection source): fired once, re-notified while active at most every Alerts:RepeatMinutes, resolved when
-- the condition clears. An event (a model promoted or rolled back) is resolved as it fires and never fires twice.
CREATE TABLE monitoring.alerts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule             text NOT NULL,
    subject          text NOT NULL,
    severity         text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    message          text NOT NULL,
    is_event         boolean NOT NULL DEFAULT false,
    fired_at         timestamptz NOT NULL,
    last_notified_at timestamptz NOT NULL,
    notifications    integer NOT NULL DEFAULT 1,
    resolved_at      timestamptz
);
-- At most one active alert per rule and subject: a retried evaluation finds it instead of firing again.
CREATE UNIQUE INDEX alerts_one_active ON monitoring.alerts (rule, subject) WHERE resolved_at IS NULL;
-- An event alerts once, however often it is seen.
CREATE UNIQUE INDEX alerts_event_once ON monitoring.alerts (rule, subject) WHERE is_event;
CREATE INDEX alerts_fired ON monitoring.alerts (fired_at DESC, id DESC);

-- The outbox of webhook messages: written in the evaluation's transaction, sent afterwards. delivered_at is set once
-- a webhook accepted it; failed_at (with last_error) when every attempt failed: a dead letter, never retried.
CREATE TABLE monitoring.alert_deliveries (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id     bigint NOT NULL REFERENCES monitoring.alerts (id) ON DELETE CASCADE,
    webhook      text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('fired', 'repeat', 'resolved')),
    message      text NOT NULL,
    created_at   timestamptz NOT NULL,
    delivered_at timestamptz,
    failed_at    timestamptz,
    last_error   text
);
CREATE INDEX alert_deliveries_pending ON monitoring.alert_deliveries (id) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- The messages no webhook accepted, for the operator to read (and resend by hand).
CREATE VIEW monitoring.alert_dead_letters AS
SELECT d.id, d.webhook, d.kind, a.rule, a.subject, d.message, d.created_at, d.failed_at, d.last_error
FROM monitoring.alert_deliveries d JOIN monitoring.alerts a ON a.id = d.alert_id
WHERE d.failed_at IS NOT NULL;
