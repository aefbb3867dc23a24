package http

import (
	"net/http"
	"time"

	"minyi"
)

// registerAPI registers the JSON API under /api/v1. Every handler writes
// JSON, errors included (see apiError).
func (s *Server) registerAPI() {
	if s.limits == nil {
		s.limits = newAttemptLimiter(10, 15*time.Minute)
	}
	if s.similarLimits == nil {
		s.similarLimits = newAttemptLimiter(similarPerMinute, time.Minute)
	}
	m := s.mux
	m.HandleFunc("POST /api/v1/login", s.apiLogin)
	m.HandleFunc("POST /api/v1/logout", s.apiLogout)
	m.HandleFunc("GET /api/v1/me", s.apiMe)

	m.HandleFunc("POST /api/v1/appeals", s.apiCreateAppeal)
	m.HandleFunc("GET /api/v1/appeals", s.apiListAppeals)
	m.HandleFunc("GET /api/v1/appeals/export.csv", s.apiExportAppeals)
	m.HandleFunc("GET /api/v1/appeals/{no}/advice", s.apiAdvice)
	m.HandleFunc("POST /api/v1/similar", s.apiSimilar)
	m.HandleFunc("GET /api/v1/appeals/{no}", s.apiGetAppeal)
	m.HandleFunc("GET /api/v1/appeals/{no}/reply-quality", s.apiReplyQuality)
	m.HandleFunc("GET /api/v1/reply-quality", s.apiReplyList)
	m.HandleFunc("POST /api/v1/appeals/{no}/attachments", s.apiUploadAttachment)
	m.HandleFunc("POST /api/v1/appeals/{no}/{action}", s.apiAct)
	m.HandleFunc("GET /api/v1/attachments/{id}", s.apiGetAttachment)
	m.HandleFunc("GET /api/v1/queues", s.apiQueues)

	m.HandleFunc("GET /api/v1/units", s.apiListUnits)
	m.HandleFunc("POST /api/v1/units", s.apiCreateUnit)
	m.HandleFunc("PUT /api/v1/units/{id}", s.apiUpdateUnit)
	m.HandleFunc("GET /api/v1/users", s.apiListUsers)
	m.HandleFunc("POST /api/v1/users", s.apiCreateUser)
	m.HandleFunc("PUT /api/v1/users/{id}", s.apiUpdateUser)
	m.HandleFunc("GET /api/v1/categories", s.apiListCategories)
	m.HandleFunc("POST /api/v1/categories/import", s.apiImportCategories)
	m.HandleFunc("GET /api/v1/settings", s.apiGetSettings)
	m.HandleFunc("PUT /api/v1/settings", s.apiPutSettings)
	m.HandleFunc("GET /api/v1/audit", s.apiListAudit)
	m.HandleFunc("GET /api/v1/models", s.apiListModels)
	m.HandleFunc("GET /api/v1/hotspots", s.apiHotIssues)
	m.HandleFunc("GET /api/v1/needs", s.apiNeeds)
	m.HandleFunc("GET /api/v1/search", s.apiSearch)
	m.HandleFunc("POST /api/v1/search/feedback", s.apiSearchFeedback)
	m.HandleFunc("POST /api/v1/search/click", s.apiSearchClick)
	m.HandleFunc("GET /api/v1/trends", s.apiTrends)
	m.HandleFunc("GET /api/v1/trends.csv", s.apiTrendsExport)
	m.HandleFunc("GET /api/v1/trends.xlsx", s.apiTrendsExport)
	m.HandleFunc("GET /api/v1/kpi", s.apiKPI)
	m.HandleFunc("GET /api/v1/kpi.csv", s.apiKPIExport)
	m.HandleFunc("GET /api/v1/kpi.xlsx", s.apiKPIExport)
	m.HandleFunc("GET /api/v1/kpi/appeals", s.apiKPIAppeals)
	m.HandleFunc("GET /api/v1/kpi/snapshots", s.apiKPISnapshots)
	m.HandleFunc("POST /api/v1/kpi/publish", s.apiKPIPublish)
	m.HandleFunc("GET /api/v1/evaluation/rounds", s.apiEvaluationRounds)
	m.HandleFunc("POST /api/v1/evaluation/rounds", s.apiEvaluationCreate)
	m.HandleFunc("GET /api/v1/evaluation/rounds/{id}", s.apiEvaluationRound)
	m.HandleFunc("POST /api/v1/evaluation/rounds/{id}/calls", s.apiEvaluationCall)
	m.HandleFunc("POST /api/v1/evaluation/rounds/{id}/callbacks", s.apiEvaluationCallback)
	m.HandleFunc("GET /api/v1/evaluation/rounds/{id}/report", s.apiEvaluationReport)
	m.HandleFunc("GET /api/v1/evaluation/rounds/{id}/report.pdf", s.apiEvaluationReportPDF)
	m.HandleFunc("POST /api/v1/evaluation/rounds/{id}/publish", s.apiEvaluationPublish)
	m.HandleFunc("GET /api/v1/scoreboard", s.apiScoreboard)
	m.HandleFunc("GET /api/v1/brief", s.apiBrief)
	m.HandleFunc("GET /api/v1/brief.pdf", s.apiBriefPDF)
	m.HandleFunc("GET /api/v1/dashboard", s.apiDashboard)
	m.HandleFunc("POST /api/v1/tokens", s.apiCreateToken)
	s.registerChatAPI()
	s.registerCannedAPI()
	s.registerSurveyAPI()

	m.HandleFunc("GET /api/v1/services", s.apiListServices)
	m.HandleFunc("GET /api/v1/services/facets", s.apiServiceFacets)
	m.HandleFunc("GET /api/v1/services/health", s.apiServiceHealth)
	m.HandleFunc("GET /api/v1/services/{id}", s.apiGetService)
	m.HandleFunc("POST /api/v1/services", s.apiCreateService)
	m.HandleFunc("PUT /api/v1/services/{id}", s.apiUpdateService)
	m.HandleFunc("GET /api/v1/policies", s.apiListPolicies)
	m.HandleFunc("GET /api/v1/policies/{id}", s.apiGetPolicy)
	m.HandleFunc("POST /api/v1/policies", s.apiCreatePolicy)
	m.HandleFunc("PUT /api/v1/policies/{id}", s.apiUpdatePolicy)

	// Anything else under /api/v1 is a JSON 404, not the HTML one.
	m.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		s.apiError(w, r, minyi.Errorf(minyi.ENOTFOUND, "接口不存在：%s %s", "no such endpoint: %s %s", r.Method, r.URL.Path))
	})
}
