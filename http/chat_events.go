package http

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"minyi"
)

// stream serves server-sent events: emit writes the current state at
// once, after every signal on the topics, and every chatRefresh (which
// also keeps proxies from closing an idle stream); tick, when set, runs on
// each refresh. The stream ends when the client goes away or the server
// shuts down (CloseStreams).
func (s *Server) stream(w http.ResponseWriter, r *http.Request, topics []string, tick func(ctx context.Context), emit func(ctx context.Context, w io.Writer) error) {
	rc := http.NewResponseController(w)
	signals, done := s.events.subscribe(topics...)
	defer done()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	w.WriteHeader(http.StatusOK)
	ctx := r.Context()
	send := func() bool {
		if err := emit(ctx, w); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("event stream", "path", r.URL.Path, "err", err)
			}
			return false
		}
		return rc.Flush() == nil
	}
	// The browser reconnects after this long if the stream breaks.
	if _, err := io.WriteString(w, "retry: 3000\n\n"); err != nil || !send() {
		return
	}
	ticker := time.NewTicker(chatRefresh)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.events.closed:
			return
		case <-signals:
		case <-ticker.C:
			if tick != nil {
				tick(ctx)
			}
		}
		if !send() {
			return
		}
	}
}

// writeEvent writes one event; id, when not 0, lets a reconnecting
// client say where it left off (Last-Event-ID).
func writeEvent(w io.Writer, event string, id int64, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if id != 0 {
		if _, err := fmt.Fprintf(w, "id: %d\n", id); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data)
	return err
}

// lastEventID is the id of the last message a reconnecting client got.
func lastEventID(r *http.Request) int64 {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("after")
	}
	id, _ := strconv.ParseInt(v, 10, 64)
	return max(id, 0)
}

// citizenEvents streams a chat to its citizen: "state" (status, position,
// wait, agent) and one "message" event per new message.
func (s *Server) citizenEvents(w http.ResponseWriter, r *http.Request, c *minyi.Chat) {
	last := lastEventID(r)
	see := func(ctx context.Context) {
		if err := s.svc.SeeChat(ctx, c.ID); err != nil {
			s.log.Warn("chat seen", "chat", c.ID, "err", err)
		}
	}
	s.stream(w, r, []string{topicChat(c.ID), topicQueue}, see, func(ctx context.Context, w io.Writer) error {
		now, err := s.svc.FindChatByID(ctx, c.ID)
		if err != nil {
			return err
		}
		v, err := s.viewChat(ctx, now, last)
		if err != nil {
			return err
		}
		msgs := v.Messages
		v.Messages = nil
		if err := writeEvent(w, "state", 0, v); err != nil {
			return err
		}
		for _, m := range msgs {
			if err := writeEvent(w, "message", m.ID, m); err != nil {
				return err
			}
			last = m.ID
		}
		return nil
	})
}

// consoleState is the agent console's "queue" event.
type consoleState struct {
	Waiting []*minyi.Chat  `json:"waiting"`
	Mine    []*minyi.Chat  `json:"mine"`
	Agents  []*minyi.Agent `json:"agents"`
}

// consoleMessage is a message of one of the agent's chats.
type consoleMessage struct {
	ChatID int64 `json:"chat_id"`
	*minyi.ChatMessage
}

// consoleData reads what an agent's console shows.
func (s *Server) consoleData(ctx context.Context, u *minyi.User) (*consoleState, error) {
	st := &consoleState{}
	if err := s.sweepChats(ctx); err != nil {
		return nil, err
	}
	var err error
	if st.Waiting, err = s.svc.ListChats(ctx, minyi.ChatFilter{Statuses: []minyi.ChatStatus{minyi.ChatWaiting}}); err != nil {
		return nil, err
	}
	if st.Mine, err = s.svc.ListChats(ctx, minyi.ChatFilter{Statuses: []minyi.ChatStatus{minyi.ChatActive}, AgentID: u.ID}); err != nil {
		return nil, err
	}
	st.Agents, err = s.svc.Agents(ctx)
	return st, err
}

// agentEvents streams the console: "queue" with the waiting chats, the
// agent's own and every agent's presence, and "message" for each new
// message of the agent's chats. While it is open the agent is on duty.
func (s *Server) agentEvents(w http.ResponseWriter, r *http.Request, u *minyi.User) {
	ctx := r.Context()
	touch := func(ctx context.Context, connected bool) {
		if err := s.svc.TouchPresence(ctx, u, connected); err != nil {
			s.log.Warn("presence", "user", u.ID, "err", err)
		}
	}
	s.consoles.add(u.ID, 1, func(bool) { touch(ctx, true) })
	s.events.publish(topicQueue, topicConsole) // one more agent on duty
	defer func() {
		// The request's context is done; the release needs its own.
		bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		s.consoles.add(u.ID, -1, func(open bool) {
			// A shutdown is no agent leaving: the console reconnects, to
			// another instance or the restarted one, and the last
			// heartbeat keeps the agent on duty meanwhile.
			if !open && !s.events.closing() {
				touch(bg, false)
			}
		})
		s.events.publish(topicQueue, topicConsole)
	}()
	beat := func(ctx context.Context) { touch(ctx, true) }
	last := map[int64]int64{}
	s.stream(w, r, []string{topicConsole}, beat, func(ctx context.Context, w io.Writer) error {
		st, err := s.consoleData(ctx, u)
		if err != nil {
			return err
		}
		if err := writeEvent(w, "queue", 0, st); err != nil {
			return err
		}
		for _, c := range st.Mine {
			msgs, err := s.svc.ChatMessages(ctx, c.ID, last[c.ID])
			if err != nil {
				return err
			}
			for _, m := range msgs {
				if err := writeEvent(w, "message", 0, consoleMessage{ChatID: c.ID, ChatMessage: m}); err != nil {
					return err
				}
				last[c.ID] = m.ID
			}
		}
		return nil
	})
}
