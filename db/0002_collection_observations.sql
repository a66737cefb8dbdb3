CREATE SCHEMA IF NOT EXISTS collection;

-- Hourly observations; ts is the UTC start of the hour, values are means over the hour.
-- Partitioned by month: history grows by ~9k rows per site and source a year and old months can be detached.
CREATE TABLE collection.observations (
    site_id          bigint NOT NULL,
    source           text NOT NULL,
    ts               timestamptz NOT NULL,
    ghi              double precision,
    dni              double precision,
    dhi              double precision,
    temp_c           double precision,
    rel_humidity     double precision,
    pressure_hpa     double precision,
    wind_speed_10m   double precision,
    wind_speed_100m  double precision,
    wind_dir         double precision,
    cloud_cover      double precision,
    power_kw         double precision,
    quality_flags    integer NOT NULL DEFAULT 0,
    imputed          boolean NOT NULL DEFAULT false,
    ingested_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, source, ts)
) PARTITION BY RANGE (ts);

-- Creates the monthly partitions covering [from_ts, to_ts]; safe to call concurrently and repeatedly.
CREATE FUNCTION collection.ensure_observation_partitions(from_ts timestamptz, to_ts timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz := date_trunc('month', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    name text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('collection.observations partitions'));
    WHILE month_start <= to_ts LOOP
        name := format('observations_%s', to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM'));
        IF to_regclass(format('collection.%I', name)) IS NULL THEN
            EXECUTE format('CREATE TABLE collection.%I PARTITION OF collection.observations FOR VALUES FROM (%L) TO (%L)',
                           name, month_start, month_start + interval '1 month');
        END IF;
        month_start := month_start + interval '1 month';
    END LOOP;
END $$;

-- Weather forecasts as issued: one row per site, issue time and forecast hour.
CREATE TABLE collection.weather_forecasts (
    site_id          bigint NOT NULL,
    source           text NOT NULL,
    issued_at        timestamptz NOT NULL,
    ts               timestamptz NOT NULL,
    ghi              double precision,
    dni              double precision,
    dhi              double precision,
    temp_c           double precision,
    rel_humidity     double precision,
    pressure_hpa     double precision,
    wind_speed_10m   double precision,
    wind_speed_100m  double precision,
    wind_dir         double precision,
    cloud_cover      double precision,
    PRIMARY KEY (site_id, source, issued_at, ts)
);

-- One row per collection or import run, written at start and completed at the end (a crash leaves 'running').
CREATE TABLE collection.collection_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL,
    source        text NOT NULL,
    site_id       bigint,
    range_from    timestamptz,
    range_to      timestamptz,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    outcome       text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed')),
    rows_accepted integer NOT NULL DEFAULT 0,
    rows_flagged  integer NOT NULL DEFAULT 0,
    rows_rejected integer NOT NULL DEFAULT 0,
    rows_imputed  integer NOT NULL DEFAULT 0,
    quality_score double precision,
    error         text
);
CREATE INDEX collection_runs_site_started ON collection.collection_runs (site_id, started_at DESC);
