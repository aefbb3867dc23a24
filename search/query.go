// Package search answers the citizen's one search box over the service
// catalogue: it reads a question as people ask it (query understanding:
// normalisation, segmentation, colloquial → official synonyms, question
// words, the guide field asked for), ranks the catalogue's items in the
// database's full-text index (package store), and picks the answer to
// quote from the best guide.
package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"minyi/text"
)

// MaxQueryRunes caps a query: a search box takes a question, not a letter.
const MaxQueryRunes = 100

// Query is a question as the index reads it.
type Query struct {
	Raw   string `json:"raw"`
	Norm  string `json:"norm"`  // text.Normalize(Raw)
	Field Field  `json:"field"` // the guide field asked for, FieldNone if none
	// Terms are the words that say what is asked: the question without
	// question words, stop words and, when other words remain, the weak
	// words every guide has (办理, 材料…); each compound is followed by
	// its dictionary parts.
	Terms []string `json:"terms"`
	// Official are the words of the official forms of colloquial phrases
	// in the question (驾照 → 驾驶证), not already among Terms.
	Official []string `json:"official"`
	// Grams are the character bigrams of what is asked, the fallback
	// that finds names despite a typo or a word the dictionary lacks.
	Grams []string `json:"grams"`
	// Typos are the known terms the question's sound-alike typos were
	// read as (社宝卡 → 社保卡), searched beside them.
	Typos []string `json:"typos,omitempty"`
}

// Words returns Terms followed by Official.
func (q Query) Words() []string {
	return append(append([]string(nil), q.Terms...), q.Official...)
}

// Empty reports whether the query holds nothing to search for.
func (q Query) Empty() bool { return len(q.Terms)+len(q.Official)+len(q.Grams) == 0 }

// questionPhrases are the ways a question is put that say nothing about
// its topic; they are cut out before segmentation so that they leave no
// fragments (怎么办 would otherwise leave 办). Longer phrases come first
// where one holds another. Single characters are left to the stop words
// after segmentation: cut out of the text, 能 would break 技能.
var questionPhrases = strs(`
不好意思 打扰一下 打扰了 打扰 请问一下 请问 我想问一下 我想问 想问一下 想问 问一下 咨询一下 你好 您好 麻烦问下 麻烦
需要准备哪些 需要准备什么 需要带什么 需要带哪些 需要提供什么 需要提供哪些 需要哪些 需要什么 要准备什么 要带哪些 要带什么 要什么 带什么 准备什么 提供什么 提交什么
怎么办理 如何办理 怎样办理 怎么去办 怎么申请 如何申请 怎样申请 怎么办 怎么弄 怎么搞 怎么处理 该怎么 应该怎么 要怎么 怎么样 怎么 如何 怎样 咋办 咋弄 咋个 咋
在哪里办 在哪儿办 去哪里办 去哪儿办 到哪里办 到哪办 去哪办 在哪办 哪里能办 哪里可以办 在哪里 在哪儿 去哪里 去哪儿 到哪里 在哪 去哪 哪里 哪儿 哪个部门 哪个单位 哪个窗口 找哪个 找谁
多少钱 要多少钱 收费吗 收不收费 要钱吗 交多少 多久能 要多久 多长时间 多久 几天 几个工作日 什么时候
可以吗 行不行 能不能 可不可以 能否 是否 有没有 是不是 要不要
什么条件 哪些条件 啥条件 什么资格 谁可以 谁能
电话是多少 电话多少 联系电话 咨询电话 电话号码
我想 我要 想要 我们 我家 本人 自己 一下 现在 已经 还能 还可以 可以 需要 应该
什么 啥子 啥 哪些 哪个 谁
`)

// weakWords are in most guides or most questions; they help only beside
// words that say what is asked, and are dropped when such words exist.
var weakWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strs(`办 办理 办事 申请 申领 领取 咨询 政策 业务 服务 相关 手续 材料 资料 证件 条件 资格 要求 流程 程序 步骤
		费用 收费 钱 地址 地点 电话 时间 窗口 部门 单位 网上 线上 在线 现场 办好 去 要 想 弄 搞 问 人 个 的 证明 情况 东西 事 事情 要办 想办 办证 去办 要去 想去`) {
		m[w] = true
	}
	return m
}()

