package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"

	"minyi"
)

// Settings returns the city's settings, or minyi.DefaultSettings() when none
// are saved. They are cached until the next SaveSettings; callers get a copy.
func (db *DB) Settings(ctx context.Context) (*minyi.Settings, error) {
	db.mu.Lock()
	s, gen := db.settings, db.settingsGen
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
		// A save that finished while this load ran may have been missed:
		// cache only when none did, or the old value would stay cached.
		db.mu.Lock()
		if db.settingsGen == gen {
			db.settings = s
		}
		db.mu.Unlock()
	}
	return copySettings(s), nil
}

func copySettings(s *minyi.Settings) *minyi.Settings {
	c := *s
	c.Holidays = append([]string(nil), s.Holidays...)
	c.Workdays = append([]string(nil), s.Workdays...)
	c.SLARules = append([]minyi.SLARule(nil), s.SLARules...)
	if s.KPI != nil {
		k := *s.KPI
		k.SatisfactionWeights = maps.Clone(s.KPI.SatisfactionWeights)
		k.ScoreWeights = maps.Clone(s.KPI.ScoreWeights)
		c.KPI = &k
	}
	return &c
}

// SaveSettings validates the settings (normalising them in place), stores
// them and clears the cache.
func (db *DB) SaveSettings(ctx context.Context, s *minyi.Settings) error {
	if err := s.Validate(); err != nil {
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
	db.settingsGen++
	return nil
}
