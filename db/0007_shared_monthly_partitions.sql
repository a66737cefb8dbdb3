-- Creates the monthly partitions of a table partitioned by range on a timestamptz, covering [from_ts, to_ts]. A
-- partition is named <table>_YYYY_MM in the table's schema. Safe to call concurrently and repeatedly: an advisory
-- lock per table serialises the creators, and existing months are skipped.
CREATE FUNCTION public.ensure_monthly_partitions(parent regclass, from_ts timestamptz, to_ts timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz := date_trunc('month', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    schema_name text;
    table_name text;
    name text;
BEGIN
    SELECT n.nspname, c.relname INTO schema_name, table_name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent;
    PERFORM pg_advisory_xact_lock(hashtext(parent::text || ' partitions'));
    WHILE month_start <= to_ts LOOP
        name := format('%s_%s', table_name, to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM'));
        IF to_regclass(format('%I.%I', schema_name, name)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           schema_name, name, parent, month_start, month_start + interval '1 month');
        END IF;
        month_start := month_start + interval '1 month';
    END LOOP;
END $$;

-- Observations keep their entry point; the months are made by the shared function.
CREATE OR REPLACE FUNCTION collection.ensure_observation_partitions(from_ts timestamptz, to_ts timestamptz)
RETURNS void LANGUAGE sql AS $$ SELECT public.ensure_monthly_partitions('collection.observations', from_ts, to_ts) $$;
