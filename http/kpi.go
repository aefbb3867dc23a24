package http

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"minyi"
	"minyi/kpi"
	"minyi/routing"
	"minyi/store"
	"minyi/text"
)

// kpiSource computes and publishes the assessment's figures; the store is
// one. The KPI pages and API need it beyond Services.
type kpiSource interface {
	KPIUnitTotals(ctx context.Context, months []int, now time.Time) ([]kpi.Counter, error)
	KPIMonthTotals(ctx context.Context, months []int, units []int64, now time.Time) ([]kpi.Counter, error)
	KPISecurity(ctx context.Context, from, to time.Time) (map[int64]kpi.Security, error)
	KPIAppeals(ctx context.Context, q store.KPIAppealQuery, now time.Time) ([]store.KPIAppeal, int64, int64, error)
	VerifyAudit(ctx context.Context) (bool, int64, error)
	PublishKPI(ctx context.Context, body *kpi.Body, by, note string) (*kpi.Snapshot, error)
	KPISnapshots(ctx context.Context, period string) ([]*kpi.Snapshot, error)
	KPISnapshot(ctx context.Context, period string, version int) (*kpi.Snapshot, error)
}

func (s *Server) kpiSource() (kpiSource, error) {
	src, ok := s.svc.(kpiSource)
	if !ok {
		return nil, minyi.Errorf(minyi.EINTERNAL, "考核统计不可用", "the assessment is not available")
	}
	return src, nil
}

// kpiScope is what a user may see of the assessment: supervisors,
// evaluators and admins everything; a district's leaders the units of
// their district; other unit staff their own unit.
type kpiScope struct {
	all      bool
	district string // the district's name
	unitID   int64
	units    map[int64]bool // a set of units: those an evaluation sampled
}

// kpiScopeFor checks that u may see a level and returns the scope.
func (s *Server) kpiScopeFor(ctx context.Context, u *minyi.User, level string) (kpiScope, error) {
	switch u.Role {
	case minyi.RoleAdmin, minyi.RoleSupervisor, minyi.RoleEvaluator:
		return kpiScope{all: true}, nil
	case minyi.RoleHandler, minyi.RoleLeader:
	default:
		return kpiScope{}, minyi.Errorf(minyi.EFORBIDDEN, "您的角色无权查看考核结果", "your role may not see the assessment")
	}
	if u.UnitID == 0 {
		return kpiScope{}, minyi.Errorf(minyi.EFORBIDDEN, "您不属于任何单位，无法查看考核结果", "you belong to no unit")
	}
	unit, err := s.svc.FindUnit(ctx, u.UnitID)
	if err != nil {
		return kpiScope{}, err
	}
	if u.Role == minyi.RoleLeader && unit.Kind == minyi.UnitDistrict {
		if level == kpi.LevelDepartment {
			return kpiScope{}, minyi.Errorf(minyi.EFORBIDDEN, "部门（跨区同类单位）排名仅对督办、评估和管理人员开放", "department rankings span districts and are for supervisors, evaluators and admins")
		}
		return kpiScope{district: unit.Name}, nil
	}
	if level != kpi.LevelUnit {
		return kpiScope{}, minyi.Errorf(minyi.EFORBIDDEN, "您只能查看本单位的考核结果", "you may only see your own unit's figures")
	}
	return kpiScope{unitID: u.UnitID}, nil
}

// filter returns the test of whether a unit is in the scope; nil for all.
func (sc kpiScope) filter(places map[int64]kpi.Place) func(int64) bool {
	switch {
	case sc.all:
		return nil
	case sc.district != "":
		return func(id int64) bool { return places[id].DistrictID == sc.district }
	case sc.units != nil:
		return func(id int64) bool { return sc.units[id] }
	}
	return func(id int64) bool { return id == sc.unitID }
}

// kpiPlaces places every unit in its district and department, by the
// duties dispatch uses (routing.Places).
func (s *Server) kpiPlaces(ctx context.Context) (map[int64]kpi.Place, error) {
	units, err := s.svc.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	duties := routing.Places(units)
	out := make(map[int64]kpi.Place, len(units))
	for _, u := range units {
		d := duties[u.ID]
		p := kpi.Place{UnitID: u.ID, UnitName: u.Name, DistrictID: d.District, DistrictName: d.District, DeptID: d.Duty, DeptName: routing.DutyName(d.Duty)}
		if p.DistrictID == "" {
			p.DistrictID, p.DistrictName = "city", "市级"
		}
		if p.DeptName == "" {
			p.DeptName = u.Name
		}
		out[u.ID] = p
	}
	return out, nil
}

