package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/bench"
)

const benchUsage = `用法 Usage:
  minyi bench intake --url URL [--duration 30s] [--concurrency 16] [--token T] [--json]
  minyi bench pages  --url URL [--duration 30s] [--concurrency 8] [--user handler1 --password P]
                     [--staff dispatcher1] [--json]
  minyi bench dashboard --url URL [--duration 30s] [--concurrency 4] [--staff dispatcher1]
  minyi bench kpi --url URL [--duration 30s] [--concurrency 4] [--staff supervisor1] [--period 2026]

从另一个进程对运行中的服务加压，报告吞吐和延迟分位数（p50/p95/p99）。
intake：通过 POST /api/v1/appeals 持续提交诉求。
pages：以承办人身份轮流打开单位队列页（待签收/办理中/即将超时/已超时），
并以市民身份打开查询进度页（编号 + 手机后 4 位）。
dashboard：以 --staff 身份依次打开领导驾驶舱、诉求趋势、热点问题和诉求查询页。
kpi：以 --staff 身份依次打开 --period 年度的考核页（单位/区/部门，年/季度/月）、
考核明细和公开的“当裁判”页（--staff 默认 supervisor1）。
Drives load against a running server from a second process and reports
throughput and latency percentiles. intake files appeals through the API;
pages opens a unit's queue pages as a handler and tracking pages as a citizen;
dashboard opens the dashboard, trends, hot-issue and appeal-list pages as
the --staff user. kpi opens the assessment pages of the --period year
(unit, district and department; year, quarter and month), a drill-down and
the public scoreboard (--staff supervisor1 by default).

参数 Flags:
`

// benchFlags are the options of "minyi bench".
type benchFlags struct {
	kind        string
	url         string
	duration    time.Duration
	concurrency int
	token       string
	user, pass  string
	staff       string
	period      string
	json        bool
}

func (m *Main) parseBench(args []string) error {
	fs := flag.NewFlagSet("minyi bench", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprint(m.Stderr, benchUsage); fs.PrintDefaults() }
	b := &benchFlags{}
	fs.StringVar(&b.url, "url", "http://127.0.0.1:8080", "服务地址 server URL")
	fs.DurationVar(&b.duration, "duration", 30*time.Second, "持续时间 how long to run")
	fs.IntVar(&b.concurrency, "concurrency", 0, "并发数 concurrent clients (intake 16, pages 8)")
	fs.StringVar(&b.token, "token", "", "API 令牌（可选）bearer token (optional)")
	fs.StringVar(&b.user, "user", "handler1", "打开队列页的承办人 handler whose queues are opened")
	fs.StringVar(&b.pass, "password", "minyi2026", "该用户的密码 the handler's password")
	fs.StringVar(&b.staff, "staff", "dispatcher1", "用于取诉求编号的派单员 dispatcher used to list tracking numbers")
	fs.StringVar(&b.period, "period", strconv.Itoa(time.Now().Year()), "kpi：考核年度 the year the kpi pages show")
	fs.BoolVar(&b.json, "json", false, "输出 JSON print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "intake" && pos[0] != "pages" && pos[0] != "dashboard" && pos[0] != "kpi") {
		fs.Usage()
		return errors.New("用法：minyi bench intake|pages|dashboard|kpi (usage)")
	}
	b.kind = pos[0]
	if b.concurrency <= 0 {
		b.concurrency = map[string]int{"intake": 16, "pages": 8, "dashboard": 4, "kpi": 4}[b.kind]
	}
	staffSet := false
	fs.Visit(func(f *flag.Flag) { staffSet = staffSet || f.Name == "staff" })
	if b.kind == "kpi" && !staffSet {
		b.staff = "supervisor1" // dispatchers are not assessed and may not see the figures
	}
	m.bench = b
	return nil
}

func (m *Main) runBench(ctx context.Context) error {
	b := m.bench
	base := strings.TrimRight(b.url, "/")
	progress := func(done int64, elapsed time.Duration) {
		if !b.json {
			fmt.Fprintf(m.Stderr, "\r%s: %d 个请求 requests, %.0f/s ", b.kind, done, float64(done)/elapsed.Seconds())
		}
	}
	results := map[string]bench.Result{}
	switch b.kind {
	case "intake":
		results["intake"] = bench.Run(ctx, bench.Options{
			Concurrency: b.concurrency, Duration: b.duration, Progress: progress,
			NewRequest: bench.IntakeRequests(base, b.token),
			OK:         func(s int) bool { return s == http.StatusCreated },
		})
	case "pages":
		queue, err := m.queueRequests(ctx, base, b.user, b.pass)
		if err != nil {
			return err
		}
		track, err := m.trackRequests(ctx, base, b.staff, b.pass)
		if err != nil {
			return err
		}
		half := b.duration / 2
		results["queue"] = bench.Run(ctx, bench.Options{Concurrency: b.concurrency, Duration: half, Progress: progress, NewRequest: queue.next, Client: queue.client})
		results["track"] = bench.Run(ctx, bench.Options{Concurrency: b.concurrency, Duration: half, Progress: progress, NewRequest: track.next, Client: track.client})
	case "dashboard", "kpi":
		// The analysis pages as the staff user (--staff) opens them.
		c, err := loggedIn(ctx, base, b.staff, b.pass)
		if err != nil {
			return err
		}
		pages := dashboardPages
		if b.kind == "kpi" {
			pages = kpiPages
		}
		per := b.duration / time.Duration(len(pages))
		today := time.Now().In(minyi.DefaultLocation)
		days := "&since=" + today.AddDate(0, 0, -29).Format(time.DateOnly) + "&until=" + today.Format(time.DateOnly)
		for _, p := range pages {
			p.path = strings.ReplaceAll(p.path, "{days}", days)
			p.path = strings.ReplaceAll(p.path, "{year}", url.QueryEscape(b.period))
			results[p.name] = bench.Run(ctx, bench.Options{Concurrency: b.concurrency, Duration: per, Progress: progress, Client: c,
				NewRequest: func(ctx context.Context, i int) (*http.Request, error) {
					return http.NewRequestWithContext(ctx, http.MethodGet, base+p.path, nil)
				}})
		}
	}
	if !b.json {
		fmt.Fprintln(m.Stderr)
	}
	failed := false
	for name, r := range results {
		if r.Errors > 0 {
			failed = true
		}
		if !b.json {
			fmt.Fprintf(m.Stdout, "%-7s %s\n", name, r)
			if r.FirstError != "" {
				fmt.Fprintf(m.Stdout, "        first error: %s\n", r.FirstError)
			}
		}
	}
	if b.json {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	}
	if failed {
		return errors.New("部分请求失败 some requests failed")
	}
	return nil
}

