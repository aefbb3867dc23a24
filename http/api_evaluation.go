package http

import (
	"bytes"
	"net/http"
	"strconv"

	"minyi/evaluation"
)

// apiEvaluationRounds handles GET /api/v1/evaluation/rounds.
func (s *Server) apiEvaluationRounds(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEvaluator(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	src, err := s.evaluationSource()
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := src.EvaluationRounds(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if list == nil {
		list = []*evaluation.Round{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"rounds": list})
}

// apiEvaluationCreate handles POST /api/v1/evaluation/rounds: draws a
// round's sample.
func (s *Server) apiEvaluationCreate(w http.ResponseWriter, r *http.Request) {
	u, err := requireEvaluator(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in roundInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	round, err := s.createRound(r.Context(), u, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, round)
}

// apiEvaluationRound handles GET /api/v1/evaluation/rounds/{id}: the
// round and its de-identified sample.
func (s *Server) apiEvaluationRound(w http.ResponseWriter, r *http.Request) {
	_, id, err := evaluatorRound(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	smp, err := s.loadSample(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, smp)
}

// apiEvaluationCallback handles POST /api/v1/evaluation/rounds/{id}/callbacks.
func (s *Server) apiEvaluationCallback(w http.ResponseWriter, r *http.Request) {
	u, id, err := evaluatorRound(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in callbackInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	cb, err := s.saveCallback(r.Context(), u, id, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, cb)
}

// apiEvaluationCall handles POST /api/v1/evaluation/rounds/{id}/calls
// {"tracking_no"}: a recorded call-out whose number stays masked.
func (s *Server) apiEvaluationCall(w http.ResponseWriter, r *http.Request) {
	u, id, err := evaluatorRound(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in struct {
		TrackingNo string `json:"tracking_no"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	c, err := s.recordCall(r.Context(), u, id, in.TrackingNo)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

// evaluationReportJSON is the answer of GET …/report.
type evaluationReportJSON struct {
	*evaluation.Report
	Source      string `json:"source"` // published or computed
	PublishedBy string `json:"published_by,omitempty"`
	Hash        string `json:"hash,omitempty"`
	Verified    bool   `json:"verified,omitempty"`
}

// apiEvaluationReport handles GET /api/v1/evaluation/rounds/{id}/report.
func (s *Server) apiEvaluationReport(w http.ResponseWriter, r *http.Request) {
	_, id, err := evaluatorRound(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rep, round, err := s.evaluationReport(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := evaluationReportJSON{Report: rep, Source: "computed"}
	if round.Published() {
		out.Source, out.PublishedBy, out.Hash, out.Verified = "published", round.PublishedBy, round.ReportHash, round.Verify()
	}
	writeJSON(w, http.StatusOK, out)
}

// apiEvaluationReportPDF handles GET …/report.pdf (and the page's link).
func (s *Server) apiEvaluationReportPDF(w http.ResponseWriter, r *http.Request) {
	_, id, err := evaluatorRound(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rep, round, err := s.evaluationReport(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := sendEvaluationPDF(w, rep, round); err != nil {
		s.apiError(w, r, err)
	}
}

// sendEvaluationPDF writes the report as a PDF download, with the hash
// of a published one in X-Evaluation-SHA256.
func sendEvaluationPDF(w http.ResponseWriter, rep *evaluation.Report, round *evaluation.Round) error {
	var buf bytes.Buffer
	if err := rep.WritePDF(&buf, round); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+rep.FileName()+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	if round.Published() {
		w.Header().Set("X-Evaluation-SHA256", round.ReportHash)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// apiEvaluationPublish handles POST …/publish: freezes the report.
func (s *Server) apiEvaluationPublish(w http.ResponseWriter, r *http.Request) {
	u, id, err := evaluatorRound(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	round, err := s.publishEvaluation(r.Context(), u, id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, round)
}
