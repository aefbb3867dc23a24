package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"minyi"
)

// builderForm is the builder's form for a two-question survey whose first
// answer "不满意" jumps to the end.
func builderForm(op string) url.Values {
	return url.Values{
		"title": {"窗口服务回访"}, "open": {"1"}, "op": {op},
		"q0.kind": {"single"}, "q0.title": {"您对窗口服务满意吗？"}, "q0.required": {"1"},
		"q0.o0.label": {"满意"}, "q0.o0.next": {""}, "q0.o1.label": {"不满意"}, "q0.o1.next": {"end"},
		"q1.kind": {"scale"}, "q1.title": {"等候时间"}, "q1.required": {"1"},
	}
}

func TestSurveyBuilderPages(t *testing.T) {
	e := newWebEnv(t)
	sup := e.login("supervisor")
	mustContain(t, sup.get("/work/surveys").body, "满意度调查", "政务服务“好差评”", "新建问卷")
	mustContain(t, sup.get("/work/surveys/new").body, `name="q0.kind"`, "添加题目")

	// Buttons other than save change the form only.
	res := sup.post("/work/surveys/new", url.Values{"title": {"x"}, "op": {"addq"}, "newkind": {"nps"},
		"q0.kind": {"single"}, "q0.title": {"a"}, "q0.o0.label": {"是"}, "q0.o1.label": {"否"}})
	mustContain(t, res.body, `name="q1.kind"`, `<option value="nps" selected>`)
	res = sup.post("/work/surveys/new", url.Values{"title": {"x"}, "op": {"delopt:0:1"},
		"q0.kind": {"single"}, "q0.title": {"a"}, "q0.o0.label": {"是"}, "q0.o1.label": {"否"}})
	mustNotContain(t, res.body, `name="q0.o1.label"`)
	moved := builderForm("downq:0")
	moved.Set("q1.id", "wait")
	moved.Set("q0.o1.next", "wait")
	res = sup.post("/work/surveys/new", moved)
	// The scale now comes first; the choice's jump to it would go back, and
	// is caught on save.
	mustContain(t, res.body, `name="q0.title" maxlength="200" value="等候时间"`, `name="q1.o1.label" aria-label="选项 2" placeholder="选项 2" maxlength="100" value="不满意"`)
	moved.Set("op", "save")
	moved.Set("q0.kind", "scale")
	moved.Set("q0.title", "等候时间")
	moved.Set("q0.id", "wait")
	moved.Set("q1.kind", "single")
	moved.Set("q1.title", "您对窗口服务满意吗？")
	moved.Set("q1.required", "1")
	moved.Del("q0.o0.label")
	moved.Del("q0.o1.label")
	moved.Del("q0.o0.next")
	moved.Del("q0.o1.next")
	moved.Set("q1.o0.label", "满意")
	moved.Set("q1.o1.label", "不满意")
	moved.Set("q1.o1.next", "wait")
	moved.Del("q1.id")
	mustContain(t, sup.post("/work/surveys/new", moved).body, "只能跳转到后面的题目")
	if list, _ := e.db.ListSurveys(context.Background()); len(list) != 1 {
		t.Fatalf("a builder button stored a survey: %d", len(list))
	}

	// Errors show next to their fields and store nothing.
	bad := builderForm("save")
	bad.Set("q0.o1.label", "")
	bad.Set("title", "")
	res = sup.post("/work/surveys/new", bad)
	if res.status != http.StatusBadRequest {
		t.Fatalf("invalid survey: %d", res.status)
	}
	mustContain(t, res.body, "标题不能为空", "选项不能为空")

	res = sup.post("/work/surveys/new", builderForm("save"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	page := sup.get(res.location)
	mustContain(t, page.body, "问卷已保存", "窗口服务回访", "草稿", "结束问卷")
	id := strings.TrimPrefix(strings.Split(res.location, "?")[0], "/work/surveys/")
	mustContain(t, sup.get("/work/surveys/"+id+"/edit").body, `value="end" selected`)

	if r := sup.post("/work/surveys/"+id+"/act/publish", nil); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.status)
	}
	page = sup.get("/work/surveys/" + id)
	mustContain(t, page.body, "已发布", "/s/", "<svg", "批量生成邀请链接")
	if r := sup.get("/work/surveys/" + id + "/edit"); r.status != http.StatusSeeOther || !strings.Contains(r.location, "survey_frozen") {
		t.Fatalf("editing a published survey: %d %s", r.status, r.location)
	}
	if r := sup.post("/work/surveys/"+id+"/edit", builderForm("save")); r.status != http.StatusConflict {
		t.Fatalf("posting an edit of a published survey: %d", r.status)
	}
	r := sup.post("/work/surveys/"+id+"/tokens", url.Values{"count": {"3"}, "district": {"南山区"}, "group": {"窗口"}})
	if strings.Count(r.body, "?t=") != 3 {
		t.Fatalf("tokens: %s", r.body)
	}
	mustContain(t, r.body, "已发邀请 3 个，已填写 0 个")
	r = sup.post("/work/surveys/"+id+"/tokens", url.Values{"count": {"0"}})
	mustContain(t, r.body, "数量应为 1 到 5000")

	// Roles: a handler or citizen cannot build; an evaluator reads only.
	h := e.login("handlerA")
	for _, p := range []string{"/work/surveys", "/work/surveys/" + id, "/work/surveys/" + id + "/results", "/work/surveys/new"} {
		if r := h.get(p); r.status != http.StatusForbidden {
			t.Errorf("handler %s: %d", p, r.status)
		}
	}
	ev := e.login("evaluator")
	if r := ev.get("/work/surveys/" + id + "/results"); r.status != http.StatusOK {
		t.Fatalf("evaluator results: %d", r.status)
	}
	mustNotContain(t, ev.get("/work/surveys/"+id).body, "act/close", "新建问卷")
	if r := ev.post("/work/surveys/"+id+"/act/close", nil); r.status != http.StatusForbidden {
		t.Fatalf("evaluator closed: %d", r.status)
	}
	if r := ev.post("/work/surveys/new", builderForm("save")); r.status != http.StatusForbidden {
		t.Fatalf("evaluator built: %d", r.status)
	}
}

