-- 0005 payer display name: the name as registered, for lists and the payer pages (real_name
-- keeps the normalised form the real-name check compares).
ALTER TABLE payer_accounts ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
UPDATE payer_accounts SET display_name = real_name;
