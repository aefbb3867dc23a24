package e2e

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"minyi"
	"minyi/demo"
	"minyi/events"
	minyihttp "minyi/http"
	"minyi/routing"
	"minyi/store"
)

// Time limits. The whole browser session is bounded by browserBudget, so a
// hung page fails the test instead of hanging it; each step has its own,
// shorter limit so the failure names the step.
const (
	browserBudget = 55 * time.Second
	stepTimeout   = 15 * time.Second
	diagTimeout   = 5 * time.Second
)

// findChromium returns the browser to drive: MINYI_CHROMIUM when set, else
// Debian's chromium. It skips the test when there is none.
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MINYI_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("MINYI_CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	t.Skip("chromium not installed: apt-get install -y chromium")
	return ""
}

// env is a running Minyi over a seeded database, and one headless browser.
type env struct {
	db      *store.DB
	srv     *httptest.Server
	browser context.Context // the browser; each actor gets a context of its own in it
}

// newEnv starts the server and the browser. Everything stops when the test
// ends.
func newEnv(t *testing.T) *env {
	return newEnvWith(t, envOptions{Appeals: 20})
}

// envOptions say what the server behind the browser has.
type envOptions struct {
	Appeals int // demo appeals seeded
	// Routing trains the routing models on the demo appeals and runs the
	// Advisor with the event bus, as serve does: suggestions, similar
	// appeals and automatic dispatch.
	Routing bool
}

func newEnvWith(t *testing.T, o envOptions) *env {
	t.Helper()
	execPath := findChromium(t)
	ctx := context.Background()
	dir := t.TempDir()

	db, err := store.Open(ctx, filepath.Join(dir, "minyi.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := demo.Seed(ctx, db, demo.Options{Appeals: o.Appeals, Days: 30, Seed: 7}); err != nil {
		t.Fatalf("seed demo: %v", err)
	}

	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := minyihttp.Config{Services: db, DataDir: dir, Logger: logger}
	if o.Routing {
		cfg.Advisor = startRouting(t, db, logger)
	}
	srv := httptest.NewServer(minyihttp.NewServer(cfg))
	t.Cleanup(srv.Close)

	// A fresh profile, outside t.TempDir: the browser's helper processes may
	// still write to it for a moment after the browser exits.
	profile, err := os.MkdirTemp("", "minyi-e2e-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeProfile(t, profile) })

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1024),
	)
	budget, cancelBudget := context.WithTimeout(ctx, browserBudget)
	alloc, cancelAlloc := chromedp.NewExecAllocator(budget, opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	// Cleanups run last-in first-out: the browser closes before the server.
	t.Cleanup(cancelBudget)
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start %s: %v", execPath, err)
	}
	return &env{db: db, srv: srv, browser: browser}
}

// startRouting trains the routing models and runs the Advisor behind the
// event bus, fed by the outbox relay, until the test ends.
func startRouting(t *testing.T, db *store.DB, logger *slog.Logger) minyi.Advisor {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	adv := routing.New(db, routing.Options{Logger: logger})
	trainer := &routing.Trainer{Store: db, Logger: logger, Advisor: adv}
	if _, err := trainer.Train(ctx); err != nil {
		t.Fatalf("train the routing models: %v", err)
	}
	bus := events.NewBus(logger)
	if err := adv.Start(ctx, bus); err != nil {
		t.Fatalf("start the advisor: %v", err)
	}
	relay := &events.Relay{Outbox: db, Publisher: bus, Interval: 50 * time.Millisecond, Logger: logger}
	done := make(chan struct{})
	go func() { defer close(done); _ = relay.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; adv.Wait() })
	return adv
}

