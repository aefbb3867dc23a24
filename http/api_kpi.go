package http

import (
	"net/http"
	"strconv"
	"strings"

	"minyi"
	"minyi/kpi"
)

// kpiJSON is the answer of GET /api/v1/kpi: the report, and whether its
// figures are a published version (with its hash) or computed now.
type kpiJSON struct {
	*kpi.Report
	Source   string          `json:"source"` // published or computed
	Snapshot *kpi.Snapshot   `json:"snapshot,omitempty"`
	Versions []*kpi.Snapshot `json:"versions"`
}

func newKPIJSON(v *kpiView) kpiJSON {
	out := kpiJSON{Report: v.Report, Source: "computed", Snapshot: v.Snapshot, Versions: v.Versions}
	if v.Snapshot != nil {
		out.Source = "published"
	}
	if out.Versions == nil {
		out.Versions = []*kpi.Snapshot{}
	}
	return out
}

// apiKPI handles GET /api/v1/kpi?level=unit|district|department&period=2026-10|2026-Q4|2026
// [&version=N][&live=1].
func (s *Server) apiKPI(w http.ResponseWriter, r *http.Request) {
	v, _, err := s.kpiViewOf(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newKPIJSON(v))
}

// kpiViewOf answers the KPI request of r's URL for its staff user.
func (s *Server) kpiViewOf(r *http.Request) (*kpiView, kpiRequest, error) {
	u, err := requireStaff(r)
	if err != nil {
		return nil, kpiRequest{}, err
	}
	q, err := s.kpiQuery(r.URL.Query())
	if err != nil {
		return nil, q, err
	}
	v, err := s.kpiView(r.Context(), u, q)
	return v, q, err
}

// apiKPIAppeals handles GET /api/v1/kpi/appeals?level=…&id=…&period=…&indicator=…[&page=N]:
// the appeals behind one figure, computed now.
func (s *Server) apiKPIAppeals(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	q, err := s.kpiDrillQuery(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	d, err := s.kpiDrillDown(r.Context(), u, q)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// apiKPISnapshots handles GET /api/v1/kpi/snapshots[?period=…]: the
// published versions with their hashes.
func (s *Server) apiKPISnapshots(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if _, err := s.kpiScopeFor(r.Context(), u, kpi.LevelUnit); err != nil {
		s.apiError(w, r, err)
		return
	}
	src, err := s.kpiSource()
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	period := strings.TrimSpace(r.URL.Query().Get("period"))
	if period != "" {
		p, err := kpi.ParsePeriod(period)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		period = p.String()
	}
	list, err := src.KPISnapshots(r.Context(), period)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if list == nil {
		list = []*kpi.Snapshot{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"snapshots": list})
}

// publishInput is the body of POST /api/v1/kpi/publish.
type publishInput struct {
	Period string `json:"period"`
	Note   string `json:"note"`
}

// apiKPIPublish handles POST /api/v1/kpi/publish (admins): freezes the
// period's figures as its next version.
func (s *Server) apiKPIPublish(w http.ResponseWriter, r *http.Request) {
	u, err := requireRole(r, minyi.RoleAdmin)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in publishInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	snap, err := s.publishKPI(r, u, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, snap)
}

// publishKPI publishes a period for u and writes the audit entry.
func (s *Server) publishKPI(r *http.Request, u *minyi.User, in publishInput) (*kpi.Snapshot, error) {
	p, err := kpi.ParsePeriod(in.Period)
	if err != nil {
		return nil, err
	}
	if from, _ := p.Bounds(); from.After(s.now()) {
		return nil, minyi.Errorf(minyi.EINVALID, "%s 尚未开始，不能公布", "%s has not begun", p.Label())
	}
	if len([]rune(in.Note)) > 500 {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: "说明不能超过 500 个字", MessageEN: "the note is longer than 500 characters", Fields: map[string]string{"note": "说明不能超过 500 个字"}}
	}
	src, err := s.kpiSource()
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	body, err := s.kpiBody(ctx, src, p)
	if err != nil {
		return nil, err
	}
	snap, err := src.PublishKPI(ctx, body, u.Username, in.Note)
	if err != nil {
		return nil, err
	}
	_ = s.svc.Audit(ctx, &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: "publish_kpi", Target: snap.Period,
		Detail: "v" + strconv.Itoa(snap.Version) + " sha256:" + snap.Hash, At: s.now()})
	return snap, nil
}

