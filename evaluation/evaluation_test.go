package evaluation

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/kpi"
	"minyi/pdf/pdftest"
)

func near(a, b float64) bool { return math.Abs(a-b) < 5e-5 }

func TestWilsonKnownValues(t *testing.T) {
	// Published values of the Wilson interval at 95 %.
	for _, c := range []struct {
		p      float64
		n      int64
		lo, hi float64
	}{{0.5, 10, 0.2366, 0.7634}, {0, 10, 0, 0.2775}, {1, 10, 0.7225, 1}, {1.0 / 3, 3, 0.0615, 0.7923}} {
		lo, hi := Wilson(c.p, c.n)
		if math.Abs(lo-c.lo) > 1e-4 || math.Abs(hi-c.hi) > 1e-4 {
			t.Errorf("Wilson(%v, %d) = %.4f–%.4f, want %.4f–%.4f", c.p, c.n, lo, hi, c.lo, c.hi)
		}
	}
	if lo, hi := Wilson(0.3, 0); lo != 0 || hi != 1 {
		t.Errorf("no answers: %v–%v", lo, hi)
	}
}

func TestAllocate(t *testing.T) {
	// 16 appeals, 8 to draw: exact shares 5, 2.5, 0.5; the first .5
	// remainder gets the last one; the minimum 2 is capped at the 1 held.
	got := Allocate([]int{10, 5, 1}, Design{Mode: Proportional, Size: 8, Min: 2})
	if !slices.Equal(got, []int{5, 3, 1}) {
		t.Fatalf("proportional = %v", got)
	}
	if got := Allocate([]int{10, 2}, Design{Mode: Fixed, PerStratum: 3}); !slices.Equal(got, []int{3, 2}) {
		t.Fatalf("fixed = %v", got)
	}
}

func TestDrawReproducible(t *testing.T) {
	var cands []Candidate
	for i := range 40 {
		cands = append(cands, Candidate{AppealID: int64(i + 1), UnitID: int64(i%2 + 1), UnitName: []string{"甲", "乙"}[i%2], Type: minyi.TypeComplaint})
	}
	d := Design{Strata: []string{ByUnit}, Mode: Fixed, PerStratum: 5}
	a, strata := Draw(cands, d, 99)
	// The order the candidates come in does not matter.
	rev := slices.Clone(cands)
	slices.Reverse(rev)
	b, _ := Draw(rev, d, 99)
	c, _ := Draw(cands, d, 100)
	ids := func(x []Drawn) []int64 {
		var out []int64
		for _, dr := range x {
			out = append(out, dr.AppealID)
		}
		return out
	}
	if !slices.Equal(ids(a), ids(b)) || slices.Equal(ids(a), ids(c)) || len(a) != 10 || len(strata) != 2 || strata[0].Population != 20 {
		t.Fatalf("draws %v / %v / %v, strata %+v", ids(a), ids(b), ids(c), strata)
	}
}

