CREATE SCHEMA IF NOT EXISTS devices;

-- Plant devices that publish telemetry over MQTT. The id is a topic level ({solar|wind}/{device_id}/data), so it
-- may hold no '/', '+' or '#'. The counters and times are kept by the telemetry writer, in the transaction that
-- stores the messages they count.
CREATE TABLE devices.devices (
    device_id            text PRIMARY KEY CHECK (device_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    device_type          text NOT NULL CHECK (device_type IN ('solar_inverter', 'wind_turbine', 'meter')),
    site_id              bigint NOT NULL,
    registered_at        timestamptz NOT NULL DEFAULT now(),
    -- When the last message of the device arrived, and the newest reading time it sent.
    last_seen_at         timestamptz,
    last_payload_at      timestamptz,
    messages_stored      bigint NOT NULL DEFAULT 0,
    messages_duplicate   bigint NOT NULL DEFAULT 0,
    messages_quarantined bigint NOT NULL DEFAULT 0
);
CREATE INDEX devices_site ON devices.devices (site_id);

-- Every accepted reading as sent (sub-hourly), once per device and timestamp: a QoS 1 redelivery is a duplicate and
-- changes nothing. site_id is the device's site when the reading arrived. The hourly observations of source
-- 'telemetry' are means computed from these rows, so they can always be recomputed.
CREATE TABLE devices.readings (
    device_id   text NOT NULL,
    ts          timestamptz NOT NULL,
    site_id     bigint NOT NULL,
    power_kw    double precision NOT NULL,
    ghi         double precision,
    temp_c      double precision,
    wind_speed  double precision,
    wind_dir    double precision,
    stored_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (device_id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX readings_site_ts ON devices.readings (site_id, ts);

-- Monthly partitions are created as readings arrive: public.ensure_monthly_partitions('devices.readings', …).

-- Site-hours whose readings changed since their hourly mean was last written. Written in the transaction that stores
-- the readings, so an hour is never forgotten across a crash; removed once its mean is stored (unless touched again).
CREATE TABLE devices.pending_hours (
    site_id     bigint NOT NULL,
    hour        timestamptz NOT NULL,
    touched_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (site_id, hour)
);
