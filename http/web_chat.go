package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"minyi"
)

// registerChatWeb registers the citizen's chat pages and the agents'
// console.
func (ui *webUI) registerChatWeb(m *http.ServeMux) {
	m.HandleFunc("GET /chat/start", ui.chatStartForm)
	m.HandleFunc("POST /chat/start", ui.chatStart)
	m.HandleFunc("GET /chat/{token}", ui.chatPage)
	m.HandleFunc("GET /chat/{token}/live", ui.chatPage)
	m.HandleFunc("POST /chat/{token}/messages", ui.chatSay)
	m.HandleFunc("POST /chat/{token}/close", ui.chatClose)
	m.HandleFunc("POST /chat/{token}/leave", ui.chatLeave)

	m.HandleFunc("GET /work/chat", ui.console)
	m.HandleFunc("GET /work/chat/live", ui.console)
	m.HandleFunc("POST /work/chat/presence", ui.consolePresence)
	m.HandleFunc("POST /work/chat/{id}/{action}", ui.consoleAct)
}

// handoffLink is what the 转人工 button carries: the search the visitor
// made and the service guide they read.
type handoffLink struct {
	Query string
	Item  string
}

// handoffSource is page data that knows what its 转人工 button carries
// (the search page: the answered guide). Handoff must answer on a nil
// pointer too (nothing then): a template may hand one over as page data.
type handoffSource interface {
	Handoff() handoffLink
}

// handoffOf reads the hand-off from any page: its data's Handoff when the
// data has one, else the request's ?q= and ?item= (or the id in
// /services/{id}). Pages that know nothing of chats still get a working
// button.
func handoffOf(v any) handoffLink {
	var h handoffLink
	data, path := v, ""
	if p, ok := v.(*page); ok {
		data, path = p.Data, p.Path
	}
	if src, ok := data.(handoffSource); ok {
		h = src.Handoff()
	}
	if u, err := url.Parse(path); err == nil && path != "" {
		if h.Query == "" {
			h.Query = u.Query().Get("q")
		}
		if h.Item == "" {
			h.Item = u.Query().Get("item")
		}
		if rest, ok := strings.CutPrefix(u.Path, "/services/"); ok && h.Item == "" && rest != "" && !strings.Contains(rest, "/") {
			h.Item = rest
		}
	}
	h.Query = strings.TrimSpace(h.Query)
	return h
}

// openChat returns the visitor's chat from the cookie while it is open.
func (ui *webUI) openChat(r *http.Request) *minyi.Chat {
	ck, err := r.Cookie(chatCookie)
	if err != nil || ck.Value == "" {
		return nil
	}
	c, err := ui.s.citizenChat(r, ck.Value)
	if err != nil || !c.Open() {
		return nil
	}
	return c
}

type chatStartData struct {
	HandoffQuery string
	HandoffItem  string
	Open         *minyi.Chat // a chat the visitor already has open
	Agents       int
}

