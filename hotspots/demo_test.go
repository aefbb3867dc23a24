package hotspots

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/demo"
	"minyi/store"
)

// demoDocs seeds a temporary store with the demo city's appeals and reads
// them as the server's analysis does (analytics.HotIssues: merged appeals
// left out, the person is the account, else the phone).
func demoDocs(t *testing.T, appeals int, seed uint64) []Doc {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	if err := demo.Seed(ctx, db, demo.Options{Appeals: appeals, Seed: seed, Now: now}); err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	var before int64
	for {
		list, err := db.ListAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}, BeforeID: before, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 {
			break
		}
		for _, a := range list {
			before = a.ID
			if a.Status == minyi.StatusMerged {
				continue
			}
			user := ""
			switch {
			case a.CitizenID != 0:
				user = "u" + strconv.FormatInt(a.CitizenID, 10)
			case a.ContactPhone != "":
				user = "p" + a.ContactPhone
			}
			docs = append(docs, Doc{ID: a.TrackingNo, User: user, Title: a.Title, Content: a.Content,
				Time: a.ReceivedAt, Support: a.Supporters, Oppose: a.Opposers})
		}
	}
	return docs
}

// problemWords are words that say what is wrong or what happens, never
// part of the name of a place or an organisation.
var problemWords = []string{"困人", "跑路", "倒闭", "拒退", "退费", "积水", "拖欠", "噪音", "声音", "音响", "扰民", "油烟", "违建",
	"乘客", "司机", "服务态度", "停水", "不亮", "堵塞", "乱收", "充电", "垃圾", "不管", "不作为", "投诉", "举报", "建议"}

// oracleRe finds, independently of Places, what a demo title is about:
// a bus line, a company (whole, after the city), or the last characters
// of a place name with its ending.
var (
	busRe     = regexp.MustCompile(`(\d+)路`)
	companyRe = regexp.MustCompile(`深圳市(\p{Han}{2,12}?公司)`)
	placeRe   = regexp.MustCompile(`\p{Han}{0,2}(?:小区|花园|山庄|新村|村|苑|大道|路|学校|中学|小学|公园|地铁站|市场|医院|广场|御府|江南|新城)`)
)

// oracle returns what a title names: "bus:370", "co:XX有限公司",
// "place:浪口村" (two characters before the ending at most, so that a
// left boundary does not matter).
func oracle(title string) []string {
	var out []string
	if m := busRe.FindAllStringSubmatch(title, -1); m != nil {
		for _, x := range m {
			out = append(out, "bus:"+x[1])
		}
		return out
	}
	if m := companyRe.FindStringSubmatch(title); m != nil {
		return []string{"co:" + m[1]}
	}
	for _, p := range placeRe.FindAllString(title, -1) {
		if strings.HasPrefix(p, "路") || strings.HasSuffix(p, "跑路") || strings.HasSuffix(p, "线路") || p == "小区" {
			continue
		}
		out = append(out, "place:"+p)
	}
	return out
}

// TestDemoCityIssues runs the analysis on the demo city's appeals, written
// like a real city's, without administrative prefixes: each top issue is
// about one place or subject that its appeals name, does not mix
// appeals about different places, and no learnt subject is a problem
// phrase.
func TestDemoCityIssues(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 3000 demo appeals")
	}
	docs := demoDocs(t, 3000, 1)
	for _, s := range Subjects(docs) {
		for _, w := range problemWords {
			if strings.Contains(s, w) {
				t.Errorf("learnt subject %q holds the problem word %q", s, w)
			}
		}
	}
	start := time.Now()
	issues := Analyze(docs, Options{Top: 20})
	t.Logf("%d appeals analysed in %s", len(docs), time.Since(start).Round(time.Millisecond))
	if len(issues) < 10 {
		t.Fatalf("%d issues", len(issues))
	}
	byID := map[string]Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for r, is := range issues {
		t.Logf("%2d %6.2f %3d appeals %3d people  %-16s %s  %q", r+1, is.Heat, is.Count, is.People, is.Place, is.Label, is.SampleTitles)
		name := withoutAdmin(is.Place)
		if name == "" {
			t.Errorf("rank %d %q: no place", r+1, is.Label)
			continue
		}
		for _, w := range problemWords {
			if strings.Contains(name, w) {
				t.Errorf("rank %d %q: place %q holds the problem word %q", r+1, is.Label, name, w)
			}
		}
		key := placeKey(name)
		names := map[string]string{} // oracle name → a title naming it
		for _, id := range is.IDs {
			d := byID[id]
			if !strings.Contains(strings.ToLower(d.Title+d.Content), key) {
				t.Errorf("rank %d %q: appeal %q (%s) does not name %q", r+1, is.Label, d.Title, id, key)
			}
			for _, o := range oracle(d.Title) {
				names[o] = d.Title
			}
		}
		// appeals whose titles name different things of one kind
		var titled [][]string
		for _, id := range is.IDs {
			if o := oracle(byID[id].Title); len(o) > 0 {
				titled = append(titled, o)
			}
		}
		for i := 1; i < len(titled); i++ {
			if disjoint(titled[0], titled[i]) {
				t.Errorf("rank %d %q mixes %v (%q) and %v (%q)", r+1, is.Label, titled[0], names[titled[0][0]], titled[i], names[titled[i][0]])
				break
			}
		}
	}
}

func disjoint(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return false
			}
		}
	}
	return true
}
