package minyi

import (
	"context"
	"strings"
	"time"
)

// TrendPeriod is the length of one point of a trend.
type TrendPeriod string

const (
	PeriodDay   TrendPeriod = "day"   // 日
	PeriodWeek  TrendPeriod = "week"  // 周（周一开始）
	PeriodMonth TrendPeriod = "month" // 月
)

// TrendBy is what a trend is broken down by.
type TrendBy string

const (
	ByCategory TrendBy = "category" // 一级分类
	ByDistrict TrendBy = "district" // 区
	ByType     TrendBy = "type"     // 诉求类型
	ByChannel  TrendBy = "channel"  // 渠道
)

// Limits on the range of a trend query, in days (both ends included).
const (
	MaxTrendDays      = 366     // for daily points
	MaxTrendYears     = 10      // for weekly and monthly points
	DefaultTrendDays  = 30      // the API's default range: the last 30 days
	TrendOverallKey   = "all"   // the key of Trends.Overall
	TrendOverallLabel = "全部"    // its label
	TrendNoneLabel    = "未分类"   // the category series of appeals without one
	TrendNoPlaceLabel = "未填写区域" // the district series of appeals without one
)

// TrendQuery asks for appeal counts over time. Since and Until are dates
// in the city's time zone (DefaultLocation; the clock time is ignored),
// both included. For weekly and monthly points the range is widened to
// whole periods: back to the Monday (or the 1st) on or before Since and
// on to the Sunday (or the month's last day) on or after Until.
type TrendQuery struct {
	Period TrendPeriod // day when empty
	By     TrendBy     // category when empty
	Since  time.Time
	Until  time.Time
	// Optional filters.
	District   string
	CategoryID int64 // a first-level category
	Type       AppealType
	Channel    Channel
}

// Trends is the answer to a TrendQuery. Dates are YYYY-MM-DD in the city's
// time zone.
type Trends struct {
	Period TrendPeriod `json:"period"`
	By     TrendBy     `json:"by"`
	Since  string      `json:"since"` // the range, widened to whole periods
	Until  string      `json:"until"`
	// The previous range: as many periods, ending the day before Since.
	PreviousSince string `json:"previous_since"`
	PreviousUntil string `json:"previous_until"`
	// Periods lists the start of each period of the range, in order; every
	// series has one point per period.
	Periods    []string `json:"periods"`
	District   string   `json:"district,omitempty"`
	CategoryID int64    `json:"category_id,omitempty"`
	Type       string   `json:"type,omitempty"`
	Channel    string   `json:"channel,omitempty"`
	// Overall counts every appeal the filters select.
	Overall TrendSeries `json:"overall"`
	// Series has one entry per key with appeals in the range or the
	// previous range, the largest total first.
	Series []TrendSeries `json:"series"`
}

// TrendSeries is the counts of one key (a first-level category id, a
// district, a type or a channel code).
type TrendSeries struct {
	Key      string       `json:"key"`
	Label    string       `json:"label"`
	Points   []TrendPoint `json:"points"`
	Total    int64        `json:"total"`
	Previous int64        `json:"previous"`
	// Change is (Total − Previous) / Previous, e.g. 0.25 for +25 %; null
	// when Previous is 0.
	Change *float64 `json:"change"`
}

// TrendPoint is the count of one period.
type TrendPoint struct {
	Start string `json:"start"` // the period's first day
	Count int64  `json:"count"`
}

// TrendService answers trend queries from kept counts.
type TrendService interface {
	Trends(ctx context.Context, q TrendQuery) (*Trends, error)
}

// Days returns the number of days from Since to Until, both included.
func (q *TrendQuery) Days() int {
	return int(CivilDate(q.Until).Sub(CivilDate(q.Since))/(24*time.Hour)) + 1
}

// CivilDate returns t's date in the city's time zone as midnight UTC, for
// day arithmetic free of zones.
func CivilDate(t time.Time) time.Time {
	t = t.In(DefaultLocation)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Validate fills the defaults (day, category) and checks the query; every
// problem is reported against its field.
func (q *TrendQuery) Validate() error {
	q.District = strings.TrimSpace(q.District)
	if q.Period == "" {
		q.Period = PeriodDay
	}
	if q.By == "" {
		q.By = ByCategory
	}
	var zh, en []string
	fields := map[string]string{}
	bad := func(field, z, e string) {
		fields[field] = z
		zh, en = append(zh, z), append(en, e)
	}
	switch q.Period {
	case PeriodDay, PeriodWeek, PeriodMonth:
	default:
		bad("period", "统计周期无效，应为 day（日）、week（周）或 month（月）", "period must be day, week or month")
	}
	switch q.By {
	case ByCategory, ByDistrict, ByType, ByChannel:
	default:
		bad("by", "分组维度无效，应为 category（分类）、district（区）、type（类型）或 channel（渠道）", "by must be category, district, type or channel")
	}
	if q.Type != "" {
		if _, ok := AppealTypeLabels[q.Type]; !ok {
			bad("type", "诉求类型无效", "unknown appeal type")
		}
	}
	if q.Channel != "" {
		if _, ok := ChannelLabels[q.Channel]; !ok {
			bad("channel", "诉求渠道无效", "unknown channel")
		}
	}
	if q.CategoryID < 0 {
		bad("category_id", "诉求分类无效", "invalid category")
	}
	switch {
	case q.Since.IsZero():
		bad("since", "请填写起始日期", "since is required")
	case q.Until.IsZero():
		bad("until", "请填写截止日期", "until is required")
	case CivilDate(q.Until).Before(CivilDate(q.Since)):
		bad("until", "截止日期不能早于起始日期", "until is before since")
	case q.Period == PeriodDay && q.Days() > MaxTrendDays:
		bad("until", "按日统计的时间跨度不能超过 366 天", "daily trends cover at most 366 days")
	case q.Period != PeriodDay && !CivilDate(q.Until).Before(CivilDate(q.Since).AddDate(MaxTrendYears, 0, 0)):
		bad("until", "统计的时间跨度不能超过 10 年", "trends cover at most 10 years")
	}
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: strings.Join(zh, "；"), MessageEN: strings.Join(en, "; "), Fields: fields}
}
