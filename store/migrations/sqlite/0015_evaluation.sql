-- The third-party evaluation (package evaluation): callback rounds, the
-- appeals each round sampled, the call-outs made and the callback records.
-- They are the evaluators' own findings, kept apart from the appeals and
-- the units' figures (kpi_*): nothing here is ever written onto an appeal.
-- design and strata are JSON; a published round keeps its report's
-- canonical JSON and SHA-256 and takes no more callbacks.
CREATE TABLE evaluation_rounds (
	id           INTEGER PRIMARY KEY,
	name         TEXT    NOT NULL,
	period       TEXT    NOT NULL,
	design       TEXT    NOT NULL,
	seed         TEXT    NOT NULL,
	population   INTEGER NOT NULL,
	strata       TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	created_by   TEXT    NOT NULL,
	published_at INTEGER,
	published_by TEXT    NOT NULL DEFAULT '',
	report_hash  TEXT    NOT NULL DEFAULT '',
	report_body  TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE evaluation_samples (
	round_id  INTEGER NOT NULL REFERENCES evaluation_rounds (id),
	appeal_id INTEGER NOT NULL,
	position  INTEGER NOT NULL,
	stratum   TEXT    NOT NULL,
	unit_id   INTEGER NOT NULL,
	PRIMARY KEY (round_id, appeal_id)
);

CREATE TABLE evaluation_calls (
	id           INTEGER PRIMARY KEY,
	round_id     INTEGER NOT NULL,
	appeal_id    INTEGER NOT NULL,
	masked_phone TEXT    NOT NULL,
	at           INTEGER NOT NULL,
	by_user      TEXT    NOT NULL
);
CREATE INDEX evaluation_calls_item ON evaluation_calls (round_id, appeal_id);

-- One record per sampled appeal; recording again replaces it until the
-- round is published.
CREATE TABLE evaluation_callbacks (
	id           INTEGER PRIMARY KEY,
	round_id     INTEGER NOT NULL,
	appeal_id    INTEGER NOT NULL,
	reached      INTEGER NOT NULL,
	attempts     INTEGER NOT NULL,
	solved       TEXT    NOT NULL DEFAULT '',
	satisfaction INTEGER NOT NULL DEFAULT 0,
	contacted    INTEGER,
	notes        TEXT    NOT NULL DEFAULT '',
	at           INTEGER NOT NULL,
	by_user      TEXT    NOT NULL,
	UNIQUE (round_id, appeal_id)
);
