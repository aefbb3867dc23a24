-- Queue indexes. A unit's appeals newest first, with status in the index so
-- that a queue (unit + statuses) filters without reading rows; and appeals
-- with a running deadline newest first, for the city-wide 即将超时 / 已超时
-- queues.
DROP INDEX appeals_unit;
CREATE INDEX appeals_unit ON appeals (unit_id, id, status);
CREATE INDEX appeals_open ON appeals (id, due_at, warn_at) WHERE due_at IS NOT NULL;
