-- Content editors keep the canned answers: who changed one last, and when.
ALTER TABLE chat_canned ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_canned ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
