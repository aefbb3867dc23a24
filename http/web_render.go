package http

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"minyi"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// webUI holds what the pages need beyond the Server: parsed templates (one
// set per language, so the template func t needs no language argument), the
// content-hashed static files and the key that signs citizens' proof of
// ownership of an appeal.
type webUI struct {
	s      *Server
	pages  map[string]map[string]*template.Template // lang → page → set
	assets *assetSet
	key    []byte
}

// secretKeeper gives keys shared by every instance on the database.
type secretKeeper interface {
	Secret(ctx context.Context, name string) ([]byte, error)
}

// proofKey returns the key that signs citizens' proofs: the database's, so
// that proofs hold across restarts and instances, or a random one for this
// process when the services keep no secrets.
func proofKey(s *Server) ([]byte, error) {
	if k, ok := s.svc.(secretKeeper); ok {
		key, err := k.Secret(context.Background(), "track-proof")
		if err == nil {
			return key, nil
		}
		s.log.Warn("proof key from the database; using a key for this process only", "err", err)
	}
	key := make([]byte, 32)
	_, err := rand.Read(key)
	return key, err
}

func newWebUI(s *Server) (*webUI, error) {
	key, err := proofKey(s)
	if err != nil {
		return nil, err
	}
	ui := &webUI{s: s, key: key}
	if ui.assets, err = loadAssets(staticFS, "static"); err != nil {
		return nil, err
	}
	ui.pages = map[string]map[string]*template.Template{}
	for _, lang := range languages {
		if ui.pages[lang], err = parsePages(lang, ui.assets); err != nil {
			return nil, err
		}
	}
	return ui, nil
}

// sharedTemplates are parsed into every page: the layout and the pieces
// any page may include (handoff: the 转人工 button).
var sharedTemplates = []string{"templates/layout.html", "templates/partials.html", "templates/handoff.html"}

// parsePages parses every page template together with the shared
// templates, for one language.
func parsePages(lang string, assets *assetSet) (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(templateFuncs(lang, assets)).ParseFS(templateFS, sharedTemplates...)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		if slices.Contains(sharedTemplates, f) {
			continue
		}
		name := strings.TrimSuffix(path.Base(f), ".html")
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("template %s: %w", f, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// page is the data every template receives. Data holds what is particular
// to one page.
type page struct {
	Title   string
	Lang    string
	User    *minyi.User
	BigFont bool
	Path    string // the current path and query, to come back to
	Nav     string // the active navigation entry
	Now     time.Time
	Flash   string            // a success message
	Error   string            // a message for the whole form
	Errors  map[string]string // messages per field
	Form    url.Values        // the values the user entered
	Data    any
}

// Err returns the message for one field, for templates.
func (p *page) Err(field string) string { return p.Errors[field] }

// Val returns the entered value of a field, for templates.
func (p *page) Val(field string) string {
	if p.Form == nil {
		return ""
	}
	return p.Form.Get(field)
}

// Can reports whether the user holds one of the roles, for navigation.
func (p *page) Can(roles ...string) bool {
	if p.User == nil {
		return false
	}
	for _, r := range roles {
		if string(p.User.Role) == r {
			return true
		}
	}
	return false
}

// Home is where the user's work starts: the staff overview, the catalogue
// for content editors, the public home page for everyone else.
func (p *page) Home() string { return homeOf(p.User) }

func homeOf(u *minyi.User) string {
	switch {
	case u == nil:
		return "/"
	case u.Role == minyi.RoleEditor:
		return "/work/services"
	case u.Role.IsStaff():
		return "/work"
	}
	return "/"
}

// newPage fills the fields every page shares.
func (ui *webUI) newPage(r *http.Request, title string) *page {
	p := &page{
		Title: title, Lang: langOf(r), User: userFrom(r), Path: r.URL.RequestURI(), Now: ui.s.now(),
		Errors: map[string]string{},
	}
	if c, err := r.Cookie(fontCookie); err == nil && c.Value == "large" {
		p.BigFont = true
	}
	q := r.URL.Query()
	if k := q.Get("ok"); k == "acted" {
		if act, ok := minyi.ParseAction(q.Get("act")); ok {
			p.Flash = fmt.Sprintf(translate(p.Lang, "flash.acted"), label(p.Lang, "action", act, minyi.ActionLabels))
		}
	} else if msg, ok := catalogue["flash."+k]; ok {
		p.Flash = msg[langIndex(p.Lang)]
	}
	return p
}

// render executes a page (or, with a non-empty block, one named template
// of it, for htmx fragments) into a buffer, so a template error never leaves
// half a page behind.
func (ui *webUI) render(w http.ResponseWriter, r *http.Request, status int, name, block string, p *page) {
	if block == "" {
		block = "layout"
	}
	ui.renderData(w, status, p.Lang, name, block, p)
}

// renderData executes one named template of a page with any data.
func (ui *webUI) renderData(w http.ResponseWriter, status int, lang, name, block string, data any) {
	set := ui.pages[lang][name]
	if set == nil {
		ui.s.log.Error("no such template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, block, data); err != nil {
		ui.s.log.Error("template", "name", name, "block", block, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	securityHeaders(h)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// securityHeaders forbid framing, sniffing and anything not from this site.
func securityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'")
}

// errorPage renders an application error as a page: 401 sends the visitor
// to the login page, other codes get a page in their language with a way
// back. Only internal errors are logged in detail.
func (ui *webUI) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	code := minyi.ErrorCode(err)
	if code == minyi.EUNAUTHORIZED {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if code == minyi.EINTERNAL {
		ui.s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	status := httpStatus(err)
	p := ui.newPage(r, "")
	msg := minyi.ErrorMessage(err)
	if p.Lang == "en" {
		msg = minyi.ErrorMessageEN(err)
	}
	p.Data = errorData{Status: status, Message: msg}
	ui.render(w, r, status, "error", "", p)
}

type errorData struct {
	Status  int
	Message string
}

// notFound is the page for every path nothing else serves.
func (ui *webUI) notFound(w http.ResponseWriter, r *http.Request) {
	ui.errorPage(w, r, minyi.Errorf(minyi.ENOTFOUND, "页面不存在", "page not found"))
}

// localPath accepts only a path on this site for redirects after login or a
// preference change, never another host.
func localPath(p, fallback string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return fallback
	}
	if u, err := url.Parse(p); err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return p
}

// isHTMX reports whether the request came from htmx (and so wants a fragment).
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// assetSet maps the logical names of static files ("app.css") to their
// content-hashed URLs ("/static/app.3f2a1c9d.css") and back.
type assetSet struct {
	urls  map[string]string // logical name → URL
	files map[string]asset  // hashed name → content
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets(fsys fs.FS, root string) (*assetSet, error) {
	set := &assetSet{urls: map[string]string{}, files: map[string]asset{}}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, root+"/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		if strings.HasSuffix(name, ".min.js") {
			ext = ".min.js"
		}
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		set.urls[name] = "/static/" + hashed
		set.files[hashed] = asset{body: body, contentType: contentTypeOf(name)}
		return nil
	})
	return set, err
}

func contentTypeOf(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	}
	return "text/plain; charset=utf-8"
}

// URL returns the hashed URL of a static file; templates call it as asset.
func (a *assetSet) URL(name string) string {
	if u, ok := a.urls[name]; ok {
		return u
	}
	return "/static/missing/" + name
}

// serveStatic serves hashed static files; their names change with their
// content, so browsers may keep them for a year.
func (ui *webUI) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := ui.assets.files[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
