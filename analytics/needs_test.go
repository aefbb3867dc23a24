package analytics

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/hotspots"
)

// needFixture: three people ask how to use the housing fund for rent in
// their own words (one of them twice, one reposting); three ask how to
// replace a lost residence permit; two ask about a driving licence (too
// few); a complaint with the same words as the first is no question; and
// a few unrelated questions.
func needFixture() []NeedDoc {
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, minyi.DefaultLocation)
	var docs []NeedDoc
	add := func(user, title, content string, typ minyi.AppealType) {
		n := len(docs)
		docs = append(docs, NeedDoc{Doc: hotspots.Doc{ID: fmt.Sprintf("SZ2026030100%04d", n), User: user, Title: title,
			Content: content, Time: base.Add(time.Duration(n) * time.Hour)}, Type: typ})
	}
	c := minyi.TypeConsult
	add("u1", "公积金怎么提取用来租房", "我在深圳租房，想问公积金怎么提取用来交房租。", c)
	add("u2", "租房可以提取住房公积金吗", "请问租房可以提取住房公积金吗？每个月能提多少？", c)
	add("p13800000003", "请问租房提取公积金需要什么材料", "您好，请问租房提取公积金需要准备什么材料？", c)
	add("p13800000003", "请问租房提取公积金需要什么材料", "您好，请问租房提取公积金需要准备什么材料？", c) // repost
	add("u1", "租房提取公积金每月额度是多少", "租房提取公积金每个月的额度是多少？", c)
	add("u4", "请问居住证丢了怎么补办", "居住证不小心丢了，请问怎么补办？", c)
	add("u5", "居住证遗失了怎么补办", "我的居住证遗失了，补办需要去哪里？", c)
	add("u6", "居住证丢失补办去哪里办理", "居住证丢失了，补办要去哪个窗口办理？", c)
	add("u7", "驾照到期了怎么换证", "驾照快到期了，怎么换证？", c)
	add("u8", "请问驾驶证过期换证去哪里办理", "驾驶证过期了换证去哪里？", c)
	add("u9", "公积金提取租房太难", "公积金提取租房的手续太难办。", minyi.TypeComplaint)
	add("u10", "请问学位申请的居住年限是怎么计算的", "孩子明年上小学，学位申请的居住年限怎么计算？", c)
	add("u11", "请问社区长者饭堂在哪里", "想给老人找个长者饭堂。", c)
	add("u12", "请问异地就医备案在哪里办理", "老家看病需要备案吗？", c)
	return docs
}

type fakeAnswerer map[string]float64 // a word in the question → the answer's score

func (f fakeAnswerer) BestAnswer(q string) (string, float64, bool) {
	for w, s := range f {
		if strings.Contains(q, w) {
			return w + "办事指南", s, true
		}
	}
	return "", 0, false
}

func TestLatentNeeds(t *testing.T) {
	docs := needFixture()
	needs := LatentNeeds(docs, nil, NeedOptions{})
	if len(needs) != 2 {
		for _, n := range needs {
			t.Logf("%+v", n)
		}
		t.Fatalf("%d needs, want 2 (公积金, 居住证)", len(needs))
	}
	fund, permit := needs[0], needs[1]
	if !strings.Contains(fund.Question, "公积金") || fund.People != 3 || fund.Count != 5 {
		t.Errorf("first need %+v, want the housing fund asked by 3 people in 5 consultations", fund)
	}
	if !slices.Contains(fund.Terms, "公积金") && !slices.Contains(fund.Terms, "住房公积金") || !slices.Contains(fund.Terms, "租房") {
		t.Errorf("fund terms %v", fund.Terms)
	}
	if slices.Contains(fund.Samples, docs[10].ID) {
		t.Error("a complaint counted as a question")
	}
	if fund.Samples[0] != docs[4].ID || fund.End != docs[4].Time || fund.Start != docs[0].Time {
		t.Errorf("samples %v, %v–%v: want newest first", fund.Samples, fund.Start, fund.End)
	}
	if !strings.Contains(permit.Question, "居住证") || permit.People != 3 || permit.Count != 3 {
		t.Errorf("second need %+v, want the residence permit asked by 3 people", permit)
	}
	for _, n := range needs {
		if n.Answered || n.Answer != "" {
			t.Errorf("%q answered without a catalogue", n.Question)
		}
		if strings.Contains(n.Question, "驾") {
			t.Errorf("driving licence asked by 2 people listed")
		}
	}

	// Deterministic whatever the order of the documents.
	rev := slices.Clone(docs)
	slices.Reverse(rev)
	if again := LatentNeeds(rev, nil, NeedOptions{}); fmt.Sprint(again) != fmt.Sprint(needs) {
		t.Errorf("order changes the result:\n%v\n%v", again, needs)
	}

	// With a catalogue: the residence permit has a good answer, the
	// housing fund only a weak one.
	needs = LatentNeeds(docs, fakeAnswerer{"居住证": 0.9, "公积金": 0.2}, NeedOptions{})
	for _, n := range needs {
		switch {
		case strings.Contains(n.Question, "居住证"):
			if !n.Answered || n.Answer != "居住证办事指南" || n.AnswerScore != 0.9 {
				t.Errorf("permit %+v: want answered by 居住证办事指南", n)
			}
		case strings.Contains(n.Question, "公积金"):
			if n.Answered || n.Answer != "公积金办事指南" {
				t.Errorf("fund %+v: want a weak answer, unanswered", n)
			}
		}
	}

	// Fewer than three people: nothing.
	if got := LatentNeeds(docs[5:7], nil, NeedOptions{}); len(got) != 0 {
		t.Errorf("two people make %v", got)
	}
	if got := LatentNeeds(nil, nil, NeedOptions{}); got != nil {
		t.Errorf("no documents make %v", got)
	}
}

// Needs are kept with each analysis and given to readers who see every
// appeal only.
func TestHotIssuesNeeds(t *testing.T) {
	h := &HotIssues{}
	if needs, s := h.Needs(minyi.Scope{All: true}, 0); needs != nil || s != nil {
		t.Fatal("needs before the first analysis")
	}
	h.snap = &Snapshot{Needs: LatentNeeds(needFixture(), nil, NeedOptions{})}
	if needs, _ := h.Needs(minyi.Scope{All: true}, 1); len(needs) != 1 {
		t.Errorf("top 1 gives %d", len(needs))
	}
	if needs, s := h.Needs(minyi.Scope{UnitID: 3}, 0); needs != nil || s == nil {
		t.Errorf("a unit gets %v", needs)
	}
}
