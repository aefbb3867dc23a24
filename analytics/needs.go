package analytics

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"minyi"
	"minyi/dedup"
	"minyi/hotspots"
	"minyi/text"
)

// Latent-need defaults.
const (
	// DefaultNeedSimilarity is the least cosine between a question's
	// TF-IDF vector and a group's centroid for the question to join the
	// group. Two questions that share their one rare word (居住证) and
	// differ in one more each score about 0.5; questions that share only
	// a common word (办理, 材料) score well below 0.3.
	DefaultNeedSimilarity = 0.4
	DefaultNeedMinPeople  = 3   // distinct people asking
	DefaultNeedDedup      = 0.6 // dedup threshold: reposts above it collapse
	DefaultNeedMinAnswer  = 0.5 // an Answerer's score from which a need counts as answered
	DefaultNeedTop        = 100 // needs kept
	needTopTerms          = 5   // terms shown per need
	needSamples           = 20  // tracking numbers kept per need
	needContentRunes      = 120 // what of the content is read besides the title
	needTitleWeight       = 2   // a title term counts twice
)

// NeedFormula explains the method in Chinese and English, for the pages and
// the API.
const NeedFormula = `潜在需求：分析窗口内的咨询类诉求中，多人反复询问、但服务事项库没有很好回答的问题。
1. 转发、重复提交的近似重复咨询（MinHash 相似度 ≥ 0.6）合并为一问，仍计入件数和人数；
2. 每一问取标题（计 2 次）和正文前 120 字的分词结果，去掉停用词、“咨询 请问 如何”等提问套话和数字，并补上同义的规范说法（社保→社会保险）；按 TF-IDF 加权成向量；
3. 按最早提问时间依次归组：与已有各组中心向量的余弦相似度最高且 ≥ 0.4 的并入该组，否则自成一组；
4. 至少 3 人问过的组列为潜在需求，以最接近组中心的标题为代表问题，按人数、件数排序，取前 100 个；
5. 服务事项库对代表问题给出的最佳答案得分 ≥ 0.5 时记为“已有答案”，否则为“未答复”（尚未接入服务事项库时全部为未答复）。
Latent needs: questions among the window's consultations that many people keep asking and no service item answers well.
1. Near-duplicate reposts (MinHash similarity ≥ 0.6) collapse into one question, still counted in appeals and people;
2. each question is the segmenter's terms of its title (counted twice) and the first 120 characters of its content, without stop words, question filler (咨询 请问 如何…) and numbers, with the official forms of colloquial terms added (社保 → 社会保险), weighted by TF-IDF;
3. questions join groups in the order first asked: the group whose centroid is most alike, when the cosine is at least 0.4, else a new group;
4. groups asked by at least 3 people are latent needs, represented by the title nearest the centroid, ordered by people, then appeals; the top 100;
5. a need counts as answered when the service catalogue's best answer to the representative question scores at least 0.5 (all are unanswered until a catalogue is connected).`

// NeedDoc is one appeal for LatentNeeds: what the hot-issue analysis reads
// of it, and its type.
type NeedDoc struct {
	hotspots.Doc
	Type minyi.AppealType
}

// Answerer finds the service item (办事指南, FAQ) that best answers a
// question: its title and a score from 0 (unrelated) to 1 (answers it);
// ok is false when the catalogue has nothing to offer. The service
// catalogue will be one; until then there is none.
type Answerer interface {
	BestAnswer(question string) (title string, score float64, ok bool)
}

// Need is one latent need: a question many people keep asking.
type Need struct {
	// Question is the representative question: the title nearest the
	// group's centroid.
	Question string    `json:"question"`
	Count    int       `json:"count"`  // consultations, reposts included
	People   int       `json:"people"` // distinct people (an appeal without a person counts as one)
	Terms    []string  `json:"terms"`  // the terms that weigh most in the group, most telling first
	Start    time.Time `json:"start"`  // the first question
	End      time.Time `json:"end"`    // the latest
	// Samples are tracking numbers of the group's consultations, newest
	// first (at most 20).
	Samples []string `json:"samples"`
	// Answered is true when an Answerer's best answer scores at least
	// NeedOptions.MinAnswer; Answer and AnswerScore are that answer (""
	// and 0 when there is no Answerer or it has none).
	Answered    bool    `json:"answered"`
	Answer      string  `json:"answer,omitempty"`
	AnswerScore float64 `json:"answer_score,omitempty"`
}

// NeedOptions tune LatentNeeds; zero values take the defaults.
type NeedOptions struct {
	Similarity float64
	MinPeople  int
	Dedup      float64
	MinAnswer  float64
	Top        int
	// Terms cuts a text into terms; text.DefaultSegmenter's Terms when nil.
	Terms func(string) []string
}

