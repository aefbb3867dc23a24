package dedup

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"minyi/importer"
)

// fixture holds reposts with small edits (a*, b*), a traditional-Chinese
// and full-width copy (c*), and different complaints at the same place
// (p*), which must stay apart.
var fixture = []Doc{
	{ID: "a1", Title: "西湖小区楼下烧烤店油烟扰民", Text: "A市A3区西湖路西湖小区5栋楼下的烧烤店每天晚上营业到凌晨两点，油烟直接排进居民家里，噪音也很大，老人孩子都休息不好。多次向物业反映无果，请相关部门尽快查处。"},
	{ID: "a2", Title: "西湖小区楼下烧烤店油烟扰民！", Text: "A市A3区西湖路西湖小区5栋楼下烧烤店每天晚上营业到凌晨3点，油烟直接排进居民家里，噪音也特别大，老人孩子都休息不好。多次向物业反映都没有结果，请相关部门尽快查处！"},
	{ID: "b1", Title: "幼儿园学位申请咨询", Text: "我家孩子今年满三周岁，户籍在A7区，但是我们住在A5区的租房里，请问可以在A5区申请公办幼儿园学位吗？需要准备哪些材料，什么时候开始报名？"},
	{ID: "a3", Title: "烧烤店油烟扰民", Text: "A市A3区西湖路西湖小区5栋楼下的烧烤店每天晚上营业到凌晨两点，油烟直接排进居民家里，噪音也很大，老人孩子都休息不好。多次向物业反映无果，请相关部门尽快处理。"},
	{ID: "b2", Title: "幼儿园学位申请咨询", Text: "我家孩子今年满三周岁，户籍在A7区，但是我们住在A5区租的房子里，请问能在A5区申请公办幼儿园学位吗？需要准备哪些材料？什么时候开始报名？谢谢"},
	{ID: "p1", Title: "西湖小区电梯经常故障", Text: "A市A3区西湖路西湖小区5栋的电梯这个月已经坏了四次，有一次还把人困在里面半个小时，物业只是简单修一下就继续使用，请质监部门检查电梯安全。"},
	{ID: "p2", Title: "西湖小区门口道路积水", Text: "A市A3区西湖路西湖小区门口的道路一下雨就积水，最深的地方能没过脚踝，行人只能绕行，电动车经常熄火，希望市政部门疏通排水管道。"},
	{ID: "p3", Title: "西湖小区垃圾清运不及时", Text: "A市A3区西湖路西湖小区5栋旁边的垃圾站已经三天没有清运，天气热臭味很大，还有很多苍蝇蚊子，请环卫部门及时清理。"},
	{ID: "c1", Title: "西湖小區樓下燒烤店油煙擾民", Text: "Ａ市Ａ３區西湖路西湖小區５棟樓下的燒烤店每天晚上營業到淩晨兩點，油煙直接排進居民家裡，噪音也很大，老人孩子都休息不好。多次向物業反映無果，請相關部門儘快查處。"},
	{ID: "e1", Title: "", Text: "。。。！！！"},
	{ID: "e2", Title: "", Text: "……"},
}

func ids(groups []Group) [][]string {
	var out [][]string
	for _, g := range groups {
		out = append(out, g.IDs)
	}
	return out
}

func TestGroupsFixture(t *testing.T) {
	got := Groups(fixture, Options{})
	want := [][]string{{"a1", "a2", "a3", "c1"}, {"b1", "b2"}}
	if !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("groups = %v, want %v", ids(got), want)
	}
	if got[0].Representative != "西湖小区楼下烧烤店油烟扰民！" {
		t.Errorf("representative = %q, want the title of the longest repost", got[0].Representative)
	}
	if got[1].Representative != "幼儿园学位申请咨询" {
		t.Errorf("representative = %q", got[1].Representative)
	}
}

func TestGroupsSamePlaceApart(t *testing.T) {
	h := newHasher(Options{}.withDefaults())
	sig := func(d Doc) []uint32 { return h.signature(Clean(d.Title, d.Text)) }
	byID := map[string]Doc{}
	for _, d := range fixture {
		byID[d.ID] = d
	}
	for _, pair := range [][2]string{{"p1", "p2"}, {"p1", "p3"}, {"p2", "p3"}, {"a1", "p1"}, {"a1", "p3"}} {
		s := similarity(sig(byID[pair[0]]), sig(byID[pair[1]]))
		if s >= 0.3 {
			t.Errorf("%s ~ %s = %.2f, want well below the threshold", pair[0], pair[1], s)
		}
	}
	for _, pair := range [][2]string{{"a1", "a2"}, {"a1", "a3"}, {"a1", "c1"}, {"b1", "b2"}} {
		if s := similarity(sig(byID[pair[0]]), sig(byID[pair[1]])); s < DefaultThreshold {
			t.Errorf("%s ~ %s = %.2f, want ≥ %.1f", pair[0], pair[1], s, DefaultThreshold)
		}
	}
}

