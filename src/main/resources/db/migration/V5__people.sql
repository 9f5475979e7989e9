-- People who sign in to the UI, their sessions, and who issued each API key.
-- Portable SQL: runs unchanged on H2 (2.x) and PostgreSQL (13+).

-- Passwords only as Argon2id hashes in PHC format ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
CREATE TABLE users (
    username            VARCHAR(64)  PRIMARY KEY,
    role                VARCHAR(16)  NOT NULL,      -- viewer, owner or admin
    disabled            BOOLEAN      NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    password_hash       VARCHAR(256) NOT NULL
);

-- Server-side sessions, shared by every node. The token lives only in the browser's cookie;
-- the store keeps its SHA-256 (id_hash), so a copy of this table signs nobody in.
CREATE TABLE sessions (
    id_hash             VARCHAR(64)  PRIMARY KEY,
    username            VARCHAR(64)  NOT NULL REFERENCES users (username),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at        TIMESTAMP WITH TIME ZONE NOT NULL,   -- idle expiry
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL    -- absolute expiry
);
CREATE INDEX sessions_by_user ON sessions (username);

-- The actor who issued a key (user:NAME or key:ID (LABEL)); null for the bootstrap key.
ALTER TABLE api_keys ADD COLUMN created_by VARCHAR(200);
