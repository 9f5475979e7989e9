-- CUPED's pre-period cross-products as the Spark results job (spark/, io.recolab.spark.ResultsJob)
-- computes them from the raw events, per experiment, treatment, metric (CUPED on the metric's own
-- conversions) and first-exposure day: the units and the metric's sums the job counted (so the server
-- can tell whether they still equal its rollups), and the covariate X's sums with sum(X*Y). While they
-- equal the rollups, a CUPED metric's results read these rows (analysis.JobPrePeriodReader) instead of
-- every unit of experiment_units and its conversions: O(treatments x days) rows, not O(units + events).
-- The job replaces an experiment's rows in the transaction that replaces its rollups.
CREATE TABLE job_pre_period (
    experiment_key     VARCHAR(64) NOT NULL,
    treatment          VARCHAR(32) NOT NULL,
    metric             VARCHAR(64) NOT NULL,
    exposure_day       DATE        NOT NULL,
    units              BIGINT      NOT NULL,
    converted          BIGINT      NOT NULL,
    value_sum          DOUBLE PRECISION NOT NULL,
    value_sum_squares  DOUBLE PRECISION NOT NULL,
    nonzero_units      BIGINT      NOT NULL,  -- units whose value is not 0 (the unit path's "converted")
    pre_units          BIGINT      NOT NULL,  -- units whose covariate is not 0
    pre_sum            DOUBLE PRECISION NOT NULL,
    pre_sum_squares    DOUBLE PRECISION NOT NULL,
    sum_products       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (experiment_key, treatment, metric, exposure_day)
);
