CREATE SCHEMA IF NOT EXISTS training;

-- Every training run, whether it ended in a model or not: what it trained on, how each epoch went, how it scored.
CREATE TABLE training.training_runs (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_type     text NOT NULL CHECK (model_type IN ('solar', 'wind')),
    site_id        bigint,
    job_id         text,
    status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    config         jsonb,
    data_from      timestamptz,
    data_to        timestamptz,
    samples        jsonb,
    epochs         jsonb NOT NULL DEFAULT '[]',
    metrics        jsonb,
    version        text,
    outcome        text,
    error          text,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz
);
CREATE INDEX training_runs_job ON training.training_runs (job_id);
CREATE INDEX training_runs_type_started ON training.training_runs (model_type, started_at DESC);

-- The registry. A version's files live in models/<type>/<version>/ and are complete before its row exists.
CREATE TABLE training.model_versions (
    model_type     text NOT NULL CHECK (model_type IN ('solar', 'wind')),
    version        text NOT NULL,
    status         text NOT NULL CHECK (status IN ('candidate', 'production', 'archived')),
    run_id         bigint REFERENCES training.training_runs (id),
    metrics        jsonb NOT NULL,
    test_nmae      double precision NOT NULL,
    created_at     timestamptz NOT NULL,
    -- Set each time the version becomes Production; rollback returns to the most recent earlier one.
    promoted_at    timestamptz,
    -- Set when a rollback takes the version out of Production; a later rollback never returns to it.
    rolled_back_at timestamptz,
    PRIMARY KEY (model_type, version)
);
-- At most one Production version per type, enforced by the database rather than by care.
CREATE UNIQUE INDEX model_versions_one_production ON training.model_versions (model_type) WHERE status = 'production';
