package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	stdhttp "net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"minyi"
	"minyi/analytics"
	"minyi/demo"
	"minyi/events"
	"minyi/http"
	"minyi/importer"
	"minyi/routing"
	"minyi/search"
	"minyi/store"
)

// Version is set at build time with -ldflags "-X main.Version=…".
var Version = "dev"

// errNothingImported makes the process exit with 1 after an import that
// stored nothing (the summary was printed already).
var errNothingImported = errors.New("nothing imported")

// Main is the program: ParseFlags reads the command line, Run does the
// work (for serve it starts the server and returns), Close stops
// everything. End-to-end tests drive it the same way main does.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string

	Command string // serve, demo, import, token, version, help
	Addr    string
	DataDir string
	DSN     string
	NATS    string
	NoDemo  bool
	// DemoAppeals is how many appeals serve seeds on a first start.
	DemoAppeals int
	Appeals     int    // demo --appeals
	Days        int    // demo --days
	Seed        uint64 // demo --seed
	Kind        string // import: appeals or categories
	File        string // import
	User, Role  string // token
	Unit        string // token, for new handlers and leaders
	NoProgress  bool
	// RetrainEvery is how often serve retrains the routing models when
	// appeals were labelled or corrected since (0: never).
	RetrainEvery time.Duration
	bench        *benchFlags
	kpi          *kpiFlags
	classify     *classifyFlags
	dedup        *dedupFlags
	hotspots     *hotspotsFlags
	report       *reportFlags
	replies      *repliesFlags

	DB      *store.DB
	Bus     *events.Bus
	Logger  *slog.Logger
	Advisor *routing.Advisor

	// JetStream is the NATS event bus, when serve runs with --nats.
	JetStream *events.JetStream
	// Signals carries the live chat's change signals between instances
	// over NATS, with JetStream.
	Signals *events.Signals

	listener net.Listener
	server   *stdhttp.Server
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// NewMain returns a Main writing to the standard streams.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, DemoAppeals: 3000}
}

const rootUsage = `minyi — 民意速办：市民诉求受理、派单、办理、答复与评价平台
Minyi — citizen-appeal platform: intake, dispatch, handling, reply, rating

用法 Usage:
  minyi serve   [--addr 127.0.0.1:8080] [--data DIR] [--db URL] [--no-demo] [--nats URL] [--retrain-every 24h]
  minyi demo    [--data DIR | --db URL] --appeals N
  minyi import  appeals    [--data DIR] [--db URL] FILE
  minyi import  categories [--data DIR] [--db URL] FILE
  minyi token   [--data DIR] --user NAME [--role ROLE] [--unit UNIT]
  minyi bench   intake|pages|dashboard|kpi --url URL [--duration 30s] [--concurrency N] [--json]
  minyi dedup   --input FILE [--threshold 0.6] [--json]
  minyi hotspots --input FILE [--top 10] [--json]
  minyi report  daily [--date YYYY-MM-DD] [--data DIR | --db URL] [--format text|html|json] [--out FILE]
  minyi replies score --input FILE [--json] | backfill [--data DIR | --db URL] [--days 90]
  minyi kpi     recompute [--period 2026|2026-Q4|2026-10|all] [--data DIR | --db URL]
  minyi classify eval|train|predict|models [--train FILE --test FILE | --input FILE --out MODEL | --db URL | --model MODEL]
  minyi version

每个命令都支持 --help。Every command takes --help.
环境变量 Environment: MINYI_ADDR, MINYI_DATA, MINYI_DB, MINYI_NATS, MINYI_RETRAIN_EVERY.
`

