package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"time"

	"minyi"
)

// Settings returns the city's settings, or minyi.DefaultSettings() when none
// are saved. They are cached until the next SaveSettings; callers get a copy.
func (db *DB) Settings(ctx context.Context) (*minyi.Settings, error) {
	db.mu.Lock()
	s := db.settings
	db.mu.Unlock()
	if s == nil {
		const q = `SELECT value FROM settings WHERE id = 1`
		var value string
		err := db.queryRow(ctx, q).Scan(&value)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			s = minyi.DefaultSettings()
		case err != nil:
			return nil, err
		default:
			s = &minyi.Settings{}
			if err := json.Unmarshal([]byte(value), s); err != nil {
				return nil, err
			}
		}
		db.mu.Lock()
		db.settings = s
		db.mu.Unlock()
	}
	return copySettings(s), nil
}

func copySettings(s *minyi.Settings) *minyi.Settings {
	c := *s
	c.Holidays = append([]string(nil), s.Holidays...)
	c.Workdays = append([]string(nil), s.Workdays...)
	c.SLARules = append([]minyi.SLARule(nil), s.SLARules...)
	return &c
}

var prefixRE = regexp.MustCompile(`^[A-Z0-9]{0,8}$`)

// validateSettings checks what would break tracking numbers or deadlines.
func validateSettings(s *minyi.Settings) error {
	fields := map[string]string{}
	if !prefixRE.MatchString(s.Prefix) {
		fields["tracking_prefix"] = "编号前缀只能是不超过 8 位的大写字母或数字"
	}
	for _, list := range [][]string{s.Holidays, s.Workdays} {
		for _, d := range list {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				fields["holidays"] = "日期格式应为 YYYY-MM-DD：" + d
			}
		}
	}
	for _, r := range s.SLARules {
		if _, ok := minyi.AppealTypeLabels[r.Type]; !ok || r.SignHours < 0 || r.UrgentHours < 0 || r.ContactHours < 0 || r.CompleteDays < 0 {
			fields["sla_rules"] = "时限规则无效"
		}
	}
	if s.RatingWindowDays < 0 {
		fields["rating_window_days"] = "评价期限不能为负数"
	}
	if len(fields) > 0 {
		return &minyi.Error{Code: minyi.EINVALID, Message: "提交的内容有误，请检查标红的字段", MessageEN: "invalid settings, see the fields", Fields: fields}
	}
	return nil
}

// SaveSettings stores the settings and clears the cache.
func (db *DB) SaveSettings(ctx context.Context, s *minyi.Settings) error {
	if err := validateSettings(s); err != nil {
		return err
	}
	value, err := json.Marshal(s)
	if err != nil {
		return err
	}
	const q = `INSERT INTO settings (id, value, updated_at) VALUES (1, ?, ?)
ON CONFLICT (id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
	db.mu.Lock()
	defer db.mu.Unlock()
	if _, err := db.exec(ctx, q, string(value), ms(db.now())); err != nil {
		return err
	}
	db.settings = nil
	return nil
}
