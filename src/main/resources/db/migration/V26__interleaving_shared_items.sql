-- Interleaving with "sharedItems": "neutral" (issue 24): an item both recommenders' lists held credits nobody.
-- Portable SQL: runs unchanged on H2 (2.x) and PostgreSQL (13+).

-- Whether the show's item was neutral when it was shown (both lists held it and the definition said neutral):
-- decided once, at the show, so an interaction credits what the unit was shown.
ALTER TABLE interleaved_shows ADD COLUMN neutral BOOLEAN DEFAULT FALSE NOT NULL;

-- A neutral item taken is recorded as taken ('N'), once per (unit, item) like a credit, and counts for no side.
ALTER TABLE interleaving_credits DROP CONSTRAINT interleaving_credit_side;
ALTER TABLE interleaving_credits ADD CONSTRAINT interleaving_credit_side CHECK (side IN ('A', 'B', 'N'));