// chatStartForm is where the link /chat/start?item=&q= of guides and
// answers lands: the button, with what it will carry.
func (ui *webUI) chatStartForm(w http.ResponseWriter, r *http.Request) {
	p := ui.newPage(r, translate(langOf(r), "chat.start_title"))
	q := r.URL.Query()
	d := chatStartData{HandoffQuery: q.Get("q"), HandoffItem: q.Get("item"), Open: ui.openChat(r)}
	on, err := ui.s.agentsOnDuty(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d.Agents = len(on)
	p.Data = d
	ui.render(w, r, http.StatusOK, "chat_start", "", p)
}

// chatStart queues a chat carrying the visitor's searches and guide, or
// goes back to the chat they have open.
func (ui *webUI) chatStart(w http.ResponseWriter, r *http.Request) {
	if c := ui.openChat(r); c != nil {
		http.Redirect(w, r, "/chat/"+url.PathEscape(c.Token), http.StatusSeeOther)
		return
	}
	queries := recentSearches(r)
	if q := strings.TrimSpace(r.PostFormValue("q")); q != "" {
		queries = append(queries, q)
	}
	c, err := ui.s.startChat(w, r, queries, r.PostFormValue("item"))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/chat/"+url.PathEscape(c.Token), http.StatusSeeOther)
}

// chatPageData is the citizen's chat page.
type chatPageData struct {
	View      *chatView
	Token     string
	WaitMin   int // minutes, rounded up; 0 with no estimate
	Districts []*minyi.Unit
	Leave     bool // the 留言 form opens by itself (no agent, or it had errors)
}

func (ui *webUI) chatData(r *http.Request, c *minyi.Chat) (*chatPageData, error) {
	v, err := ui.s.viewChat(r.Context(), c, 0)
	if err != nil {
		return nil, err
	}
	d := &chatPageData{View: v, Token: c.Token, Leave: v.Agents == 0}
	if v.WaitSeconds != nil && v.Position > 0 {
		d.WaitMin = max(1, (*v.WaitSeconds+59)/60)
	}
	if c.Status == minyi.ChatWaiting {
		if d.Districts, err = ui.s.districts(r.Context()); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// chatPage shows a chat to its citizen; /live is the part the event
// stream refreshes.
func (ui *webUI) chatPage(w http.ResponseWriter, r *http.Request) {
	c, err := ui.s.citizenChat(r, r.PathValue("token"))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.renderChat(w, r, http.StatusOK, c, nil)
}

// renderChat renders the chat page, or its live part for /live; form
// errors, when given, go with the form the visitor sent.
func (ui *webUI) renderChat(w http.ResponseWriter, r *http.Request, status int, c *minyi.Chat, fail error) {
	d, err := ui.chatData(r, c)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "chat.title"))
	p.Data = d
	if fail != nil {
		p.Form = r.PostForm
		p.Error = localMessage(p.Lang, fail)
		for k, v := range minyi.ErrorFields(fail) {
			p.Errors[k] = v
		}
		if strings.HasSuffix(r.URL.Path, "/leave") {
			d.Leave = true
		}
	} else if c.Status == minyi.ChatWaiting {
		p.Form = url.Values{"type": {string(minyi.TypeConsult)}}
		if n := len(c.Queries); n > 0 {
			p.Form.Set("title", c.Queries[n-1])
		}
	}
	block := ""
	if strings.HasSuffix(r.URL.Path, "/live") {
		block = "chat_live"
	}
	ui.render(w, r, status, "chat", block, p)
}

// localMessage is an error's message in the page's language.
func localMessage(lang string, err error) string {
	if lang == "en" {
		return minyi.ErrorMessageEN(err)
	}
	return minyi.ErrorMessage(err)
}

// chatFail shows a refused request on the chat page; errors that are not
// the visitor's get the error page.
func (ui *webUI) chatFail(w http.ResponseWriter, r *http.Request, c *minyi.Chat, err error) {
	switch minyi.ErrorCode(err) {
	case minyi.EINVALID, minyi.ECONFLICT:
		if now, ferr := ui.s.svc.FindChatByID(r.Context(), c.ID); ferr == nil {
			c = now
		}
		ui.renderChat(w, r, httpStatus(err), c, err)
	default:
		ui.errorPage(w, r, err)
	}
}

func (ui *webUI) chatSay(w http.ResponseWriter, r *http.Request) {
	c, err := ui.s.citizenChat(r, r.PathValue("token"))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	m := &minyi.ChatMessage{ChatID: c.ID, Sender: minyi.SenderCitizen, Kind: minyi.KindText, Text: r.PostFormValue("text")}
	if err := ui.s.say(r.Context(), m); err != nil {
		ui.chatFail(w, r, c, err)
		return
	}
	http.Redirect(w, r, "/chat/"+url.PathEscape(c.Token)+"#chat-form", http.StatusSeeOther)
}

func (ui *webUI) chatClose(w http.ResponseWriter, r *http.Request) {
	c, err := ui.s.citizenChat(r, r.PathValue("token"))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	now, err := ui.s.svc.CloseChat(r.Context(), c.ID, "市民")
	if err != nil {
		ui.chatFail(w, r, c, err)
		return
	}
	ui.s.changed(now)
	http.Redirect(w, r, "/chat/"+url.PathEscape(c.Token), http.StatusSeeOther)
}

// chatLeave turns the waiting chat into an appeal (留言) and shows its
// tracking number; the proof cookie lets the citizen open its progress
// at once, as after /submit.
func (ui *webUI) chatLeave(w http.ResponseWriter, r *http.Request) {
	c, err := ui.s.citizenChat(r, r.PathValue("token"))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	a, err := ui.s.leaveMessage(r, c, leaveInput{
		Type: r.PostFormValue("type"), Title: r.PostFormValue("title"), Note: r.PostFormValue("note"),
		District: r.PostFormValue("district"), ContactName: r.PostFormValue("contact_name"), ContactPhone: r.PostFormValue("contact_phone"),
	})
	if err != nil {
		ui.chatFail(w, r, c, err)
		return
	}
	ui.setProof(w, a.TrackingNo)
	http.Redirect(w, r, "/chat/"+url.PathEscape(c.Token), http.StatusSeeOther)
}

// consoleData is the agents' console page.
type consolePage struct {
	*consoleState
	Me       *minyi.Agent
	OnDuty   []*minyi.Agent // others on duty, to transfer to
	Selected *agentChatView
	Serving  bool // the selected chat is the reader's to answer
	Since    map[int64]string
	// GuideNames names the guides the chats came from, by SourceItem.
	GuideNames map[string]string
}

// console is the agents' page; /live is the part the event stream
// refreshes.
func (ui *webUI) console(w http.ResponseWriter, r *http.Request) {
	ui.renderConsole(w, r, http.StatusOK, nil)
}

func (ui *webUI) renderConsole(w http.ResponseWriter, r *http.Request, status int, fail error) {
	u, err := requireAgent(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ctx := r.Context()
	live := strings.HasSuffix(r.URL.Path, "/live")
	if r.Method == http.MethodGet && !live {
		// Opening the console is going on duty; its event stream keeps it.
		if err := ui.s.svc.TouchPresence(ctx, u, true); err != nil {
			ui.errorPage(w, r, err)
			return
		}
		ui.s.events.publish(topicQueue, topicConsole)
	}
	st, err := ui.s.consoleData(ctx, u)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d := &consolePage{consoleState: st, Since: map[int64]string{}}
	for _, a := range st.Agents {
		if a.UserID == u.ID {
			d.Me = a
		} else if a.OnDuty {
			d.OnDuty = append(d.OnDuty, a)
		}
	}
	now := ui.s.now()
	for _, c := range st.Waiting {
		d.Since[c.ID] = waited(langOf(r), now.Sub(c.CreatedAt))
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("chat"), 10, 64); err == nil && id > 0 {
		c, err := ui.s.svc.FindChatByID(ctx, id)
		if err != nil {
			ui.errorPage(w, r, err)
			return
		}
		if d.Selected, err = ui.s.agentChatView(r, c); err != nil {
			ui.errorPage(w, r, err)
			return
		}
		d.Serving = serving(u, c) == nil
	}
	chats := append([]*minyi.Chat{}, st.Waiting...)
	if d.Selected != nil {
		chats = append(chats, d.Selected.Chat)
	}
	d.GuideNames = ui.s.guideNames(ctx, chats...)
	p := ui.newPage(r, translate(langOf(r), "console.title"))
	p.Nav = "chat"
	p.Data = d
	if fail != nil {
		p.Error = localMessage(p.Lang, fail)
		p.Form = r.PostForm
	}
	block := ""
	if live {
		block = "console_live"
	}
	ui.render(w, r, status, "work_chat", block, p)
}

// waited says how long a citizen has been waiting, in whole minutes.
func waited(lang string, d time.Duration) string {
	m := int(d / time.Minute)
	if lang == "en" {
		if m < 1 {
			return "under a minute"
		}
		return fmt.Sprintf("%d min", m)
	}
	if m < 1 {
		return "不到 1 分钟"
	}
	return fmt.Sprintf("%d 分钟", m)
}

func (ui *webUI) consolePresence(w http.ResponseWriter, r *http.Request) {
	u, err := requireAgent(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if err := ui.s.svc.SetPresence(r.Context(), u, r.PostFormValue("mode")); err != nil {
		ui.renderConsole(w, r, httpStatus(err), err)
		return
	}
	ui.s.events.publish(topicQueue, topicConsole)
	http.Redirect(w, r, localPath(r.PostFormValue("back"), "/work/chat"), http.StatusSeeOther)
}

// consoleAct accepts, answers, transfers or closes a chat from the console.
func (ui *webUI) consoleAct(w http.ResponseWriter, r *http.Request) {
	u, c, err := ui.s.agentChat(r, r.PathValue("id"))
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ctx := r.Context()
	switch r.PathValue("action") {
	case "accept":
		var now *minyi.Chat
		if now, err = ui.s.svc.AcceptChat(ctx, c.ID, u); err == nil {
			ui.s.changed(now)
		}
	case "reply":
		err = ui.s.agentReply(ctx, u, c, r.PostFormValue("text"), r.PostFormValue("canned_id"))
	case "transfer":
		to, _ := strconv.ParseInt(r.PostFormValue("agent_id"), 10, 64)
		_, err = ui.s.agentTransfer(ctx, u, c, to)
	case "close":
		_, err = ui.s.agentClose(ctx, u, c)
	default:
		ui.notFound(w, r)
		return
	}
	back := "/work/chat?chat=" + strconv.FormatInt(c.ID, 10)
	if err != nil {
		switch minyi.ErrorCode(err) {
		case minyi.EINVALID, minyi.ECONFLICT, minyi.EFORBIDDEN:
			r.URL.RawQuery = "chat=" + strconv.FormatInt(c.ID, 10)
			ui.renderConsole(w, r, httpStatus(err), err)
		default:
			ui.errorPage(w, r, err)
		}
		return
	}
	if r.PathValue("action") == "transfer" || r.PathValue("action") == "close" {
		back = "/work/chat"
	}
	http.Redirect(w, r, back+"#reply", http.StatusSeeOther)
}
