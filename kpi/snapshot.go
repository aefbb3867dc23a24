package kpi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"minyi"
)

// Body is what publishing a period freezes: the figures of every level
// and the configuration they were computed with. Its canonical form is
// its JSON encoding (fields in declaration order, map keys sorted, floats
// in Go's shortest round-trip form), and its hash the SHA-256 of that.
type Body struct {
	Period      string          `json:"period"`
	PeriodLabel string          `json:"period_label"`
	Config      minyi.KPIConfig `json:"config"`
	Units       []Row           `json:"units"`
	Districts   []Row           `json:"districts"`
	Departments []Row           `json:"departments"`
	Overall     Row             `json:"overall"`
	Audit       *AuditIntegrity `json:"audit_integrity,omitempty"`
}

// Canonical returns the body's canonical bytes and their SHA-256 (hex).
func (b *Body) Canonical() ([]byte, string, error) { return Canonical(b) }

// Canonical returns the JSON encoding of v and its SHA-256 (hex): how
// every frozen document (a published period, an evaluation report) is
// stored and checked.
func Canonical(v any) ([]byte, string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, "", err
	}
	return data, Hash(data), nil
}

// Hash is the SHA-256 (hex) of canonical bytes.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Snapshot is one published version of a period's figures. A correction
// is a new version; an old one is never changed.
type Snapshot struct {
	ID          int64     `json:"id"`
	Period      string    `json:"period"`
	Version     int       `json:"version"`
	Hash        string    `json:"hash"`
	Note        string    `json:"note,omitempty"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"`
	Body        []byte    `json:"-"` // canonical JSON of a Body
}

// Decode reads the snapshot's body.
func (s *Snapshot) Decode() (*Body, error) {
	var b Body
	if err := json.Unmarshal(s.Body, &b); err != nil {
		return nil, err
	}
	return &b, nil
}

// Verify reports whether the stored body still has the stored hash.
func (s *Snapshot) Verify() bool { return Hash(s.Body) == s.Hash }

// Report returns the body's report of a level.
func (b *Body) Report(level string) *Report {
	p, _ := ParsePeriod(b.Period)
	r := &Report{Level: level, Period: b.Period, PeriodLabel: p.Label(), Config: b.Config, Indicators: Indicators, Audit: b.Audit, Overall: b.Overall}
	switch level {
	case LevelDistrict:
		r.Rows = b.Districts
	case LevelDepartment:
		r.Rows = b.Departments
	default:
		r.Rows = b.Units
	}
	return r
}
