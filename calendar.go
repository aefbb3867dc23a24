package minyi

import "time"

// Calendar says which days are working days. Weekends are off unless listed
// in Workdays (调休); Holidays are off whatever the weekday.
type Calendar struct {
	Location *time.Location
	Holidays map[string]bool // "2026-10-01"
	Workdays map[string]bool // weekend days that are worked
}

// DefaultLocation is China Standard Time; deadlines are counted in it.
var DefaultLocation = time.FixedZone("CST", 8*3600)

// NewCalendar builds a calendar from lists of dates (YYYY-MM-DD).
func NewCalendar(holidays, workdays []string) *Calendar {
	c := &Calendar{Location: DefaultLocation, Holidays: map[string]bool{}, Workdays: map[string]bool{}}
	for _, d := range holidays {
		c.Holidays[d] = true
	}
	for _, d := range workdays {
		c.Workdays[d] = true
	}
	return c
}

// IsWorkday reports whether t's date (in the calendar's zone) is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	t = t.In(c.loc())
	key := t.Format("2006-01-02")
	if c.Holidays[key] {
		return false
	}
	if c.Workdays[key] {
		return true
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

func (c *Calendar) loc() *time.Location {
	if c == nil || c.Location == nil {
		return DefaultLocation
	}
	return c.Location
}

// AddWorkingHours moves forward by h hours, counting only hours that fall on
// working days (around the clock within them): 24 h from Friday 10:00 ends
// Monday 10:00.
func (c *Calendar) AddWorkingHours(start time.Time, h int) time.Time {
	t := start.In(c.loc())
	remaining := time.Duration(h) * time.Hour
	for remaining > 0 {
		dayEnd := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location())
		if !c.IsWorkday(t) {
			t = dayEnd
			continue
		}
		if left := dayEnd.Sub(t); left >= remaining {
			return t.Add(remaining)
		} else {
			remaining -= left
			t = dayEnd
		}
	}
	return t
}

// AddWorkingDays returns the end of the n-th working day after start's day
// (23:59:59 local). An appeal received on a Monday with 3 working days is due
// at the end of Thursday.
func (c *Calendar) AddWorkingDays(start time.Time, n int) time.Time {
	t := start.In(c.loc())
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkday(day) {
			n--
		}
	}
	return day.Add(24*time.Hour - time.Second)
}

// SLARule holds the time limits for one appeal type (and optionally one
// first-level category). Zero fields fall back to the defaults.
type SLARule struct {
	Type         AppealType `json:"type"`
	Category     string     `json:"category,omitempty"`
	SignHours    int        `json:"sign_hours"`
	UrgentHours  int        `json:"urgent_sign_hours"`
	ContactHours int        `json:"contact_hours"`
	CompleteDays int        `json:"complete_days"`
}

// DefaultSLA is used when no rule matches.
func DefaultSLA(t AppealType) SLARule {
	r := SLARule{Type: t, SignHours: 24, UrgentHours: 2, ContactHours: 24, CompleteDays: 15}
	if t == TypeConsult {
		r.CompleteDays = 3
	}
	return r
}

// SLA finds the rule for an appeal: a rule for its type and category wins
// over a rule for its type only, which wins over the defaults.
type SLA struct {
	Rules    []SLARule
	Calendar *Calendar
}

// Rule returns the effective rule for a type and first-level category.
func (s *SLA) Rule(t AppealType, category string) SLARule {
	r := DefaultSLA(t)
	var typeOnly, exact *SLARule
	if s != nil {
		for i := range s.Rules {
			x := &s.Rules[i]
			if x.Type != t {
				continue
			}
			if x.Category == "" {
				typeOnly = x
			} else if category != "" && x.Category == category {
				exact = x
			}
		}
	}
	for _, x := range []*SLARule{typeOnly, exact} {
		if x == nil {
			continue
		}
		if x.SignHours > 0 {
			r.SignHours = x.SignHours
		}
		if x.UrgentHours > 0 {
			r.UrgentHours = x.UrgentHours
		}
		if x.ContactHours > 0 {
			r.ContactHours = x.ContactHours
		}
		if x.CompleteDays > 0 {
			r.CompleteDays = x.CompleteDays
		}
	}
	return r
}

// Deadline levels shown on queues.
type Level string

const (
	LevelNone   Level = ""       // no deadline running
	LevelGreen  Level = "green"  // in time
	LevelYellow Level = "yellow" // ≥ 75 % of the time used
	LevelRed    Level = "red"    // overdue
)

// LevelLabels gives the Chinese name of each level.
var LevelLabels = map[Level]string{LevelGreen: "正常", LevelYellow: "即将超时", LevelRed: "已超时"}

// WarnFraction is the share of the time after which a deadline turns yellow.
const WarnFraction = 0.75

// DeadlineLevel rates one deadline at time now.
func DeadlineLevel(start, due, now time.Time) Level {
	if now.After(due) {
		return LevelRed
	}
	total := due.Sub(start)
	if total <= 0 {
		return LevelGreen
	}
	if float64(now.Sub(start)) >= WarnFraction*float64(total) {
		return LevelYellow
	}
	return LevelGreen
}

// CurrentDeadline returns the deadline the appeal is running against now
// (sign-for, then first contact, then completion) and its level.
func (a *Appeal) CurrentDeadline(now time.Time) (due *time.Time, level Level, label string) {
	if a.DispatchedAt == nil || !a.Status.AtUnit() {
		return nil, LevelNone, ""
	}
	start := *a.DispatchedAt
	switch {
	case (a.Status == StatusDispatched || a.Status == StatusReopened) && a.SignDue != nil:
		return a.SignDue, DeadlineLevel(start, *a.SignDue, now), "签收"
	case a.ContactedAt == nil && a.ContactDue != nil && now.Before(*a.ContactDue):
		return a.ContactDue, DeadlineLevel(start, *a.ContactDue, now), "联系群众"
	case a.CompleteDue != nil:
		return a.CompleteDue, DeadlineLevel(start, *a.CompleteDue, now), "办结"
	}
	return nil, LevelNone, ""
}

// Level is CurrentDeadline's level alone, for templates.
func (a *Appeal) Level(now time.Time) Level {
	_, l, _ := a.CurrentDeadline(now)
	return l
}
