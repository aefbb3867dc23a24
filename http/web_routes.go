package http

import "net/http"

// registerWeb registers the HTML pages: the public site for citizens, the
// staff workbench under /work and administration under /admin.
func (s *Server) registerWeb() {
	ui, err := newWebUI(s)
	if err != nil {
		// Templates and static files are embedded: this is a build defect.
		panic("web: " + err.Error())
	}
	m := s.mux
	m.HandleFunc("GET /static/{file...}", ui.serveStatic)
	m.HandleFunc("POST /prefs", ui.prefs)

	// Public pages.
	m.HandleFunc("GET /{$}", ui.home)
	m.HandleFunc("GET /search", ui.search)
	m.HandleFunc("GET /search/go", ui.searchGo)
	m.HandleFunc("POST /search/feedback", ui.searchFeedback)
	m.HandleFunc("GET /submit", ui.submitForm)
	m.HandleFunc("POST /submit", ui.submitPost)
	m.HandleFunc("POST /submit/similar", ui.submitSimilar)
	m.HandleFunc("POST /support/{no}", ui.supportPost)
	m.HandleFunc("GET /submitted/{no}", ui.submitted)
	m.HandleFunc("GET /track", ui.trackForm)
	m.HandleFunc("POST /track", ui.trackPost)
	m.HandleFunc("GET /track/{no}", ui.trackShow)
	m.HandleFunc("GET /rate/{no}", ui.rateForm)
	m.HandleFunc("POST /rate/{no}", ui.ratePost)
	m.HandleFunc("GET /scoreboard", ui.scoreboardPage)
	m.HandleFunc("GET /login", ui.loginForm)
	m.HandleFunc("POST /login", ui.loginPost)
	m.HandleFunc("GET /logout", ui.logoutForm)
	m.HandleFunc("POST /logout", ui.logoutPost)
	m.HandleFunc("GET /services", ui.servicesPage)
	m.HandleFunc("GET /services/{id}", ui.guidePage)
	m.HandleFunc("GET /policies", ui.policiesPage)
	m.HandleFunc("GET /policies/{id}", ui.policyPage)

	// Staff workbench.
	m.HandleFunc("GET /work", ui.overview)
	m.HandleFunc("GET /work/dispatch", ui.dispatchQueue)
	m.HandleFunc("POST /work/dispatch/{no}", ui.dispatchAct)
	m.HandleFunc("GET /work/queue", ui.queue)
	m.HandleFunc("GET /work/supervise", ui.supervise)
	m.HandleFunc("GET /work/hotspots", ui.hotIssuesPage)
	m.HandleFunc("GET /work/needs", ui.needsPage)
	m.HandleFunc("GET /work/replies", ui.repliesPage)
	m.HandleFunc("GET /work/appeals", ui.appealsPage)
	m.HandleFunc("GET /work/trends", ui.trendsPage)
	m.HandleFunc("GET /work/brief", ui.briefPage)
	m.HandleFunc("GET /work/brief.pdf", ui.briefPDF)
	m.HandleFunc("GET /work/dashboard", ui.dashboardPage)
	m.HandleFunc("GET /work/kpi", ui.kpiPage)
	m.HandleFunc("POST /work/kpi/publish", ui.kpiPublish)
	m.HandleFunc("GET /work/kpi/appeals", ui.kpiAppealsPage)
	m.HandleFunc("GET /work/evaluation", ui.evaluationPage)
	m.HandleFunc("POST /work/evaluation", ui.evaluationCreate)
	m.HandleFunc("GET /work/evaluation/{round}", ui.evaluationRoundPage)
	m.HandleFunc("POST /work/evaluation/{round}/call", ui.evaluationCall)
	m.HandleFunc("POST /work/evaluation/{round}/callbacks", ui.evaluationCallback)
	m.HandleFunc("GET /work/evaluation/{round}/report", ui.evaluationReportPage)
	m.HandleFunc("GET /work/evaluation/{round}/report.pdf", ui.evaluationReportPDF)
	m.HandleFunc("POST /work/evaluation/{round}/publish", ui.evaluationPublish)
	m.HandleFunc("GET /work/appeals/{no}", ui.appeal)
	m.HandleFunc("POST /work/appeals/{no}/act/{action}", ui.appealAct)
	m.HandleFunc("POST /work/appeals/{no}/contact", ui.viewContact)
	m.HandleFunc("GET /work/appeals/{no}/attachments/{id}", ui.attachment)
	m.HandleFunc("GET /work/services", ui.workServices)
	m.HandleFunc("GET /work/services/new", ui.serviceNew)
	m.HandleFunc("POST /work/services/new", ui.serviceCreate)
	m.HandleFunc("GET /work/services/health", ui.serviceHealth)
	m.HandleFunc("GET /work/services/{id}/edit", ui.serviceEdit)
	m.HandleFunc("POST /work/services/{id}/edit", ui.serviceUpdate)
	m.HandleFunc("GET /work/policies/new", ui.policyNew)
	m.HandleFunc("POST /work/policies/new", ui.policySave)
	m.HandleFunc("GET /work/policies/{id}/edit", ui.policyEdit)
	m.HandleFunc("POST /work/policies/{id}/edit", ui.policySave)
	ui.registerCannedPages(m)

	// Administration.
	m.HandleFunc("GET /admin/units", ui.adminUnits)
	m.HandleFunc("POST /admin/units", ui.adminUnitCreate)
	m.HandleFunc("GET /admin/users", ui.adminUsers)
	m.HandleFunc("POST /admin/users", ui.adminUserCreate)
	m.HandleFunc("POST /admin/users/{id}/toggle", ui.adminUserToggle)
	m.HandleFunc("GET /admin/categories", ui.adminCategories)
	m.HandleFunc("POST /admin/categories", ui.adminCategoriesImport)
	m.HandleFunc("GET /admin/settings", ui.adminSettings)
	m.HandleFunc("POST /admin/settings", ui.adminSettingsSave)
	m.HandleFunc("GET /admin/audit", ui.adminAudit)
	m.HandleFunc("GET /admin/models", ui.adminModels)

	ui.registerChatWeb(m)
	ui.registerSurveyWeb(m)

	// Every other path is a page that does not exist.
	m.HandleFunc("/", ui.notFound)
}

// prefs stores the language and the large-font switch in cookies and goes
// back to the page the visitor came from.
func (ui *webUI) prefs(w http.ResponseWriter, r *http.Request) {
	const year = 365 * 24 * 3600
	if l := r.FormValue("lang"); l == "zh" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: year, SameSite: http.SameSiteLaxMode, Secure: ui.s.cfg.SecureCookies})
	}
	if f := r.FormValue("font"); f == "large" || f == "normal" {
		http.SetCookie(w, &http.Cookie{Name: fontCookie, Value: f, Path: "/", MaxAge: year, SameSite: http.SameSiteLaxMode, Secure: ui.s.cfg.SecureCookies})
	}
	http.Redirect(w, r, localPath(r.FormValue("back"), "/"), http.StatusSeeOther)
}
