package http

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"minyi"
	"minyi/store"
)

// webEnv is a running server over a fresh SQLite store with a few units and
// one user per staff role.
type webEnv struct {
	t     *testing.T
	db    *store.DB
	srv   *httptest.Server
	dir   string
	units map[string]*minyi.Unit
	users map[string]*minyi.User
}

const webTestPassword = "Passw0rd-for-tests"

func newWebEnv(t *testing.T) *webEnv {
	t.Helper()
	return newWebEnvWith(t, nil)
}

// newWebEnvWith is newWebEnv with the server's Config changed by configure
// (an Advisor, a wrapped store) once the store is seeded.
func newWebEnvWith(t *testing.T, configure func(e *webEnv, cfg *Config)) *webEnv {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &webEnv{t: t, db: db, dir: dir, units: map[string]*minyi.Unit{}, users: map[string]*minyi.User{}}
	e.seedUnits()
	e.seedUsers()
	cfg := Config{Services: db, DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if configure != nil {
		configure(e, &cfg)
	}
	s := NewServer(cfg)
	e.srv = httptest.NewServer(s)
	t.Cleanup(e.srv.Close)
	return e
}

// seedUnits makes a city, a district with a street office, and a city
// department: two units that handle appeals ("streetA", "deptB").
func (e *webEnv) seedUnits() {
	e.t.Helper()
	mk := func(key, name, code string, kind minyi.UnitKind, parent string) {
		u := &minyi.Unit{Name: name, Code: code, Kind: kind}
		if parent != "" {
			u.ParentID = e.units[parent].ID
		}
		if err := e.db.CreateUnit(context.Background(), u); err != nil {
			e.t.Fatalf("unit %s: %v", name, err)
		}
		e.units[key] = u
	}
	mk("city", "深圳市", "440300", minyi.UnitCity, "")
	mk("district", "南山区", "440305", minyi.UnitDistrict, "city")
	mk("streetA", "粤海街道办事处", "440305001", minyi.UnitStreet, "district")
	mk("deptB", "市交通运输局", "440300-JT", minyi.UnitDepartment, "city")
}

// seedUsers makes one account per staff role; handlerA works in streetA,
// handlerB in deptB.
func (e *webEnv) seedUsers() {
	e.t.Helper()
	mk := func(name string, role minyi.Role, unit string) {
		u := &minyi.User{Username: name, DisplayName: name, Role: role}
		if unit != "" {
			u.UnitID = e.units[unit].ID
		}
		if err := e.db.CreateUser(context.Background(), u, webTestPassword); err != nil {
			e.t.Fatalf("user %s: %v", name, err)
		}
		e.users[name] = u
	}
	mk("dispatcher", minyi.RoleDispatcher, "city")
	mk("handlerA", minyi.RoleHandler, "streetA")
	mk("handlerB", minyi.RoleHandler, "deptB")
	mk("supervisor", minyi.RoleSupervisor, "city")
	mk("evaluator", minyi.RoleEvaluator, "")
	mk("editor", minyi.RoleEditor, "")
	mk("admin", minyi.RoleAdmin, "city")
}

// webClient is one browser: its own cookies, redirects not followed so
// tests see them.
type webClient struct {
	e *webEnv
	c *http.Client
}

func (e *webEnv) client() *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login returns a browser logged in as one of the seeded users.
func (e *webEnv) login(username string) *webClient {
	e.t.Helper()
	c := e.client()
	res := c.post("/login", url.Values{"username": {username}, "password": {webTestPassword}})
	if res.status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d\n%s", username, res.status, res.body)
	}
	return c
}

type webResponse struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (c *webClient) do(req *http.Request) webResponse {
	c.e.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return webResponse{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
}

func (c *webClient) get(path string) webResponse {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	return c.do(req)
}

func (c *webClient) post(path string, form url.Values) webResponse {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// htmx posts like htmx does, asking for a fragment.
func (c *webClient) htmx(path string, form url.Values) webResponse {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	return c.do(req)
}

// webFile is a file to upload.
type webFile struct {
	field, name string
	data        []byte
}

func (c *webClient) multipart(path string, form url.Values, files ...webFile) webResponse {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile(f.field, f.name)
		_, _ = w.Write(f.data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// appeal reads an appeal straight from the store.
func (e *webEnv) appeal(no string) *minyi.Appeal {
	e.t.Helper()
	a, err := e.db.FindAppeal(context.Background(), no, minyi.Scope{All: true})
	if err != nil {
		e.t.Fatalf("find %s: %v", no, err)
	}
	return a
}

// countAppeals counts every appeal in the store.
func (e *webEnv) countAppeals() int {
	e.t.Helper()
	n, err := e.db.CountAppeals(context.Background(), minyi.AppealFilter{Scope: minyi.Scope{All: true}})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// newAppeal files a web appeal as a citizen would, through the store.
func (e *webEnv) newAppeal(title string) *minyi.Appeal {
	e.t.Helper()
	a := &minyi.Appeal{
		Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: title,
		Content: "小区门口的路灯已经坏了一个星期，晚上出行很不安全。", District: "南山区",
		ContactName: "张三丰", ContactPhone: "13812345678",
	}
	if err := e.db.CreateAppeal(context.Background(), a, minyi.ActorFor(nil)); err != nil {
		e.t.Fatal(err)
	}
	return a
}

// validSubmission is a form that passes validation.
func validSubmission() url.Values {
	return url.Values{
		"type": {"complaint"}, "title": {"路灯不亮"}, "content": {"科技园南区 3 栋门口的路灯坏了一周，晚上很黑。"},
		"district": {"南山区"}, "street": {"粤海街道"}, "address": {"科技园南区 3 栋"},
		"contact_name": {"李四"}, "contact_phone": {"13912345678"},
	}
}

// pngBytes is a 1×1 PNG.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(body, n) {
			t.Errorf("page must not contain %q", n)
		}
	}
}
