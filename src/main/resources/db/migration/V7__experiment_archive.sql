-- Archive (issue 17): a stopped or draft experiment can be archived: kept in the store, its events,
-- results, exports and audit trail untouched, only hidden from the default list and read-only.
-- archived_at is NULL while the experiment is not archived.
ALTER TABLE experiments ADD COLUMN archived_at TIMESTAMP WITH TIME ZONE;

-- When the run ended. Until now the UI took updated_at of a stopped experiment as its end, which
-- an archive (a later change) would move; the end of the run is now a fact of its own.
ALTER TABLE experiments ADD COLUMN stopped_at TIMESTAMP WITH TIME ZONE;
UPDATE experiments SET stopped_at = (
    SELECT MAX(c.changed_at) FROM experiment_changes c
    WHERE c.experiment_key = experiments.experiment_key AND c.action = 'stop')
WHERE status = 'stopped';
UPDATE experiments SET stopped_at = updated_at WHERE status = 'stopped' AND stopped_at IS NULL;
