// Package classify assigns a first-level category to a citizen appeal.
//
// A document is the normalised title and content (text.Normalize). Its
// features are character 1–3-grams and the segmenter's word unigrams and
// bigrams (text.Segmenter.Terms) of that text, plus the same features of
// the title alone in a namespace of their own (weighted double), hashed
// with a sign into a fixed number of buckets, weighted by sublinear TF-IDF
// and scaled to unit length. The model
// is a multinomial logistic regression (softmax) trained with AdaGrad and
// L2 regularisation; it gives a probability for every label.
//
// Train also chooses the auto-dispatch threshold: the lowest top
// probability at which the predictions on a validation part of the
// training data are correct often enough (Options.TargetPrecision, judged
// by the lower end of a Wilson interval so that a small validation part
// does not give an optimistic threshold). That part is held out of a first
// training run only; the returned model is trained on all examples.
package classify

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"

	"minyi/text"
)

// FormatVersion names the feature extraction and the file format; a model
// written with another format version cannot be read.
const FormatVersion = "minyi-classify/2"

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
	Buckets         int     // hashed feature buckets (default 1<<20)
	Epochs          int     // passes over the data (default 12)
	LearningRate    float64 // AdaGrad step (default 0.5)
	L2              float64 // L2 regularisation per update (default 1e-6)
	Seed            uint64  // shuffling and the validation split (default 1)
	ValidationShare float64 // training share held out to choose the threshold (default 0.1)
	TargetPrecision float64 // auto-dispatch precision on the validation part (default 0.95)
	// ConfidenceZ makes the threshold conservative: the lower end of the
	// Wilson score interval with this z, not the observed precision, must
	// reach TargetPrecision (default 1.645, one-sided 95 %; negative: the
	// observed precision).
	ConfidenceZ float64
	NoWords     bool // character n-grams only, no segmenter

	skipThreshold bool // cross-validation: train the final model only
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
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.ValidationShare <= 0 || o.ValidationShare >= 0.5 {
		o.ValidationShare = 0.1
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
	// Threshold is the lowest top probability at which a prediction may be
	// acted on without review (auto-dispatch); 1 when none qualified.
	Threshold float64
	IDF       []float32
	// W holds the weights bucket-major: W[b*len(Labels)+k].
	W []float32
	B []float32
}

// Train fits a model to the examples.
func Train(examples []Example, opts Options) (*Model, error) {
	opts = opts.withDefaults()
	labelIndex := map[string]int{}
	var labels []string
	for _, e := range examples {
		if e.Label == "" {
			return nil, errors.New("classify: an example has no label")
		}
		if _, ok := labelIndex[e.Label]; !ok {
			labelIndex[e.Label] = len(labels)
			labels = append(labels, e.Label)
		}
	}
	if len(labels) < 2 {
		return nil, errors.New("classify: at least two labels are needed")
	}
	sort.Strings(labels)
	for i, l := range labels {
		labelIndex[l] = i
	}
	var seg *text.Segmenter
	if !opts.NoWords {
		var err error
		if seg, err = text.DefaultSegmenter(); err != nil {
			return nil, fmt.Errorf("classify: load segmenter: %w", err)
		}
	}
	counts := make([]map[int32]float32, len(examples))
	parallel(len(examples), func(i int) {
		counts[i] = documentCounts(examples[i].Title, examples[i].Content, seg, opts.Buckets)
	})
	// Document frequencies over all training examples (labels unused).
	df := make([]int32, opts.Buckets)
	for _, c := range counts {
		for i, v := range c {
			if v != 0 {
				df[i]++
			}
		}
	}
	n := float64(len(examples))
	idf := make([]float32, opts.Buckets)
	for i, d := range df {
		idf[i] = float32(math.Log((1+n)/(1+float64(d))) + 1)
	}
	xs := make([]vector, len(examples))
	ys := make([]int, len(examples))
	parallel(len(examples), func(i int) {
		xs[i] = weigh(counts[i], idf)
	})
	for i, e := range examples {
		ys[i] = labelIndex[e.Label]
	}
	m := &Model{Labels: labels, Buckets: opts.Buckets, NoWords: opts.NoWords, IDF: idf, Threshold: 1}

	// Choose the threshold with a model that has not seen the validation part.
	fit, val := stratifiedIndices(ys, opts.ValidationShare, opts.Seed)
	if len(val) > 0 && len(fit) > 0 && !opts.skipThreshold {
		m.fit(xs, ys, fit, opts)
		probs := make([]float64, len(val))
		correct := make([]bool, len(val))
		for j, i := range val {
			p := m.probabilities(xs[i])
			best := argmax(p)
			probs[j], correct[j] = p[best], best == ys[i]
		}
		m.Threshold = chooseThreshold(probs, correct, opts.TargetPrecision, opts.ConfidenceZ)
	}
	all := make([]int, len(examples))
	for i := range all {
		all[i] = i
	}
	m.fit(xs, ys, all, opts)
	m.Version = FormatVersion + "+" + m.digest()
	return m, nil
}

