package classify

import (
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"unicode"

	"minyi/text"
)

// vector is a sparse feature vector with strictly increasing indices.
type vector struct {
	idx []int32
	val []float32
}

// hashFeature maps a feature name to a bucket and a sign (±1), so that
// collisions cancel out on average instead of adding up.
func hashFeature(kind byte, s string, buckets int) (int32, float32) {
	h := fnv.New64a()
	h.Write([]byte{kind})
	h.Write([]byte(s))
	v := h.Sum64()
	sign := float32(1)
	if v>>63 == 1 {
		sign = -1
	}
	return int32(v % uint64(buckets)), sign
}

// documentText is what the features are computed from.
func documentText(title, content string) string {
	title, content = strings.TrimSpace(title), strings.TrimSpace(content)
	if title == "" {
		return text.Normalize(content)
	}
	return text.Normalize(title + "。" + content)
}

// rawCounts returns the signed, hashed term counts of a document:
// character 1–3-grams inside runs of letters and digits, and word
// unigrams and bigrams of the segmenter's terms (when seg is not nil).
func rawCounts(doc string, seg *text.Segmenter, buckets int) map[int32]float32 {
	counts := make(map[int32]float32, 2*len(doc)/3)
	add := func(kind byte, s string) {
		i, sign := hashFeature(kind, s, buckets)
		counts[i] += sign
	}
	var run []rune
	flush := func() {
		for n := 1; n <= 3; n++ {
			for i := 0; i+n <= len(run); i++ {
				add('c', string(run[i:i+n]))
			}
		}
		run = run[:0]
	}
	for _, r := range doc {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			run = append(run, r)
			continue
		}
		flush()
	}
	flush()
	if seg != nil {
		terms := seg.Terms(doc)
		for i, t := range terms {
			add('w', t)
			if i > 0 {
				add('b', terms[i-1]+"\x00"+t)
			}
		}
	}
	return counts
}

// weigh turns raw counts into a sublinear TF-IDF vector of unit length.
// idf may be nil (all ones).
func weigh(counts map[int32]float32, idf []float32) vector {
	v := vector{idx: make([]int32, 0, len(counts))}
	for i, c := range counts {
		if c != 0 {
			v.idx = append(v.idx, i)
		}
	}
	slices.Sort(v.idx)
	v.val = make([]float32, len(v.idx))
	var norm float64
	for k, i := range v.idx {
		c := counts[i]
		w := 1 + math.Log(math.Abs(float64(c)))
		if c < 0 {
			w = -w
		}
		if idf != nil {
			w *= float64(idf[i])
		}
		v.val[k] = float32(w)
		norm += w * w
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for k := range v.val {
			v.val[k] *= inv
		}
	}
	return v
}
