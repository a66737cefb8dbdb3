-- Metered consumers (load): capacity_kw is their peak demand. Their public holidays come from the country
-- (ISO 3166-1 alpha-2, upper case), which the API requires for load sites; generation sites may leave it empty.
ALTER TABLE sites.sites DROP CONSTRAINT sites_type_check;
ALTER TABLE sites.sites ADD CONSTRAINT sites_type_check CHECK (type IN ('solar', 'wind', 'load'));
ALTER TABLE sites.sites ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$');
