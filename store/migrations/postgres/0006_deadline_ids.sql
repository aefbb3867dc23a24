-- PostgreSQL indexes do not carry the row id (SQLite's do, as the rowid), so
-- the deadline queues had to visit the table for every match just to learn
-- its id. With the id included they are answered from the index alone.
DROP INDEX appeals_due;
DROP INDEX appeals_unit_due;
CREATE INDEX appeals_due ON appeals (due_at, warn_at) INCLUDE (id) WHERE due_at IS NOT NULL;
CREATE INDEX appeals_unit_due ON appeals (unit_id, due_at, warn_at) INCLUDE (id) WHERE due_at IS NOT NULL;
