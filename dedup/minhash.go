// Package dedup finds near-duplicate appeals: reposts of the same appeal
// with small edits, copies filed through several channels, and the like.
//
// A text is the normalised title and content (text.Normalize) with
// punctuation and white space removed, cut into overlapping character
// n-grams (shingles). Each text gets a MinHash signature; locality
// sensitive hashing (LSH) over bands of the signature proposes candidate
// pairs, and a pair is kept when the Jaccard similarity of the shingle
// sets estimated from the signatures reaches a threshold. Work grows
// linearly with the number of texts: no pair of texts is compared unless
// they share a band.
package dedup

import (
	"unicode"

	"minyi/text"
)

// Defaults of Options.
const (
	DefaultThreshold = 0.6
	DefaultShingle   = 3
	DefaultBands     = 32
	DefaultRows      = 4
	DefaultSeed      = 0x6d696e7969 // "minyi"
)

// Options configure the detection. The zero value uses the defaults.
type Options struct {
	// Threshold is the least estimated Jaccard similarity of two texts'
	// shingle sets for them to count as near duplicates (0.6).
	Threshold float64
	// Shingle is the n-gram length in characters (3).
	Shingle int
	// Bands and Rows shape the LSH: the signature has Bands×Rows hash
	// values (32×4 = 128). Pairs with similarity s become candidates with
	// probability 1-(1-s^Rows)^Bands: 0.99 at 0.6, 0.56 at 0.4.
	Bands, Rows int
	// Seed chooses the hash functions; the same seed gives the same
	// signatures and groups.
	Seed uint64
	// MinSize is the least size of a group Groups returns (2).
	MinSize int
	// Workers computes signatures in parallel (GOMAXPROCS when 0).
	Workers int
}

func (o Options) withDefaults() Options {
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Shingle <= 0 {
		o.Shingle = DefaultShingle
	}
	if o.Bands <= 0 {
		o.Bands = DefaultBands
	}
	if o.Rows <= 0 {
		o.Rows = DefaultRows
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.MinSize <= 0 {
		o.MinSize = 2
	}
	return o
}

// hasher computes MinHash signatures with a fixed family of hash
// functions h_i(x) = high 32 bits of (a_i·x + b_i) mod 2^64, a_i odd, over
// 64-bit mixed shingle codes.
type hasher struct {
	shingle int
	a, b    []uint64
}

func newHasher(o Options) *hasher {
	n := o.Bands * o.Rows
	h := &hasher{shingle: o.Shingle, a: make([]uint64, n), b: make([]uint64, n)}
	s := o.Seed
	for i := range n {
		h.a[i] = splitmix(&s) | 1
		h.b[i] = splitmix(&s)
	}
	return h
}

// splitmix advances the state and returns the next value of the
// SplitMix64 sequence.
func splitmix(s *uint64) uint64 {
	*s += 0x9e3779b97f4a7c15
	return mix(*s)
}

// mix is the SplitMix64 finaliser, a bijection with good avalanche.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Clean returns the form of title and content that is shingled: the
// normalised text with everything but letters and digits removed.
func Clean(title, content string) []rune {
	s := text.Normalize(title + " " + content)
	out := make([]rune, 0, len(s)/2)
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			out = append(out, r)
		}
	}
	return out
}

// signature returns the MinHash signature of the runes' shingles, or nil
// when there are no letters or digits. A text shorter than a shingle is
// one shingle.
func (h *hasher) signature(rs []rune) []uint32 {
	if len(rs) == 0 {
		return nil
	}
	n := len(h.a)
	sig := make([]uint32, n)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	k := min(h.shingle, len(rs))
	a, b := h.a[:n], h.b[:n]
	for i := 0; i+k <= len(rs); i++ {
		// A rune has at most 21 bits, so up to three runes pack into a
		// code without collisions; longer shingles are folded.
		var code uint64
		for _, r := range rs[i : i+k] {
			code = code<<21 ^ uint64(r)
		}
		x := mix(code + uint64(k))
		for j := range sig {
			v := uint32((a[j]*x + b[j]) >> 32)
			if v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

// similarity estimates the Jaccard similarity of two signatures' shingle
// sets: the share of positions where they agree.
func similarity(x, y []uint32) float64 {
	if len(x) == 0 || len(x) != len(y) {
		return 0
	}
	same := 0
	for i, v := range x {
		if v == y[i] {
			same++
		}
	}
	return float64(same) / float64(len(x))
}

// bandKeys returns one key per band of the signature; the band number is
// part of the key so that all bands can share one table.
func bandKeys(sig []uint32, bands, rows int, keys []uint64) []uint64 {
	keys = keys[:0]
	for b := range bands {
		k := mix(uint64(b) + 1)
		for _, v := range sig[b*rows : (b+1)*rows] {
			k = mix(k ^ uint64(v))
		}
		keys = append(keys, k)
	}
	return keys
}
