-- Forced treatments (issue 23.4): per experiment, units that QA sees in a chosen treatment whatever
-- the allocation says. Replaced whole by PUT /api/v1/experiments/{key}/overrides (audited in
-- experiment_changes); read into every node's catalog with the experiments.
CREATE TABLE experiment_overrides (
    experiment_key  VARCHAR(64)   NOT NULL,
    unit            VARCHAR(256)  NOT NULL,
    treatment       VARCHAR(64)   NOT NULL,
    PRIMARY KEY (experiment_key, unit)
);