// removeProfile removes the browser's profile once its last process has
// let go of it.
func removeProfile(t *testing.T, dir string) {
	var err error
	for range 50 {
		if err = os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("remove browser profile %s: %v", dir, err)
}

// tab is one actor's browser context: its own cookies and one page, like a
// fresh private window.
type tab struct {
	t    *testing.T
	name string
	base string
	ctx  context.Context

	mu       sync.Mutex
	console  []chromedp.ConsoleMessage // errors and uncaught exceptions
	expected map[string]bool           // pages meant to answer with an error
}

// newTab opens a private window for one actor in the running browser.
func (e *env) newTab(t *testing.T, name string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	b := &tab{t: t, name: name, base: e.srv.URL, ctx: ctx, expected: map[string]bool{}}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s: open a browser context: %v", name, err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.console = append(b.console, m)
				b.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		// htmx reports a request it dropped (a newer look-up replacing it,
		// or the page leaving while it ran) as these two errors in a row;
		// nothing went wrong on the page.
		dropped := map[int]bool{}
		for i := 1; i < len(b.console); i++ {
			if strings.HasPrefix(b.console[i-1].Text, "htmx:afterRequest") && strings.HasPrefix(b.console[i].Text, "htmx:sendAbort") {
				dropped[i-1], dropped[i] = true, true
			}
		}
		for i, m := range b.console {
			if dropped[i] || strings.HasSuffix(m.URL, "/favicon.ico") || b.expected[m.URL] && strings.HasPrefix(m.Text, "Failed to load resource") {
				continue
			}
			t.Errorf("%s: browser console %s at %s: %s", name, m.Type, m.URL, m.Text)
		}
	})
	return b
}

// in hands a tab made in a test to one of its subtests, so that failures
// are reported there. Subtests that share a tab must not run in parallel.
func (b *tab) in(t *testing.T) *tab {
	b.t = t
	return b
}

// stepCtx bounds one step.
func (b *tab) stepCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// do runs actions that return nothing, as one step.
func (b *tab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fatalf("%s: %v", step, err)
	}
}

// run runs one action and returns its value.
func run[T any](b *tab, step string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.fatalf("%s: %v", step, err)
	}
	return v
}

// load runs actions that end in a page load (a link, a form post and its
// redirect) and checks the status of the page the browser lands on.
func (b *tab) load(step string, want int64, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		b.fatalf("%s: %v", step, err)
	}
	if resp == nil {
		b.fatalf("%s: no response", step)
	}
	if want != 200 {
		b.mu.Lock()
		b.expected[resp.URL] = true
		b.mu.Unlock()
	}
	if resp.Status != want {
		b.fatalf("%s: %s answered %d, want %d", step, resp.URL, resp.Status, want)
	}
}

// open loads a page of the site.
func (b *tab) open(path string) {
	b.t.Helper()
	b.load("open "+path, 200, chromedp.Navigate(b.base+path))
}

// click clicks a button or link that loads a new page.
func (b *tab) click(step, sel string) {
	b.t.Helper()
	b.load(step, 200, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// clickLive clicks a button that loads a new page from a part of the page
// that live updates replace (the chat console): the element is looked up
// at the moment of the click, so a refresh between finding and clicking
// it cannot leave the click on a node that is gone.
func (b *tab) clickLive(step, sel string) {
	b.t.Helper()
	b.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	b.load(step, 200, chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).click()`))
}

// text waits until the element is visible and returns its text.
func (b *tab) text(sel string) string {
	b.t.Helper()
	b.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	return strings.TrimSpace(run(b, "read "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// path returns the path of the current page.
func (b *tab) path() string {
	b.t.Helper()
	loc := run(b, "location", chromedp.Location())
	return strings.TrimPrefix(loc, b.base)
}

// pageText is what the visitor reads on the page.
func (b *tab) pageText() string {
	b.t.Helper()
	return run(b, "page text", chromedp.Evaluate[string](`document.body.innerText`))
}

// source is the page's current HTML.
func (b *tab) source() string {
	b.t.Helper()
	return run(b, "page source", chromedp.Evaluate[string](`document.documentElement.outerHTML`))
}

// status reads the status badge in the heading of an appeal page (the
// citizen's track page and the staff's appeal page).
func (b *tab) status() string {
	b.t.Helper()
	return b.text(`[data-testid="appeal-head"] .pill`)
}

// wantStatus checks the status badge.
func (b *tab) wantStatus(want string) {
	b.t.Helper()
	if got := b.status(); got != want {
		b.fatalf("status %q, want %q", got, want)
	}
}

// wantText checks that every piece of text is in the element, in order.
func (b *tab) wantText(sel string, pieces ...string) {
	b.t.Helper()
	got := b.text(sel)
	rest := got
	for _, p := range pieces {
		i := strings.Index(rest, p)
		if i < 0 {
			b.fatalf("%s: %q missing (or out of order) in:\n%s", sel, p, got)
		}
		rest = rest[i+len(p):]
	}
}

// fill types a value into a field after clearing it. A long text goes in
// at once, as when pasted: typing it key by key would only slow the test.
func (b *tab) fill(sel, value string) {
	b.t.Helper()
	const typed = 16 // runes
	set := value
	if utf8.RuneCountInString(value) <= typed {
		set = ""
	}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const el = document.querySelector(` + jsString(sel) + `);
			el.value = ` + jsString(set) + `;
			el.dispatchEvent(new Event("input", {bubbles: true}));
		})()`),
	}
	if set == "" && value != "" {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(sel), value))
	}
	b.do("fill "+sel, steps...)
	if got := run(b, "read "+sel, chromedp.Value(chromedp.CSS(sel))); got != value {
		b.fatalf("%s holds %q after filling in %q", sel, got, value)
	}
}

