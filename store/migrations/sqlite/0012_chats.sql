-- Live chat with the hotline's agents (转人工). A chat is held by the
-- citizen's random token (kept in a cookie) or their account; queries are
-- the citizen's recent searches, one a line, carried with the hand-off.
CREATE TABLE chats (
	id          INTEGER PRIMARY KEY,
	token       TEXT    NOT NULL UNIQUE,
	citizen_id  INTEGER REFERENCES users (id),
	status      TEXT    NOT NULL,
	agent_id    INTEGER REFERENCES users (id),
	queries     TEXT    NOT NULL DEFAULT '',
	source_item TEXT    NOT NULL DEFAULT '',
	tracking_no TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	accepted_at INTEGER,
	closed_at   INTEGER,
	-- The citizen's page or stream was last there: a waiting chat left
	-- for minutes is closed, so that it holds nobody up in the queue.
	seen_at     INTEGER NOT NULL
);
-- The queue (waiting, oldest first; and by last sight for the sweep of
-- abandoned ones), an agent's chats, and the closed chats of the last days
-- behind the wait estimate.
CREATE INDEX chats_status ON chats (status, created_at);
CREATE INDEX chats_seen ON chats (status, seen_at);
CREATE INDEX chats_agent ON chats (agent_id, status);
CREATE INDEX chats_closed ON chats (status, closed_at, accepted_at);

CREATE TABLE chat_messages (
	id          INTEGER PRIMARY KEY,
	chat_id     INTEGER NOT NULL REFERENCES chats (id),
	sender      TEXT    NOT NULL,
	sender_name TEXT    NOT NULL DEFAULT '',
	kind        TEXT    NOT NULL,
	text        TEXT    NOT NULL,
	at          INTEGER NOT NULL
);
CREATE INDEX chat_messages_chat ON chat_messages (chat_id, id);

-- An agent's presence: mode is auto (on duty while the console is
-- connected, seen_at being its last heartbeat), online or offline, the
-- last two switched by hand at mode_at.
CREATE TABLE agent_presence (
	user_id INTEGER PRIMARY KEY REFERENCES users (id),
	mode    TEXT    NOT NULL,
	seen_at INTEGER NOT NULL,
	mode_at INTEGER NOT NULL
);

-- The project's canned answers; quotes from service guides are added by
-- the catalogue when it exists.
CREATE TABLE chat_canned (
	id       INTEGER PRIMARY KEY,
	position INTEGER NOT NULL,
	title    TEXT    NOT NULL,
	body     TEXT    NOT NULL
);
INSERT INTO chat_canned (id, position, title, body) VALUES
	(1, 1, '问候', '您好，我是民意速办在线坐席，很高兴为您服务。请问有什么可以帮您？'),
	(2, 2, '请稍候', '好的，正在为您查询相关政策和办理要求，请稍候。'),
	(3, 3, '建议留言', '您反映的问题需要相关单位核实办理，建议您提交诉求（留言），我们会在规定时限内派单并答复您，提交后可凭受理编号查询进度。'),
	(4, 4, '热线', '如需电话咨询，可拨打 12345 政务服务便民热线，7×24 小时有人接听。'),
	(5, 5, '结束语', '感谢您的咨询，如还有其他问题，欢迎随时联系我们。祝您生活愉快！');
