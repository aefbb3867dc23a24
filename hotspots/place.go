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
	// learnt: a subject learnt from the collection (Subjects) rather
	// than a name with a place ending. It ranks with villages and sites
	// with an ending: of the two, the first named is the appeal's place
	// ("彩田村…维修资金" is about 彩田村).
	learnt bool
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
	"高铁": levelRoad, "路口": levelRoad, "桥": levelRoad, "国道": levelRoad, "省道": levelRoad,
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
	"学校": levelSite, "公学": levelSite, "小学": levelSite, "中学": levelSite, "大学": levelSite, "学院": levelSite,
	"幼儿园": levelSite, "一中": levelSite, "二中": levelSite, "实验学校": levelSite,
	// hospitals
	"医院": levelSite, "卫生院": levelSite, "诊所": levelSite, "保健院": levelSite,
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
	"站":  "点台长稳立着起",
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

// notBefore lists, for one-character endings, the characters before
// them that make a word of them rather than an ending: 跑路, 绕路, 修路
// are things people do, not roads.
var notBefore = map[string]string{
	"路": "跑绕修让走问带迷拦堵挡封断套思销退网马公道线门出活",
	"街": "过逛上临沿扫",
}

// maxRunesBefore is how many characters a name before the ending suf
// may have (companies are long: 深圳市佳源建筑工程有限公司).
func maxRunesBefore(suf string) int {
	if companyEndings[suf] {
		return maxCompanyRunes
	}
	return maxNameRunes
}

// companyEndings end the names of companies, which are written whole
// from the city on ("深圳市" is the administrative prefix): different
// companies of one trade share the trade's words (建筑工程有限公司).
var companyEndings = setOf("公司 有限公司 有限责任公司 集团 股份有限公司")

// companyStops are the one-character stop words that end a company's
// name; the others occur inside them (佳源建筑工程有限公司).
const companyStops = "的在对把被给将让是了向从到和与及或"

// ownedEndings end what belongs to the place before them: 吉华御府物业
// is the compound's management company, 御府酒店 a hotel there.
var ownedEndings = setOf("物业 公司 有限公司 有限责任公司 集团 股份有限公司")

// maxCompanyRunes is the longest name before a company ending.
const maxCompanyRunes = 16

// genericInstitutions are the names every district gives its own
// hospital, school or office: the district is part of the name
// ("南山区人民医院" and "宝安区人民医院" are different hospitals).
var genericInstitutions = setOf(`人民医院 中医院 中心医院 妇幼保健院 儿童医院 社康中心 人民政府 实验学校 实验小学 实验中学 外国语学校 中心小学
	第一人民医院 第二人民医院 第三人民医院 政务服务中心 行政服务中心 体育馆 图书馆 文化馆 博物馆 少年宫 体育中心 档案馆 公安分局 派出所`)

// genericNames are names that end like a place but name none in
// particular: 政府, 学校, 该小区… A place whose Key (or name before its
// ending) is one of them is dropped.
var genericNames = setOf(`政府 市政府 区政府 县政府 省政府 人民政府 城 新城 县城 城市 农村 小区 社区 学校 公司 医院 学院 中学 小学 大学 幼儿园
	该 本 我 我们 此 这 这个 那 那个 各 每 全 其 它 他 她 相关 周边 附近 安置 老旧 老 新 旧 原 现 整个 一个 某 某个 多个 所在 所属
	当地 本地 外地 我市 我县 我区 全市 全县 全区 公交 地铁 高速 物业 业主 居民 开发商 民办 公办 私立 公立 重点 职业 培训 中心 工作 服务
	人行天桥 天桥 过街天桥
	路 街 村 组 站 市场 马路 公路 道路 线路 运行线路 公交线路 店 馆 商店 饭店 酒店 门店 广场 国际 中 外 中国 国家 家 乡 镇 大 小 号 出 一 二 三 四 五 六 七 八 九 十 两 几 多 第一 第二 第三 上 下 左 右 前 后 东 西 南 北`)