// choose clicks the radio button of a group whose label reads label.
func (b *tab) choose(name, label string) {
	b.t.Helper()
	value := run(b, "find "+name+" "+label, chromedp.PollFunction[string](`(name, label) => {
		for (const input of document.querySelectorAll('input[type=radio]')) {
			const l = input.closest('label');
			if (input.name === name && l && l.innerText.trim() === label) return input.value;
		}
		return "";
	}`, chromedp.WithPollingArgs(name, label), chromedp.WithPollingTimeout(2*time.Second)))
	if value == "" {
		b.fatalf("no %s choice labelled %q", name, label)
	}
	sel := `input[type=radio][name=` + jsString(name) + `][value=` + jsString(value) + `]`
	b.do("choose "+label, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if !run(b, "check "+label, chromedp.Evaluate[bool](`document.querySelector(`+jsString(sel)+`).checked`)) {
		b.fatalf("%s %q is not checked after the click", name, label)
	}
}

// selectOption chooses the option of a select whose text ends with label,
// the way a person picks it from the list.
func (b *tab) selectOption(sel, label string) {
	b.t.Helper()
	value := run(b, "find option "+label, chromedp.PollFunction[string](`(sel, label) => {
		const s = document.querySelector(sel);
		if (!s) return "";
		for (const o of s.options) {
			if (o.value !== "" && o.textContent.trim().endsWith(label)) return o.value;
		}
		return "";
	}`, chromedp.WithPollingArgs(sel, label), chromedp.WithPollingTimeout(2*time.Second)))
	if value == "" {
		b.fatalf("%s has no option %q", sel, label)
	}
	b.do("choose "+label, chromedp.SetValue(chromedp.CSS(sel), value))
}

// login signs in with a demo account and checks the top bar names the user.
func (b *tab) login(username string) {
	b.t.Helper()
	b.open("/login")
	b.fill("#username", username)
	b.fill("#password", demo.Password)
	b.click("log in as "+username, `form[action="/login"] button`)
	want := username
	for _, l := range demo.Logins() {
		if l.Username == username {
			want = l.Name
		}
	}
	if got := b.text(".topbar .who"); !strings.Contains(got, want) {
		b.fatalf("logged in as %q, the top bar reads %q", want, got)
	}
}

// fatalf saves what the browser shows, then fails the test.
func (b *tab) fatalf(format string, args ...any) {
	b.t.Helper()
	b.dump()
	b.t.Fatalf(b.name+": "+format, args...)
}

// dump logs the page's address and text and saves a screenshot. It uses a
// context of its own, as the step's context may be what ran out.
func (b *tab) dump() {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, diagTimeout)
	defer cancel()
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
		b.t.Logf("%s: page %s", b.name, loc)
	}
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		if r := []rune(text); len(r) > 4000 {
			text = string(r[:4000]) + "…"
		}
		b.t.Logf("%s: page text:\n%s", b.name, text)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("%s: no screenshot: %v", b.name, err)
		return
	}
	dir, err := artifactDir()
	if err != nil {
		b.t.Logf("%s: no screenshot: %v", b.name, err)
		return
	}
	file := filepath.Join(dir, safeName(b.t.Name()+"-"+b.name)+".png")
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		b.t.Logf("%s: no screenshot: %v", b.name, err)
		return
	}
	b.t.Logf("%s: screenshot %s", b.name, file)
}

// artifactDir is where failing tests leave screenshots: MINYI_E2E_ARTIFACTS,
// or a new folder under the system's temporary folder that outlives the
// test (a t.TempDir would be removed before anyone could look).
func artifactDir() (string, error) {
	if d := os.Getenv("MINYI_E2E_ARTIFACTS"); d != "" {
		return d, os.MkdirAll(d, 0o755)
	}
	return os.MkdirTemp("", "minyi-e2e-")
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func safeName(s string) string { return unsafeChars.ReplaceAllString(s, "_") }

// jsString quotes s for JavaScript source.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}
