package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/store"
)

const repliesCSV = "留言编号,留言用户,留言主题,留言时间,留言详情,答复意见,答复时间\n" +
	"11,u1,松林路路灯不亮,2024-05-06 10:00:00,松林路的路灯坏了一个月，晚上走路很危险。请问什么时候能修好？," +
	"\"网友您好！经查，松林路12盏路灯因电缆被盗损坏。根据《城市照明管理规定》，我局已安排区路灯管理所于5月20日前完成修复，咨询电话0731-84561234。感谢您的支持！\",2024-05-08 16:00:00\n" +
	"12,u2,桂花苑小区油烟扰民,2024-05-06 11:00:00,桂花苑小区楼下餐馆油烟直排，是否符合规定？,\"网友“UU008123”您好！您的留言已收悉。感谢您对我们工作的支持！此复。\",2024-07-30 09:00:00\n" +
	"13,u3,公交站牌缺失,2024-05-07 09:00:00,五一路公交站没有站牌。,,\n"

func TestRepliesScoreCommand(t *testing.T) {
	f := filepath.Join(t.TempDir(), "replies.csv")
	if err := os.WriteFile(f, []byte(repliesCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	_, out, err := run(t, "replies", "score", "--input", f, "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per reply (2), got %q", out)
	}
	got := map[string]map[string]any{}
	for _, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("%v in %q", err, l)
		}
		for _, k := range []string{"timeliness", "relevance", "completeness", "explainability", "overall"} {
			x, ok := v[k].(float64)
			if !ok || x < 0 || x > 1 {
				t.Errorf("%s = %v in %q", k, v[k], l)
			}
		}
		if _, ok := v["reasons"]; ok {
			t.Errorf("reasons without --reasons: %q", l)
		}
		got[v["id"].(string)] = v
	}
	good, empty := got["11"], got["12"]
	if good == nil || empty == nil {
		t.Fatalf("ids: %v", got)
	}
	if good["explainability"].(float64) < 0.7 || empty["explainability"].(float64) > 0.05 {
		t.Errorf("explainability good %v, greetings only %v", good["explainability"], empty["explainability"])
	}
	if good["timeliness"].(float64) != 1 || empty["timeliness"].(float64) > 0.3 {
		t.Errorf("timeliness good %v, 60 working days late %v", good["timeliness"], empty["timeliness"])
	}
	if good["completeness"].(float64) != 1 {
		t.Errorf("completeness %v", good["completeness"])
	}

	_, out, err = run(t, "replies", "score", "--input", f, "--json", "--reasons")
	if err != nil || !strings.Contains(out, "城市照明管理规定") || !strings.Contains(out, `"questions"`) {
		t.Errorf("--reasons: %v %q", err, out)
	}
	_, out, err = run(t, "replies", "score", "--input", f)
	if err != nil || !strings.Contains(out, "可解释性") || !strings.Contains(out, "median") {
		t.Errorf("table: %v %q", err, out)
	}

	m, _, err := run(t, "replies", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(m.Stderr.(interface{ String() string }).String(), "可解释性") {
		t.Errorf("--help: %v", err)
	}
	for _, args := range [][]string{{"replies"}, {"replies", "score"}, {"replies", "grade", "--input", f}, {"replies", "backfill", "--days", "0"}} {
		if _, _, err := run(t, args...); err == nil {
			t.Errorf("%q succeeded", args)
		}
	}
	noReplies := filepath.Join(t.TempDir(), "none.csv")
	if err := os.WriteFile(noReplies, []byte("留言编号,留言主题,留言详情\n1,路灯,路灯坏了\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "replies", "score", "--input", noReplies); err == nil || !strings.Contains(err.Error(), "答复意见") {
		t.Errorf("a sheet without replies: %v", err)
	}
}

// Imported replies get their scores from "minyi replies backfill".
func TestRepliesBackfillCommand(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "replies.csv")
	if err := os.WriteFile(f, []byte(repliesCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if _, _, err := run(t, "replies", "backfill", "--data", data); err == nil {
		t.Error("backfill of a missing database succeeded")
	}
	if _, _, err := run(t, "import", "appeals", "--data", data, "--no-progress", f); err != nil {
		t.Fatal(err)
	}
	_, out, err := run(t, "replies", "backfill", "--data", data, "--days", "100000")
	if err != nil || !strings.Contains(out, "已为 2 条答复评分") {
		t.Fatalf("backfill: %v %q", err, out)
	}
	_, out, err = run(t, "replies", "backfill", "--data", data, "--days", "100000")
	if err != nil || !strings.Contains(out, "已为 0 条答复评分") {
		t.Fatalf("second backfill: %v %q", err, out)
	}
}

// serve scores the recent replies of the demo in the background, so that
// /work/replies has something to show on a first start.
func TestServeScoresRecentReplies(t *testing.T) {
	m, _, err := run(t, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--demo-appeals", "200", "--retrain-every", "0")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f := store.ReplyScoreFilter{Scope: minyi.Scope{All: true}, Since: time.Now().AddDate(0, 0, -startScoreDays)}
	for range 600 {
		sum, err := m.DB.SummarizeReplyScores(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Count > 0 {
			if sum.Overall <= 0 || sum.Overall >= 1 {
				t.Errorf("summary %+v", sum)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no demo reply was scored after serve started")
}
