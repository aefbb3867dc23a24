package http

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"minyi"
	"minyi/analytics"
)

// needAnswerer answers questions about the residence permit well.
type needAnswerer struct{}

func (needAnswerer) BestAnswer(q string) (string, float64, bool) {
	if strings.Contains(q, "居住证") {
		return "居住证补办指南", 0.9, true
	}
	return "", 0, false
}

// The latent-needs page and API: readers who see every appeal get the
// questions with their consultations, units get none, readers without the
// right to personal data see them masked; a catalogue marks answers.
func TestNeedsPageAndAPI(t *testing.T) {
	hot := &analytics.HotIssues{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	e := newWebEnvWith(t, func(e *webEnv, cfg *Config) {
		hot.Appeals = e.db
		cfg.HotIssues = hot
	})
	ctx := context.Background()
	dispatcher := e.login("dispatcher")
	if res := dispatcher.get("/work/needs"); res.status != http.StatusOK {
		t.Fatalf("page before the analysis: %d", res.status)
	} else {
		mustContain(t, res.body, "潜在需求分析尚未完成", `href="/work/needs" aria-current="page"`)
	}

	var nos []string
	// Three people ask the same in their own words, with a phone number
	// in the title as people write them; a complaint is no question.
	for i, q := range []struct {
		typ   minyi.AppealType
		title string
	}{
		{minyi.TypeConsult, "公积金怎么提取用来租房"}, {minyi.TypeConsult, "租房可以提取住房公积金吗"},
		{minyi.TypeConsult, "请问租房提取公积金需要什么材料"}, {minyi.TypeComplaint, "公积金提取租房太难"},
		{minyi.TypeConsult, "请问居住证丢了怎么补办"}, {minyi.TypeConsult, "居住证遗失了怎么补办"},
		{minyi.TypeConsult, "居住证丢失补办去哪里办理"},
	} {
		title := q.title + "，电话1391234567" + fmt.Sprint(i)
		a := &minyi.Appeal{Type: q.typ, Channel: minyi.ChannelWeb, Title: title, Content: title + "。麻烦告知具体办法。",
			District: "南山区", ContactName: "居民", ContactPhone: fmt.Sprintf("1371234567%d", i)}
		if err := e.db.CreateAppeal(ctx, a, minyi.ActorFor(nil)); err != nil {
			t.Fatal(err)
		}
		nos = append(nos, a.TrackingNo)
	}
	if _, err := hot.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if needs, _ := hot.Needs(minyi.Scope{All: true}, 0); len(needs) != 2 {
		t.Fatalf("needs %+v, want 2", needs)
	}

	res := dispatcher.get("/work/needs")
	mustContain(t, res.body, `data-testid="needs"`, "公积金", "居住证", "未答复", "潜在需求的发现方法",
		`href="/work/appeals/`+nos[0]+`"`, `href="/work/appeals?q=`, `type=consult`, "13912345670")
	mustNotContain(t, res.body, `href="/work/appeals/`+nos[3]+`"`)
	if n := countLinks(res.body); n != 6 {
		t.Errorf("%d appeal links, want 6", n)
	}

	// A unit's staff do not see needs found over every consultation.
	res = e.login("handlerA").get("/work/needs")
	mustContain(t, res.body, `data-testid="needs-denied"`)
	if countLinks(res.body) != 0 {
		t.Error("handlerA sees consultations")
	}
	if res := e.client().get("/work/needs"); strings.Contains(res.body, "公积金") {
		t.Errorf("anonymous page: %d", res.status)
	}

	// The API, and masking for the evaluator.
	var d struct {
		Allowed   bool   `json:"allowed"`
		Available bool   `json:"available"`
		Consults  int    `json:"consults"`
		Formula   string `json:"formula"`
		Items     []struct {
			Rank     int      `json:"rank"`
			Question string   `json:"question"`
			Count    int      `json:"count"`
			People   int      `json:"people"`
			Terms    []string `json:"terms"`
			Samples  []string `json:"samples"`
			Answered bool     `json:"answered"`
			Answer   string   `json:"answer"`
			Href     string   `json:"href"`
		} `json:"items"`
	}
	res = dispatcher.get("/api/v1/needs?top=5")
	if err := json.Unmarshal([]byte(res.body), &d); err != nil || !d.Allowed || !d.Available || len(d.Items) != 2 || d.Formula == "" || d.Consults != 6 {
		t.Fatalf("api: %d %s (%v)", res.status, res.body, err)
	}
	if it := d.Items[0]; it.Rank != 1 || it.People != 3 || it.Count != 3 || len(it.Samples) != 3 || len(it.Terms) == 0 ||
		!strings.HasPrefix(it.Href, "/work/appeals?") || !strings.Contains(it.Href, "type=consult") || it.Answered {
		t.Errorf("first item %+v", it)
	}
	ev := e.login("evaluator")
	for _, path := range []string{"/api/v1/needs", "/work/needs"} {
		body := ev.get(path).body
		mustContain(t, body, "公积金", "139****")
		mustNotContain(t, body, "139123456")
	}
	// Content editors, who write the guides, see what is asked, masked,
	// and neither the consultations nor their tracking numbers.
	ed := e.login("editor")
	res = ed.get("/work/needs")
	mustContain(t, res.body, `data-testid="needs"`, "公积金", "139****", `href="/work/needs" aria-current="page"`)
	mustNotContain(t, res.body, "139123456", "/work/appeals", nos[0], `href="/work/dashboard"`)
	res = ed.get("/api/v1/needs")
	if err := json.Unmarshal([]byte(res.body), &d); err != nil || !d.Allowed || len(d.Items) != 2 {
		t.Fatalf("editor api: %d %s", res.status, res.body)
	}
	for _, it := range d.Items {
		if len(it.Samples) != 0 || it.Href != "" {
			t.Errorf("editor sees consultations: %+v", it)
		}
	}
	res = e.login("handlerA").get("/api/v1/needs")
	if err := json.Unmarshal([]byte(res.body), &d); err != nil || d.Allowed || len(d.Items) != 0 {
		t.Errorf("handlerA api: %s", res.body)
	}
	if res := e.client().get("/api/v1/needs"); res.status != http.StatusUnauthorized {
		t.Errorf("anonymous API: %d", res.status)
	}

	// With a catalogue, the residence permit is answered.
	hot.Answers = needAnswerer{}
	if _, err := hot.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	mustContain(t, dispatcher.get("/work/needs").body, "已有答案：居住证补办指南")
	res = dispatcher.get("/api/v1/needs")
	if err := json.Unmarshal([]byte(res.body), &d); err != nil {
		t.Fatal(err)
	}
	for _, it := range d.Items {
		if want := strings.Contains(it.Question, "居住证"); it.Answered != want || want && it.Answer != "居住证补办指南" {
			t.Errorf("%q answered %v (%q)", it.Question, it.Answered, it.Answer)
		}
	}
}
