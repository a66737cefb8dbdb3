-- Metered consumers (load): capacity_kw is their peak demand. Their public holidays come from the country
-- (ISO 3166-1 alpha-2, upper case), which the API requires for load sites; generation sites may leave it empty.
ALTER TABLE sites.sites DROP CONSTRAINT sites_type_check;
ALTER TABLE sites.sites ADD CONSTRAINT sites_type_check CHECK (type IN ('solar', 'wind', 'load'));
ALTER TABLE sites.sites ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$');

-- The registry, its runs and the forecast archive name a plant type too.
ALTER TABLE training.training_runs DROP CONSTRAINT training_runs_model_type_check;
ALTER TABLE training.training_runs ADD CONSTRAINT training_runs_model_type_check CHECK (model_type IN ('solar', 'wind', 'load'));
ALTER TABLE training.model_versions DROP CONSTRAINT model_versions_model_type_check;
ALTER TABLE training.model_versions ADD CONSTRAINT model_versions_model_type_check CHECK (model_type IN ('solar', 'wind', 'load'));
ALTER TABLE prediction.forecasts DROP CONSTRAINT forecasts_model_type_check;
ALTER TABLE prediction.forecasts ADD CONSTRAINT forecasts_model_type_check CHECK (model_type IN ('solar', 'wind', 'load'));
