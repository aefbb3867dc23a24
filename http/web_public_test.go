package http

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"minyi"
)

func TestWebHomeAndSearch(t *testing.T) {
	e := newWebEnv(t)
	c := e.client()
	res := c.get("/")
	if res.status != http.StatusOK {
		t.Fatalf("home: %d", res.status)
	}
	mustContain(t, res.body, `action="/search"`, `href="/submit"`, `href="/track"`, "我要反映", "查询进度")

	// A tracking number leads to the tracking form, never to the appeal.
	a := e.newAppeal("路灯不亮")
	res = c.get("/search?q=" + a.TrackingNo)
	mustContain(t, res.body, "/track?no="+a.TrackingNo)
	mustNotContain(t, res.body, a.Title)
	// Anything else is searched; an empty catalogue answers nothing and
	// invents nothing.
	res = c.get("/search?q=" + url.QueryEscape("怎么办理居住证"))
	mustContain(t, res.body, "没有找到相关的办事事项")
	mustNotContain(t, res.body, `data-testid="answer"`)
}

func TestWebSubmitInvalidCreatesNothing(t *testing.T) {
	e := newWebEnv(t)
	c := e.client()
	form := validSubmission()
	form.Set("title", "")
	form.Set("contact_phone", "12345")
	form.Set("content", "我家楼下的下水道堵了，一直往外冒水")
	res := c.multipart("/submit", form)
	if res.status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", res.status)
	}
	mustContain(t, res.body, "请填写标题", "联系电话格式不正确", "我家楼下的下水道堵了，一直往外冒水", `value="粤海街道"`)
	if n := e.countAppeals(); n != 0 {
		t.Fatalf("%d appeals written after a failed submission", n)
	}

	// A file of a forbidden type, or one whose content is not what its name
	// says, is a field error too, and still nothing is written.
	res = c.multipart("/submit", validSubmission(), webFile{"attachments", "virus.exe", []byte("MZ...")})
	if res.status != http.StatusBadRequest {
		t.Fatalf("exe: status %d", res.status)
	}
	mustContain(t, res.body, "virus.exe", "类型不支持")
	res = c.multipart("/submit", validSubmission(), webFile{"attachments", "photo.png", []byte("not a picture at all")})
	if res.status != http.StatusBadRequest {
		t.Fatalf("fake png: status %d", res.status)
	}
	mustContain(t, res.body, "内容与扩展名不符")
	var six []webFile
	for range 6 {
		six = append(six, webFile{"attachments", "p.png", pngBytes})
	}
	res = c.multipart("/submit", validSubmission(), six...)
	mustContain(t, res.body, "最多上传 5 个附件")
	if n := e.countAppeals(); n != 0 {
		t.Fatalf("%d appeals written after failed submissions", n)
	}
	entries, _ := os.ReadDir(filepath.Join(e.dir, "attachments"))
	if len(entries) != 0 {
		t.Fatalf("files written after failed submissions: %v", entries)
	}
}

func TestWebSubmitSuccess(t *testing.T) {
	e := newWebEnv(t)
	c := e.client()
	res := c.multipart("/submit", validSubmission(), webFile{"attachments", "现场.png", pngBytes})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/submitted/") {
		t.Fatalf("status %d location %q\n%s", res.status, res.location, res.body)
	}
	no := strings.TrimPrefix(res.location, "/submitted/")
	a := e.appeal(no)
	if a.Channel != minyi.ChannelWeb || a.Title != "路灯不亮" || a.District != "南山区" || a.ContactPhone != "13912345678" || a.Status != minyi.StatusPending {
		t.Fatalf("stored appeal: %+v", a)
	}
	atts, err := e.db.ListAttachments(context.Background(), a.ID)
	if err != nil || len(atts) != 1 || atts[0].Name != "现场.png" || atts[0].ContentType != "image/png" {
		t.Fatalf("attachments %v %v", atts, err)
	}
	if b, err := os.ReadFile(filepath.Join(e.dir, filepath.FromSlash(atts[0].Path))); err != nil || string(b) != string(pngBytes) {
		t.Fatalf("stored file: %v", err)
	}
	if !strings.HasPrefix(atts[0].Path, "attachments/") {
		t.Fatalf("file stored outside attachments/: %s", atts[0].Path)
	}

	res = c.get(res.location)
	mustContain(t, res.body, no, "手机号码后四位")
	// The submitter may follow the appeal right away.
	res = c.get("/track/" + no)
	if res.status != http.StatusOK {
		t.Fatalf("track after submit: %d", res.status)
	}
	mustContain(t, res.body, "路灯不亮")
}

