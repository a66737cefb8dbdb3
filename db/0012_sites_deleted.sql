-- A deleted site is kept (its stored data stays readable to an operator) but leaves the directory, and its name is
-- free again: names are unique among the sites that are not deleted.
ALTER TABLE sites.sites ADD COLUMN deleted_at timestamptz;
DROP INDEX sites.sites_name_key;
CREATE UNIQUE INDEX sites_name_key ON sites.sites (lower(name)) WHERE deleted_at IS NULL;
