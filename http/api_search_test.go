package http_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"slices"
	"time"

	"minyi"
	minyihttp "minyi/http"
	"minyi/search"
	"minyi/store"
)

// searchFixture stores a few guides, one with every field filled.
func searchFixture(t *testing.T, db *store.DB) (*minyi.ServiceItem, *minyi.ServiceItem) {
	t.Helper()
	ctx := context.Background()
	license := &minyi.ServiceItem{Name: "食品经营许可证核发", Department: "区市场监管局", Theme: "食品经营许可",
		Summary: "开办餐馆、食品店等从事食品经营，须先取得食品经营许可证。", Materials: "1. 食品经营许可申请书；2. 营业执照复印件；3. 经营场所平面图。",
		Place: "区政务服务中心二楼市场监管窗口", PromisedLimit: "10 个工作日", Fees: "不收费", Phone: "0755-12345678", Process: "申请、受理、现场核查、决定、发证"}
	birth := &minyi.ServiceItem{Name: "生育津贴支付", Department: "区医疗保障局", Summary: "参保职工生育或计划生育手术期间按规定领取生育津贴。"}
	for _, s := range []*minyi.ServiceItem{license, birth, {Name: "公司设立登记", Department: "区行政审批局"}} {
		if err := db.CreateServiceItem(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	return license, birth
}

type searchBody struct {
	Answer *struct {
		ItemID int64  `json:"item_id"`
		Field  string `json:"field"`
		Text   string `json:"text"`
	} `json:"answer"`
	Results []struct {
		ID      int64   `json:"id"`
		Name    string  `json:"name"`
		Score   float64 `json:"score"`
		Snippet string  `json:"snippet"`
	} `json:"results"`
	Typos []string `json:"typos"`
}

// GET /api/v1/search answers with the detected field of the best guide,
// quoted word for word, and highlighted results; bad queries are clear
// errors; feedback and clicks are stored; unanswered questions logged.
func TestAPISearch(t *testing.T) {
	f := newFixture(t)
	eng := &search.Engine{Index: f.db, Log: f.db}
	f.srv.Close()
	f.srv = httptest.NewServer(minyihttp.NewServer(minyihttp.Config{Services: f.db, DataDir: f.data, Search: eng}))
	t.Cleanup(f.srv.Close)
	license, birth := searchFixture(t, f.db)
	get := func(q string) searchBody {
		t.Helper()
		r := f.call("anonymous", "GET", "/api/v1/search?q="+url.QueryEscape(q), nil)
		if r.Status != 200 {
			t.Fatalf("%s: status %d %s", q, r.Status, r.Raw)
		}
		var b searchBody
		f.mustDo(json.Unmarshal(r.Raw, &b))
		return b
	}
	cases := []struct {
		q     string
		id    int64
		field string
		text  string
	}{
		{"开饭店要带什么材料", license.ID, "materials", license.Materials},
		{"开饭店的许可证在哪里办", license.ID, "place", license.Place},
		{"开饭店办证要多久", license.ID, "promised_limit", license.PromisedLimit},
		{"开饭店办证收费吗", license.ID, "fees", license.Fees},
		{"开饭店咨询电话", license.ID, "phone", license.Phone},
		{"生完孩子产假工资", birth.ID, "summary", birth.Summary},
	}
	for _, c := range cases {
		b := get(c.q)
		if len(b.Results) == 0 || b.Results[0].ID != c.id {
			t.Fatalf("%s: results %+v, want item %d first", c.q, b.Results, c.id)
		}
		if b.Answer == nil || b.Answer.ItemID != c.id || b.Answer.Field != c.field || b.Answer.Text != c.text {
			t.Errorf("%s: answer %+v, want %s of item %d", c.q, b.Answer, c.field, c.id)
		}
	}
	// A field the guide leaves empty is never answered.
	b := get("生育津贴要带什么材料")
	if b.Answer != nil {
		t.Errorf("answer %+v from an empty field", b.Answer)
	}
	if len(b.Results) == 0 || !strings.Contains(b.Results[0].Snippet, "<mark>生育津贴</mark>") {
		t.Errorf("snippet of %+v does not mark 生育津贴", b.Results)
	}
	// A sound-alike typo is read as the known term it sounds like.
	if b := get("生育津帖怎么领"); len(b.Typos) == 0 || b.Typos[0] != "生育津贴" || len(b.Results) == 0 || b.Results[0].ID != birth.ID {
		t.Errorf("生育津帖: typos %v, results %+v", b.Typos, b.Results)
	}
	if b := get("生育津贴怎么领"); b.Typos != nil {
		t.Errorf("typos %v without a typo", b.Typos)
	}
	// A question nothing answers is logged for the latent needs.
	if b := get("月球上的陨石归谁所有"); b.Answer != nil {
		t.Errorf("answer %+v to an unrelated question", b.Answer)
	}
	eng.Wait()
	misses, err := f.db.SearchMisses(context.Background(), time.Time{}, 10)
	f.mustDo(err)
	if !slices.ContainsFunc(misses, func(m search.Miss) bool { return m.Query == "月球上的陨石归谁所有" }) {
		t.Errorf("misses %+v lack the unanswered question", misses)
	}
	for q, field := range map[string]string{"": "q", "   ": "q", strings.Repeat("问", 101): "q"} {
		r := f.call("anonymous", "GET", "/api/v1/search?q="+url.QueryEscape(q), nil)
		if r.Status != 400 || r.errorCode() != minyi.EINVALID || r.errorField(field) == "" {
			t.Errorf("q=%q: %d %s", q, r.Status, r.Raw)
		}
	}
	if r := f.call("anonymous", "GET", "/api/v1/search?q=x&limit=0", nil); r.Status != 400 || r.errorField("limit") == "" {
		t.Errorf("limit=0: %d %s", r.Status, r.Raw)
	}

	// Feedback and clicks.
	fb := map[string]any{"q": "开饭店要带什么材料", "item_id": license.ID, "field": "materials", "helpful": true}
	if r := f.call("anonymous", "POST", "/api/v1/search/feedback", fb); r.Status != 204 {
		t.Fatalf("feedback: %d %s", r.Status, r.Raw)
	}
	if r := f.call("anonymous", "POST", "/api/v1/search/click", map[string]any{"item_id": license.ID}); r.Status != 204 {
		t.Fatalf("click: %d %s", r.Status, r.Raw)
	}
	fb["item_id"] = 999999
	if r := f.call("anonymous", "POST", "/api/v1/search/feedback", fb); r.Status != 404 {
		t.Errorf("feedback on an unknown item: %d %s", r.Status, r.Raw)
	}
	fb["item_id"], fb["field"] = license.ID, "nonsense"
	if r := f.call("anonymous", "POST", "/api/v1/search/feedback", fb); r.Status != 400 || r.errorField("field") == "" {
		t.Errorf("feedback with a bad field: %d %s", r.Status, r.Raw)
	}
	hits, err := f.db.MatchServices(context.Background(), mustAnalyze(t, "开饭店"), 5)
	f.mustDo(err)
	if len(hits) == 0 || hits[0].Popularity.Helpful != 1 || hits[0].Popularity.Clicks != 1 {
		t.Errorf("popularity %+v, want one click and one helpful", hits)
	}
}

func mustAnalyze(t *testing.T, q string) search.Query {
	t.Helper()
	a, err := search.Analyze(q)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
