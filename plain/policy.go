package plain

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"minyi/text"
)

// Sentence is one sentence of a document, exactly as written.
type Sentence struct {
	Text      string
	Paragraph int // 0-based
	Index     int // 0-based position in the document
	Score     float64
}

// cueWords mark the sentences a reader of a policy looks for: who
// qualifies, how much, by when, with what.
var cueWords = []string{
	"申请条件", "申领条件", "适用对象", "适用范围", "补贴标准", "补助标准", "资助标准", "奖励标准", "发放标准",
	"办理时限", "申请时间", "申报时间", "截止", "有效期", "自印发之日起", "起施行", "申请材料", "申报材料",
	"补贴", "补助", "奖励", "津贴", "最高", "不超过", "每人", "每月", "每年", "一次性",
}

// Sentences splits a text into sentences at 。！？ and line ends, keeping
// the closing mark with its sentence; a semicolon separates the items of
// one sentence (津贴标准为：…200元；…500元；…1000元。) and does not end it.
func Sentences(body string) []Sentence {
	var out []Sentence
	for p, para := range Paragraphs(body) {
		start := 0
		flush := func(end int) {
			if s := strings.TrimSpace(para[start:end]); s != "" {
				out = append(out, Sentence{Text: s, Paragraph: p, Index: len(out)})
			}
			start = end
		}
		for i, r := range para {
			if strings.ContainsRune("。！？!?", r) {
				flush(i + utf8.RuneLen(r))
			}
		}
		flush(len(para))
	}
	return out
}

// Paragraphs are the non-empty lines of a text, trimmed: policy documents
// put one paragraph (or one numbered clause) on a line.
func Paragraphs(body string) []string {
	var out []string
	for line := range strings.Lines(body) {
		if l := strings.TrimSpace(line); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Summarize picks the n sentences that best summarise a document and
// returns them in document order, each exactly as in the text. A sentence
// scores by its position (the opening sentence and the first sentence of
// each paragraph state the purpose), the weight of its terms (terms the
// document repeats, log-damped and normalised by length, so long
// sentences do not win by size) and cue words (申请条件, 补贴标准, 办理时限
// …) and amounts, which answer what a reader came for. Headings and
// fragments under 8 characters are left out: a sentence must end with a
// sentence mark.
func Summarize(seg *text.Segmenter, body string, n int) []Sentence {
	all := Sentences(body)
	tf := map[string]int{}
	terms := make([][]string, len(all))
	for i, s := range all {
		terms[i] = seg.Terms(s.Text)
		seen := map[string]bool{}
		for _, t := range terms[i] {
			if !seen[t] && utf8.RuneCountInString(t) > 1 {
				seen[t] = true
				tf[t]++
			}
		}
	}
	var cands []Sentence
	for i, s := range all {
		if utf8.RuneCountInString(s.Text) < 8 || heading(s.Text) {
			continue
		}
		var w float64
		for _, t := range terms[i] {
			if tf[t] > 1 {
				w += math.Log(float64(tf[t]))
			}
		}
		score := w / math.Sqrt(float64(len(terms[i])+1))
		switch {
		case i == 0 || (i == 1 && heading(all[0].Text)):
			score += 1
		case all[i-1].Paragraph != s.Paragraph:
			score += 0.5
		}
		score += 1 / (1 + float64(i)/10) // earlier is a little better
		for _, c := range cueWords {
			if strings.Contains(s.Text, c) {
				score += 1
			}
		}
		for _, sp := range findSpans(s.Text) {
			if sp.Kind == KindAmount || sp.Kind == KindDate {
				score += 0.5
				break
			}
		}
		s.Score = score
		cands = append(cands, s)
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].Score > cands[b].Score })
	// One sentence a paragraph while there are enough paragraphs: a
	// summary should cover the document, not one clause of it.
	picked := make([]Sentence, 0, n)
	taken, paras := map[int]bool{}, map[int]bool{}
	add := func(c Sentence) {
		picked = append(picked, c)
		taken[c.Index], paras[c.Paragraph] = true, true
	}
	for _, c := range cands {
		if len(picked) < n && !paras[c.Paragraph] {
			add(c)
		}
	}
	for _, c := range cands {
		if len(picked) < n && !taken[c.Index] {
			add(c)
		}
	}
	cands = picked
	sort.Slice(cands, func(a, b int) bool { return cands[a].Index < cands[b].Index })
	return cands
}

// heading reports whether a sentence is a title or a label: it does not
// end with a sentence mark.
func heading(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune("。！？；!?;", r)
}
