-- Minyi schema for SQLite. Times are Unix milliseconds (INTEGER) so that
-- range queries compare numbers on both engines; booleans are 0/1.

CREATE TABLE units (
	id        INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES units (id),
	code      TEXT    NOT NULL UNIQUE,
	name      TEXT    NOT NULL,
	kind      TEXT    NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_name ON units (name);

CREATE TABLE categories (
	id        INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES categories (id),
	level     INTEGER NOT NULL,
	name      TEXT    NOT NULL,
	path      TEXT    NOT NULL UNIQUE
);
CREATE UNIQUE INDEX categories_parent_name ON categories (COALESCE(parent_id, 0), name);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT    NOT NULL UNIQUE,
	display_name  TEXT    NOT NULL DEFAULT '',
	role          TEXT    NOT NULL,
	unit_id       INTEGER REFERENCES units (id),
	phone         TEXT    NOT NULL DEFAULT '',
	password_hash TEXT    NOT NULL DEFAULT '',
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	created_at    INTEGER NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
	id_hash    TEXT    PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT    NOT NULL,
	expires_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT    NOT NULL,
	token_hash TEXT    NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE appeals (
	id               INTEGER PRIMARY KEY,
	tracking_no      TEXT    NOT NULL,
	type             TEXT    NOT NULL,
	channel          TEXT    NOT NULL,
	title            TEXT    NOT NULL,
	content          TEXT    NOT NULL,
	category_id      INTEGER REFERENCES categories (id),
	urgent           BOOLEAN NOT NULL DEFAULT FALSE,
	district         TEXT    NOT NULL DEFAULT '',
	street           TEXT    NOT NULL DEFAULT '',
	address          TEXT    NOT NULL DEFAULT '',
	lat              REAL,
	lng              REAL,
	contact_name     TEXT    NOT NULL DEFAULT '',
	contact_phone    TEXT    NOT NULL DEFAULT '',
	anonymous        BOOLEAN NOT NULL DEFAULT FALSE,
	citizen_id       INTEGER REFERENCES users (id),
	external_id      TEXT,
	status           TEXT    NOT NULL,
	unit_id          INTEGER REFERENCES units (id),
	parent_id        INTEGER REFERENCES appeals (id),
	supporters       INTEGER NOT NULL DEFAULT 0,
	opposers         INTEGER NOT NULL DEFAULT 0,
	supervised       BOOLEAN NOT NULL DEFAULT FALSE,
	reopens          INTEGER NOT NULL DEFAULT 0,
	bad_ratings      INTEGER NOT NULL DEFAULT 0,
	received_at      INTEGER NOT NULL,
	dispatched_at    INTEGER,
	sign_due         INTEGER,
	signed_at        INTEGER,
	contact_due      INTEGER,
	contacted_at     INTEGER,
	complete_due     INTEGER,
	replied_at       INTEGER,
	closed_at        INTEGER,
	updated_at       INTEGER NOT NULL,
	extension_days   INTEGER NOT NULL DEFAULT 0,
	extension_reason TEXT    NOT NULL DEFAULT '',
	reply            TEXT    NOT NULL DEFAULT '',
	rating           INTEGER NOT NULL DEFAULT 0,
	rating_comment   TEXT    NOT NULL DEFAULT '',
	solved           BOOLEAN,
	due_at           INTEGER,
	warn_at          INTEGER
);
CREATE UNIQUE INDEX appeals_tracking_no ON appeals (tracking_no);
CREATE INDEX appeals_unit_status ON appeals (unit_id, status, id);
CREATE INDEX appeals_unit ON appeals (unit_id, id);
CREATE INDEX appeals_status ON appeals (status, id);
-- Only appeals with a running deadline have due_at: partial indexes.
CREATE INDEX appeals_due ON appeals (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX appeals_unit_due ON appeals (unit_id, due_at) WHERE due_at IS NOT NULL;
CREATE INDEX appeals_citizen ON appeals (citizen_id, id);
CREATE INDEX appeals_external ON appeals (channel, external_id);
CREATE INDEX appeals_received ON appeals (received_at);
CREATE INDEX appeals_category ON appeals (category_id, id);
CREATE INDEX appeals_parent ON appeals (parent_id);

CREATE TABLE appeal_events (
	id          INTEGER PRIMARY KEY,
	appeal_id   INTEGER NOT NULL REFERENCES appeals (id),
	action      TEXT    NOT NULL,
	actor_id    INTEGER,
	actor_name  TEXT    NOT NULL DEFAULT '',
	actor_role  TEXT    NOT NULL DEFAULT '',
	from_status TEXT    NOT NULL DEFAULT '',
	to_status   TEXT    NOT NULL,
	unit_id     INTEGER,
	unit_name   TEXT    NOT NULL DEFAULT '',
	note        TEXT    NOT NULL DEFAULT '',
	at          INTEGER NOT NULL
);
CREATE INDEX appeal_events_appeal ON appeal_events (appeal_id, at, id);

-- One row per day (YYYYMMDD, China time): the last sequence number used.
CREATE TABLE tracking_counters (
	day TEXT    PRIMARY KEY,
	seq INTEGER NOT NULL
);

CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	topic        TEXT    NOT NULL,
	payload      TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	delivered_at INTEGER
);
CREATE INDEX outbox_pending ON outbox (id) WHERE delivered_at IS NULL;

CREATE TABLE audit_log (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL DEFAULT 0,
	username  TEXT    NOT NULL DEFAULT '',
	action    TEXT    NOT NULL,
	target    TEXT    NOT NULL DEFAULT '',
	detail    TEXT    NOT NULL DEFAULT '',
	at        INTEGER NOT NULL,
	prev_hash TEXT    NOT NULL,
	hash      TEXT    NOT NULL
);

CREATE TABLE settings (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	value      TEXT    NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE attachments (
	id           INTEGER PRIMARY KEY,
	appeal_id    INTEGER NOT NULL REFERENCES appeals (id),
	name         TEXT    NOT NULL,
	content_type TEXT    NOT NULL,
	size         INTEGER NOT NULL,
	path         TEXT    NOT NULL,
	created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_appeal ON attachments (appeal_id, id);
