-- Each raw event says why it is out of the analysis (events.Exclusion's wire name; null when it may
-- count) and, for an exposure of a definition with slices, the slice values it carried (a JSON object,
-- keys sorted). The exports carry both, so an analyst can recount the results' excluded totals by
-- reason and its slices from the exports alone. Events stored before this version have neither.
ALTER TABLE events ADD COLUMN exclusion VARCHAR(32);
ALTER TABLE events ADD COLUMN slice_values VARCHAR(4000);
