package plain

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"minyi/text"
)

// Kinds of marked spans.
const (
	KindAmount    = "amount"    // 3600元, 1.5万元, 30%
	KindDate      = "date"      // 2026年12月31日, 15个工作日内
	KindCondition = "condition" // 年满60周岁, 须在本市连续缴纳…
	KindTerm      = "term"      // jargon with an everyday word (Note)
)

// Segment is a piece of text, marked with a kind or plain (Kind "").
// Note explains a term, shown as a tooltip.
type Segment struct {
	Text string `json:"text"`
	Kind string `json:"kind,omitempty"`
	Note string `json:"note,omitempty"`
}

var (
	reAmount = regexp.MustCompile(`(?:\d+(?:[.,]\d+)*\s*(?:亿元|万元|千元|元|%|％)|百分之[零一二三四五六七八九十百点]+|[一二三四五六七八九十百千]+(?:万元|元))`)
	reDate   = regexp.MustCompile(`(?:\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:前|起|止|以前|之前)?|\d{1,2}月\d{1,2}日(?:前|起|止)?|\d+个(?:工作日|自然日|月)内?|\d+(?:日|天|年)内|(?:自|从)[^，。；]{0,12}之日起)`)
	reCond   = regexp.MustCompile(`(?:年满|未满|不满|须|应当|必须|符合|具有|持有)[^，。；！？\n]{1,30}`)
)

// span is a marked range of bytes.
type span struct {
	Start, End int
	Kind, Note string
}

// findSpans finds amounts, dates and conditions, longest first where
// they overlap.
func findSpans(s string) []span {
	var out []span
	for _, k := range []struct {
		re   *regexp.Regexp
		kind string
	}{{reAmount, KindAmount}, {reDate, KindDate}, {reCond, KindCondition}} {
		for _, m := range k.re.FindAllStringIndex(s, -1) {
			out = append(out, span{Start: m[0], End: m[1], Kind: k.kind})
		}
	}
	return out
}

// glossary explains official words the synonym table does not shorten.
var glossary = map[string]string{
	"即办件":    "材料齐全当场办结",
	"承诺件":    "受理后在承诺时限内办结",
	"容缺受理":   "次要材料暂缺也可先受理，之后补交",
	"告知承诺制":  "书面承诺符合条件即可办理，事后核查",
	"工作日":    "不含周末和法定节假日",
	"实施主体":   "负责办理的部门",
	"受理条件":   "谁可以申请",
	"一网通办":   "网上一个入口办所有事",
	"跨省通办":   "在外省也能办",
	"户籍":     "户口",
	"灵活就业人员": "没有固定单位的自由职业者、个体户等",
	"经办机构":   "具体办理的窗口单位",
}

// Explain returns the everyday explanation of an official term, or "".
func Explain(term string) string {
	if g, ok := glossary[term]; ok {
		return g
	}
	if c := text.Colloquial(term); c != "" {
		return "即“" + c + "”"
	}
	return ""
}

// terms is every term Explain knows, longest first so that 社会保障卡 wins
// over 社会保障.
var terms = func() []string {
	list := text.OfficialTerms()
	for k := range glossary {
		list = append(list, k)
	}
	var out []string
	for _, t := range list {
		if utf8.RuneCountInString(t) >= 2 {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := len(out[i]), len(out[j]); a != b {
			return a > b
		}
		return out[i] < out[j]
	})
	return out
}()

// findTerms finds the explained terms in s, each term once (its first
// place), so that a page is not dotted with the same tooltip.
func findTerms(s string) []span {
	var out []span
	for _, t := range terms {
		if i := strings.Index(s, t); i >= 0 {
			out = append(out, span{Start: i, End: i + len(t), Kind: KindTerm, Note: Explain(t)})
		}
	}
	return out
}

// Mark cuts s into segments with its amounts, dates, conditions and
// explained terms marked. Where spans overlap, the earlier wins, then the
// longer; amounts and dates inside a condition are marked, not the
// condition. Joining the segments' texts gives s back.
func Mark(s string) []Segment {
	spans := append(findSpans(s), findTerms(s)...)
	rank := map[string]int{KindAmount: 0, KindDate: 1, KindTerm: 2, KindCondition: 3}
	sort.SliceStable(spans, func(i, j int) bool {
		a, b := spans[i], spans[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] < rank[b.Kind]
		}
		return a.End > b.End
	})
	// A condition gives way to the amounts, dates and terms inside it.
	var kept []span
	for _, sp := range spans {
		if sp.Kind == KindCondition {
			inner := false
			for _, o := range spans {
				if o.Kind != KindCondition && o.Start < sp.End && o.End > sp.Start {
					inner = true
					break
				}
			}
			if inner {
				continue
			}
		}
		kept = append(kept, sp)
	}
	var out []Segment
	pos := 0
	for _, sp := range kept {
		if sp.Start < pos {
			continue
		}
		if sp.Start > pos {
			out = append(out, Segment{Text: s[pos:sp.Start]})
		}
		out = append(out, Segment{Text: s[sp.Start:sp.End], Kind: sp.Kind, Note: sp.Note})
		pos = sp.End
	}
	if pos < len(s) {
		out = append(out, Segment{Text: s[pos:]})
	}
	return out
}
