package kpi

import (
	"sort"
	"strconv"
	"time"

	"minyi"
)

// Levels of aggregation.
const (
	LevelUnit       = "unit"       // one responsible unit
	LevelDistrict   = "district"   // the units of one district (区)
	LevelDepartment = "department" // one duty across districts (dept:住房和建设局)
)

// ParseLevel checks a level.
func ParseLevel(s string) (string, error) {
	switch s {
	case "", LevelUnit:
		return LevelUnit, nil
	case LevelDistrict, LevelDepartment:
		return s, nil
	}
	return "", minyi.Errorf(minyi.EINVALID, "统计层级“%s”无效，应为 unit（单位）、district（区）或 department（部门）", "level %q is not unit, district or department", s)
}

// Place is where a unit belongs at each level: its district (the city
// level when none) and its duty (routing's duty key, which joins the
// same bureau of every district).
type Place struct {
	UnitID       int64
	UnitName     string
	DistrictID   string
	DistrictName string
	DeptID       string
	DeptName     string
}

// Group returns the unit's group id and name at a level.
func (p Place) Group(level string) (string, string) {
	switch level {
	case LevelDistrict:
		return p.DistrictID, p.DistrictName
	case LevelDepartment:
		return p.DeptID, p.DeptName
	}
	return itoa(p.UnitID), p.UnitName
}

// Security is a unit's data-security counts in a period, read from the
// audit log: contact details shown unmasked, and refused requests.
type Security struct {
	Reveals int64 `json:"reveals"`
	Denied  int64 `json:"denied"`
}

// Row is one unit, district or department.
type Row struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Appeals   int64    `json:"appeals"` // attributed in the period (Total)
	Figures   []Figure `json:"figures"`
	Score     *float64 `json:"score"` // 0–100, nil when no weighed figure has a denominator
	ScoreBand string   `json:"score_band,omitempty"`
	Rank      int      `json:"rank,omitempty"` // 1 = best score; 0 without a score
	Security  Security `json:"security"`
}

// Figure returns the row's figure of an indicator.
func (r *Row) Figure(code string) *Figure {
	for i := range r.Figures {
		if r.Figures[i].Code == code {
			return &r.Figures[i]
		}
	}
	return nil
}

// Report is the figures of one level and period.
type Report struct {
	Level       string          `json:"level"`
	Period      string          `json:"period"`
	PeriodLabel string          `json:"period_label"`
	Rows        []Row           `json:"rows"`
	Overall     Row             `json:"overall"`
	Config      minyi.KPIConfig `json:"config"`
	ComputedAt  time.Time       `json:"computed_at"`
	Indicators  []Indicator     `json:"indicators"`
	Trend       []TrendPoint    `json:"trend,omitempty"`
	Audit       *AuditIntegrity `json:"audit_integrity,omitempty"`
}

// AuditIntegrity says whether the audit log's hash chain verifies.
type AuditIntegrity struct {
	OK    bool  `json:"ok"`
	BadID int64 `json:"bad_id,omitempty"` // the first row that does not fit
}

// TrendPoint is the overall figures of one period.
type TrendPoint struct {
	Period string              `json:"period"`
	Label  string              `json:"label"`
	Score  *float64            `json:"score"`
	Rates  map[string]*float64 `json:"rates"`
}

// Sum adds the counters of the units in scope by group at a level.
// inScope nil means every unit.
func Sum(level string, counters []Counter, places map[int64]Place, inScope func(unitID int64) bool) map[string]*Counts {
	out := map[string]*Counts{}
	for _, c := range counters {
		if inScope != nil && !inScope(c.UnitID) {
			continue
		}
		p, ok := places[c.UnitID]
		if !ok {
			p = Place{UnitID: c.UnitID, UnitName: "单位 " + itoa(c.UnitID), DistrictID: "city", DistrictName: "市级", DeptID: "unit:" + itoa(c.UnitID), DeptName: "单位 " + itoa(c.UnitID)}
		}
		id, _ := p.Group(level)
		if out[id] == nil {
			out[id] = &Counts{}
		}
		out[id].Add(c.Counts, 1)
	}
	return out
}

// Build makes the report of a level from the period's counters: one row
// per group that has appeals or security events, ranked by score.
func Build(level string, p Period, counters []Counter, places map[int64]Place, security map[int64]Security, inScope func(int64) bool, cfg minyi.KPIConfig) *Report {
	r := &Report{Level: level, Period: p.String(), PeriodLabel: p.Label(), Config: cfg, Indicators: Indicators}
	sums := Sum(level, counters, places, inScope)
	names := map[string]string{}
	sec := map[string]Security{}
	for id, pl := range places {
		gid, name := pl.Group(level)
		names[gid] = name
		if inScope != nil && !inScope(id) {
			continue
		}
		if s, ok := security[id]; ok {
			x := sec[gid]
			x.Reveals += s.Reveals
			x.Denied += s.Denied
			sec[gid] = x
			if sums[gid] == nil {
				sums[gid] = &Counts{}
			}
		}
	}
	var all Counts
	var allSec Security
	for id, c := range sums {
		name := names[id]
		if name == "" {
			name = id
		}
		r.Rows = append(r.Rows, makeRow(id, name, *c, sec[id], cfg))
		all.Add(*c, 1)
		allSec.Reveals += sec[id].Reveals
		allSec.Denied += sec[id].Denied
	}
	r.Overall = makeRow("all", "全部", all, allSec, cfg)
	Rank(r.Rows)
	return r
}

// OverallRow is the row of counters summed over a whole scope.
func OverallRow(c Counts, cfg minyi.KPIConfig) Row {
	return makeRow("all", "全部", c, Security{}, cfg)
}

func makeRow(id, name string, c Counts, sec Security, cfg minyi.KPIConfig) Row {
	row := Row{ID: id, Name: name, Appeals: c.Get(Total), Security: sec}
	for _, ind := range Indicators {
		row.Figures = append(row.Figures, ind.figure(c, cfg))
	}
	row.Score = score(row.Figures, cfg)
	if row.Score != nil {
		row.ScoreBand = Band(*row.Score/100, false, cfg)
	}
	return row
}

// score is 100 × the weighted mean of the weighed figures that have a
// denominator; the weights of the others are shared out among them.
func score(figs []Figure, cfg minyi.KPIConfig) *float64 {
	var sum, weights float64
	for _, f := range figs {
		w := cfg.ScoreWeights[f.Code]
		if w <= 0 || f.Rate == nil {
			continue
		}
		rate := *f.Rate
		for _, ind := range Indicators {
			if ind.Code == f.Code && ind.LowerBetter {
				rate = 1 - rate
			}
		}
		sum += w * rate
		weights += w
	}
	if weights == 0 {
		return nil
	}
	s := 100 * sum / weights
	return &s
}

// Rank orders rows by score, best first (ties by name), and numbers
// them; rows without a score come last, unranked.
func Rank(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Score, rows[j].Score
		switch {
		case a != nil && b != nil && *a != *b:
			return *a > *b
		case (a == nil) != (b == nil):
			return a != nil
		}
		return rows[i].Name < rows[j].Name
	})
	for i := range rows {
		rows[i].Rank = 0
		if rows[i].Score != nil {
			rows[i].Rank = i + 1
		}
	}
}

// Point makes the trend point of a period from its overall row.
func Point(p Period, overall Row) TrendPoint {
	pt := TrendPoint{Period: p.String(), Label: p.Label(), Score: overall.Score, Rates: map[string]*float64{}}
	for _, f := range overall.Figures {
		pt.Rates[f.Code] = f.Rate
	}
	return pt
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
