// Package classify assigns a first-level category to a citizen appeal.
//
// A document is the normalised title and content (text.Normalize; the
// first 3,000 bytes, maxText). Its
// features are character 1–3-grams and the segmenter's word unigrams and
// bigrams (text.Segmenter.Terms) of that text, plus the same features of
// the title alone in a namespace of their own (weighted double), hashed
// with a sign into a number of buckets that shrinks as labels grow,
// weighted by sublinear TF-IDF and scaled to unit length. The model is
// linear: the scores of a multinomial logistic regression (softmax,
// AdaGrad, L2) plus three times those of one-vs-rest linear SVMs, which
// together do better than either (see docs/benchmarks.md); a softmax of
// the scores, with a temperature fitted on out-of-fold scores, gives a
// probability for every label. Those probabilities are blended with the
// label vote of the training appeals most similar to the appeal
// (neighbours.go), which the model keeps cut to their strongest
// features.
//
// Train also chooses the auto-dispatch threshold by cross-fitting: the
// training data is cut into three stratified folds, each scored by a
// model fitted on the other two; the temperature is fitted to all these
// out-of-fold scores, and the threshold is the lowest top probability at
// which the out-of-fold predictions, blended with each appeal's vote of
// the other training appeals, are correct often enough — the lower
// end of a Wilson interval at least a little above
// Options.TargetPrecision (aimedPrecision), so that the precision on
// unseen appeals stays at the target. The returned model is trained on
// all examples.
package classify

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"

	"minyi/parallel"
	"minyi/text"
)

// FormatVersion names the feature extraction and the file format; a model
// written with another format version cannot be read, except format 4
// (formatLinear), which is format 5 without the training appeals of the
// kNN vote and without pseudo-titles.
const FormatVersion = "minyi-classify/5"

// formatLinear is the format before the kNN vote: such a model predicts
// with its linear scores alone.
const formatLinear = "minyi-classify/4"

// Example is a labelled appeal.
type Example struct {
	Title   string
	Content string
	Label   string
}

// Scored is a label with its probability.
type Scored struct {
	Label       string  `json:"label"`
	Probability float64 `json:"probability"`
}

// Options control training. Zero fields take the defaults.
type Options struct {
	Buckets         int     // hashed feature buckets (default: defaultBuckets)
	Epochs          int     // passes over the data (default 12)
	LearningRate    float64 // AdaGrad step (default 0.5)
	L2              float64 // L2 regularisation per update (default 1e-6)
	Seed            uint64  // shuffling and the cross-fitting folds (default 1)
	TargetPrecision float64 // auto-dispatch precision wanted on unseen appeals (default 0.95)
	// ConfidenceZ makes the threshold conservative: the lower end of the
	// Wilson score interval with this z, not the observed precision, must
	// reach TargetPrecision (default 1.645, one-sided 95 %; negative: the
	// observed precision).
	ConfidenceZ float64
	NoWords     bool // character n-grams only, no segmenter
	// Neighbours is how many of the most similar training appeals vote on
	// a prediction (the kNN blend; default defaultNeighbours); negative:
	// none, the model is linear alone.
	Neighbours int
	// PseudoTitle gives an appeal without a title the title features of
	// its first sentence (pseudoTitle). Off by default: in five-fold CV it
	// was within the fold noise, alone and with the kNN vote
	// (docs/benchmarks.md).
	PseudoTitle bool

	skipThreshold bool    // cross-validation: train the final model only
	folds         int     // cross-fitting folds (default 3)
	svmWeight     float64 // weight of the SVM's scores; +Inf: SVM only; < 0: none (default 3)
	svmC          float64 // SVM cost (default 1)
	svmEpochs     int     // most SVM passes (default 50)
	blend         float64 // weight of the kNN vote (default defaultBlend)
}

