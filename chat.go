package minyi

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ChatStatus is where a live chat (转人工) stands.
type ChatStatus string

const (
	ChatWaiting   ChatStatus = "waiting"   // 排队中
	ChatActive    ChatStatus = "active"    // 对话中
	ChatClosed    ChatStatus = "closed"    // 已结束
	ChatConverted ChatStatus = "converted" // 已转为留言（诉求）
)

// ChatStatusLabels gives the Chinese name of each chat status.
var ChatStatusLabels = map[ChatStatus]string{
	ChatWaiting: "排队中", ChatActive: "对话中", ChatClosed: "已结束", ChatConverted: "已转留言",
}

// ChatSender says who wrote a chat message.
type ChatSender string

const (
	SenderCitizen ChatSender = "citizen"
	SenderAgent   ChatSender = "agent"
	SenderSystem  ChatSender = "system"
)

// ChatKind is how a message came about.
type ChatKind string

const (
	KindText   ChatKind = "text"   // typed
	KindCanned ChatKind = "canned" // a canned answer chosen by the agent
	KindSystem ChatKind = "system" // accepted, transferred, closed…
)

// Limits of the chat's free text.
const (
	MaxChatMessageLen = 1000 // runes per message
	MaxChatQueries    = 5    // recent searches carried with a hand-off
	MaxChatQueryLen   = 100  // runes per search
)

