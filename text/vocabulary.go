package text

import (
	_ "embed"
	"strings"
)

// govVocabulary is the project's own list of government-service and appeal
// terms, one a line; see vocab/gov.txt.
//
//go:embed vocab/gov.txt
var govVocabulary string

// vocabulary is govVocabulary as a list: normalised, without comments,
// blank lines or repeats, in file order.
var vocabulary = func() []string {
	var words []string
	seen := make(map[string]bool)
	for line := range strings.Lines(govVocabulary) {
		w := Normalize(line)
		if w == "" || strings.HasPrefix(w, "#") || seen[w] {
			continue
		}
		seen[w] = true
		words = append(words, w)
	}
	return words
}()

// Vocabulary returns the government-service and appeal terms the segmenter
// keeps whole (公租房, 不动产权证书, 噪音扰民, …).
func Vocabulary() []string {
	return append([]string(nil), vocabulary...)
}
