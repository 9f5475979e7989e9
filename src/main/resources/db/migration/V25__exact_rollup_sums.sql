-- Issue 22.4: the sums of per-unit values and of their squares become exact decimals. In DOUBLE
-- PRECISION a mean metric with mean >> sd lost its variance: at values 1e7 + N(0, 1) the square
-- 1e14 keeps ~0.01 per unit of a variance of ~1 (1.3% off over 4,000 units; 0.04% at 1e6). The
-- writers (events.Rollup.Delta) square and add each value exactly to 24 decimal places, and the
-- database adds exactly; 36 integer digits hold 1e9 units of values up to 1e13 squared.
-- SET DATA TYPE is the same statement on H2 and PostgreSQL; existing values convert as stored.
ALTER TABLE daily_metrics ALTER COLUMN value_sum SET DATA TYPE NUMERIC(60, 24);
ALTER TABLE daily_metrics ALTER COLUMN value_sum_squares SET DATA TYPE NUMERIC(60, 24);
ALTER TABLE slice_metrics ALTER COLUMN value_sum SET DATA TYPE NUMERIC(60, 24);
ALTER TABLE slice_metrics ALTER COLUMN value_sum_squares SET DATA TYPE NUMERIC(60, 24);
