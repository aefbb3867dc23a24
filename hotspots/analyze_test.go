package hotspots

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var day0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// fixture builds appeals from (title, content, day) rows, one user each
// unless the title repeats a user with "@user".
func fixture(rows [][3]string) []Doc {
	docs := make([]Doc, len(rows))
	for i, r := range rows {
		var d int
		fmt.Sscan(r[2], &d)
		title, user, _ := strings.Cut(r[0], "@")
		if user == "" {
			user = fmt.Sprintf("u%d", i)
		}
		docs[i] = Doc{ID: fmt.Sprintf("d%02d", i), User: user, Title: title, Content: r[1], Time: day0.AddDate(0, 0, d)}
	}
	return docs
}

// groupOf returns the index of the issue holding id, or -1.
func groupOf(issues []Issue, id string) int {
	for i, is := range issues {
		if slices.Contains(is.IDs, id) {
			return i
		}
	}
	return -1
}

var fumes = [][3]string{
	{"B5区星河之城小区底层餐馆油烟扰民", "星河之城小区一楼的餐馆每天油烟直排，家里窗户都不敢开，请环保部门处理。", "0"},
	{"星河之城小区临街门面油烟直排", "我家住星河之城小区，楼下临街门面开了烧烤店，油烟直排到楼上。", "5"},
	{"B市星河之城商铺油烟扰民严重", "星河之城底层商铺没有排烟管道，油烟味弥漫整个小区，影响居民健康。", "12"},
	{"投诉星河之城小区烧烤夜宵摊油烟噪音", "星河之城小区楼下夜宵摊营业到凌晨，油烟和噪音让人无法休息。", "20"},
	{"B5区星河之城小区餐饮店油烟污染", "星河之城小区的餐饮店油烟污染严重，多次反映无果。", "26"},
}

func TestSamePlaceSameProblemGrouped(t *testing.T) {
	issues := Analyze(fixture(fumes), Options{})
	if len(issues) != 1 || issues[0].Count != 5 || issues[0].People != 5 {
		t.Fatalf("issues = %+v, want one of 5 appeals", issues)
	}
	is := issues[0]
	if !strings.Contains(is.Place, "星河之城") || !strings.Contains(is.Label, "油烟") {
		t.Errorf("place %q label %q", is.Place, is.Label)
	}
	if !is.Start.Equal(day0) || !is.End.Equal(day0.AddDate(0, 0, 26)) {
		t.Errorf("period %v..%v", is.Start, is.End)
	}
}

func TestSamePlaceDifferentProblemsSeparate(t *testing.T) {
	rows := append(slices.Clone(fumes),
		[3]string{"星河之城小区房屋楼板开裂", "星河之城小区多栋房屋楼板和墙面开裂，开发商拒不维修，存在安全隐患。", "3"},
		[3]string{"B市星河之城墙面开裂严重", "星河之城近百户房屋墙面开裂，楼板也有裂缝，请住建部门督促开发商维修。", "9"},
		[3]string{"星河之城小区楼板墙体开裂无人管", "我们星河之城小区的楼板墙体开裂问题反映多次，开发商一直推诿。", "15"},
	)
	issues := Analyze(fixture(rows), Options{})
	f, c := groupOf(issues, "d00"), groupOf(issues, "d05")
	if f < 0 || c < 0 || f == c {
		t.Fatalf("fumes in %d, cracks in %d: %+v", f, c, issues)
	}
	if issues[f].Count != 5 || issues[c].Count != 3 {
		t.Errorf("counts %d and %d, want 5 and 3", issues[f].Count, issues[c].Count)
	}
}

func TestSameProblemDifferentPlacesSeparate(t *testing.T) {
	rows := [][3]string{
		{"B5区星河之城小区餐馆油烟扰民", "星河之城小区楼下餐馆油烟直排，请处理。", "0"},
		{"星河之城小区餐馆油烟直排扰民", "星河之城小区一楼餐馆油烟很大，请环保部门处理。", "4"},
		{"B2区青松花园小区餐馆油烟扰民", "青松花园小区楼下餐馆油烟直排，请处理。", "1"},
		{"青松花园小区餐馆油烟直排扰民", "青松花园小区一楼餐馆油烟很大，请环保部门处理。", "6"},
	}
	issues := Analyze(fixture(rows), Options{})
	a, b := groupOf(issues, "d00"), groupOf(issues, "d02")
	if a < 0 || b < 0 || a == b {
		t.Fatalf("星河之城 in %d, 青松花园 in %d: %+v", a, b, issues)
	}
	if groupOf(issues, "d01") != a || groupOf(issues, "d03") != b {
		t.Errorf("issues = %+v", issues)
	}
}

func TestRepostsCollapse(t *testing.T) {
	text := "翠湖湾小区旁边的工地每天晚上十一点以后还在施工，打桩声音很大，附近居民根本无法休息，请尽快查处。"
	rows := [][3]string{
		{"翠湖湾小区工地夜间施工扰民@a", text, "0"},
		{"翠湖湾小区工地夜间施工扰民！@a", text + "！", "1"},
		{"翠湖湾小区工地夜间施工扰民@a", text, "2"},
		{"翠湖湾小区工地半夜施工噪音@b", "翠湖湾小区边上工地半夜打桩，噪音扰民，孩子没法睡觉。", "3"},
	}
	issues := Analyze(fixture(rows), Options{})
	if len(issues) != 1 {
		t.Fatalf("issues = %+v", issues)
	}
	if is := issues[0]; is.Count != 4 || is.People != 2 {
		t.Errorf("count %d people %d, want 4 and 2", is.Count, is.People)
	}
	// one person reposting alone is not a hot issue
	if got := Analyze(fixture(rows[:3]), Options{}); len(got) != 0 {
		t.Errorf("reposts of one person = %+v", got)
	}
}

// TestEpisodesMerge: one problem at one site that comes back after
// months of silence is one issue with two episodes.
func TestEpisodesMerge(t *testing.T) {
	rows := [][3]string{
		{"翠湖湾小区工地夜间施工扰民", "翠湖湾小区旁工地夜间施工，噪音很大。", "0"},
		{"翠湖湾小区工地晚上施工噪音", "翠湖湾小区工地晚上打桩施工，噪音扰民。", "3"},
		{"翠湖湾小区工地夜间施工扰民", "翠湖湾小区旁工地又开始夜间施工，噪音很大。", "200"},
		{"翠湖湾小区工地晚上施工噪音大", "翠湖湾小区工地晚上施工，吵得睡不着。", "204"},
	}
	issues := Analyze(fixture(rows), Options{})
	if len(issues) != 1 || issues[0].Count != 4 {
		t.Fatalf("issues = %+v, want one of two episodes", issues)
	}
	is := issues[0]
	if is.Episodes != 2 || is.ActiveDays != 7 || !is.Start.Equal(day0) || !is.End.Equal(day0.AddDate(0, 0, 204)) {
		t.Errorf("episodes %d, active days %v, %v..%v", is.Episodes, is.ActiveDays, is.Start, is.End)
	}
	// concentration counts the active days, not the silence between
	one := is
	one.Episodes, one.ActiveDays = 1, 0
	if Heat(is, is.End) <= Heat(one, is.End) {
		t.Errorf("heat with episodes %.2f ≤ over the whole span %.2f", Heat(is, is.End), Heat(one, is.End))
	}
}

// TestCollegeEpisodesMerge: a school's yearly practice reported in two
// years (named without a place ending in some titles) is one issue, and
// another problem of the same school is not part of it.
func TestCollegeEpisodesMerge(t *testing.T) {
	rows := [][3]string{
		{"B市星海职业学院强制学生外出实习", "星海职业学院强制学生去外地工厂实习，不去不给毕业证。", "0"},
		{"B市星海职业学院变相强制实习", "学校要求学生必须参加外出实习，否则扣学分，这是变相强制实习。", "4"},
		{"B市星海职业学院强制学生实习", "星海职业学院又组织学生外出实习，强制学生参加。", "300"},
		{"星海职业学院组织学生外出实习合理吗", "星海职业学院寒假组织学生去工厂实习，强制学生参加合理吗？", "305"},
		{"B市星海职业学院食堂饭菜价格太贵", "星海职业学院食堂饭菜价格比外面还贵，分量还少。", "302"},
	}
	issues := Analyze(fixture(rows), Options{})
	g := groupOf(issues, "d00")
	if g < 0 || groupOf(issues, "d03") != g || groupOf(issues, "d02") != g {
		t.Fatalf("internship appeals split: %+v", issues)
	}
	if groupOf(issues, "d04") == g {
		t.Errorf("canteen prices joined the internships: %+v", issues[g])
	}
	if is := issues[g]; is.Episodes != 2 || !strings.Contains(is.Label, "实习") {
		t.Errorf("issue %+v", is)
	}
}

// TestOrganisationSubjects: appeals about a case and a brand without a
// place ending group by that name, across gaps too.
func TestOrganisationSubjects(t *testing.T) {
	rows := [][3]string{
		{"B市99车贷案件立案半年毫无进展", "99车贷平台恶性退出，受害人众多，立案半年没有任何通报。", "0"},
		{"请问B市99车贷案件何时公布进展", "99车贷案件的受害人想知道案件进展。", "6"},
		{"严惩B市99车贷集资诈骗保护伞", "99车贷老板跑路，请严惩保护伞，追回受害人的钱。", "12"},
		{"恳请B3区经侦公正办理99车贷案件", "我们99车贷的受害人恳请经侦部门公正办理。", "120"},
		{"B市云栖万象房屋墙面开裂", "云栖万象交房不到一年，多户墙面开裂，开发商不管。", "30"},
		{"B2区云栖万象交房后渗水严重", "云栖万象房屋渗水，墙面开裂，质量堪忧。", "33"},
		{"B市云栖万象房屋质量问题", "云栖万象的房屋质量问题很多，墙体开裂渗水。", "36"},
		{"B市东湖小区路灯不亮", "东湖小区路灯坏了一个月。", "2"},
	}
	docs := fixture(rows)
	docs[2].Support = 800
	if s := Subjects(docs); !slices.Contains(s, "云栖万象") {
		t.Errorf("Subjects = %q, want 云栖万象", s)
	}
	issues := Analyze(docs, Options{})
	c := groupOf(issues, "d00")
	if c < 0 || groupOf(issues, "d01") != c || groupOf(issues, "d02") != c || groupOf(issues, "d03") != c {
		t.Fatalf("case split: %+v", issues)
	}
	if is := issues[c]; is.Place != "B市99车贷" || is.Support != 800 || is.Episodes != 2 || c != 0 {
		t.Errorf("case issue %+v at rank %d", is, c+1)
	}
	b := groupOf(issues, "d04")
	if b < 0 || groupOf(issues, "d05") != b || groupOf(issues, "d06") != b || !strings.Contains(issues[b].Place, "云栖万象") {
		t.Errorf("brand split or unnamed: %+v", issues)
	}
}

// TestLabelsReadable: the problem part of a label is a phrase the
// titles say, without opening or closing words.
func TestLabelsReadable(t *testing.T) {
	rows := [][3]string{
		{"关于B5区金桂花园小区电梯经常故障的问题", "金桂花园小区电梯经常故障，困人好几次。", "0"},
		{"反映金桂花园小区电梯经常故障", "金桂花园电梯三天两头坏，物业不修。", "2"},
		{"请问B市金桂花园电梯经常故障怎么办？", "金桂花园小区的电梯经常故障，老人上下楼很难。", "5"},
		{"金桂花园小区电梯故障困人", "金桂花园小区电梯故障，昨天又困人了。", "7"},
	}
	issues := Analyze(fixture(rows), Options{})
	if len(issues) != 1 {
		t.Fatalf("issues = %+v", issues)
	}
	l := issues[0].Label
	place, phrase, _ := strings.Cut(l, " ")
	if !strings.Contains(place, "金桂花园") || phrase != "电梯经常故障" {
		t.Errorf("label %q, want 金桂花园… 电梯经常故障", l)
	}
	for _, w := range []string{"关于", "反映", "请问", "问题", "怎么办", "B5区", "B市"} {
		if strings.Contains(phrase, w) {
			t.Errorf("label %q holds %q", l, w)
		}
	}
}

// TestPopularSingleAppeal: one person's appeal counts when many people
// support it, and not otherwise.
func TestPopularSingleAppeal(t *testing.T) {
	docs := fixture([][3]string{{"B市银湖湾配套小学入学难", "银湖湾小区配套小学不让业主子女入学。", "0"}})
	docs[0].Support = 50
	if got := Analyze(docs, Options{}); len(got) != 0 {
		t.Errorf("50 supporters: %+v", got)
	}
	docs[0].Support = 1500
	got := Analyze(docs, Options{})
	if len(got) != 1 || got[0].People != 1 || !strings.Contains(got[0].Place, "银湖湾") {
		t.Errorf("1500 supporters: %+v", got)
	}
	if got := Analyze(docs, Options{MinSupport: -1}); len(got) != 0 {
		t.Errorf("MinSupport off: %+v", got)
	}
}

func TestHeatOrdering(t *testing.T) {
	end := day0.AddDate(0, 0, 100)
	base := Issue{Count: 5, People: 5, Start: end.AddDate(0, 0, -10), End: end}
	more := base
	more.People, more.Count = 10, 10
	liked := base
	liked.Support = 500
	old := base
	old.Start, old.End = base.Start.AddDate(0, 0, -200), base.End.AddDate(0, 0, -200)
	spread := base
	spread.Start = end.AddDate(0, 0, -300)
	reposts := base
	reposts.Count = 50
	h := func(is Issue) float64 { return Heat(is, end) }
	for _, c := range []struct {
		name        string
		hot, colder Issue
	}{
		{"more people", more, base},
		{"support", liked, base},
		{"recency", base, old},
		{"concentration", base, spread},
		{"reposts add little", more, reposts},
	} {
		if h(c.hot) <= h(c.colder) {
			t.Errorf("%s: %.2f ≤ %.2f", c.name, h(c.hot), h(c.colder))
		}
	}
	if h(reposts) <= h(base) {
		t.Error("reposts add nothing")
	}
}

func TestAnalyzeDeterministic(t *testing.T) {
	docs := fixture(append(slices.Clone(fumes), [3]string{"翠湖湾小区工地夜间施工扰民", "翠湖湾小区旁工地夜间施工，噪音很大。", "1"},
		[3]string{"翠湖湾小区工地晚上施工噪音", "翠湖湾小区工地晚上打桩施工，噪音扰民。", "3"}))
	a := fmt.Sprintf("%+v", Analyze(docs, Options{Workers: 1}))
	for range 3 {
		if b := fmt.Sprintf("%+v", Analyze(docs, Options{Workers: 4})); a != b {
			t.Fatalf("results differ:\n%s\n%s", a, b)
		}
	}
	if Analyze(nil, Options{}) != nil {
		t.Error("no documents, some issues")
	}
}
