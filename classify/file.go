package classify

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
)

// file is the serialised form of a Model: gob, compressed with DEFLATE.
// The weights are stored as 16-bit integers with a scale per label (a
// error of at most 1/32767 of the label's largest weight, far
// below what changes a prediction), and IDF as the document frequencies
// it is computed from. Most buckets hold no feature seen in training, so
// their zeros compress to almost nothing. The training appeals of the
// kNN vote (format 5) are their labels and their strongest features,
// values as 16-bit integers (steps of 1/32767) and buckets as differences
// from the previous feature's, which are small numbers that gob writes in
// few bytes; the inverted index is built when the model is read.
type file struct {
	Format    string
	Version   string
	Labels    []string
	Buckets   int
	NoWords   bool
	Threshold float64
	Documents int
	DF        []int32
	Scale     []float32 // per label: weight = Q × Scale
	Q         []int16   // bucket-major like Model.W
	B         []float32

	PseudoTitle bool
	Neighbours  int     // k of the vote; 0: no kNN vote
	Blend       float64 // α
	NLabel      []int32
	NLen        []int32 // features per appeal
	NBucket     []int32 // per appeal increasing; the first absolute, then differences
	NVal        []int16
}

// quantise rounds W to what the file keeps, so that a model behaves the
// same before it is written and after it is read.
func (m *Model) quantise() {
	scale, q := quantiseWeights(m.W, len(m.Labels))
	m.W = dequantise(scale, q)
}

func quantiseWeights(w []float32, k int) ([]float32, []int16) {
	scale := make([]float32, k)
	for i, v := range w {
		scale[i%k] = max(scale[i%k], float32(math.Abs(float64(v))))
	}
	// A power of two makes W = Q × scale exact, so that quantising a
	// quantised model changes nothing.
	for c := range scale {
		if scale[c] == 0 {
			scale[c] = 1
			continue
		}
		frac, exp := math.Frexp(float64(scale[c]) / math.MaxInt16)
		if frac == 0.5 {
			exp-- // already a power of two
		}
		scale[c] = float32(math.Ldexp(1, exp))
	}
	q := make([]int16, len(w))
	for i, v := range w {
		q[i] = int16(math.Round(float64(v / scale[i%k])))
	}
	return scale, q
}

func dequantise(scale []float32, q []int16) []float32 {
	k := len(scale)
	w := make([]float32, len(q))
	for i, v := range q {
		w[i] = float32(v) * scale[i%k]
	}
	return w
}

func (m *Model) digest() string {
	h := sha256.New()
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	_ = enc.Encode(m.Labels)
	_ = enc.Encode(m.W)
	_ = enc.Encode(m.B)
	_ = enc.Encode(m.df)
	if n := m.knn; n != nil {
		_ = enc.Encode(n.k)
		_ = enc.Encode(n.alpha)
		_ = enc.Encode(n.label)
		_ = enc.Encode(n.idx)
		_ = enc.Encode(n.val)
	}
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

// WriteTo writes the model (format FormatVersion).
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	zw, err := flate.NewWriter(cw, flate.DefaultCompression)
	if err != nil {
		return 0, err
	}
	scale, q := quantiseWeights(m.W, len(m.Labels))
	f := file{
		Format: FormatVersion, Version: m.Version, Labels: m.Labels, Buckets: m.Buckets,
		NoWords: m.NoWords, Threshold: m.Threshold, Documents: m.docs, DF: m.df,
		Scale: scale, Q: q, B: m.B, PseudoTitle: m.PseudoTitle,
	}
	if n := m.knn; n != nil {
		f.Neighbours, f.Blend, f.NLabel = n.k, n.alpha, n.label
		f.NLen = make([]int32, len(n.label))
		f.NBucket = make([]int32, len(n.idx))
		f.NVal = make([]int16, len(n.val))
		for d := range n.label {
			f.NLen[d] = n.start[d+1] - n.start[d]
			prev := int32(0)
			for j := n.start[d]; j < n.start[d+1]; j++ {
				f.NBucket[j], prev = n.idx[j]-prev, n.idx[j]
				f.NVal[j] = int16(math.Round(float64(n.val[j]) * math.MaxInt16))
			}
		}
	}
	err = gob.NewEncoder(zw).Encode(f)
	if err == nil {
		err = zw.Close()
	}
	return cw.n, err
}

// ReadFrom replaces m with a model written by WriteTo.
func (m *Model) ReadFrom(r io.Reader) (int64, error) {
	cr := &countingReader{r: r}
	zr := flate.NewReader(cr)
	defer zr.Close()
	var f file
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return cr.n, fmt.Errorf("classify: read model: %w", err)
	}
	if f.Format != FormatVersion && f.Format != formatLinear {
		return cr.n, fmt.Errorf("classify: model format %q, want %q", f.Format, FormatVersion)
	}
	k := len(f.Labels)
	if k < 2 || f.Buckets <= 0 || len(f.DF) != f.Buckets || len(f.Scale) != k ||
		len(f.Q) != f.Buckets*k || len(f.B) != k {
		return cr.n, errors.New("classify: inconsistent model file")
	}
	var nb *neighbours
	if f.Neighbours > 0 {
		if nb = readNeighbours(&f); nb == nil {
			return cr.n, errors.New("classify: inconsistent model file (neighbours)")
		}
	}
	*m = Model{Version: f.Version, Labels: f.Labels, Buckets: f.Buckets, NoWords: f.NoWords,
		PseudoTitle: f.PseudoTitle, Threshold: f.Threshold, IDF: idf(f.DF, f.Documents),
		W: dequantise(f.Scale, f.Q), B: f.B, docs: f.Documents, df: f.DF, knn: nb}
	return cr.n, nil
}

// readNeighbours returns the kNN appeals of a file with their index, nil
// when they are inconsistent.
func readNeighbours(f *file) *neighbours {
	if len(f.NLen) != len(f.NLabel) || len(f.NVal) != len(f.NBucket) {
		return nil
	}
	n := &neighbours{k: f.Neighbours, alpha: f.Blend, query: queryFeatures, label: f.NLabel,
		start: make([]int32, len(f.NLabel)+1), idx: make([]int32, len(f.NBucket)), val: make([]float32, len(f.NVal))}
	for d, l := range f.NLen {
		if l < 0 || int(n.start[d])+int(l) > len(f.NBucket) {
			return nil
		}
		n.start[d+1] = n.start[d] + l
		prev := int32(0)
		for j := n.start[d]; j < n.start[d+1]; j++ {
			n.idx[j] = prev + f.NBucket[j]
			prev = n.idx[j]
			n.val[j] = float32(f.NVal[j]) / math.MaxInt16
		}
	}
	if !n.valid(f.Buckets, len(f.Labels)) {
		return nil
	}
	n.index(f.Buckets)
	return n
}
