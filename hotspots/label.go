package hotspots

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The problem part of a label is a phrase one of the titles
// says, not a bag of words: each title is cut to its core (without
// administrative units, places, opening words such as 关于, 反映, 请问
// and closing ones such as 的问题, 吗), its clauses are candidates, and
// the candidate whose character pairs most of the titles share
// wins. Its ends are then trimmed of characters few titles share.

// Limits of a label's problem phrase.
const (
	termBonus      = 0.1
	minPhraseRunes = 2
	maxPhraseRunes = 12
)

// openingWords open a title before what it is about.
var openingWords = []string{"关于", "有关", "投诉", "反映", "反应", "举报", "请问", "咨询", "建议", "恳请", "希望", "请求", "要求", "强烈", "再次", "严惩",
	"求助", "质疑", "控诉", "询问", "呼吁", "申请", "请", "问", "对于", "针对", "解决", "处理", "督促", "尽快", "立即"}

// leadingWords are left at the start of a phrase once the place is cut
// out: locatives and particles ("丽发新城附近搅拌站…" → "搅拌站…").
var leadingWords = []string{"经开区", "高新区", "开发区", "新区", "附近的", "周边的", "旁边的", "附近", "周边", "旁边", "楼下", "门口", "对面", "内的", "里的", "内", "里", "的", "在", "和", "与", "及", "等",
	"一期", "二期", "三期", "四期", "五期", "小区", "社区", "业主", "居民", "项目", "存在", "出现"}

// closingWords close a title after what it is about.
var closingWords = []string{"的相关问题", "相关问题", "等问题", "的问题", "问题", "的情况", "情况", "的投诉", "的建议", "的请求", "的疑问", "疑问", "的咨询", "一事",
	"怎么办", "怎么回事", "可以吗", "合理吗", "合法吗", "是否合理", "是否合法", "吗", "呢", "啊", "了", "的", "严重", "太严重", "非常严重"}

// labelPhrase returns the problem phrase of an issue whose appeals have
// the given titles (one per unit) and whose titles name the given places
// (names and administrative prefixes).
// A phrase that holds one of the heaviest problem terms (top)
// scores termBonus more for each.
func labelPhrase(titles []string, placeNames []string, top []string, cut func(string) []string) string {
	var all [][]rune
	freq := map[string]int{} // character pair → titles that have it
	for _, t := range titles {
		cs := titleClauses(t, placeNames)
		seen := map[string]bool{}
		for _, c := range cs {
			for i := 0; i+1 < len(c); i++ {
				if b := string(c[i : i+2]); !seen[b] {
					seen[b] = true
					freq[b]++
				}
			}
		}
		all = append(all, cs...)
	}
	n := float64(len(titles))
	share := func(c []rune, i int) float64 { return float64(freq[string(c[i:i+2])]) / n }
	type cand struct {
		rs    []rune
		score float64
	}
	var best cand
	for _, c := range all {
		c = trimRare(c, share, len(titles), cut)
		if len(c) < minPhraseRunes {
			continue
		}
		if len(c) > maxPhraseRunes {
			c = cutAt(c, maxPhraseRunes, cut)
		}
		sum := 0.0
		for i := 0; i+1 < len(c); i++ {
			sum += share(c, i)
		}
		// shared pairs count; a long phrase pays for its length
		s := sum / float64(len(c)+1)
		for _, t := range top {
			if strings.Contains(string(c), t) {
				s += termBonus
			}
		}
		if best.rs == nil || s > best.score+1e-9 || s > best.score-1e-9 && (len(c) < len(best.rs) || len(c) == len(best.rs) && string(c) < string(best.rs)) {
			best = cand{c, s}
		}
	}
	return string(best.rs)
}

