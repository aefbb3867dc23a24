package http

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"minyi"
)

// A citizen proves they filed an appeal with its tracking number and the
// last four digits of the phone given with it. The proof is remembered for a
// short while in a signed cookie bound to that one tracking number, so the
// appeal, its timeline and the rating page never show without it.
const (
	proofCookie = "minyi_proof"
	proofTTL    = 30 * time.Minute
)

func (ui *webUI) proofMAC(no string, exp int64) string {
	m := hmac.New(sha256.New, ui.key)
	m.Write([]byte(no + "|" + strconv.FormatInt(exp, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// setProof remembers that the visitor proved ownership of appeal no.
func (ui *webUI) setProof(w http.ResponseWriter, no string) {
	exp := ui.s.now().Add(proofTTL).Unix()
	http.SetCookie(w, &http.Cookie{
		Name: proofCookie, Value: no + "." + strconv.FormatInt(exp, 10) + "." + ui.proofMAC(no, exp),
		Path: "/", MaxAge: int(proofTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: ui.s.cfg.SecureCookies,
	})
}

// hasProof reports whether the request carries a valid, unexpired proof for
// appeal no.
func (ui *webUI) hasProof(r *http.Request, no string) bool {
	c, err := r.Cookie(proofCookie)
	if err != nil {
		return false
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 3 || parts[0] != no {
		return false
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || ui.s.now().Unix() > exp {
		return false
	}
	return hmac.Equal([]byte(parts[2]), []byte(ui.proofMAC(no, exp)))
}

func (ui *webUI) trackForm(w http.ResponseWriter, r *http.Request) {
	p := ui.newPage(r, translate(langOf(r), "track.title"))
	p.Nav = "track"
	p.Form = url.Values{"no": {strings.TrimSpace(r.URL.Query().Get("no"))}}
	ui.render(w, r, http.StatusOK, "track_form", "", p)
}

// trackPost checks the tracking number and phone digits. A wrong number and
// wrong digits get the same answer, so neither is confirmed on its own, and
// failures per number are limited.
func (ui *webUI) trackPost(w http.ResponseWriter, r *http.Request) {
	p := ui.newPage(r, translate(langOf(r), "track.title"))
	p.Nav = "track"
	no := strings.ToUpper(strings.TrimSpace(r.PostFormValue("no")))
	last4 := strings.TrimSpace(r.PostFormValue("last4"))
	p.Form = url.Values{"no": {no}}
	if no == "" {
		p.Errors["no"] = "请填写诉求编号"
	}
	if len(last4) != 4 || strings.Trim(last4, "0123456789") != "" {
		p.Errors["last4"] = "请填写手机号码后 4 位数字"
	}
	if len(p.Errors) > 0 {
		ui.render(w, r, http.StatusBadRequest, "track_form", "", p)
		return
	}
	// The API's phone check, so failures count across both.
	a, err := ui.s.verifyCitizen(r.Context(), no, last4)
	switch minyi.ErrorCode(err) {
	case "":
	case minyi.ETOOMANY:
		p.Error = translate(p.Lang, "track.too_many")
		ui.render(w, r, http.StatusTooManyRequests, "track_form", "", p)
		return
	case minyi.ENOTFOUND, minyi.EINVALID:
		p.Error = translate(p.Lang, "track.mismatch")
		ui.render(w, r, http.StatusNotFound, "track_form", "", p)
		return
	default:
		ui.errorPage(w, r, err)
		return
	}
	ui.setProof(w, a.TrackingNo)
	http.Redirect(w, r, "/track/"+url.PathEscape(a.TrackingNo), http.StatusSeeOther)
}

type trackData struct {
	Appeal   *minyi.Appeal  // deidentify
	Events   []*minyi.Event // citizenTimeline, deidentifyNotes
	Step     int
	CanRate  bool
	Deadline *time.Time
}

// trackShow shows an appeal to the citizen who proved they filed it.
func (ui *webUI) trackShow(w http.ResponseWriter, r *http.Request) {
	no := r.PathValue("no")
	if !ui.hasProof(r, no) {
		http.Redirect(w, r, "/track?no="+url.QueryEscape(no), http.StatusSeeOther)
		return
	}
	ctx := r.Context()
	a, err := ui.s.svc.FindAppeal(ctx, no, minyi.Scope{All: true})
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	evs, err := ui.s.svc.Timeline(ctx, a.ID)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	d := trackData{Appeal: deidentify(a), Step: progressStep(a.Status), CanRate: a.Status == minyi.StatusReplied}
	if a.Status.AtUnit() {
		d.Deadline = a.CompleteDue
	}
	d.Events = deidentifyNotes(citizenTimeline(evs))
	p := ui.newPage(r, translate(langOf(r), "track.title"))
	p.Nav = "track"
	p.Data = d
	ui.render(w, r, http.StatusOK, "track", "", p)
}

type rateData struct {
	Appeal *minyi.Appeal // deidentify
}

// rateAppeal loads the appeal for the rating page after checking the proof.
func (ui *webUI) rateAppeal(w http.ResponseWriter, r *http.Request) (*minyi.Appeal, bool) {
	no := r.PathValue("no")
	if !ui.hasProof(r, no) {
		http.Redirect(w, r, "/track?no="+url.QueryEscape(no), http.StatusSeeOther)
		return nil, false
	}
	a, err := ui.s.svc.FindAppeal(r.Context(), no, minyi.Scope{All: true})
	if err != nil {
		ui.errorPage(w, r, err)
		return nil, false
	}
	return a, true
}

func (ui *webUI) rateForm(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.rateAppeal(w, r)
	if !ok {
		return
	}
	p := ui.newPage(r, translate(langOf(r), "rate.title"))
	p.Nav = "track"
	p.Data = rateData{Appeal: deidentify(a)}
	ui.render(w, r, http.StatusOK, "rate", "", p)
}

// ratePost records the citizen's rating (好差评). A 不满意 sends the appeal
// back to the unit for 重办; the workflow decides that, not this page.
func (ui *webUI) ratePost(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.rateAppeal(w, r)
	if !ok {
		return
	}
	// The staff page's rating form is read the same way; here the
	// comment has its own field.
	req := actionRequest(r, minyi.ActRate)
	req.Note = strings.ReplaceAll(r.PostFormValue("comment"), "\r\n", "\n")
	actor := minyi.Actor{Role: minyi.RoleCitizen, Name: "市民", Verified: true}
	if _, err := ui.s.svc.Act(r.Context(), a.TrackingNo, req, actor, minyi.Scope{All: true}); err != nil {
		if c := minyi.ErrorCode(err); c != minyi.EINVALID && c != minyi.ECONFLICT {
			ui.errorPage(w, r, err)
			return
		}
		p := ui.newPage(r, translate(langOf(r), "rate.title"))
		p.Nav = "track"
		p.Form = r.PostForm
		p.Error = minyi.ErrorMessage(err)
		for k, v := range minyi.ErrorFields(err) {
			p.Errors[k] = v
		}
		p.Data = rateData{Appeal: deidentify(a)}
		ui.render(w, r, httpStatus(err), "rate", "", p)
		return
	}
	http.Redirect(w, r, "/track/"+url.PathEscape(a.TrackingNo)+"?ok=rated", http.StatusSeeOther)
}

func ptr[T any](v T) *T { return &v }
