-- Holdouts (issue 23.3): a share of units kept out of every experiment in a scope (one layer's
-- experiments, or all of them) for the holdout's lifetime, to measure what the experiments did
-- together. share_buckets: the held-out share in 1/10,000ths (percent x 100); layer_name NULL means
-- every experiment. metrics: JSON array like a definition's metrics (binomial or mean).
CREATE TABLE holdouts (
    holdout_key    VARCHAR(64)    NOT NULL PRIMARY KEY,
    description    VARCHAR(1000)  NOT NULL,
    share_buckets  INT            NOT NULL,
    layer_name     VARCHAR(64),
    metrics        VARCHAR(10000) NOT NULL,
    status         VARCHAR(16)    NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at       TIMESTAMP WITH TIME ZONE,
    created_by     VARCHAR(256)
);

-- The units a holdout compares: each unit's first assignment call to an experiment in the holdout's
-- scope while both ran, held out or not. Its interactions from then on (customer id = unit id)
-- are its metric values; a unit never assigned is in neither group.
CREATE TABLE holdout_units (
    holdout_key  VARCHAR(64)  NOT NULL,
    unit         VARCHAR(256) NOT NULL,
    held_out     BOOLEAN      NOT NULL,
    first_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (holdout_key, unit)
);
CREATE INDEX interactions_by_customer ON interactions (customer_id, occurred_at);
