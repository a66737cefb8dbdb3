-- Elevation sets the station-pressure range of validation and the clear-sky air mass.
ALTER TABLE sites.sites ADD COLUMN elevation_m double precision CHECK (elevation_m BETWEEN -450 AND 9000);
