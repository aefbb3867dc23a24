package http

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"minyi"
)

// The citizen side of a chat: its token in a cookie (pages, EventSource)
// or a header (API clients); the recent searches the search page keeps.
const (
	chatCookie     = "minyi_chat"
	chatHeader     = "X-Chat-Token"
	searchesCookie = "minyi_searches"
	// chatRefresh is how often a stream re-reads its state without a
	// signal: keep-alive for proxies, presence heartbeats, and events from
	// other instances.
	chatRefresh = 15 * time.Second
	// chatStartsPerHour bounds the chats one client address may open.
	chatStartsPerHour = 20
)

// chatView is a chat as its citizen sees it (GET /api/v1/chats/{token},
// the event stream's state and the page).
type chatView struct {
	*minyi.Chat
	Position int `json:"position"`
	Agents   int `json:"agents_on_duty"`
	// WaitSeconds is the estimate (EstimateWait); null with no agent on duty.
	WaitSeconds     *int                 `json:"wait_seconds"`
	HandlingSeconds int                  `json:"average_handling_seconds"`
	Messages        []*minyi.ChatMessage `json:"messages"`
}

// agentsOnDuty lists the agents on duty now.
func (s *Server) agentsOnDuty(ctx context.Context) ([]*minyi.Agent, error) {
	all, err := s.svc.Agents(ctx)
	if err != nil {
		return nil, err
	}
	var on []*minyi.Agent
	for _, a := range all {
		if a.OnDuty {
			on = append(on, a)
		}
	}
	return on, nil
}

// averageHandling is the mean handling time of the chats closed in the
// last week, or the default while there are too few of them. A week's
// average moves slowly: it is read again once a minute, not for each of
// the many streams that show it.
func (s *Server) averageHandling(ctx context.Context) (time.Duration, error) {
	s.handling.Lock()
	defer s.handling.Unlock()
	now := s.now()
	if !s.handling.at.IsZero() && now.Sub(s.handling.at) < time.Minute {
		return s.handling.value, nil
	}
	avg, n, err := s.svc.AverageHandling(ctx, now.Add(-minyi.HandlingWindow))
	if err != nil {
		return 0, err
	}
	if n < minyi.MinHandlingChats {
		avg = minyi.DefaultHandling
	}
	s.handling.at, s.handling.value = now, avg
	return avg, nil
}

// sweepChats closes the waiting chats their citizens left, at most every
// sweepEvery: it runs where the queue is read, so no job is needed.
func (s *Server) sweepChats(ctx context.Context) error {
	s.sweep.Lock()
	now := s.now()
	due := now.Sub(s.sweep.last) >= sweepEvery
	if due {
		s.sweep.last = now
	}
	s.sweep.Unlock()
	if !due {
		return nil
	}
	gone, err := s.svc.ExpireChats(ctx, now.Add(-minyi.AbandonAfter))
	for _, c := range gone {
		s.changed(c)
	}
	return err
}

const sweepEvery = 10 * time.Second

// viewChat builds the citizen's view with the messages after afterID.
func (s *Server) viewChat(ctx context.Context, c *minyi.Chat, afterID int64) (*chatView, error) {
	v := &chatView{Chat: c, Messages: []*minyi.ChatMessage{}}
	if err := s.sweepChats(ctx); err != nil {
		return nil, err
	}
	var err error
	if v.Position, err = s.svc.QueuePosition(ctx, c); err != nil {
		return nil, err
	}
	on, err := s.agentsOnDuty(ctx)
	if err != nil {
		return nil, err
	}
	v.Agents = len(on)
	handling, err := s.averageHandling(ctx)
	if err != nil {
		return nil, err
	}
	v.HandlingSeconds = int(handling / time.Second)
	if wait, ok := minyi.EstimateWait(v.Position, v.Agents, handling); ok {
		sec := int(wait / time.Second)
		v.WaitSeconds = &sec
	}
	msgs, err := s.svc.ChatMessages(ctx, c.ID, afterID)
	if err != nil {
		return nil, err
	}
	if msgs != nil {
		v.Messages = msgs
	}
	return v, nil
}

var errNoChat = minyi.Errorf(minyi.ENOTFOUND, "会话不存在或已过期", "no such chat, or it has expired")

