package analytics

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"minyi"
	"minyi/hotspots"
	"minyi/store"
	"minyi/text"
)

// steadyTitles are written every day of the window, each by its own
// rotating set of people.
var steadyTitles = []string{
	"小区楼下噪音扰民，晚上无法休息",
	"路灯不亮，晚上出行不安全",
	"建议增开公交线路方便上下班",
	"垃圾清运不及时，气味难闻",
	"物业收费不合理，请求核查",
}

// burstTitles are about a problem nobody wrote about before the last
// three days.
var burstTitles = []string{
	"地下车库电动车充电桩起火冒烟",
	"电动车充电桩起火，太危险了",
	"小区充电桩起火，请尽快排查",
	"楼下充电桩起火，业主很担心",
	"充电桩起火没人管",
	"车棚充电桩起火烧坏多辆车",
	"充电桩起火后一直没有维修",
	"再次反映充电桩起火隐患",
}

// termFixture is 60 days of steady appeals, 8 a day, and on the last three
// days the burst, from eight people.
func termFixture(now time.Time, burstPeople int) []hotspots.Doc {
	var docs []hotspots.Doc
	n := 0
	for day := 59; day >= 0; day-- {
		at := now.AddDate(0, 0, -day).Add(-time.Hour)
		for i := range 8 {
			title := steadyTitles[(day+i)%len(steadyTitles)]
			docs = append(docs, hotspots.Doc{ID: fmt.Sprintf("S%04d", n), User: fmt.Sprintf("u%d", n%40), Title: title,
				Content: title + "。请相关部门尽快处理，谢谢。", Time: at.Add(-time.Duration(i) * time.Minute)})
			n++
		}
	}
	for i, title := range burstTitles {
		at := now.AddDate(0, 0, -(i % 3)).Add(-time.Duration(i) * time.Minute)
		docs = append(docs, hotspots.Doc{ID: fmt.Sprintf("B%02d", i), User: fmt.Sprintf("b%d", i%burstPeople), Title: title,
			Content: title + "。请相关部门尽快处理，谢谢。", Time: at})
	}
	// Newest first, as the store lists them.
	slices.SortFunc(docs, func(a, b hotspots.Doc) int { return b.Time.Compare(a.Time) })
	return docs
}

func TestEmergingTerms(t *testing.T) {
	seg, err := text.DefaultSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 20, 15, 0, 0, 0, minyi.DefaultLocation)
	terms := EmergingTerms(termFixture(now, 8), TermOptions{Now: now})
	if len(terms) == 0 {
		t.Fatal("no emerging term")
	}
	burst := map[string]bool{}
	for _, w := range seg.Terms("充电桩起火") {
		burst[w] = true
	}
	steady := map[string]bool{}
	for _, title := range steadyTitles {
		for _, w := range seg.Terms(title + "。请相关部门尽快处理，谢谢。") {
			steady[w] = true
		}
	}
	top := terms[0]
	if !burst[top.Term] {
		t.Errorf("top term %q is not one of the burst's %v; all: %+v", top.Term, burst, terms)
	}
	if top.Recent != len(burstTitles) || top.History != 0 || top.People != 8 || top.Expected <= 0 || top.Score < DefaultMinScore {
		t.Errorf("top term %+v", top)
	}
	if len(top.Samples) != 3 || top.Samples[0] != "B00" {
		t.Errorf("samples %v, want 3, newest (B00) first", top.Samples)
	}
	if len(top.Daily) != DefaultRecentDays || top.Daily[6] != 3 || top.Daily[5] != 3 || top.Daily[4] != 2 || top.Daily[0] != 0 {
		t.Errorf("daily %v", top.Daily)
	}
	for _, term := range terms {
		if steady[term.Term] && !burst[term.Term] {
			t.Errorf("steady term %q emerges: %+v", term.Term, term)
		}
		if term.Score < DefaultMinScore || term.Recent < DefaultMinRecent {
			t.Errorf("term below the thresholds: %+v", term)
		}
	}
	for i := 1; i < len(terms); i++ {
		if terms[i].Score > terms[i-1].Score {
			t.Errorf("not ordered by score: %+v", terms)
		}
	}

	// The same burst from two people is not emerging.
	if terms := EmergingTerms(termFixture(now, 2), TermOptions{Now: now}); len(terms) != 0 {
		t.Errorf("a burst of two people: %+v", terms)
	}
	// Without history there is nothing to compare with.
	recent := termFixture(now, 8)[:40]
	if terms := EmergingTerms(recent, TermOptions{Now: now}); len(terms) != 0 {
		t.Errorf("without history: %+v", terms)
	}
	// A smaller Top keeps the best.
	if one := EmergingTerms(termFixture(now, 8), TermOptions{Now: now, Top: 1}); len(one) != 1 || one[0].Term != top.Term {
		t.Errorf("top 1: %+v", one)
	}
}

// Refresh computes the terms with the hot issues; only the scope that sees
// every appeal gets them.
func TestHotIssuesEmergingTerms(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Now()
	phones := map[string]string{} // one phone per fixture person
	for _, d := range termFixture(now, 8) {
		if now.Sub(d.Time) > 30*24*time.Hour {
			continue // 30 days are enough
		}
		if phones[d.User] == "" {
			phones[d.User] = fmt.Sprintf("138%08d", len(phones))
		}
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: d.Title, Content: d.Content,
			ContactName: "市民", ContactPhone: phones[d.User], ReceivedAt: d.Time}
		if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
			t.Fatal(err)
		}
	}
	h := &HotIssues{Appeals: db}
	if _, err := h.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	terms, snap := h.Emerging(minyi.Scope{All: true}, 5)
	if snap == nil || len(terms) == 0 || len(terms) > 5 {
		t.Fatalf("terms %+v (snapshot %v)", terms, snap != nil)
	}
	if terms[0].Recent != len(burstTitles) || len(terms[0].Samples) != 3 {
		t.Errorf("top term %+v", terms[0])
	}
	if terms, snap := h.Emerging(minyi.Scope{UnitID: 1}, 5); terms != nil || snap == nil {
		t.Errorf("a unit gets %+v", terms)
	}
}
