package hotspots

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Place is a concrete place named in a text: a residential compound, a
// road, a village, a school, a company, a project…
type Place struct {
	// Admin is the administrative prefix written before the place, e.g.
	// "A市A5区" or "深圳市福田区"; empty when there was none.
	Admin string
	// Name is the place as written, without Admin, e.g. "魅力之城小区".
	Name string
	// Key is Name normalised for comparison: lower case, without a
	// trailing 小区 and the like, so that "魅力之城小区" and "魅力之城"
	// have the same Key.
	Key string
	// Level tells how specific the place is (levelTown … levelSite).
	Level int
}

// Levels of places, from the widest to the most specific. When a title
// names several places, the most specific is the one the appeal is about
// ("西湖街道茶场村" is about the village, "汇金路五矿万境" about the
// compound).
const (
	levelTown    = iota // 街道, 镇, 乡
	levelRoad           // 路, 街, 大道, 高速
	levelVillage        // 村, 社区, 组
	levelSite           // compounds, schools, hospitals, companies, projects
)

// suffixes are the endings that make a name a place, with the level of
// the place. Longer endings are tried first (see suffixList).
var suffixes = map[string]int{
	// towns and street offices
	"街道": levelTown, "镇": levelTown, "乡": levelTown, "开发区": levelTown, "经开区": levelTown, "高新区": levelTown, "新区": levelTown, "园区": levelTown,
	// roads
	"路": levelRoad, "大道": levelRoad, "大街": levelRoad, "街": levelRoad, "巷": levelRoad,
	"高速": levelRoad, "立交": levelRoad, "大桥": levelRoad, "隧道": levelRoad, "号线": levelRoad,
	"高铁": levelRoad, "路口": levelRoad, "桥": levelRoad,
	// villages and communities
	"村": levelVillage, "社区": levelVillage, "新村": levelVillage, "组": levelVillage,
	// residential compounds and buildings
	"小区": levelSite, "花园": levelSite, "家园": levelSite, "公寓": levelSite, "山庄": levelSite,
	"新城": levelSite, "庄园": levelSite, "公馆": levelSite, "大厦": levelSite, "广场": levelSite,
	"苑": levelSite, "府": levelSite, "城": levelSite, "园": levelSite, "庭": levelSite, "郡": levelSite,
	"湾": levelSite, "居": levelSite, "邸": levelSite, "阁": levelSite, "半岛": levelSite,
	"世家": levelSite, "天地": levelSite, "华庭": levelSite, "国际": levelSite, "公元": levelSite,
	"安置区": levelSite, "宿舍": levelSite, "楼盘": levelSite,
	// schools
	"学校": levelSite, "小学": levelSite, "中学": levelSite, "大学": levelSite, "学院": levelSite,
	"幼儿园": levelSite, "一中": levelSite, "二中": levelSite, "实验学校": levelSite,
	// hospitals
	"医院": levelSite, "卫生院": levelSite, "诊所": levelSite,
	// companies, shops, markets
	"公司": levelSite, "集团": levelSite, "银行": levelSite, "酒店": levelSite, "超市": levelSite,
	"工厂": levelSite, "厂": levelSite, "会所": levelSite, "市场": levelSite, "商场": levelSite,
	"商城": levelSite, "物业": levelSite, "有限公司": levelSite, "有限责任公司": levelSite,
	"店": levelSite, "馆": levelSite, "酒吧": levelSite, "茶楼": levelSite, "餐厅": levelSite, "网吧": levelSite,
	// parks and projects
	"公园": levelSite, "景区": levelSite, "项目": levelSite, "工地": levelSite,
	"搅拌站": levelSite, "变电站": levelSite, "垃圾站": levelSite, "地铁站": levelSite,
	"站": levelSite, "中心": levelSite, "基地": levelSite, "码头": levelSite,
}

// closedSuffixes end a name for good: what follows them is another
// place ("翠湖湾小区物业" is the compound and its management company),
// while 丽发新城 + 小区 is one name.
var closedSuffixes = setOf("小区 社区 家园 花园 公寓 大厦 学校 小学 中学 大学 学院 医院 公司 有限公司 有限责任公司 银行 集团 物业")

// suffixByFirst holds the endings by their first character, longest
// first, so that looking for an ending at a position costs a map lookup.
var suffixByFirst = func() map[rune][][]rune {
	m := map[rune][][]rune{}
	for s := range suffixes {
		rs := []rune(s)
		m[rs[0]] = append(m[rs[0]], rs)
	}
	for _, l := range m {
		slices.SortFunc(l, func(a, b []rune) int {
			if d := len(b) - len(a); d != 0 {
				return d
			}
			return slices.Compare(a, b)
		})
	}
	return m
}()

