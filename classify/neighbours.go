package classify

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// The kNN vote: a prediction is (1 − α) × the linear model's probabilities
// + α × the labels of the k training appeals most similar to it, each
// weighted by its similarity to the fourth power (k = 30, α = 0.3 were the
// best cells of a grid in five-fold CV; docs/benchmarks.md). The training
// appeals are kept as their TF-IDF vectors cut to their strongest
// features, and a query is compared through an inverted index with its
// own strongest features only, so that a prediction touches a few hundred
// short posting lists instead of every training vector.
const (
	defaultNeighbours = 30
	defaultBlend      = 0.3
	// neighbourFeatures is how many of a training appeal's features are
	// kept: the largest by magnitude among those of buckets that another
	// training appeal has too (most of an appeal's n-grams are its own,
	// and their high IDF would make them the strongest while they match
	// nothing).
	neighbourFeatures = 48
	// queryFeatures is how many of the query's features are looked up
	// (0: all that some kept appeal has). Every one: the 64 strongest
	// lost the whole gain in cross-validation, and the posting lists of
	// the others are short, as few appeals keep a common feature.
	queryFeatures = 0
)

// knnShape is how the appeals are cut (a variable for the
// cross-validation's variants).
type knnShape struct {
	features int  // kept per training appeal
	minDF    int  // documents a kept feature's bucket must occur in
	renorm   bool // the kept features scaled to unit length
	query    int  // query features looked up; 0: all
}

var defaultShape = knnShape{features: neighbourFeatures, minDF: 2, renorm: true, query: queryFeatures}

// neighbours are the training appeals of the kNN vote.
type neighbours struct {
	k     int     // neighbours that vote
	alpha float64 // weight of the vote
	query int     // query features looked up (0: all)
	label []int32 // label per training appeal
	// Appeal i's features are idx[start[i]:start[i+1]] (increasing) with
	// the values val[…], unit length.
	start []int32
	idx   []int32
	val   []float32

	// The inverted index, built from the above: the postings of bucket b
	// are postDoc/postVal[head[b]:head[b+1]].
	head    []int32
	postDoc []int32
	postVal []float32
}

