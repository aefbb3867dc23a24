-- The assessment's figures (package kpi). kpi_facts holds, for each
-- appeal a unit is accountable for, the unit, the month it was received
-- (YYYYMM, China time) and the sets it falls into (flags, kpi.Bit), so a
-- figure's appeals can be listed. kpi_counters sums the facts per unit
-- and month; the store keeps both in the transaction of every change and
-- looks again at a fact when its earliest running deadline (recheck_at,
-- Unix ms) passes. kpi_state row 1 with rebuilt = 0 asks the store to
-- compute the facts of appeals that existed before these tables.
CREATE TABLE kpi_facts (
	appeal_id  INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL,
	month      INTEGER NOT NULL,
	flags      INTEGER NOT NULL,
	rating     INTEGER NOT NULL DEFAULT 0,
	recheck_at INTEGER
);
CREATE INDEX kpi_facts_unit_month ON kpi_facts (unit_id, month, appeal_id, flags, rating);
CREATE INDEX kpi_facts_recheck ON kpi_facts (recheck_at) WHERE recheck_at IS NOT NULL;

CREATE TABLE kpi_counters (
	month     INTEGER NOT NULL,
	unit_id   INTEGER NOT NULL,
	total     INTEGER NOT NULL DEFAULT 0,
	sign_d    INTEGER NOT NULL DEFAULT 0,
	sign_n    INTEGER NOT NULL DEFAULT 0,
	contact_d INTEGER NOT NULL DEFAULT 0,
	contact_n INTEGER NOT NULL DEFAULT 0,
	ontime_d  INTEGER NOT NULL DEFAULT 0,
	ontime_n  INTEGER NOT NULL DEFAULT 0,
	solved_d  INTEGER NOT NULL DEFAULT 0,
	solved_n  INTEGER NOT NULL DEFAULT 0,
	rated     INTEGER NOT NULL DEFAULT 0,
	repeats   INTEGER NOT NULL DEFAULT 0,
	reply_d   INTEGER NOT NULL DEFAULT 0,
	reopened  INTEGER NOT NULL DEFAULT 0,
	rect_d    INTEGER NOT NULL DEFAULT 0,
	rect_n    INTEGER NOT NULL DEFAULT 0,
	r1        INTEGER NOT NULL DEFAULT 0,
	r2        INTEGER NOT NULL DEFAULT 0,
	r3        INTEGER NOT NULL DEFAULT 0,
	r4        INTEGER NOT NULL DEFAULT 0,
	r5        INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (month, unit_id)
) WITHOUT ROWID;

CREATE TABLE kpi_state (
	id      INTEGER PRIMARY KEY,
	rebuilt INTEGER NOT NULL
);
INSERT INTO kpi_state (id, rebuilt) SELECT 1, 0 WHERE EXISTS (SELECT 1 FROM appeals);

-- Published periods (绩效考核公布): each version's canonical body and its
-- SHA-256. Versions are only ever added.
CREATE TABLE kpi_snapshots (
	id           INTEGER PRIMARY KEY,
	period       TEXT    NOT NULL,
	version      INTEGER NOT NULL,
	hash         TEXT    NOT NULL,
	body         TEXT    NOT NULL,
	note         TEXT    NOT NULL DEFAULT '',
	published_at INTEGER NOT NULL,
	published_by TEXT    NOT NULL,
	UNIQUE (period, version)
);

-- The data-security figures count audit rows of one action in a period.
CREATE INDEX audit_log_action_at ON audit_log (action, at);
