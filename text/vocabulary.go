package text

import (
	"embed"
	"io/fs"
	"strings"
)

// vocabFiles hold the project's own government-service and appeal terms,
// one a line, in files by subject (vocab/gov.txt is the general list).
//
//go:embed vocab/*.txt
var vocabFiles embed.FS

// govVocabulary is every file of vocabFiles, in name order.
var govVocabulary = joinFiles(vocabFiles, "vocab/*.txt")

// joinFiles returns the embedded files matching pattern, in name order,
// joined by newlines. The patterns are fixed at build time, so an error
// is a programming error.
func joinFiles(fsys embed.FS, pattern string) string {
	names, err := fs.Glob(fsys, pattern)
	if err != nil || len(names) == 0 {
		panic("text: no embedded files match " + pattern)
	}
	var b strings.Builder
	for _, n := range names {
		data, err := fsys.ReadFile(n)
		if err != nil {
			panic(err)
		}
		b.Write(data)
		b.WriteString("\n")
	}
	return b.String()
}

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