// kpiIntegrity caches whether the audit chain verifies: walking the whole
// log on every page would cost more than the page.
type kpiIntegrity struct {
	mu  sync.Mutex
	at  time.Time
	val kpi.AuditIntegrity
}

const kpiIntegrityTTL = time.Minute

func (s *Server) auditIntegrity(ctx context.Context, src kpiSource) (*kpi.AuditIntegrity, error) {
	c := &s.integrity
	c.mu.Lock()
	defer c.mu.Unlock()
	now := s.now()
	if c.at.IsZero() || now.Sub(c.at) > kpiIntegrityTTL || now.Before(c.at) {
		ok, bad, err := src.VerifyAudit(ctx)
		if err != nil {
			return nil, err
		}
		c.val, c.at = kpi.AuditIntegrity{OK: ok, BadID: bad}, now
	}
	v := c.val
	return &v, nil
}

// kpiTrendLen is how many periods the trend shows.
const kpiTrendLen = 6

// kpiRequest is a KPI query read from the URL.
type kpiRequest struct {
	level   string
	period  kpi.Period
	version int // of a published snapshot; 0: the latest if published
	live    bool
}

// kpiQuery reads level, period (default: this month), version and live.
func (s *Server) kpiQuery(v url.Values) (kpiRequest, error) {
	var q kpiRequest
	var err error
	if q.level, err = kpi.ParseLevel(strings.TrimSpace(v.Get("level"))); err != nil {
		return q, err
	}
	if p := strings.TrimSpace(v.Get("period")); p != "" {
		if q.period, err = kpi.ParsePeriod(p); err != nil {
			return q, err
		}
	} else {
		q.period = kpi.PeriodOf("month", s.now())
	}
	if str := strings.TrimSpace(v.Get("version")); str != "" {
		n, err := strconv.Atoi(str)
		if err != nil || n < 1 {
			return q, &minyi.Error{Code: minyi.EINVALID, Message: "版本号应为正整数", MessageEN: "version must be a positive integer", Fields: map[string]string{"version": "版本号应为正整数"}}
		}
		q.version = n
	}
	q.live = v.Get("live") == "1"
	return q, nil
}

// kpiView is a report and where it came from.
type kpiView struct {
	Report   *kpi.Report
	Snapshot *kpi.Snapshot // set when the figures are a published version
	Versions []*kpi.Snapshot
}

