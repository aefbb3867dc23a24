package http

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"minyi"
)

// A citizen's proof of owning an appeal is signed with the database's key,
// so it holds on another instance (and after a restart).
func TestProofHoldsAcrossInstances(t *testing.T) {
	e := newWebEnv(t)
	a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "路灯不亮",
		Content: "小区门口路灯坏了一个月。", ContactName: "李四", ContactPhone: "13912345678"}
	if err := e.db.CreateAppeal(context.Background(), a, minyi.ActorFor(nil)); err != nil {
		t.Fatal(err)
	}
	other := httptest.NewServer(NewServer(Config{Services: e.db, DataDir: e.dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer other.Close()

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"no": {a.TrackingNo}, "last4": {"5678"}}
	res, err := noRedirect.PostForm(e.srv.URL+"/track", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var proof *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == proofCookie {
			proof = c
		}
	}
	if res.StatusCode != http.StatusSeeOther || proof == nil {
		t.Fatalf("track: status %d, proof cookie %v", res.StatusCode, proof)
	}

	get := func(cookie *http.Cookie) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, other.URL+"/track/"+a.TrackingNo, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	if st, body := get(proof); st != http.StatusOK || !strings.Contains(body, a.TrackingNo) || !strings.Contains(body, "139****5678") {
		t.Fatalf("other instance with proof: status %d", st)
	}
	forged := *proof
	forged.Value = proof.Value[:len(proof.Value)-2] + "xx"
	if st, body := get(&forged); st == http.StatusOK && strings.Contains(body, "139****5678") {
		t.Fatal("a forged proof was accepted")
	}
}