// stopBefore are words that end the name of a place when reading leftward
// from its ending: verbs and particles that come before a place in an
// appeal ("投诉丽发新城小区", "在学校旁").
var stopBefore = setOf(`投诉 反映 举报 请问 咨询 关于 建议 请求 要求 希望 恳请 强烈 严惩 质疑 询问 求助 请 问 为何 为什么 何时 如何 怎么 是否 能否 可否
	在 的 和 与 及 或 对 把 被 给 将 让 是 我 我们 位于 住在 地处 从 到 向 由 为 了 等 旁 边 近 附近 门口 对面 这 那 该 个 有 无 没
	市民 业主 居民 村民 家长 学生 职工 员工 老师 还 又 也 就 才 却 但 而 及其 以及 导致 造成 存在 出现 进行 开展 办理 申请 没有 不能 不 已 已经 仍 仍然
	一直 长期 经常 严重 违规 违法 非法 私自 擅自 强行 涉嫌 拖欠 整治 处理 解决 落实 支持 加快 尽快 何 谁 啥 个别 部分 所有 多 前往 去 来 回 至 往
	控诉 进入 其 楼下 楼上 隔壁 下 问题 克服 承诺 外迁 知道 公布 冻结 规划 其他 其它 一些 一处 一个 一家 比 会 开 建 修 新建 建设 改造 设立 增设 外围 栋 号 单元 室 楼
	困人 倒闭 跑路 拒退 退费 积水 倒灌 更换 增开 开通 督促 约谈 核查 讨要 表扬 感谢 点赞 乘坐 乘客 坐 使用 联系 部门 有人 住户 经营 占用 停水 停电 无证 关门 卷款
	乱收 乱收取 收取 讨薪 找过 找 跳 租住 属于 够上 昨天 今天 每天 暴雨后 雨后 下雨 打电话 问过 去过 路过 经过 走到 搬到 搬进 住进 入住 购买 买了 报名 就读 就诊 看病
	频繁 故障 老板 车库 老鼠 蚊虫 电梯 司机 楼道 消防 通道 路边 出口 摊贩 餐馆 顶楼 多收费 不管 绕路
	哪 哪些 哪个 哪家 哪里 什么 多少 几个 包括 包含 听说 据说 得知 看到 发现 听到`)

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
		ending := string(rs[i:end])
		start := -1
		// an ending right after a site that goes on is one name with it
		// (宝安中心区海滨广场 + 小区, 丽发新城 + 小区), however long
		for _, h := range hits {
			if h.end == i && h.level == levelSite && level == levelSite && (!h.final || ending == "城") && !ownedEndings[ending] {
				start = h.start
			}
			// a community is named after its street: 中英街社区
			if h.end == i && h.level == levelRoad && ending == "社区" && h.suffixStart-h.start >= 2 {
				start = h.start
			}
		}
		if start < 0 {
			start = nameStartN(rs, i, adminEnd, func(j int) bool {
				// a place ends at j: a wider place (街道, 路, 村) is its own
				// place and not part of the name after it
				for _, h := range hits {
					if h.end == j && (h.level < levelSite || h.level != level || h.final || ownedEndings[ending]) {
						// unless it is too short to be one (西乡碧海花园)
						return h.level >= levelSite || h.suffixStart-h.start >= 2 || h.end-h.suffixStart > 1
					}
				}
				return false
			}, maxRunesBefore(ending))
		}
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
		// a name never starts with the last character of an
		// administrative unit: 区中学 is the tail of one we did not
		// see, 市第二人民医院 the city's
		if strings.ContainsRune("省市区县", rs[h.start]) {
			if h.suffixStart-h.start < 3 {
				continue
			}
			h.start++
		}
		name := string(rs[h.start:h.end])
		core := string(rs[h.start:h.suffixStart])
		short := h.end-h.suffixStart == 1 && h.suffixStart-h.start < 2 // 网站, 开园: too short to be a name
		// a name needs two characters before its ending: 走高速, 买公寓,
		// 段路口 are things people do and parts of a road
		short = short || h.suffixStart-h.start < 2
		if core == "" || short || genericNames[core] || genericNames[name] || strings.HasSuffix(name, "政府") || onlyDigits(core) {
			continue
		}
		key := placeKey(name)
		if utf8.RuneCountInString(key) < 2 || genericNames[key] {
			continue
		}
		admin := adminBefore(rs, admins, h.start)
		if genericInstitutions[name] && admin == "" {
			continue // 人民医院 alone: which one?
		}
		if genericInstitutions[name] {
			// 南山区人民医院: the district's own
			unit := admins[len(admins)-1]
			for _, a := range admins {
				if a[1] == h.start {
					unit = a
				}
			}
			name = string(rs[unit[0]:h.end])
			admin = string([]rune(admin)[:len([]rune(admin))-(unit[1]-unit[0])])
			key = placeKey(name)
		}
		fs = append(fs, found{Place{Admin: admin, Name: name, Key: key, Level: h.level}, h.start, h.end})
	}

	// bus lines: 370路公交, 乘坐M429路: the line is what the appeal is
	// about, as specific as a site
	for i := 0; i < len(rs); i++ {
		a, b := busLineAt(rs, i)
		if b == 0 {
			continue
		}
		k := slices.IndexFunc(fs, func(f found) bool { return f.start < b && a < f.end })
		name := string(rs[a:b])
		p := found{Place{Name: name, Key: strings.ToLower(name), Level: levelSite}, a, b}
		if k >= 0 {
			fs[k] = p
		} else {
			fs = append(fs, p)
			slices.SortStableFunc(fs, func(x, y found) int { return x.start - y.start })
		}
		i = b
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
			a, b, cb := 0, 0, 0
			if n := lx.match(lower, i); n > 0 {
				a, b = i, i+n
			} else if ca, ce := caseAt(rs, i, adminEnd); ce > 0 {
				a, b, cb = ca, ce, ce
			}
			if b == 0 || covered(a, b) || strings.ContainsRune("省市区县", rs[a]) {
				continue
			}
			name := string(rs[a:b])
			learnt := cb == 0
			extra = append(extra, found{Place{Admin: adminBefore(rs, admins, a), Name: name, Key: placeKey(name), Level: levelSite, learnt: learnt}, a, b})
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

// busLineAt returns the span of a bus line at rs[i:] ("370路", "M429路"
// before 公交, 车, 线 or 巴士, or after 乘坐/坐), or 0, 0.
func busLineAt(rs []rune, i int) (int, int) {
	if i > 0 && (isASCIILetter(rs[i-1]) || isDigitRune(rs[i-1])) {
		return 0, 0
	}
	j := i
	if j < len(rs) && isASCIILetter(rs[j]) {
		j++
	}
	d := j
	for j < len(rs) && isDigitRune(rs[j]) {
		j++
	}
	if j == d || j-d > 4 || j >= len(rs) || rs[j] != '路' {
		return 0, 0
	}
	end := j + 1
	after := string(rs[end:min(len(rs), end+2)])
	if strings.HasPrefix(after, "公交") || strings.HasPrefix(after, "车") || strings.HasPrefix(after, "线") || strings.HasPrefix(after, "巴士") ||
		i >= 1 && rs[i-1] == '坐' {
		return i, end
	}
	return 0, 0
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
		if i > 0 && strings.ContainsRune(notBefore[s], rs[i-1]) {
			return 0, 0
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
	return nameStartN(rs, i, adminEnd, stopAt, maxNameRunes)
}

// nameStartN is nameStart with a limit of n characters.
func nameStartN(rs []rune, i int, adminEnd []bool, stopAt func(int) bool, n int) int {
	j := i
	long := n > maxNameRunes
	for j > 0 && i-j < n {
		if adminEnd[j] || stopAt(j) || !nameRune(rs[j-1]) {
			break
		}
		stop := stopWordEndsAt(rs, j)
		if stop && long && !strings.ContainsRune(companyStops, rs[j-1]) && !(j >= 2 && stopBefore[string(rs[j-2:j])]) && !(j >= 3 && stopBefore[string(rs[j-3:j])]) {
			stop = false // 建 in 建筑工程有限公司
		}
		if stop {
			// 坂田五和花园: a particle right before the ending, with a
			// name before it, is part of the name
			if i-j < 2 && particleInName(rs, j, adminEnd, stopAt) {
				j--
				continue
			}
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

// particleInName reports whether the one-character stop word that ends
// at rs[j] (a cut that would leave less than two characters before the
// ending) is part of the name: 国际会展中心, 坂田五和花园, 五和大道. It is
// when a name of two characters comes before it, or, for nameParticles,
// one character that starts a clause (after punctuation or a stop word).
func particleInName(rs []rune, j int, adminEnd []bool, stopAt func(int) bool) bool {
	if j < 2 || !stopBefore[string(rs[j-1])] || stopBefore[string(rs[j-2:j])] || j >= 3 && stopBefore[string(rs[j-3:j])] {
		return false
	}
	if !nameRune(rs[j-2]) || stopWordEndsAt(rs, j-1) || adminEnd[j-1] || stopAt(j-1) {
		return false
	}
	particle := strings.ContainsRune(nameParticles, rs[j-1])
	if !particle && !strings.ContainsRune(innerStops, rs[j-1]) {
		return false // 的, 该, 在…: never inside a name (本区管理的中学, 核实该工地)
	}
	if j >= 3 && nameRune(rs[j-3]) && !stopWordEndsAt(rs, j-2) && !adminEnd[j-2] && !stopAt(j-2) {
		return true
	}
	return particle && (j == 2 || !nameRune(rs[j-3]) || stopWordEndsAt(rs, j-2))
}

// innerStops are one-character stop words (verbs) that also make words
// inside names: 会展, 开元, 建设, 修文, 下沙, 多宝, 湖楼.
const innerStops = "会开建修下多比楼"

// nameParticles are one-character stop words that also occur inside
// names (坂田五和花园, 新与村): one of them ends a name only when what it
// leaves is a name of its own.
const nameParticles = "和与及"

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
		mayFollow := afterCity || i == 0 || (len(spans) > 0 && spans[len(spans)-1][1] == i) || !nameRune(rs[i-1]) || stopWordEndsAt(rs, i)
		if n := hanAdmin(rs, i, mayFollow); n > 0 {
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
		if stopBefore[string(w[:1])] || stopBefore[string(w[:2])] {
			break // 在福田区: 在 is no part of the district
		}
		if !allHan(w[:n-1]) || stopWordEndsAt(rs[i:i+n-1], n-1) && n-1 <= 2 {
			continue
		}
		switch w[n-1] {
		case '省':
			if i == 0 || !unicode.Is(unicode.Han, rs[i-1]) || unitMayFollow || stopWordEndsAt(rs, i) {
				return n
			}
		case '市', '县', '区':
			if i+n < len(rs) && w[n-1] == '市' && strings.ContainsRune("场民长委政级内", rs[i+n]) {
				continue // 农贸市场, 市民
			}
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
