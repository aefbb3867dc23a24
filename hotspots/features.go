package hotspots

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"minyi/parallel"
	"minyi/text"
)

// contentRunes is how much of an appeal's text is read for places and
// problem terms. The title and the opening say what and where; the rest
// is mostly narrative, and segmenting it would make 100,000 appeals too
// slow to analyse in a request.
const contentRunes = 200

// titleWeight is how many times a title term counts: a title states the
// problem more sharply than the narrative does.
const titleWeight = 3

// docFeatures is what one appeal contributes to the grouping.
type docFeatures struct {
	// place is the appeal's own place: the most specific one in its
	// title, else in its text; Key == "" when it names none.
	place Place
	// mentioned are the keys of all places in title and text.
	mentioned []string
	// ending holds the keys of mentioned that were found by a place
	// ending (or as a bus line or case) rather than learnt (Subjects).
	ending map[string]bool
	// titleNames are the names and administrative prefixes of the places
	// in the title, which labels leave out.
	titleNames []string
	// terms are the problem terms, title terms titleWeight times.
	terms []string
	// vague: the title names its place but no problem of its own
	// ("XX小区存在一系列问题"); such an appeal backs the issue its place
	// has at the time rather than making one.
	vague bool
}

// vagueWords say that there are problems without saying which.
var vagueWords = setOf("一系列 系列 诸多 多个 很多 许多 各种 种种 若干 一些 相关 多项 多方面 遗留 现存 存在")

// problemFamilies join the words of one kind of problem that appeals
// word differently, adding the family's name as a term: cracked walls,
// leaks and a shrunken floor area are all one new building's quality.
var problemFamilies = func() map[string]string {
	m := map[string]string{}
	for fam, words := range map[string]string{
		"房屋质量": "开裂 裂缝 裂纹 渗水 漏水 渗漏 墙体 墙壁 墙面 空鼓 沉降 质量 豆腐渣 缩水 交房 精装 货不对板",
	} {
		for _, w := range strings.Fields(words) {
			m[w] = fam
		}
	}
	return m
}()

// boilerplate are words every kind of appeal uses; they say nothing about
// which problem it is.
var boilerplate = setOf(`问题 反映 投诉 举报 请求 咨询 建议 希望 恳请 请问 要求 情况 相关 有关 部门 领导 政府 解决 处理 尽快 何时 为什么 为何
	怎么 如何 是否 可以 能否 我们 你们 他们 市民 居民 业主 群众 百姓 老百姓 严重 一直 至今 现在 目前 已经 多次 长期 经常 谢谢 感谢
	您好 你好 尊敬 书记 市长 区长 县长 网友 留言 关注 重视 帮助 帮忙 督促 落实 回复 答复 情况 存在 出现 进行 导致 影响 没有 不能
	位于 附近 周边 旁边 对面 门口 地方 地址 区域 这个 那个 一个 小区 社区 街道`)

// features computes the features of all documents on several goroutines.
func features(seg *text.Segmenter, docs []Doc, lx lexicon, workers int) []docFeatures {
	out := make([]docFeatures, len(docs))
	parallel.For(len(docs), workers, func(i int) {
		out[i] = docFeature(seg, docs[i], lx)
	})
	return out
}

func docFeature(seg *text.Segmenter, d Doc, lx lexicon) docFeatures {
	opening := prefix(d.Content, contentRunes)
	titlePlaces := placesIn(d.Title, lx)
	textPlaces := placesIn(opening, lx)
	var f docFeatures
	f.place = mostSpecific(titlePlaces)
	for _, p := range titlePlaces {
		f.titleNames = append(f.titleNames, p.Name)
	}
	if f.place.Key == "" {
		f.place = mostSpecific(textPlaces)
	}
	seen := map[string]bool{}
	var names []string
	for _, p := range append(titlePlaces, textPlaces...) {
		if !seen[p.Key] {
			seen[p.Key] = true
			f.mentioned = append(f.mentioned, p.Key)
		}
		if !p.learnt {
			if f.ending == nil {
				f.ending = map[string]bool{}
			}
			f.ending[p.Key] = true
		}
		names = append(names, strings.ToLower(p.Name), strings.ToLower(p.Admin))
	}
	title := problemTerms(seg.Terms(d.Title), names)
	f.vague = d.Title != ""
	for _, t := range title {
		if !vagueWords[t] {
			f.vague = false
			break
		}
	}
	for range titleWeight {
		f.terms = append(f.terms, title...)
	}
	f.terms = append(f.terms, problemTerms(seg.Terms(opening), names)...)
	f.terms = append(f.terms, titleBigrams(d.Title, names)...)
	return f
}

