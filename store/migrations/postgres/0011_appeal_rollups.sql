-- Coarser copies of appeal_stats: the same counts per day and one or two
-- of its dimensions, kept by the store in the same transaction as
-- appeal_stats (addStats). A trend whose breakdown and filters all lie
-- among a table's columns reads it instead of appeal_stats: about 10 rows
-- a day instead of a few thousand (the dashboard, the trend pages).
CREATE TABLE appeal_stats_type (
	day  INTEGER NOT NULL,
	type TEXT    NOT NULL,
	n    BIGINT  NOT NULL,
	PRIMARY KEY (day, type)
);

CREATE TABLE appeal_stats_channel (
	day     INTEGER NOT NULL,
	channel TEXT    NOT NULL,
	n       BIGINT  NOT NULL,
	PRIMARY KEY (day, channel)
);

CREATE TABLE appeal_stats_district (
	day      INTEGER NOT NULL,
	district TEXT    NOT NULL,
	n        BIGINT  NOT NULL,
	PRIMARY KEY (day, district)
);

CREATE TABLE appeal_stats_category (
	day         INTEGER NOT NULL,
	category_id BIGINT  NOT NULL,
	n           BIGINT  NOT NULL,
	PRIMARY KEY (day, category_id)
);

CREATE TABLE appeal_stats_district_category (
	day         INTEGER NOT NULL,
	category_id BIGINT  NOT NULL,
	district    TEXT    NOT NULL,
	n           BIGINT  NOT NULL,
	PRIMARY KEY (day, category_id, district)
);

INSERT INTO appeal_stats_type (day, type, n)
SELECT day, type, SUM(n) FROM appeal_stats GROUP BY day, type;
INSERT INTO appeal_stats_channel (day, channel, n)
SELECT day, channel, SUM(n) FROM appeal_stats GROUP BY day, channel;
INSERT INTO appeal_stats_district (day, district, n)
SELECT day, district, SUM(n) FROM appeal_stats GROUP BY day, district;
INSERT INTO appeal_stats_category (day, category_id, n)
SELECT day, category_id, SUM(n) FROM appeal_stats GROUP BY day, category_id;
INSERT INTO appeal_stats_district_category (day, category_id, district, n)
SELECT day, category_id, district, SUM(n) FROM appeal_stats GROUP BY day, category_id, district;