var usages = map[string]string{
	"serve": `用法 Usage: minyi serve [flags]

启动网站和 API 服务。首次启动且数据库为空时（未指定 --no-demo），
自动生成演示数据（深圳市组织架构、各角色演示账号、分类和诉求），
并打印演示账号。按 Ctrl+C 平滑关闭。
Starts the web site and API. On a first start with an empty database
(unless --no-demo) it seeds the demo (organisation, accounts for every
role, categories and appeals) and prints the demo logins. Ctrl+C stops it
gracefully.

智能分拨模型（分类、承办单位）按 --retrain-every 定期重新训练（仅当有新的
已签收诉求或人工纠正时；0 为关闭）；生成演示数据后在后台先训练一次。
The routing models (category, unit) are retrained every --retrain-every
when appeals were signed for or corrected since (0: never); after seeding
the demo they are trained once in the background.

参数 Flags:
`,
	"demo": `用法 Usage: minyi demo --appeals N [flags]

向数据库添加 N 条生成的诉求（用于演示和压测）；数据库为空时先创建演示组织和账号。
Adds N generated appeals (for demos and benchmarks); an empty database gets
the demo organisation and accounts first.

参数 Flags:
`,
	"import": `用法 Usage:
  minyi import appeals    [flags] FILE
  minyi import categories [flags] FILE
  minyi import services   [flags] FILE

导入诉求（CSV/XLSX，列：留言编号、留言用户、留言主题、留言时间、留言详情，
可选 一级标签/一级分类、点赞数、反对数、答复意见、答复时间）或分类
（列：一级分类、二级分类、三级分类）或办事指南（列：事项名称必填，
实施主体/部门、主事项、事项编码、承诺时限等可选，其他列保留）。CSV 可为 UTF-8 或 GB18030。
参数可写在文件名前后。没有导入任何记录时退出码为 1。
Imports appeals (CSV/XLSX with message-board columns as above) or the
category taxonomy, or a service catalogue (事项名称 required; 部门 means
实施主体, 主事项 the theme; unknown columns are kept). Flags may come before or after FILE. Exits with 1 when
nothing was imported.

参数 Flags:
`,
	"token": `用法 Usage: minyi token --user NAME [--role ROLE] [flags]

为用户生成 API 令牌（Authorization: Bearer …）并打印到标准输出；
用户不存在时按 --role 创建（随机密码）。
Prints a new API bearer token for the user; creates the user with a random
password (and --role) when absent.

参数 Flags:
`,
	"version": "用法 Usage: minyi version\n\n打印版本。Prints the version.\n",
}

// ParseFlags reads the command line and the MINYI_* environment.
func (m *Main) ParseFlags(ctx context.Context, args []string) error {
	if m.Getenv == nil {
		m.Getenv = os.Getenv
	}
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, rootUsage)
		return errors.New("请指定命令 (a command is required)")
	}
	m.Command = args[0]
	args = args[1:]
	switch m.Command {
	case "help", "-h", "--help", "-help":
		if len(args) > 0 && usages[args[0]] != "" {
			fmt.Fprint(m.Stdout, usages[args[0]])
		} else {
			fmt.Fprint(m.Stdout, rootUsage)
		}
		return flag.ErrHelp
	case "bench":
		return m.parseBench(args)
	case "classify":
		return m.parseClassify(args)
	case "dedup":
		return m.parseDedup(args)
	case "hotspots":
		return m.parseHotspots(args)
	case "report":
		return m.parseReport(args)
	case "replies":
		return m.parseReplies(args)
	case "kpi":
		return m.parseKPI(args)
	case "serve", "demo", "import", "token", "version":
	default:
		fmt.Fprint(m.Stderr, rootUsage)
		return fmt.Errorf("未知命令 %q (unknown command)", m.Command)
	}

	fs := flag.NewFlagSet("minyi "+m.Command, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprint(m.Stderr, usages[m.Command])
		fs.PrintDefaults()
	}
	env := m.env
	storage := func() { m.storageFlags(fs, "") }
	switch m.Command {
	case "serve":
		fs.StringVar(&m.Addr, "addr", env("MINYI_ADDR", "127.0.0.1:8080"), "监听地址 listen address")
		storage()
		fs.BoolVar(&m.NoDemo, "no-demo", false, "空数据库不生成演示数据 do not seed the demo into an empty database")
		fs.StringVar(&m.NATS, "nats", env("MINYI_NATS", ""), "NATS 地址，多实例时使用 NATS URL for several instances")
		fs.IntVar(&m.DemoAppeals, "demo-appeals", m.DemoAppeals, "首次启动生成的演示诉求数 appeals seeded on a first start")
		every := 24 * time.Hour
		if v := m.Getenv("MINYI_RETRAIN_EVERY"); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("MINYI_RETRAIN_EVERY=%q 不是有效的时长，如 24h (not a duration)", v)
			}
			every = d
		}
		fs.DurationVar(&m.RetrainEvery, "retrain-every", every, "智能分拨模型重新训练间隔，0 为关闭 how often to retrain the routing models (0: never)")
	case "demo":
		storage()
		fs.IntVar(&m.Appeals, "appeals", 0, "要生成的诉求数 number of appeals to generate")
		fs.IntVar(&m.Days, "days", 120, "分布在最近多少天 spread over the last N days")
		fs.Uint64Var(&m.Seed, "seed", uint64(time.Now().UnixNano()), "随机种子，相同种子生成相同数据 random seed")
		fs.BoolVar(&m.NoProgress, "no-progress", false, "不显示进度条 no progress bar")
	case "import":
		storage()
		fs.BoolVar(&m.NoProgress, "no-progress", false, "不显示进度条 no progress bar")
	case "token":
		storage()
		fs.StringVar(&m.User, "user", "", "用户名 username")
		fs.StringVar(&m.Role, "role", "", "新用户的角色 role of a new user: "+roleList())
		fs.StringVar(&m.Unit, "unit", "", "新用户所属单位名称 unit name of a new handler or leader")
	}

	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch m.Command {
	case "import":
		if len(pos) != 2 || (pos[0] != "appeals" && pos[0] != "categories" && pos[0] != "services") {
			fs.Usage()
			return errors.New("用法：minyi import appeals|categories|services FILE (usage)")
		}
		m.Kind, m.File = pos[0], pos[1]
	case "demo":
		if m.Appeals <= 0 {
			fs.Usage()
			return errors.New("请用 --appeals N 指定数量 (--appeals N is required)")
		}
	case "token":
		if m.User == "" {
			fs.Usage()
			return errors.New("请用 --user 指定用户名 (--user is required)")
		}
	}
	if len(pos) > 0 && m.Command != "import" {
		return fmt.Errorf("多余的参数 unexpected arguments: %s", strings.Join(pos, " "))
	}
	if m.DSN == "" && m.DataDir != "" {
		m.DSN = filepath.Join(m.DataDir, "minyi.db")
	}
	return nil
}