// fit trains W and B from zero on the examples at the given indices.
func (m *Model) fit(xs []vector, ys []int, order []int, opts Options) {
	k := len(m.Labels)
	m.W = make([]float32, m.Buckets*k)
	m.B = make([]float32, k)
	gw := make([]float32, len(m.W))
	gb := make([]float32, k)
	order = append([]int(nil), order...)
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6d696e7969))
	p := make([]float64, k)
	lr, l2 := float32(opts.LearningRate), float32(opts.L2)
	const eps = 1e-8
	for epoch := 0; epoch < opts.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x := xs[i]
			m.scores(x, p)
			softmax(p)
			for c := 0; c < k; c++ {
				g := float32(p[c])
				if c == ys[i] {
					g -= 1
				}
				p[c] = float64(g)
				gb[c] += g * g
				m.B[c] -= lr * g / float32(math.Sqrt(float64(gb[c])+eps))
			}
			for j, b := range x.idx {
				xv := x.val[j]
				row := int(b) * k
				for c := 0; c < k; c++ {
					w := m.W[row+c]
					g := float32(p[c])*xv + l2*w
					gw[row+c] += g * g
					m.W[row+c] = w - lr*g/float32(math.Sqrt(float64(gw[row+c])+eps))
				}
			}
		}
	}
}

// scores writes the linear scores of x into out.
func (m *Model) scores(x vector, out []float64) {
	k := len(m.Labels)
	for c := range out {
		out[c] = float64(m.B[c])
	}
	for j, b := range x.idx {
		row := m.W[int(b)*k : int(b)*k+k]
		xv := float64(x.val[j])
		for c, w := range row {
			out[c] += float64(w) * xv
		}
	}
}

func (m *Model) probabilities(x vector) []float64 {
	p := make([]float64, len(m.Labels))
	m.scores(x, p)
	softmax(p)
	return p
}

func (m *Model) vectorize(title, content string) vector {
	var seg *text.Segmenter
	if !m.NoWords {
		// The segmenter's dictionaries are embedded; should loading fail
		// anyway, the character n-grams still carry most of the signal.
		seg, _ = text.DefaultSegmenter()
	}
	return weigh(documentCounts(title, content, seg, m.Buckets), m.IDF)
}

// Predict returns every label with its probability, most probable first.
func (m *Model) Predict(title, content string) []Scored {
	p := m.probabilities(m.vectorize(title, content))
	out := make([]Scored, len(p))
	for c, v := range p {
		out[c] = Scored{Label: m.Labels[c], Probability: v}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Probability > out[j].Probability })
	return out
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

// chooseThreshold returns the lowest top probability t such that the
// predictions with a top probability of at least t are correct at least
// target of the time (the lower Wilson bound with z when z > 0); 1 when
// there is none.
func chooseThreshold(probs []float64, correct []bool, target, z float64) float64 {
	idx := make([]int, len(probs))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return probs[idx[a]] > probs[idx[b]] })
	threshold := 1.0
	right := 0
	for n, i := range idx {
		if correct[i] {
			right++
		}
		// Only a cut between distinct probabilities is a threshold.
		if n+1 < len(idx) && probs[idx[n+1]] == probs[i] {
			continue
		}
		if wilsonLower(right, n+1, z) >= target {
			threshold = probs[i]
		}
	}
	return threshold
}

// wilsonLower is the lower end of the Wilson score interval for k
// successes in n trials; k/n when z is 0.
func wilsonLower(k, n int, z float64) float64 {
	p, nf := float64(k)/float64(n), float64(n)
	if z == 0 {
		return p
	}
	z2 := z * z
	return (p + z2/(2*nf) - z*math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))) / (1 + z2/nf)
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

// parallel calls f(0) … f(n-1) on a few goroutines.
func parallel(n int, f func(int)) {
	workers := min(runtime.GOMAXPROCS(0), 8, max(n, 1))
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// file is the serialised form of a Model.
type file struct {
	Format    string
	Version   string
	Labels    []string
	Buckets   int
	NoWords   bool
	Threshold float64
	IDF       []float32
	W         []float32
	B         []float32
}

func (m *Model) digest() string {
	h := sha256.New()
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	_ = enc.Encode(m.Labels)
	_ = enc.Encode(m.W)
	_ = enc.Encode(m.B)
	_ = enc.Encode(m.IDF)
	h.Write(buf.Bytes())
	return hex.EncodeToString(h.Sum(nil)[:6])
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// WriteTo writes the model as gob.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	err := gob.NewEncoder(cw).Encode(file{
		Format: FormatVersion, Version: m.Version, Labels: m.Labels, Buckets: m.Buckets,
		NoWords: m.NoWords, Threshold: m.Threshold, IDF: m.IDF, W: m.W, B: m.B,
	})
	return cw.n, err
}

// ReadFrom replaces m with a model written by WriteTo.
func (m *Model) ReadFrom(r io.Reader) (int64, error) {
	cr := &countingReader{r: r}
	var f file
	if err := gob.NewDecoder(cr).Decode(&f); err != nil {
		return cr.n, fmt.Errorf("classify: read model: %w", err)
	}
	if f.Format != FormatVersion {
		return cr.n, fmt.Errorf("classify: model format %q, want %q", f.Format, FormatVersion)
	}
	k := len(f.Labels)
	if k < 2 || f.Buckets <= 0 || len(f.IDF) != f.Buckets || len(f.W) != f.Buckets*k || len(f.B) != k {
		return cr.n, errors.New("classify: inconsistent model file")
	}
	*m = Model{Version: f.Version, Labels: f.Labels, Buckets: f.Buckets, NoWords: f.NoWords,
		Threshold: f.Threshold, IDF: f.IDF, W: f.W, B: f.B}
	return cr.n, nil
}
