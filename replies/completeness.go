package replies

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits of the completeness formula (docs/replies.md).
const (
	// maxQuestions keeps a long appeal from being split into dozens of
	// "questions"; the first ones are kept.
	maxQuestions = 10
	// answeredShare is the weighted share of a question's terms the reply
	// must take up (or two terms, whichever is less) for it to count as
	// answered.
	answeredShare = 1.0 / 3
	// minSubstance is the substance (characters) below which a reply
	// answers nothing.
	minSubstance = 10
	// shortQuestion: a question with fewer terms is about the appeal's
	// subject; a reply with subjectRelevance takes it up.
	shortQuestion    = 3
	subjectRelevance = 0.5
)

var (
	sentenceEnd = regexp.MustCompile(`[。！？!?；;\n]+`)
	// asks marks a sentence that asks something.
	asks = regexp.MustCompile(`[？?]|是否|能否|可否|为什么|为何|什么时候|何时|怎么|怎样|如何|多少|哪里|哪些|哪个|有没有|是不是|能不能|可不可以|会不会|凭什么|吗$|呢$`)
	// enumerated marks a numbered demand: 一是…, 第二…, 1. 2、 （3）.
	enumerated = regexp.MustCompile(`^(([一二三四五六七八九十]是)|(第[一二三四五六七八九十])|([0-9]{1,2}[.．、)）])|([（(][0-9一二三四五六七八九十]{1,2}[)）])|([一二三四五六七八九十][、.．]))`)
	// enumeration splits "一是…二是…" written in one sentence.
	enumeration = regexp.MustCompile(`[，,：:]\s*([一二三四五六七八九十]是|第[一二三四五六七八九十][，,、]|[（(][0-9一二三四五六七八九十]{1,2}[)）])`)
)

// expects pairs what a question asks with what its answer must hold
// besides the question's terms: a question of when wants a time, of how
// much a number, of why a cause or the rule that decides it.
var expects = []struct{ asks, answer *regexp.Regexp }{
	{regexp.MustCompile(`什么时候|何时|多久|多长时间`), regexp.MustCompile(`\d{1,2}月|\d{1,2}日|\d{4}年|年底|年内|月底|月中|上旬|中旬|下旬|近期|本周|下周|\d+个?(工作日|日|天|月)内|之前|以前|前完成|即日起`)},
	{regexp.MustCompile(`多少|几个|几天|多高|多大`), regexp.MustCompile(`\d|[一二三四五六七八九十百千万]+(元|个|天|米|平方|户|人|次|年|月)`)},
	{regexp.MustCompile(`为什么|为何|凭什么|什么原因`), regexp.MustCompile(`因为|由于|原因|系|鉴于|是因|导致|所以|因此|根据|依据|按照|规定`)},
}

// Question is one question or demand of an appeal and whether the reply
// takes it up.
type Question struct {
	Text     string `json:"text"`
	Answered bool   `json:"answered"`
}

// Questions returns the questions and enumerated demands of an appeal:
// sentences that ask (？, 是否, 能否, 为什么, 什么时候, 怎么, 如何, 吗…)
// and numbered demands (一是, 第二, 1., （3）), at most 10.
func Questions(content string) []string {
	content = enumeration.ReplaceAllString(content, "。$1")
	var out []string
	seen := map[string]bool{}
	for _, s := range sentenceEnd.Split(content, -1) {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) < 4 || seen[s] {
			continue
		}
		if asks.MatchString(s) || enumerated.MatchString(s) {
			seen[s] = true
			out = append(out, s)
			if len(out) == maxQuestions {
				break
			}
		}
	}
	return out
}

// completeness is the share of the appeal's questions the reply takes up
// (Questions; the title stands for the one demand when none is found). A
// question is taken up when the reply's substance names a third of its
// terms by weight, or two of them — a short question (fewer than three
// terms) also when the reply's relevance is at least 0.5 — and holds what its interrogative wants
// (a time for 什么时候, a number for 多少, a cause for 为什么).
func (sc *Scorer) completeness(title, content, reply string, relevance float64, idf *IDF) (float64, []Question) {
	qs := Questions(content)
	if len(qs) == 0 {
		if t := strings.TrimSpace(title); t != "" {
			qs = []string{t}
		} else if first := sentenceEnd.Split(strings.TrimSpace(content), 2); first[0] != "" {
			qs = []string{first[0]}
		}
	}
	out := make([]Question, 0, len(qs))
	answered := 0
	for _, q := range qs {
		terms := sc.contentTerms(q)
		if len(terms) == 0 {
			continue // "怎么办？" asks nothing the terms could show
		}
		// "什么时候能修好？" asks about the appeal's subject: it is taken up
		// when the reply is relevant to the appeal.
		takenUp := len(terms) < shortQuestion && relevance >= subjectRelevance || takesUp(reply, terms, idf)
		ok := utf8.RuneCountInString(reply) >= minSubstance && takenUp && holdsAnswer(q, reply)
		if ok {
			answered++
		}
		out = append(out, Question{Text: q, Answered: ok})
	}
	if len(out) == 0 {
		return 0, nil
	}
	return float64(answered) / float64(len(out)), out
}

// takesUp reports whether reply names a third of terms by weight or two
// distinct ones.
func takesUp(reply string, terms []string, idf *IDF) bool {
	var got, all float64
	hits := 0
	seen := map[string]bool{}
	for _, w := range terms {
		if seen[w] {
			continue
		}
		seen[w] = true
		wt := idf.Weight(w)
		all += wt
		if mentions(reply, w) {
			got += wt
			hits++
		}
	}
	return hits >= 2 || hits > 0 && got/all >= answeredShare
}

// holdsAnswer reports whether reply holds what q's interrogative wants
// (expects); questions of whether and how need only their terms.
func holdsAnswer(q, reply string) bool {
	for _, e := range expects {
		if e.asks.MatchString(q) && !e.answer.MatchString(reply) {
			return false
		}
	}
	return true
}
