-- Slices (issue 22.8): results broken down by an attribute recorded on the unit's first exposure.
-- Portable SQL: runs unchanged on H2 (2.x) and PostgreSQL (13+).

-- The unit's slice values (JSON object dimension -> value), fixed by its first analysed exposure, so
-- that its later conversions move the rollups of its own slices. NULL: no slices.
ALTER TABLE experiment_units ADD COLUMN slice_values VARCHAR(4000);

-- Per-slice rollups, kept like daily_exposures/daily_metrics (one row set per node, summed by the
-- reader) but without the day: the results by slice need the totals only. The values per dimension
-- are bounded (events.SliceCap: 50 and '(other)'), so an experiment has at most
-- dimensions x 52 x treatments x metrics x nodes metric rows.
CREATE TABLE slice_exposures (
    experiment_key  VARCHAR(64)  NOT NULL,
    dimension       VARCHAR(64)  NOT NULL,
    slice_value     VARCHAR(256) NOT NULL,
    treatment       VARCHAR(32)  NOT NULL,
    node            INT          NOT NULL,
    units           BIGINT       NOT NULL,
    PRIMARY KEY (experiment_key, dimension, slice_value, treatment, node)
);

CREATE TABLE slice_metrics (
    experiment_key     VARCHAR(64)  NOT NULL,
    dimension          VARCHAR(64)  NOT NULL,
    slice_value        VARCHAR(256) NOT NULL,
    treatment          VARCHAR(32)  NOT NULL,
    metric             VARCHAR(64)  NOT NULL,
    node               INT          NOT NULL,
    converted          BIGINT       NOT NULL,
    value_sum          DOUBLE PRECISION NOT NULL,
    value_sum_squares  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (experiment_key, dimension, slice_value, treatment, metric, node)
);
