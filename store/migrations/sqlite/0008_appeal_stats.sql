-- Appeals received per day, first-level category, district, type and
-- channel: the rollup behind the trend charts (Trends), kept by the store
-- in the same transaction as every create, import and change of category,
-- so that a trend reads a few thousand rows instead of scanning appeals.
-- day counts the days since 1970-01-01 in China time (UTC+8, no daylight
-- saving; minyi.DefaultLocation), the day received_at (Unix ms) falls on.
-- category_id is the root of the appeal's category, 0 when it has none.
CREATE TABLE appeal_stats (
	day         INTEGER NOT NULL,
	category_id INTEGER NOT NULL,
	district    TEXT    NOT NULL,
	type        TEXT    NOT NULL,
	channel     TEXT    NOT NULL,
	n           INTEGER NOT NULL,
	PRIMARY KEY (day, category_id, district, type, channel)
) WITHOUT ROWID;

INSERT INTO appeal_stats (day, category_id, district, type, channel, n)
SELECT (a.received_at + 28800000) / 86400000, COALESCE(g.id, p.id, c.id, 0), a.district, a.type, a.channel, COUNT(*)
FROM appeals a
LEFT JOIN categories c ON c.id = a.category_id
LEFT JOIN categories p ON p.id = c.parent_id
LEFT JOIN categories g ON g.id = p.parent_id
GROUP BY 1, 2, 3, 4, 5;
