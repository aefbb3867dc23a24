package replies

import (
	"strings"
	"testing"
	"time"
)

func scorer(t *testing.T) *Scorer {
	t.Helper()
	sc, err := NewScorer(nil)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

const appealNoise = "福田区香蜜湖街道东海花园小区旁边的工地每天晚上十一点以后还在施工，噪音很大，严重影响休息。" +
	"请问夜间施工是否办理了夜间施工许可？什么时候能停止夜间施工？"

func TestSubstanceDropsBoilerplate(t *testing.T) {
	for _, s := range []string{
		"网友“UU0081234”您好！您的留言已收悉。感谢您对我们工作的支持！此复。2019年5月9日",
		"您好！感谢您对我们工作的理解和支持，祝您生活愉快！特此回复。",
		"网友：你好！2018年12月4日",
	} {
		if got := Substance(s); got != "" {
			t.Errorf("Substance(%q) = %q, want nothing", s, got)
		}
	}
	if got := Substance("网友“UU008249”您好！经查，该工地已于2019年5月10日停止夜间施工。此复。"); got != "经查，该工地已于2019年5月10日停止夜间施工" {
		t.Errorf("substance = %q", got)
	}
}

func TestScoreTable(t *testing.T) {
	sc := scorer(t)
	recv := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday
	good := "网友您好！经查，东海花园小区旁工地由深圳市某建设工程有限公司施工，未办理夜间施工许可。" +
		"根据《中华人民共和国噪声污染防治法》第四十三条，我局已责令其停止夜间施工，并对其罚款2万元；" +
		"区城管执法队将于3月20日前每晚现场核查。如夜间施工再次出现，请拨打联系电话0755-83001234。感谢您的支持！"
	cases := []struct {
		name  string
		reply string
		check func(t *testing.T, s Score)
	}{
		{"greetings only", "网友“UU0081234”您好！您的留言已收悉。感谢您对我们工作的支持与理解！此复。", func(t *testing.T, s Score) {
			if s.Explainability > 0.05 || s.Relevance > 0 || s.Completeness > 0 {
				t.Errorf("greetings only: %+v", s)
			}
			if s.Overall > 0.2 {
				t.Errorf("overall %.3f for greetings only", s.Overall)
			}
		}},
		{"basis action contact", good, func(t *testing.T, s Score) {
			if s.Explainability < 0.85 {
				t.Errorf("explainability %.3f, want ≥ 0.85: %+v", s.Explainability, s.Reasons.Explanation)
			}
			e := s.Reasons.Explanation
			if len(e.Basis) == 0 || !strings.Contains(e.Basis[0], "噪声污染防治法") {
				t.Errorf("basis not found: %v", e.Basis)
			}
			if len(e.Contacts) == 0 || len(e.Actions) < 3 {
				t.Errorf("cues: %+v", e)
			}
			if s.Completeness != 1 {
				t.Errorf("completeness %.3f, questions %+v", s.Completeness, s.Reasons.Questions)
			}
			if s.Relevance < 0.6 {
				t.Errorf("relevance %.3f: %+v", s.Relevance, s.Reasons.Relevance)
			}
		}},
		{"forwarding only", "您好，您反映的问题已转交相关部门调查处理。", func(t *testing.T, s Score) {
			if !s.Reasons.Explanation.ForwardOnly || s.Explainability > 0.3 {
				t.Errorf("forwarding: %.3f %+v", s.Explainability, s.Reasons.Explanation)
			}
		}},
		{"one question unanswered", "经查，东海花园小区旁工地已办理夜间施工许可，许可编号2026-015，施工单位按许可时段作业。", func(t *testing.T, s Score) {
			if s.Completeness != 0.5 {
				t.Errorf("completeness %.3f, want 0.5: %+v", s.Completeness, s.Reasons.Questions)
			}
			if un := s.Reasons.Unanswered(); len(un) != 1 || !strings.Contains(un[0], "什么时候") {
				t.Errorf("unanswered = %q", un)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := sc.Score(Input{ID: "1", Title: "东海花园旁工地夜间施工噪音扰民", Content: appealNoise, Received: recv,
				Reply: c.reply, Replied: recv.AddDate(0, 0, 3)})
			for _, x := range []float64{s.Timeliness, s.Relevance, s.Completeness, s.Explainability, s.Overall} {
				if x < 0 || x > 1 {
					t.Fatalf("score out of [0,1]: %+v", s)
				}
			}
			c.check(t, s)
		})
	}
}

func TestTimeliness(t *testing.T) {
	recv := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // Monday
	cases := []struct {
		replied  time.Time
		due      time.Time
		min, max float64
		late     bool
	}{
		{recv.Add(2 * time.Hour), time.Time{}, 1, 1, false},
		{recv.AddDate(0, 0, 21), time.Time{}, 0.59, 0.61, false}, // 15 working days: at the deadline
		{recv.AddDate(0, 0, 42), time.Time{}, 0.2, 0.23, true},   // 30 working days
		{recv.AddDate(0, 0, 7), recv.AddDate(0, 0, 4), 0, 0.59, true},
	}
	for i, c := range cases {
		got, tm := timeliness(nil, recv, c.replied, c.due)
		if got < c.min || got > c.max || tm.Late != c.late {
			t.Errorf("case %d: %.3f %+v, want [%.2f, %.2f] late=%v", i, got, tm, c.min, c.max, c.late)
		}
	}
	if got, tm := timeliness(nil, time.Time{}, recv, time.Time{}); got != 0.5 || tm.Known {
		t.Errorf("unknown times: %.3f %+v", got, tm)
	}
}

func TestQuestions(t *testing.T) {
	qs := Questions("小区门口的路灯坏了三个月。一是路灯什么时候修好，二是物业费为什么上涨；1.垃圾清运不及时 2.停车收费不合理。谢谢")
	if len(qs) < 3 {
		t.Fatalf("questions = %q", qs)
	}
	for _, q := range qs {
		if strings.Contains(q, "谢谢") {
			t.Errorf("thanks taken for a question: %q", qs)
		}
	}
}

func TestUnitName(t *testing.T) {
	for in, want := range map[string]string{
		"我局已安排区路灯管理所": "区路灯管理所",
		"我局已安排路灯管理所":  "路灯管理所",
		"深圳市交通运输局":    "深圳市交通运输局",
		"督促物业公司":      "物业公司",
	} {
		if got := unitName(in); got != want {
			t.Errorf("unitName(%q) = %q, want %q", in, got, want)
		}
	}
}
