-- Content editors keep the canned answers: who changed one last, and when,
-- and new answers numbered by a sequence (the table began with fixed ids).
ALTER TABLE chat_canned ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE chat_canned ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
CREATE SEQUENCE chat_canned_id_seq OWNED BY chat_canned.id;
SELECT setval('chat_canned_id_seq', (SELECT COALESCE(MAX(id), 0) + 1 FROM chat_canned), false);
ALTER TABLE chat_canned ALTER COLUMN id SET DEFAULT nextval('chat_canned_id_seq');
