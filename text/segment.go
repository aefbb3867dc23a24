package text

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/go-ego/gse"
)

// vocabularyFreq is the frequency the government vocabulary is given in
// the segmenter's dictionary. The most frequent word of gse's dictionary
// (的) has about 320,000; at 50,000 a vocabulary compound always scores
// better than its parts, so 噪音扰民 is one token and not 噪音 + 扰民.
const vocabularyFreq = 50000

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
	words := s.seg.Cut(text, true)
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