func TestSurveyPublicPage(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	sv := &minyi.Survey{Title: "窗口服务回访", Open: true, Questions: []minyi.Question{
		{ID: "ok", Kind: minyi.QSingle, Title: "满意吗？", Required: true, Options: []minyi.Option{{ID: "y", Label: "满意"}, {ID: "n", Label: "不满意", Next: "why"}}},
		{ID: "wait", Kind: minyi.QScale, Title: "等候时间", Required: true},
		{ID: "why", Kind: minyi.QText, Title: "原因", Required: true},
	}}
	if err := e.db.CreateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	anon := e.client()
	if r := anon.get("/s/" + sv.Code); r.status != http.StatusNotFound {
		t.Fatalf("a draft is public: %d", r.status)
	}
	if _, err := e.db.SetSurveyStatus(ctx, sv.ID, minyi.SurveyPublished); err != nil {
		t.Fatal(err)
	}
	form := anon.get("/s/" + sv.Code + "?d=南山区")
	mustContain(t, form.body, `data-next="why"`, `name="a.wait"`, `name="d" value="南山区"`, "survey.")
	mustNotContain(t, form.body, " required")

	// Without JavaScript the skipped scale is sent too: it is ignored,
	// while the required text on the path is asked for.
	r := anon.post("/s/"+sv.Code, url.Values{"a.ok": {"n"}, "a.wait": {"9"}, "d": {"南山区"}})
	if r.status != http.StatusBadRequest {
		t.Fatalf("missing text: %d", r.status)
	}
	mustContain(t, r.body, "此题必答", `value="n" data-next="why" checked`)
	r = anon.post("/s/"+sv.Code, url.Values{"a.ok": {"n"}, "a.wait": {"9"}, "a.why": {"排队太久"}, "d": {"南山区"}})
	mustContain(t, r.body, "提交成功")
	again := anon.post("/s/"+sv.Code, url.Values{"a.ok": {"y"}, "a.wait": {"5"}})
	if again.status != http.StatusConflict {
		t.Fatalf("second answer: %d", again.status)
	}
	mustContain(t, again.body, "已经填写过")
	mustContain(t, anon.get("/s/"+sv.Code).body, "已经填写过")
	list, _ := e.db.SurveyResponses(ctx, sv.ID)
	if len(list) != 1 || list[0].District != "南山区" || list[0].Answers["why"].Text != "排队太久" {
		t.Fatalf("responses: %+v", list)
	}
	if _, ok := list[0].Answers["wait"]; ok {
		t.Fatal("a skipped answer was kept")
	}

	// Another browser answers too; the results page counts both.
	other := e.client()
	mustContain(t, other.post("/s/"+sv.Code, url.Values{"a.ok": {"y"}, "a.wait": {"4"}, "a.why": {"很快"}}).body, "提交成功")
	res := e.login("supervisor").get(fmt.Sprintf("/work/surveys/%d/results", sv.ID))
	mustContain(t, res.body, "共收到答卷 2 份", "排队太久", "按区交叉分析", "南山区", "chart-0", "survey_results.")

	if _, err := e.db.SetSurveyStatus(ctx, sv.ID, minyi.SurveyClosed); err != nil {
		t.Fatal(err)
	}
	mustContain(t, e.client().get("/s/"+sv.Code).body, "已结束收集")
	if r := e.client().post("/s/"+sv.Code, url.Values{"a.ok": {"y"}, "a.wait": {"4"}}); r.status != http.StatusConflict {
		t.Fatalf("answer after close: %d", r.status)
	}
}

// The results page in English, and the built-in 好差评 with its NPS-free
// scales.
func TestSurveyResultsEnglish(t *testing.T) {
	e := newWebEnv(t)
	sv, err := e.db.FindSurveyByCode(context.Background(), minyi.HaochapingCode)
	if err != nil {
		t.Fatal(err)
	}
	c := e.login("evaluator")
	c.post("/prefs", url.Values{"lang": {"en"}})
	mustContain(t, c.get(fmt.Sprintf("/work/surveys/%d/results", sv.ID)).body, "0 responses", "5-point scale", "Written answers")
	mustContain(t, c.get(fmt.Sprintf("/work/surveys/%d", sv.ID)).body, "Published", "Results", "QR code")
	s := e.login("supervisor")
	s.post("/prefs", url.Values{"lang": {"en"}})
	mustContain(t, s.get("/work/surveys/new").body, "New survey", "Add question", "Single choice", "go on to the next question")
	anon := e.client()
	anon.post("/prefs", url.Values{"lang": {"en"}})
	mustContain(t, anon.get("/s/"+sv.Code).body, "(required)", "Submit")

	// Behind a TLS proxy the link and its QR code read https.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+fmt.Sprintf("/work/surveys/%d", sv.ID), nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	mustContain(t, s.do(req).body, "https://"+strings.TrimPrefix(e.srv.URL, "http://")+"/s/haochaping")
}
