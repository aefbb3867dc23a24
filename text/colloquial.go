package text

import (
	"strings"
	"unicode/utf8"
)

// colloquial maps an official term to the first everyday form listed for
// it in synonymList, read the other way round (不动产权证书 → 房产证). Only
// forms shorter than the term count: a glossary explains jargon with a
// plainer word, not with a phrase such as 驾照丢了.
var colloquial = func() map[string]string {
	m := map[string]string{}
	for plain, official := range synonymPairs {
		n := utf8.RuneCountInString(plain)
		if n >= utf8.RuneCountInString(official) || strings.HasSuffix(plain, "了") {
			continue
		}
		if _, ok := m[official]; !ok {
			m[official] = plain
		}
	}
	return m
}()

// Colloquial returns the everyday word for an official term, or "".
func Colloquial(official string) string { return colloquial[official] }

// OfficialTerms returns every official term that has an everyday word.
func OfficialTerms() []string {
	out := make([]string, 0, len(colloquial))
	for k := range colloquial {
		out = append(out, k)
	}
	return out
}