// notAfter lists, for one-character endings that are often the start of
// an ordinary word, the characters that make them so: 城市, 城管, 园林,
// 路灯, 站点… An ending followed by one of them is not an ending.
var notAfter = map[string]string{
	"城":  "市管区乡建际铁轨里中墙桥",
	"店":  "面铺主员家长",
	"馆":  "长内",
	"庭":  "院",
	"桥":  "梁下上面头",
	"园":  "林艺区内",
	"路":  "灯段面边上费况线过口由人牌况",
	"府":  "办院",
	"街":  "道边头面",
	"站":  "点台长",
	"村":  "民委干级庄",
	"组":  "长织成",
	"镇":  "政",
	"乡":  "政村",
	"居":  "民住委",
	"厂":  "家房区长",
	"中心": "城区",
	"公司": "员",
	"国际": "化",
	"市场": "监化价",
	"物业": "费管公服",
}

// genericNames are names that end like a place but name none in
// particular: 政府, 学校, 该小区… A place whose Key (or name before its
// ending) is one of them is dropped.
var genericNames = setOf(`政府 市政府 区政府 县政府 省政府 人民政府 城 新城 县城 城市 农村 小区 社区 学校 公司 医院 学院 中学 小学 大学 幼儿园
	该 本 我 我们 此 这 这个 那 那个 各 每 全 其 它 他 她 相关 周边 附近 安置 老旧 老 新 旧 原 现 整个 一个 某 某个 多个 所在 所属
	当地 本地 外地 我市 我县 我区 全市 全县 全区 公交 地铁 高速 物业 业主 居民 开发商 民办 公办 私立 公立 重点 职业 培训 中心 工作 服务
	路 街 村 组 站 市场 马路 公路 道路 线路 运行线路 公交线路 店 馆 商店 饭店 酒店 门店 广场 国际 中 外 中国 国家 家 乡 镇 大 小 号 出 一 二 三 四 五 六 七 八 九 十 两 几 多 第一 第二 第三 上 下 左 右 前 后 东 西 南 北`)

// stopBefore are words that end the name of a place when reading leftward
// from its ending: verbs and particles that come before a place in an
// appeal ("投诉丽发新城小区", "在学校旁").
var stopBefore = setOf(`投诉 反映 举报 请问 咨询 关于 建议 请求 要求 希望 恳请 强烈 严惩 质疑 询问 求助 请 问 为何 为什么 何时 如何 怎么 是否 能否 可否
	在 的 和 与 及 或 对 把 被 给 将 让 是 我 我们 位于 住在 地处 从 到 向 由 为 了 等 旁 边 近 附近 门口 对面 这 那 该 个 有 无 没
	市民 业主 居民 村民 家长 学生 职工 员工 老师 还 又 也 就 才 却 但 而 及其 以及 导致 造成 存在 出现 进行 开展 办理 申请 没有 不能 不 已 已经 仍 仍然
	一直 长期 经常 严重 违规 违法 非法 私自 擅自 强行 涉嫌 拖欠 整治 处理 解决 落实 支持 加快 尽快 何 谁 啥 个别 部分 所有 多 前往 去 来 回 至 往
	控诉 进入 其 楼下 楼上 隔壁 下 问题 克服 承诺 外迁 知道 公布 冻结 规划 其他 其它 一些 一处 一个 一家 比 会 开 建 修 新建 建设 改造 设立 增设 外围 栋 号 单元 室 楼`)

