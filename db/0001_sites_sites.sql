CREATE SCHEMA IF NOT EXISTS sites;

CREATE TABLE sites.sites (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    type         text NOT NULL CHECK (type IN ('solar', 'wind')),
    latitude     double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude    double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    capacity_kw  double precision NOT NULL CHECK (capacity_kw > 0 AND capacity_kw <= 10000000),
    tilt_deg     double precision CHECK (tilt_deg BETWEEN 0 AND 90),
    azimuth_deg  double precision CHECK (azimuth_deg BETWEEN 0 AND 360),
    hub_height_m double precision CHECK (hub_height_m BETWEEN 1 AND 300),
    power_curve  jsonb,
    time_zone    text NOT NULL DEFAULT 'UTC',
    is_demo      boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Names are unique regardless of case; ON CONFLICT (lower(name)) relies on this index.
CREATE UNIQUE INDEX sites_name_key ON sites.sites (lower(name));