func TestGroupsThreshold(t *testing.T) {
	// At a threshold of 0.95 only the exact copy after normalisation
	// (c1 of a1) is left.
	got := ids(Groups(fixture, Options{Threshold: 0.95}))
	if want := [][]string{{"a1", "c1"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("groups = %v, want %v", got, want)
	}
}

func TestGroupsDeterministic(t *testing.T) {
	docs := synthetic(3000, 7)
	first := Groups(docs, Options{Workers: 1})
	if len(first) == 0 {
		t.Fatal("no groups in the synthetic data")
	}
	for _, w := range []int{2, 4} {
		if again := Groups(docs, Options{Workers: w}); !reflect.DeepEqual(first, again) {
			t.Fatalf("workers=%d: groups differ", w)
		}
	}
	if other := Groups(docs, Options{Seed: 99}); len(other) == 0 {
		t.Error("another seed found no groups")
	}
}

func TestGroupsSynthetic(t *testing.T) {
	docs := synthetic(5000, 3)
	groups := Groups(docs, Options{})
	// Every planted copy ("dN-k") must be grouped with its original "dN".
	where := map[string]int{}
	for gi, g := range groups {
		for _, id := range g.IDs {
			where[id] = gi
		}
	}
	missed := 0
	for _, d := range docs {
		orig, _, ok := strings.Cut(d.ID, "-")
		if !ok {
			continue
		}
		gi, ok1 := where[d.ID]
		go_, ok2 := where[orig]
		if !ok1 || !ok2 || gi != go_ {
			missed++
		}
	}
	copies := 0
	for _, d := range docs {
		if strings.Contains(d.ID, "-") {
			copies++
		}
	}
	if missed > copies/50 {
		t.Errorf("%d of %d copies not grouped with their original", missed, copies)
	}
	// Originals are independent texts: no group may join two originals.
	for _, g := range groups {
		origs := map[string]bool{}
		for _, id := range g.IDs {
			o, _, _ := strings.Cut(id, "-")
			origs[o] = true
		}
		if len(origs) > 1 {
			t.Errorf("group joins different texts: %v", g.IDs)
		}
	}
}

func TestIndexSimilar(t *testing.T) {
	x := NewIndex(Options{})
	for _, d := range fixture {
		x.Add(d)
	}
	if x.Len() != len(fixture)-2 {
		t.Errorf("Len = %d, want %d (texts without letters are not added)", x.Len(), len(fixture)-2)
	}
	hits := x.Similar("西湖小区楼下烧烤店油烟扰民 A市A3区西湖路西湖小区5栋楼下的烧烤店每天晚上营业到凌晨两点，油烟直接排进居民家里，噪音很大，老人孩子都休息不好。请相关部门尽快查处。", 3)
	if len(hits) != 3 {
		t.Fatalf("hits = %v, want 3", hits)
	}
	for i, h := range hits {
		if h.ID[0] != 'a' && h.ID[0] != 'c' {
			t.Errorf("hit %d = %v, want a repost of a1", i, h)
		}
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("hits not ordered by score: %v", hits)
		}
	}
	if hits := x.Similar("请问公积金贷款额度怎么计算？", 5); len(hits) != 0 {
		t.Errorf("unrelated text: hits = %v", hits)
	}
	if hits := x.Similar("", 5); hits != nil {
		t.Errorf("empty text: hits = %v", hits)
	}
}