func TestBuildHandCounted(t *testing.T) {
	cfg := minyi.DefaultKPIConfig()
	// The unit's own figures: 10 appeals, all contacted, 9 said solved,
	// 8 rated 非常满意 and 2 不满意.
	var own kpi.Counts
	for i := range 10 {
		f := kpi.Fact{Flags: kpi.Total | kpi.ContactD | kpi.ContactN | kpi.SolvedD | kpi.Rated, Rating: 5}
		if i < 9 {
			f.Flags |= kpi.SolvedN
		}
		if i >= 8 {
			f.Rating = 2
		}
		own.Add(f.Counts(), 1)
	}
	places := map[int64]kpi.Place{1: {UnitID: 1, UnitName: "甲街道"}, 2: {UnitID: 2, UnitName: "乙街道"}}
	ownRep := kpi.Build(kpi.LevelUnit, kpi.Period{Kind: "month", Year: 2026, Index: 10}, []kpi.Counter{{UnitID: 1, Month: 202610, Counts: own}}, places, nil, nil, cfg)

	yes, no := true, false
	items := []Item{
		{UnitID: 1, UnitName: "甲街道", Callback: &Callback{Reached: true, Attempts: 1, Solved: Solved, Satisfaction: 5, Contacted: &yes}},
		{UnitID: 1, UnitName: "甲街道", Callback: &Callback{Reached: true, Attempts: 2, Solved: Partly, Satisfaction: 3, Contacted: &yes}},
		{UnitID: 1, UnitName: "甲街道", Callback: &Callback{Reached: true, Attempts: 1, Solved: Unsolved, Satisfaction: 1, Contacted: &no}},
		{UnitID: 1, UnitName: "甲街道", Callback: &Callback{Reached: false, Attempts: 3}},
		{UnitID: 2, UnitName: "乙街道"},
	}
	rep := Build(&Round{ID: 7, Period: "2026-10"}, items, ownRep, cfg, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if rep.Sampled != 5 || rep.Recorded != 4 || rep.Reached != 3 || len(rep.Units) != 2 {
		t.Fatalf("counts: sampled %d recorded %d reached %d units %d", rep.Sampled, rep.Recorded, rep.Reached, len(rep.Units))
	}
	byName := map[string]*UnitFindings{}
	for i := range rep.Units {
		byName[rep.Units[i].UnitName] = &rep.Units[i]
	}
	u := byName["甲街道"]
	if u == nil || u.Sampled != 4 || u.Reached != 3 {
		t.Fatalf("unit = %+v", u)
	}
	// By hand: resolution 1 of 3 reached (部分解决 is not solved), own
	// 9/10 above the interval 6.15 %–79.23 %; response 2/3, own 10/10
	// above 20.77 %–93.85 %; satisfaction (1 + 0.9 + 0) / 3 = 63.33 %,
	// own (8×1 + 2×0) / 10 = 80 % within 18.96 %–92.72 %.
	want := map[string]struct {
		own, cb, lo, hi float64
		n               int64
		flag            string
	}{
		"resolution":   {0.9, 1.0 / 3, 0.0615, 0.7923, 3, Above},
		"response":     {1, 2.0 / 3, 0.2077, 0.9385, 3, Above},
		"satisfaction": {0.8, 1.9 / 3, 0.1896, 0.9272, 3, ""},
	}
	for code, w := range want {
		c := u.Comparison(code)
		if c == nil || c.Own.Rate == nil || c.Callback.Rate == nil {
			t.Fatalf("%s: %+v", code, c)
		}
		if !near(*c.Own.Rate, w.own) || !near(*c.Callback.Rate, w.cb) || c.Callback.Denominator != w.n ||
			math.Abs(*c.Low-w.lo) > 1e-4 || math.Abs(*c.High-w.hi) > 1e-4 || c.Flag != w.flag {
			t.Errorf("%s: own %v cb %v (n %d) %v–%v flag %q; want %+v", code, *c.Own.Rate, *c.Callback.Rate, c.Callback.Denominator, *c.Low, *c.High, c.Flag, w)
		}
	}
	if rep.Flagged != 2 {
		t.Errorf("flagged = %d, want 2", rep.Flagged)
	}
	// The unit without callbacks has no callback figure and no flag.
	if c := byName["乙街道"].Comparison("resolution"); c.Callback.Rate != nil || c.Flag != "" || c.Low != nil {
		t.Errorf("unit without callbacks: %+v", c)
	}

	var buf bytes.Buffer
	if err := rep.WritePDF(&buf, nil); err != nil {
		t.Fatal(err)
	}
	lines, err := pdftest.Text(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(lines, "\n")
	for _, s := range []string{"第三方评估报告", "评估方法", "抽样设计", "甲街道", "自报偏高", "6.1%–79.2%"} {
		if !strings.Contains(all, s) {
			t.Errorf("PDF lacks %q", s)
		}
	}
}