func (o Options) withDefaults() Options {
	if o.Buckets <= 0 {
		o.Buckets = 1 << 20
	}
	if o.Epochs <= 0 {
		o.Epochs = 12
	}
	if o.LearningRate <= 0 {
		o.LearningRate = 0.5
	}
	if o.L2 < 0 {
		o.L2 = 0
	} else if o.L2 == 0 {
		o.L2 = 1e-6
	}
	if o.svmWeight == 0 {
		o.svmWeight = 3
	} else if o.svmWeight < 0 {
		o.svmWeight = 0 // softmax only
	}
	if o.svmC <= 0 {
		o.svmC = 1
	}
	if o.folds < 2 {
		o.folds = 3
	}
	if o.svmEpochs <= 0 {
		o.svmEpochs = 50
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Neighbours == 0 {
		o.Neighbours = defaultNeighbours
	}
	if o.blend <= 0 || o.blend > 1 {
		o.blend = defaultBlend
	}
	if o.TargetPrecision <= 0 || o.TargetPrecision > 1 {
		o.TargetPrecision = 0.95
	}
	if o.ConfidenceZ == 0 {
		o.ConfidenceZ = 1.645
	} else if o.ConfidenceZ < 0 {
		o.ConfidenceZ = 0
	}
	return o
}

// Model is a trained classifier. It is safe for concurrent use.
type Model struct {
	// Version is FormatVersion and a digest of the weights.
	Version string
	Labels  []string
	Buckets int
	NoWords bool
	// PseudoTitle: an appeal without a title has its first sentence as
	// its title (pseudoTitle).
	PseudoTitle bool
	// Threshold is the lowest top probability at which a prediction may be
	// acted on without review (auto-dispatch); 1 when none qualified.
	Threshold float64
	IDF       []float32
	// W holds the weights bucket-major: W[b*len(Labels)+k]; a label's
	// probability is the softmax of the scores W·x + B.
	W []float32
	B []float32

	// docs and df (documents per bucket) are what IDF is computed from;
	// the file stores them and not IDF, as they compress far better.
	docs int
	df   []int32
	// knn holds the training appeals of the kNN vote; nil for a linear
	// model (format 4, or Options.Neighbours < 0).
	knn *neighbours
	// linearThreshold is the threshold the linear probabilities alone
	// would have had (for the cross-validation's comparison).
	linearThreshold float64
}

// maxWeights bounds labels × buckets: 8M float32 weights are 32 MB in
// memory, so that a model of a hundred responsible units stays small.
const maxWeights = 1 << 23

// defaultBuckets is the bucket count for k labels: 1<<20 (few collisions
// among the distinct n-grams of some thousand appeals) unless that makes
// more than maxWeights weights.
func defaultBuckets(k int) int {
	return min(1<<20, maxWeights/max(k, 1))
}

// Train fits a model to the examples.
func Train(examples []Example, opts Options) (*Model, error) {
	labels, ys, err := labelIndices(examples)
	if err != nil {
		return nil, err
	}
	if opts.Buckets <= 0 {
		opts.Buckets = defaultBuckets(len(labels))
	}
	opts = opts.withDefaults()
	var seg *text.Segmenter
	if !opts.NoWords {
		if seg, err = text.DefaultSegmenter(); err != nil {
			return nil, fmt.Errorf("classify: load segmenter: %w", err)
		}
	}
	counts := make([][]entry, len(examples))
	parallel.For(len(examples), 0, func(i int) {
		counts[i] = documentCounts(examples[i].Title, examples[i].Content, seg, opts.PseudoTitle, opts.Buckets)
	})
	return trainCounts(counts, ys, labels, opts), nil
}

// labelIndices returns the sorted labels and each example's label index.
func labelIndices(examples []Example) ([]string, []int, error) {
	labelIndex := map[string]int{}
	var labels []string
	for _, e := range examples {
		if e.Label == "" {
			return nil, nil, errors.New("classify: an example has no label")
		}
		if _, ok := labelIndex[e.Label]; !ok {
			labelIndex[e.Label] = len(labels)
			labels = append(labels, e.Label)
		}
	}
	if len(labels) < 2 {
		return nil, nil, errors.New("classify: at least two labels are needed")
	}
	sort.Strings(labels)
	for i, l := range labels {
		labelIndex[l] = i
	}
	ys := make([]int, len(examples))
	for i, e := range examples {
		ys[i] = labelIndex[e.Label]
	}
	return labels, ys, nil
}

// trainCounts fits a model to documents given by their feature counts
// (documentCounts with opts.Buckets) and label indices.
func trainCounts(counts [][]entry, ys []int, labels []string, opts Options) *Model {
	// Document frequencies over all training examples (labels unused).
	df := make([]int32, opts.Buckets)
	for _, c := range counts {
		for _, e := range c {
			df[e.idx]++
		}
	}
	m := &Model{Labels: labels, Buckets: opts.Buckets, NoWords: opts.NoWords, PseudoTitle: opts.PseudoTitle,
		Threshold: 1, linearThreshold: 1, docs: len(counts), df: df}
	m.IDF = idf(df, len(counts))
	xs := make([]vector, len(counts))
	parallel.For(len(counts), 0, func(i int) {
		xs[i] = weigh(counts[i], m.IDF)
	})

	// Calibrate and choose the threshold on out-of-fold scores: each
	// example scored by a model that has not seen it.
	temperature := 1.0
	all := make([]int, len(counts))
	for i := range all {
		all[i] = i
	}
	if opts.Neighbours > 0 {
		m.knn = newNeighbours(xs, ys, all, df, opts.Buckets, opts.Neighbours, opts.blend, defaultShape)
	}
	if !opts.skipThreshold {
		oof, held, gold := crossFit(xs, ys, len(labels), opts)
		// The vote of a held-out appeal is that of all the other training
		// appeals (leave-one-out), as the final model's vote on a new
		// appeal has all of them: a vote among the other folds only is
		// weaker than the final model's, and the threshold chosen on it
		// higher than needed.
		votes := make([][]float64, len(held))
		if m.knn != nil {
			s := new(knnScratch)
			for j, i := range held {
				v := make([]float64, len(labels))
				if m.knn.vote(s, xs[i].idx, xs[i].val, int32(i), v) {
					votes[j] = v
				}
			}
		}
		if len(oof) > 0 {
			temperature = fitTemperature(oof, gold)
			choose := func(blend float64) float64 {
				probs := make([]float64, len(oof))
				correct := make([]bool, len(oof))
				for j, s := range oof {
					p := softmaxT(s, temperature)
					if votes[j] != nil {
						mix(p, votes[j], blend)
					}
					best := argmax(p)
					probs[j], correct[j] = p[best], best == gold[j]
				}
				return ChooseThreshold(probs, correct, aimedPrecision(opts.TargetPrecision), opts.ConfidenceZ)
			}
			m.linearThreshold = choose(0)
			m.Threshold = m.linearThreshold
			if opts.Neighbours > 0 {
				m.Threshold = choose(opts.blend)
			}
		}
	}
	m.W, m.B = fitLinear(xs, ys, all, len(labels), opts)
	// The temperature goes into the weights, so that a prediction is a
	// plain softmax of the linear scores.
	inv := float32(1 / temperature)
	for i := range m.W {
		m.W[i] *= inv
	}
	for i := range m.B {
		m.B[i] *= inv
	}
	// The model in memory is the model as stored and read back.
	m.quantise()
	m.Version = FormatVersion + "+" + m.digest()
	return m
}

// crossFit scores every example whose label has two or more examples
// with a model fitted on the other folds (opts.folds, stratified),
// returning those out-of-fold scores, the examples' indices and their
// gold labels. An example of a label seen once is never held out: no
// model that has not seen it could know its label, and the final model
// does.
func crossFit(xs []vector, ys []int, k int, opts Options) (scores [][]float64, held, gold []int) {
	fold := make([]int, len(ys))
	byLabel := make([][]int, k)
	for i, y := range ys {
		byLabel[y] = append(byLabel[y], i)
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x666f6c64))
	for _, ids := range byLabel {
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		for j, i := range ids {
			fold[i] = j % opts.folds
			if len(ids) < 2 {
				fold[i] = -1
			}
		}
	}
	oof := make([][]float64, len(ys))
	parallel.For(opts.folds, 0, func(f int) {
		var fit, held []int
		for i, g := range fold {
			if g == f {
				held = append(held, i)
			} else {
				fit = append(fit, i)
			}
		}
		if len(held) == 0 {
			return
		}
		w, b := fitLinear(xs, ys, fit, k, opts)
		for _, i := range held {
			oof[i] = make([]float64, k)
			linearScores(w, b, xs[i], oof[i])
		}
	})
	for i, s := range oof {
		if s != nil {
			scores = append(scores, s)
			held = append(held, i)
			gold = append(gold, ys[i])
		}
	}
	return scores, held, gold
}

