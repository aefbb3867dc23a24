package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"minyi"
	"minyi/evaluation"
)

// The third-party evaluation's pages (第三方评估): the rounds with the new
// round form, one round's sample with a callback form per appeal, and the
// report. Every page shows appeals de-identified, as the API does.

type evaluationListData struct {
	Rounds []*evaluation.Round
	Strata map[string]bool // ticked in the form
}

// evaluationPage handles GET /work/evaluation.
func (ui *webUI) evaluationPage(w http.ResponseWriter, r *http.Request) {
	ui.renderEvaluationList(w, r, http.StatusOK, nil)
}

func (ui *webUI) renderEvaluationList(w http.ResponseWriter, r *http.Request, status int, p *page) {
	if _, err := requireEvaluator(r); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	src, err := ui.s.evaluationSource()
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	list, err := src.EvaluationRounds(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if p == nil {
		p = ui.newPage(r, translate(langOf(r), "eval.title"))
		p.Form = url.Values{"mode": {evaluation.Proportional}, "size": {"100"}, "min": {"5"}, "per_stratum": {"10"}, "strata": {evaluation.ByUnit}}
	}
	d := evaluationListData{Rounds: list, Strata: map[string]bool{}}
	for _, k := range p.Form["strata"] {
		d.Strata[k] = true
	}
	p.Nav, p.Data = "evaluation", d
	ui.render(w, r, status, "work_evaluation", "", p)
}

// evaluationCreate handles POST /work/evaluation: the new round form.
func (ui *webUI) evaluationCreate(w http.ResponseWriter, r *http.Request) {
	u, err := requireEvaluator(r)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单无效", "bad form"))
		return
	}
	f := r.PostForm
	in := roundInput{Name: f.Get("name"), Period: f.Get("period"), Strata: f["strata"], Mode: f.Get("mode"), Seed: f.Get("seed")}
	fields := map[string]string{}
	num := func(name string) int {
		v := strings.TrimSpace(f.Get(name))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			fields[name] = "应为整数"
		}
		return n
	}
	in.Size, in.Min, in.PerStratum = num("size"), num("min"), num("per_stratum")
	in.numErrs = fields
	round, err := ui.s.createRound(r.Context(), u, in)
	if err != nil {
		if !formError(err) {
			ui.errorPage(w, r, err)
			return
		}
		p := ui.newPage(r, translate(langOf(r), "eval.title"))
		p.Form, p.Error, p.Errors = f, errorText(p.Lang, err), orEmpty(minyi.ErrorFields(err))
		ui.renderEvaluationList(w, r, httpStatus(err), p)
		return
	}
	http.Redirect(w, r, "/work/evaluation/"+strconv.FormatInt(round.ID, 10)+"?ok=eval_created", http.StatusSeeOther)
}

type evaluationRoundData struct {
	*roundSample
	FormNo string // the appeal whose callback form came back with errors
}

// evaluationRoundPage handles GET /work/evaluation/{round}.
func (ui *webUI) evaluationRoundPage(w http.ResponseWriter, r *http.Request) {
	ui.renderEvaluationRound(w, r, http.StatusOK, nil)
}

func (ui *webUI) renderEvaluationRound(w http.ResponseWriter, r *http.Request, status int, p *page) {
	_, id, err := evaluatorRound(r, "round")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	smp, err := ui.s.loadSample(r.Context(), id)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if p == nil {
		p = ui.newPage(r, smp.Round.Name)
	}
	p.Title, p.Nav = smp.Round.Name, "evaluation"
	d := evaluationRoundData{roundSample: smp}
	if p.Form != nil {
		d.FormNo = p.Form.Get("tracking_no")
	}
	p.Data = d
	ui.render(w, r, status, "work_evaluation_round", "", p)
}

// roundPath is a round's page.
func roundPath(id int64) string { return "/work/evaluation/" + strconv.FormatInt(id, 10) }

