-- The quality of a unit's reply (package replies), scored when the reply
-- is given or, for older replies, when first looked at. replied_at is the
-- reply the scores belong to: a new reply (after 重办) is scored again.
-- reasons holds the cues found and the questions left open, as JSON.
CREATE TABLE reply_scores (
	appeal_id      INTEGER NOT NULL PRIMARY KEY REFERENCES appeals (id),
	replied_at     INTEGER NOT NULL,
	timeliness     REAL    NOT NULL,
	relevance      REAL    NOT NULL,
	completeness   REAL    NOT NULL,
	explainability REAL    NOT NULL,
	overall        REAL    NOT NULL,
	reasons        TEXT    NOT NULL,
	scored_at      INTEGER NOT NULL
);
CREATE INDEX reply_scores_replied ON reply_scores (replied_at);
