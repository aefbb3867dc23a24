package replies

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"minyi/text"
)

// Limits of the relevance formula (docs/replies.md).
const (
	// keyTerms is how many of the appeal's terms stand for what it is about.
	keyTerms = 15
	// fullRecall is the weighted share of key terms a reply must take up
	// to be fully relevant: a good answer names the place and the problem,
	// not every word of the complaint.
	fullRecall = 0.5
)

// IDF weighs terms by how rare they are in a batch of texts; a term seen
// in every appeal says little about any of them. The zero IDF gives every
// term a weight from its length alone, so that a single reply can be
// scored without a corpus.
type IDF struct {
	docs int
	df   map[string]int
}

// NewIDF counts the documents each term occurs in; docs are the term lists
// of the batch (Scorer.Terms).
func NewIDF(docs [][]string) *IDF {
	idf := &IDF{docs: len(docs), df: map[string]int{}}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, w := range d {
			if !seen[w] {
				seen[w] = true
				idf.df[w]++
			}
		}
	}
	return idf
}

// Weight is log((N+1)/(df+1))+1 in a batch; without one it grows with the
// term's length (two characters 1, four and more 2), as longer words name
// more specific things.
func (idf *IDF) Weight(w string) float64 {
	if idf == nil || idf.docs == 0 {
		return min(2, float64(utf8.RuneCountInString(w))/2)
	}
	return math.Log(float64(idf.docs+1)/float64(idf.df[w]+1)) + 1
}

// contentTerms are the terms of s worth matching: not stop words, not
// single characters.
func (sc *Scorer) contentTerms(s string) []string {
	var out []string
	for _, w := range sc.seg.Terms(s) {
		if utf8.RuneCountInString(w) >= 2 && !generic[w] {
			out = append(out, w)
		}
	}
	return out
}

// generic are words frequent in both appeals and replies that say nothing
// about the matter; matching them would make any reply look relevant.
var generic = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`网友 留言 来信 市民 群众 我们 你们 工作 有关 相关 部门 单位 问题 情况 反映 要求 希望 进行 已经 目前 现在 
		一下 请问 谢谢 感谢 回复 答复 处理 解决 政府 领导 同志 市长 书记 平台 栏目 收悉 如下 您好 你好 支持 理解 关心`) {
		m[w] = true
	}
	return m
}()

type weighted struct {
	term   string
	weight float64
}

// keyTermsOf returns the appeal's key terms by tf·weight, the title
// counted twice.
func (sc *Scorer) keyTermsOf(title, content string, idf *IDF) []weighted {
	tf := map[string]float64{}
	for _, w := range sc.contentTerms(title) {
		tf[w] += 2
	}
	for _, w := range sc.contentTerms(content) {
		tf[w]++
	}
	out := make([]weighted, 0, len(tf))
	for w, n := range tf {
		out = append(out, weighted{w, idf.Weight(w) * (1 + math.Log(n))})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].term < out[j].term
	})
	if len(out) > keyTerms {
		out = out[:keyTerms]
	}
	return out
}

// mentions reports whether the normalised reply names w or a synonym of it.
func mentions(reply, w string) bool {
	if strings.Contains(reply, w) {
		return true
	}
	for _, s := range text.Synonyms(w) {
		if strings.Contains(reply, s) {
			return true
		}
	}
	return false
}

// Relevance is what the relevance score was built from.
type Relevance struct {
	Shared  []string `json:"shared,omitempty"`  // key terms the reply takes up
	Missing []string `json:"missing,omitempty"` // key terms it does not
}

// relevance is min(1, recall/0.5) of the appeal's key terms in the reply's
// substance, weighted. Places (compounds, roads, units) are among the key
// terms as the segmenter cuts them.
func (sc *Scorer) relevance(title, content, reply string, idf *IDF) (float64, Relevance) {
	var r Relevance
	key := sc.keyTermsOf(title, content, idf)
	if len(key) == 0 || reply == "" {
		return 0, r
	}
	var got, all float64
	for _, k := range key {
		all += k.weight
		if mentions(reply, k.term) {
			got += k.weight
			r.Shared = append(r.Shared, k.term)
		} else {
			r.Missing = append(r.Missing, k.term)
		}
	}
	score := min(1, got/all/fullRecall)
	return clamp(score), r
}
