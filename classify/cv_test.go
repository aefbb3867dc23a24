package classify

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"minyi/parallel"
	"minyi/text"
)

// cvFold is the result of one fold of crossValidate: macro-F1, and the
// share of the held-out examples at or above the model's threshold and
// the precision on those. variants are the macro-F1 (and for "linear"
// the coverage and precision at the threshold chosen for it) of other
// ways of predicting with the same fold's model: "linear" without the
// kNN vote, "kK aA" with a vote of K neighbours and weight A.
type cvFold struct {
	f1, coverage, precision float64
	variants                map[string]cvFold
}

// cvVotes are the kNN variants that crossValidate measures besides the
// model's own: other k and α, and other cuts of the appeals (features 0:
// all, the exact cosine).
var cvVotes = []struct {
	k     int
	alpha float64
	shape knnShape
}{
	{10, 0.3, defaultShape}, {30, 0.2, defaultShape}, {30, 0.4, defaultShape}, {50, 0.3, defaultShape},
	{30, 0.3, knnShape{features: 0, query: 0}},
	{30, 0.3, knnShape{features: 48, minDF: 1, renorm: true, query: 0}},
	{30, 0.3, knnShape{features: 48, minDF: 2, renorm: false, query: 0}},
	{30, 0.3, knnShape{features: 32, minDF: 2, renorm: true, query: 0}},
	{30, 0.3, knnShape{features: 96, minDF: 2, renorm: true, query: 0}},
	{30, 0.3, knnShape{features: 48, minDF: 2, renorm: true, query: 64}},
}

