package evaluation

import (
	"math"
	"sort"
	"strconv"
	"time"

	"minyi"
	"minyi/kpi"
	"minyi/text"
)

// Round is a callback round (回访批次): the design, the seed and the
// strata of its sample, and, once published, its frozen report.
type Round struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Period      string     `json:"period"`
	PeriodLabel string     `json:"period_label"`
	Design      Design     `json:"design"`
	Seed        uint64     `json:"seed,string"`
	Population  int        `json:"population"` // closed appeals of the period
	Strata      []Stratum  `json:"strata"`
	Sampled     int        `json:"sampled"`
	Done        int        `json:"done"` // sampled appeals with a callback record
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	PublishedBy string     `json:"published_by,omitempty"`
	ReportHash  string     `json:"report_hash,omitempty"`
	ReportBody  []byte     `json:"-"` // canonical JSON of the published Report
}

// Progress is the share of sampled appeals with a record, 0–100.
func (r *Round) Progress() int {
	if r.Sampled == 0 {
		return 0
	}
	return r.Done * 100 / r.Sampled
}

// Published reports whether the round's report is frozen.
func (r *Round) Published() bool { return r.PublishedAt != nil }

// Verify reports whether a published body still has its hash.
func (r *Round) Verify() bool { return r.Published() && kpi.Hash(r.ReportBody) == r.ReportHash }

// Item is one sampled appeal as the evaluator sees it: de-identified by
// the store's caller before it is shown, with its callback and calls.
type Item struct {
	AppealID     int64            `json:"-"`
	Position     int              `json:"position"`
	Stratum      string           `json:"stratum"`
	TrackingNo   string           `json:"tracking_no"`
	Title        string           `json:"title"`
	Type         minyi.AppealType `json:"type"`
	TypeLabel    string           `json:"type_label"`
	District     string           `json:"district,omitempty"`
	UnitID       int64            `json:"unit_id"`
	UnitName     string           `json:"unit_name"`
	ReceivedAt   time.Time        `json:"received_at"`
	ClosedAt     *time.Time       `json:"closed_at,omitempty"`
	ContactName  string           `json:"contact_name"`
	ContactPhone string           `json:"contact_phone"`
	Calls        int              `json:"calls"`
	Callback     *Callback        `json:"callback"`
}

// Compared are the indicators the callbacks can check: the citizen is
// asked whether the unit contacted them, whether the problem was solved,
// and how satisfied they are.
var Compared = []string{"response", "resolution", "satisfaction"}

// Z is the normal quantile of a two-sided 95 % interval.
const Z = 1.959963984540054

// Wilson is the Wilson score interval of a proportion p observed on n
// answers, at 95 %. For the weighted 满意率 p is the weighted mean, an
// approximation docs/evaluation.md states.
func Wilson(p float64, n int64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	nf := float64(n)
	z2 := Z * Z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := Z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / den
	return max(0, centre-half), min(1, centre+half)
}

// Flags of a unit's own figure against the callback interval.
const (
	Above = "above" // the unit's own figure is higher than the callbacks bear out
	Below = "below"
)

// Comparison is one indicator of one unit: its own figure and the
// callbacks' with their interval.
type Comparison struct {
	Code     string     `json:"code"`
	Name     string     `json:"name"`
	NameEN   string     `json:"name_en"`
	Own      kpi.Figure `json:"own"`
	Callback kpi.Figure `json:"callback"`
	Low      *float64   `json:"ci_low"`
	High     *float64   `json:"ci_high"`
	Flag     string     `json:"flag,omitempty"`
}

// UnitFindings is one unit's row of the report.
type UnitFindings struct {
	UnitID      int64        `json:"unit_id"`
	UnitName    string       `json:"unit_name"`
	Sampled     int          `json:"sampled"`
	Recorded    int          `json:"recorded"`
	Reached     int          `json:"reached"`
	Comparisons []Comparison `json:"comparisons"`
}

// Comparison returns the row's comparison of an indicator.
func (u *UnitFindings) Comparison(code string) *Comparison {
	for i := range u.Comparisons {
		if u.Comparisons[i].Code == code {
			return &u.Comparisons[i]
		}
	}
	return nil
}

