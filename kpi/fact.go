// Package kpi computes the assessment figures (监督评估) from the appeals
// themselves: each appeal's Fact says which numerators and denominators it
// falls into, the store keeps the facts and their per-unit-per-month sums,
// and Report turns the sums into rates, scores, ranks and bands. Every
// figure is therefore a count of appeals that a drill-down can list.
// docs/kpi.md defines each indicator.
package kpi

import (
	"time"

	"minyi"
)

// Bit marks one set an appeal belongs to.
type Bit uint32

// The sets. A denominator bit (…D) says the appeal counts for the
// indicator, the numerator bit (…N) that it counts as good (or, for the
// lower-is-better rates, as the thing counted).
const (
	Total    Bit = 1 << iota // attributed to a unit: the denominator of 重复诉求率
	SignD                    // its sign-for deadline is decided: signed, or the deadline passed
	SignN                    // signed by the deadline
	ContactD                 // its contact deadline is decided
	ContactN                 // the citizen was contacted (联系群众, or the reply) by the deadline
	OnTimeD                  // its completion deadline is decided
	OnTimeN                  // answered by the deadline
	SolvedD                  // the citizen said whether it was solved
	SolvedN                  // … and said 已解决
	Rated                    // the citizen rated it: the denominator of 满意率
	Repeat                   // merged into another appeal as a duplicate
	ReplyD                   // answered at least once: the denominator of 重办率
	Reopened                 // re-handled after a bad rating
	RectD                    // rated bad, and its rectification deadline is decided
	RectN                    // rated bad, and answered again by the new deadline
)

// Fact is where one appeal counts. A zero Fact counts nowhere (an appeal
// no unit holds: 待分拨, or closed as invalid before dispatch).
type Fact struct {
	UnitID int64
	Month  int // YYYYMM of the day received, China time
	Flags  Bit
	Rating int // 1–5 when Rated
	// Recheck is when the Fact changes by time alone: the earliest
	// deadline still running. Nil: only a change of the appeal changes it.
	Recheck *time.Time
}

// Has reports whether every bit of b is set.
func (f Fact) Has(b Bit) bool { return f.Flags&b == b }

// MonthOf is the YYYYMM month of t in China time.
func MonthOf(t time.Time) int {
	c := t.In(minyi.DefaultLocation)
	return c.Year()*100 + int(c.Month())
}

// Of computes an appeal's Fact at now. parentUnit is the unit holding the
// appeal a merged one was merged into: a duplicate counts against the
// unit that handles the original.
func Of(a *minyi.Appeal, parentUnit int64, now time.Time) Fact {
	f := Fact{Month: MonthOf(a.ReceivedAt)}
	if a.Status == minyi.StatusMerged {
		f.UnitID = parentUnit
		if f.UnitID == 0 {
			return Fact{}
		}
		f.Flags = Total | Repeat
		return f
	}
	if a.UnitID == 0 {
		return Fact{}
	}
	f.UnitID = a.UnitID
	f.Flags = Total
	var recheck []time.Time
	// decided marks a deadline's denominator when the deadline is met or
	// passed; a deadline still running is a time to look again.
	decided := func(due *time.Time, done *time.Time, d, n Bit) {
		switch {
		case due == nil:
		case done != nil:
			f.Flags |= d
			if !done.After(*due) {
				f.Flags |= n
			}
		case !due.After(now):
			f.Flags |= d
		default:
			recheck = append(recheck, *due)
		}
	}
	decided(a.SignDue, a.SignedAt, SignD, SignN)
	decided(a.ContactDue, a.ContactedAt, ContactD, ContactN)
	decided(a.CompleteDue, a.RepliedAt, OnTimeD, OnTimeN)
	if a.BadRatings > 0 {
		if f.Flags&OnTimeD != 0 {
			f.Flags |= RectD
		}
		if f.Flags&OnTimeN != 0 {
			f.Flags |= RectN
		}
	}
	if a.Solved != nil {
		f.Flags |= SolvedD
		if *a.Solved {
			f.Flags |= SolvedN
		}
	}
	if a.Rating >= 1 && a.Rating <= 5 {
		f.Flags |= Rated
		f.Rating = int(a.Rating)
	}
	if a.Reply != "" {
		f.Flags |= ReplyD
		if a.Reopens > 0 {
			f.Flags |= Reopened
		}
	}
	for _, t := range recheck {
		if f.Recheck == nil || t.Before(*f.Recheck) {
			t := t
			f.Recheck = &t
		}
	}
	return f
}

// Columns are the per-unit-per-month counters the store keeps: one per
// set, then the rated appeals by level (r1 … r5).
var Columns = []string{"total", "sign_d", "sign_n", "contact_d", "contact_n", "ontime_d", "ontime_n",
	"solved_d", "solved_n", "rated", "repeats", "reply_d", "reopened", "rect_d", "rect_n",
	"r1", "r2", "r3", "r4", "r5"}

// columnBits pairs the first columns with their bits.
var columnBits = []Bit{Total, SignD, SignN, ContactD, ContactN, OnTimeD, OnTimeN, SolvedD, SolvedN, Rated, Repeat, ReplyD, Reopened, RectD, RectN}

// Counts are the counters of one unit and month, in Columns order.
type Counts [20]int64

// Counts returns the Fact's contribution to its unit and month.
func (f Fact) Counts() Counts {
	var c Counts
	for i, b := range columnBits {
		if f.Flags&b != 0 {
			c[i] = 1
		}
	}
	if f.Flags&Rated != 0 && f.Rating >= 1 && f.Rating <= 5 {
		c[len(columnBits)+f.Rating-1] = 1
	}
	return c
}

// Add adds o into c (o may be negated with sign -1).
func (c *Counts) Add(o Counts, sign int64) {
	for i := range c {
		c[i] += sign * o[i]
	}
}

// Zero reports whether every counter is 0.
func (c Counts) Zero() bool { return c == Counts{} }

// Get returns the counter of a set.
func (c Counts) Get(b Bit) int64 {
	for i, x := range columnBits {
		if x == b {
			return c[i]
		}
	}
	return 0
}

// ByRating returns how many rated appeals gave each level (index 1–5).
func (c Counts) ByRating() [6]int64 {
	var r [6]int64
	for lvl := 1; lvl <= 5; lvl++ {
		r[lvl] = c[len(columnBits)+lvl-1]
	}
	return r
}

// Counter is the counters of one unit in one month.
type Counter struct {
	UnitID int64
	Month  int
	Counts Counts
}
