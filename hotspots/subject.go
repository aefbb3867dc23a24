package hotspots

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"minyi/text"
)

// A subject is what an issue is about when it is not a place with a place
// ending: a named development or brand (五矿万境-like names), a company
// or platform, a training school's brand, a fraud case ("XX车贷"), a
// named policy. Such names carry no ending that Places could recognise,
// so they are learnt from the collection itself (Subjects): people write
// the name of what they complain about right after the administrative
// prefix of their title ("A市XXXX…"), and different people continue the
// name differently ("XXXX房屋质量", "XXXX开发商…"). A string that several
// people put there and that branches right after it is a name.
//
// Case names are also recognised by their ending (caseSuffixes) in any
// title: "XX车贷", "XX网贷", "XX案".

// caseSuffixes end the names of financial platforms and cases: the
// subject is the name with the ending ("58车贷"), the trailing 案/案件 is
// left out.
var caseSuffixes = []string{"车贷", "网贷", "金服", "理财", "众筹", "集资案", "传销案"}

// subjectPrefixes are the words that open a title before what it is about
// ("投诉XXXX…", "关于XXXX的…").
var subjectPrefixes = []string{"关于", "投诉", "反映", "举报", "请问", "咨询", "建议", "恳请", "希望", "请求", "强烈", "再次", "严惩", "求助", "质疑", "控诉", "请", "问"}

// subjectStopRunes end a subject when reading it rightward: particles
// that follow a name ("XXXX的…", "XXXX和…").
const subjectStopRunes = "的和与及或在对把被给将让是了"

// Limits of learnt subjects.
const (
	minSubjectRunes = 3 // shorter strings after a prefix are words (公交, 地铁)
	maxSubjectRunes = 8 // as for places (maxNameRunes)
	minSubjectUsers = 2 // distinct people who wrote the name after a prefix
	// branchShare is the largest share of those people that may continue
	// the name with one same character: at a name's end the
	// continuations diverge.
	branchShare = 2.0 / 3
)

// lexicon holds learnt subject names by their first rune, longest first.
type lexicon map[rune][][]rune

// vocabularySet is the segmenter's government vocabulary: common terms
// (公交车, 住房公积金) are not names.
var vocabularySet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range text.Vocabulary() {
		m[w] = true
	}
	return m
}()