// kpiTable lays a report out for a spreadsheet: a header, one row per
// group in rank order, the overall row, then where the figures come from.
func kpiTable(v *kpiView, en bool) [][]string {
	pick := func(zh, eng string) string {
		if en {
			return eng
		}
		return zh
	}
	rep := v.Report
	header := []string{pick("名称", "Name"), pick("排名", "Rank"), pick("诉求数", "Appeals")}
	for _, ind := range kpi.Indicators {
		name := pick(ind.Name, ind.NameEN)
		header = append(header, name+pick("（%）", " (%)"), name+pick("分子", " numerator"), name+pick("分母", " denominator"))
	}
	header = append(header, pick("综合得分", "Score"), pick("等级", "Band"), pick("联系方式查看次数", "Contact views"), pick("越权访问次数", "Denied requests"))
	rows := [][]string{header}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	row := func(r kpi.Row) []string {
		rank := ""
		if r.Rank > 0 {
			rank = strconv.Itoa(r.Rank)
		}
		out := []string{cellSafe(r.Name), rank, strconv.FormatInt(r.Appeals, 10)}
		for _, f := range r.Figures {
			rate := ""
			if f.Rate != nil {
				rate = strconv.FormatFloat(*f.Rate*100, 'f', 2, 64)
			}
			out = append(out, rate, num(f.Numerator), strconv.FormatInt(f.Denominator, 10))
		}
		score := ""
		if r.Score != nil {
			score = strconv.FormatFloat(*r.Score, 'f', 2, 64)
		}
		return append(out, score, bandLabel(r.ScoreBand, en), strconv.FormatInt(r.Security.Reveals, 10), strconv.FormatInt(r.Security.Denied, 10))
	}
	for _, r := range rep.Rows {
		rows = append(rows, row(r))
	}
	if len(rep.Rows) > 1 {
		rows = append(rows, row(rep.Overall))
	}
	source := pick("实时计算（未公布）", "computed now (not published)") + " " + rep.ComputedAt.Format("2006-01-02 15:04")
	if s := v.Snapshot; s != nil {
		source = pick("已公布 第", "published version ") + strconv.Itoa(s.Version) + pick(" 版", "") + " " + s.PublishedAt.Format("2006-01-02 15:04") + " SHA-256 " + s.Hash
	}
	rows = append(rows, []string{}, []string{pick("考核周期", "Period"), rep.Period}, []string{pick("数据来源", "Source"), source})
	return rows
}

// bandLabel names a band.
func bandLabel(b string, en bool) string {
	zh := map[string]string{kpi.Green: "绿", kpi.Yellow: "黄", kpi.Red: "红"}
	if en {
		return b
	}
	return zh[b]
}

// apiKPIExport handles GET /api/v1/kpi.csv and /api/v1/kpi.xlsx (绩效考核
// 导出): the figures of GET /api/v1/kpi; a published period's come from
// its snapshot.
func (s *Server) apiKPIExport(w http.ResponseWriter, r *http.Request) {
	v, q, err := s.kpiViewOf(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	name := "kpi-" + q.level + "-" + q.period.String()
	if v.Snapshot != nil {
		name += "-v" + strconv.Itoa(v.Snapshot.Version)
		w.Header().Set("X-KPI-Version", strconv.Itoa(v.Snapshot.Version))
		w.Header().Set("X-KPI-SHA256", v.Snapshot.Hash)
	}
	s.sendTable(w, r, name, kpiTable(v, langOf(r) == "en"))
}
