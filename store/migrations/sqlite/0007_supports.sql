-- Who joined an appeal (我也遇到): one row per appeal and person, so that a
-- person counts once. voter names a logged-in account ("user:ID") or a
-- browser's long-lived random cookie, hashed ("browser:…").
CREATE TABLE supports (
	appeal_id INTEGER NOT NULL REFERENCES appeals (id),
	voter     TEXT    NOT NULL,
	at        INTEGER NOT NULL,
	PRIMARY KEY (appeal_id, voter)
);
