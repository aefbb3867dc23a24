-- Satisfaction surveys (满意度调查). questions is the questionnaire as JSON
-- (minyi.Question): it is read and written whole, and answers refer to its
-- question and option ids. builtin names a questionnaire the platform
-- keeps (好差评), so that it is created once.
CREATE TABLE surveys (
	id           INTEGER PRIMARY KEY,
	code         TEXT    NOT NULL UNIQUE,
	title        TEXT    NOT NULL,
	description  TEXT    NOT NULL DEFAULT '',
	status       TEXT    NOT NULL,
	open         INTEGER NOT NULL DEFAULT 1,
	questions    TEXT    NOT NULL,
	builtin      TEXT    UNIQUE,
	created_by   TEXT    NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	published_at INTEGER,
	closed_at    INTEGER
);
-- Invitations: one respondent each, with their attributes for cross-tabs.
CREATE TABLE survey_tokens (
	token       TEXT    NOT NULL PRIMARY KEY,
	survey_id   INTEGER NOT NULL REFERENCES surveys (id),
	district    TEXT    NOT NULL DEFAULT '',
	grp         TEXT    NOT NULL DEFAULT '',
	tracking_no TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	used_at     INTEGER
);
CREATE INDEX survey_tokens_survey ON survey_tokens (survey_id);
-- One response per token (an invitation, or an open link's cookie).
CREATE TABLE survey_responses (
	id           INTEGER PRIMARY KEY,
	survey_id    INTEGER NOT NULL REFERENCES surveys (id),
	token        TEXT    NOT NULL,
	invited      INTEGER NOT NULL,
	district     TEXT    NOT NULL DEFAULT '',
	grp          TEXT    NOT NULL DEFAULT '',
	answers      TEXT    NOT NULL,
	submitted_at INTEGER NOT NULL,
	UNIQUE (survey_id, token)
);
