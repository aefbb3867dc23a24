package http

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"minyi"
	"minyi/qr"
	"minyi/text"
)

// Satisfaction surveys (满意度调查): supervisors and admins build and
// publish them; evaluators read results too. Respondents answer on the
// public page /s/{code} without an account.

// respondentCookie holds an open-link respondent's random token: one
// answer per survey per browser.
const respondentCookie = "minyi_respondent"

// surveyAnswersPerHour bounds the open-link answers from one client
// address: a cookie is easily dropped, an address less so, while a
// service hall's shared network still gets plenty.
const surveyAnswersPerHour = 120

// maxAttrLen caps the district and group an open link carries.
const maxAttrLen = 50

func requireSurveyBuilder(r *http.Request) (*minyi.User, error) {
	return requireRole(r, minyi.RoleSupervisor, minyi.RoleAdmin)
}

func requireSurveyReader(r *http.Request) (*minyi.User, error) {
	return requireRole(r, minyi.RoleSupervisor, minyi.RoleAdmin, minyi.RoleEvaluator)
}

// canBuildSurveys is requireSurveyBuilder for templates.
func canBuildSurveys(u *minyi.User) bool {
	return u != nil && (u.Role == minyi.RoleSupervisor || u.Role == minyi.RoleAdmin)
}

// surveyLink is the absolute public link of a survey, with an invitation
// token when one is given. Behind a TLS-terminating proxy the scheme comes
// from X-Forwarded-Proto: the link is only shown, never trusted.
func (s *Server) surveyLink(r *http.Request, code, token string) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	link := scheme + "://" + r.Host + "/s/" + url.PathEscape(code)
	if token != "" {
		link += "?t=" + url.QueryEscape(token)
	}
	return link
}

// surveyQR draws the QR code of a survey's link.
func (s *Server) surveyQR(r *http.Request, code string) (string, error) {
	return qr.SVG(s.surveyLink(r, code, ""), 4)
}

// surveyResults counts a survey's responses with free text de-identified:
// suggestions often name the clerk or leave a phone number.
func (s *Server) surveyResults(ctx context.Context, sv *minyi.Survey) (*minyi.SurveyResults, error) {
	list, err := s.svc.SurveyResponses(ctx, sv.ID)
	if err != nil {
		return nil, err
	}
	return minyi.Tally(sv, list, text.Mask), nil
}

// respondent says who answers: an invitation token t, or on an open link
// the browser's cookie token (made and set here when missing) with the
// district and group the link carries.
type respondent struct {
	Token           string
	Invited         bool
	District, Group string
}

func (s *Server) respondentFor(w http.ResponseWriter, r *http.Request, invitation, district, group string) respondent {
	if invitation = strings.TrimSpace(invitation); invitation != "" {
		return respondent{Token: invitation, Invited: true}
	}
	rs := respondent{District: clipAttr(district), Group: clipAttr(group)}
	if c, err := r.Cookie(respondentCookie); err == nil && c.Value != "" && len(c.Value) <= 64 {
		rs.Token = c.Value
		return rs
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	rs.Token = base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: respondentCookie, Value: rs.Token, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	return rs
}

func clipAttr(v string) string {
	v = strings.TrimSpace(v)
	for utf8.RuneCountInString(v) > maxAttrLen {
		_, n := utf8.DecodeLastRuneInString(v)
		v = v[:len(v)-n]
	}
	return v
}

// answered reports whether the respondent has answered already, so that
// the page says so before they fill it in again.
func (s *Server) answered(ctx context.Context, sv *minyi.Survey, rs respondent) (bool, error) {
	if rs.Invited {
		t, err := s.svc.FindSurveyToken(ctx, sv.ID, rs.Token)
		if err != nil {
			return false, err
		}
		return t.UsedAt != nil, nil
	}
	return s.svc.HasSurveyResponse(ctx, sv.ID, rs.Token)
}

// tokenRequest asks for a batch of invitations: count alike ones with a
// district and group, or one per appeal (its citizen), carrying the
// appeal's district and type.
type tokenRequest struct {
	Count    int      `json:"count"`
	District string   `json:"district"`
	Group    string   `json:"group"`
	Appeals  []string `json:"appeals"`
}

func (s *Server) createTokens(ctx context.Context, u *minyi.User, id int64, in tokenRequest) ([]minyi.SurveyToken, error) {
	var specs []minyi.SurveyToken
	if len(in.Appeals) > 0 {
		if len(in.Appeals) > minyi.MaxSurveyTokens {
			return nil, minyi.FieldError("appeals", "一次最多 5000 件诉求", "at most 5000 appeals a batch")
		}
		for _, no := range in.Appeals {
			a, err := s.svc.FindAppeal(ctx, strings.TrimSpace(no), minyi.ScopeFor(u))
			if err != nil {
				return nil, minyi.FieldError("appeals", "诉求不存在："+no, "no such appeal: "+no)
			}
			g := in.Group
			if g == "" {
				g = a.TypeLabel()
			}
			specs = append(specs, minyi.SurveyToken{District: a.District, Group: g, TrackingNo: a.TrackingNo})
		}
	} else {
		if in.Count < 1 || in.Count > minyi.MaxSurveyTokens {
			return nil, minyi.FieldError("count", "数量应为 1 到 5000", "count must be 1 to 5000")
		}
		for range in.Count {
			specs = append(specs, minyi.SurveyToken{District: clipAttr(in.District), Group: clipAttr(in.Group)})
		}
	}
	return s.svc.CreateSurveyTokens(ctx, id, specs)
}