// Chat is one conversation between a citizen and the hotline's agents.
// The citizen holds it by Token (a random capability kept in a cookie) or
// by their account (CitizenID).
type Chat struct {
	ID         int64      `json:"id"`
	Token      string     `json:"-"`
	CitizenID  int64      `json:"-"`
	Status     ChatStatus `json:"status"`
	AgentID    int64      `json:"agent_id,omitempty"`
	AgentName  string     `json:"agent_name,omitempty"`
	Queries    []string   `json:"queries"`               // the citizen's recent searches, oldest first
	SourceItem string     `json:"source_item,omitempty"` // the service guide the citizen came from
	TrackingNo string     `json:"tracking_no,omitempty"` // the appeal it became
	CreatedAt  time.Time  `json:"created_at"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
}

// Open reports whether the chat still takes messages.
func (c *Chat) Open() bool { return c.Status == ChatWaiting || c.Status == ChatActive }

// ChatMessage is one line of a chat.
type ChatMessage struct {
	ID         int64      `json:"id"`
	ChatID     int64      `json:"-"`
	Sender     ChatSender `json:"sender"`
	SenderName string     `json:"sender_name,omitempty"` // the agent's display name
	Kind       ChatKind   `json:"kind"`
	Text       string     `json:"text"`
	At         time.Time  `json:"at"`
}

// CleanChatText trims a message and checks its length.
func CleanChatText(s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case s == "":
		return "", FieldError("text", "请输入消息内容", "the message is empty")
	case utf8.RuneCountInString(s) > MaxChatMessageLen:
		return "", FieldError("text", "一条消息不能超过 1000 个字", "a message may not exceed 1000 characters")
	}
	return s, nil
}

// FieldError is EINVALID for one field, its message also the error's.
func FieldError(field, zh, en string) error {
	return &Error{Code: EINVALID, Message: zh, MessageEN: en, Fields: map[string]string{field: zh}}
}

// CleanQueries keeps the last MaxChatQueries distinct non-empty searches,
// each cut to MaxChatQueryLen runes, oldest first.
func CleanQueries(qs []string) []string {
	var out []string
	seen := map[string]bool{}
	for i := len(qs) - 1; i >= 0 && len(out) < MaxChatQueries; i-- {
		q := strings.Join(strings.Fields(qs[i]), " ")
		if r := []rune(q); len(r) > MaxChatQueryLen {
			q = string(r[:MaxChatQueryLen])
		}
		if q == "" || seen[q] {
			continue
		}
		seen[q] = true
		out = append(out, q)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// ChatFilter selects chats for the agent console.
type ChatFilter struct {
	Statuses []ChatStatus
	AgentID  int64 // only this agent's chats
	Limit    int
}

// Agent is an agent's presence: on duty while their console is connected
// or after they switched 在线, until they switch 离线.
type Agent struct {
	UserID int64     `json:"user_id"`
	Name   string    `json:"name"`
	Mode   string    `json:"mode"` // auto, online or offline
	SeenAt time.Time `json:"seen_at"`
	OnDuty bool      `json:"on_duty"`
}

// Presence modes an agent switches between.
const (
	PresenceAuto    = "auto"    // on duty while the console is connected
	PresenceOnline  = "online"  // 在线: on duty for a shift, console or not
	PresenceOffline = "offline" // 离线: never on duty
)

// How presence expires: a console's heartbeat counts for ConsoleGrace; an
// explicit 在线 for one Shift.
const (
	ConsoleGrace = 45 * time.Second
	Shift        = 12 * time.Hour
)

// OnDutyAt reports whether an agent with this mode, last heartbeat and
// mode change is on duty at now.
func OnDutyAt(mode string, seen, modeAt, now time.Time) bool {
	switch mode {
	case PresenceOffline:
		return false
	case PresenceOnline:
		if now.Sub(modeAt) < Shift {
			return true
		}
	}
	return now.Sub(seen) < ConsoleGrace
}

// ChatService stores chats, their messages and the agents' presence. State
// changes are conditional on the current status, so two agents accepting
// the same chat cannot both win.
type ChatService interface {
	StartChat(ctx context.Context, c *Chat) error
	FindChat(ctx context.Context, token string) (*Chat, error)
	FindChatByID(ctx context.Context, id int64) (*Chat, error)
	ListChats(ctx context.Context, f ChatFilter) ([]*Chat, error)
	// QueuePosition is 1 for the oldest waiting chat; 0 when not waiting.
	QueuePosition(ctx context.Context, c *Chat) (int, error)
	ChatMessages(ctx context.Context, chatID, afterID int64) ([]*ChatMessage, error)
	// AddChatMessage refuses a message to a chat that is no longer open.
	AddChatMessage(ctx context.Context, m *ChatMessage) error
	AcceptChat(ctx context.Context, id int64, agent *User) (*Chat, error)
	TransferChat(ctx context.Context, id int64, from, to *User) (*Chat, error)
	CloseChat(ctx context.Context, id int64, by string) (*Chat, error)
	// ConvertChat marks a waiting chat as turned into the appeal trackingNo.
	ConvertChat(ctx context.Context, id int64, trackingNo string) (*Chat, error)
	// SeeChat records that the citizen is still there.
	SeeChat(ctx context.Context, id int64) error
	// ExpireChats closes the waiting chats whose citizen was last seen
	// before a time and returns them.
	ExpireChats(ctx context.Context, before time.Time) ([]*Chat, error)
	// AverageHandling is the mean time from acceptance to close of the
	// chats closed since a time, and how many there were.
	AverageHandling(ctx context.Context, since time.Time) (time.Duration, int, error)
	SetPresence(ctx context.Context, agent *User, mode string) error
	// TouchPresence records a heartbeat of the agent's console (connected)
	// or that the agent's last console closed.
	TouchPresence(ctx context.Context, agent *User, connected bool) error
	Agents(ctx context.Context) ([]*Agent, error)
}

// CannedAnswer is a ready text an agent may send with one click.
type CannedAnswer struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	Source string `json:"source"` // "canned", or where a quote comes from (a guide)
}

// CannedAnswers gives the ready answers for a chat: the project's own
// texts, and quotes from the service guides the citizen searched for once
// the catalogue exists.
type CannedAnswers interface {
	CannedAnswers(ctx context.Context, c *Chat) ([]CannedAnswer, error)
}

// CannedText is one of the project's own canned answers as content editors
// keep it; the chat offers it as CannedAnswer "canned-<ID>". The answers
// are the same for every chat, in Position order.
type CannedText struct {
	ID        int64     `json:"id"`
	Position  int       `json:"position"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by,omitempty"` // username of the last editor
}

// Canned answer limits: the title is what the agent picks from a list, the
// text one chat message.
const (
	MaxCannedTitleLen = 30
	MaxCannedTextLen  = 1000
	MaxCannedAnswers  = 200
)

