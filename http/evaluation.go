package http

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"minyi"
	"minyi/evaluation"
	"minyi/kpi"
	"minyi/text"
)

// evaluationSource keeps the third-party evaluation; the store is one.
type evaluationSource interface {
	CreateEvaluationRound(ctx context.Context, r *evaluation.Round) error
	EvaluationRounds(ctx context.Context) ([]*evaluation.Round, error)
	EvaluationRound(ctx context.Context, id int64) (*evaluation.Round, error)
	EvaluationItems(ctx context.Context, roundID int64) ([]evaluation.Item, error)
	RecordEvaluationCall(ctx context.Context, roundID int64, trackingNo, by string) (*evaluation.Call, error)
	SaveEvaluationCallback(ctx context.Context, roundID int64, trackingNo string, cb *evaluation.Callback) error
	PublishEvaluation(ctx context.Context, roundID int64, rep *evaluation.Report, by string) (*evaluation.Round, error)
}

func (s *Server) evaluationSource() (evaluationSource, error) {
	src, ok := s.svc.(evaluationSource)
	if !ok {
		return nil, minyi.Errorf(minyi.EINTERNAL, "第三方评估不可用", "the evaluation is not available")
	}
	return src, nil
}

// requireEvaluator lets in the roles that run the evaluation: the
// third-party evaluators, and supervisors and admins who commission it.
func requireEvaluator(r *http.Request) (*minyi.User, error) {
	u, err := requireRole(r, minyi.RoleEvaluator, minyi.RoleSupervisor, minyi.RoleAdmin)
	if err != nil && minyi.ErrorCode(err) == minyi.EFORBIDDEN && userFrom(r).Role != minyi.RoleEditor {
		return nil, minyi.Errorf(minyi.EFORBIDDEN, "第三方评估仅对评估员、督办员和管理员开放", "the evaluation is for evaluators, supervisors and admins")
	}
	return u, err
}

// evaluatorRound checks the caller and reads the round's id from the
// path value name ({id} in the API, {round} on the pages).
func evaluatorRound(r *http.Request, name string) (*minyi.User, int64, error) {
	u, err := requireEvaluator(r)
	if err != nil {
		return nil, 0, err
	}
	id, err := pathID(r, name)
	return u, id, err
}

// roundInput is the body of POST /api/v1/evaluation/rounds and the new
// round form.
type roundInput struct {
	Name       string   `json:"name"`
	Period     string   `json:"period"`
	Strata     []string `json:"strata"`
	Mode       string   `json:"mode"`
	Size       int      `json:"size"`
	Min        int      `json:"min"`
	PerStratum int      `json:"per_stratum"`
	Seed       string   `json:"seed"` // empty: a random one, stored
	// numErrs are the form's numbers that did not parse, reported with
	// the rest.
	numErrs map[string]string
}

// createRound validates the input, draws the sample and records who did.
func (s *Server) createRound(ctx context.Context, u *minyi.User, in roundInput) (*evaluation.Round, error) {
	src, err := s.evaluationSource()
	if err != nil {
		return nil, err
	}
	fields := map[string]string{}
	name := strings.TrimSpace(in.Name)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		fields["name"] = "请填写批次名称"
	case n > 100:
		fields["name"] = "批次名称不能超过 100 个字"
	}
	p, err := kpi.ParsePeriod(in.Period)
	if err != nil {
		fields["period"] = minyi.ErrorMessage(err)
	} else if from, _ := p.Bounds(); from.After(s.now()) {
		fields["period"] = p.Label() + "尚未开始，没有可回访的诉求"
	}
	d := evaluation.Design{Strata: append([]string(nil), in.Strata...), Mode: in.Mode, Size: in.Size, Min: in.Min, PerStratum: in.PerStratum}
	d.Normalize()
	if err := d.Validate(in.Strata); err != nil {
		for k, v := range minyi.ErrorFields(err) {
			fields[k] = v
		}
	}
	var seed uint64
	if str := strings.TrimSpace(in.Seed); str != "" {
		if seed, err = strconv.ParseUint(str, 10, 64); err != nil {
			fields["seed"] = "随机种子应为非负整数（留空则自动生成）"
		}
	} else {
		var b [8]byte
		_, _ = rand.Read(b[:])
		seed = binary.BigEndian.Uint64(b[:]) >> 1
	}
	for k, v := range in.numErrs {
		fields[k] = v
	}
	if len(fields) > 0 {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: "回访批次有误，请检查标出的项目", MessageEN: "the round is invalid", Fields: fields}
	}
	r := &evaluation.Round{Name: name, Period: p.String(), Design: d, Seed: seed, CreatedBy: u.Username}
	if err := src.CreateEvaluationRound(ctx, r); err != nil {
		return nil, err
	}
	_ = s.svc.Audit(ctx, &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: "create_evaluation_round", Target: strconv.FormatInt(r.ID, 10),
		Detail: r.Period + " seed " + strconv.FormatUint(r.Seed, 10) + " sample " + strconv.Itoa(r.Sampled), At: s.now()})
	return r, nil
}

// roundSample is a round and its sampled appeals as the evaluator sees
// them: de-identified, notes masked.
type roundSample struct {
	Round *evaluation.Round `json:"round"`
	Items []evaluation.Item `json:"sample"`
}

