package minyi_test

import (
	"testing"
	"time"

	"minyi"
)

// cst builds a time in China Standard Time.
func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, minyi.DefaultLocation)
}

// nationalDay is the 2026 National Day break: 1–7 October off, with the
// weekend days 27 September (Sunday) and 10 October (Saturday) worked.
func nationalDay() *minyi.Calendar {
	return minyi.NewCalendar(nationalDayOff, []string{"2026-09-27", "2026-10-10"})
}

var nationalDayOff = []string{"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"}

func TestCalendarIsWorkday(t *testing.T) {
	cal := nationalDay()
	tests := []struct {
		name string
		at   time.Time
		want bool
	}{
		{"ordinary Monday", cst(2026, 11, 2, 9, 0), true},
		{"ordinary Friday", cst(2026, 11, 6, 23, 59), true},
		{"ordinary Saturday", cst(2026, 11, 7, 10, 0), false},
		{"ordinary Sunday", cst(2026, 11, 8, 10, 0), false},
		{"holiday on a Thursday", cst(2026, 10, 1, 10, 0), false},
		{"holiday on a Monday", cst(2026, 10, 5, 10, 0), false},
		{"调休 Sunday is worked", cst(2026, 9, 27, 10, 0), true},
		{"调休 Saturday is worked", cst(2026, 10, 10, 10, 0), true},
		{"first day after the break", cst(2026, 10, 8, 0, 0), true},
		// 2026-11-06 20:00 UTC is Saturday 04:00 in China.
		{"dates are taken in China time", time.Date(2026, 11, 6, 20, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.IsWorkday(tt.at); got != tt.want {
				t.Errorf("IsWorkday(%s) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}

func TestCalendarAddWorkingHours(t *testing.T) {
	plain := minyi.NewCalendar(nil, nil)
	tests := []struct {
		name  string
		cal   *minyi.Calendar
		start time.Time
		hours int
		want  time.Time
	}{
		{"within one day", plain, cst(2026, 11, 2, 10, 0), 2, cst(2026, 11, 2, 12, 0)},
		{"24 hours on weekdays", plain, cst(2026, 11, 3, 10, 0), 24, cst(2026, 11, 4, 10, 0)},
		{"24 hours over a weekend", plain, cst(2026, 11, 6, 10, 0), 24, cst(2026, 11, 9, 10, 0)},
		{"started on a Saturday", plain, cst(2026, 11, 7, 15, 0), 2, cst(2026, 11, 9, 2, 0)},
		{"ends exactly at midnight", plain, cst(2026, 11, 6, 22, 0), 2, cst(2026, 11, 7, 0, 0)},
		{"24 hours over the holiday", nationalDay(), cst(2026, 9, 30, 10, 0), 24, cst(2026, 10, 8, 10, 0)},
		{"24 hours into a 调休 Sunday", nationalDay(), cst(2026, 9, 25, 10, 0), 24, cst(2026, 9, 27, 10, 0)},
		{"zero hours", plain, cst(2026, 11, 7, 15, 0), 0, cst(2026, 11, 7, 15, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddWorkingHours(tt.start, tt.hours); !got.Equal(tt.want) {
				t.Errorf("AddWorkingHours(%s, %d) = %s, want %s", tt.start, tt.hours, got, tt.want)
			}
		})
	}
}

func TestCalendarAddWorkingDays(t *testing.T) {
	plain := minyi.NewCalendar(nil, nil)
	endOf := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 23, 59, 59, 0, minyi.DefaultLocation)
	}
	tests := []struct {
		name  string
		cal   *minyi.Calendar
		start time.Time
		days  int
		want  time.Time
	}{
		{"3 days from Monday", plain, cst(2026, 11, 2, 9, 30), 3, endOf(2026, 11, 5)},
		{"3 days from Thursday cross the weekend", plain, cst(2026, 11, 5, 9, 30), 3, endOf(2026, 11, 10)},
		{"3 days from Saturday", plain, cst(2026, 11, 7, 9, 30), 3, endOf(2026, 11, 11)},
		{"15 days from Monday", plain, cst(2026, 11, 2, 9, 30), 15, endOf(2026, 11, 23)},
		{"3 days over the holiday, with a 调休 Saturday", nationalDay(), cst(2026, 9, 30, 9, 0), 3, endOf(2026, 10, 10)},
		{"3 days over the holiday without 调休", minyi.NewCalendar(nationalDayOff, nil), cst(2026, 9, 30, 9, 0), 3, endOf(2026, 10, 12)},
		{"15 days over the holiday", nationalDay(), cst(2026, 9, 28, 9, 0), 15, endOf(2026, 10, 23)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddWorkingDays(tt.start, tt.days); !got.Equal(tt.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.start, tt.days, got, tt.want)
			}
		})
	}
}

func TestDeadlineLevel(t *testing.T) {
	start := cst(2026, 11, 2, 8, 0)
	due := start.Add(100 * time.Hour)
	tests := []struct {
		name string
		now  time.Time
		want minyi.Level
	}{
		{"just started", start, minyi.LevelGreen},
		{"74 % used", start.Add(74 * time.Hour), minyi.LevelGreen},
		{"75 % used", start.Add(75 * time.Hour), minyi.LevelYellow},
		{"99 % used", start.Add(99 * time.Hour), minyi.LevelYellow},
		{"exactly due", due, minyi.LevelYellow},
		{"one second late", due.Add(time.Second), minyi.LevelRed},
		{"days late", due.Add(72 * time.Hour), minyi.LevelRed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := minyi.DeadlineLevel(start, due, tt.now); got != tt.want {
				t.Errorf("DeadlineLevel at %s = %q, want %q", tt.now, got, tt.want)
			}
		})
	}
	if got := minyi.DeadlineLevel(start, start, start); got != minyi.LevelGreen {
		t.Errorf("zero-length deadline not yet passed = %q, want green", got)
	}
}

func TestCurrentDeadline(t *testing.T) {
	dispatched := cst(2026, 11, 2, 9, 0)
	sign := dispatched.Add(24 * time.Hour)
	contact := dispatched.Add(24 * time.Hour)
	complete := cst(2026, 11, 23, 23, 59)
	contacted := dispatched.Add(2 * time.Hour)
	base := minyi.Appeal{DispatchedAt: &dispatched, SignDue: &sign, ContactDue: &contact, CompleteDue: &complete}
	tests := []struct {
		name      string
		status    minyi.Status
		contacted bool
		now       time.Time
		wantDue   *time.Time
		wantLevel minyi.Level
		wantLabel string
	}{
		{"pending has no deadline", minyi.StatusPending, false, dispatched, nil, minyi.LevelNone, ""},
		{"dispatched runs against sign-for", minyi.StatusDispatched, false, dispatched.Add(time.Hour), &sign, minyi.LevelGreen, "签收"},
		{"dispatched at 80 % turns yellow", minyi.StatusDispatched, false, dispatched.Add(20 * time.Hour), &sign, minyi.LevelYellow, "签收"},
		{"reopened not signed is overdue", minyi.StatusReopened, false, sign.Add(time.Minute), &sign, minyi.LevelRed, "签收"},
		{"signed runs against first contact", minyi.StatusSigned, false, dispatched.Add(3 * time.Hour), &contact, minyi.LevelGreen, "联系群众"},
		{"contacted runs against completion", minyi.StatusHandling, true, dispatched.Add(3 * time.Hour), &complete, minyi.LevelGreen, "办结"},
		{"completion overdue", minyi.StatusHandling, true, complete.Add(time.Hour), &complete, minyi.LevelRed, "办结"},
		{"replied has no deadline", minyi.StatusReplied, true, dispatched, nil, minyi.LevelNone, ""},
		{"closed has no deadline", minyi.StatusClosed, true, dispatched, nil, minyi.LevelNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base
			a.Status = tt.status
			if tt.contacted {
				a.ContactedAt = &contacted
			}
			due, level, label := a.CurrentDeadline(tt.now)
			if (due == nil) != (tt.wantDue == nil) || due != nil && !due.Equal(*tt.wantDue) {
				t.Errorf("due = %v, want %v", due, tt.wantDue)
			}
			if level != tt.wantLevel || label != tt.wantLabel {
				t.Errorf("level, label = %q, %q; want %q, %q", level, label, tt.wantLevel, tt.wantLabel)
			}
			if a.Level(tt.now) != tt.wantLevel {
				t.Errorf("Level() = %q, want %q", a.Level(tt.now), tt.wantLevel)
			}
		})
	}
}

