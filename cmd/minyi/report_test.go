package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"minyi/brief"
	"minyi/brief/brieftest"
	"minyi/pdf/pdftest"
	"minyi/store"
)

func TestReportDaily(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := brieftest.Seed(ctx, db, 0); err != nil {
		t.Fatal(err)
	}
	db.Close()

	m, out, err := run(t, "report", "daily", "--data", dir, "--date", "2026-03-10")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"舆情日报  2026-03-10（星期二）", "当日受理诉求 6 件，较前一日（4 件）增长 50%", "较上周同日（2026-03-03，3 件）增长 100%",
		"已超时未办结的诉求 1 件", "1. 城乡建设  3 件", "1. 南山区  3 件", "【新出现】", "【持续升温】", "桃源村", "梅林一村"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if errOut := m.Stderr.(*bytes.Buffer).String(); !strings.Contains(errOut, "正在生成 2026-03-10 的舆情日报") || strings.Contains(out, "正在生成") {
		t.Errorf("progress: stderr %q", errOut)
	}

	_, out, err = run(t, "report", "daily", "--db", filepath.Join(dir, "minyi.db"), "--date", "2026-03-10", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var b brief.Brief
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if b.Date != "2026-03-10" || b.Appeals.Count != 6 || len(b.HotIssues) != 2 || len(b.Categories) != 3 || b.Overdue != 1 {
		t.Errorf("json %s", out)
	}

	file := filepath.Join(dir, "brief.html")
	_, out, err = run(t, "report", "--format", "html", "daily", "--data", dir, "--date", "2026-03-10", "--out", file)
	if err != nil || out != "" {
		t.Fatalf("html: %v, stdout %q", err, out)
	}
	page, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!doctype html>", "<style>", "@media print", "舆情日报", "2026-03-10", "桃源村", `data-testid="brief-count">6<`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(string(page), `<link rel="stylesheet"`) || strings.Contains(string(page), "/static/") {
		t.Error("the html file refers to the server's files")
	}

	// PDF, flags after the report's name or before it.
	for i, args := range [][]string{
		{"report", "daily", "--data", dir, "--date", "2026-03-10", "--format", "pdf", "--out", filepath.Join(dir, "brief1.pdf")},
		{"report", "--format", "pdf", "--out", filepath.Join(dir, "brief2.pdf"), "--date", "2026-03-10", "--data", dir, "daily"},
	} {
		_, out, err := run(t, args...)
		if err != nil || out != "" {
			t.Fatalf("pdf: %v, stdout %q", err, out)
		}
		doc, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("brief%d.pdf", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		pages, err := pdftest.Text(doc)
		if err != nil {
			t.Fatal(err)
		}
		// The city's name comes from the settings.
		if text := strings.Join(pages, "\n"); !strings.Contains(text, "深圳市 舆情日报") || !strings.Contains(text, brieftest.LightsPlace) ||
			!strings.Contains(text, "第 1 页 / 共 1 页") {
			t.Errorf("pdf text:\n%s", text)
		}
	}
	// To stdout when it is not a terminal.
	if _, out, err := run(t, "report", "daily", "--data", dir, "--date", "2026-03-10", "--format", "pdf"); err != nil || !strings.HasPrefix(out, "%PDF-") {
		t.Errorf("pdf to stdout: %v, %.20q", err, out)
	}
	// Not to a terminal.
	if tty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0); err != nil {
		t.Logf("no pseudo-terminal to try (%v)", err)
	} else {
		defer tty.Close()
		m := NewMain()
		m.Stdout, m.Stderr, m.Getenv = tty, &bytes.Buffer{}, func(string) string { return "" }
		if err := m.ParseFlags(ctx, []string{"report", "daily", "--data", dir, "--format", "pdf"}); err == nil || !strings.Contains(err.Error(), "--out") {
			t.Errorf("pdf to a terminal: %v", err)
		}
	}

	for _, args := range [][]string{
		{"report"}, {"report", "weekly"}, {"report", "daily", "--format", "docx"}, {"report", "daily", "--date", "2026-3-1"},
		{"report", "daily", "--date", "2999-01-01"},
	} {
		if _, _, err := run(t, args...); err == nil {
			t.Errorf("%v succeeded", args)
		}
	}
	if _, _, err := run(t, "report", "daily", "--data", filepath.Join(dir, "none")); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("missing database: %v", err)
	}
}
