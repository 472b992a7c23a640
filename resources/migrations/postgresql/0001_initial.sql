-- 0001 initial: agents and their desk keys (DESIGN.md §2, steps 1–2).

-- An agent or supervisor who signs in to the desktop app.
CREATE TABLE agents (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- never reused, audit records keep pointing right
    username      TEXT NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 1 AND 64),
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
    desk          TEXT NOT NULL,                     -- the desk an agent's orders belong to
    password_hash TEXT NOT NULL,                     -- PHC string of scrypt or Argon2id, never a password
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);

-- An Ed25519 public key a desk signs orders with; it signs nothing until a supervisor approves it.
CREATE TABLE desk_keys (
    key_id      TEXT PRIMARY KEY,                    -- the RFC 9421 keyid
    agent_id    BIGINT NOT NULL REFERENCES agents (id),
    algorithm   TEXT NOT NULL CHECK (algorithm IN ('ed25519')),
    public_key  BYTEA NOT NULL CHECK (octet_length(public_key) = 32),
    state       TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'revoked')),
    created_at  BIGINT NOT NULL,
    approved_at BIGINT,
    approved_by BIGINT REFERENCES agents (id),
    revoked_at  BIGINT,
    CHECK (state <> 'approved' OR (approved_at IS NOT NULL AND approved_by IS NOT NULL)),
    CHECK (state <> 'revoked' OR revoked_at IS NOT NULL)
);

CREATE INDEX desk_keys_by_agent ON desk_keys (agent_id, state);
