package http

import (
	"net/http"

	"minyi"
	"minyi/plain"
	"minyi/text"
)

// policyInput is a policy document as editors send it: the body as plain
// text or, with format "html" (or when it looks like HTML), as HTML that is
// reduced to its text before anything is stored.
type policyInput struct {
	Title      string `json:"title"`
	Department string `json:"department"`
	DocNo      string `json:"doc_no"`
	Body       string `json:"body"`
	Format     string `json:"format"` // "text" (default) or "html"
}

// apply copies the input onto a document, reducing HTML to text.
func (in policyInput) apply(p *minyi.PolicyDoc) error {
	switch in.Format {
	case "", "text":
		if plain.LooksLikeHTML(in.Body) {
			in.Body = plain.HTMLText(in.Body)
		}
	case "html":
		in.Body = plain.HTMLText(in.Body)
	default:
		msg := "格式应为 text 或 html"
		return &minyi.Error{Code: minyi.EINVALID, Message: msg, MessageEN: "format must be text or html", Fields: map[string]string{"format": msg}}
	}
	p.Title, p.Department, p.DocNo, p.Body = in.Title, in.Department, in.DocNo, in.Body
	return nil
}

// policyView is a document with its plain-language reading: the summary
// sentences (extracts, in document order) and each paragraph cut into
// segments with amounts, dates, conditions and explained terms marked.
type policyView struct {
	Policy     *minyi.PolicyDoc  `json:"policy"`
	Summary    []string          `json:"summary"`
	Paragraphs [][]plain.Segment `json:"paragraphs"`
}

// summarySentences is how many sentences a policy's summary has.
const summarySentences = 3

func (s *Server) viewPolicy(p *minyi.PolicyDoc) (*policyView, error) {
	seg, err := text.DefaultSegmenter()
	if err != nil {
		return nil, err
	}
	v := &policyView{Policy: p, Summary: []string{}, Paragraphs: [][]plain.Segment{}}
	for _, sn := range plain.Summarize(seg, p.Body, summarySentences) {
		v.Summary = append(v.Summary, sn.Text)
	}
	for _, para := range plain.Paragraphs(p.Body) {
		v.Paragraphs = append(v.Paragraphs, plain.Mark(para))
	}
	return v, nil
}

// apiListPolicies handles GET /api/v1/policies (public), newest first.
func (s *Server) apiListPolicies(w http.ResponseWriter, r *http.Request) {
	page, err := queryInt(r, "page")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	offset := int(max(page-1, 0)) * servicesPerPage
	list, err := s.svc.ListPolicies(r.Context(), offset, servicesPerPage)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	total, err := s.svc.CountPolicies(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"policies": nonNil(list), "total": total})
}

// apiGetPolicy handles GET /api/v1/policies/{id} (public).
func (s *Server) apiGetPolicy(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.svc.FindPolicy(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v, err := s.viewPolicy(p)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// apiCreatePolicy handles POST /api/v1/policies (editors).
func (s *Server) apiCreatePolicy(w http.ResponseWriter, r *http.Request) {
	u, err := requireEditor(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in policyInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	p := &minyi.PolicyDoc{CreatedBy: u.ID}
	if err := in.apply(p); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.CreatePolicy(r.Context(), p); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.auditEdit(r, auditCreatePolicy, p.ID, p.Title)
	writeJSON(w, http.StatusCreated, map[string]any{"policy": p})
}

// apiUpdatePolicy handles PUT /api/v1/policies/{id} (editors); the whole
// document is replaced.
func (s *Server) apiUpdatePolicy(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in policyInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	p := &minyi.PolicyDoc{ID: id}
	if err := in.apply(p); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.UpdatePolicy(r.Context(), p); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.auditEdit(r, auditUpdatePolicy, p.ID, p.Title)
	writeJSON(w, http.StatusOK, map[string]any{"policy": p})
}
