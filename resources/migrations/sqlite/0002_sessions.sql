-- 0002 sessions: login lock-out state on agents, and agent sessions (issue 3 §2).

-- Failed logins count within a window starting at the first failure; reaching the limit sets
-- locked_until and starts the count afresh.
ALTER TABLE agents ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN first_failure_at INTEGER;
ALTER TABLE agents ADD COLUMN locked_until INTEGER;
ALTER TABLE agents ADD COLUMN last_login_at INTEGER;

-- A session token is given to the client once; only its SHA-256 is kept here.
CREATE TABLE agent_sessions (
    token_hash  TEXT PRIMARY KEY CHECK (length(token_hash) = 64), -- SHA-256 of the token, hex
    agent_id    INTEGER NOT NULL REFERENCES agents (id),
    created_at  INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,                  -- idle expiry counts from here
    expires_at  INTEGER NOT NULL,                   -- absolute expiry, whatever the use
    revoked_at  INTEGER
) STRICT;

CREATE INDEX agent_sessions_by_agent ON agent_sessions (agent_id);
CREATE INDEX agent_sessions_by_expiry ON agent_sessions (expires_at);
