-- Champion/challenger experiments (docs/architecture.md §6). The champion is the type's Production version when the
-- experiment starts; the challenger is served beside it (shadow: computed and archived, never returned) or instead of
-- it for a share of requests (split). At most one running experiment per plant type.
CREATE TABLE prediction.experiments (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_type          text NOT NULL CHECK (model_type IN ('solar', 'wind', 'load')),
    champion_version    text NOT NULL,
    challenger_version  text NOT NULL,
    mode                text NOT NULL CHECK (mode IN ('shadow', 'split')),
    -- Split only: percentage | client_hash | gradual; percent is the fixed share, the ramp_* columns gradual's schedule.
    strategy            text CHECK (strategy IN ('percentage', 'client_hash', 'gradual')),
    percent             double precision CHECK (percent BETWEEN 0 AND 100),
    ramp_start_percent  double precision,
    ramp_step_percent   double precision,
    ramp_every_hours    integer,
    ramp_max_percent    double precision,
    -- Where a gradual share stopped rising because the challenger was significantly worse.
    halted_percent      double precision,
    min_days            integer NOT NULL CHECK (min_days BETWEEN 1 AND 365),
    metric              text NOT NULL CHECK (metric IN ('mae', 'rmse')),
    min_improvement_pct double precision NOT NULL,
    alpha               double precision NOT NULL CHECK (alpha > 0 AND alpha < 1),
    status              text NOT NULL CHECK (status IN ('running', 'stopped', 'promoted')),
    verdict             text NOT NULL DEFAULT 'running' CHECK (verdict IN ('running', 'challenger_wins', 'champion_wins', 'no_difference')),
    -- The last analysis (GET /admin/experiments/{id}/analysis), rewritten by the daily evaluation job.
    analysis            jsonb,
    analysed_at         timestamptz,
    started_at          timestamptz NOT NULL,
    ended_at            timestamptz
);
CREATE UNIQUE INDEX experiments_one_running_per_type ON prediction.experiments (model_type) WHERE status = 'running';
