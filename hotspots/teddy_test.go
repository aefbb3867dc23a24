package hotspots

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minyi/importer"
)

// teddyFile is 附件3 of the 2020 Teddy Cup (see shared/data/teddy2020),
// which is not part of the repository.
var teddyFile = filepath.Join("..", "..", "shared", "data", "teddy2020", "附件3.csv")

func teddyDocs(tb testing.TB) []Doc {
	if _, err := os.Stat(teddyFile); err != nil {
		tb.Skip("Teddy Cup data not present in ../shared/data/teddy2020 (附件3.csv)")
	}
	recs, err := importer.RecordsFile(teddyFile)
	if err != nil {
		tb.Fatal(err)
	}
	docs := make([]Doc, len(recs))
	for i, r := range recs {
		docs[i] = Doc{ID: r.ID, User: r.User, Title: r.Title, Content: r.Content, Time: r.Time, Support: r.Support, Oppose: r.Oppose}
	}
	return docs
}

// TestHotspotsTeddy checks structural properties of the top 10 of 附件3:
// each is about one place, and no two are one problem at one place.
func TestHotspotsTeddy(t *testing.T) {
	docs := teddyDocs(t)
	start := time.Now()
	issues := Analyze(docs, Options{Top: 15})
	t.Logf("%d appeals analysed in %s", len(docs), time.Since(start).Round(time.Millisecond))
	if len(issues) < 10 {
		t.Fatalf("%d issues", len(issues))
	}
	byID := map[string]Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	top := issues[:10]
	for r, is := range top {
		t.Logf("%2d %6.2f %3d appeals %3d people %4d support %s–%s %s", r+1, is.Heat, is.Count, is.People, is.Support,
			is.Start.Format(time.DateOnly), is.End.Format(time.DateOnly), is.Label)
		popular := is.Support-is.Oppose >= DefaultMinSupport
		if is.Place == "" || is.People < 2 && !popular {
			t.Errorf("rank %d %q: place %q, %d people", r+1, is.Label, is.Place, is.People)
			continue
		}
		// one dominant place: most appeals name it (or a variant of it)
		key := withoutAdmin(is.Place)
		if ps := Places(is.Place); len(ps) > 0 {
			key = ps[len(ps)-1].Key
		}
		naming := 0
		for _, id := range is.IDs {
			d := byID[id]
			if strings.Contains(d.Title+d.Content, key) {
				naming++
			}
		}
		if 3*naming < 2*len(is.IDs) {
			t.Errorf("rank %d %q: only %d of %d appeals name %q", r+1, is.Label, naming, len(is.IDs), key)
		}
	}
	for i := range top {
		for j := i + 1; j < len(top); j++ {
			a, b := top[i], top[j]
			if samePlace(a.Place, b.Place) && overlap(a.Problem, b.Problem) >= 2 {
				t.Errorf("ranks %d and %d are one problem at one place: %q, %q", i+1, j+1, a.Label, b.Label)
			}
		}
	}
}

// withoutAdmin drops the administrative prefix of a place: a learnt
// subject ("A市XXXX") has no ending Places would find.
func withoutAdmin(place string) string {
	rs := fold(place)
	start := 0
	for _, s := range adminSpans(rs) {
		if s[0] == start {
			start = s[1]
		}
	}
	return string(rs[start:])
}

// samePlace compares places without their administrative prefix and
// common endings.
func samePlace(a, b string) bool {
	ka, kb := Places(a), Places(b)
	if len(ka) == 0 || len(kb) == 0 {
		return a == b
	}
	x, y := ka[len(ka)-1].Key, kb[len(kb)-1].Key
	return strings.Contains(x, y) || strings.Contains(y, x)
}

func overlap(a, b []string) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if strings.Contains(x, y) || strings.Contains(y, x) {
				n++
			}
		}
	}
	return n
}

// synthetic makes n appeals: problems at places, many at a few hot ones,
// with reposts, over a year.
func synthetic(n int) []Doc {
	r := rand.New(rand.NewPCG(1, 2))
	problems := []string{"餐馆油烟扰民", "工地夜间施工噪音", "小区停车位乱收费", "房屋墙面开裂", "电梯经常故障", "垃圾清运不及时",
		"路灯不亮", "道路破损积水", "学校周边交通拥堵", "物业服务差", "违章搭建", "广场舞噪音扰民", "停水停电频繁", "公交线路调整不合理"}
	names := []string{"星河", "翠湖", "青松", "阳光", "金桂", "玉兰", "锦绣", "东方", "和平", "幸福", "长安", "新华", "龙湖", "碧水"}
	ends := []string{"小区", "花园", "家园", "路", "中学", "村", "广场", "公寓"}
	docs := make([]Doc, n)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		var place, prob string
		if r.IntN(10) < 3 { // hot places
			k := r.IntN(20)
			place = names[k%len(names)] + names[(k*7)%len(names)] + ends[k%len(ends)]
			prob = problems[k%len(problems)]
		} else {
			place = names[r.IntN(len(names))] + names[r.IntN(len(names))] + fmt.Sprint(r.IntN(500)) + ends[r.IntN(len(ends))]
			prob = problems[r.IntN(len(problems))]
		}
		title := fmt.Sprintf("B%d区%s%s", r.IntN(9)+1, place, prob)
		content := fmt.Sprintf("我是%s的居民，%s的问题已经持续%d天了，严重影响生活，多次反映没有解决，希望有关部门尽快处理。第%d次反映。",
			place, prob, r.IntN(90)+1, r.IntN(5)+1)
		docs[i] = Doc{ID: fmt.Sprint(i), User: fmt.Sprintf("U%d", r.IntN(n/2+1)), Title: title, Content: content,
			Time: start.Add(time.Duration(r.IntN(365*24)) * time.Hour), Support: r.IntN(5)}
	}
	return docs
}

// BenchmarkAnalyze measures Analyze on synthetic appeals; -benchtime=1x
// with HOTSPOTS_BENCH_N=100000 checks the two-minute budget.
func BenchmarkAnalyze(b *testing.B) {
	n := 10000
	if s := os.Getenv("HOTSPOTS_BENCH_N"); s != "" {
		fmt.Sscan(s, &n)
	}
	docs := synthetic(n)
	Analyze(docs[:10], Options{}) // load the segmenter outside the timing
	b.ResetTimer()
	for b.Loop() {
		issues := Analyze(docs, Options{Top: 10})
		if len(issues) == 0 {
			b.Fatal("no issues")
		}
	}
}

func BenchmarkAnalyzeTeddy(b *testing.B) {
	docs := teddyDocs(b)
	Analyze(docs[:10], Options{})
	b.ResetTimer()
	for b.Loop() {
		Analyze(docs, Options{Top: 10})
	}
}
