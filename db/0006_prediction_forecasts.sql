CREATE SCHEMA IF NOT EXISTS prediction;

-- Every issued forecast, once per site, model version and issue hour (docs/architecture.md §6). issued_at is the UTC start of the
-- first point; point i (1-based array index i + 1) is the hour issued_at + i h, horizon hour i + 1. The points are
-- kept as three parallel arrays rather than one row per hour: a 168 h forecast is one row of ~4 kB instead of 168
-- rows with their keys repeated, a forecast is always written and read whole, and the hours are implied by
-- issued_at, so they cannot disagree with it. A longer forecast of the same key replaces a shorter one.
CREATE TABLE prediction.forecasts (
    site_id            bigint NOT NULL,
    model_version      text NOT NULL,
    issued_at          timestamptz NOT NULL,
    generated_at       timestamptz NOT NULL,
    model_type         text NOT NULL CHECK (model_type IN ('solar', 'wind')),
    horizon_hours      integer NOT NULL CHECK (horizon_hours BETWEEN 1 AND 168),
    p50                double precision[] NOT NULL,
    p10                double precision[] NOT NULL,
    p90                double precision[] NOT NULL,
    -- nMAE (%) the model version scored on its test split; null for the physical stand-in.
    model_test_nmae    double precision,
    historical_context text NOT NULL,
    history_hours      integer NOT NULL,
    weather_issued_at  timestamptz,
    PRIMARY KEY (site_id, model_version, issued_at),
    CHECK (cardinality(p50) = horizon_hours AND cardinality(p10) = horizon_hours AND cardinality(p90) = horizon_hours)
);
-- Reads by target hour look up issue hours in [from - 168 h, until).
CREATE INDEX forecasts_site_issued ON prediction.forecasts (site_id, issued_at);

-- Realized accuracy of the archived forecasts per site, UTC day of the target hour and horizon bucket ('1-6h', …,
-- and 'all'), rewritten by the daily evaluation job. Percentages are 0–100; nmae is by the site's capacity; bias is
-- mean(prediction − actual) in kW; coverage80 is the share of hours inside p10..p90 (null when no hour had both
-- bounds). model_test_nmae is the mean test nMAE of the model versions whose points were counted, the drift
-- reference (null when none of them had one).
CREATE TABLE prediction.forecast_accuracy_daily (
    site_id         bigint NOT NULL,
    day             date NOT NULL,
    horizon         text NOT NULL,
    hours           integer NOT NULL CHECK (hours > 0),
    mae             double precision NOT NULL,
    rmse            double precision NOT NULL,
    nmae            double precision NOT NULL,
    bias            double precision NOT NULL,
    coverage80      double precision,
    model_test_nmae double precision,
    computed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, day, horizon)
);
