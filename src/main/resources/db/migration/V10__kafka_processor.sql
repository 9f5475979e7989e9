-- The event stream's processor (issue 20, io.recolab.kafka). Portable SQL: H2 2.x and PostgreSQL 13+.

-- How far each partition of the topic is written to this store, updated in the same transaction
-- as the rows its records made: after a crash or a rebalance the owner resumes exactly there.
CREATE TABLE kafka_offsets (
    group_id      VARCHAR(255) NOT NULL,
    topic         VARCHAR(255) NOT NULL,
    partition_id  INTEGER      NOT NULL,
    next_offset   BIGINT       NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, topic, partition_id)
);

-- Recommendation shows by unit, which decide whether an interaction becomes a conversion. The
-- unit's partition writes them and reads them, so any serving node may receive either. Rows older
-- than the longest metric window are pruned by the processor.
CREATE TABLE kafka_shows (
    experiment_key  VARCHAR(64)    NOT NULL,
    unit_id         VARCHAR(256)   NOT NULL,
    event_id        VARCHAR(128)   NOT NULL,
    shown_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    items           VARCHAR(30000) NOT NULL,
    PRIMARY KEY (experiment_key, unit_id, event_id)
);
CREATE INDEX kafka_shows_at ON kafka_shows (shown_at);
