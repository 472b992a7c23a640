-- 0004 orders: payer accounts, order templates, orders with their event log, signature nonces,
-- idempotency records, contact messages and the audit trail (issue 3 §1–§6).

-- The second account of the order flow: the person who pays. The registered real-name identity
-- is what the server compares requests against; the document number is never stored in clear:
-- document_digest is an HMAC-SHA256 (server identity key) of the normalised number, and
-- document_masked is what views show.
CREATE TABLE payer_accounts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id       TEXT NOT NULL UNIQUE,          -- Payer::isValidAccountId, compared exactly
    real_name        TEXT NOT NULL,                 -- RealNameId::normaliseName of the registered name
    document_type    TEXT NOT NULL,                 -- DocumentType wire name
    document_digest  BLOB NOT NULL CHECK (length(document_digest) = 32),
    document_masked  TEXT NOT NULL,
    contact_kind     TEXT NOT NULL CHECK (contact_kind IN ('sms', 'email')),
    contact_address  TEXT NOT NULL,
    password_hash    TEXT NOT NULL,                 -- PHC string; the payer pages log in with it
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    first_failure_at INTEGER,
    locked_until     INTEGER,
    created_at       INTEGER NOT NULL,
    disabled_at      INTEGER
) STRICT;

CREATE TABLE payer_sessions (
    token_hash   TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    payer_id     INTEGER NOT NULL REFERENCES payer_accounts (id),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
) STRICT;

CREATE INDEX payer_sessions_by_payer ON payer_sessions (payer_id);

-- Versioned presets the payment order is built from, one line of versions per product type.
-- A version is never changed once written; "set" adds the next version.
CREATE TABLE order_templates (
    product_type TEXT NOT NULL CHECK (product_type IN ('DATE_CHANGE', 'UPGRADE', 'DATE_CHANGE_UPGRADE')),
    version      INTEGER NOT NULL CHECK (version >= 1),
    definition   TEXT NOT NULL,                     -- canonical JSON (server/OrderTemplate)
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,                     -- agent user name, or "admin"/"migration"
    PRIMARY KEY (product_type, version)
) STRICT;

-- One order. `view` is the canonical order view JSON (payer masked); the columns beside it are
-- what lists filter and sort on. Evidence: the signed request as received (request_body is
-- AES-256-GCM encrypted with the server's evidence key because it holds the document number),
-- the RFC 9421 signature base and signature, and the key id.
CREATE TABLE orders (
    id                TEXT PRIMARY KEY,
    seq               INTEGER NOT NULL UNIQUE,      -- creation order, for cursor paging (MAX+1 under the write lock)
    state             TEXT NOT NULL,
    desk              TEXT NOT NULL,
    agent_id          INTEGER NOT NULL REFERENCES agents (id),
    payer_id          INTEGER REFERENCES payer_accounts (id),
    product_type      TEXT NOT NULL,
    ticket_number     TEXT NOT NULL,
    pnr               TEXT NOT NULL,
    passenger_name    TEXT NOT NULL,
    search_text       TEXT NOT NULL,                -- lower-case ticket, PNR, passenger, payer account, id
    total_minor       INTEGER NOT NULL,
    currency          TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    confirm_by        INTEGER,                      -- while AWAITING_PAYER_CONFIRMATION
    reject_code       TEXT,
    view              TEXT NOT NULL,
    key_id            TEXT NOT NULL,
    signature_input   TEXT NOT NULL,                -- the Signature-Input field as received
    signature_base    BLOB NOT NULL,                -- the exact bytes that were verified
    signature         BLOB NOT NULL,
    request_body      BLOB NOT NULL,                -- encrypted (see above)
    template_version  INTEGER,
    payment           TEXT,                         -- the payment order built from the template (JSON)
    payment_deadline  INTEGER                       -- while PAYMENT_PENDING
) STRICT;

CREATE INDEX orders_by_state_deadline ON orders (state, confirm_by);
CREATE INDEX orders_by_desk ON orders (desk, seq);
CREATE INDEX orders_by_agent ON orders (agent_id, seq);
CREATE INDEX orders_by_payer ON orders (payer_id, state);
CREATE INDEX orders_by_created ON orders (created_at);

-- The append-only event log: every transition of every order, with a global sequence number
-- clients resume from. It is also each order's transition history.
CREATE TABLE order_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id    TEXT NOT NULL REFERENCES orders (id),
    desk        TEXT NOT NULL,                      -- for role scoping without a join
    agent_id    INTEGER NOT NULL,
    kind        TEXT NOT NULL,                      -- "order.state_changed", …
    from_state  TEXT,                               -- NULL for the creation event
    to_state    TEXT NOT NULL,
    actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('agent', 'payer', 'system', 'provider')),
    actor       TEXT NOT NULL,                      -- user name, payer account, "deadline", …
    reason      TEXT,                               -- a stable code (REAL_NAME_MISMATCH, …)
    at          INTEGER NOT NULL,
    data        TEXT NOT NULL                       -- canonical JSON, never identity numbers
) STRICT;

