package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"minyi"
	"minyi/brief"
	"minyi/http"

	"golang.org/x/term"
)

const reportUsage = `用法 Usage: minyi report daily [--date YYYY-MM-DD] [--data DIR | --db URL] [--format text|html|json|pdf] [--out FILE]

生成舆情日报：当日诉求总量及较前一日、较上周同日的变化，诉求较多的一级分类和区
（前 5），当日仍有诉求的热点问题（近 30 天分析，新出现/持续升温，前 10），以及
当日 24 时已超时的诉求数。默认为昨天的日报，输出中文文本；--format html 输出与
网站 /work/brief 相同的独立网页（样式内嵌，可直接打开或打印），pdf 输出与
/work/brief.pdf 相同的 A4 PDF（须用 --out 或重定向到文件），json 输出与
GET /api/v1/brief 相同的数据。进度和说明写到标准错误。
Builds the daily brief of a day (yesterday by default): the day's appeals
against the day before and the same weekday a week before, the top
categories and districts, the hot issues with appeals on the day, and the
appeals overdue at its end. Text (Chinese), a standalone HTML page (the
server's /work/brief with its CSS inline), an A4 PDF (as /work/brief.pdf;
to a file, not a terminal) or JSON (as the API's).

参数 Flags:
`

// reportFlags are the options of "minyi report daily".
type reportFlags struct {
	date   string
	format string
	out    string
	lang   string
}

func (m *Main) parseReport(args []string) error {
	fs := flag.NewFlagSet("minyi report", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprint(m.Stderr, reportUsage); fs.PrintDefaults() }
	r := &reportFlags{}
	fs.StringVar(&r.date, "date", "", "日报日期 YYYY-MM-DD（默认昨天）the day, yesterday when empty")
	fs.StringVar(&r.format, "format", "text", "输出格式 text、html、pdf 或 json output format")
	fs.StringVar(&r.out, "out", "", "输出文件（默认标准输出）file to write, stdout when empty")
	fs.StringVar(&r.lang, "lang", "zh", "html 的界面语言 zh 或 en language of the html page")
	m.storageFlags(fs, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "daily" {
		fs.Usage()
		if len(pos) == 0 {
			return errors.New("请指定报告类型：minyi report daily (a report is required)")
		}
		return fmt.Errorf("未知报告 %q，目前只有 daily（舆情日报）(unknown report)", strings.Join(pos, " "))
	}
	switch r.format {
	case "text", "html", "json", "pdf":
	default:
		return fmt.Errorf("--format 应为 text、html、pdf 或 json (unknown format %q)", r.format)
	}
	if r.format == "pdf" && r.out == "" && isTerminal(m.Stdout) {
		return errors.New("PDF 是二进制文件，不能输出到终端，请用 --out FILE 写入文件或重定向到文件 (PDF is binary: use --out FILE or redirect stdout)")
	}
	if r.lang != "zh" && r.lang != "en" {
		return fmt.Errorf("--lang 应为 zh 或 en (unknown language %q)", r.lang)
	}
	if _, err := brief.ParseDate(r.date, time.Now()); err != nil {
		return fmt.Errorf("--date：%s (%s)", minyi.ErrorMessage(err), minyi.ErrorMessageEN(err))
	}
	if m.DSN == "" && m.DataDir != "" {
		m.DSN = filepath.Join(m.DataDir, "minyi.db")
	}
	m.report = r
	return nil
}

func (m *Main) runReport(ctx context.Context) error {
	r := m.report
	// A report reads an existing database; opening a missing SQLite file
	// would make an empty one.
	if !strings.Contains(m.DSN, "://") {
		if _, err := os.Stat(m.DSN); err != nil {
			return fmt.Errorf("数据库 %s 不存在，请用 --data 或 --db 指定 (database not found)", m.DSN)
		}
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	date, err := brief.ParseDate(r.date, time.Now())
	if err != nil {
		return err
	}
	start := time.Now()
	fmt.Fprintf(m.Stderr, "正在生成 %s 的舆情日报（分析近 %d 天的诉求）… building the daily brief\n", date.Format(time.DateOnly), brief.WindowDays)
	b, err := brief.Build(ctx, m.DB, date)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "已分析 %d 件诉求，%d 个热点问题，用时 %s\n", b.Window.Appeals, len(b.HotIssues), time.Since(start).Round(time.Millisecond))
	if b.Window.Capped {
		fmt.Fprintf(m.Stderr, "注意：近 %d 天诉求超过 %d 件，只分析了最新的部分 (window capped)\n", brief.WindowDays, brief.MaxAppeals)
	}

	var buf bytes.Buffer
	switch r.format {
	case "json":
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(b)
	case "html":
		err = http.WriteBriefHTML(&buf, b, r.lang)
	case "pdf":
		var settings *minyi.Settings
		if settings, err = m.DB.Settings(ctx); err == nil {
			err = b.WritePDF(&buf, settings.CityName)
		}
	default:
		err = b.WriteText(&buf)
	}
	if err != nil {
		return err
	}
	if r.out == "" {
		_, err = m.Stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(r.out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "已写入 %s (written)\n", r.out)
	return nil
}

// isTerminal reports whether w is a terminal, where a PDF would print as
// garbage.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