func roleList() string {
	var s []string
	for _, r := range minyi.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

// Run executes the command. For serve it returns once the server listens.
func (m *Main) Run(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	if m.Command == "version" {
		fmt.Fprintln(m.Stdout, versionString())
		return nil
	}
	if m.Command == "bench" {
		return m.runBench(ctx)
	}
	if m.Command == "classify" {
		return m.runClassify(ctx)
	}
	if m.Command == "dedup" {
		return m.runDedup(ctx)
	}
	if m.Command == "hotspots" {
		return m.runHotspots(ctx)
	}
	if m.Command == "report" {
		return m.runReport(ctx)
	}
	if m.Command == "replies" {
		return m.runReplies(ctx)
	}
	if m.Command == "kpi" {
		return m.runKPI(ctx)
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	switch m.Command {
	case "serve":
		return m.serve(ctx)
	case "demo":
		return m.demo(ctx)
	case "import":
		return m.importFile(ctx)
	case "token":
		return m.token(ctx)
	}
	return fmt.Errorf("unknown command %q", m.Command)
}

func versionString() string {
	s := "minyi " + Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		s += " (" + bi.GoVersion
		for _, kv := range bi.Settings {
			if kv.Key == "vcs.revision" && len(kv.Value) >= 12 {
				s += ", " + kv.Value[:12]
			}
		}
		s += ")"
	}
	return s
}

func (m *Main) openDB(ctx context.Context) error {
	if m.DataDir != "" {
		if err := os.MkdirAll(m.DataDir, 0o750); err != nil {
			return fmt.Errorf("创建数据目录 create data directory: %w", err)
		}
	}
	db, err := store.Open(ctx, m.DSN)
	if err != nil {
		return err
	}
	m.DB = db
	return nil
}

// Close stops the server and background jobs and closes the database.
func (m *Main) Close() error {
	var err error
	if m.server != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = m.server.Shutdown(sctx)
		cancel()
	}
	if m.cancel != nil {
		m.cancel()
	}
	m.wg.Wait()
	if m.Signals != nil {
		if e := m.Signals.Close(); err == nil {
			err = e
		}
		m.Signals = nil
	}
	if m.JetStream != nil {
		if e := m.JetStream.Close(); err == nil {
			err = e
		}
		m.JetStream = nil
	}
	if m.DB != nil {
		if e := m.DB.Close(); err == nil {
			err = e
		}
		m.DB = nil
	}
	return err
}