func (o NeedOptions) withDefaults() NeedOptions {
	if o.Similarity <= 0 {
		o.Similarity = DefaultNeedSimilarity
	}
	if o.MinPeople <= 0 {
		o.MinPeople = DefaultNeedMinPeople
	}
	if o.Dedup <= 0 {
		o.Dedup = DefaultNeedDedup
	}
	if o.MinAnswer <= 0 {
		o.MinAnswer = DefaultNeedMinAnswer
	}
	if o.Top <= 0 {
		o.Top = DefaultNeedTop
	}
	return o
}

// questionFiller are the words every question is put in; they say nothing
// about what is asked.
var questionFiller = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`咨询 请问 想问 问问 问一下 了解 一下 如何 怎么 怎样 怎么样 哪里 哪儿 哪些 什么 多久 多长时间 是否 能否
		可否 可以 需要 具体 相关 有关 市民 来电人 来电 本人 目前 现在 解答 予以 用来 盼复 告知 麻烦 详细 是不是 有没有 要不要 能不能 可不可以`) {
		m[w] = true
	}
	return m
}()

// needTerm is one weighted term of a question vector.
type needTerm struct {
	id int32
	w  float64
}

// LatentNeeds finds the questions that at least MinPeople people asked
// among the consultations (minyi.TypeConsult) of docs; other types are
// left out. NeedFormula describes the method; answers may be nil (no
// catalogue: every need unanswered). The result depends only on docs,
// answers and opt, whatever their order.
func LatentNeeds(docs []NeedDoc, answers Answerer, opt NeedOptions) []Need {
	opt = opt.withDefaults()
	if opt.Terms == nil {
		seg, err := text.DefaultSegmenter()
		if err != nil {
			return nil
		}
		opt.Terms = seg.Terms
	}
	var qs []hotspots.Doc
	for _, d := range docs {
		if d.Type == minyi.TypeConsult {
			qs = append(qs, d.Doc)
		}
	}
	// The order first asked, whatever the order given.
	slices.SortFunc(qs, func(a, b hotspots.Doc) int { return cmp.Or(a.Time.Compare(b.Time), strings.Compare(a.ID, b.ID)) })
	if len(qs) == 0 {
		return nil
	}

	// 1. Reposts collapse: a unit is a question and its near duplicates,
	// led by its first.
	units := make([][]int, 0, len(qs))
	{
		dd := make([]dedup.Doc, len(qs))
		idx := map[string]int{}
		for i, q := range qs {
			dd[i] = dedup.Doc{ID: q.ID, Title: q.Title, Text: q.Content}
			idx[q.ID] = i
		}
		grouped := make([]bool, len(qs))
		lead := map[int][]int{}
		for _, g := range dedup.Groups(dd, dedup.Options{Threshold: opt.Dedup}) {
			var m []int
			for _, id := range g.IDs {
				m = append(m, idx[id])
			}
			slices.Sort(m)
			for _, i := range m {
				grouped[i] = true
			}
			lead[m[0]] = m
		}
		for i := range qs {
			if m, ok := lead[i]; ok {
				units = append(units, m)
			} else if !grouped[i] {
				units = append(units, []int{i})
			}
		}
	}

	// 2. Terms and TF-IDF vectors of the units' lead questions.
	ids := map[string]int32{}
	var names []string
	counts := make([]map[int32]float64, len(units))
	df := map[int32]int{}
	for u, m := range units {
		q := qs[m[0]]
		c := map[int32]float64{}
		add := func(s string, w float64) {
			for _, t := range needTerms(opt.Terms(s)) {
				id, ok := ids[t]
				if !ok {
					id = int32(len(names))
					ids[t] = id
					names = append(names, t)
				}
				c[id] += w
			}
		}
		add(q.Title, needTitleWeight)
		add(firstRunes(q.Content, needContentRunes), 1)
		for id := range c {
			df[id]++
		}
		counts[u] = c
	}
	n := float64(len(units))
	vecs := make([][]needTerm, len(units))
	for u, c := range counts {
		v := make([]needTerm, 0, len(c))
		for id, tf := range c {
			v = append(v, needTerm{id, (1 + math.Log(tf)) * (math.Log((1+n)/(1+float64(df[id]))) + 1)})
		}
		slices.SortFunc(v, func(a, b needTerm) int { return cmp.Compare(a.id, b.id) })
		var norm float64
		for _, t := range v {
			norm += t.w * t.w
		}
		norm = math.Sqrt(norm)
		for i := range v {
			v[i].w /= norm
		}
		vecs[u] = v
	}

	// 3. Leader clustering against the groups' centroids, in the order
	// first asked.
	type group struct {
		units    []int
		centroid map[int32]float64 // sum of the members' unit vectors
		normSq   float64
	}
	var groups []*group
	posting := map[int32][]int{} // term → groups whose centroid has it
	acc := map[int]float64{}
	for u, v := range vecs {
		if len(v) == 0 {
			continue // no term: nothing to group by
		}
		clear(acc)
		for _, t := range v {
			for _, g := range posting[t.id] {
				acc[g] += t.w * groups[g].centroid[t.id]
			}
		}
		best, bestCos := -1, 0.0
		for g, dot := range acc {
			cos := dot / math.Sqrt(groups[g].normSq)
			if cos > bestCos || cos == bestCos && g < best {
				best, bestCos = g, cos
			}
		}
		if best < 0 || bestCos < opt.Similarity {
			best = len(groups)
			groups = append(groups, &group{centroid: map[int32]float64{}})
		}
		g := groups[best]
		g.units = append(g.units, u)
		for _, t := range v {
			old, had := g.centroid[t.id]
			if !had {
				posting[t.id] = append(posting[t.id], best)
			}
			g.centroid[t.id] = old + t.w
			g.normSq += (old+t.w)*(old+t.w) - old*old
		}
	}

	// 4. Measure the groups asked by enough people.
	var out []Need
	for _, g := range groups {
		people := map[string]bool{}
		var members []int
		for _, u := range g.units {
			for _, i := range units[u] {
				members = append(members, i)
				p := qs[i].User
				if p == "" {
					p = "#" + qs[i].ID
				}
				people[p] = true
			}
		}
		if len(people) < opt.MinPeople {
			continue
		}
		norm := math.Sqrt(g.normSq)
		rep, repCos := -1, -1.0
		for _, u := range g.units {
			var dot float64
			for _, t := range vecs[u] {
				dot += t.w * g.centroid[t.id]
			}
			if c := dot / norm; c > repCos+1e-12 {
				rep, repCos = u, c
			}
		}
		nd := Need{Question: questionOf(qs[units[rep][0]]), Count: len(members), People: len(people)}
		terms := make([]needTerm, 0, len(g.centroid))
		for id, w := range g.centroid {
			terms = append(terms, needTerm{id, w})
		}
		slices.SortFunc(terms, func(a, b needTerm) int {
			return cmp.Or(cmp.Compare(b.w, a.w), strings.Compare(names[a.id], names[b.id]))
		})
		for _, t := range terms[:min(needTopTerms, len(terms))] {
			nd.Terms = append(nd.Terms, names[t.id])
		}
		slices.SortFunc(members, func(a, b int) int { return cmp.Or(qs[b].Time.Compare(qs[a].Time), strings.Compare(qs[a].ID, qs[b].ID)) })
		nd.End, nd.Start = qs[members[0]].Time, qs[members[len(members)-1]].Time
		for _, i := range members[:min(needSamples, len(members))] {
			nd.Samples = append(nd.Samples, qs[i].ID)
		}
		out = append(out, nd)
	}
	slices.SortFunc(out, func(a, b Need) int {
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(b.Count, a.Count), b.End.Compare(a.End), strings.Compare(a.Question, b.Question))
	})
	if len(out) > opt.Top {
		out = out[:opt.Top]
	}

	// 5. How well the catalogue answers each.
	if answers != nil {
		for i := range out {
			title, score, ok := answers.BestAnswer(out[i].Question)
			if !ok {
				continue
			}
			out[i].Answer, out[i].AnswerScore = title, round2(score)
			out[i].Answered = score >= opt.MinAnswer
		}
	}
	return out
}

// needTerms keeps the terms that say what is asked (isTopicTerm, no
// question filler) and adds their official forms (text.Expand).
func needTerms(terms []string) []string {
	out := terms[:0]
	for _, t := range terms {
		if isTopicTerm(t) && !questionFiller[t] {
			out = append(out, t)
		}
	}
	return text.Expand(out)
}

// questionOf is an appeal's title, or the start of its content when it has
// none.
func questionOf(d hotspots.Doc) string {
	if strings.TrimSpace(d.Title) != "" {
		return d.Title
	}
	s := firstRunes(d.Content, 40)
	if utf8.RuneCountInString(d.Content) > 40 {
		s += "…"
	}
	return s
}

// Needs returns the latent needs of the latest analysis (at most n; all
// when n ≤ 0) and the snapshot they come from (nil before the first
// analysis). Needs are found over every consultation: only a scope that
// sees every appeal gets them; others get none.
func (h *HotIssues) Needs(scope minyi.Scope, n int) ([]Need, *Snapshot) {
	h.mu.RLock()
	s := h.snap
	h.mu.RUnlock()
	if s == nil || !scope.All {
		return nil, s
	}
	needs := s.Needs
	if n > 0 && len(needs) > n {
		needs = needs[:n]
	}
	return needs, s
}
