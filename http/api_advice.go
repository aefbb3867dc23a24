package http

import (
	"net/http"

	"minyi"
)

// apiAdvice handles GET /api/v1/appeals/{no}/advice for the dispatch
// centre: {"advice": minyi.Advice or null, "similar": [...]}. Advice is
// null when there is no Advisor or no trained model; similar lists the
// open appeals that read like this one, unmasked, as dispatchers see
// appeals anyway.
func (s *Server) apiAdvice(w http.ResponseWriter, r *http.Request) {
	u, err := requireRole(r, minyi.RoleDispatcher, minyi.RoleAdmin)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ctx := r.Context()
	a, err := s.svc.FindAppeal(ctx, r.PathValue("no"), minyi.ScopeFor(u))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"advice":  s.advise(ctx, a),
		"similar": nonNil(s.similar(ctx, a.Title, a.Content, a.ID)),
	})
}

// similarRequest is the body of POST /api/v1/similar.
type similarRequest struct {
	Title   string `json:"title"`
	Content string `json:"content"`
}

// apiSimilar handles POST /api/v1/similar {"title","content"} for anyone:
// {"items":[…]}, the open appeals that read like the text, so that a
// citizen can support one (我也遇到) instead of filing the same matter
// again. Titles are masked (text.Mask); nothing else of them is shown.
func (s *Server) apiSimilar(w http.ResponseWriter, r *http.Request) {
	var in similarRequest
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if len(in.Title) > 4*minyi.MaxTitleLen || len(in.Content) > 4*minyi.MaxContentLen {
		s.apiError(w, r, minyi.Errorf(minyi.EINVALID, "标题或内容过长", "title or content too long"))
		return
	}
	if !s.allowSimilar(r) {
		s.apiError(w, r, minyi.Errorf(minyi.ETOOMANY, "查询过于频繁，请稍后再试", "too many requests; try again in a minute"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": publicSimilars(s.similar(r.Context(), in.Title, in.Content, 0))})
}

// apiListModels handles GET /api/v1/models (admin): {"models":[…]}, the
// stored routing models with their figures; empty when nothing keeps them.
func (s *Server) apiListModels(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.listModels(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"models": nonNil(list)})
}
