-- Routing models: each training run stores one model per kind (category,
-- unit) with the figures measured on held-out appeals. One per kind is
-- active; older ones keep their row (history, rollback) and the newest few
-- keep their bytes too.
CREATE TABLE routing_models (
	id          INTEGER PRIMARY KEY,
	kind        TEXT    NOT NULL,
	version     TEXT    NOT NULL,
	examples    INTEGER NOT NULL DEFAULT 0,
	corrections INTEGER NOT NULL DEFAULT 0,
	macro_f1    REAL    NOT NULL DEFAULT 0,
	accuracy    REAL    NOT NULL DEFAULT 0,
	threshold   REAL    NOT NULL DEFAULT 1,
	coverage    REAL    NOT NULL DEFAULT 0,
	precision   REAL    NOT NULL DEFAULT 0,
	size        INTEGER NOT NULL DEFAULT 0,
	trained_at  INTEGER NOT NULL,
	active      BOOLEAN NOT NULL DEFAULT FALSE,
	data        BLOB
);
CREATE INDEX routing_models_kind ON routing_models (kind, id);
CREATE UNIQUE INDEX routing_models_active ON routing_models (kind) WHERE active;

-- A person routed an appeal otherwise than the model would have: these
-- appeals count double when the next model is trained. Labels are the
-- model's (a first-level category ID or a unit ID, as text).
CREATE TABLE routing_corrections (
	id            INTEGER PRIMARY KEY,
	appeal_id     INTEGER NOT NULL REFERENCES appeals (id),
	kind          TEXT    NOT NULL,
	predicted     TEXT    NOT NULL DEFAULT '',
	chosen        TEXT    NOT NULL DEFAULT '',
	model_version TEXT    NOT NULL DEFAULT '',
	actor_id      INTEGER,
	at            INTEGER NOT NULL
);
-- A message delivered twice records its correction once.
CREATE UNIQUE INDEX routing_corrections_appeal ON routing_corrections (appeal_id, kind, chosen);
CREATE INDEX routing_corrections_at ON routing_corrections (at);