// setOf splits a space-separated list into a set.
func setOf(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// maxNameRunes is the longest name before an ending that a place may
// have; longer runs are cut at the left. Names of compounds and companies
// rarely exceed it, and a limit keeps a missed stop word from swallowing
// half a sentence.
const maxNameRunes = 8

// Places returns the concrete places named in s, in the order they
// appear. Places inside other places ("新城" in "丽发新城小区") are left
// out.
func Places(s string) []Place { return placesIn(s, nil) }

// placesIn is Places that also finds the learnt subjects of lx (Subjects)
// and case names ("XX车贷") outside the places it finds; they count as
// specific as a site.
func placesIn(s string, lx lexicon) []Place {
	rs := fold(s)
	admins := adminSpans(rs)
	adminEnd := make([]bool, len(rs)+1) // adminEnd[i]: an admin prefix ends at i
	for _, a := range admins {
		adminEnd[a[1]] = true
	}

	type hit struct {
		start, end, suffixStart, level int
		final                          bool // ends with an ending nothing follows (closedSuffixes)
	}
	var hits []hit
	for i := 0; i < len(rs); {
		suf, level := suffixAt(rs, i)
		if suf == 0 || inSpan(admins, i) {
			i++
			continue
		}
		end := i + suf
		start := nameStart(rs, i, adminEnd, func(j int) bool {
			// a place ends at j: a wider place (街道, 路, 村) is its own
			// place and not part of the name after it
			for _, h := range hits {
				if h.end == j && (h.level < levelSite || h.level != level || h.final) {
					return true
				}
			}
			return false
		})
		if start < i || suf > 1 {
			hits = append(hits, hit{start, end, i, level, closedSuffixes[string(rs[i:end])]})
		}
		i = end
	}

	type found struct {
		p          Place
		start, end int
	}
	var fs []found
	for k, h := range hits {
		// a hit directly followed by a more specific ending is part of a
		// longer name: 丽发新城 + 小区 → 丽发新城小区
		if k+1 < len(hits) && hits[k+1].start == h.start {
			continue
		}
		// the ending of a wider place whose name a stop word cut off
		// (禧和路: 和) is no part of the next name: 路垃圾站 → 垃圾站
		for h.suffixStart-h.start > 2 && wideEnding(rs[h.start]) {
			h.start++
		}
		name := string(rs[h.start:h.end])
		core := string(rs[h.start:h.suffixStart])
		short := h.end-h.suffixStart == 1 && h.suffixStart-h.start < 2 // 网站, 开园: too short to be a name
		// a name never starts with the last character of an
		// administrative unit: 区中学 is the tail of one we did not see
		if strings.ContainsRune("省市区县", rs[h.start]) {
			continue
		}
		if core == "" || short || genericNames[core] || genericNames[name] || strings.HasSuffix(name, "政府") || onlyDigits(core) {
			continue
		}
		key := placeKey(name)
		if utf8.RuneCountInString(key) < 2 || genericNames[key] {
			continue
		}
		fs = append(fs, found{Place{Admin: adminBefore(rs, admins, h.start), Name: name, Key: key, Level: h.level}, h.start, h.end})
	}

	// subjects and cases outside the places found
	if lx != nil || hasCaseSuffix(rs) {
		lower := make([]rune, len(rs))
		for i, r := range rs {
			lower[i] = unicode.ToLower(r)
		}
		covered := func(a, b int) bool {
			for _, f := range fs {
				if a < f.end && f.start < b {
					return true
				}
			}
			return false
		}
		var extra []found
		for i := 0; i < len(rs); i++ {
			if inSpan(admins, i) {
				continue
			}
			a, b := 0, 0
			if n := lx.match(lower, i); n > 0 {
				a, b = i, i+n
			} else if ca, cb := caseAt(rs, i, adminEnd); cb > 0 {
				a, b = ca, cb
			}
			if b == 0 || covered(a, b) || strings.ContainsRune("省市区县", rs[a]) {
				continue
			}
			name := string(rs[a:b])
			extra = append(extra, found{Place{Admin: adminBefore(rs, admins, a), Name: name, Key: placeKey(name), Level: levelSite}, a, b})
			i = b - 1
		}
		if len(extra) > 0 {
			fs = append(fs, extra...)
			slices.SortStableFunc(fs, func(x, y found) int { return x.start - y.start })
		}
	}
	out := make([]Place, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.p)
	}
	return out
}

// wideEnding reports whether r alone ends a road, village or town (路,
// 街, 村, 镇…), which does not begin a name.
func wideEnding(r rune) bool {
	lv, ok := suffixes[string(r)]
	return ok && lv < levelSite
}

// suffixAt returns the length in runes of the longest place ending at
// rs[i:] and its level, or 0.
func suffixAt(rs []rune, i int) (int, int) {
	for _, suf := range suffixByFirst[rs[i]] {
		n := len(suf)
		if i+n > len(rs) || !slices.Equal(rs[i:i+n], suf) {
			continue
		}
		s := string(suf)
		if i+n < len(rs) && strings.ContainsRune(notAfter[s], rs[i+n]) {
			continue
		}
		return n, suffixes[s]
	}
	return 0, 0
}

// nameStart reads leftward from the ending at i over the characters that
// may belong to a name and returns where the name starts. It stops at an
// administrative prefix, at a wider place (stopAt), at punctuation, at a
// stop word and after maxNameRunes characters.
func nameStart(rs []rune, i int, adminEnd []bool, stopAt func(int) bool) int {
	j := i
	for j > 0 && i-j < maxNameRunes {
		if adminEnd[j] || stopAt(j) || !nameRune(rs[j-1]) {
			break
		}
		if stopWordEndsAt(rs, j) {
			break
		}
		j--
	}
	return j
}