func TestWebTrackNeedsProof(t *testing.T) {
	e := newWebEnv(t)
	a := e.newAppeal("噪音扰民")
	c := e.client()

	res := c.get("/track/" + a.TrackingNo)
	if res.status != http.StatusSeeOther || res.location != "/track?no="+a.TrackingNo {
		t.Fatalf("without proof: %d %q", res.status, res.location)
	}
	res = c.post("/track", url.Values{"no": {a.TrackingNo}, "last4": {"0000"}})
	if res.status != http.StatusNotFound {
		t.Fatalf("wrong digits: %d", res.status)
	}
	mustContain(t, res.body, "不正确")
	mustNotContain(t, res.body, "噪音扰民")
	if res := c.get("/track/" + a.TrackingNo); res.status != http.StatusSeeOther {
		t.Fatalf("a failed check must not grant access: %d", res.status)
	}
	if res := c.get("/rate/" + a.TrackingNo); res.status != http.StatusSeeOther {
		t.Fatalf("rate page without proof: %d", res.status)
	}

	res = c.post("/track", url.Values{"no": {a.TrackingNo}, "last4": {"5678"}})
	if res.status != http.StatusSeeOther || res.location != "/track/"+a.TrackingNo {
		t.Fatalf("right digits: %d %q", res.status, res.location)
	}
	res = c.get(res.location)
	if res.status != http.StatusOK {
		t.Fatalf("track page: %d", res.status)
	}
	mustContain(t, res.body, "噪音扰民", "138****5678", "张**", "待分拨", "已办结", `class="progress"`)
	mustNotContain(t, res.body, "13812345678", "张三丰")

	// The proof is bound to one appeal: it opens no other.
	other := e.newAppeal("另一件诉求")
	if res := c.get("/track/" + other.TrackingNo); res.status != http.StatusSeeOther {
		t.Fatalf("proof for one appeal opened another: %d", res.status)
	}
	// A forged cookie is refused.
	forged := e.client()
	u, _ := url.Parse(e.srv.URL)
	forged.c.Jar.SetCookies(u, []*http.Cookie{{Name: proofCookie, Value: other.TrackingNo + ".99999999999.bogus", Path: "/"}})
	if res := forged.get("/track/" + other.TrackingNo); res.status != http.StatusSeeOther {
		t.Fatalf("forged proof accepted: %d", res.status)
	}

	// Guessing the four digits is cut off after a few tries, even for the
	// right ones.
	for i := range 10 {
		forged.post("/track", url.Values{"no": {other.TrackingNo}, "last4": {"000" + strconv.Itoa(i)}})
	}
	res = forged.post("/track", url.Values{"no": {other.TrackingNo}, "last4": {"5678"}})
	if res.status != http.StatusTooManyRequests {
		t.Fatalf("after 10 wrong guesses: %d", res.status)
	}
	mustNotContain(t, res.body, "另一件诉求")
}

func TestWebLoginAndErrors(t *testing.T) {
	e := newWebEnv(t)
	c := e.client()
	res := c.get("/work")
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login?next=") {
		t.Fatalf("anonymous /work: %d %q", res.status, res.location)
	}
	res = c.post("/login", url.Values{"username": {"handlerA"}, "password": {"wrong"}})
	if res.status != http.StatusUnauthorized {
		t.Fatalf("bad password: %d", res.status)
	}
	mustContain(t, res.body, "用户名或密码不正确", `value="handlerA"`)
	res = c.post("/login", url.Values{"username": {"handlerA"}, "password": {webTestPassword}, "next": {"//evil.example/"}})
	if res.status != http.StatusSeeOther || res.location != "/work" {
		t.Fatalf("login: %d %q", res.status, res.location)
	}
	if res := c.get("/work"); res.status != http.StatusOK {
		t.Fatalf("/work after login: %d", res.status)
	}
	res = c.get("/admin/users")
	if res.status != http.StatusForbidden {
		t.Fatalf("handler on admin page: %d", res.status)
	}
	mustContain(t, res.body, "没有访问权限", `href="/work"`)
	res = c.get("/no/such/page")
	if res.status != http.StatusNotFound {
		t.Fatalf("unknown page: %d", res.status)
	}
	mustContain(t, res.body, "页面不存在")
	// A GET only asks; it must not end the session.
	if res := c.get("/logout"); res.status != http.StatusOK {
		t.Fatalf("GET /logout: %d", res.status)
	}
	if res := c.get("/work"); res.status != http.StatusOK {
		t.Fatalf("GET /logout ended the session: %d", res.status)
	}
	res = c.post("/logout", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.status)
	}
	if res := c.get("/work"); res.status != http.StatusSeeOther {
		t.Fatalf("/work after logout: %d", res.status)
	}
}

