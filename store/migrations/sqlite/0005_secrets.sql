-- Keys shared by every instance on this database, e.g. the key that signs a
-- citizen's proof of owning an appeal, so that the proof survives restarts
-- and holds on any instance behind a load balancer.
CREATE TABLE secrets (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
