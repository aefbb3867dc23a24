package text

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// Chinese is typed by sound: most typos put a character that sounds like
// the right one (社宝卡 for 社保卡, 身分证 for 身份证, 营业执找 for 营业执照).
// Typos finds those in the terms the project knows (the vocabulary
// and both sides of the synonym table), which are the ones a search or an
// appeal turns on.

// Typo correction bounds: terms shorter than two characters are too
// ambiguous, longer ones than eight are phrases no one mistypes whole.
const (
	typoMinRunes = 2
	typoMaxRunes = 8
)

// soundArgs read a character's usual reading without tones (重 → zhong).
var soundArgs = pinyin.Args{Style: pinyin.Normal}

// soundAlike reports whether two characters have the same usual reading
// (the first go-pinyin lists): a rare reading (无 as mó, 市 and 提 as shí)
// is not what a typist sounds out. A character go-pinyin does not know
// sounds like nothing.
func soundAlike(a, b rune) bool {
	ra, rb := pinyin.SinglePinyin(a, soundArgs), pinyin.SinglePinyin(b, soundArgs)
	return len(ra) > 0 && len(rb) > 0 && ra[0] == rb[0]
}

// typoIndex maps a known term with one character blanked out ("社_卡")
// to the terms that read so, so that a text's substring can be looked
// up at each position without enumerating readings.
type typoIndex struct {
	known map[string]bool
	blank map[string][]string
	// vocab holds the government vocabulary: a two-character run is
	// mended only into one of these, as two-character everyday words
	// sound alike too often (找人, 招人).
	vocab map[string]bool
}

const typoBlank = "\x00"

var typoTerms = sync.OnceValue(func() *typoIndex {
	ix := &typoIndex{known: map[string]bool{}, blank: map[string][]string{}, vocab: map[string]bool{}}
	add := func(t string) {
		n := utf8.RuneCountInString(t)
		if n < typoMinRunes || n > typoMaxRunes || ix.known[t] || strings.ContainsFunc(t, isSpaceOrASCII) {
			return
		}
		ix.known[t] = true
		r := []rune(t)
		for i := range r {
			k := string(r[:i]) + typoBlank + string(r[i+1:])
			ix.blank[k] = append(ix.blank[k], t)
		}
	}
	for _, w := range vocabulary {
		add(w)
		ix.vocab[w] = true
	}
	for plain, official := range synonymPairs {
		add(plain)
		add(official)
	}
	return ix
})

func isSpaceOrASCII(r rune) bool { return r < utf8.RuneSelf }

// Typos returns the known terms that runs of norm, a normalised text,
// are typos of, in order: a run that is no word (neither a known term nor
// spelt as words of the segmenter's dictionary) but reads like a known
// term with one character differing. Longer runs are preferred, then
// earlier ones; runs do not overlap. A run with two candidate terms is
// left alone: the reader could not tell which was meant either.
func (s *Segmenter) Typos(norm string) []string {
	ix := typoTerms()
	r := []rune(norm)
	var out []string
	for i := 0; i < len(r); {
		fix, n := "", 0
		for l := min(typoMaxRunes, len(r)-i); l >= typoMinRunes && fix == ""; l-- {
			if fix = s.typoFor(ix, r[i:i+l]); fix != "" && s.crossedByWord(r, i, i+l) {
				fix = ""
			}
			n = l
		}
		if fix == "" {
			i++
			continue
		}
		out = append(out, fix)
		i += n
	}
	return out
}

// crossedByWord reports whether a dictionary word of two or more
// characters in r overlaps r[from:to] without lying inside it: the run
// then belongs to words that are spelt right (开工前要 holds 开工, so 工前
// is no typo of 工钱).
func (s *Segmenter) crossedByWord(r []rune, from, to int) bool {
	const longest = 6
	for a := max(0, from-longest+1); a < to; a++ {
		for b := max(a+2, from+1); b <= min(len(r), a+longest); b++ {
			if a >= from && b <= to {
				continue
			}
			if f, _, ok := s.seg.Dict.Find([]byte(string(r[a:b]))); ok && f > 0 {
				return true
			}
		}
	}
	return false
}

// typoFor returns the known term run is a sound-alike typo of, or "".
func (s *Segmenter) typoFor(ix *typoIndex, run []rune) string {
	w := string(run)
	if ix.known[w] {
		return ""
	}
	found := ""
	for i, c := range run {
		k := string(run[:i]) + typoBlank + string(run[i+1:])
		for _, t := range ix.blank[k] {
			tr := []rune(t)
			if tr[i] == c || IsStopWord(string(c)) || !soundAlike(tr[i], c) || len(tr) == 2 && !ix.vocab[t] {
				continue
			}
			if found != "" && found != t {
				return "" // two readings: ambiguous
			}
			found = t
		}
	}
	if found == "" {
		return ""
	}
	if s.spelt(run) {
		return "" // words of their own, not a typo
	}
	return found
}

// spelt reports whether run is a sequence of dictionary words of two or
// more characters (补发工资 is 补发 + 工资, not a typo of 不发工资).
func (s *Segmenter) spelt(run []rune) bool {
	const longest = 6
	ok := make([]bool, len(run)+1) // ok[i]: run[:i] is spelt
	ok[0] = true
	for i := 2; i <= len(run); i++ {
		for j := max(0, i-longest); j <= i-2 && !ok[i]; j++ {
			if ok[j] {
				f, _, found := s.seg.Dict.Find([]byte(string(run[j:i])))
				ok[i] = found && f > 0
			}
		}
	}
	return ok[len(run)]
}
