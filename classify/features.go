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

// titleWeight scales the counts of the title's own features (chosen by
// five-fold cross-validation on the labelled Teddy Cup messages).
const titleWeight = 2

// documentCounts returns the signed, hashed term counts of a document:
// character 1–3-grams inside runs of letters and digits, and word
// unigrams and bigrams of the segmenter's terms (when seg is not nil), of
// the whole text; and, when the title is not empty, the same features of
// the title alone in a separate namespace, with weight titleWeight.
func documentCounts(title, content string, seg *text.Segmenter, buckets int) map[int32]float32 {
	doc := documentText(title, content)
	counts := make(map[int32]float32, 2*len(doc)/3)
	addCounts(counts, doc, seg, buckets, "cwb")
	if title = strings.TrimSpace(title); title != "" {
		addCountsW(counts, text.Normalize(title), seg, buckets, "CWB", titleWeight)
	}
	return counts
}

func addCounts(counts map[int32]float32, doc string, seg *text.Segmenter, buckets int, kinds string) {
	addCountsW(counts, doc, seg, buckets, kinds, 1)
}

func addCountsW(counts map[int32]float32, doc string, seg *text.Segmenter, buckets int, kinds string, weight float32) {
	add := func(kind byte, s string) {
		i, sign := hashFeature(kind, s, buckets)
		counts[i] += sign * weight
	}
	var run []rune
	flush := func() {
		for n := 1; n <= 3; n++ {
			for i := 0; i+n <= len(run); i++ {
				add(kinds[0], string(run[i:i+n]))
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
			add(kinds[1], t)
			if i > 0 {
				add(kinds[2], terms[i-1]+"\x00"+t)
			}
		}
	}
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
