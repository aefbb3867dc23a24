package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/analytics"
	"minyi/importer"
	"minyi/store"
)

func TestHotspotsCommand(t *testing.T) {
	csv := "留言编号,留言用户,留言主题,留言时间,留言详情,反对数,点赞数\n" +
		"1,u1,C3区桂花苑小区餐馆油烟扰民,2024-05-01 10:00:00,桂花苑小区楼下餐馆油烟直排，窗户都不敢开。,0,3\n" +
		"2,u2,桂花苑小区临街餐馆油烟直排,2024-05-03 10:00:00,我住桂花苑小区，楼下临街餐馆油烟很大。,1,5\n" +
		"3,u3,C3区桂花苑小区餐饮油烟污染,2024-05-09 10:00:00,桂花苑小区的餐饮店油烟污染严重，请处理。,0,0\n" +
		"4,u4,C1区松林路路灯不亮,2024-05-02 10:00:00,松林路的路灯坏了一个月，晚上走路很危险。,0,0\n"
	f := filepath.Join(t.TempDir(), "appeals.csv")
	if err := os.WriteFile(f, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	m, out, err := run(t, "hotspots", "--input", f, "--json", "--top", "5")
	if err != nil {
		t.Fatal(err)
	}
	if errOut := m.Stderr.(*bytes.Buffer).String(); !strings.Contains(errOut, "4 条留言") {
		t.Errorf("stderr %q lacks progress", errOut)
	}
	var issues []hotspotsIssue
	if err := json.Unmarshal([]byte(out), &issues); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if len(issues) != 1 {
		t.Fatalf("issues = %+v, want one", issues)
	}
	is := issues[0]
	if is.Rank != 1 || is.Count != 3 || is.People != 3 || is.Support != 8 || is.Start != "2024-05-01" || is.End != "2024-05-09" ||
		!strings.Contains(is.Place, "桂花苑") || len(is.IDs) != 3 || len(is.SampleTitles) == 0 || is.Heat <= 0 {
		t.Errorf("issue = %+v", is)
	}

	_, out, err = run(t, "hotspots", "--input", f)
	if err != nil || !strings.Contains(out, "热度") || !strings.Contains(out, "桂花苑") {
		t.Errorf("table %q, %v", out, err)
	}
	if _, _, err := run(t, "hotspots", "--json"); err == nil {
		t.Error("hotspots without --input succeeded")
	}
	if _, _, err := run(t, "hotspots", "--input", f, "--top", "-1"); err == nil {
		t.Error("hotspots with --top -1 succeeded")
	}
}

// The same sheet, analysed by the command and imported into the database
// and analysed the way the server does (package analytics), gives the same
// hot issues: labels, places, counts, people, support, heat and appeals.
func TestHotspotsCommandMatchesServer(t *testing.T) {
	var b strings.Builder
	b.WriteString("留言编号,留言用户,留言主题,留言时间,留言详情,反对数,点赞数\n")
	row := func(id int, user, title string, day int, text string, up int) {
		fmt.Fprintf(&b, "%d,%s,%s,2024-05-%02d 09:%02d:00,%s,0,%d\n", id, user, title, day, id%60, text, up)
	}
	id := 100
	for i := 0; i < 7; i++ { // one compound's fumes, one neighbour writes twice
		id++
		user := fmt.Sprintf("u%d", i)
		if i == 6 {
			user = "u0"
		}
		row(id, user, "桂花苑小区楼下餐馆油烟扰民", 1+i*2, "我住桂花苑小区，楼下餐馆油烟直排，窗户都不敢开，请尽快处理。", i)
	}
	for i := 0; i < 4; i++ { // a road's broken lights
		id++
		row(id, fmt.Sprintf("r%d", i), "松林路路灯长期不亮", 3+i, "松林路的路灯坏了一个多月，晚上走路很危险，请修复。", 10*i)
	}
	for i := 0; i < 3; i++ { // a school's fees
		id++
		row(id, fmt.Sprintf("s%d", i), "明德中学违规收取补课费", 10+i*3, "明德中学要求学生周末补课并收取费用，家长负担很重。", 0)
	}
	for i := 0; i < 3; i++ { // questions at the same compound: no problem
		id++
		row(id, fmt.Sprintf("q%d", i), "咨询桂花苑小区居住证如何办理", 5+i, "我住桂花苑小区，想咨询居住证办理需要哪些材料。", 50)
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "appeals.csv")
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	_, out, err := run(t, "hotspots", "--input", csv, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var want []hotspotsIssue
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if len(want) < 3 {
		t.Fatalf("command found %d issues, want the fumes, the lights and the fees: %+v", len(want), want)
	}
	got := serverIssues(t, dir, csv)
	compareIssues(t, want, got, len(want))
}

// serverIssues imports csv into a database under dir and returns the
// hot issues the server's analysis finds there, with the sheet's ids.
func serverIssues(t *testing.T, dir, csv string) []hotspotsIssue {
	t.Helper()
	// The command measures recency from its newest problem; so does this.
	recs, err := importer.RecordsFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	var now time.Time
	for _, r := range recs {
		if analytics.IsProblem(r.Type) && r.Time.After(now) {
			now = r.Time
		}
	}
	if _, _, err := run(t, "import", "appeals", "--data", dir, "--no-progress", csv); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := &analytics.HotIssues{Appeals: db, WindowDays: 100 * 365, Now: func() time.Time { return now }}
	snap, err := h.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]hotspotsIssue, len(snap.Issues))
	for i, is := range snap.Issues {
		ids := make([]string, len(is.IDs))
		for k, no := range is.IDs {
			a, err := db.FindAppeal(ctx, no, minyi.Scope{All: true})
			if err != nil {
				t.Fatal(err)
			}
			ids[k] = a.ExternalID
		}
		out[i] = hotspotsIssue{Rank: i + 1, Label: is.Label, Place: is.Place, Count: is.Count, People: is.People,
			Support: is.Support, Heat: is.Heat, IDs: ids}
	}
	return out
}

func compareIssues(t *testing.T, want, got []hotspotsIssue, n int) {
	t.Helper()
	if len(got) < n {
		t.Fatalf("server found %d issues, command %d", len(got), len(want))
	}
	for i := 0; i < n; i++ {
		w, g := want[i], got[i]
		sort.Strings(w.IDs)
		sort.Strings(g.IDs)
		if w.Label != g.Label || w.Place != g.Place || w.Count != g.Count || w.People != g.People ||
			w.Support != g.Support || math.Abs(w.Heat-g.Heat) > 1e-9 || strings.Join(w.IDs, ",") != strings.Join(g.IDs, ",") {
			t.Errorf("rank %d: command %+v\nserver %+v", i+1, w, g)
		}
	}
}

// On the Teddy Cup sheet the command and the server agree on the top ten.
func TestHotspotsTeddyCommandMatchesServer(t *testing.T) {
	csv := filepath.Join("..", "..", "..", "shared", "data", "teddy2020", "附件3.csv")
	if _, err := os.Stat(csv); err != nil {
		t.Skip("Teddy Cup data not present in ../shared/data/teddy2020 (附件3.csv)")
	}
	if testing.Short() {
		t.Skip("imports 4,326 appeals")
	}
	_, out, err := run(t, "hotspots", "--input", csv, "--json", "--top", "10")
	if err != nil {
		t.Fatal(err)
	}
	var want []hotspotsIssue
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatal(err)
	}
	compareIssues(t, want, serverIssues(t, t.TempDir(), csv), 10)
}