// URL is where the server listens, once Run returned for serve.
func (m *Main) URL() string {
	if m.listener == nil {
		return ""
	}
	return "http://" + m.listener.Addr().String()
}

func (m *Main) bar(total int, desc string) func(done, total int) {
	if m.NoProgress {
		return nil
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(m.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(m.Stderr) }),
	)
	return func(done, _ int) { _ = bar.Set(done) }
}

// lazyBar is a progress callback whose bar is made on the first call, when
// the total (the rows of a file) is known; nil with --no-progress.
func (m *Main) lazyBar(desc string) func(done, total int) {
	if m.NoProgress {
		return nil
	}
	var bar func(done, total int)
	return func(done, total int) {
		if bar == nil {
			bar = m.bar(total, desc)
		}
		bar(done, total)
	}
}

func (m *Main) serve(ctx context.Context) error {
	if m.NATS != "" {
		js, err := events.NewJetStream(ctx, m.NATS, events.WithLogger(m.Logger))
		if err != nil {
			return fmt.Errorf("连接事件总线 connect the event bus: %w", err)
		}
		m.JetStream = js
		fmt.Fprintf(m.Stdout, "事件总线已连接 event bus connected: NATS JetStream %s, stream %s\n", js.URL(), js.Stream())
	}
	empty, err := m.DB.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if empty && !m.NoDemo {
		fmt.Fprintf(m.Stderr, "首次启动：正在生成演示数据（%d 条诉求）… first start: seeding the demo\n", m.DemoAppeals)
		start := time.Now()
		err := demo.Seed(ctx, m.DB, demo.Options{Appeals: m.DemoAppeals, Seed: 1, Progress: m.bar(m.DemoAppeals, "演示数据 demo")})
		if err == nil {
			err = m.DB.Optimize(ctx)
		}
		if err != nil {
			return fmt.Errorf("生成演示数据 seed demo: %w", err)
		}
		fmt.Fprintf(m.Stderr, "演示数据已生成，用时 %s\n", time.Since(start).Round(time.Millisecond))
	}
	seeded := empty && !m.NoDemo

	m.Advisor = routing.New(m.DB, routing.Options{Logger: m.Logger})
	// One search engine answers the search box and judges which latent
	// needs the catalogue answers.
	finder := &search.Engine{Index: m.DB, Log: m.DB, Logger: m.Logger}
	hot := &analytics.HotIssues{Appeals: m.DB, Logger: m.Logger, Answers: finder}
	cfg := http.Config{Services: m.DB, DataDir: m.DataDir, Logger: m.Logger, Advisor: m.Advisor, HotIssues: hot, Search: finder}
	if m.JetStream != nil {
		// Without this, a chat stream on one instance would see a change
		// made on another only at its periodic refresh.
		m.Signals = events.NewSignals(m.JetStream)
		cfg.Signals = m.Signals
	}
	srv := http.NewServer(cfg)
	if m.Signals != nil {
		if err := m.Signals.Subscribe(srv.Signal); err != nil {
			return fmt.Errorf("订阅会话信号 subscribe to chat signals: %w", err)
		}
	}
	ln, err := net.Listen("tcp", m.Addr)
	if err != nil {
		return err
	}
	m.listener = ln
	m.server = &stdhttp.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn)}
	m.server.RegisterOnShutdown(srv.CloseStreams)

	jobs, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.Bus = events.NewBus(m.Logger)
	var pub events.Publisher = m.Bus
	if m.JetStream != nil {
		pub = events.Publishers{m.Bus, m.JetStream}
	}
	relay := &events.Relay{Outbox: m.DB, Publisher: pub, Logger: m.Logger}
	sched := &events.Scheduler{Appeals: m.DB, Settings: m.DB, Logger: m.Logger}
	trainer := &routing.Trainer{Store: m.DB, Logger: m.Logger, Advisor: m.Advisor}
	// The Advisor loads its models and indexes the open appeals in the
	// background, so that the server answers at once; until then pages
	// simply show no advice.
	m.wg.Go(func() {
		if err := m.Advisor.Start(jobs, m.Bus); err != nil {
			m.Logger.Error("routing advisor", "err", err)
			return
		}
		<-jobs.Done()
		m.Advisor.Wait()
	})
	if seeded {
		// A first start shows the demo with suggestions: train now rather
		// than after the first interval.
		m.wg.Go(func() {
			if _, err := trainer.Train(jobs); err != nil && jobs.Err() == nil {
				m.Logger.Warn("routing: train on the demo", "err", err)
			}
		})
	}
	// The search index is brought in step now (after an upgrade that cuts
	// words differently, or an import by SQL), not on the first search.
	m.wg.Go(func() {
		if n, err := m.DB.RefreshSearchIndex(jobs); err != nil && jobs.Err() == nil {
			m.Logger.Warn("search: refresh the index", "err", err)
		} else if n > 0 {
			m.Logger.Info("search: index refreshed", "items", n)
		}
	})
	// Hot issues are analysed in the background and kept in memory.
	m.wg.Go(func() { hot.Run(jobs) })
	m.wg.Go(func() { m.scoreRecentReplies(jobs) })
	if m.RetrainEvery > 0 {
		m.wg.Go(func() { trainer.Run(jobs, m.RetrainEvery) })
	}
	m.wg.Add(3)
	go func() {
		defer m.wg.Done()
		if err := m.server.Serve(ln); err != nil && !errors.Is(err, stdhttp.ErrServerClosed) {
			m.Logger.Error("http server", "err", err)
		}
	}()
	go func() { defer m.wg.Done(); _ = relay.Run(jobs) }()
	go func() { defer m.wg.Done(); _ = sched.Run(jobs) }()

	fmt.Fprintf(m.Stdout, "民意速办已启动 Minyi is running at %s\n", m.URL())
	m.printLogins(ctx)
	return nil
}