// aimedPrecision is the precision that the threshold is chosen for on the
// out-of-fold predictions, given the precision wanted on unseen appeals:
// a fifth of the allowed error rate stricter (0.96 for 0.95). The
// precision measured on the few hundred appeals that one evaluation
// dispatches automatically scatters by about ±0.008 around the true
// one (binomial, 700 appeals at 0.95), and the final model, fitted on
// all examples, is not the fold models that the threshold was chosen
// with; the margin, with the lower Wilson bound on some thousand
// out-of-fold predictions (about 0.005 below the observed precision),
// puts the expected precision about two standard deviations above the
// target (docs/benchmarks.md).
func aimedPrecision(target float64) float64 { return target + (1-target)/5 }

// idf is the smoothed inverse document frequency of each bucket.
func idf(df []int32, n int) []float32 {
	out := make([]float32, len(df))
	for i, d := range df {
		out[i] = float32(math.Log((1+float64(n))/(1+float64(d))) + 1)
	}
	return out
}

// scores writes the linear scores of x into out.
func (m *Model) scores(x vector, out []float64) { linearScores(m.W, m.B, x, out) }

func (m *Model) vectorize(title, content string) vector {
	return weigh(documentCounts(title, content, m.segmenter(), m.PseudoTitle, m.Buckets), m.IDF)
}

