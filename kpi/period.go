package kpi

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"minyi"
)

// Period is a month (2026-10), a quarter (2026-Q4) or a year (2026). An
// appeal belongs to the month it was received in, China time.
type Period struct {
	Kind  string // month, quarter, year
	Year  int
	Index int // month 1–12 or quarter 1–4; 0 for a year
}

// ParsePeriod reads "2026-10", "2026-Q4" or "2026".
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := minyi.Errorf(minyi.EINVALID, "考核周期“%s”无效，应为 2026-10（月）、2026-Q4（季度）或 2026（年）", "period %q is not 2026-10, 2026-Q4 or 2026", s)
	year, rest, _ := strings.Cut(s, "-")
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < 2000 || y > 2100 {
		return Period{}, bad
	}
	switch {
	case rest == "" && !strings.Contains(s, "-"):
		return Period{Kind: "year", Year: y}, nil
	case len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'q'):
		q, err := strconv.Atoi(rest[1:])
		if err != nil || q < 1 || q > 4 {
			return Period{}, bad
		}
		return Period{Kind: "quarter", Year: y, Index: q}, nil
	case len(rest) == 2:
		m, err := strconv.Atoi(rest)
		if err != nil || m < 1 || m > 12 {
			return Period{}, bad
		}
		return Period{Kind: "month", Year: y, Index: m}, nil
	}
	return Period{}, bad
}

// String is the period's code, as ParsePeriod reads it.
func (p Period) String() string {
	switch p.Kind {
	case "month":
		return fmt.Sprintf("%04d-%02d", p.Year, p.Index)
	case "quarter":
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Index)
	}
	return strconv.Itoa(p.Year)
}

// Label is the period in Chinese: 2026年10月, 2026年第4季度, 2026年.
func (p Period) Label() string {
	switch p.Kind {
	case "month":
		return fmt.Sprintf("%d年%d月", p.Year, p.Index)
	case "quarter":
		return fmt.Sprintf("%d年第%d季度", p.Year, p.Index)
	}
	return fmt.Sprintf("%d年", p.Year)
}

// Months lists the period's months as YYYYMM.
func (p Period) Months() []int {
	first, n := 1, 12
	switch p.Kind {
	case "month":
		first, n = p.Index, 1
	case "quarter":
		first, n = 3*p.Index-2, 3
	}
	out := make([]int, n)
	for i := range out {
		out[i] = p.Year*100 + first + i
	}
	return out
}

// Previous is the period of the same kind before p.
func (p Period) Previous() Period {
	switch p.Kind {
	case "month":
		if p.Index == 1 {
			return Period{Kind: "month", Year: p.Year - 1, Index: 12}
		}
		return Period{Kind: "month", Year: p.Year, Index: p.Index - 1}
	case "quarter":
		if p.Index == 1 {
			return Period{Kind: "quarter", Year: p.Year - 1, Index: 4}
		}
		return Period{Kind: "quarter", Year: p.Year, Index: p.Index - 1}
	}
	return Period{Kind: "year", Year: p.Year - 1}
}

// Trend lists n periods of p's kind ending with p, oldest first.
func (p Period) Trend(n int) []Period {
	out := make([]Period, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = p
		p = p.Previous()
	}
	return out
}

// Bounds are the period's first instant and the first instant after it,
// China time.
func (p Period) Bounds() (from, to time.Time) {
	ms := p.Months()
	first, last := ms[0], ms[len(ms)-1]
	from = time.Date(first/100, time.Month(first%100), 1, 0, 0, 0, 0, minyi.DefaultLocation)
	to = time.Date(last/100, time.Month(last%100)+1, 1, 0, 0, 0, 0, minyi.DefaultLocation)
	return from, to
}

// PeriodOf is the month, quarter or year (kind) that t falls in.
func PeriodOf(kind string, t time.Time) Period {
	c := t.In(minyi.DefaultLocation)
	switch kind {
	case "quarter":
		return Period{Kind: kind, Year: c.Year(), Index: (int(c.Month())-1)/3 + 1}
	case "year":
		return Period{Kind: kind, Year: c.Year()}
	}
	return Period{Kind: "month", Year: c.Year(), Index: int(c.Month())}
}
