-- Conversions stored but kept out of the analysis, counted per experiment and reason next to the
-- exposures (events.Exclusion.ofConversion): forced (the unit was forced into its treatment by an
-- override) and stopped (the conversion occurred at or after the experiment's stop). Conversions
-- stored before this version were counted by the rules of their time and are not recounted.
ALTER TABLE excluded_exposures ADD COLUMN conversions BIGINT DEFAULT 0 NOT NULL;
