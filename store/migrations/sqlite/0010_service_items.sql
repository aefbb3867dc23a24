-- The service catalogue (办事指南). Departments and themes are the
-- catalogue's own names, not units: a catalogue may come from another
-- city. extra holds the source's unknown columns as a JSON object.
CREATE TABLE service_items (
	id             INTEGER PRIMARY KEY,
	name           TEXT    NOT NULL,
	code           TEXT    NOT NULL DEFAULT '',
	type           TEXT    NOT NULL DEFAULT '',
	department     TEXT    NOT NULL DEFAULT '',
	basis          TEXT    NOT NULL DEFAULT '',
	conditions     TEXT    NOT NULL DEFAULT '',
	materials      TEXT    NOT NULL DEFAULT '',
	process        TEXT    NOT NULL DEFAULT '',
	legal_limit    TEXT    NOT NULL DEFAULT '',
	promised_limit TEXT    NOT NULL DEFAULT '',
	fees           TEXT    NOT NULL DEFAULT '',
	place          TEXT    NOT NULL DEFAULT '',
	hours          TEXT    NOT NULL DEFAULT '',
	phone          TEXT    NOT NULL DEFAULT '',
	visits         INTEGER,
	link           TEXT    NOT NULL DEFAULT '',
	theme          TEXT    NOT NULL DEFAULT '',
	extra          TEXT    NOT NULL DEFAULT '{}',
	summary        TEXT    NOT NULL DEFAULT '',
	views          INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX service_items_code ON service_items (code) WHERE code <> '';
CREATE INDEX service_items_popular ON service_items (views DESC, id);
CREATE INDEX service_items_department ON service_items (department, views DESC, id);
CREATE INDEX service_items_theme ON service_items (theme, views DESC, id);

-- One row per item and life event (人生事件), so that browsing by a life
-- event and counting per life event are index scans.
CREATE TABLE service_item_life_events (
	item_id    INTEGER NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
	life_event TEXT    NOT NULL,
	PRIMARY KEY (life_event, item_id)
);
CREATE INDEX service_item_life_events_item ON service_item_life_events (item_id);

-- Policy documents (政策文件), as plain text.
CREATE TABLE policy_docs (
	id         INTEGER PRIMARY KEY,
	title      TEXT    NOT NULL,
	department TEXT    NOT NULL DEFAULT '',
	doc_no     TEXT    NOT NULL DEFAULT '',
	body       TEXT    NOT NULL,
	created_by INTEGER REFERENCES users (id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
