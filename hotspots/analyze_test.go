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

func TestFarApartEpisodesSeparate(t *testing.T) {
	rows := [][3]string{
		{"翠湖湾小区工地夜间施工扰民", "翠湖湾小区旁工地夜间施工，噪音很大。", "0"},
		{"翠湖湾小区工地晚上施工噪音", "翠湖湾小区工地晚上打桩施工，噪音扰民。", "3"},
		{"翠湖湾小区工地夜间施工扰民", "翠湖湾小区旁工地又开始夜间施工，噪音很大。", "200"},
		{"翠湖湾小区工地晚上施工噪音大", "翠湖湾小区工地晚上施工，吵得睡不着。", "204"},
	}
	issues := Analyze(fixture(rows), Options{})
	if len(issues) != 2 || groupOf(issues, "d00") == groupOf(issues, "d02") {
		t.Errorf("issues = %+v, want two episodes", issues)
	}
	if issues[0].IDs[0] != "d02" {
		t.Errorf("the recent episode should be hotter: %+v", issues)
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