// strongest returns the positions of the n largest values of val by
// magnitude among those whose bucket (idx) is ok, in increasing order
// (all of those when there are no more; n ≤ 0: all).
func strongest(idx []int32, val []float32, n int, ok func(b int32) bool, into []int32) []int32 {
	into = into[:0]
	for i, b := range idx {
		if ok(b) {
			into = append(into, int32(i))
		}
	}
	if n <= 0 || len(into) <= n {
		return into
	}
	slices.SortFunc(into, func(a, b int32) int {
		if c := cmp.Compare(abs32(val[b]), abs32(val[a])); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	into = into[:n]
	slices.Sort(into)
	return into
}

func abs32(v float32) float32 { return math.Float32frombits(math.Float32bits(v) &^ (1 << 31)) }

// newNeighbours keeps the vectors xs[ids] cut to their strongest
// features (shape; df is the documents per bucket), with their labels,
// and builds the index; appeal d of the vote is xs[ids[d]].
func newNeighbours(xs []vector, ys []int, ids []int, df []int32, buckets, k int, alpha float64, shape knnShape) *neighbours {
	n := &neighbours{k: k, alpha: alpha, query: shape.query, start: []int32{0}}
	var pos []int32
	shared := func(b int32) bool { return int(df[b]) >= shape.minDF }
	for _, i := range ids {
		x := xs[i]
		pos = strongest(x.idx, x.val, shape.features, shared, pos)
		var norm float64
		for _, p := range pos {
			norm += float64(x.val[p]) * float64(x.val[p])
		}
		inv := 1 / math.Sqrt(norm)
		if !shape.renorm || norm == 0 {
			inv = 1
		}
		for _, p := range pos {
			n.idx = append(n.idx, x.idx[p])
			n.val = append(n.val, quantiseUnit(float64(x.val[p])*inv))
		}
		n.label = append(n.label, int32(ys[i]))
		n.start = append(n.start, int32(len(n.idx)))
	}
	n.index(buckets)
	return n
}

// quantiseUnit rounds a value in [−1, 1] to what the file keeps (int16
// steps of 1/32767), so that a model behaves the same before it is
// written and after it is read.
func quantiseUnit(v float64) float32 { return float32(math.Round(v*math.MaxInt16)) / math.MaxInt16 }

// index builds the inverted index over buckets buckets.
func (n *neighbours) index(buckets int) {
	n.head = make([]int32, buckets+1)
	for _, b := range n.idx {
		n.head[b+1]++
	}
	for b := 1; b <= buckets; b++ {
		n.head[b] += n.head[b-1]
	}
	n.postDoc = make([]int32, len(n.idx))
	n.postVal = make([]float32, len(n.idx))
	fill := slices.Clone(n.head[:buckets])
	for d := range n.label {
		for j := n.start[d]; j < n.start[d+1]; j++ {
			b := n.idx[j]
			n.postDoc[fill[b]], n.postVal[fill[b]] = int32(d), n.val[j]
			fill[b]++
		}
	}
}

// valid says whether the stored appeals are consistent with buckets
// buckets and k labels (a file read back).
func (n *neighbours) valid(buckets, k int) bool {
	if len(n.start) != len(n.label)+1 || n.start[0] != 0 || int(n.start[len(n.label)]) != len(n.idx) ||
		len(n.val) != len(n.idx) || n.k < 1 || n.alpha < 0 || n.alpha > 1 {
		return false
	}
	for d := range n.label {
		if n.start[d+1] < n.start[d] || n.label[d] < 0 || int(n.label[d]) >= k {
			return false
		}
	}
	for _, b := range n.idx {
		if b < 0 || int(b) >= buckets {
			return false
		}
	}
	return true
}

// knnScratch is what one vote works in.
type knnScratch struct {
	pos   []int32
	sim   []float32 // per training appeal
	seen  []int32   // appeals with a similarity, in sim
	votes []float64
}

var knnScratches = sync.Pool{New: func() any { return new(knnScratch) }}

// vote (in scratch s) writes the similarity-weighted label vote of the k
// training appeals most similar to the query (features idx, val) other
// than appeal exclude (−1: none) into out (one per label, summing to 1)
// and says whether any appeal shares a feature with the query.
func (n *neighbours) vote(s *knnScratch, idx []int32, val []float32, exclude int32, out []float64) bool {
	if len(s.sim) < len(n.label) {
		s.sim = make([]float32, len(n.label))
	}
	sim, seen := s.sim[:len(n.label)], s.seen[:0]
	s.pos = strongest(idx, val, n.query, func(b int32) bool { return n.head[b+1] > n.head[b] }, s.pos)
	for _, p := range s.pos {
		b, q := idx[p], val[p]
		for j := n.head[b]; j < n.head[b+1]; j++ {
			d := n.postDoc[j]
			if sim[d] == 0 {
				seen = append(seen, d)
			}
			sim[d] += q * n.postVal[j]
			if sim[d] == 0 {
				sim[d] = math.SmallestNonzeroFloat32 // still seen
			}
		}
	}
	// The k largest similarities: a partial selection would do, but the
	// appeals seen are a few hundred.
	slices.SortFunc(seen, func(a, b int32) int {
		if c := cmp.Compare(sim[b], sim[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for c := range out {
		out[c] = 0
	}
	var total float64
	voters := 0
	for _, d := range seen {
		if voters == n.k || sim[d] <= 0 {
			break
		}
		if d == exclude {
			continue
		}
		voters++
		w := float64(sim[d])
		w *= w
		w *= w
		out[n.label[d]] += w
		total += w
	}
	for _, d := range seen {
		sim[d] = 0
	}
	s.seen = seen
	if total == 0 {
		return false
	}
	for c := range out {
		out[c] /= total
	}
	return true
}

// blend mixes the vote into the probabilities p (out of the way when no
// training appeal is similar).
func (n *neighbours) blend(p []float64, idx []int32, val []float32) {
	s := knnScratches.Get().(*knnScratch)
	defer knnScratches.Put(s)
	if cap(s.votes) < len(p) {
		s.votes = make([]float64, len(p))
	}
	votes := s.votes[:len(p)]
	if !n.vote(s, idx, val, -1, votes) {
		return
	}
	mix(p, votes, n.alpha)
}

// mix blends the vote into the probabilities p with weight alpha.
func mix(p, votes []float64, alpha float64) {
	for c := range p {
		p[c] = (1-alpha)*p[c] + alpha*votes[c]
	}
}
