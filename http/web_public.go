package http

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"minyi"
)

func (ui *webUI) home(w http.ResponseWriter, r *http.Request) {
	p := ui.newPage(r, "")
	p.Nav = "home"
	ui.render(w, r, http.StatusOK, "home", "", p)
}

// trackingNoRE recognises something that looks like a tracking number: a
// letter prefix and digits.
var trackingNoRE = regexp.MustCompile(`^[A-Za-z]{1,6}[0-9]{6,20}$`)

type submitData struct {
	Districts []*minyi.Unit
	MaxFiles  int
	MaxMB     int
	Accept    string
}

func (ui *webUI) submitData(ctx context.Context) (submitData, error) {
	d := submitData{MaxFiles: minyi.MaxAttachmentCount, MaxMB: minyi.MaxAttachmentSize >> 20, Accept: acceptList()}
	var err error
	d.Districts, err = ui.s.districts(ctx)
	return d, err
}

// acceptList is the file input's accept attribute: the allowed extensions.
func acceptList() string {
	exts := make([]string, 0, len(minyi.AttachmentTypes))
	for _, e := range sortedKeys(minyi.AttachmentTypes) {
		exts = append(exts, e)
	}
	return strings.Join(exts, ",")
}

func (ui *webUI) submitForm(w http.ResponseWriter, r *http.Request) {
	d, err := ui.submitData(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "submit.title"))
	p.Nav = "submit"
	p.Form = url.Values{"type": {string(minyi.TypeComplaint)}}
	p.Data = d
	ui.render(w, r, http.StatusOK, "submit", "", p)
}

// maxSubmitBody bounds a submission: five files at the limit and the form.
const maxSubmitBody = minyi.MaxAttachmentCount*minyi.MaxAttachmentSize + 1<<20

// submitPost validates everything (fields and files) before anything is
// written; on success it stores the appeal, then its files, and shows the
// tracking number.
func (ui *webUI) submitPost(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := ui.submitData(ctx)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "submit.title"))
	p.Nav = "submit"
	p.Data = d

	r.Body = http.MaxBytesReader(w, r.Body, maxSubmitBody)
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			p.Error = translate(p.Lang, "submit.too_large")
			p.Form = url.Values{}
			ui.render(w, r, http.StatusRequestEntityTooLarge, "submit", "", p)
			return
		}
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单格式不正确", "malformed form"))
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	p.Form = r.PostForm

	a := &minyi.Appeal{
		Type:         minyi.AppealType(r.PostFormValue("type")),
		Channel:      minyi.ChannelWeb,
		Title:        r.PostFormValue("title"),
		Content:      strings.ReplaceAll(r.PostFormValue("content"), "\r\n", "\n"),
		District:     r.PostFormValue("district"),
		Street:       r.PostFormValue("street"),
		Address:      r.PostFormValue("address"),
		ContactName:  r.PostFormValue("contact_name"),
		ContactPhone: r.PostFormValue("contact_phone"),
		Anonymous:    r.PostFormValue("anonymous") != "",
	}
	p.Errors = webAppealErrors(a, d.Districts)
	var files []*multipart.FileHeader
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["attachments"] {
			if fh.Filename != "" {
				files = append(files, fh)
			}
		}
	}
	if msg := checkUploads(files); msg != "" {
		p.Errors["attachments"] = msg
	}
	if len(p.Errors) > 0 {
		p.Error = "提交的内容有误，请按提示修改标红的栏目"
		if p.Lang == "en" {
			p.Error = "Please correct the fields marked in red."
		}
		ui.render(w, r, http.StatusBadRequest, "submit", "", p)
		return
	}

	u := userFrom(r)
	if u != nil && u.Role == minyi.RoleCitizen {
		a.CitizenID = u.ID
	}
	if err := ui.s.svc.CreateAppeal(ctx, a, minyi.ActorFor(u)); err != nil {
		if minyi.ErrorCode(err) != minyi.EINVALID {
			ui.errorPage(w, r, err)
			return
		}
		for k, v := range minyi.ErrorFields(err) {
			p.Errors[k] = v
		}
		p.Error = minyi.ErrorMessage(err)
		ui.render(w, r, http.StatusBadRequest, "submit", "", p)
		return
	}
	target := "/submitted/" + url.PathEscape(a.TrackingNo)
	if len(files) > 0 {
		if err := ui.saveUploads(ctx, a, files); err != nil {
			ui.s.log.Error("attachments", "tracking_no", a.TrackingNo, "err", err)
			target += "?files=failed"
		}
	}
	if a.ContactPhone != "" {
		ui.setProof(w, a.TrackingNo)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// webAppealErrors checks an appeal filed on the site, by /submit or by a
// chat left as a message: the appeal's own rules and its district. It
// returns the messages per field, none when all is right.
func webAppealErrors(a *minyi.Appeal, districts []*minyi.Unit) map[string]string {
	fields := map[string]string{}
	if err := a.Validate(); err != nil {
		for k, v := range minyi.ErrorFields(err) {
			fields[k] = v
		}
	}
	if msg := districtError(districts, a.District); msg != "" {
		fields["district"] = msg
	}
	return fields
}

// districtError returns the message for a district that is not the name
// of a unit of kind district, and "" for one that is or for none. The web
// form and POST /api/v1/appeals share it.
func districtError(units []*minyi.Unit, name string) string {
	if name == "" {
		return ""
	}
	for _, u := range units {
		if u.Kind == minyi.UnitDistrict && u.Name == name {
			return ""
		}
	}
	return "请从列表中选择所在区"
}

// checkUploads applies the attachment rules of the API before anything is
// written: count, extension whitelist, size, and for images, PDF and text
// that the content matches the extension. It returns a message in Chinese,
// or "" when the files are fine.
func checkUploads(files []*multipart.FileHeader) string {
	if len(files) > minyi.MaxAttachmentCount {
		return fmt.Sprintf("最多上传 %d 个附件", minyi.MaxAttachmentCount)
	}
	for _, fh := range files {
		ext := strings.ToLower(path.Ext(fh.Filename))
		ctype, ok := minyi.AttachmentTypes[ext]
		if !ok {
			return fmt.Sprintf("附件“%s”的类型不支持，只能上传 %s", fh.Filename, strings.Join(sortedKeys(minyi.AttachmentTypes), " "))
		}
		if fh.Size > minyi.MaxAttachmentSize {
			return fmt.Sprintf("附件“%s”超过 %d MB", fh.Filename, minyi.MaxAttachmentSize>>20)
		}
		if fh.Size == 0 {
			return fmt.Sprintf("附件“%s”是空文件", fh.Filename)
		}
		f, err := fh.Open()
		if err != nil {
			return fmt.Sprintf("附件“%s”无法读取", fh.Filename)
		}
		head := make([]byte, 512)
		n, _ := io.ReadFull(f, head)
		f.Close()
		got := http.DetectContentType(head[:n])
		if sniffed[ctype] && got != ctype || ctype == "text/plain" && !strings.HasPrefix(got, "text/plain") {
			return fmt.Sprintf("附件“%s”的内容与扩展名不符", fh.Filename)
		}
	}
	return ""
}

// saveUploads stores each file the way the API does (saveAttachment) and
// records it. The appeal already exists, so a failure here loses a file,
// not the appeal; the citizen is told on the next page.
func (ui *webUI) saveUploads(ctx context.Context, a *minyi.Appeal, files []*multipart.FileHeader) error {
	as, ok := ui.s.svc.(attachmentStore)
	if !ok {
		return errors.New("the store keeps no attachments")
	}
	for _, fh := range files {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		att, err := ui.s.saveAttachment(f, fh)
		f.Close()
		if err != nil {
			return err
		}
		att.AppealID, att.CreatedAt = a.ID, ui.s.now()
		if err := as.AddAttachment(ctx, att); err != nil {
			_ = os.Remove(filepath.Join(ui.s.cfg.DataDir, filepath.FromSlash(att.Path)))
			return err
		}
	}
	return nil
}

type submittedData struct {
	TrackingNo  string
	FilesFailed bool
}

// submitted shows the tracking number and how to follow the appeal. It shows
// nothing of the appeal itself, so it needs no proof.
func (ui *webUI) submitted(w http.ResponseWriter, r *http.Request) {
	no := r.PathValue("no")
	if !trackingNoRE.MatchString(no) {
		ui.notFound(w, r)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "submitted.title"))
	p.Data = submittedData{TrackingNo: no, FilesFailed: r.URL.Query().Get("files") == "failed"}
	ui.render(w, r, http.StatusOK, "submitted", "", p)
}

