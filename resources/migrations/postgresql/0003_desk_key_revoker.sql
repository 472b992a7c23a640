-- 0003 desk key revoker: who revoked a desk key, for the audit trail (issue 3 §2).
ALTER TABLE desk_keys ADD COLUMN revoked_by BIGINT REFERENCES agents (id);
