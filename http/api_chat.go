package http

import (
	"net/http"
	"net/url"

	"minyi"
)

// registerChatAPI registers the live chat (转人工): the citizen's side by
// token, the agents' side by chat id.
func (s *Server) registerChatAPI() {
	m := s.mux
	m.HandleFunc("POST /api/v1/chats", s.apiStartChat)
	m.HandleFunc("GET /api/v1/chats/{token}", s.apiGetChat)
	m.HandleFunc("POST /api/v1/chats/{token}/messages", s.apiChatMessage)
	m.HandleFunc("POST /api/v1/chats/{token}/close", s.apiChatClose)
	m.HandleFunc("POST /api/v1/chats/{token}/appeal", s.apiChatAppeal)
	m.HandleFunc("GET /api/v1/chats/{token}/events", s.apiChatEvents)

	m.HandleFunc("GET /api/v1/agent/chats", s.apiAgentChats)
	m.HandleFunc("GET /api/v1/agent/chats/{id}", s.apiAgentChat)
	m.HandleFunc("POST /api/v1/agent/chats/{id}/{action}", s.apiAgentAct)
	m.HandleFunc("PUT /api/v1/agent/presence", s.apiAgentPresence)
	m.HandleFunc("GET /api/v1/agent/events", s.apiAgentEvents)
}

type startChatRequest struct {
	Queries []string `json:"queries"`
	Item    string   `json:"item"`
}

// startedChat is the answer to POST /api/v1/chats: the only time the
// token is shown.
type startedChat struct {
	Token string `json:"token"`
	*chatView
}

func (s *Server) apiStartChat(w http.ResponseWriter, r *http.Request) {
	var in startChatRequest
	if err := decodeOptionalJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	c, err := s.startChat(w, r, in.Queries, in.Item)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v, err := s.viewChat(r.Context(), c, 0)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/chats/"+url.PathEscape(c.Token))
	writeJSON(w, http.StatusCreated, startedChat{Token: c.Token, chatView: v})
}

// apiCitizenChat resolves the chat of the request's token and, when in is
// not nil, decodes the body into it; on failure it has answered.
func (s *Server) apiCitizenChat(w http.ResponseWriter, r *http.Request, in any) (*minyi.Chat, bool) {
	c, err := s.citizenChat(r, r.PathValue("token"))
	if err == nil && in != nil {
		err = decodeJSON(w, r, in)
	}
	if err != nil {
		s.apiError(w, r, err)
		return nil, false
	}
	return c, true
}

// answer writes v with status, or the error.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

func (s *Server) apiGetChat(w http.ResponseWriter, r *http.Request) {
	if c, ok := s.apiCitizenChat(w, r, nil); ok {
		v, err := s.viewChat(r.Context(), c, 0)
		s.answer(w, r, http.StatusOK, v, err)
	}
}

type chatMessageRequest struct {
	Text string `json:"text"`
}

func (s *Server) apiChatMessage(w http.ResponseWriter, r *http.Request) {
	var in chatMessageRequest
	if c, ok := s.apiCitizenChat(w, r, &in); ok {
		m := &minyi.ChatMessage{ChatID: c.ID, Sender: minyi.SenderCitizen, Kind: minyi.KindText, Text: in.Text}
		s.answer(w, r, http.StatusCreated, m, s.say(r.Context(), m))
	}
}

func (s *Server) apiChatClose(w http.ResponseWriter, r *http.Request) {
	if c, ok := s.apiCitizenChat(w, r, nil); ok {
		closed, err := s.svc.CloseChat(r.Context(), c.ID, "市民")
		if err == nil {
			s.changed(closed)
		}
		s.answer(w, r, http.StatusOK, closed, err)
	}
}

func (s *Server) apiChatAppeal(w http.ResponseWriter, r *http.Request) {
	var in leaveInput
	if c, ok := s.apiCitizenChat(w, r, &in); ok {
		a, err := s.leaveMessage(r, c, in)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"tracking_no": a.TrackingNo, "track_url": "/track?no=" + url.QueryEscape(a.TrackingNo)})
	}
}

func (s *Server) apiChatEvents(w http.ResponseWriter, r *http.Request) {
	if c, ok := s.apiCitizenChat(w, r, nil); ok {
		s.citizenEvents(w, r, c)
	}
}

func (s *Server) apiAgentChats(w http.ResponseWriter, r *http.Request) {
	u, err := requireAgent(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	st, err := s.consoleData(r.Context(), u)
	s.answer(w, r, http.StatusOK, st, err)
}

// agentChatView is one chat as an agent sees it: with its messages and
// the canned answers for it.
type agentChatView struct {
	*minyi.Chat
	Messages []*minyi.ChatMessage `json:"messages"`
	Canned   []minyi.CannedAnswer `json:"canned"`
}

func (s *Server) agentChatView(r *http.Request, c *minyi.Chat) (*agentChatView, error) {
	v := &agentChatView{Chat: c}
	var err error
	if v.Messages, err = s.svc.ChatMessages(r.Context(), c.ID, 0); err != nil {
		return nil, err
	}
	if v.Canned, err = s.cannedFor(r.Context(), c); err != nil {
		return nil, err
	}
	if v.Messages == nil {
		v.Messages = []*minyi.ChatMessage{}
	}
	return v, nil
}

func (s *Server) apiAgentChat(w http.ResponseWriter, r *http.Request) {
	_, c, err := s.agentChat(r, r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v, err := s.agentChatView(r, c)
	s.answer(w, r, http.StatusOK, v, err)
}

type agentActRequest struct {
	Text     string `json:"text"`
	CannedID string `json:"canned_id"`
	AgentID  int64  `json:"agent_id"`
}

// apiAgentAct handles accept, reply, transfer and close.
func (s *Server) apiAgentAct(w http.ResponseWriter, r *http.Request) {
	u, c, err := s.agentChat(r, r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in agentActRequest
	if err := decodeOptionalJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	ctx := r.Context()
	switch r.PathValue("action") {
	case "accept":
		if c, err = s.svc.AcceptChat(ctx, c.ID, u); err == nil {
			s.changed(c)
		}
	case "reply":
		if err = s.agentReply(ctx, u, c, in.Text, in.CannedID); err == nil {
			c, err = s.svc.FindChatByID(ctx, c.ID)
		}
	case "transfer":
		c, err = s.agentTransfer(ctx, u, c, in.AgentID)
	case "close":
		c, err = s.agentClose(ctx, u, c)
	default:
		err = minyi.Errorf(minyi.ENOTFOUND, "接口不存在：%s %s", "no such endpoint: %s %s", r.Method, r.URL.Path)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v, err := s.agentChatView(r, c)
	s.answer(w, r, http.StatusOK, v, err)
}

func (s *Server) apiAgentPresence(w http.ResponseWriter, r *http.Request) {
	u, err := requireAgent(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in struct {
		Mode string `json:"mode"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.SetPresence(r.Context(), u, in.Mode); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.events.publish(topicQueue, topicConsole)
	agents, err := s.svc.Agents(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	for _, a := range agents {
		if a.UserID == u.ID {
			writeJSON(w, http.StatusOK, a)
			return
		}
	}
	s.apiError(w, r, minyi.Errorf(minyi.EINTERNAL, "坐席状态读取失败", "presence not found"))
}

func (s *Server) apiAgentEvents(w http.ResponseWriter, r *http.Request) {
	u, err := requireAgent(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.agentEvents(w, r, u)
}