func TestTeddyAttachment3(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "teddy2020", "附件3.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not present (the Teddy Cup 2020 data set); skipping", path)
	}
	recs, err := importer.RecordsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]Doc, len(recs))
	for i, r := range recs {
		docs[i] = Doc{ID: r.ID, Title: r.Title, Text: r.Content}
	}
	start := time.Now()
	groups := Groups(docs, Options{})
	elapsed := time.Since(start)
	grouped, largest := 0, 0
	for _, g := range groups {
		grouped += len(g.IDs)
		largest = max(largest, len(g.IDs))
	}
	t.Logf("附件3: %d appeals, %d groups of near duplicates holding %d appeals, largest %d, in %s",
		len(docs), len(groups), grouped, largest, elapsed.Round(time.Millisecond))
	for i, g := range groups[:min(5, len(groups))] {
		t.Logf("  group %d: %d × %q", i+1, len(g.IDs), g.Representative)
	}
	if len(groups) == 0 {
		t.Error("no groups found")
	}
	if largest > 200 {
		t.Errorf("largest group has %d appeals, want ≤ 200", largest)
	}
}

func BenchmarkGroups100k(b *testing.B) {
	docs := synthetic(100_000, 1)
	b.ResetTimer()
	var groups []Group
	for b.Loop() {
		groups = Groups(docs, Options{})
	}
	b.ReportMetric(float64(len(groups)), "groups")
}

func BenchmarkIndexSimilar(b *testing.B) {
	docs := synthetic(100_000, 1)
	x := NewIndex(Options{})
	for _, d := range docs {
		x.Add(d)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		x.Similar(docs[i%len(docs)].Text, 10)
		i++
	}
}

// Words for the synthetic appeals.
var (
	synPlaces = strings.Split("西湖小区 东风路 人民广场 滨江花园 高新园 解放大道 城南中学 火车站 金色家园 幸福里 梅林村 科技园 南湖公园 步行街 新城街道", " ")
	synIssues = strings.Split("噪音扰民 油烟污染 道路积水 违章停车 路灯不亮 垃圾堆积 电梯故障 拖欠工资 房屋漏水 占道经营 施工扬尘 学位申请 公交线路 物业收费 井盖缺失", " ")
	synFiller = []rune("的了在是有我们请相关部门尽快处理已经多次反映没有结果希望能够解决问题居民生活受到严重影响每天晚上白天早上附近周边情况非常严重谢谢领导关注调查核实落实整改")
)

// synthetic returns n appeals: about 90 % independent random texts and
// 10 % copies of earlier ones with small edits, whose IDs are the
// original's ID with a suffix ("d12-1").
func synthetic(n int, seed uint64) []Doc {
	rng := rand.New(rand.NewPCG(seed, seed*31+7))
	docs := make([]Doc, 0, n)
	var originals []int
	for len(docs) < n {
		if len(originals) > 10 && rng.IntN(10) == 0 {
			o := docs[originals[rng.IntN(len(originals))]]
			rs := []rune(o.Text)
			for range 1 + rng.IntN(4) {
				p := rng.IntN(len(rs))
				switch rng.IntN(3) {
				case 0:
					rs[p] = synFiller[rng.IntN(len(synFiller))]
				case 1:
					rs = slices.Delete(rs, p, p+1)
				default:
					rs = slices.Insert(rs, p, '，')
				}
			}
			docs = append(docs, Doc{ID: fmt.Sprintf("%s-%d", o.ID, len(docs)), Title: o.Title, Text: string(rs)})
			continue
		}
		place := synPlaces[rng.IntN(len(synPlaces))]
		issue := synIssues[rng.IntN(len(synIssues))]
		var sb strings.Builder
		fmt.Fprintf(&sb, "A市A%d区%s%d号附近%s。", 1+rng.IntN(9), place, 1+rng.IntN(300), issue)
		for range 80 + rng.IntN(120) {
			sb.WriteRune(synFiller[rng.IntN(len(synFiller))])
		}
		originals = append(originals, len(docs))
		docs = append(docs, Doc{ID: fmt.Sprintf("d%d", len(docs)), Title: place + issue, Text: sb.String()})
	}
	return docs
}

func TestIndexConcurrent(t *testing.T) {
	docs := synthetic(2000, 5)
	x := NewIndex(Options{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(docs); i += 4 {
				x.Add(docs[i])
				x.Similar(docs[i/2].Text, 5)
			}
		})
	}
	wg.Wait()
	if x.Len() != len(docs) {
		t.Errorf("Len = %d, want %d", x.Len(), len(docs))
	}
	// Every document finds itself first with a score of 1.
	for _, d := range docs[:50] {
		hits := x.Similar(d.Title+d.Text, 1)
		if len(hits) != 1 || hits[0].Score != 1 {
			t.Errorf("%s: hits = %v", d.ID, hits)
		}
	}
}
