package minyi

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Settings are the city's configuration, edited by admins and stored in
// the database.
type Settings struct {
	CityName string    `json:"city_name"`
	Prefix   string    `json:"tracking_prefix"` // tracking numbers start with it, e.g. "SZ"
	Holidays []string  `json:"holidays"`        // YYYY-MM-DD, days off
	Workdays []string  `json:"workdays"`        // YYYY-MM-DD, weekend days worked (调休)
	SLARules []SLARule `json:"sla_rules"`
	// AutoCloseUnrated closes replied appeals not rated within
	// RatingWindowDays as 默认满意. Off by default.
	AutoCloseUnrated bool `json:"auto_close_unrated"`
	RatingWindowDays int  `json:"rating_window_days"`
	// AutoDispatch lets the routing models dispatch a new appeal without
	// review when both the category and the unit clear their models'
	// thresholds. On in DefaultSettings (a new city); settings saved
	// before the switch existed read as off, so a city that configured
	// its workflow is not changed behind its back: an admin turns it on.
	AutoDispatch bool `json:"auto_dispatch"`
	// KPI weighs the assessment's figures; nil: DefaultKPIConfig.
	KPI *KPIConfig `json:"kpi,omitempty"`
}

// DefaultSettings are used until an admin changes them.
func DefaultSettings() *Settings {
	return &Settings{CityName: "深圳市", Prefix: "SZ", RatingWindowDays: 7, AutoDispatch: true}
}

// Policy builds the workflow policy from the settings.
func (s *Settings) Policy() *Policy {
	days := s.RatingWindowDays
	if days <= 0 {
		days = 7
	}
	return &Policy{
		SLA:              &SLA{Rules: s.SLARules, Calendar: NewCalendar(s.Holidays, s.Workdays)},
		AutoCloseUnrated: s.AutoCloseUnrated,
		RatingWindow:     time.Duration(days) * 24 * time.Hour,
	}
}

// Limits on settings.
const (
	MaxSLAHours       = 720 // sign-for, urgent sign-for and contact hours
	MaxSLADays        = 365 // completion, in working days
	MaxRatingWindow   = 90  // days
	MaxTrackingPrefix = 6   // letters
)

// Validate checks the settings and normalises them in place: names are
// trimmed, the prefix upper-cased, dates sorted without duplicates, and a
// zero rating window becomes the default. Every problem is reported
// against its field.
func (s *Settings) Validate() error {
	fields := map[string]string{}
	s.CityName = strings.TrimSpace(s.CityName)
	s.Prefix = strings.ToUpper(strings.TrimSpace(s.Prefix))
	if s.CityName == "" || utf8.RuneCountInString(s.CityName) > 50 {
		fields["city_name"] = "请填写城市名称（不超过 50 个字）"
	}
	if s.Prefix == "" || len(s.Prefix) > MaxTrackingPrefix || strings.Trim(s.Prefix, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		fields["tracking_prefix"] = "编号前缀应为 1 到 6 个英文字母"
	}
	var bad bool
	if s.Holidays, bad = checkDates(s.Holidays, nil); bad {
		fields["holidays"] = "节假日日期格式应为 YYYY-MM-DD，且为有效日期"
	}
	weekend := func(d time.Time) bool { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }
	if s.Workdays, bad = checkDates(s.Workdays, weekend); bad {
		fields["workdays"] = "调休上班日格式应为 YYYY-MM-DD，且必须是周六或周日"
	}
	for _, d := range s.Workdays {
		if slices.Contains(s.Holidays, d) {
			fields["workdays"] = fmt.Sprintf("%s 不能既是节假日又是调休上班日", d)
		}
	}
	for i, r := range s.SLARules {
		key := fmt.Sprintf("sla_rules[%d]", i)
		s.SLARules[i].Category = strings.TrimSpace(r.Category)
		switch {
		case AppealTypeLabels[r.Type] == "":
			fields[key] = "诉求类型无效"
		case r.SignHours < 0 || r.SignHours > MaxSLAHours || r.UrgentHours < 0 || r.UrgentHours > MaxSLAHours || r.ContactHours < 0 || r.ContactHours > MaxSLAHours:
			fields[key] = fmt.Sprintf("时限小时数应为 0 到 %d（0 表示使用默认值）", MaxSLAHours)
		case r.CompleteDays < 0 || r.CompleteDays > MaxSLADays:
			fields[key] = fmt.Sprintf("办结时限应为 0 到 %d 个工作日（0 表示使用默认值）", MaxSLADays)
		}
	}
	if s.RatingWindowDays == 0 {
		s.RatingWindowDays = DefaultSettings().RatingWindowDays
	}
	if s.RatingWindowDays < 1 || s.RatingWindowDays > MaxRatingWindow {
		fields["rating_window_days"] = fmt.Sprintf("评价期限应为 1 到 %d 天", MaxRatingWindow)
	}
	s.KPI.validate(fields)
	if len(fields) > 0 {
		return &Error{Code: EINVALID, Message: "设置有误，请检查标红的字段", MessageEN: "invalid settings, see the fields", Fields: fields}
	}
	return nil
}

// checkDates parses YYYY-MM-DD dates, dropping duplicates and sorting them;
// bad is set when one does not parse or fails ok.
func checkDates(in []string, ok func(time.Time) bool) (out []string, bad bool) {
	seen := map[string]bool{}
	for _, d := range in {
		d = strings.TrimSpace(d)
		t, err := time.Parse(time.DateOnly, d)
		if err != nil || (ok != nil && !ok(t)) {
			bad = true
			continue
		}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return out, bad
}

// SettingsService stores the settings.
type SettingsService interface {
	Settings(ctx context.Context) (*Settings, error)
	// SaveSettings validates (Settings.Validate) and stores the settings.
	SaveSettings(ctx context.Context, s *Settings) error
}
