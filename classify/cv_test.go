package classify

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// crossValidate returns the macro-F1 of each of k stratified folds.
func crossValidate(ex []Example, k int, seed uint64, opts Options) []float64 {
	byLabel := map[string][]int{}
	var labels []string
	for i, e := range ex {
		if _, ok := byLabel[e.Label]; !ok {
			labels = append(labels, e.Label)
		}
		byLabel[e.Label] = append(byLabel[e.Label], i)
	}
	sort.Strings(labels)
	fold := make([]int, len(ex))
	rng := rand.New(rand.NewPCG(seed, 0x6376))
	for _, l := range labels {
		ids := byLabel[l]
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		for j, i := range ids {
			fold[i] = j % k
		}
	}
	opts.skipThreshold = true
	var out []float64
	for f := 0; f < k; f++ {
		var train, test []Example
		for i, e := range ex {
			if fold[i] == f {
				test = append(test, e)
			} else {
				train = append(train, e)
			}
		}
		m, err := Train(train, opts)
		if err != nil {
			panic(err)
		}
		out = append(out, Evaluate(m, test).MacroF1)
	}
	return out
}

func envFloat(name string) float64 {
	v, _ := strconv.ParseFloat(os.Getenv(name), 64)
	return v
}

// TestTeddyCV prints the mean and standard deviation of the macro-F1 over
// five stratified folds of the labelled Teddy Cup messages. It runs only
// with MINYI_CLASSIFY_CV=1 (MINYI_CV_EPOCHS, MINYI_CV_LR and MINYI_CV_L2
// override the options).
func TestTeddyCV(t *testing.T) {
	if os.Getenv("MINYI_CLASSIFY_CV") != "1" {
		t.Skip("set MINYI_CLASSIFY_CV=1 to run the cross-validation")
	}
	path := filepath.Join("..", "..", "shared", "data", "teddy2020", "附件2_labelled_dev.csv")
	ex, err := ReadExamplesFile(path)
	if err != nil {
		t.Skip(err)
	}
	opts := Options{
		Epochs:       int(envFloat("MINYI_CV_EPOCHS")),
		LearningRate: envFloat("MINYI_CV_LR"),
		L2:           envFloat("MINYI_CV_L2"),
	}
	f1 := crossValidate(ex, 5, 20260102, opts)
	var mean, sd float64
	for _, v := range f1 {
		mean += v / float64(len(f1))
	}
	for _, v := range f1 {
		sd += (v - mean) * (v - mean) / float64(len(f1)-1)
	}
	t.Logf("5-fold macro-F1 %.4f ± %.4f (folds %.4f)", mean, math.Sqrt(sd), f1)
}