// dashboardPages are what "minyi bench dashboard" opens, one after another.
var dashboardPages = []struct{ name, path string }{
	{"dashboard", "/work/dashboard?period=30"},
	{"trends-district", "/work/trends?by=district&period=day"},
	{"trends-category-month", "/work/trends?by=category&period=month&since=2026-01-01"},
	{"hotspots", "/work/hotspots"},
	{"appeals-drill-down", "/work/appeals?district=%E7%A6%8F%E7%94%B0%E5%8C%BA&type=complaint{days}"},
	{"appeals-filter", "/work/appeals?district=%E7%A6%8F%E7%94%B0%E5%8C%BA&type=complaint"},
}

// kpiPages are what "minyi bench kpi" opens, one after another; {year}
// is --period. The drill-down lists the first page of the city's
// street offices' signing figure.
var kpiPages = []struct{ name, path string }{
	{"kpi-unit-year", "/work/kpi?level=unit&period={year}"},
	{"kpi-unit-q4", "/work/kpi?level=unit&period={year}-Q4"},
	{"kpi-district-month", "/work/kpi?level=district&period={year}-10"},
	{"kpi-department-year", "/work/kpi?level=department&period={year}"},
	{"kpi-api-unit-year", "/api/v1/kpi?level=unit&period={year}"},
	{"kpi-drill-down", "/work/kpi/appeals?level=department&id=street&indicator=sign&period={year}"},
	{"scoreboard", "/scoreboard"},
}

// loadSource builds requests for one benchmark with its own HTTP client.
type loadSource struct {
	client *http.Client
	next   func(ctx context.Context, i int) (*http.Request, error)
}

// loggedIn returns a client holding a session for the user.
func loggedIn(ctx context.Context, base, user, pass string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	body, _ := json.Marshal(map[string]string{"username": user, "password": pass})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/login", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("以 %s 登录失败 login as %s failed: %s", user, user, resp.Status)
	}
	return c, nil
}

// queueRequests opens the handler's queue tabs in turn.
func (m *Main) queueRequests(ctx context.Context, base, user, pass string) (*loadSource, error) {
	c, err := loggedIn(ctx, base, user, pass)
	if err != nil {
		return nil, err
	}
	tabs := []string{"to_sign", "handling", "warning", "overdue", "all"}
	return &loadSource{client: c, next: func(ctx context.Context, i int) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, base+"/work/queue?tab="+tabs[i%len(tabs)], nil)
	}}, nil
}

// trackRequests proves ownership of random appeals (number + last 4 phone
// digits) and follows the redirect to their tracking pages, as citizens do.
func (m *Main) trackRequests(ctx context.Context, base, staff, pass string) (*loadSource, error) {
	c, err := loggedIn(ctx, base, staff, pass)
	if err != nil {
		return nil, err
	}
	type pair struct{ no, last4 string }
	var pairs []pair
	before := ""
	for len(pairs) < 2000 {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/appeals?limit=200"+before, nil)
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, fmt.Errorf("读取诉求列表 list appeals: %s", resp.Status)
		}
		var page struct {
			Appeals []struct {
				TrackingNo   string `json:"tracking_no"`
				ContactPhone string `json:"contact_phone"`
			} `json:"appeals"`
			Next int64 `json:"next_before_id"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("读取诉求列表 list appeals: %w", err)
		}
		for _, a := range page.Appeals {
			if p := a.ContactPhone; len(p) >= 4 && !strings.Contains(p[len(p)-4:], "*") {
				pairs = append(pairs, pair{a.TrackingNo, p[len(p)-4:]})
			}
		}
		if page.Next == 0 || len(page.Appeals) == 0 {
			break
		}
		before = fmt.Sprintf("&before_id=%d", page.Next)
	}
	if len(pairs) == 0 {
		return nil, errors.New("没有可查询的诉求 no appeals with a phone to track")
	}
	jar, _ := cookiejar.New(nil)
	citizen := &http.Client{Jar: jar, Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	return &loadSource{client: citizen, next: func(ctx context.Context, i int) (*http.Request, error) {
		p := pairs[(i*7919)%len(pairs)]
		form := url.Values{"no": {p.no}, "last4": {p.last4}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/track", strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		return req, err
	}}, nil
}