// Validate checks and tidies a canned answer before it is stored.
func (c *CannedText) Validate() error {
	fields := map[string]string{}
	c.Title = strings.Join(strings.Fields(c.Title), " ")
	c.Text = strings.TrimSpace(c.Text)
	switch n := utf8.RuneCountInString(c.Title); {
	case n == 0:
		fields["title"] = "请填写标题"
	case n > MaxCannedTitleLen:
		fields["title"] = fmt.Sprintf("标题不能超过 %d 字", MaxCannedTitleLen)
	}
	switch n := utf8.RuneCountInString(c.Text); {
	case n == 0:
		fields["text"] = "请填写答复内容"
	case n > MaxCannedTextLen:
		fields["text"] = fmt.Sprintf("答复内容不能超过 %d 字", MaxCannedTextLen)
	}
	if c.Position < 0 || c.Position > 10000 {
		fields["position"] = "顺序应为 0 到 10000 的整数（0 表示排在最后）"
	}
	return fieldErrors(fields)
}

// CannedTextService lets content editors keep the canned answers.
// CreateCannedText with Position 0 puts the answer last.
type CannedTextService interface {
	ListCannedTexts(ctx context.Context) ([]*CannedText, error)
	FindCannedText(ctx context.Context, id int64) (*CannedText, error)
	CreateCannedText(ctx context.Context, c *CannedText) error
	UpdateCannedText(ctx context.Context, c *CannedText) error
	DeleteCannedText(ctx context.Context, id int64) error
}

// AbandonAfter is how long a waiting chat stays in the queue after its
// citizen was last seen (their page's event stream beats every 15 s).
const AbandonAfter = 2 * time.Minute

// Defaults of the wait estimate when too few chats were closed lately.
const (
	DefaultHandling  = 5 * time.Minute
	HandlingWindow   = 7 * 24 * time.Hour
	MinHandlingChats = 3
)

// EstimateWait is the expected wait of the chat at a queue position with
// agents on duty, each taking one chat at a time of handling length on
// average: the position is served in round ceil(position / agents), so the
// wait is that many handling times. ok is false when no agent is on duty.
func EstimateWait(position, agents int, handling time.Duration) (wait time.Duration, ok bool) {
	if agents <= 0 {
		return 0, false
	}
	if position <= 0 {
		return 0, true
	}
	rounds := (position + agents - 1) / agents
	return time.Duration(rounds) * handling, true
}

// ChatTranscript is the text an appeal made from a chat carries: the
// searches, the guide, the conversation and the citizen's note, cut to the
// appeal's content limit by dropping the oldest messages first.
func ChatTranscript(c *Chat, msgs []*ChatMessage, note string, loc *time.Location) string {
	var head strings.Builder
	head.WriteString("【在线咨询转留言】\n")
	if len(c.Queries) > 0 {
		head.WriteString("搜索记录：" + strings.Join(c.Queries, "；") + "\n")
	}
	if c.SourceItem != "" {
		head.WriteString("来源办事指南：" + c.SourceItem + "\n")
	}
	if note = strings.TrimSpace(note); note != "" {
		head.WriteString("补充说明：" + note + "\n")
	}
	lines := make([]string, 0, len(msgs))
	for _, m := range msgs {
		who := "市民"
		switch m.Sender {
		case SenderAgent:
			who = "坐席" + m.SenderName
		case SenderSystem:
			who = "系统"
		}
		lines = append(lines, m.At.In(loc).Format("15:04")+" "+who+"："+m.Text)
	}
	// Keep the newest messages that fit: walk back from the last one.
	budget := MaxContentLen - utf8.RuneCountInString(head.String()) - 20
	cut := len(lines)
	for n := 0; cut > 0; cut-- {
		n += utf8.RuneCountInString(lines[cut-1]) + 1
		if n > budget {
			break
		}
	}
	body := head.String()
	if len(lines) > 0 {
		body += "对话记录：\n"
		if cut > 0 {
			body += "（前 " + strconv.Itoa(cut) + " 条消息从略）\n"
		}
		body += strings.Join(lines[cut:], "\n")
	}
	if r := []rune(body); len(r) > MaxContentLen {
		body = string(r[:MaxContentLen])
	}
	return body
}
