package http

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"

	"minyi"
	"minyi/brief"
)

// briefData is what templates/work_brief.html shows: on the page inside
// the layout, and as a standalone document (WriteBriefHTML).
type briefData struct {
	Brief *brief.Brief
	Date  string // the date asked for, to fill the form
	Error string
	// Linked lets the day's appeals of a hot issue link to their pages
	// (readers who see every appeal).
	Linked bool
	// Standalone documents only.
	Lang string
	CSS  template.CSS
}

// briefPage handles GET /work/brief?date=YYYY-MM-DD: the daily brief
// (舆情日报) of a day, yesterday by default, laid out to print (the
// browser's 打印 / 另存为 PDF gives a clean PDF).
func (ui *webUI) briefPage(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	lang := langOf(r)
	d := briefData{Date: r.URL.Query().Get("date"), Linked: minyi.ScopeFor(u).All}
	status := http.StatusOK
	b, err := ui.s.brief(r.Context(), u, r.URL.Query())
	switch code := minyi.ErrorCode(err); {
	case err == nil:
		d.Brief, d.Date = b, b.Date
	case code == minyi.EINVALID || code == minyi.EFORBIDDEN:
		d.Error, status = errorText(lang, err), httpStatus(err)
	default:
		ui.errorPage(w, r, err)
		return
	}
	title := translate(lang, "brief.title")
	if b != nil {
		title += " " + b.Date
	}
	p := ui.newPage(r, title)
	p.Nav = "brief"
	p.Data = d
	ui.render(w, r, status, "work_brief", "", p)
}

// briefPDF handles GET /work/brief.pdf?date=YYYY-MM-DD: the brief of the
// page as a PDF download (the page's 下载 PDF), errors as pages.
func (ui *webUI) briefPDF(w http.ResponseWriter, r *http.Request) {
	ui.s.briefPDF(w, r, ui.errorPage)
}

// WriteBriefHTML writes a brief as a standalone HTML document in a
// language ("zh" or "en"): the page the server shows, without the site's
// frame, with its style sheets inline so that the file opens on its own
// (minyi report daily --format html).
func WriteBriefHTML(w io.Writer, b *brief.Brief, lang string) error {
	if lang != "en" {
		lang = "zh"
	}
	assets, err := loadAssets(staticFS, "static")
	if err != nil {
		return err
	}
	pages, err := parsePages(lang, assets)
	if err != nil {
		return err
	}
	var css bytes.Buffer
	for _, name := range []string{"static/app.css", "static/brief.css"} {
		body, err := fs.ReadFile(staticFS, name)
		if err != nil {
			return err
		}
		css.Write(body)
		css.WriteByte('\n')
	}
	set := pages["work_brief"]
	if set == nil {
		return fmt.Errorf("no brief template")
	}
	d := briefData{Brief: b, Date: b.Date, Lang: lang, CSS: template.CSS(css.String())}
	return set.ExecuteTemplate(w, "brief_document", d)
}