// evaluationCall handles POST /work/evaluation/{round}/call (拨打).
func (ui *webUI) evaluationCall(w http.ResponseWriter, r *http.Request) {
	u, id, err := evaluatorRound(r, "round")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	no := r.PostFormValue("tracking_no")
	if _, err := ui.s.recordCall(r.Context(), u, id, no); err != nil {
		if !formError(err) {
			ui.errorPage(w, r, err)
			return
		}
		p := ui.newPage(r, "")
		p.Error = errorText(p.Lang, err)
		ui.renderEvaluationRound(w, r, httpStatus(err), p)
		return
	}
	http.Redirect(w, r, roundPath(id)+"?ok=eval_called#item-"+url.PathEscape(no), http.StatusSeeOther)
}

// evaluationCallback handles POST /work/evaluation/{round}/callbacks: one
// appeal's callback form.
func (ui *webUI) evaluationCallback(w http.ResponseWriter, r *http.Request) {
	u, id, err := evaluatorRound(r, "round")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.errorPage(w, r, minyi.Errorf(minyi.EINVALID, "表单无效", "bad form"))
		return
	}
	f := r.PostForm
	in := callbackInput{TrackingNo: f.Get("tracking_no"), Reached: f.Get("reached") == "1", Solved: f.Get("solved"), Notes: f.Get("notes")}
	in.Attempts, _ = strconv.Atoi(strings.TrimSpace(f.Get("attempts")))
	sat, _ := minyi.ParseRating(f.Get("satisfaction"))
	in.Satisfaction = ratingValue(sat)
	switch f.Get("unit_contacted") {
	case "1":
		yes := true
		in.Contacted = &yes
	case "0":
		no := false
		in.Contacted = &no
	}
	if _, err := ui.s.saveCallback(r.Context(), u, id, in); err != nil {
		if !formError(err) {
			ui.errorPage(w, r, err)
			return
		}
		p := ui.newPage(r, "")
		p.Form, p.Error, p.Errors = f, errorText(p.Lang, err), orEmpty(minyi.ErrorFields(err))
		ui.renderEvaluationRound(w, r, httpStatus(err), p)
		return
	}
	http.Redirect(w, r, roundPath(id)+"?ok=eval_saved#item-"+url.PathEscape(in.TrackingNo), http.StatusSeeOther)
}

type evaluationReportData struct {
	Report   *evaluation.Report
	Round    *evaluation.Round
	Method   string
	Verified bool
}

// evaluationReportPage handles GET /work/evaluation/{round}/report.
func (ui *webUI) evaluationReportPage(w http.ResponseWriter, r *http.Request) {
	ui.renderEvaluationReport(w, r, http.StatusOK, nil)
}

func (ui *webUI) renderEvaluationReport(w http.ResponseWriter, r *http.Request, status int, p *page) {
	_, id, err := evaluatorRound(r, "round")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	rep, round, err := ui.s.evaluationReport(r.Context(), id)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if p == nil {
		p = ui.newPage(r, "")
	}
	p.Title, p.Nav = rep.Title(), "evaluation"
	p.Data = evaluationReportData{Report: rep, Round: round, Method: evaluation.MethodText, Verified: round.Verify()}
	ui.render(w, r, status, "work_evaluation_report", "", p)
}

// evaluationReportPDF handles GET /work/evaluation/{round}/report.pdf.
func (ui *webUI) evaluationReportPDF(w http.ResponseWriter, r *http.Request) {
	_, id, err := evaluatorRound(r, "round")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	rep, round, err := ui.s.evaluationReport(r.Context(), id)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	// The report is written to a buffer first: an error still shows a page.
	if err := sendEvaluationPDF(w, rep, round); err != nil {
		ui.errorPage(w, r, err)
	}
}

// evaluationPublish handles POST /work/evaluation/{round}/publish.
func (ui *webUI) evaluationPublish(w http.ResponseWriter, r *http.Request) {
	u, id, err := evaluatorRound(r, "round")
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	if _, err := ui.s.publishEvaluation(r.Context(), u, id); err != nil {
		if !formError(err) {
			ui.errorPage(w, r, err)
			return
		}
		p := ui.newPage(r, "")
		p.Error = errorText(p.Lang, err)
		ui.renderEvaluationReport(w, r, httpStatus(err), p)
		return
	}
	http.Redirect(w, r, roundPath(id)+"/report?ok=eval_published", http.StatusSeeOther)
}
