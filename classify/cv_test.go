package classify

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"minyi/text"
)

// crossValidate returns the macro-F1 of each of k stratified folds. The
// features of every example are computed once: they do not depend on the
// training data (IDF does, and is computed per fold).
func crossValidate(ex []Example, k int, seed uint64, opts Options) []float64 {
	labels, ys, err := labelIndices(ex)
	if err != nil {
		panic(err)
	}
	if opts.Buckets <= 0 {
		opts.Buckets = defaultBuckets(len(labels))
	}
	opts = opts.withDefaults()
	seg, err := text.DefaultSegmenter()
	if err != nil {
		panic(err)
	}
	if opts.NoWords {
		seg = nil
	}
	counts := make([][]entry, len(ex))
	parallel(len(ex), func(i int) {
		counts[i] = documentCounts(ex[i].Title, ex[i].Content, seg, opts.Buckets)
	})
	fold := make([]int, len(ex))
	rng := rand.New(rand.NewPCG(seed, 0x6376))
	for y := range labels {
		var ids []int
		for i := range ex {
			if ys[i] == y {
				ids = append(ids, i)
			}
		}
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		for j, i := range ids {
			fold[i] = j % k
		}
	}
	opts.skipThreshold = true
	var out []float64
	for f := 0; f < k; f++ {
		var trainC [][]entry
		var trainYs, testIdx []int
		for i := range ex {
			if fold[i] == f {
				testIdx = append(testIdx, i)
			} else {
				trainC = append(trainC, counts[i])
				trainYs = append(trainYs, ys[i])
			}
		}
		m := trainCounts(trainC, trainYs, labels, opts)
		pred := make([]int, len(testIdx))
		gold := make([]int, len(testIdx))
		p := make([]float64, len(labels))
		for j, i := range testIdx {
			m.scores(weigh(counts[i], m.IDF), p)
			pred[j], gold[j] = argmax(p), ys[i]
		}
		out = append(out, macroF1(pred, gold))
	}
	return out
}

// macroF1 averages the F1 over the labels that occur in gold or pred,
// like Evaluate.
func macroF1(pred, gold []int) float64 {
	tp, fp, fn := map[int]int{}, map[int]int{}, map[int]int{}
	seen := map[int]bool{}
	for i := range pred {
		seen[pred[i]], seen[gold[i]] = true, true
		if pred[i] == gold[i] {
			tp[gold[i]]++
		} else {
			fp[pred[i]]++
			fn[gold[i]]++
		}
	}
	var sum float64
	for l := range seen {
		if tp[l] > 0 {
			p := float64(tp[l]) / float64(tp[l]+fp[l])
			r := float64(tp[l]) / float64(tp[l]+fn[l])
			sum += 2 * p * r / (p + r)
		}
	}
	return sum / float64(len(seen))
}

func envFloat(name string) float64 {
	v, _ := strconv.ParseFloat(os.Getenv(name), 64)
	return v
}

// TestTeddyCV prints the mean and standard deviation of the macro-F1 over
// five stratified folds of the labelled Teddy Cup messages. It runs only
// with MINYI_CLASSIFY_CV=1 (MINYI_CV_EPOCHS, MINYI_CV_LR, MINYI_CV_L2,
// MINYI_CV_SVM (the SVM's weight, -1 for none, +Inf for the SVM alone)
// and MINYI_CV_C override the options).
func TestTeddyCV(t *testing.T) {
	if os.Getenv("MINYI_CLASSIFY_CV") != "1" {
		t.Skip("set MINYI_CLASSIFY_CV=1 to run the cross-validation")
	}
	path := filepath.Join("..", "..", "shared", "data", "teddy2020", "附件2_labelled_dev.csv")
	ex, err := ReadExamplesFile(path)
	if err != nil {
		t.Skipf("Teddy Cup data not readable (%v); skipping the cross-validation", err)
	}
	opts := Options{
		Epochs:       int(envFloat("MINYI_CV_EPOCHS")),
		LearningRate: envFloat("MINYI_CV_LR"),
		L2:           envFloat("MINYI_CV_L2"),
		svmWeight:    envFloat("MINYI_CV_SVM"),
		svmC:         envFloat("MINYI_CV_C"),
	}
	start := time.Now()
	f1 := crossValidate(ex, 5, 20260102, opts)
	var mean, sd float64
	for _, v := range f1 {
		mean += v / float64(len(f1))
	}
	for _, v := range f1 {
		sd += (v - mean) * (v - mean) / float64(len(f1)-1)
	}
	t.Logf("5-fold macro-F1 %.4f ± %.4f (folds %.4f) in %.0fs", mean, math.Sqrt(sd), f1, time.Since(start).Seconds())
}
