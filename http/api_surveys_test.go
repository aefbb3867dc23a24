package http_test

import (
	"bytes"
	"context"
	"encoding/csv"
	nethttp "net/http"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

// surveyBody is a survey with a jump: "no" on the first question skips
// the scale.
func surveyBody() map[string]any {
	return map[string]any{
		"title": "路灯维修回访", "open": true,
		"questions": []map[string]any{
			{"id": "solved", "kind": "single", "title": "问题解决了吗？", "required": true, "options": []map[string]any{
				{"id": "y", "label": "已解决"}, {"id": "n", "label": "未解决", "next": "note"}}},
			{"id": "speed", "kind": "scale", "title": "办理速度", "required": true},
			{"id": "nps", "kind": "nps", "title": "推荐意愿"},
			{"id": "note", "kind": "text", "title": "意见建议"},
		},
	}
}

func TestSurveyAPIRoles(t *testing.T) {
	f := newFixture(t)
	for _, who := range roleNames {
		list := f.call(who, "GET", "/api/v1/surveys", nil)
		create := f.call(who, "POST", "/api/v1/surveys", surveyBody())
		switch who {
		case "supervisor", "admin":
			if list.Status != 200 || create.Status != 201 {
				t.Fatalf("%s: list %d create %d %s", who, list.Status, create.Status, create.Raw)
			}
		case "evaluator":
			if list.Status != 200 || create.Status != 403 {
				t.Fatalf("%s: list %d create %d", who, list.Status, create.Status)
			}
		case "anonymous":
			if list.Status != 401 || create.Status != 401 {
				t.Fatalf("%s: list %d create %d", who, list.Status, create.Status)
			}
		default:
			if list.Status != 403 || create.Status != 403 {
				t.Fatalf("%s: list %d create %d", who, list.Status, create.Status)
			}
		}
	}
	builtin, err := f.db.FindSurveyByCode(context.Background(), minyi.HaochapingCode)
	f.mustDo(err)
	path := "/api/v1/surveys/" + idText(builtin.ID) + "/results"
	for who, want := range map[string]int{"evaluator": 200, "supervisor": 200, "handlerA": 403, "citizen": 403, "leader": 403, "anonymous": 401} {
		if r := f.call(who, "GET", path, nil); r.Status != want {
			t.Errorf("%s results: %d, want %d", who, r.Status, want)
		}
		if r := f.call(who, "GET", "/api/v1/surveys/"+idText(builtin.ID)+"/responses.csv", nil); r.Status != want {
			t.Errorf("%s csv: %d, want %d", who, r.Status, want)
		}
	}
	if r := f.call("evaluator", "POST", "/api/v1/surveys/"+idText(builtin.ID)+"/close", nil); r.Status != 403 {
		t.Fatalf("evaluator closed a survey: %d", r.Status)
	}
}

func TestSurveyAPILifecycle(t *testing.T) {
	f := newFixture(t)
	bad := surveyBody()
	bad["questions"].([]map[string]any)[0]["options"] = []map[string]any{{"label": "唯一选项"}}
	r := f.call("supervisor", "POST", "/api/v1/surveys", bad)
	if r.Status != 400 || r.errorField("questions.0.options") == "" {
		t.Fatalf("one option: %d %s", r.Status, r.Raw)
	}
	loop := surveyBody()
	loop["questions"].([]map[string]any)[0]["options"].([]map[string]any)[1]["next"] = "solved"
	if r := f.call("supervisor", "POST", "/api/v1/surveys", loop); r.errorField("questions.0.options.1.next") == "" {
		t.Fatalf("loop: %d %s", r.Status, r.Raw)
	}

	r = f.call("supervisor", "POST", "/api/v1/surveys", surveyBody())
	id := idText(int64(r.Body["id"].(float64)))
	code := r.Body["code"].(string)
	if pub := f.call("anonymous", "GET", "/api/v1/s/"+code, nil); pub.Status != 404 {
		t.Fatalf("a draft is public: %d", pub.Status)
	}
	if r := f.call("supervisor", "POST", "/api/v1/surveys/"+id+"/publish", nil); r.Status != 200 || r.Body["status"] != "published" {
		t.Fatalf("publish: %d %s", r.Status, r.Raw)
	}
	edit := surveyBody()
	edit["questions"].([]map[string]any)[1]["title"] = "办理时长"
	if r := f.call("supervisor", "PUT", "/api/v1/surveys/"+id, edit); r.Status != 409 {
		t.Fatalf("editing a published survey's questions: %d %s", r.Status, r.Raw)
	}
	if r := f.call("supervisor", "PUT", "/api/v1/surveys/"+id, map[string]any{"title": "路灯维修回访（2026）"}); r.Status != 200 || r.Body["title"] != "路灯维修回访（2026）" {
		t.Fatalf("retitling a published survey: %d %s", r.Status, r.Raw)
	}
	if r := f.call("supervisor", "POST", "/api/v1/surveys/"+id+"/copy", nil); r.Status != 201 || r.Body["status"] != "draft" {
		t.Fatalf("copy: %d %s", r.Status, r.Raw)
	}

	a := f.newAppeal()
	r = f.call("supervisor", "POST", "/api/v1/surveys/"+id+"/tokens", map[string]any{"appeals": []string{a.TrackingNo}})
	if r.Status != 201 || len(r.list("tokens")) != 1 {
		t.Fatalf("tokens: %d %s", r.Status, r.Raw)
	}
	tok := r.list("tokens")[0].(map[string]any)
	if tok["district"] != "福田区" || tok["group"] != "投诉" || !strings.Contains(tok["link"].(string), "/s/"+code+"?t=") {
		t.Fatalf("token: %v", tok)
	}
	more := f.call("admin", "POST", "/api/v1/surveys/"+id+"/tokens", map[string]any{"count": 2, "district": "南山区", "group": "窗口"})
	if len(more.list("tokens")) != 2 {
		t.Fatalf("batch: %s", more.Raw)
	}
	if r := f.call("admin", "POST", "/api/v1/surveys/"+id+"/tokens", map[string]any{"count": 0}); r.errorField("count") == "" {
		t.Fatalf("empty batch: %s", r.Raw)
	}

	answer := map[string]any{"token": tok["token"], "answers": map[string]any{
		"solved": map[string]any{"option": "y"}, "speed": map[string]any{"value": 4}, "nps": map[string]any{"value": 9},
		"note": map[string]any{"text": "工作人员王建国很负责，我的电话13912345678"}}}
	if r := f.call("anonymous", "POST", "/api/v1/s/"+code+"/responses", answer); r.Status != 201 {
		t.Fatalf("respond: %d %s", r.Status, r.Raw)
	}
	again := f.call("anonymous", "POST", "/api/v1/s/"+code+"/responses", answer)
	if again.Status != 409 || !strings.Contains(again.object("error")["message"].(string), "已经填写过") {
		t.Fatalf("second answer: %d %s", again.Status, again.Raw)
	}
	if pub := f.call("anonymous", "GET", "/api/v1/s/"+code+"?t="+tok["token"].(string), nil); pub.Body["answered"] != true {
		t.Fatalf("public view of a used invitation: %s", pub.Raw)
	}
	// An open answer: "n" jumps past the scale, which need not be given.
	open := map[string]any{"district": "罗湖区", "answers": map[string]any{"solved": map[string]any{"option": "n"}, "speed": map[string]any{"value": 1}}}
	if r := f.call("anonymous", "POST", "/api/v1/s/"+code+"/responses", open); r.Status != 201 {
		t.Fatalf("open respond: %d %s", r.Status, r.Raw)
	}
	missing := map[string]any{"answers": map[string]any{"solved": map[string]any{"option": "y"}}}
	if r := f.call("anonymous", "POST", "/api/v1/s/"+code+"/responses", missing); r.Status != 400 || r.errorField("speed") == "" {
		t.Fatalf("missing required: %d %s", r.Status, r.Raw)
	}

	got := f.call("evaluator", "GET", "/api/v1/surveys/"+id, nil)
	if inv := got.object("invitations"); inv["issued"] != 3.0 || inv["used"] != 1.0 || !strings.HasSuffix(got.Body["link"].(string), "/s/"+code) {
		t.Fatalf("survey: %s", got.Raw)
	}
	res := f.call("evaluator", "GET", "/api/v1/surveys/"+id+"/results", nil)
	if res.Body["responses"].(float64) != 2 {
		t.Fatalf("results: %s", res.Raw)
	}
	qs := res.Body["questions"].([]any)
	speed := qs[1].(map[string]any)
	if speed["answered"].(float64) != 1 || speed["average"].(float64) != 4 {
		t.Fatalf("speed: %v", speed)
	}
	texts := qs[3].(map[string]any)["texts"].([]any)
	if len(texts) != 1 || strings.Contains(texts[0].(string), "13912345678") {
		t.Fatalf("texts not masked: %v", texts)
	}

	csvr := f.call("evaluator", "GET", "/api/v1/surveys/"+id+"/responses.csv", nil)
	if !bytes.HasPrefix(csvr.Raw, []byte("\ufeff")) {
		t.Fatal("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(csvr.Raw[3:])).ReadAll()
	f.mustDo(err)
	if len(recs) != 3 || recs[0][5] != "问题解决了吗？" || recs[1][2] != "福田区" || recs[1][3] != "投诉" || recs[1][4] != "是" ||
		recs[1][5] != "已解决" || recs[1][6] != "4" || recs[1][7] != "9" || strings.Contains(recs[1][8], "13912345678") ||
		recs[2][2] != "罗湖区" || recs[2][5] != "未解决" || recs[2][6] != "" {
		t.Fatalf("csv: %q", recs)
	}
	audit, err := f.db.ListAudit(context.Background(), 10)
	f.mustDo(err)
	if len(audit) == 0 || audit[0].Action != "export_survey" || audit[0].Username != "evaluator" {
		t.Fatalf("export not audited: %+v", audit)
	}

	if r := f.call("supervisor", "POST", "/api/v1/surveys/"+id+"/close", nil); r.Status != 200 {
		t.Fatalf("close: %d", r.Status)
	}
	late := f.call("anonymous", "POST", "/api/v1/s/"+code+"/responses", open)
	if late.Status != 409 {
		t.Fatalf("answer after close: %d %s", late.Status, late.Raw)
	}
}

// One browser answers an open survey once: the cookie token is the key.
func TestSurveyOpenLinkOncePerCookie(t *testing.T) {
	f := newFixture(t)
	builtin, err := f.db.FindSurveyByCode(context.Background(), minyi.HaochapingCode)
	f.mustDo(err)
	body := `{"answers":{"overall":{"value":5},"efficiency":{"value":4},"guide":{"value":4},"convenience":{"value":5},"attitude":{"value":5}}}`
	post := func(cookie string) response {
		req, _ := nethttp.NewRequest("POST", f.srv.URL+"/api/v1/s/"+builtin.Code+"/responses", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(&nethttp.Cookie{Name: "minyi_respondent", Value: cookie})
		return f.send(req)
	}
	if r := post("browser-1"); r.Status != 201 {
		t.Fatalf("first: %d %s", r.Status, r.Raw)
	}
	if r := post("browser-1"); r.Status != 409 {
		t.Fatalf("second: %d %s", r.Status, r.Raw)
	}
	if n, _ := f.db.SurveyResponses(context.Background(), builtin.ID); len(n) != 1 {
		t.Fatalf("%d responses", len(n))
	}
	// Dropping the cookie each time runs into the per-address limit.
	for i := 2; i < 120; i++ {
		if r := post("browser-" + strconv.Itoa(i)); r.Status != 201 {
			t.Fatalf("answer %d: %d %s", i, r.Status, r.Raw)
		}
	}
	if r := post("browser-120"); r.Status != 429 {
		t.Fatalf("answer past the limit: %d", r.Status)
	}
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }
