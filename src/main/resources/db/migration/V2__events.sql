-- Exposure and conversion logging (issue 3). Portable SQL: runs unchanged on H2 (2.x) and PostgreSQL (13+).

-- Raw events, kept for export. The client-chosen id is unique per experiment: a retried batch
-- finds its ids here and counts them as duplicates instead of writing them again.
CREATE TABLE events (
    experiment_key  VARCHAR(64)  NOT NULL,
    event_id        VARCHAR(128) NOT NULL,
    event_type      VARCHAR(16)  NOT NULL,      -- exposure | conversion
    unit_id         VARCHAR(256) NOT NULL,
    treatment       VARCHAR(32)  NOT NULL,      -- computed by the server from the assignment function
    in_experiment   BOOLEAN      NOT NULL,      -- false: outside exposurePercent or not running; not analysed
    metric          VARCHAR(64),                -- conversions only
    event_value     DOUBLE PRECISION NOT NULL,  -- conversions: the value (default 1); exposures: 1
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (experiment_key, event_id)
);
-- Conversions by unit, re-read when a unit's first exposure arrives late or moves earlier. A table
-- of conversions only, not an index on events: exposures, the bulk of the traffic, are never re-read.
CREATE TABLE unit_conversions (
    experiment_key  VARCHAR(64)  NOT NULL,
    unit_id         VARCHAR(256) NOT NULL,
    event_id        VARCHAR(128) NOT NULL,
    metric          VARCHAR(64)  NOT NULL,
    event_value     DOUBLE PRECISION NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (experiment_key, unit_id, event_id)
);

-- One row per analysed unit: its treatment and first exposure. A row with a NULL exposure marks
-- a unit whose conversions arrived before any exposure (they are folded in when it arrives).
CREATE TABLE experiment_units (
    experiment_key     VARCHAR(64)  NOT NULL,
    unit_id            VARCHAR(256) NOT NULL,
    treatment          VARCHAR(32),
    first_exposure_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (experiment_key, unit_id)
);

-- A unit's running value of one metric: the sum and number of its conversions counted in the window.
CREATE TABLE unit_metrics (
    experiment_key  VARCHAR(64)  NOT NULL,
    unit_id         VARCHAR(256) NOT NULL,
    metric          VARCHAR(64)  NOT NULL,
    unit_value      DOUBLE PRECISION NOT NULL,
    conversions     BIGINT       NOT NULL,
    PRIMARY KEY (experiment_key, unit_id, metric)
);

-- Rollups by the UTC day of the units' first exposure; the results page reads only these.
-- Units are kept apart from the metric sums, so that a metric added later still sees every unit.
CREATE TABLE daily_exposures (
    experiment_key  VARCHAR(64) NOT NULL,
    treatment       VARCHAR(32) NOT NULL,
    exposure_day    DATE        NOT NULL,
    units           BIGINT      NOT NULL,
    PRIMARY KEY (experiment_key, treatment, exposure_day)
);

-- Sufficient statistics of the per-unit values (CONTRACT section 6): converted = units with at least
-- one counted conversion; value_sum and value_sum_squares over the per-unit values (binomial: 0/1).
CREATE TABLE daily_metrics (
    experiment_key     VARCHAR(64) NOT NULL,
    treatment          VARCHAR(32) NOT NULL,
    metric             VARCHAR(64) NOT NULL,
    exposure_day       DATE        NOT NULL,
    converted          BIGINT      NOT NULL,
    value_sum          DOUBLE PRECISION NOT NULL,
    value_sum_squares  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (experiment_key, treatment, metric, exposure_day)
);