// kpiCompute computes the report of a level and period now, for a scope,
// with the trend of the periods before.
func (s *Server) kpiCompute(ctx context.Context, src kpiSource, level string, p kpi.Period, sc kpiScope, withTrend bool) (*kpi.Report, error) {
	settings, err := s.svc.Settings(ctx)
	if err != nil {
		return nil, err
	}
	cfg := settings.KPI.Effective()
	places, err := s.kpiPlaces(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	counters, err := src.KPIUnitTotals(ctx, p.Months(), now)
	if err != nil {
		return nil, err
	}
	from, to := p.Bounds()
	security, err := src.KPISecurity(ctx, from, to)
	if err != nil {
		return nil, err
	}
	inScope := sc.filter(places)
	rep := kpi.Build(level, p, counters, places, security, inScope, cfg)
	rep.ComputedAt = now
	if withTrend {
		// The trend's points are the scope's totals per month, summed by
		// the store: a year's trend reads 72 rows, not 72 per unit.
		var units []int64
		if inScope != nil {
			units = []int64{}
			for id := range places {
				if inScope(id) {
					units = append(units, id)
				}
			}
		}
		periods := p.Trend(kpiTrendLen)
		var months []int
		for _, q := range periods {
			months = append(months, q.Months()...)
		}
		totals, err := src.KPIMonthTotals(ctx, months, units, now)
		if err != nil {
			return nil, err
		}
		for _, q := range periods {
			in := map[int]bool{}
			for _, m := range q.Months() {
				in[m] = true
			}
			var sum kpi.Counts
			for _, c := range totals {
				if in[c.Month] {
					sum.Add(c.Counts, 1)
				}
			}
			rep.Trend = append(rep.Trend, kpi.Point(q, kpi.OverallRow(sum, cfg)))
		}
	}
	if rep.Audit, err = s.auditIntegrity(ctx, src); err != nil {
		return nil, err
	}
	return rep, nil
}

// kpiView answers a KPI request for u: the published version asked for
// (or the latest, when the period is published and live figures were not
// asked for), else the figures computed now. Published rows are cut to
// the user's scope like computed ones.
func (s *Server) kpiView(ctx context.Context, u *minyi.User, q kpiRequest) (*kpiView, error) {
	src, err := s.kpiSource()
	if err != nil {
		return nil, err
	}
	sc, err := s.kpiScopeFor(ctx, u, q.level)
	if err != nil {
		return nil, err
	}
	v := &kpiView{}
	if v.Versions, err = src.KPISnapshots(ctx, q.period.String()); err != nil {
		return nil, err
	}
	if q.version > 0 || (len(v.Versions) > 0 && !q.live) {
		snap, err := src.KPISnapshot(ctx, q.period.String(), q.version)
		if err != nil {
			return nil, err
		}
		body, err := snap.Decode()
		if err != nil {
			return nil, err
		}
		rep := body.Report(q.level)
		if !sc.all {
			places, err := s.kpiPlaces(ctx)
			if err != nil {
				return nil, err
			}
			rep.Rows = scopeRows(rep.Rows, q.level, places, sc.filter(places))
		}
		// The trend is computed: snapshots freeze one period.
		live, err := s.kpiCompute(ctx, src, q.level, q.period, sc, true)
		if err != nil {
			return nil, err
		}
		rep.Trend, rep.ComputedAt = live.Trend, snap.PublishedAt
		v.Report, v.Snapshot = rep, snap
		return v, nil
	}
	v.Report, err = s.kpiCompute(ctx, src, q.level, q.period, sc, true)
	return v, err
}

// scopeRows keeps the rows of groups that hold a unit in scope.
func scopeRows(rows []kpi.Row, level string, places map[int64]kpi.Place, in func(int64) bool) []kpi.Row {
	ok := map[string]bool{}
	for id, p := range places {
		if in(id) {
			g, _ := p.Group(level)
			ok[g] = true
		}
	}
	var out []kpi.Row
	for _, r := range rows {
		if ok[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// kpiBody computes the figures of every level of a period over all units:
// what publishing freezes.
func (s *Server) kpiBody(ctx context.Context, src kpiSource, p kpi.Period) (*kpi.Body, error) {
	all := kpiScope{all: true}
	b := &kpi.Body{Period: p.String(), PeriodLabel: p.Label()}
	for _, level := range []string{kpi.LevelUnit, kpi.LevelDistrict, kpi.LevelDepartment} {
		rep, err := s.kpiCompute(ctx, src, level, p, all, false)
		if err != nil {
			return nil, err
		}
		switch level {
		case kpi.LevelUnit:
			b.Units, b.Overall, b.Config, b.Audit = rep.Rows, rep.Overall, rep.Config, rep.Audit
		case kpi.LevelDistrict:
			b.Districts = rep.Rows
		default:
			b.Departments = rep.Rows
		}
	}
	return b, nil
}

// kpiDrillRequest is a drill-down read from the URL.
type kpiDrillRequest struct {
	kpiRequest
	id        string
	indicator kpi.Indicator
	page      int
}

const kpiDrillPage = 100

func (s *Server) kpiDrillQuery(v url.Values) (kpiDrillRequest, error) {
	var d kpiDrillRequest
	var err error
	if d.kpiRequest, err = s.kpiQuery(v); err != nil {
		return d, err
	}
	d.id = strings.TrimSpace(v.Get("id"))
	if d.id == "" {
		return d, &minyi.Error{Code: minyi.EINVALID, Message: "请指定单位、区或部门（id）", MessageEN: "id is required", Fields: map[string]string{"id": "请指定单位、区或部门"}}
	}
	if d.indicator, err = kpi.FindIndicator(strings.TrimSpace(v.Get("indicator"))); err != nil {
		return d, err
	}
	page, err := queryValueInt(v, "page")
	if err != nil {
		return d, err
	}
	d.page = int(max(page, 1))
	return d, nil
}

// kpiDrill is one page of the appeals behind a figure.
type kpiDrill struct {
	Level       string           `json:"level"`
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Period      string           `json:"period"`
	PeriodLabel string           `json:"period_label"`
	Indicator   kpi.Indicator    `json:"indicator"`
	Denominator int64            `json:"denominator"`
	Numerator   float64          `json:"numerator"`
	InNumerator int64            `json:"numerator_appeals"`
	Rate        *float64         `json:"rate"`
	Page        int              `json:"page"`
	PageSize    int              `json:"page_size"`
	Appeals     []kpiDrillAppeal `json:"appeals"`
}

// kpiDrillAppeal is one appeal of the list: whether it counts in the
// numerator, and by how much.
type kpiDrillAppeal struct {
	TrackingNo  string       `json:"tracking_no"`
	Title       string       `json:"title"`
	Status      minyi.Status `json:"status"`
	StatusLabel string       `json:"status_label"`
	Unit        string       `json:"unit"`
	ReceivedAt  time.Time    `json:"received_at"`
	Rating      int          `json:"rating,omitempty"`
	Counts      float64      `json:"counts"` // its weight in the numerator: 0, 1 or a rating's weight
}

// kpiDrillDown lists the appeals of an indicator's denominator for one
// group, computed now: recounting them gives the live figure. The
// numerator is summed over all pages from the counts and the rating
// levels, not over the page shown.
func (s *Server) kpiDrillDown(ctx context.Context, u *minyi.User, d kpiDrillRequest) (*kpiDrill, error) {
	src, err := s.kpiSource()
	if err != nil {
		return nil, err
	}
	sc, err := s.kpiScopeFor(ctx, u, d.level)
	if err != nil {
		return nil, err
	}
	places, err := s.kpiPlaces(ctx)
	if err != nil {
		return nil, err
	}
	in := sc.filter(places)
	inGroup := func(id int64) bool {
		g, _ := places[id].Group(d.level)
		return g == d.id && (in == nil || in(id))
	}
	units := []int64{}
	name := ""
	for id, p := range places {
		if inGroup(id) {
			units = append(units, id)
			_, name = p.Group(d.level)
		}
	}
	if len(units) == 0 {
		return nil, minyi.Errorf(minyi.ENOTFOUND, "没有找到“%s”，或您无权查看", "%q not found or not yours to see", d.id)
	}
	settings, err := s.svc.Settings(ctx)
	if err != nil {
		return nil, err
	}
	cfg := settings.KPI.Effective()
	now := s.now()
	out := &kpiDrill{Level: d.level, ID: d.id, Name: name, Period: d.period.String(), PeriodLabel: d.period.Label(), Indicator: d.indicator, Page: d.page, PageSize: kpiDrillPage}
	// The figure itself comes from the counters of the same units, so
	// that the list and the number it explains agree.
	counters, err := src.KPIUnitTotals(ctx, d.period.Months(), now)
	if err != nil {
		return nil, err
	}
	rep := kpi.Build(d.level, d.period, counters, places, nil, inGroup, cfg)
	fig := rep.Overall.Figure(d.indicator.Code)
	out.Numerator, out.Rate = fig.Numerator, fig.Rate
	list, _, _, err := src.KPIAppeals(ctx, store.KPIAppealQuery{Units: units, Months: d.period.Months(), D: d.indicator.D, N: d.indicator.N,
		Limit: kpiDrillPage, Offset: (d.page - 1) * kpiDrillPage}, now)
	if err != nil {
		return nil, err
	}
	// The counters and the facts listed are kept in the same
	// transactions: the list's length over all pages is the denominator.
	out.Denominator, out.InNumerator = fig.Denominator, fig.NumeratorAppeals
	out.Appeals = make([]kpiDrillAppeal, 0, len(list))
	for _, x := range list {
		out.Appeals = append(out.Appeals, kpiDrillAppeal{
			TrackingNo: x.TrackingNo, Title: text.Mask(x.Title), Status: x.Status, StatusLabel: minyi.StatusLabels[x.Status],
			Unit: x.UnitName, ReceivedAt: x.ReceivedAt, Rating: x.Fact.Rating, Counts: d.indicator.Weight(x.Fact, cfg),
		})
	}
	return out, nil
}
