-- Exposures stored but kept out of the analysis (issue 17.5), counted per experiment and reason:
-- outsideExposure, draft, paused, stopped, beforeStart (the exposure is dated before the start).
-- The results (API and page) show these counts, so that nothing is left out silently.
CREATE TABLE excluded_exposures (
    experiment_key  VARCHAR(64)  NOT NULL,
    reason          VARCHAR(32)  NOT NULL,
    exposures       BIGINT       NOT NULL,
    PRIMARY KEY (experiment_key, reason)
);
-- Exposures stored before this version kept no reason; they are counted as 'unrecorded'.
INSERT INTO excluded_exposures (experiment_key, reason, exposures)
SELECT experiment_key, 'unrecorded', COUNT(*) FROM events
WHERE event_type = 'exposure' AND in_experiment = FALSE
GROUP BY experiment_key;