// stopWordEndsAt reports whether one of stopBefore ends at rs[j].
func stopWordEndsAt(rs []rune, j int) bool {
	for n := 3; n >= 1; n-- {
		if j-n >= 0 && stopBefore[string(rs[j-n:j])] {
			return true
		}
	}
	return false
}

// nameRune reports whether r may be part of a place name.
func nameRune(r rune) bool {
	return unicode.Is(unicode.Han, r) || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// adminSpans finds administrative prefixes: anonymised units (A市, A5区,
// K9县) and Chinese ones (西地省, 深圳市福田区). A Chinese 区 counts only
// right after a 市, so that 小区, 园区 and 城区 are not mistaken for one.
func adminSpans(rs []rune) [][2]int {
	var spans [][2]int
	afterCity := false
	for i := 0; i < len(rs); {
		// A, A5, K9 followed by 省市区县
		j := i
		if j < len(rs) && rs[j] < 128 && unicode.IsLetter(rs[j]) && (j == 0 || !(rs[j-1] < 128 && unicode.IsLetter(rs[j-1]))) {
			j++
			for j < len(rs) && rs[j] < 128 && unicode.IsDigit(rs[j]) {
				j++
			}
			if j < len(rs) && strings.ContainsRune("省市区县", rs[j]) {
				spans = append(spans, [2]int{i, j + 1})
				afterCity = rs[j] == '市' || rs[j] == '省'
				i = j + 1
				continue
			}
		}
		// two or three Han characters and 省, or 市/县 after a province or
		// at the start, or 区/县 after a city
		if n := hanAdmin(rs, i, afterCity || i == 0 || (len(spans) > 0 && spans[len(spans)-1][1] == i)); n > 0 {
			spans = append(spans, [2]int{i, i + n})
			afterCity = rs[i+n-1] != '县' && rs[i+n-1] != '区'
			i += n
			continue
		}
		if len(spans) == 0 || spans[len(spans)-1][1] != i {
			afterCity = false
		}
		i++
	}
	return spans
}

// hanAdmin returns the length of a Chinese administrative unit at rs[i:]
// (2–3 characters and 省, or, where a unit may follow, 市, 县 or 区), or 0.
func hanAdmin(rs []rune, i int, unitMayFollow bool) int {
	for n := 3; n <= 4; n++ {
		if i+n > len(rs) {
			break
		}
		w := rs[i : i+n]
		if !allHan(w[:n-1]) || stopWordEndsAt(rs[i:i+n-1], n-1) && n-1 <= 2 {
			continue
		}
		switch w[n-1] {
		case '省':
			if i == 0 || !unicode.Is(unicode.Han, rs[i-1]) || unitMayFollow || stopWordEndsAt(rs, i) {
				return n
			}
		case '市', '县', '区':
			if unitMayFollow && !genericNames[string(w[:n-1])] && !strings.ContainsRune("小园城社景片校街新", w[n-2]) {
				return n
			}
		}
	}
	return 0
}

func allHan(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

func inSpan(spans [][2]int, i int) bool {
	for _, s := range spans {
		if i >= s[0] && i < s[1] {
			return true
		}
	}
	return false
}

// adminBefore joins the administrative units that end right before start
// (A市A5区 before 魅力之城), or "" when there are none.
func adminBefore(rs []rune, spans [][2]int, start int) string {
	end := start
	first := -1
	for k := len(spans) - 1; k >= 0; k-- {
		if spans[k][1] == end {
			first = k
			end = spans[k][0]
		}
	}
	if first < 0 {
		return ""
	}
	return string(rs[end:start])
}

// placeKey normalises a place name for comparison: lower case, without
// the endings that people add or leave out (小区, 社区 after a compound,
// 一期, 二期…).
func placeKey(name string) string {
	k := strings.ToLower(name)
	for _, s := range []string{"小区", "一期", "二期", "三期", "四期", "五期", "项目"} {
		if t := strings.TrimSuffix(k, s); utf8.RuneCountInString(t) >= 2 {
			k = t
		}
	}
	return k
}

// fold returns s as runes with full-width ASCII made half-width and with
// white space and invisible characters removed, so that names compare
// equal however they were typed.
func fold(s string) []rune {
	out := make([]rune, 0, len(s)/2)
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000 || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		out = append(out, r)
	}
	return out
}

func onlyDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) && !strings.ContainsRune("一二三四五六七八九十百零两", r) {
			return false
		}
	}
	return true
}
