package classify

import (
	"minyi/text"
	"os"
	"sort"
	"testing"
	"time"
)

func TestScratchTiming(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	ex, err := ReadExamplesFile("/tmp/teddy_train.csv")
	if err != nil {
		t.Skip(err)
	}
	labels, ys, _ := labelIndices(ex)
	opts := Options{Buckets: defaultBuckets(len(labels))}.withDefaults()
	seg, _ := text.DefaultSegmenter()
	start := time.Now()
	counts := make([][]entry, len(ex))
	parallel(len(ex), func(i int) { counts[i] = documentCounts(ex[i].Title, ex[i].Content, seg, opts.Buckets) })
	t.Logf("features %.1fs", time.Since(start).Seconds())
	df := make([]int32, opts.Buckets)
	for _, c := range counts {
		for _, e := range c {
			df[e.idx]++
		}
	}
	idfv := idf(df, len(counts))
	xs := make([]vector, len(counts))
	for i := range xs {
		xs[i] = weigh(counts[i], idfv)
	}
	all := make([]int, len(xs))
	for i := range all {
		all[i] = i
	}
	start = time.Now()
	fitSoftmax(xs, ys, all, len(labels), opts)
	t.Logf("softmax %.1fs", time.Since(start).Seconds())
	start = time.Now()
	fitSVM(xs, ys, all, len(labels), opts)
	t.Logf("svm %.1fs", time.Since(start).Seconds())
}

func BenchmarkScratchPredictTest(b *testing.B) {
	tr, err := ReadExamplesFile("/tmp/teddy_train.csv")
	if err != nil {
		b.Skip(err)
	}
	te, _ := ReadExamplesFile("/tmp/teddy_test.csv")
	m, _ := Train(tr, Options{Epochs: 1, skipThreshold: true})
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		e := te[i%len(te)]
		m.Predict(e.Title, e.Content)
	}
}

func TestScratchLatency(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	tr, _ := ReadExamplesFile("/tmp/teddy_train.csv")
	te, _ := ReadExamplesFile("/tmp/teddy_test.csv")
	m, _ := Train(tr, Options{Epochs: 1, skipThreshold: true})
	type lt struct {
		d float64
		n int
	}
	var ls []lt
	for rep := 0; rep < 3; rep++ {
		for _, e := range te {
			s := time.Now()
			m.Predict(e.Title, e.Content)
			ls = append(ls, lt{float64(time.Since(s).Microseconds()) / 1000, len(e.Title) + len(e.Content)})
		}
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].d < ls[j].d })
	n := len(ls)
	t.Logf("p50 %.2f p90 %.2f p99 %.2f max %.2f", ls[n/2].d, ls[n*9/10].d, ls[n*99/100].d, ls[n-1].d)
	for _, x := range ls[n*99/100:] {
		t.Logf("%.2f ms %d bytes", x.d, x.n)
	}
	lens := []int{}
	for _, e := range te {
		lens = append(lens, len(e.Title)+len(e.Content))
	}
	sort.Ints(lens)
	t.Logf("len p50 %d p90 %d p99 %d max %d", lens[len(lens)/2], lens[len(lens)*9/10], lens[len(lens)*99/100], lens[len(lens)-1])
}
