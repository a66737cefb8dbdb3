-- The model family of each version (network, network-residual, gbm, or the ensemble of them); versions before families were networks.
ALTER TABLE training.model_versions ADD COLUMN family text NOT NULL DEFAULT 'network'
    CHECK (family IN ('network', 'network-residual', 'gbm', 'ensemble'));