// printLogins prints the demo accounts while they still have the demo
// password.
func (m *Main) printLogins(ctx context.Context) {
	logins := demo.Logins()
	if _, err := m.DB.Authenticate(ctx, logins[0].Username, logins[0].Password); err != nil {
		return
	}
	fmt.Fprintf(m.Stdout, "\n演示账号（密码均为 %s，正式使用前请修改或停用）Demo logins:\n", demo.Password)
	rows := [][]string{{"用户名 username", "角色 role", "单位 unit", "密码 password"}}
	for _, l := range logins {
		unit := l.Unit
		if unit == "" {
			unit = "-"
		}
		rows = append(rows, []string{l.Username, minyi.RoleLabels[l.Role] + " " + string(l.Role), unit, l.Password})
	}
	printTable(m.Stdout, rows)
	fmt.Fprintln(m.Stdout)
}

func (m *Main) demo(ctx context.Context) error {
	empty, err := m.DB.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if empty {
		fmt.Fprintln(m.Stderr, "数据库为空，先创建演示组织和账号 creating the demo organisation first")
		if err := demo.SeedOrganisation(ctx, m.DB); err != nil {
			return err
		}
	}
	start := time.Now()
	err = demo.GenerateAppeals(ctx, m.DB, demo.Options{Appeals: m.Appeals, Days: m.Days, Seed: m.Seed, BatchSize: 2000,
		Progress: m.bar(m.Appeals, "生成诉求 appeals")})
	if err != nil {
		return err
	}
	if err := m.DB.Optimize(ctx); err != nil {
		return err
	}
	d := time.Since(start)
	fmt.Fprintf(m.Stdout, "已生成 %d 条诉求，用时 %s，%.0f 条/秒 (generated %d appeals)\n", m.Appeals, d.Round(time.Millisecond), float64(m.Appeals)/d.Seconds(), m.Appeals)
	if empty {
		m.printLogins(ctx)
	}
	return nil
}

