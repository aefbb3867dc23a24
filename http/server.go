// Package http serves Minyi's web pages and its JSON API (/api/v1) over the
// domain services. Pages and API share handlers' logic; pages render
// html/template, the API writes JSON.
package http

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"minyi"
	"minyi/search"
)

// Services are the domain services the server needs; one store
// implements them all.
type Services interface {
	minyi.AppealService
	minyi.UnitService
	minyi.UserService
	minyi.CategoryService
	minyi.AuditService
	minyi.SettingsService
	minyi.ChatService
	minyi.CannedTextService
	minyi.ServiceItemService
	minyi.PolicyService
	minyi.SurveyService
}

// Config is everything the server is built from; nothing is global.
type Config struct {
	Services Services
	DataDir  string // attachments are stored under DataDir/attachments
	Logger   *slog.Logger
	Now      func() time.Time // for tests; time.Now when nil
	// SecureCookies marks cookies Secure (behind HTTPS).
	SecureCookies bool
	// Advisor suggests routing and finds similar open appeals (advice.go).
	// Nil: no advice and no similar appeals are shown anywhere.
	Advisor minyi.Advisor
	// HotIssues is the latest hot-issue analysis (package analytics).
	// Nil: the hot-issue page and API say none is available.
	HotIssues HotIssueSource
	// Search answers the search box; nil: built on Services when it is a
	// search index and log (the store is), else the search is unavailable.
	Search *search.Engine
	// Signals carries the live chat's change signals to the other
	// instances; nil with one instance. Signals from the other instances
	// come in through Server.Signal.
	Signals SignalSender
}

// Server is Minyi's HTTP server.
type Server struct {
	cfg Config
	svc Services
	log *slog.Logger
	mux *http.ServeMux
	now func() time.Time
	// limits counts failed logins and phone checks (api_limit.go).
	limits *attemptLimiter
	// similarLimits counts public similar-appeal look-ups per client.
	similarLimits *attemptLimiter
	// briefs keeps the daily briefs built lately (api_brief.go).
	briefs *briefCache
	// chatLimits counts the chats each client address starts.
	chatLimits *attemptLimiter
	// surveyLimits counts the open-link answers each client address sends.
	surveyLimits *attemptLimiter
	// events fans out chat changes to event streams (chat_broker.go).
	events *broker
	// consoles counts the agents' open consoles.
	consoles consoles
	// sweep is when abandoned chats were last looked for (sweepChats).
	sweep struct {
		sync.Mutex
		last time.Time
	}
	// handling is the chats' average handling time, read at (averageHandling).
	handling struct {
		sync.Mutex
		at    time.Time
		value time.Duration
	}
	// integrity caches the audit chain's verification for the KPI pages.
	integrity kpiIntegrity
	// search answers the search box (api_search.go); nil when unavailable.
	search *search.Engine
	// health keeps the catalogue's latest health report (api_services_health.go).
	health healthCache
}

// CloseStreams ends the open event streams (live chat), which would
// otherwise keep a graceful shutdown waiting until its deadline; the
// browsers reconnect to another instance or to the restarted one.
func (s *Server) CloseStreams() { s.events.close() }

// NewServer builds the server and its routes.
func NewServer(cfg Config) *Server {
	s := &Server{cfg: cfg, svc: cfg.Services, log: cfg.Logger, mux: http.NewServeMux(), now: cfg.Now,
		briefs: &briefCache{entries: map[string]*briefEntry{}}, events: newBroker(cfg.Signals),
		chatLimits: newAttemptLimiter(chatStartsPerHour, time.Hour), surveyLimits: newAttemptLimiter(surveyAnswersPerHour, time.Hour)}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.search = cfg.Search
	if ix, ok := cfg.Services.(search.Index); ok && s.search == nil {
		s.search = &search.Engine{Index: ix}
		s.search.Log, _ = cfg.Services.(search.Log)
	}
	s.routes()
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler().ServeHTTP(w, r)
}

type ctxKey int

const userKey ctxKey = 1

// withUser stores the authenticated user in the request context.
func withUser(ctx context.Context, u *minyi.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// userFrom returns the authenticated user, or nil for anonymous visitors.
func userFrom(r *http.Request) *minyi.User {
	u, _ := r.Context().Value(userKey).(*minyi.User)
	return u
}

// statusOf maps application error codes to HTTP statuses.
var statusOf = map[string]int{
	minyi.ECONFLICT:     http.StatusConflict,
	minyi.EINVALID:      http.StatusBadRequest,
	minyi.ENOTFOUND:     http.StatusNotFound,
	minyi.EUNAUTHORIZED: http.StatusUnauthorized,
	minyi.EFORBIDDEN:    http.StatusForbidden,
	minyi.ETOOMANY:      http.StatusTooManyRequests,
	minyi.EINTERNAL:     http.StatusInternalServerError,
	codeTooLarge:        http.StatusRequestEntityTooLarge,
}

// httpStatus returns the status for an error.
func httpStatus(err error) int {
	if st, ok := statusOf[minyi.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}