func TestSLARule(t *testing.T) {
	sla := &minyi.SLA{Rules: []minyi.SLARule{
		{Type: minyi.TypeComplaint, SignHours: 12, CompleteDays: 10},
		{Type: minyi.TypeComplaint, Category: "城乡建设", CompleteDays: 20},
		{Type: minyi.TypeHelp, Category: "社会保障", UrgentHours: 1},
	}}
	tests := []struct {
		name     string
		typ      minyi.AppealType
		category string
		want     minyi.SLARule
	}{
		{"default complaint without rules", minyi.TypeReport, "", minyi.SLARule{Type: minyi.TypeReport, SignHours: 24, UrgentHours: 2, ContactHours: 24, CompleteDays: 15}},
		{"consultations default to 3 days", minyi.TypeConsult, "", minyi.SLARule{Type: minyi.TypeConsult, SignHours: 24, UrgentHours: 2, ContactHours: 24, CompleteDays: 3}},
		{"type rule overrides the defaults it sets", minyi.TypeComplaint, "", minyi.SLARule{Type: minyi.TypeComplaint, SignHours: 12, UrgentHours: 2, ContactHours: 24, CompleteDays: 10}},
		{"type and category wins over type", minyi.TypeComplaint, "城乡建设", minyi.SLARule{Type: minyi.TypeComplaint, SignHours: 12, UrgentHours: 2, ContactHours: 24, CompleteDays: 20}},
		{"other category uses the type rule", minyi.TypeComplaint, "交通管理", minyi.SLARule{Type: minyi.TypeComplaint, SignHours: 12, UrgentHours: 2, ContactHours: 24, CompleteDays: 10}},
		{"category rule without a type rule", minyi.TypeHelp, "社会保障", minyi.SLARule{Type: minyi.TypeHelp, SignHours: 24, UrgentHours: 1, ContactHours: 24, CompleteDays: 15}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sla.Rule(tt.typ, tt.category); got != tt.want {
				t.Errorf("Rule(%s, %q) = %+v, want %+v", tt.typ, tt.category, got, tt.want)
			}
		})
	}
	var none *minyi.SLA
	if got := none.Rule(minyi.TypeConsult, ""); got.CompleteDays != 3 {
		t.Errorf("nil SLA: CompleteDays = %d, want 3", got.CompleteDays)
	}
}
