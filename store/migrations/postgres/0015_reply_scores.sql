-- The quality of a unit's reply (package replies), scored when the reply
-- is given or, for older replies, when first looked at. replied_at is the
-- reply the scores belong to: a new reply (after 重办) is scored again.
-- reasons holds the cues found and the questions left open, as JSON.
CREATE TABLE reply_scores (
	appeal_id      BIGINT           NOT NULL PRIMARY KEY REFERENCES appeals (id),
	replied_at     BIGINT           NOT NULL,
	timeliness     DOUBLE PRECISION NOT NULL,
	relevance      DOUBLE PRECISION NOT NULL,
	completeness   DOUBLE PRECISION NOT NULL,
	explainability DOUBLE PRECISION NOT NULL,
	overall        DOUBLE PRECISION NOT NULL,
	reasons        TEXT             NOT NULL,
	scored_at      BIGINT           NOT NULL
);
CREATE INDEX reply_scores_replied ON reply_scores (replied_at);