// loadSample reads a round and its sample; the notes of the callbacks
// are masked here, the one place they leave the store.
func (s *Server) loadSample(ctx context.Context, id int64) (*roundSample, error) {
	src, err := s.evaluationSource()
	if err != nil {
		return nil, err
	}
	r, err := src.EvaluationRound(ctx, id)
	if err != nil {
		return nil, err
	}
	items, err := src.EvaluationItems(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if cb := items[i].Callback; cb != nil {
			c := *cb
			c.Notes = text.Mask(c.Notes)
			items[i].Callback = &c
		}
	}
	if items == nil {
		items = []evaluation.Item{}
	}
	return &roundSample{Round: r, Items: items}, nil
}

// callbackInput is the body of POST …/callbacks and the callback form.
type callbackInput struct {
	TrackingNo   string      `json:"tracking_no"`
	Reached      bool        `json:"reached"`
	Attempts     int         `json:"attempts"`
	Solved       string      `json:"solved"`
	Satisfaction ratingValue `json:"satisfaction"`
	Contacted    *bool       `json:"unit_contacted"`
	Notes        string      `json:"notes"`
}

// saveCallback records a callback for u.
func (s *Server) saveCallback(ctx context.Context, u *minyi.User, id int64, in callbackInput) (*evaluation.Callback, error) {
	src, err := s.evaluationSource()
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.TrackingNo) == "" {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: "请指定回访的诉求编号", MessageEN: "tracking_no is required", Fields: map[string]string{"tracking_no": "请指定回访的诉求编号"}}
	}
	cb := &evaluation.Callback{Reached: in.Reached, Attempts: in.Attempts, Solved: strings.TrimSpace(in.Solved),
		Satisfaction: minyi.Rating(in.Satisfaction), Contacted: in.Contacted, Notes: in.Notes, By: u.Username}
	if err := cb.Validate(); err != nil {
		return nil, err
	}
	if err := src.SaveEvaluationCallback(ctx, id, in.TrackingNo, cb); err != nil {
		return nil, err
	}
	cb.Notes = text.Mask(cb.Notes)
	return cb, nil
}

// recordCall records a call-out (拨打) for u and audits it; the number is
// never shown, only its masked form.
func (s *Server) recordCall(ctx context.Context, u *minyi.User, id int64, trackingNo string) (*evaluation.Call, error) {
	src, err := s.evaluationSource()
	if err != nil {
		return nil, err
	}
	c, err := src.RecordEvaluationCall(ctx, id, trackingNo, u.Username)
	if err != nil {
		return nil, err
	}
	_ = s.svc.Audit(ctx, &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: "evaluation_call", Target: strings.TrimSpace(trackingNo),
		Detail: "round " + strconv.FormatInt(id, 10) + " " + c.Masked, At: s.now()})
	return c, nil
}

// evaluationReport is a round's report: the frozen one once published,
// else computed now.
func (s *Server) evaluationReport(ctx context.Context, id int64) (*evaluation.Report, *evaluation.Round, error) {
	smp, err := s.loadSample(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	r := smp.Round
	if r.Published() {
		var rep evaluation.Report
		if err := json.Unmarshal(r.ReportBody, &rep); err != nil {
			return nil, nil, err
		}
		return &rep, r, nil
	}
	rep, err := s.computeEvaluation(ctx, r, smp.Items)
	return rep, r, err
}

// computeEvaluation compares the sampled units' own figures of the
// period, computed by kpi from the appeals as /work/kpi does, with the
// callbacks.
func (s *Server) computeEvaluation(ctx context.Context, r *evaluation.Round, items []evaluation.Item) (*evaluation.Report, error) {
	src, err := s.kpiSource()
	if err != nil {
		return nil, err
	}
	p, err := kpi.ParsePeriod(r.Period)
	if err != nil {
		return nil, err
	}
	sampled := map[int64]bool{}
	for _, it := range items {
		sampled[it.UnitID] = true
	}
	own, err := s.kpiCompute(ctx, src, kpi.LevelUnit, p, kpiScope{units: sampled}, false)
	if err != nil {
		return nil, err
	}
	return evaluation.Build(r, items, own, own.Config, own.ComputedAt), nil
}

// publishEvaluation freezes a round's report for u and audits it.
func (s *Server) publishEvaluation(ctx context.Context, u *minyi.User, id int64) (*evaluation.Round, error) {
	src, err := s.evaluationSource()
	if err != nil {
		return nil, err
	}
	smp, err := s.loadSample(ctx, id)
	if err != nil {
		return nil, err
	}
	if smp.Round.Published() {
		return nil, minyi.Errorf(minyi.ECONFLICT, "该批次的评估报告已发布", "the round's report is already published")
	}
	if smp.Round.Done == 0 {
		return nil, minyi.Errorf(minyi.EINVALID, "尚无回访记录，不能发布评估报告", "no callbacks recorded yet")
	}
	rep, err := s.computeEvaluation(ctx, smp.Round, smp.Items)
	if err != nil {
		return nil, err
	}
	r, err := src.PublishEvaluation(ctx, id, rep, u.Username)
	if err != nil {
		return nil, err
	}
	_ = s.svc.Audit(ctx, &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: "publish_evaluation", Target: strconv.FormatInt(id, 10),
		Detail: "sha256:" + r.ReportHash, At: s.now()})
	return r, nil
}