// Subjects learns the names of subjects without a place ending from the
// titles of docs (see the comment on lexicon): strings of 3–8 characters
// that at least two people write right after an administrative prefix
// or at the start of a title (after 投诉, 关于…), where the continuations
// diverge, that are not common words. It returns them sorted.
func Subjects(docs []Doc) []string {
	// users[s] and next[s][r] count distinct people
	seen := map[string]bool{}
	users := map[string]int{}
	next := map[string]map[string]int{}
	for i, d := range docs {
		who := d.User
		if who == "" {
			who = "#" + strconv.Itoa(i)
		}
		rs := []rune(strings.ToLower(string(fold(d.Title))))
		spans := adminSpans(rs)
		for _, a := range subjectAnchors(rs, spans) {
			run := subjectRun(rs, a, spans)
			for l := minSubjectRunes; l <= len(run) && l <= maxSubjectRunes; l++ {
				s := string(run[:l])
				if k := s + "\x01" + who; !seen[k] {
					seen[k] = true
					users[s]++
				}
				c := "$"
				if l < len(run) {
					c = string(run[l])
				}
				if k := s + "\x00" + c + "\x01" + who; !seen[k] {
					seen[k] = true
					if next[s] == nil {
						next[s] = map[string]int{}
					}
					next[s][c]++
				}
			}
		}
	}
	cands := map[string]bool{}
	for s, n := range users {
		if n < minSubjectUsers || utf8.RuneCountInString(s) < minSubjectRunes || !branches(n, next[s]) || !nameLike(s) {
			continue
		}
		cands[s] = true
	}
	// the shortest of nested names: "XXXX" and not also "XXXX开发"
	var out []string
	for s := range cands {
		rs := []rune(s)
		nested := false
		for l := minSubjectRunes; l < len(rs); l++ {
			if cands[string(rs[:l])] {
				nested = true
				break
			}
		}
		if !nested {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return withoutTopics(docs, out)
}

// maxTopicPlaces is how many different places the titles may write
// beside a learnt name for it to stay a name: a word that titles about
// many villages and compounds share ("XX村申请使用维修资金", "YY花园
// 维修资金…") is a topic those places have in common, not what the
// appeals are about.
const maxTopicPlaces = 3

// withoutTopics drops from names those that titles write beside more
// than maxTopicPlaces different places with an ending (villages and
// sites).
func withoutTopics(docs []Doc, names []string) []string {
	if len(names) == 0 {
		return names
	}
	lx := newLexicon(names)
	beside := map[string]map[string]bool{}
	for _, d := range docs {
		ps := placesIn(d.Title, lx)
		for _, p := range ps {
			if !p.learnt {
				continue
			}
			for _, q := range ps {
				if q.learnt || q.Level < levelVillage {
					continue
				}
				if beside[p.Key] == nil {
					beside[p.Key] = map[string]bool{}
				}
				beside[p.Key][q.Key] = true
			}
		}
	}
	out := names[:0]
	for _, n := range names {
		if len(beside[placeKey(strings.ToLower(n))]) <= maxTopicPlaces {
			out = append(out, n)
		}
	}
	return out
}

// subjectAnchors returns where a subject may start in a title: after each
// administrative prefix, and at the start after opening words.
func subjectAnchors(rs []rune, spans [][2]int) []int {
	start := 0
	for again := true; again; {
		again = false
		for _, p := range subjectPrefixes {
			if hasRunesAt(rs, start, p) {
				start += utf8.RuneCountInString(p)
				again = true
				break
			}
		}
	}
	var out []int
	for _, s := range spans {
		// several units in a row (A市A5区): only after the last
		if s[0] == start {
			start = s[1]
		}
	}
	out = append(out, start)
	for k, s := range spans {
		if s[1] == start || k+1 < len(spans) && spans[k+1][0] == s[1] {
			continue
		}
		out = append(out, s[1])
	}
	return out
}

// subjectRun reads the characters that may belong to a name from a, up
// to punctuation, a particle, an administrative prefix or maxSubjectRunes
// + 1 characters.
func subjectRun(rs []rune, a int, spans [][2]int) []rune {
	e := a
	for e < len(rs) && e-a <= maxSubjectRunes && nameRune(rs[e]) && !strings.ContainsRune(subjectStopRunes, rs[e]) {
		if e > a && slices.ContainsFunc(spans, func(s [2]int) bool { return s[0] == e }) {
			break // an administrative unit ends the name before it
		}
		e++
	}
	return rs[a:e]
}

func isASCIILetter(r rune) bool { return r < 128 && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') }

// branches reports whether the people writing s continue it differently:
// no one next character is shared by more than branchShare of them.
func branches(n int, next map[string]int) bool {
	for r, m := range next {
		if r != "$" && float64(m) > branchShare*float64(n) {
			return false
		}
	}
	return true
}

// nameLike reports whether s may be a name: not a common word, no
// boilerplate, question or generic word inside, not a number.
func nameLike(s string) bool {
	if vocabularySet[s] || text.IsStopWord(s) || genericNames[s] || onlyDigits(s) || isCase(s) || hasCaseSuffix([]rune(s)) || strings.HasSuffix(s, "案") || strings.HasSuffix(s, "案件") {
		return false
	}
	rs := []rune(s)
	if endsInPlaceEnding(rs) || strings.ContainsRune(s, '年') || len(adminSpans(rs)) > 0 || strings.ContainsRune("省市区县", rs[0]) || strings.ContainsRune("期年局厅委办处所队", rs[len(rs)-1]) {
		return false // 2019年, 城三期, 税务局: not names
	}
	if strings.ContainsRune(subjectStopRunes, rs[0]) || !isHan(rs[len(rs)-1]) && !isASCIILetter(rs[len(rs)-1]) && !isDigitRune(rs[len(rs)-1]) {
		return false
	}
	if !strings.ContainsFunc(s, isHan) || len(Places(s)) > 0 {
		return false // M20 (of M205路); 下沙村电, 增开桃源村到: a place and more
	}
	for i := range rs {
		for j := i + 2; j <= len(rs) && j-i <= 4; j++ {
			w := string(rs[i:j])
			if boilerplate[w] || genericNames[w] || notNameWords[w] || len(rs[i:j]) >= 2 && stopBefore[w] && j-i >= 2 {
				return false
			}
		}
	}
	return true
}

// endsInPlaceEnding reports whether rs ends with a place ending: such a
// name is a place, which Places finds whenever it is one (and 搅拌站
// alone is none).
func endsInPlaceEnding(rs []rune) bool {
	for i := max(0, len(rs)-6); i < len(rs); i++ {
		for _, suf := range suffixByFirst[rs[i]] {
			if i+len(suf) == len(rs) && slices.Equal(rs[i:], suf) {
				return true
			}
		}
	}
	return false
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

// notNameWords are words that do not occur in names but often right
// after a prefix: questions, quantities, times, problems.
var notNameWords = setOf(`什么 怎么 为啥 哪里 哪些 多少 能不能 可不可以 有没有 是不是 何时 何日 几时 今年 明年 去年 本月 每月 每年 全市 全省 城区 市区 县城 乡镇
	农村 城乡 市民 居民 村民 家长 学生 孩子 小孩 老人 职工 员工 业主 房东 司机 乘客 外地 本地 关于 如果 多次 一直 目前 现在 最近 严重 乱象 违章 违规 收费 补贴 噪音 扰民 油烟 污染
	坚决 觉得 很多 依法 拆除 沿线 交界 单位 记录 考试 多年 空地 烂尾 精装 拍卖 乱扣 转业 食品 药品 计算机 电视台 技师 出嫁 外嫁 驾校 楼盘
	公交 地铁 出租 网约 高铁 火车 停车 道路 交通 红绿 路灯 学区 入学 招生 教师 老师 医生 医保 社保 公积 养老 户口 落户 房价 房子 房屋 买房 购房 租房 拆迁 征收 工资 欠薪
	表扬 感谢 点赞 讨要 增开 有人 停水 停电 困人 跑路 倒闭 拒退 退费 退款 积水 倒灌 违建 无证 卷款 关门 人行道 消防通道 路边 老鼠 蚊虫 电梯 故障 押金 拖欠 欠款
	城管 交警 派出所 公安 法院 教育局 人社 住建 环保 卫健 市场监管 街道办 居委会 村委会 物业 开发商 垃圾 绿化 环境 管理 服务 建设 规划 政策 办理 申请 审批 手续 证件`)

func hasRunesAt(rs []rune, i int, s string) bool {
	for _, r := range s {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

// newLexicon indexes names for matching.
func newLexicon(names []string) lexicon {
	if len(names) == 0 {
		return nil
	}
	lx := lexicon{}
	for _, n := range names {
		rs := []rune(strings.ToLower(n))
		lx[rs[0]] = append(lx[rs[0]], rs)
	}
	for _, l := range lx {
		slices.SortFunc(l, func(a, b []rune) int {
			if d := len(b) - len(a); d != 0 {
				return d
			}
			return slices.Compare(a, b)
		})
	}
	return lx
}

// match returns the length of the longest name at rs[i:], or 0.
func (lx lexicon) match(rs []rune, i int) int {
	for _, n := range lx[rs[i]] {
		if i+len(n) <= len(rs) && slices.Equal(rs[i:i+len(n)], n) {
			return len(n)
		}
	}
	return 0
}

// isCase reports whether a place key is the name of a case: it ends with
// one of caseSuffixes.
func isCase(key string) bool {
	for _, c := range caseSuffixes {
		if strings.HasSuffix(key, c) {
			return true
		}
	}
	return false
}

// hasCaseSuffix reports whether rs holds one of caseSuffixes.
func hasCaseSuffix(rs []rune) bool {
	s := string(rs)
	for _, c := range caseSuffixes {
		if strings.Contains(s, c) {
			return true
		}
	}
	return false
}

// caseAt returns the length of a case name ending at rs[i:] with one of
// caseSuffixes ("58车贷" at "58车贷案…"), reading leftward like a place,
// and where it starts; 0 when there is none.
func caseAt(rs []rune, i int, adminEnd []bool) (start, end int) {
	for _, suf := range caseSuffixes {
		if !hasRunesAt(rs, i, suf) {
			continue
		}
		e := i + utf8.RuneCountInString(suf)
		s := nameStart(rs, i, adminEnd, func(int) bool { return false })
		if i-s < 1 || i-s > 6 {
			return 0, 0
		}
		return s, e
	}
	return 0, 0
}
