package http

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"minyi"
	"minyi/text"
)

// Routing advice and similar appeals come from Config.Advisor. Advice only
// helps people decide, so an Advisor that is missing, untrained or failing
// never breaks a page or an action: the page shows no advice and the error
// is logged.

// similarLimit is how many similar appeals are shown.
const similarLimit = 5

// minSimilarRunes is the least text worth comparing: a few characters of a
// title match too much to mean anything.
const minSimilarRunes = 4

// similarPerMinute caps public similar look-ups per client address. Each
// keystroke pause on the submit form costs one; behind a reverse proxy
// that hides client addresses the cap is shared by all, and the form then
// simply shows no suggestions.
const similarPerMinute = 60

// advise returns the routing advice for an appeal, or nil.
func (s *Server) advise(ctx context.Context, a *minyi.Appeal) *minyi.Advice {
	if s.cfg.Advisor == nil {
		return nil
	}
	adv, err := s.cfg.Advisor.Advise(ctx, a)
	if err != nil {
		s.log.Warn("routing advice", "tracking_no", a.TrackingNo, "err", err)
		return nil
	}
	if adv == nil || (len(adv.Units) == 0 && len(adv.Categories) == 0) {
		return nil
	}
	return adv
}

// similar returns the open appeals that read like the text, leaving out
// the appeal exclude (0: none), or nil.
func (s *Server) similar(ctx context.Context, title, content string, exclude int64) []minyi.SimilarAppeal {
	if s.cfg.Advisor == nil || utf8.RuneCountInString(strings.TrimSpace(title)+strings.TrimSpace(content)) < minSimilarRunes {
		return nil
	}
	list, err := s.cfg.Advisor.Similar(ctx, title, content, exclude, similarLimit)
	if err != nil {
		s.log.Warn("similar appeals", "err", err)
		return nil
	}
	return list
}

// publicSimilar is a similar appeal as anyone may see it: the title with
// its personal data masked, and nothing of the content or the contact.
type publicSimilar struct {
	TrackingNo  string       `json:"tracking_no"`
	Title       string       `json:"title"`
	Status      minyi.Status `json:"status"`
	StatusLabel string       `json:"status_label"`
	District    string       `json:"district,omitempty"`
	Supporters  int          `json:"supporters"`
	Similarity  float64      `json:"similarity"`
	ReceivedAt  time.Time    `json:"received_at"`
}

func publicSimilars(list []minyi.SimilarAppeal) []publicSimilar {
	out := make([]publicSimilar, 0, len(list))
	for _, x := range list {
		out = append(out, publicSimilar{
			TrackingNo: x.TrackingNo, Title: text.Mask(x.Title), Status: x.Status, StatusLabel: minyi.StatusLabels[x.Status],
			District: x.District, Supporters: x.Supporters, Similarity: x.Similarity, ReceivedAt: x.ReceivedAt,
		})
	}
	return out
}

// allowSimilar counts one public look-up for the client and reports
// whether it may go ahead.
func (s *Server) allowSimilar(r *http.Request) bool {
	return s.similarLimits.attempt("similar:"+clientHost(r), s.now())
}

// clientHost is the client's address without the port, the key of the
// limits on public look-ups.
func clientHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return host
}

// modelLister is what the admin's model list needs; the store may offer
// it, or else the Advisor. Asserted at run time so that the build does not
// depend on either having it.
type modelLister interface {
	ListModels(ctx context.Context) ([]*minyi.ModelInfo, error)
}

// listModels returns the stored routing models, or none when nothing
// keeps them.
func (s *Server) listModels(ctx context.Context) ([]*minyi.ModelInfo, error) {
	if ml, ok := s.svc.(modelLister); ok {
		return ml.ListModels(ctx)
	}
	if ml, ok := s.cfg.Advisor.(modelLister); ok {
		return ml.ListModels(ctx)
	}
	return nil, nil
}