// citizenChat returns the chat of a token when the request holds it: the
// chat cookie or header carries the same token, or the logged-in citizen
// started it. Anyone else gets the same ENOTFOUND as for no chat at all.
func (s *Server) citizenChat(r *http.Request, token string) (*minyi.Chat, error) {
	c, err := s.svc.FindChat(r.Context(), token)
	if minyi.ErrorCode(err) == minyi.ENOTFOUND {
		return nil, errNoChat
	} else if err != nil {
		return nil, err
	}
	held := r.Header.Get(chatHeader)
	if ck, err := r.Cookie(chatCookie); err == nil && held == "" {
		held = ck.Value
	}
	owner := subtle.ConstantTimeCompare([]byte(held), []byte(c.Token)) == 1
	if u := userFrom(r); u != nil && u.Role == minyi.RoleCitizen && c.CitizenID == u.ID {
		owner = true
	}
	if !owner {
		return nil, errNoChat
	}
	// Every request of the citizen's shows they are still there.
	if c.Open() {
		if err := s.svc.SeeChat(r.Context(), c.ID); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// startChat queues a chat for the visitor and hands them its token in a
// cookie.
func (s *Server) startChat(w http.ResponseWriter, r *http.Request, queries []string, item string) (*minyi.Chat, error) {
	if !s.chatLimits.attempt("chat:"+clientHost(r), s.now()) {
		return nil, minyi.Errorf(minyi.ETOOMANY, "发起人工咨询过于频繁，请稍后再试", "too many chats started; try again later")
	}
	c := &minyi.Chat{Queries: queries, SourceItem: strings.TrimSpace(item)}
	if u := userFrom(r); u != nil && u.Role == minyi.RoleCitizen {
		c.CitizenID = u.ID
	}
	if err := s.svc.StartChat(r.Context(), c); err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{Name: chatCookie, Value: c.Token, Path: "/", MaxAge: 24 * 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	s.events.publish(topicQueue, topicConsole)
	return c, nil
}

// recentSearches reads the searches the search page remembered.
func recentSearches(r *http.Request) []string {
	c, err := r.Cookie(searchesCookie)
	if err != nil {
		return nil
	}
	v, err := url.ParseQuery(c.Value)
	if err != nil {
		return nil
	}
	return v["q"]
}

// rememberSearch keeps the visitor's last searches in a cookie, so that a
// hand-off to an agent tells what they looked for. The cookie stays well
// under browsers' 4 KB limit.
func rememberSearch(w http.ResponseWriter, r *http.Request, q string, secure bool) {
	qs := minyi.CleanQueries(append(recentSearches(r), q))
	v := url.Values{"q": qs}
	for len(v.Encode()) > 1500 && len(v["q"]) > 1 {
		v["q"] = v["q"][1:]
	}
	http.SetCookie(w, &http.Cookie{Name: searchesCookie, Value: v.Encode(), Path: "/", MaxAge: 24 * 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secure})
}

// say adds a message to a chat and signals both sides.
func (s *Server) say(ctx context.Context, m *minyi.ChatMessage) error {
	if err := s.svc.AddChatMessage(ctx, m); err != nil {
		return err
	}
	s.events.publish(topicChat(m.ChatID), topicConsole)
	return nil
}

// changed signals a change of a chat's state, which moves the queue.
func (s *Server) changed(c *minyi.Chat) {
	s.events.publish(topicChat(c.ID), topicQueue, topicConsole)
}

// leaveInput is the short form that turns a waiting chat into an appeal
// (留言): the same fields and rules as /submit, the conversation as content.
type leaveInput struct {
	Type         string `json:"type"`
	Title        string `json:"title"`
	Note         string `json:"note"`
	District     string `json:"district"`
	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone"`
}

// leaveMessage files the chat as an appeal of the web channel through the
// appeal service and marks the chat converted. Invalid input changes
// nothing.
func (s *Server) leaveMessage(r *http.Request, c *minyi.Chat, in leaveInput) (*minyi.Appeal, error) {
	ctx := r.Context()
	if c.Status != minyi.ChatWaiting {
		return nil, minyi.Errorf(minyi.ECONFLICT, "只有排队中的会话可以转为留言", "only a waiting chat can become an appeal")
	}
	msgs, err := s.svc.ChatMessages(ctx, c.ID, 0)
	if err != nil {
		return nil, err
	}
	typ := minyi.AppealType(in.Type)
	if t, ok := minyi.ParseAppealType(in.Type); ok {
		typ = t
	}
	a := &minyi.Appeal{
		Type: typ, Channel: minyi.ChannelWeb, Title: in.Title,
		Content:  minyi.ChatTranscript(c, msgs, in.Note, minyi.DefaultLocation),
		District: in.District, ContactName: in.ContactName, ContactPhone: in.ContactPhone,
	}
	districts, err := s.districts(ctx)
	if err != nil {
		return nil, err
	}
	if fields := webAppealErrors(a, districts); len(fields) > 0 {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: "留言的内容有误，请按提示修改", MessageEN: "invalid input, see the fields", Fields: fields}
	}
	u := userFrom(r)
	if u != nil && u.Role == minyi.RoleCitizen {
		a.CitizenID = u.ID
	}
	if err := s.svc.CreateAppeal(ctx, a, minyi.ActorFor(u)); err != nil {
		return nil, err
	}
	if _, err := s.svc.ConvertChat(ctx, c.ID, a.TrackingNo); err != nil {
		// An agent accepted the chat while the appeal was being filed: the
		// appeal stands, and the chat goes on with the agent.
		s.log.Warn("chat converted while accepted", "chat", c.ID, "tracking_no", a.TrackingNo, "err", err)
	}
	s.changed(c)
	return a, nil
}

// districts are the units of kind district, the only valid districts of
// an appeal filed on the site.
func (s *Server) districts(ctx context.Context) ([]*minyi.Unit, error) {
	units, err := s.svc.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	var out []*minyi.Unit
	for _, u := range units {
		if u.Kind == minyi.UnitDistrict {
			out = append(out, u)
		}
	}
	return out, nil
}

// requireAgent admits the hotline's agents (dispatchers) and admins.
func requireAgent(r *http.Request) (*minyi.User, error) {
	return requireRole(r, minyi.RoleDispatcher, minyi.RoleAdmin)
}

// agentChat finds a chat by id for an agent.
func (s *Server) agentChat(r *http.Request, idText string) (*minyi.User, *minyi.Chat, error) {
	u, err := requireAgent(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, minyi.Errorf(minyi.ENOTFOUND, "会话不存在", "chat not found")
	}
	c, err := s.svc.FindChatByID(r.Context(), id)
	return u, c, err
}

// serving refuses an agent who does not serve an active chat; an admin
// may step into any active chat.
func serving(u *minyi.User, c *minyi.Chat) error {
	if c.Status != minyi.ChatActive {
		return &minyi.Error{Code: minyi.ECONFLICT, Message: "会话" + minyi.ChatStatusLabels[c.Status] + "，不在对话中",
			MessageEN: "the chat is " + string(c.Status) + ", not active"}
	}
	if c.AgentID != u.ID && u.Role != minyi.RoleAdmin {
		return minyi.Errorf(minyi.EFORBIDDEN, "该会话由其他坐席接待", "another agent serves this chat")
	}
	return nil
}

// agentReply sends a typed text or, with cannedID, a canned answer.
func (s *Server) agentReply(ctx context.Context, u *minyi.User, c *minyi.Chat, text, cannedID string) error {
	if err := serving(u, c); err != nil {
		return err
	}
	m := &minyi.ChatMessage{ChatID: c.ID, Sender: minyi.SenderAgent, SenderName: agentDisplay(u), Kind: minyi.KindText, Text: text}
	if cannedID != "" {
		answers, err := s.cannedFor(ctx, c)
		if err != nil {
			return err
		}
		m.Text = ""
		for _, a := range answers {
			if a.ID == cannedID {
				m.Text, m.Kind = a.Text, minyi.KindCanned
			}
		}
		if m.Text == "" {
			return minyi.FieldError("canned_id", "没有这条快捷回复", "no such canned answer")
		}
	}
	return s.say(ctx, m)
}

// agentTransfer hands a chat to another agent on duty.
func (s *Server) agentTransfer(ctx context.Context, u *minyi.User, c *minyi.Chat, toID int64) (*minyi.Chat, error) {
	if err := serving(u, c); err != nil {
		return nil, err
	}
	on, err := s.agentsOnDuty(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range on {
		if a.UserID == toID && toID != c.AgentID {
			to, err := s.svc.FindUser(ctx, toID)
			if err != nil {
				return nil, err
			}
			from := u
			if c.AgentID != u.ID {
				// An admin moves another agent's chat.
				if from, err = s.svc.FindUser(ctx, c.AgentID); err != nil {
					return nil, err
				}
			}
			c, err = s.svc.TransferChat(ctx, c.ID, from, to)
			if err == nil {
				s.changed(c)
			}
			return c, err
		}
	}
	return nil, minyi.FieldError("agent_id", "请选择另一位在线坐席", "choose another agent on duty")
}

// agentClose ends a chat: an active one by its agent (or an admin), a
// waiting one by any agent (an empty or abusive request).
func (s *Server) agentClose(ctx context.Context, u *minyi.User, c *minyi.Chat) (*minyi.Chat, error) {
	if c.Status != minyi.ChatWaiting {
		if err := serving(u, c); err != nil {
			return nil, err
		}
	}
	c, err := s.svc.CloseChat(ctx, c.ID, "坐席")
	if err == nil {
		s.changed(c)
	}
	return c, err
}

func agentDisplay(u *minyi.User) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// cannedFor gathers the ready answers for a chat from every source: the
// store's own texts and quotes from the guide the chat is about
// (chat_guides.go).
func (s *Server) cannedFor(ctx context.Context, c *minyi.Chat) ([]minyi.CannedAnswer, error) {
	var out []minyi.CannedAnswer
	sources := []minyi.CannedAnswers{guideQuotes{s}}
	if own, ok := s.svc.(minyi.CannedAnswers); ok {
		sources = append([]minyi.CannedAnswers{own}, sources...)
	}
	for _, src := range sources {
		answers, err := src.CannedAnswers(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, answers...)
	}
	return out, nil
}
