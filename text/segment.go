package text

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// vocabularyFreq is the frequency the government vocabulary is given in
// the segmenter's dictionary. The most frequent word of gse's dictionary
// (的) has about 320,000; at 50,000 a vocabulary compound always scores
// better than its parts, so 噪音扰民 is one token and not 噪音 + 扰民.
const vocabularyFreq = 50000

// segmenterRevision changes whenever Cut or Parts cut differently for a
// reason the vocabulary and the stop words do not show (a new gse
// release, a change of cutDAG).
const segmenterRevision = "1"

// Fingerprint identifies how this build cuts text into words: it changes
// with the vocabulary, the stop words and segmenterRevision. Indexes of
// cut words store it, to notice that a new release cuts differently.
var Fingerprint = sync.OnceValue(func() string {
	h := sha256.New()
	h.Write([]byte(segmenterRevision + "\n" + stopWordList + "\n"))
	for _, w := range vocabulary {
		h.Write([]byte(w + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})

// A Segmenter cuts Chinese text into words. It uses gse's embedded
// simplified-Chinese dictionary with the government vocabulary
// (Vocabulary) added at high frequency, and gse's hidden Markov model for
// words the dictionary lacks. A Segmenter is safe for concurrent use.
type Segmenter struct {
	seg gse.Segmenter
}

// NewSegmenter loads the dictionaries, which takes about a second and some
// hundred megabytes of memory; most programs should share one through
// DefaultSegmenter.
func NewSegmenter() (*Segmenter, error) {
	s := new(Segmenter)
	s.seg.SkipLog = true
	// Of two entries for one word, the first loaded is kept: the vocabulary
	// goes first so that its frequencies win over the general dictionary's.
	var b strings.Builder
	freq := " " + strconv.Itoa(vocabularyFreq) + " n\n"
	for _, w := range vocabulary {
		if strings.ContainsFunc(w, unicode.IsSpace) {
			continue // the dictionary format separates fields by spaces
		}
		b.WriteString(w)
		b.WriteString(freq)
	}
	if err := s.seg.LoadDictStr(b.String()); err != nil {
		return nil, err
	}
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, err
	}
	return s, nil
}

// DefaultSegmenter returns the process's shared Segmenter, loading it on
// first use.
var DefaultSegmenter = sync.OnceValues(NewSegmenter)

// Cut normalises s (Normalize) and cuts it into words, leaving out
// punctuation, symbols and white space.
func (s *Segmenter) Cut(text string) []string {
	text = Normalize(text)
	if text == "" {
		return nil
	}
	words := s.cutDAG(text)
	out := words[:0]
	for _, w := range words {
		if isWord(w) {
			out = append(out, w)
		}
	}
	return out
}

// Terms is Cut without stop words (IsStopWord): the words that say what a
// text is about, for search and classification.
func (s *Segmenter) Terms(text string) []string {
	words := s.Cut(text)
	out := words[:0]
	for _, w := range words {
		if !IsStopWord(w) {
			out = append(out, w)
		}
	}
	return out
}

// isWord reports whether w holds a letter or a digit.
func isWord(w string) bool {
	return strings.ContainsFunc(w, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsNumber(r)
	})
}

// cutDAG is gse's Cut(text, true), word for word the same (a test checks
// it), computed in slices and substrings of text instead of gse's maps
// and a string per candidate word: gse's own allocates some hundred
// bytes per character, and collecting that garbage made up much of the
// slowest predictions. Like gse, it finds every dictionary word starting
// at each character, takes the most probable path through them (ties to
// the longer last word), and cuts each run of characters outside
// dictionary words with gse's hidden Markov model.
func (s *Segmenter) cutDAG(str string) []string {
	if gse.ToLower {
		str = strings.ToLower(str)
	}
	if !utf8.ValidString(str) {
		// gse works on runes, which differ from str's bytes here.
		return s.seg.Cut(str, true)
	}
	dict := s.seg.Dict
	b := []byte(str)
	// off[i] is the byte offset of the i-th rune; off[n] is len(str).
	off := make([]int, 0, len(str)+1)
	for i := range str {
		off = append(off, i)
	}
	n := len(off)
	off = append(off, len(str))
	type route struct {
		freq float64
		end  int // last rune of the word starting here
	}
	routes := make([]route, n+1)
	logT := math.Log(dict.TotalFreq())
	for k := n - 1; k >= 0; k-- {
		set := false
		consider := func(i int, f float64) {
			r := route{f - logT + routes[i+1].freq, i}
			if !set || routes[k].freq < r.freq || routes[k].freq == r.freq && routes[k].end < r.end {
				routes[k], set = r, true
			}
		}
		for i := k; i < n; i++ {
			freq, _, ok := dict.Find(b[off[k]:off[i+1]])
			if !ok {
				break
			}
			if freq > 0 {
				consider(i, math.Log(freq))
			}
		}
		if !set {
			// No word starts here: the character alone.
			if freq, _, ok := dict.Find(b[off[k]:off[k+1]]); ok {
				consider(k, math.Log(freq))
			} else {
				consider(k, 0)
			}
		}
	}
	out := make([]string, 0, int(float32(len(str))/gse.RatioWord)+1)
	run := -1 // first rune of the pending run of single characters
	flush := func(end int) {
		if run < 0 {
			return
		}
		w := str[off[run]:off[end]]
		if end-run == 1 {
			out = append(out, w)
		} else if v, _, ok := dict.Find(b[off[run]:off[end]]); !ok || v == 0 {
			out = append(out, s.seg.HMMCut(w)...)
		} else {
			for j := run; j < end; j++ {
				out = append(out, str[off[j]:off[j+1]])
			}
		}
		run = -1
	}
	for x := 0; x < n; {
		y := routes[x].end + 1
		if y-x == 1 {
			if run < 0 {
				run = x
			}
		} else {
			flush(x)
			out = append(out, str[off[x]:off[y]])
		}
		x = y
	}
	flush(n)
	return out
}

// Parts returns the dictionary words of two or more characters inside
// word other than word itself, in order of position (不动产权证书: 不动产,
// 产权, 证书), as a search engine indexes a compound beside its parts so
// that a query naming a part finds it.
func (s *Segmenter) Parts(word string) []string {
	r := []rune(word)
	if len(r) < 3 {
		return nil
	}
	var out []string
	for i := 0; i < len(r)-1; i++ {
		for j := i + 2; j <= len(r) && j-i < len(r); j++ {
			w := string(r[i:j])
			if f, _, ok := s.seg.Dict.Find([]byte(w)); ok && f > 0 {
				out = append(out, w)
			}
		}
	}
	return out
}
