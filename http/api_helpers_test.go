package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	nethttp "net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"minyi"
	minyihttp "minyi/http"
	"minyi/store"
)

const testPassword = "correct-horse-1"

// fixture is a server over a fresh SQLite store with one user per role.
// Unit A holds the appeals; handlerB works in unit B.
type fixture struct {
	t      testing.TB
	db     *store.DB
	srv    *httptest.Server
	units  map[string]*minyi.Unit // "city", "district", "A", "B"
	users  map[string]*minyi.User // by role name used in tests
	tokens map[string]string      // bearer tokens by the same names
	data   string                 // DataDir
}

// roleNames lists the callers of the authorisation matrix; "anonymous" has
// no account.
var roleNames = []string{"anonymous", "citizen", "dispatcher", "handlerA", "handlerB", "leader", "supervisor", "evaluator", "editor", "admin"}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, db: db, units: map[string]*minyi.Unit{}, users: map[string]*minyi.User{}, tokens: map[string]string{}, data: t.TempDir()}
	city := &minyi.Unit{Code: "C", Name: "市指挥中心", Kind: minyi.UnitCity}
	f.mustDo(db.CreateUnit(ctx, city))
	f.units["city"] = city
	district := &minyi.Unit{Code: "D", Name: "福田区", Kind: minyi.UnitDistrict, ParentID: city.ID}
	f.mustDo(db.CreateUnit(ctx, district))
	f.units["district"] = district
	for _, n := range []string{"A", "B"} {
		u := &minyi.Unit{Code: "S" + n, Name: n + "街道办", Kind: minyi.UnitStreet, ParentID: district.ID}
		f.mustDo(db.CreateUnit(ctx, u))
		f.units[n] = u
	}
	accounts := []struct {
		name string
		role minyi.Role
		unit string
	}{
		{"citizen", minyi.RoleCitizen, ""}, {"dispatcher", minyi.RoleDispatcher, "city"},
		{"handlerA", minyi.RoleHandler, "A"}, {"handlerB", minyi.RoleHandler, "B"}, {"leader", minyi.RoleLeader, "A"},
		{"supervisor", minyi.RoleSupervisor, "city"}, {"evaluator", minyi.RoleEvaluator, ""}, {"editor", minyi.RoleEditor, ""},
		{"admin", minyi.RoleAdmin, "city"},
	}
	for _, a := range accounts {
		u := &minyi.User{Username: strings.ToLower(a.name), DisplayName: a.name, Role: a.role}
		if a.unit != "" {
			u.UnitID = f.units[a.unit].ID
		}
		f.mustDo(db.CreateUser(ctx, u, testPassword))
		tok, err := db.CreateToken(ctx, u.ID, "test")
		f.mustDo(err)
		f.users[a.name], f.tokens[a.name] = u, tok
	}
	s := minyihttp.NewServer(minyihttp.Config{Services: db, DataDir: f.data})
	f.srv = httptest.NewServer(s)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) mustDo(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// response is a decoded API answer.
type response struct {
	Status int
	Body   map[string]any
	Raw    []byte
	Header nethttp.Header
}

// errorCode returns error.code of an error response.
func (r response) errorCode() string {
	e, _ := r.Body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (r response) errorField(name string) string {
	e, _ := r.Body["error"].(map[string]any)
	fields, _ := e["fields"].(map[string]any)
	v, _ := fields[name].(string)
	return v
}

// object returns a nested JSON object by key path.
func (r response) object(keys ...string) map[string]any {
	m := r.Body
	for _, k := range keys {
		m, _ = m[k].(map[string]any)
	}
	return m
}

// list returns a JSON array by key.
func (r response) list(key string) []any {
	l, _ := r.Body[key].([]any)
	return l
}

// call sends a request as the named caller ("anonymous" sends no token).
// A string body is sent as is, anything else as JSON.
func (f *fixture) call(who, method, path string, body any) response {
	f.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "text/plain"
	case []byte:
		rd, ctype = bytes.NewReader(b), "application/octet-stream"
	default:
		data, err := json.Marshal(b)
		f.mustDo(err)
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	req, err := nethttp.NewRequest(method, f.srv.URL+path, rd)
	f.mustDo(err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if tok := f.tokens[who]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return f.send(req)
}

func (f *fixture) send(req *nethttp.Request) response {
	f.t.Helper()
	res, err := f.srv.Client().Do(req)
	f.mustDo(err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	f.mustDo(err)
	out := response{Status: res.StatusCode, Raw: raw, Header: res.Header}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		if err := json.Unmarshal(raw, &out.Body); err != nil {
			f.t.Fatalf("%s %s: bad JSON %q: %v", req.Method, req.URL.Path, raw, err)
		}
	}
	return out
}

// newAppeal stores an appeal filed by the fixture's citizen with the
// contact phone 13812345678.
func (f *fixture) newAppeal() *minyi.Appeal {
	f.t.Helper()
	a := &minyi.Appeal{
		Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "小区路灯不亮",
		Content: "幸福小区北门的路灯已经坏了一周，晚上出行不安全。", District: "福田区",
		ContactName: "张三", ContactPhone: "13812345678", CitizenID: f.users["citizen"].ID,
	}
	f.mustDo(f.db.CreateAppeal(context.Background(), a, minyi.Actor{UserID: a.CitizenID, Name: "张三", Role: minyi.RoleCitizen}))
	return a
}

// appealAt returns a new appeal driven to a status through the store, held
// by unit A from dispatch on.
func (f *fixture) appealAt(st minyi.Status) *minyi.Appeal {
	f.t.Helper()
	a := f.newAppeal()
	ctx := context.Background()
	unitA := f.units["A"].ID
	atA := minyi.Actor{UserID: f.users["handlerA"].ID, Name: "承办人", Role: minyi.RoleHandler, UnitID: unitA}
	steps := map[minyi.Status][]minyi.ActionRequest{
		minyi.StatusPending:    nil,
		minyi.StatusDispatched: {{Action: minyi.ActDispatch, UnitID: unitA}},
		minyi.StatusSigned:     {{Action: minyi.ActDispatch, UnitID: unitA}, {Action: minyi.ActSign}},
		minyi.StatusHandling:   {{Action: minyi.ActDispatch, UnitID: unitA}, {Action: minyi.ActSign}, {Action: minyi.ActContact}},
		minyi.StatusReplied: {{Action: minyi.ActDispatch, UnitID: unitA}, {Action: minyi.ActSign}, {Action: minyi.ActContact},
			{Action: minyi.ActReply, Note: "已更换灯泡，路灯恢复正常照明。"}},
	}
	for _, req := range steps[st] {
		actor := atA
		if req.Action == minyi.ActDispatch {
			actor = minyi.SystemActor
		}
		got, err := f.db.Act(ctx, a.TrackingNo, req, actor, minyi.Scope{All: true})
		f.mustDo(err)
		a = got
	}
	return a
}

// timelineLen returns how many events the appeal has.
func (f *fixture) timelineLen(a *minyi.Appeal) int {
	f.t.Helper()
	evs, err := f.db.Timeline(context.Background(), a.ID)
	f.mustDo(err)
	return len(evs)
}

// current reloads an appeal from the store.
func (f *fixture) current(a *minyi.Appeal) *minyi.Appeal {
	f.t.Helper()
	got, err := f.db.FindAppeal(context.Background(), a.TrackingNo, minyi.Scope{All: true})
	f.mustDo(err)
	return got
}