// Report is the evaluation report (评估报告): what publishing freezes.
type Report struct {
	RoundID     int64           `json:"round_id"`
	Name        string          `json:"name"`
	Period      string          `json:"period"`
	PeriodLabel string          `json:"period_label"`
	Design      Design          `json:"design"`
	Seed        uint64          `json:"seed,string"`
	Population  int             `json:"population"`
	Strata      []Stratum       `json:"strata"`
	Sampled     int             `json:"sampled"`
	Recorded    int             `json:"recorded"`
	Reached     int             `json:"reached"`
	Units       []UnitFindings  `json:"units"`
	Overall     UnitFindings    `json:"overall"`
	Flagged     int             `json:"flagged"` // comparisons outside the interval
	Config      minyi.KPIConfig `json:"config"`
	GeneratedAt time.Time       `json:"generated_at"`
}

// Build compares the units' own figures (own: kpi's report of the period
// over the sampled units) with the callbacks. items are the round's
// sampled appeals with their callbacks.
func Build(r *Round, items []Item, own *kpi.Report, cfg minyi.KPIConfig, now time.Time) *Report {
	rep := &Report{RoundID: r.ID, Name: r.Name, Period: r.Period, PeriodLabel: r.PeriodLabel, Design: r.Design, Seed: r.Seed,
		Population: r.Population, Strata: r.Strata, Sampled: len(items), Config: cfg, GeneratedAt: now}
	type acc struct {
		f      UnitFindings
		counts kpi.Counts
	}
	units := map[int64]*acc{}
	var all acc
	all.f = UnitFindings{UnitName: "全部"}
	for _, it := range items {
		a := units[it.UnitID]
		if a == nil {
			a = &acc{f: UnitFindings{UnitID: it.UnitID, UnitName: it.UnitName}}
			units[it.UnitID] = a
		}
		for _, x := range []*acc{a, &all} {
			x.f.Sampled++
			if cb := it.Callback; cb != nil {
				x.f.Recorded++
				if cb.Reached {
					x.f.Reached++
				}
				x.counts.Add(cb.Fact().Counts(), 1)
			}
		}
	}
	ownRows := map[string]kpi.Row{}
	if own != nil {
		for _, row := range own.Rows {
			ownRows[row.ID] = row
		}
	}
	finish := func(a *acc, ownRow kpi.Row) UnitFindings {
		cb := kpi.OverallRow(a.counts, cfg)
		for _, code := range Compared {
			ind, _ := kpi.FindIndicator(code)
			c := Comparison{Code: code, Name: ind.Name, NameEN: ind.NameEN}
			if f := ownRow.Figure(code); f != nil {
				c.Own = *f
			} else {
				c.Own = kpi.Figure{Code: code, Name: ind.Name}
			}
			c.Callback = *cb.Figure(code)
			if c.Callback.Rate != nil {
				lo, hi := Wilson(*c.Callback.Rate, c.Callback.Denominator)
				c.Low, c.High = &lo, &hi
				if o := c.Own.Rate; o != nil {
					const eps = 1e-9
					switch {
					case *o > hi+eps:
						c.Flag = Above
					case *o < lo-eps:
						c.Flag = Below
					}
				}
			}
			a.f.Comparisons = append(a.f.Comparisons, c)
		}
		return a.f
	}
	for id, a := range units {
		u := finish(a, ownRows[strconv.FormatInt(id, 10)])
		for _, c := range u.Comparisons {
			if c.Flag != "" {
				rep.Flagged++
			}
		}
		rep.Units = append(rep.Units, u)
		rep.Recorded += a.f.Recorded
		rep.Reached += a.f.Reached
	}
	sort.Slice(rep.Units, func(i, j int) bool {
		if rep.Units[i].UnitName != rep.Units[j].UnitName {
			return rep.Units[i].UnitName < rep.Units[j].UnitName
		}
		return rep.Units[i].UnitID < rep.Units[j].UnitID
	})
	var overallOwn kpi.Row
	if own != nil {
		overallOwn = own.Overall
	}
	rep.Overall = finish(&all, overallOwn)
	return rep
}

// ItemOf is the de-identified view of a sampled appeal: the contact's
// name and phone masked, the personal data in the title masked by
// text.Mask. The evaluator works from this alone.
func ItemOf(a *minyi.Appeal, position int, stratum string) Item {
	m := a.Masked()
	return Item{AppealID: a.ID, Position: position, Stratum: stratum, TrackingNo: a.TrackingNo, Title: text.Mask(a.Title),
		Type: a.Type, TypeLabel: a.TypeLabel(), District: a.District, UnitID: a.UnitID, UnitName: a.UnitName,
		ReceivedAt: a.ReceivedAt, ClosedAt: a.ClosedAt, ContactName: m.ContactName, ContactPhone: m.ContactPhone}
}
