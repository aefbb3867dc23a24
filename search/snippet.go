package search

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"minyi"
)

// snippetRunes is how much of a summary a snippet shows around a match.
const snippetRunes = 60

// marks are the strings a snippet highlights: the question's words and
// their official forms, longest first so that 驾驶证 wins over 驾驶.
func (q Query) marks() []string {
	var out []string
	for _, w := range q.Words() {
		if utf8.RuneCountInString(w) >= 2 || len(q.Terms) == 1 {
			out = append(out, w)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return out
}

// snippet is the item's name with the marks highlighted, followed by the
// part of its summary around the first mark found there.
func snippet(s *minyi.ServiceItem, marks []string) string {
	out := highlight(s.Name, marks)
	sum := []rune(strings.TrimSpace(s.Summary))
	if len(sum) == 0 {
		return out
	}
	lower := strings.ToLower(string(sum))
	start := 0
	for _, m := range marks {
		if i := strings.Index(lower, m); i >= 0 {
			start = max(0, utf8.RuneCountInString(lower[:i])-snippetRunes/3)
			break
		}
	}
	end := min(len(sum), start+snippetRunes)
	part := string(sum[start:end])
	if start > 0 {
		part = "…" + part
	}
	if end < len(sum) {
		part += "…"
	}
	return out + " — " + highlight(part, marks)
}

// highlight escapes s and wraps each occurrence of a mark (compared case
// insensitively) in <mark>.
func highlight(s string, marks []string) string {
	lower := strings.ToLower(s)
	if len(lower) != len(s) {
		lower = s // a case change altered byte offsets: match as written
	}
	hit := make([]bool, len(s))
	for _, m := range marks {
		if m == "" {
			continue
		}
		for from := 0; ; {
			i := strings.Index(lower[from:], m)
			if i < 0 {
				break
			}
			for j := from + i; j < from+i+len(m); j++ {
				hit[j] = true
			}
			from += i + len(m)
		}
	}
	var b strings.Builder
	open := false
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		if hit[i] && !open {
			b.WriteString("<mark>")
			open = true
		} else if !hit[i] && open {
			b.WriteString("</mark>")
			open = false
		}
		b.WriteString(html.EscapeString(s[i : i+n]))
		i += n
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