// trimRare drops words at either end of a phrase whose character pairs
// fewer than a third of the titles share, keeping at least four
// characters, when there are at least three titles. cut splits a phrase
// into words (nil: characters).
func trimRare(c []rune, share func([]rune, int) float64, n int, cut func(string) []string) []rune {
	if n < 3 {
		return trimPhrase(c)
	}
	var words [][]rune
	if cut != nil {
		ws := cut(string(c))
		if strings.Join(ws, "") == string(c) {
			for _, w := range ws {
				words = append(words, []rune(w))
			}
		}
	}
	if words == nil {
		for _, r := range c {
			words = append(words, []rune{r})
		}
	}
	// rare reports whether the pairs of word k (or, for a one-character
	// word, its pair with the phrase) are rare
	rare := func(ws [][]rune, k int) bool {
		start := 0
		for _, w := range ws[:k] {
			start += len(w)
		}
		p := slices.Concat(ws...)
		lo, hi := start, start+len(ws[k])-1 // pairs starting in [lo, hi)
		if len(ws[k]) == 1 {
			if k == 0 {
				hi = lo + 1
			} else {
				lo, hi = lo-1, lo
			}
		}
		for i := lo; i < hi && i+1 < len(p); i++ {
			if share(p, i) >= 1.0/3 {
				return false
			}
		}
		return true
	}
	length := func(ws [][]rune) int { return len(slices.Concat(ws...)) }
	for len(words) > 1 && length(words[:len(words)-1]) >= 4 && rare(words, len(words)-1) {
		words = words[:len(words)-1]
	}
	for len(words) > 1 && length(words[1:]) >= 4 && rare(words, 0) {
		words = words[1:]
	}
	return trimPhrase(slices.Concat(words...))
}

// titleClauses cuts a title to its core and returns its clauses: the
// runs between punctuation and the places it names.
func titleClauses(title string, placeNames []string) [][]rune {
	rs := []rune(strings.ToLower(string(fold(title))))
	mask := make([]bool, len(rs)) // characters that are no part of the problem
	for _, s := range adminSpans(rs) {
		for i := s[0]; i < s[1]; i++ {
			mask[i] = true
		}
	}
	names := slices.Clone(placeNames)
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	s := string(rs)
	for _, n := range names {
		n = strings.ToLower(n)
		if n == "" {
			continue
		}
		for off := 0; ; {
			k := strings.Index(s[off:], n)
			if k < 0 {
				break
			}
			start := utf8.RuneCountInString(s[:off+k])
			for i := start; i < start+utf8.RuneCountInString(n); i++ {
				mask[i] = true
			}
			off += k + len(n)
		}
	}
	var out [][]rune
	var cur []rune
	flush := func() {
		if c := trimPhrase(cur); len(c) >= minPhraseRunes {
			out = append(out, c)
		}
		cur = nil
	}
	for i, r := range rs {
		if mask[i] || !(unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			flush()
			continue
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// trimPhrase strips opening, leading and closing words from a phrase
// until none is left.
func trimPhrase(c []rune) []rune {
	for changed := true; changed && len(c) > 0; {
		changed = false
		for _, w := range append(openingWords, leadingWords...) {
			if n := utf8.RuneCountInString(w); len(c) >= n && string(c[:n]) == w {
				c, changed = c[n:], true
			}
		}
		for _, w := range closingWords {
			if n := utf8.RuneCountInString(w); len(c) >= n && string(c[len(c)-n:]) == w {
				c, changed = c[:len(c)-n], true
			}
		}
	}
	return c
}

// cutAt shortens a phrase to at most n characters, at the end of a word
// where cut can tell.
func cutAt(c []rune, n int, cut func(string) []string) []rune {
	if cut != nil {
		if ws := cut(string(c)); strings.Join(ws, "") == string(c) {
			l := 0
			for _, w := range ws {
				if l+utf8.RuneCountInString(w) > n {
					break
				}
				l += utf8.RuneCountInString(w)
			}
			if l >= minPhraseRunes {
				return trimPhrase(c[:l])
			}
		}
	}
	return trimPhrase(c[:n])
}
