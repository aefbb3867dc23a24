package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"minyi"
	"minyi/store"
)

// fakeAdvisor stands in for the routing models: it gives the same advice
// for every appeal and finds similar appeals in the store by shared
// character pairs, so that similar titles are the real, unmasked ones.
type fakeAdvisor struct {
	db *store.DB

	mu     sync.Mutex
	advice *minyi.Advice // nil: no trained model
	err    error         // returned by both methods when set
}

func (f *fakeAdvisor) Advise(ctx context.Context, a *minyi.Appeal) (*minyi.Advice, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil || f.advice == nil {
		return nil, f.err
	}
	c := *f.advice
	return &c, nil
}

func (f *fakeAdvisor) Similar(ctx context.Context, title, content string, exclude int64, limit int) ([]minyi.SimilarAppeal, error) {
	f.mu.Lock()
	err := f.err
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	open := []minyi.Status{minyi.StatusPending, minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReplied, minyi.StatusReopened}
	list, err := f.db.ListAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}, Statuses: open, Limit: 500})
	if err != nil {
		return nil, err
	}
	want := pairs(title + content)
	var out []minyi.SimilarAppeal
	for _, a := range list {
		if a.ID == exclude || len(want) == 0 {
			continue
		}
		have := pairs(a.Title + a.Content)
		n := 0
		for p := range want {
			if have[p] {
				n++
			}
		}
		if sim := float64(n) / float64(len(want)); sim >= 0.3 {
			out = append(out, minyi.SimilarAppeal{TrackingNo: a.TrackingNo, Title: a.Title, Status: a.Status, District: a.District,
				Supporters: a.Supporters, Similarity: sim, ReceivedAt: a.ReceivedAt})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Similarity > out[j].Similarity })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// pairs returns the set of adjacent character pairs of s.
func pairs(s string) map[string]bool {
	r := []rune(s)
	out := map[string]bool{}
	for i := 0; i+1 < len(r); i++ {
		out[string(r[i:i+2])] = true
	}
	return out
}

var errAdvisorDown = errors.New("advisor down")

// adviceEnv is a web test environment whose server has a fakeAdvisor, and
// categories to route to.
type adviceEnv struct {
	*webEnv
	adv  *fakeAdvisor
	cats map[string]int64 // path → ID
}

func newAdviceEnv(t *testing.T) *adviceEnv {
	t.Helper()
	adv := &fakeAdvisor{}
	e := newWebEnvWith(t, func(e *webEnv, cfg *Config) {
		adv.db = e.db
		cfg.Advisor = adv
	})
	ae := &adviceEnv{webEnv: e, adv: adv, cats: e.importCategories()}
	adv.advice = ae.sampleAdvice()
	return ae
}

// importCategories adds a small taxonomy and returns its IDs by path.
func (e *webEnv) importCategories() map[string]int64 {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.db.ImportCategories(ctx, [][]string{{"城市管理", "市政设施", "路灯"}, {"交通运输", "道路", "占道"}}); err != nil {
		e.t.Fatal(err)
	}
	cats, err := e.db.ListCategories(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]int64{}
	for _, c := range cats {
		out[c.Path] = c.ID
	}
	return out
}

const lampPath = "城市管理/市政设施/路灯"

// sampleAdvice routes everything to 粤海街道办事处 (streetA) as a street-lamp
// matter, confidently enough for automatic dispatch.
func (ae *adviceEnv) sampleAdvice() *minyi.Advice {
	return &minyi.Advice{
		Units: []minyi.Suggestion{
			{UnitID: ae.units["streetA"].ID, UnitName: ae.units["streetA"].Name, Probability: 0.93, Reasons: []string{"路灯", "小区门口"}},
			{UnitID: ae.units["deptB"].ID, UnitName: ae.units["deptB"].Name, Probability: 0.05, Reasons: []string{"出行"}},
		},
		Categories: []minyi.Suggestion{
			{CategoryID: ae.cats[lampPath], Category: lampPath, Probability: 0.91, Reasons: []string{"路灯"}},
			{CategoryID: ae.cats["交通运输/道路/占道"], Category: "交通运输/道路/占道", Probability: 0.06},
		},
		Auto:          true,
		UnitModel:     &minyi.ModelInfo{Kind: minyi.ModelUnit, Version: "unit-v3", Threshold: 0.93, Coverage: 0.72, Precision: 0.968},
		CategoryModel: &minyi.ModelInfo{Kind: minyi.ModelCategory, Version: "cat-v2", Threshold: 0.9, Coverage: 0.8, Precision: 0.95},
	}
}

// jsonCall sends a JSON request with the client's cookies; it returns the
// status, the decoded body (nil for a non-object) and the raw body.
func (c *webClient) jsonCall(method, path string, body any) (int, map[string]any, string) {
	c.e.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res := c.do(req)
	var out map[string]any
	if strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal([]byte(res.body), &out)
	}
	return res.status, out, res.body
}
