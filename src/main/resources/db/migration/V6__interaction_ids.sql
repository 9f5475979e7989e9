-- An optional client-chosen id per reported interaction (issue 8): a retried POST /api/v1/interactions
-- carrying the same ids stores nothing twice. Unique where given; several NULLs (interactions sent
-- without an id, stored as before) are allowed by both H2 and PostgreSQL.
ALTER TABLE interactions ADD COLUMN client_id VARCHAR(128);
CREATE UNIQUE INDEX interactions_by_client_id ON interactions (client_id);
