-- Interleaving (issue 24): which recommender contributed each item of a team-draft list, and the credit a
-- unit's interactions gave each side. Portable SQL: runs unchanged on H2 (2.x) and PostgreSQL (13+).

-- One row per shown item of an interleaved list. The exposure id derives from the request id, so a retried
-- request (same list, same id) adds nothing.
CREATE TABLE interleaved_shows (
    experiment_key  VARCHAR(64)  NOT NULL,
    exposure_id     VARCHAR(256) NOT NULL,
    item_id         VARCHAR(256) NOT NULL,
    unit_id         VARCHAR(256) NOT NULL,
    position        INT          NOT NULL,
    side            CHAR(1)      NOT NULL,
    shown_at        TIMESTAMP    NOT NULL,
    PRIMARY KEY (experiment_key, exposure_id, item_id),
    CONSTRAINT interleaved_side CHECK (side IN ('A', 'B'))
);
-- Attribution looks up the latest show of an item to a unit.
CREATE INDEX interleaved_shows_unit ON interleaved_shows (experiment_key, unit_id, item_id, shown_at);

-- A unit's credit: each distinct shown item it took once, to the side of the latest show of that item
-- within the primary metric's window before the interaction (the key makes a retry harmless).
CREATE TABLE interleaving_credits (
    experiment_key  VARCHAR(64)  NOT NULL,
    unit_id         VARCHAR(256) NOT NULL,
    item_id         VARCHAR(256) NOT NULL,
    side            CHAR(1)      NOT NULL,
    occurred_at     TIMESTAMP    NOT NULL,
    PRIMARY KEY (experiment_key, unit_id, item_id),
    CONSTRAINT interleaving_credit_side CHECK (side IN ('A', 'B'))
);