func TestWebCrossOriginPostRefused(t *testing.T) {
	e := newWebEnv(t)
	c := e.client()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/submit", strings.NewReader(validSubmission().Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := c.do(req); res.status != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", res.status)
	}
	if n := e.countAppeals(); n != 0 {
		t.Fatalf("cross-site POST wrote %d appeals", n)
	}
}

func TestWebStaticAndLanguage(t *testing.T) {
	e := newWebEnv(t)
	c := e.client()
	home := c.get("/")
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{10}\.css`).FindString(home.body)
	js := regexp.MustCompile(`/static/vendor/htmx\.[0-9a-f]{10}\.min\.js`).FindString(home.body)
	if css == "" || js == "" {
		t.Fatalf("hashed asset URLs missing from the page")
	}
	for path, ctype := range map[string]string{css: "text/css", js: "text/javascript"} {
		res := c.get(path)
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), ctype) || !strings.Contains(res.header.Get("Cache-Control"), "immutable") {
			t.Fatalf("%s: %d %v", path, res.status, res.header)
		}
	}
	if res := c.get("/static/app.css"); res.status != http.StatusNotFound {
		t.Fatalf("unhashed name served: %d", res.status)
	}
	mustNotContain(t, home.body, "http://", "https://")

	res := c.post("/prefs", url.Values{"lang": {"en"}, "back": {"/submit"}})
	if res.status != http.StatusSeeOther || res.location != "/submit" {
		t.Fatalf("prefs: %d %q", res.status, res.location)
	}
	res = c.get("/submit")
	mustContain(t, res.body, `lang="en"`, "Submit an appeal", "Complaint")
	c.post("/prefs", url.Values{"font": {"large"}, "back": {"https://evil.example/"}})
	res = c.get("/")
	mustContain(t, res.body, `class="big"`)
}

// Every key a template asks for is in the catalogue, in both languages.
func TestWebCatalogueComplete(t *testing.T) {
	re := regexp.MustCompile(`\{\{-?\s*(?:t|tf)\s+"([^"]+)"`)
	files, _ := filepathGlob("templates/*.html")
	for _, f := range files {
		b, err := templateFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			v, ok := catalogue[m[1]]
			if !ok || v[0] == "" || v[1] == "" {
				t.Errorf("%s: key %q missing from the catalogue", f, m[1])
			}
		}
	}
	for _, q := range append(append(unitQueues, superviseQueues...), pendingQueue) {
		if _, ok := catalogue[q.Label]; !ok {
			t.Errorf("queue label %q missing", q.Label)
		}
	}
	for _, lists := range [][]string{statusKeys(), actionKeys()} {
		for _, k := range lists {
			if v, ok := catalogue[k]; !ok || v[1] == "" {
				t.Errorf("English label %q missing", k)
			}
		}
	}
}

func filepathGlob(pattern string) ([]string, error) {
	var out []string
	entries, err := templateFS.ReadDir("templates")
	for _, e := range entries {
		if ok, _ := filepath.Match(filepath.Base(pattern), e.Name()); ok {
			out = append(out, "templates/"+e.Name())
		}
	}
	return out, err
}

func statusKeys() []string {
	var out []string
	for _, s := range minyi.Statuses {
		out = append(out, "status."+string(s))
	}
	return out
}

func actionKeys() []string {
	var out []string
	for _, a := range minyi.Actions {
		out = append(out, "action."+string(a))
	}
	return out
}
