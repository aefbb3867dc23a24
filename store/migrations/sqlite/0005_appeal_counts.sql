-- Appeals per unit and status, kept by triggers in the same transaction as
-- every insert, move and status change, so that queue badges are sums over a
-- few rows instead of counts over a unit's whole history. unit_id 0 stands
-- for "no unit" (待分拨). Each (unit, status) is split over 16 shards (by
-- appeal id) so that concurrent writers on PostgreSQL do not queue on one row.
CREATE TABLE appeal_counts (
	unit_id INTEGER NOT NULL,
	status  TEXT    NOT NULL,
	shard   INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (unit_id, status, shard)
);

INSERT INTO appeal_counts (unit_id, status, shard, n)
SELECT COALESCE(unit_id, 0), status, id % 16, COUNT(*) FROM appeals GROUP BY 1, 2, 3;

CREATE TRIGGER appeal_counts_insert AFTER INSERT ON appeals
BEGIN
	INSERT INTO appeal_counts (unit_id, status, shard, n)
	VALUES (COALESCE(NEW.unit_id, 0), NEW.status, NEW.id % 16, 1)
	ON CONFLICT (unit_id, status, shard) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER appeal_counts_update AFTER UPDATE OF unit_id, status ON appeals
WHEN COALESCE(OLD.unit_id, 0) <> COALESCE(NEW.unit_id, 0) OR OLD.status <> NEW.status
BEGIN
	UPDATE appeal_counts SET n = n - 1
	WHERE unit_id = COALESCE(OLD.unit_id, 0) AND status = OLD.status AND shard = OLD.id % 16;
	INSERT INTO appeal_counts (unit_id, status, shard, n)
	VALUES (COALESCE(NEW.unit_id, 0), NEW.status, NEW.id % 16, 1)
	ON CONFLICT (unit_id, status, shard) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER appeal_counts_delete AFTER DELETE ON appeals
BEGIN
	UPDATE appeal_counts SET n = n - 1
	WHERE unit_id = COALESCE(OLD.unit_id, 0) AND status = OLD.status AND shard = OLD.id % 16;
END;