// segmenter is the word segmenter of the model's features, nil for a
// model of character n-grams.
func (m *Model) segmenter() *text.Segmenter {
	if m.NoWords {
		return nil
	}
	// The segmenter's dictionaries are embedded; should loading fail
	// anyway, the character n-grams still carry most of the signal.
	seg, _ := text.DefaultSegmenter()
	return seg
}

// scratch is what a prediction works in; scratches are pooled so that a
// prediction allocates little more than its result.
type scratch struct {
	counts []entry
	scores []float64
	// The query's TF-IDF vector, for the kNN vote.
	qidx []int32
	qval []float32
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// Predict returns every label with its probability, most probable first.
func (m *Model) Predict(title, content string) []Scored {
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	s.counts = appendCounts(s.counts[:0], title, content, m.segmenter(), m.PseudoTitle, m.Buckets)
	if cap(s.scores) < len(m.Labels) {
		s.scores = make([]float64, len(m.Labels))
	}
	p := s.scores[:len(m.Labels)]
	m.countScores(s, p)
	softmax(p)
	if m.knn != nil {
		m.knn.blend(p, s.qidx, s.qval)
	}
	out := make([]Scored, len(p))
	for c, v := range p {
		out[c] = Scored{Label: m.Labels[c], Probability: v}
	}
	slices.SortStableFunc(out, func(a, b Scored) int { return cmp.Compare(b.Probability, a.Probability) })
	return out
}

// countScores writes the linear scores of the document with the counts
// s.counts into out: weigh and scores in one pass, and for the kNN vote
// the TF-IDF vector into s.qidx and s.qval.
func (m *Model) countScores(s *scratch, out []float64) {
	counts := s.counts
	s.qidx, s.qval = s.qidx[:0], s.qval[:0]
	var norm float64
	for _, e := range counts {
		w := tfidf(e.val, m.IDF[e.idx])
		norm += w * w
	}
	inv := 0.0
	if norm > 0 {
		inv = 1 / math.Sqrt(norm)
	}
	k := len(m.Labels)
	for c := range out {
		out[c] = float64(m.B[c])
	}
	for _, e := range counts {
		// The same rounding as weigh, so that Predict and training agree.
		xv32 := float32(tfidf(e.val, m.IDF[e.idx])) * float32(inv)
		if m.knn != nil {
			s.qidx, s.qval = append(s.qidx, e.idx), append(s.qval, xv32)
		}
		xv := float64(xv32)
		row := m.W[int(e.idx)*k : int(e.idx)*k+k]
		for c, w := range row {
			out[c] += float64(w) * xv
		}
	}
}

func softmax(p []float64) {
	mx := math.Inf(-1)
	for _, v := range p {
		mx = max(mx, v)
	}
	var sum float64
	for i, v := range p {
		p[i] = math.Exp(v - mx)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
}

func argmax(p []float64) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}

// stratifiedIndices splits the indices of ys per label: about share of
// each label goes to the second part (at least one when a label has two
// or more examples).
func stratifiedIndices(ys []int, share float64, seed uint64) (first, second []int) {
	byLabel := map[int][]int{}
	var keys []int
	for i, y := range ys {
		if _, ok := byLabel[y]; !ok {
			keys = append(keys, y)
		}
		byLabel[y] = append(byLabel[y], i)
	}
	sort.Ints(keys)
	rng := rand.New(rand.NewPCG(seed, 0x73706c6974))
	for _, y := range keys {
		ids := byLabel[y]
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		n := int(math.Round(share * float64(len(ids))))
		if n == 0 && len(ids) >= 2 {
			n = 1
		}
		second = append(second, ids[:n]...)
		first = append(first, ids[n:]...)
	}
	sort.Ints(first)
	sort.Ints(second)
	return first, second
}

// StratifiedSplit splits examples per label with a fixed seed: about
// testShare of each label's examples go to test.
func StratifiedSplit(examples []Example, testShare float64, seed uint64) (train, test []Example) {
	index := map[string]int{}
	ys := make([]int, len(examples))
	for i, e := range examples {
		y, ok := index[e.Label]
		if !ok {
			y = len(index)
			index[e.Label] = y
		}
		ys[i] = y
	}
	a, b := stratifiedIndices(ys, testShare, seed)
	for _, i := range a {
		train = append(train, examples[i])
	}
	for _, i := range b {
		test = append(test, examples[i])
	}
	return train, test
}

// weight is the weight of bucket b for label c.
func (m *Model) weight(b, c int) float32 { return m.W[b*len(m.Labels)+c] }
