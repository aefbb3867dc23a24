package kpi

import (
	"math"
	"testing"

	"minyi"
)

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string][]int{
		"2026-10": {202610}, "2026-Q4": {202610, 202611, 202612}, "2026-q1": {202601, 202602, 202603},
	} {
		p, err := ParsePeriod(in)
		if err != nil || len(p.Months()) != len(want) || p.Months()[0] != want[0] {
			t.Errorf("%s: %v %v", in, p.Months(), err)
		}
	}
	if p, _ := ParsePeriod("2026"); len(p.Months()) != 12 || p.String() != "2026" || p.Label() != "2026年" {
		t.Errorf("year: %v", p)
	}
	for _, bad := range []string{"", "2026-13", "2026-Q5", "26", "2026-1", "abcd", "2026-Q"} {
		if _, err := ParsePeriod(bad); minyi.ErrorCode(err) != minyi.EINVALID {
			t.Errorf("%q accepted", bad)
		}
	}
	p, _ := ParsePeriod("2026-01")
	if tr := p.Trend(3); tr[0].String() != "2025-11" || tr[2].String() != "2026-01" {
		t.Errorf("trend = %v", tr)
	}
	q, _ := ParsePeriod("2026-Q1")
	if q.Previous().String() != "2025-Q4" {
		t.Errorf("previous quarter = %v", q.Previous())
	}
}

func TestScoreSharesMissingWeights(t *testing.T) {
	cfg := minyi.DefaultKPIConfig()
	var c Counts
	// Two rated appeals (非常满意, 基本满意), both said solved; no contact
	// deadline decided yet: 响应率's weight is shared out.
	for _, f := range []Fact{{Flags: Total | Rated | SolvedD | SolvedN, Rating: 5}, {Flags: Total | Rated | SolvedD | SolvedN, Rating: 3}} {
		c.Add(f.Counts(), 1)
	}
	row := makeRow("1", "甲", c, Security{}, cfg)
	want := 100 * (0.5*1 + 0.4*0.95) / 0.9
	if row.Score == nil || math.Abs(*row.Score-want) > 1e-9 {
		t.Fatalf("score = %v, want %v", row.Score, want)
	}
	if f := row.Figure("response"); f.Rate != nil || f.Band != "" {
		t.Fatalf("response without a denominator = %+v", f)
	}
	if Band(0.9, false, cfg) != Green || Band(0.85, false, cfg) != Yellow || Band(0.5, false, cfg) != Red {
		t.Fatal("higher-is-better bands")
	}
	if Band(0.05, true, cfg) != Green || Band(0.08, true, cfg) != Yellow || Band(0.2, true, cfg) != Red {
		t.Fatal("lower-is-better bands")
	}
}

func TestKPIConfigValidation(t *testing.T) {
	s := minyi.DefaultSettings()
	s.KPI = &minyi.KPIConfig{ScoreWeights: map[string]float64{"response": 0.5, "resolution": 0.2}}
	err := s.Validate()
	if minyi.ErrorFields(err)["kpi.score_weights"] == "" {
		t.Fatalf("weights summing to 0.7 accepted: %v", err)
	}
	s.KPI = &minyi.KPIConfig{SatisfactionWeights: map[string]float64{"3": 1.5}}
	if minyi.ErrorFields(s.Validate())["kpi.satisfaction_weights"] == "" {
		t.Fatal("weight 1.5 accepted")
	}
	s.KPI = &minyi.KPIConfig{SatisfactionWeights: map[string]float64{"5": 1, "4": 0.8, "3": 0.6}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	eff := s.KPI.Effective()
	if eff.ScoreWeights["resolution"] != 0.5 || eff.SatisfactionWeights["4"] != 0.8 || eff.Green != 0.9 {
		t.Fatalf("effective = %+v", eff)
	}
}
