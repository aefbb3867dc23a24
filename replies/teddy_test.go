package replies_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"minyi/importer"
	"minyi/replies"
)

// The 2020 Teddy Cup replies (附件4) and hand labels of their
// explainability (see shared/data/teddy2020), not part of the repository.
var (
	teddyReplies = filepath.Join("..", "..", "shared", "data", "teddy2020", "附件4.csv")
	teddyLabels  = filepath.Join("..", "..", "shared", "data", "teddy2020", "附件4_人工标注_syu_labels.csv")
)

func teddyInputs(tb testing.TB) []replies.Input {
	if _, err := os.Stat(teddyReplies); err != nil {
		tb.Skip("Teddy Cup data not present in ../shared/data/teddy2020 (附件4.csv)")
	}
	recs, err := importer.RecordsFile(teddyReplies)
	if err != nil {
		tb.Fatal(err)
	}
	in := make([]replies.Input, len(recs))
	for i, r := range recs {
		in[i] = replies.Input{ID: r.ID, Title: r.Title, Content: r.Content, Received: r.Time, Reply: r.Reply, Replied: r.ReplyTime}
	}
	return in
}

func readLabels(tb testing.TB) map[string]bool {
	f, err := os.Open(teddyLabels)
	if err != nil {
		tb.Skip("Teddy Cup reply labels not present (附件4_人工标注_syu_labels.csv)")
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range rows[1:] {
		out[strings.TrimSpace(r[0])] = strings.TrimSpace(r[1]) == "1"
	}
	return out
}

// auc is the probability that a random positive scores above a random
// negative (ties count half).
func auc(scores []float64, pos []bool) float64 {
	type p struct {
		s   float64
		pos bool
	}
	ps := make([]p, len(scores))
	for i := range scores {
		ps[i] = p{scores[i], pos[i]}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].s < ps[j].s })
	var rankSum float64
	var np, nn int
	for i := 0; i < len(ps); {
		j := i
		for j < len(ps) && ps[j].s == ps[i].s {
			j++
		}
		mid := float64(i+j+1) / 2 // mean 1-based rank of the tie group
		for k := i; k < j; k++ {
			if ps[k].pos {
				rankSum += mid
				np++
			} else {
				nn++
			}
		}
		i = j
	}
	if np == 0 || nn == 0 {
		return 0.5
	}
	return (rankSum - float64(np*(np+1))/2) / float64(np*nn)
}

// TestTeddyExplainabilityAUC checks explainability against the hand
// labels of 附件4 and logs the distribution of every measure.
func TestTeddyExplainabilityAUC(t *testing.T) {
	in := teddyInputs(t)
	labels := readLabels(t)
	sc := batchScorer(t, in)
	var ex []float64
	var pos []bool
	cols := make([][]float64, len(replies.Measures))
	var length []float64
	parts := map[string][]float64{}
	for _, x := range in {
		s := sc.Score(x)
		for i, m := range replies.Measures {
			cols[i] = append(cols[i], m.Of(s))
		}
		if l, ok := labels[x.ID]; ok {
			ex = append(ex, s.Explainability)
			pos = append(pos, l)
			e := s.Reasons.Explanation
			length = append(length, float64(e.Substance))
			parts["basis"] = append(parts["basis"], float64(len(e.Basis)))
			parts["actions"] = append(parts["actions"], float64(len(e.Actions)))
			parts["contacts"] = append(parts["contacts"], float64(len(e.Contacts)))
			parts["specifics"] = append(parts["specifics"], float64(len(e.Specifics)))
			parts["not forward-only"] = append(parts["not forward-only"], map[bool]float64{true: 0, false: 1}[e.ForwardOnly])
		}
	}
	for i, m := range replies.Measures {
		d := replies.Describe(cols[i])
		t.Logf("%-14s mean %.3f  min %.3f  p25 %.3f  median %.3f  p75 %.3f  max %.3f", m.Key, d.Mean, d.Min, d.P25, d.Median, d.P75, d.Max)
	}
	a := auc(ex, pos)
	t.Logf("explainability AUC %.3f on %d labelled replies (length of substance alone: %.3f)", a, len(ex), auc(length, pos))
	for _, k := range []string{"basis", "actions", "contacts", "specifics", "not forward-only"} {
		t.Logf("cue %-16s AUC %.3f", k, auc(parts[k], pos))
	}
	if len(ex) < 1000 {
		t.Fatalf("only %d replies matched a label", len(ex))
	}
	if a < 0.80 {
		t.Fatalf("explainability AUC %.3f < 0.80", a)
	}
}

func batchScorer(tb testing.TB, in []replies.Input) *replies.Scorer {
	sc, err := replies.NewScorer(nil)
	if err != nil {
		tb.Fatal(err)
	}
	docs := make([][]string, len(in))
	for i, x := range in {
		docs[i] = sc.Terms(x.Title + "。" + x.Content)
	}
	sc.IDF = replies.NewIDF(docs)
	return sc
}

// BenchmarkScoreTeddy scores the replies of 附件4 one after another.
func BenchmarkScoreTeddy(b *testing.B) {
	in := teddyInputs(b)
	sc := batchScorer(b, in)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		sc.Score(in[n%len(in)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "replies/s")
}
