-- Adaptive interval widths (docs/architecture.md §6): per site and model version, the factor that served p10/p90 are
-- moved from p50 by, adapted once a day by the daily evaluation job from how often the hours of that version's archived
-- forecasts fell outside their intervals. through_day is the last UTC day adapted on: a re-run of the job never
-- counts a day twice; hours and misses are that day's verified hours and those outside p10..p90. A site or version
-- without a row is served at width 1 (its conformal calibration as trained).
CREATE TABLE prediction.interval_widths (
    site_id       bigint NOT NULL,
    model_version text NOT NULL,
    width         double precision NOT NULL CHECK (width > 0),
    through_day   date NOT NULL,
    hours         integer NOT NULL CHECK (hours >= 0),
    misses        integer NOT NULL CHECK (misses >= 0 AND misses <= hours),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, model_version)
);
