-- The search box's full-text index of the service catalogue. Each column
-- holds words cut by package search (segmented Chinese, separated by
-- spaces), so FTS5's unicode61 tokeniser reads them back word for word;
-- grams holds the character bigrams of the name, the fallback for typos.
-- The rowid is the item's id.
CREATE VIRTUAL TABLE service_search USING fts5 (name, theme, dept, body, grams, tokenize = 'unicode61 remove_diacritics 0');

-- Items whose index entry is stale. Triggers mark every change of what is
-- indexed, whoever makes it; the store re-cuts the marked items (in Go,
-- as SQL cannot segment Chinese) before it searches.
CREATE TABLE service_search_pending (item_id INTEGER PRIMARY KEY);
INSERT INTO service_search_pending (item_id) SELECT id FROM service_items;
CREATE TRIGGER service_search_insert AFTER INSERT ON service_items
BEGIN INSERT OR IGNORE INTO service_search_pending (item_id) VALUES (NEW.id); END;
CREATE TRIGGER service_search_update AFTER UPDATE OF name, department, theme, summary, conditions, materials, process, type ON service_items
BEGIN INSERT OR IGNORE INTO service_search_pending (item_id) VALUES (NEW.id); END;
CREATE TRIGGER service_search_delete AFTER DELETE ON service_items
BEGIN INSERT OR IGNORE INTO service_search_pending (item_id) VALUES (OLD.id); END;
CREATE TRIGGER service_search_event_insert AFTER INSERT ON service_item_life_events
BEGIN INSERT OR IGNORE INTO service_search_pending (item_id) VALUES (NEW.item_id); END;
CREATE TRIGGER service_search_event_delete AFTER DELETE ON service_item_life_events
BEGIN INSERT OR IGNORE INTO service_search_pending (item_id) VALUES (OLD.item_id); END;

-- What searchers did with the results: clicks and 有帮助吗 answers, the
-- popularity prior of the ranking.
CREATE TABLE service_search_stats (
	item_id   INTEGER PRIMARY KEY REFERENCES service_items (id) ON DELETE CASCADE,
	clicks    INTEGER NOT NULL DEFAULT 0,
	helpful   INTEGER NOT NULL DEFAULT 0,
	unhelpful INTEGER NOT NULL DEFAULT 0
);

-- Every 有帮助吗 answer, for the editors.
CREATE TABLE search_feedback (
	id         INTEGER PRIMARY KEY,
	query      TEXT    NOT NULL,
	item_id    INTEGER REFERENCES service_items (id) ON DELETE SET NULL,
	field      TEXT    NOT NULL DEFAULT '',
	helpful    INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX search_feedback_created ON search_feedback (created_at);

-- Questions the search box had no good answer for: latent needs.
CREATE TABLE search_misses (
	id         INTEGER PRIMARY KEY,
	query      TEXT    NOT NULL,
	norm       TEXT    NOT NULL,
	results    INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX search_misses_created ON search_misses (created_at);

-- How many items hold each word, read to leave the commonest words of a
-- question out of the match when rarer ones say what is asked.
CREATE VIRTUAL TABLE service_search_vocab USING fts5vocab (service_search, 'row');