// Analyze reads a question. It is safe for concurrent use; the
// segmenter's dictionaries are loaded on first use.
func Analyze(raw string) (Query, error) {
	seg, err := text.DefaultSegmenter()
	if err != nil {
		return Query{}, err
	}
	q := Query{Raw: raw, Norm: text.Normalize(raw)}
	q.Field = DetectField(q.Norm)
	topic, joined := q.Norm, q.Norm
	for _, p := range questionPhrases {
		topic = strings.ReplaceAll(topic, p, " ")
		joined = strings.ReplaceAll(joined, p, "")
	}
	// A typo's term is read beside the typo, not instead of it: a wrong
	// guess then only adds a word.
	if q.Typos = seg.Typos(topic); len(q.Typos) > 0 {
		topic += " " + strings.Join(q.Typos, " ")
	}
	var strong, weak []string
	for _, w := range seg.Cut(topic) {
		switch {
		case text.IsStopWord(w):
		case weakWords[w]:
			weak = append(weak, w)
		default:
			strong = append(strong, w)
		}
	}
	if len(strong) == 0 {
		strong = weak
	}
	seen := map[string]bool{}
	add := func(dst *[]string, w string) {
		if !seen[w] {
			seen[w] = true
			*dst = append(*dst, w)
		}
	}
	for _, w := range strong {
		add(&q.Terms, w)
		for _, p := range seg.Parts(w) {
			add(&q.Terms, p)
		}
	}
	// The bigrams come from the question's own words and the official
	// forms whole, not from their parts, which would only repeat them.
	gramText := slices.Clone(strong)
	// The table is read in the question as asked too, since some of its
	// phrases hold question words (档案在哪, 自己创业); without 了, which
	// people put inside the phrases it knows (生了孩子, 离了婚); and with
	// the question words taken out whole, which people put inside them
	// too (身份证怎么丢了 holds 身份证丢了).
	var officials []string
	texts := []string{topic, q.Norm, strings.ReplaceAll(q.Norm, "了", ""), joined}
	for i, t := range texts {
		if slices.Contains(texts[:i], t) {
			continue // most questions hold no 了 or no question word
		}
		for _, o := range text.SynonymsIn(t) {
			if !slices.Contains(officials, o) {
				officials = append(officials, o)
			}
		}
	}
	for _, o := range officials {
		gramText = append(gramText, o)
		for _, w := range Words(seg, o) {
			add(&q.Official, w)
		}
	}
	gs := map[string]bool{}
	for _, s := range gramText {
		for _, g := range Bigrams(s) {
			if !gs[g] {
				gs[g] = true
				q.Grams = append(q.Grams, g)
			}
		}
	}
	return q, nil
}

// Words cuts a text into the words the index holds: segmented, without
// stop words, each compound followed by its dictionary parts. The index
// and the queries use it alike, so that both hold the same words.
func Words(seg *text.Segmenter, s string) []string {
	var out []string
	for _, w := range seg.Cut(s) {
		if text.IsStopWord(w) {
			continue
		}
		out = append(out, w)
		out = append(out, seg.Parts(w)...)
	}
	return out
}

// Bigrams returns the overlapping pairs of letters or digits of s (a
// single one alone), skipping punctuation and spaces, in order and with
// repeats.
func Bigrams(s string) []string {
	var out []string
	var run []rune
	flush := func() {
		if len(run) == 1 {
			out = append(out, string(run))
		}
		for i := 0; i+1 < len(run); i++ {
			out = append(out, string(run[i:i+2]))
		}
		run = run[:0]
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			run = append(run, r)
		} else {
			flush()
		}
	}
	flush()
	return out
}

// CheckQuery returns a problem with a raw query for the error message, or
// "" when it may be searched.
func CheckQuery(raw string) (zh, en string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(raw)); {
	case n == 0:
		return "请输入要搜索的问题", "enter a question to search"
	case n > MaxQueryRunes:
		return "问题太长了，请不超过 100 个字", "the question is longer than 100 characters"
	}
	return "", ""
}