// crossValidate returns the macro-F1 of each of k stratified folds, each
// fold's model trained on a share of its training part (1: all; the same
// appeals for every fold that holds them, and a smaller share is a subset
// of a larger one: the learning curve). The features of every example are
// computed once: they do not depend on the training data (IDF does, and
// is computed per fold).
func crossValidate(ex []Example, k int, seed uint64, opts Options, share float64) []cvFold {
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
	parallel.For(len(ex), 0, func(i int) {
		counts[i] = documentCounts(ex[i].Title, ex[i].Content, seg, opts.PseudoTitle, opts.Buckets)
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
	keep := make([]float64, len(ex))
	for i := range keep {
		keep[i] = rng.Float64()
	}
	var out []cvFold
	for f := 0; f < k; f++ {
		var trainC [][]entry
		var trainYs, testIdx []int
		for i := range ex {
			if fold[i] == f {
				testIdx = append(testIdx, i)
			} else if keep[i] < share {
				trainC = append(trainC, counts[i])
				trainYs = append(trainYs, ys[i])
			}
		}
		m := trainCounts(trainC, trainYs, labels, opts)
		// measure scores every held-out example with the fold's model,
		// its probabilities changed by blend, at threshold.
		measure := func(threshold float64, blend func(x vector, p []float64)) cvFold {
			pred := make([]int, len(testIdx))
			gold := make([]int, len(testIdx))
			p := make([]float64, len(labels))
			auto, autoRight := 0, 0
			for j, i := range testIdx {
				x := weigh(counts[i], m.IDF)
				m.scores(x, p)
				softmax(p)
				if blend != nil {
					blend(x, p)
				}
				pred[j], gold[j] = argmax(p), ys[i]
				if p[pred[j]] >= threshold {
					auto++
					if pred[j] == gold[j] {
						autoRight++
					}
				}
			}
			return cvFold{f1: macroF1(pred, gold), coverage: float64(auto) / float64(len(testIdx)), precision: float64(autoRight) / float64(max(auto, 1))}
		}
		var own func(x vector, p []float64)
		if m.knn != nil {
			own = func(x vector, p []float64) { m.knn.blend(p, x.idx, x.val) }
		}
		r := measure(m.Threshold, own)
		r.variants = map[string]cvFold{"linear": measure(m.linearThreshold, nil)}
		if m.knn != nil {
			xs := make([]vector, len(trainC))
			all := make([]int, len(trainC))
			for i, c := range trainC {
				xs[i], all[i] = weigh(c, m.IDF), i
			}
			for _, v := range cvVotes {
				nb := newNeighbours(xs, trainYs, all, m.df, m.Buckets, v.k, v.alpha, v.shape)
				name := fmt.Sprintf("k%d a%.1f T%d df%d renorm %v q%d", v.k, v.alpha, v.shape.features, v.shape.minDF, v.shape.renorm, v.shape.query)
				r.variants[name] = measure(1, func(x vector, p []float64) { nb.blend(p, x.idx, x.val) })
			}
		}
		out = append(out, r)
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
// and MINYI_CV_C override the options; MINYI_CV_SHARE trains each fold's
// model on that share of its training part).
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
		Epochs:        int(envFloat("MINYI_CV_EPOCHS")),
		LearningRate:  envFloat("MINYI_CV_LR"),
		L2:            envFloat("MINYI_CV_L2"),
		svmWeight:     envFloat("MINYI_CV_SVM"),
		svmC:          envFloat("MINYI_CV_C"),
		skipThreshold: os.Getenv("MINYI_CV_FAST") != "",
		Neighbours:    int(envFloat("MINYI_CV_KNN")),
		PseudoTitle:   os.Getenv("MINYI_CV_PSEUDO") == "1",
	}
	seed := uint64(20260102)
	if v := envFloat("MINYI_CV_SEED"); v > 0 {
		seed = uint64(v)
	}
	if v := envFloat("MINYI_CV_MAXTEXT"); v > 0 {
		defer func(old int) { maxText = old }(maxText)
		maxText = int(v)
	}
	start := time.Now()
	share := 1.0
	if v := envFloat("MINYI_CV_SHARE"); v > 0 && v < 1 {
		share = v
	}
	folds := crossValidate(ex, 5, seed, opts, share)
	t.Logf("fold seed %d, neighbours %d, pseudo-title %v, training share %.2f", seed, opts.Neighbours, opts.PseudoTitle, share)
	stat := func(f func(cvFold) float64) (mean, sd float64, all []float64) {
		for _, v := range folds {
			all = append(all, f(v))
			mean += f(v) / float64(len(folds))
		}
		for _, v := range all {
			sd += (v - mean) * (v - mean) / float64(len(folds)-1)
		}
		return mean, math.Sqrt(sd), all
	}
	m, sd, all := stat(func(f cvFold) float64 { return f.f1 })
	t.Logf("5-fold macro-F1 %.4f ± %.4f (folds %.5f) in %.0fs", m, sd, all, time.Since(start).Seconds())
	if !opts.skipThreshold {
		m, sd, all = stat(func(f cvFold) float64 { return f.coverage })
		t.Logf("auto-dispatch coverage %.4f ± %.4f (folds %.4f)", m, sd, all)
		m, sd, all = stat(func(f cvFold) float64 { return f.precision })
		t.Logf("auto-dispatch precision %.4f ± %.4f (folds %.4f)", m, sd, all)
	}
	var names []string
	for name := range folds[0].variants {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		m, sd, all := stat(func(f cvFold) float64 { return f.variants[name].f1 })
		d, dsd, _ := stat(func(f cvFold) float64 { return f.f1 - f.variants[name].f1 })
		t.Logf("variant %s: macro-F1 %.4f ± %.4f (folds %.5f); the model's minus it %+.4f ± %.4f", name, m, sd, all, d, dsd)
		if name == "linear" && !opts.skipThreshold {
			m, sd, all = stat(func(f cvFold) float64 { return f.variants[name].coverage })
			t.Logf("variant %s: coverage %.4f ± %.4f (folds %.4f)", name, m, sd, all)
			m, sd, all = stat(func(f cvFold) float64 { return f.variants[name].precision })
			t.Logf("variant %s: precision %.4f ± %.4f (folds %.4f)", name, m, sd, all)
		}
	}
}
