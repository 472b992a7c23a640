-- 0006 payments (issue 4): one row per pay attempt at a provider, and every provider
-- notification accepted (its id makes notifications idempotent).

-- A pay attempt. id is the provider's out_trade_no. At most one attempt per order is open at a
-- time; a new pay call closes the open one at the provider first. next_query_at drives the
-- active query of payments whose notification does not come; expires_at is the order's payment
-- deadline (the template's payment timeout), after which the payment is closed.
CREATE TABLE payments (
    id             TEXT PRIMARY KEY,
    order_id       TEXT NOT NULL REFERENCES orders (id),
    payer_id       INTEGER NOT NULL REFERENCES payer_accounts (id),
    pay_type       TEXT NOT NULL CHECK (pay_type IN ('ALIPAY', 'WECHAT_PAY')),
    provider       TEXT NOT NULL CHECK (provider IN ('alipay', 'wechat')),
    partner_id     TEXT NOT NULL,                  -- app_id / mchid the payment was made with
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    currency       TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('open', 'paid', 'failed', 'closed')),
    provider_ref   TEXT,                           -- prepay_id, then trade_no / transaction_id
    provider_state TEXT,                           -- the provider's last word (TRADE_SUCCESS, …)
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    next_query_at  INTEGER,                           -- while open
    query_attempts INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT
) STRICT;

CREATE UNIQUE INDEX payments_one_open_per_order ON payments (order_id) WHERE state = 'open';
CREATE INDEX payments_due ON payments (state, next_query_at);
CREATE INDEX payments_by_order ON payments (order_id, created_at);
CREATE INDEX orders_by_state_payment_deadline ON orders (state, payment_deadline);

-- Notifications the server acted on or deliberately ignored (duplicate ids are acknowledged
-- and not applied again). Refused ones (bad signature, business mismatch) are not kept here;
-- they are in the audit log.
CREATE TABLE provider_notifications (
    provider    TEXT NOT NULL,
    notify_id   TEXT NOT NULL,
    payment_id  TEXT NOT NULL,
    outcome     TEXT NOT NULL,                     -- applied | ignored_final | ignored_pending
    provider_state TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (provider, notify_id)
) STRICT;
