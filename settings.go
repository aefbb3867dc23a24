package minyi

import (
	"context"
	"time"
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
}

// DefaultSettings are used until an admin changes them.
func DefaultSettings() *Settings {
	return &Settings{CityName: "深圳市", Prefix: "SZ", RatingWindowDays: 7}
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

// SettingsService stores the settings.
type SettingsService interface {
	Settings(ctx context.Context) (*Settings, error)
	SaveSettings(ctx context.Context, s *Settings) error
}
