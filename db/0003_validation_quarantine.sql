CREATE SCHEMA IF NOT EXISTS validation;

-- Everything refused, with its raw content and every reason, so nothing is lost. The same raw input from the
-- same source is kept once, so re-running an import or a job adds no duplicate.
CREATE TABLE validation.quarantine (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text NOT NULL,
    site_id      bigint,
    raw_payload  text NOT NULL,
    reasons      text[] NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    -- md5 only tells identical payloads apart here (no security role); unlike sha256(convert_to()) it is immutable.
    payload_hash text GENERATED ALWAYS AS (md5(raw_payload)) STORED
);
CREATE UNIQUE INDEX quarantine_once ON validation.quarantine (source, coalesce(site_id, 0), payload_hash);
CREATE INDEX quarantine_site_received ON validation.quarantine (site_id, received_at DESC);

-- Quality per site and UTC day, merged from every batch that touched the day.
CREATE TABLE validation.data_quality_daily (
    site_id        bigint NOT NULL,
    day            date NOT NULL,
    source         text NOT NULL,
    rows_accepted  integer NOT NULL,
    rows_flagged   integer NOT NULL,
    rows_rejected  integer NOT NULL,
    rows_imputed   integer NOT NULL,
    completeness   double precision NOT NULL,
    validity       double precision NOT NULL,
    consistency    double precision NOT NULL,
    score          double precision NOT NULL,
    counts_by_rule jsonb NOT NULL DEFAULT '{}',
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, source, day)
);