type loginData struct{ Next string }

func (ui *webUI) loginForm(w http.ResponseWriter, r *http.Request) {
	p := ui.newPage(r, translate(langOf(r), "login.title"))
	p.Nav = "login"
	p.Data = loginData{Next: localPath(r.URL.Query().Get("next"), "")}
	ui.render(w, r, http.StatusOK, "login", "", p)
}

// loginPost signs a user in; failures are counted per username so a
// password cannot be guessed quickly.
func (ui *webUI) loginPost(w http.ResponseWriter, r *http.Request) {
	p := ui.newPage(r, translate(langOf(r), "login.title"))
	p.Nav = "login"
	username := strings.TrimSpace(r.PostFormValue("username"))
	next := localPath(r.PostFormValue("next"), "")
	p.Form = url.Values{"username": {username}}
	p.Data = loginData{Next: next}
	// The API's login, so failures count across both.
	u, err := ui.s.loginLimited(w, r, username, r.PostFormValue("password"))
	switch minyi.ErrorCode(err) {
	case "":
	case minyi.ETOOMANY:
		p.Error = translate(p.Lang, "login.too_many")
		ui.render(w, r, http.StatusTooManyRequests, "login", "", p)
		return
	case minyi.EUNAUTHORIZED:
		p.Error = translate(p.Lang, "login.failed")
		ui.render(w, r, http.StatusUnauthorized, "login", "", p)
		return
	default:
		ui.errorPage(w, r, err)
		return
	}
	if next == "" {
		next = homeOf(u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// logoutForm asks before logging out: a GET must not end a session, or any
// page elsewhere could log a user out with an image tag.
func (ui *webUI) logoutForm(w http.ResponseWriter, r *http.Request) {
	if userFrom(r) == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	ui.render(w, r, http.StatusOK, "logout", "", ui.newPage(r, translate(langOf(r), "nav.logout")))
}

func (ui *webUI) logoutPost(w http.ResponseWriter, r *http.Request) {
	ui.s.logout(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
