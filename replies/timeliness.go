package replies

import (
	"math"
	"time"

	"minyi"
)

// DefaultDeadlineDays is the time for a reply when the appeal's own
// deadline is unknown (a historical sheet has only dates): 15 working
// days, the default completion limit (minyi.DefaultSLA).
const DefaultDeadlineDays = 15

// Timing is what the timeliness score was built from.
type Timing struct {
	WorkingDays  int  `json:"working_days"`  // from the appeal to the reply
	DeadlineDays int  `json:"deadline_days"` // working days allowed
	Late         bool `json:"late"`
	Known        bool `json:"known"` // both times known
}

// workingDaysBetween counts the working days after from's day up to and
// including to's day: a reply on the day of the appeal took 0.
func workingDaysBetween(cal *minyi.Calendar, from, to time.Time) int {
	if cal == nil {
		cal = minyi.NewCalendar(nil, nil)
	}
	loc := cal.Location
	f, t := from.In(loc), to.In(loc)
	day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
	end := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	n := 0
	for day.Before(end) {
		day = day.AddDate(0, 0, 1)
		if cal.IsWorkday(day) {
			n++
		}
	}
	return n
}

// timeliness scores d working days taken against D allowed:
//
//	d ≤ D/2:        1
//	D/2 < d ≤ D:    1 − 0.4·(d − D/2)/(D/2)       (0.6 at the deadline)
//	d > D:          0.6·exp(−(d − D)/D)            (0.22 at twice the time)
//
// Unknown times score 0.5 and say so.
func timeliness(cal *minyi.Calendar, received, replied, due time.Time) (float64, Timing) {
	if received.IsZero() || replied.IsZero() {
		return 0.5, Timing{DeadlineDays: DefaultDeadlineDays}
	}
	tm := Timing{Known: true, DeadlineDays: DefaultDeadlineDays}
	if !due.IsZero() {
		tm.DeadlineDays = max(1, workingDaysBetween(cal, received, due))
	}
	if replied.Before(received) {
		replied = received
	}
	tm.WorkingDays = workingDaysBetween(cal, received, replied)
	d, D := float64(tm.WorkingDays), float64(tm.DeadlineDays)
	switch {
	case d <= D/2:
		return 1, tm
	case d <= D:
		return 1 - 0.4*(d-D/2)/(D/2), tm
	default:
		tm.Late = true
		return 0.6 * math.Exp(-(d-D)/D), tm
	}
}