// better reports whether p is more specific than q, which comes
// before it: the higher level is, but a learnt subject (Place.learnt)
// ranks with villages and sites with an ending, so that of a village and
// a topic word ("彩田村…维修资金") the first named is the appeal's own.
func better(p, q Place) bool {
	lp, lq := p.Level, q.Level
	if p.learnt && !q.learnt && lq >= levelVillage || q.learnt && !p.learnt && lp >= levelVillage {
		return false
	}
	return lp > lq
}

// mostSpecific returns the first of the most specific places, or the zero
// Place.
func mostSpecific(ps []Place) Place {
	var best Place
	for _, p := range ps {
		// a learnt subject is a word of the collection, which may be a
		// topic many places share (维修资金): a place with an ending
		// at the same level is what the appeal is about
		if best.Key == "" || better(p, best) {
			best = p
		}
	}
	return best
}

// problemTerms keeps the terms that describe a problem: not part of a
// place name or an administrative unit, not boilerplate, not a number, at
// least two characters; colloquial words gain their official synonyms
// (text.Expand), so that 太吵 meets 噪音扰民.
func problemTerms(terms []string, placeNames []string) []string {
	out := terms[:0]
	for _, t := range terms {
		if utf8.RuneCountInString(t) < 2 || boilerplate[t] || !strings.ContainsFunc(t, isHan) {
			continue
		}
		if strings.ContainsAny(t, "省市区县") && utf8.RuneCountInString(t) <= 3 {
			continue // 市鑫苑, 区学: the segmenter joins a unit to the next word
		}
		inPlace := false
		for _, n := range placeNames {
			if n != "" && (strings.Contains(n, t) || straddles(t, n)) {
				inPlace = true
				break
			}
		}
		if inPlace {
			continue
		}
		out = append(out, t)
		if fam := problemFamilies[t]; fam != "" {
			out = append(out, fam)
		}
		// the vocabulary's compounds also count as their halves, so
		// that 油烟扰民 meets 油烟 and 噪音扰民 meets 扰民
		if rs := []rune(t); len(rs) == 4 {
			out = append(out, string(rs[:2]), string(rs[2:]))
		}
	}
	return text.Expand(out)
}

// straddles reports whether term t holds place name n or runs into it
// by two characters or more: the segmenter joins a name to the
// characters around it (县松雅湖, 小区楼), which are no problem words.
func straddles(t, n string) bool {
	if utf8.RuneCountInString(n) >= 2 && strings.Contains(t, n) {
		return true
	}
	tr, nr := []rune(t), []rune(n)
	for k := 2; k < len(tr) && k <= len(nr); k++ {
		if string(tr[len(tr)-k:]) == string(nr[:k]) || string(tr[:k]) == string(nr[len(nr)-k:]) {
			return true
		}
	}
	return false
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// prefix returns the first n runes of s.
func prefix(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// bigramMark starts a character pair, keeping pairs apart from words,
// which alone make labels.
const bigramMark = "·"

// titleBigrams returns the pairs of adjacent Chinese characters of the
// title outside place names. Words are cut differently in different
// appeals (油烟 and 油烟味, 噪声 and 噪音扰民); pairs of characters still
// overlap.
func titleBigrams(title string, placeNames []string) []string {
	t := strings.ToLower(string(fold(title)))
	for _, n := range placeNames {
		if n != "" {
			t = strings.ReplaceAll(t, n, " ")
		}
	}
	var out []string
	var prev rune
	for _, r := range t {
		if isHan(r) && isHan(prev) {
			out = append(out, bigramMark+string([]rune{prev, r}))
		}
		prev = r
	}
	return out
}
