-- Appeals per unit and status, kept by triggers in the same transaction as
-- every insert, move and status change, so that queue badges are sums over a
-- few rows instead of counts over a unit's whole history. unit_id 0 stands
-- for "no unit" (待分拨). Each (unit, status) is split over 16 shards (by
-- appeal id) so that concurrent writers do not queue on one row's lock.
CREATE TABLE appeal_counts (
	unit_id BIGINT NOT NULL,
	status  TEXT   NOT NULL,
	shard   INTEGER NOT NULL,
	n       BIGINT NOT NULL,
	PRIMARY KEY (unit_id, status, shard)
);

INSERT INTO appeal_counts (unit_id, status, shard, n)
SELECT COALESCE(unit_id, 0), status, id % 16, COUNT(*) FROM appeals GROUP BY 1, 2, 3;

CREATE FUNCTION appeal_counts_apply() RETURNS trigger AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE appeal_counts SET n = n - 1
		WHERE unit_id = COALESCE(OLD.unit_id, 0) AND status = OLD.status AND shard = OLD.id % 16;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO appeal_counts (unit_id, status, shard, n)
		VALUES (COALESCE(NEW.unit_id, 0), NEW.status, NEW.id % 16, 1)
		ON CONFLICT (unit_id, status, shard) DO UPDATE SET n = appeal_counts.n + 1;
	END IF;
	RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER appeal_counts_insert_delete AFTER INSERT OR DELETE ON appeals
FOR EACH ROW EXECUTE FUNCTION appeal_counts_apply();

CREATE TRIGGER appeal_counts_update AFTER UPDATE OF unit_id, status ON appeals
FOR EACH ROW
WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION appeal_counts_apply();