CREATE INDEX order_events_by_order ON order_events (order_id, seq);
CREATE INDEX order_events_by_desk ON order_events (desk, seq);

-- Signature nonces seen within their validity window (replays are refused).
CREATE TABLE signature_nonces (
    key_id     TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (key_id, nonce)
) STRICT;

CREATE INDEX signature_nonces_by_expiry ON signature_nonces (expires_at);

-- Idempotency-Key records: the first answer to a key, kept at least 24 h.
CREATE TABLE idempotency_keys (
    agent_id       INTEGER NOT NULL REFERENCES agents (id),
    idem_key       TEXT NOT NULL,
    request_hash   BLOB NOT NULL CHECK (length(request_hash) = 32), -- SHA-256 of method, target and body
    status         INTEGER NOT NULL,
    response_body  BLOB NOT NULL,
    order_id       TEXT,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (agent_id, idem_key)
) STRICT;

CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);

-- Messages to payers' registered contacts (confirmation requests), written in the same
-- transaction as the order and delivered by the contact channel afterwards.
CREATE TABLE contact_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    payer_id        INTEGER NOT NULL REFERENCES payer_accounts (id),
    channel         TEXT NOT NULL CHECK (channel IN ('sandbox', 'webhook')),
    contact_kind    TEXT NOT NULL,
    contact_address TEXT NOT NULL,
    purpose         TEXT NOT NULL,                  -- "confirmation_request"
    body            TEXT NOT NULL,                  -- canonical JSON: order id, summary, confirmBy, link
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
) STRICT;

CREATE INDEX contact_messages_due ON contact_messages (state, next_attempt_at);
CREATE INDEX contact_messages_by_payer ON contact_messages (payer_id, id);

-- Security-relevant outcomes: refused signatures, replays, role refusals, approvals.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor_kind TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,                       -- "order.create", …
    outcome    TEXT NOT NULL,                       -- "ok" or an error code
    subject    TEXT,                                -- order id, key id, …
    remote     TEXT,                                -- client address
    detail     TEXT NOT NULL DEFAULT ''             -- never identity numbers or secrets
) STRICT;

CREATE INDEX audit_log_by_time ON audit_log (at);

-- Version 1 of each template. Placeholders in subject and description: {ticketNumber}, {pnr},
-- {passengerName}, {origin}, {destination}, {newDeparture}. Amount lines name the pricing
-- fields they take their amount from.
INSERT INTO order_templates (product_type, version, definition, created_at, created_by) VALUES
('DATE_CHANGE', 1, '{"amountLines":[{"label":"Fare difference","source":"fareDifference"},{"label":"Tax difference","source":"taxDifference"},{"label":"Change fee","source":"changeFee"}],"description":"Date change for {passengerName}, ticket {ticketNumber} (PNR {pnr}): {origin}-{destination} departing {newDeparture}","payTypes":["ALIPAY","WECHAT_PAY"],"paymentTimeoutMinutes":30,"subject":"Flight date change {ticketNumber}"}', 0, 'migration'),
('UPGRADE', 1, '{"amountLines":[{"label":"Fare difference","source":"fareDifference"},{"label":"Tax difference","source":"taxDifference"},{"label":"Upgrade fee","source":"changeFee"}],"description":"Cabin upgrade for {passengerName}, ticket {ticketNumber} (PNR {pnr}): {origin}-{destination} departing {newDeparture}","payTypes":["ALIPAY","WECHAT_PAY"],"paymentTimeoutMinutes":30,"subject":"Cabin upgrade {ticketNumber}"}', 0, 'migration'),
('DATE_CHANGE_UPGRADE', 1, '{"amountLines":[{"label":"Fare difference","source":"fareDifference"},{"label":"Tax difference","source":"taxDifference"},{"label":"Change and upgrade fee","source":"changeFee"}],"description":"Date change and cabin upgrade for {passengerName}, ticket {ticketNumber} (PNR {pnr}): {origin}-{destination} departing {newDeparture}","payTypes":["ALIPAY","WECHAT_PAY"],"paymentTimeoutMinutes":30,"subject":"Date change and upgrade {ticketNumber}"}', 0, 'migration');