func (m *Main) importFile(ctx context.Context) error {
	if _, err := os.Stat(m.File); err != nil {
		return err
	}
	if m.Kind == "services" {
		return m.importServices(ctx)
	}
	if m.Kind == "categories" {
		sum, err := importer.CategoriesFile(ctx, m.DB, m.File)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "读取 %d 行，%d 个分类路径，新建 %d 个分类，拒绝 %d 行 (read %d rows, %d paths, created %d, rejected %d)\n",
			sum.Read, sum.Paths, sum.Created, sum.Rejected, sum.Read, sum.Paths, sum.Created, sum.Rejected)
		m.printReasons(sum.Reasons)
		if sum.Paths == 0 {
			return errNothingImported
		}
		return nil
	}
	start := time.Now()
	sum, err := importer.AppealsFile(ctx, m.DB, m.File, importer.Options{Progress: m.lazyBar("导入诉求 import")})
	if err != nil {
		return err
	}
	if err := m.DB.Optimize(ctx); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "读取 %d 行，导入 %d 条，拒绝 %d 条，用时 %s (read %d, imported %d, rejected %d)\n",
		sum.Read, sum.Imported, sum.Rejected, time.Since(start).Round(time.Millisecond), sum.Read, sum.Imported, sum.Rejected)
	m.printReasons(sum.Reasons)
	if sum.Imported == 0 {
		return errNothingImported
	}
	return nil
}

func (m *Main) printReasons(reasons []importer.Reason) {
	const show = 20
	for i, r := range reasons {
		if i == show {
			fmt.Fprintf(m.Stdout, "  …另有 %d 条 (%d more)\n", len(reasons)-show, len(reasons)-show)
			break
		}
		if r.ExternalID != "" {
			fmt.Fprintf(m.Stdout, "  第 %d 行（编号 %s）：%s\n", r.Row, r.ExternalID, r.Reason)
		} else {
			fmt.Fprintf(m.Stdout, "  第 %d 行：%s\n", r.Row, r.Reason)
		}
	}
}

func (m *Main) token(ctx context.Context) error {
	u, err := m.DB.FindUserByUsername(ctx, m.User)
	if minyi.ErrorCode(err) == minyi.ENOTFOUND {
		if m.Role == "" {
			return fmt.Errorf("用户 %s 不存在，请用 --role 指定角色以创建 (user not found; give --role to create it)", m.User)
		}
		role, err := minyi.ParseRole(m.Role)
		if err != nil {
			return err
		}
		u = &minyi.User{Username: m.User, DisplayName: m.User, Role: role}
		if m.Unit != "" {
			unit, err := m.DB.FindUnitByName(ctx, m.Unit)
			if err != nil {
				return err
			}
			u.UnitID = unit.ID
		}
		if err := m.DB.CreateUser(ctx, u, randomPassword()); err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "已创建用户 %s（%s），密码为随机值 created user with a random password\n", u.Username, minyi.RoleLabels[u.Role])
	} else if err != nil {
		return err
	} else if m.Role != "" && string(u.Role) != m.Role && minyi.RoleLabels[u.Role] != m.Role {
		return fmt.Errorf("用户 %s 已存在，角色为 %s (user exists with role %s)", u.Username, u.Role, u.Role)
	}
	tok, err := m.DB.CreateToken(ctx, u.ID, "cli "+time.Now().Format("2006-01-02 15:04"))
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, tok)
	return nil
}

// printTable writes rows in aligned columns, counting wide (CJK)
// characters as two cells as terminals show them.
func printTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// parseInterspersed parses flags that may come before and after the
// positional arguments, and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// env is the environment variable k, or def when it is unset or empty.
func (m *Main) env(k, def string) string {
	if v := m.Getenv(k); v != "" {
		return v
	}
	return def
}

// storageFlags adds --data and --db (MINYI_DATA, MINYI_DB) to a command's
// flags; for names the subcommands that use them in the help, as in
// "backfill：".
func (m *Main) storageFlags(fs *flag.FlagSet, forWhat string) {
	fs.StringVar(&m.DataDir, "data", m.env("MINYI_DATA", "./minyi-data"), forWhat+"数据目录 data directory (attachments, SQLite)")
	fs.StringVar(&m.DSN, "db", m.env("MINYI_DB", ""), forWhat+"数据库：SQLite 文件路径或 postgres:// URL（默认 DIR/minyi.db） database")
}
