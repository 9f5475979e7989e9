-- Who stopped a holdout (the audit had its creator only); NULL for holdouts stopped before this column.
ALTER TABLE holdouts ADD COLUMN ended_by VARCHAR(256);
