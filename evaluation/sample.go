// Package evaluation holds the independent third-party evaluation (第三方
// 评估): a callback round (回访批次) draws a stratified random sample of
// the closed appeals of a period, evaluators call the citizens back and
// record what they say (回访记录), and the report sets each unit's own
// assessment figures (package kpi) beside the same figures computed from
// the callbacks, with a 95 % confidence interval. The callbacks live in
// their own tables and never change an appeal. docs/evaluation.md
// describes the method.
package evaluation

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"minyi"
)

// Stratification keys: a stratum is one combination of their values.
const (
	ByUnit     = "unit"
	ByDistrict = "district"
	ByType     = "type"
)

// Allocation modes of the sample to the strata.
const (
	Proportional = "proportional" // Size in all, shared by population, at least Min each
	Fixed        = "fixed"        // PerStratum from each stratum
)

// Limits of a design: a round is a day's or a week's calls, not a census.
const (
	MaxSize       = 5000
	MaxPerStratum = 500
)

// Design is how a round's sample is drawn.
type Design struct {
	Strata     []string `json:"strata"` // subset of unit, district, type, in that order
	Mode       string   `json:"mode"`
	Size       int      `json:"size,omitempty"`        // proportional: the total to share out
	Min        int      `json:"min,omitempty"`         // proportional: the least per stratum
	PerStratum int      `json:"per_stratum,omitempty"` // fixed: how many per stratum
}

// Normalize orders the strata keys and drops repeats; an empty list
// stratifies by unit, the level the report compares at.
func (d *Design) Normalize() {
	seen := map[string]bool{}
	for _, k := range d.Strata {
		seen[strings.TrimSpace(k)] = true
	}
	d.Strata = d.Strata[:0]
	for _, k := range []string{ByUnit, ByDistrict, ByType} {
		if seen[k] {
			d.Strata = append(d.Strata, k)
		}
	}
	if len(seen) == 0 {
		d.Strata = []string{ByUnit}
	}
	d.Mode = strings.TrimSpace(d.Mode)
	if d.Mode == "" {
		d.Mode = Proportional
	}
}

// Validate checks the design after Normalize; the errors name the form's
// fields.
func (d *Design) Validate(strataGiven []string) error {
	fields := map[string]string{}
	for _, k := range strataGiven {
		switch strings.TrimSpace(k) {
		case ByUnit, ByDistrict, ByType:
		default:
			fields["strata"] = fmt.Sprintf("分层依据“%s”无效，应为 unit（单位）、district（区）或 type（诉求类型）", k)
		}
	}
	switch d.Mode {
	case Proportional:
		if d.Size < 1 || d.Size > MaxSize {
			fields["size"] = fmt.Sprintf("样本量应为 1 至 %d 的整数", MaxSize)
		}
		if d.Min < 0 || d.Min > MaxPerStratum {
			fields["min"] = fmt.Sprintf("每层最少样本应为 0 至 %d 的整数", MaxPerStratum)
		}
		d.PerStratum = 0
	case Fixed:
		if d.PerStratum < 1 || d.PerStratum > MaxPerStratum {
			fields["per_stratum"] = fmt.Sprintf("每层样本数应为 1 至 %d 的整数", MaxPerStratum)
		}
		d.Size, d.Min = 0, 0
	default:
		fields["mode"] = "抽样方式应为 proportional（按比例分配）或 fixed（每层固定数量）"
	}
	if len(fields) > 0 {
		return &minyi.Error{Code: minyi.EINVALID, Message: "抽样设计有误，请检查标出的项目", MessageEN: "the sample design is invalid", Fields: fields}
	}
	return nil
}

// Candidate is a closed appeal that may be drawn.
type Candidate struct {
	AppealID int64
	UnitID   int64
	UnitName string
	District string
	Type     minyi.AppealType
}

// Stratum is one cell of the design: how many closed appeals it holds
// and how many were drawn.
type Stratum struct {
	Key        string `json:"key"`
	Label      string `json:"label"`
	Population int    `json:"population"`
	Sample     int    `json:"sample"`
}

// Drawn is one sampled appeal and its stratum.
type Drawn struct {
	Candidate
	Stratum  string
	Position int // order of the draw within the round, from 1
}

// key and label of a candidate's stratum.
func (d Design) stratum(c Candidate) (string, string) {
	var keys, labels []string
	for _, k := range d.Strata {
		switch k {
		case ByUnit:
			keys, labels = append(keys, fmt.Sprintf("u%d", c.UnitID)), append(labels, c.UnitName)
		case ByDistrict:
			dist := c.District
			if dist == "" {
				dist = "未填区"
			}
			keys, labels = append(keys, "d:"+dist), append(labels, dist)
		case ByType:
			keys, labels = append(keys, "t:"+string(c.Type)), append(labels, minyi.AppealTypeLabels[c.Type])
		}
	}
	return strings.Join(keys, "|"), strings.Join(labels, " · ")
}

// Draw samples the candidates by the design with a seeded generator:
// the same candidates, design and seed always give the same sample, so
// an auditor can redraw it. Within a stratum the candidates are taken in
// appeal order and shuffled (Fisher–Yates, PCG seeded by seed and the
// stratum's key), and the first n are drawn.
func Draw(cands []Candidate, d Design, seed uint64) ([]Drawn, []Stratum) {
	groups := map[string][]int32{} // indexes into cands
	labels := map[string]string{}
	// A candidate's cell holds only the stratifying fields; its key is
	// built once per cell, not once per appeal.
	type cell struct {
		unit     int64
		district string
		typ      minyi.AppealType
	}
	keyOf := map[cell]string{}
	for i, c := range cands {
		var x cell
		for _, s := range d.Strata {
			switch s {
			case ByUnit:
				x.unit = c.UnitID
			case ByDistrict:
				x.district = c.District
			case ByType:
				x.typ = c.Type
			}
		}
		k, ok := keyOf[x]
		if !ok {
			var l string
			k, l = d.stratum(c)
			keyOf[x], labels[k] = k, l
		}
		groups[k] = append(groups[k], int32(i))
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pops := make([]int, len(keys))
	for i, k := range keys {
		pops[i] = len(groups[k])
	}
	alloc := Allocate(pops, d)
	var out []Drawn
	strata := make([]Stratum, len(keys))
	for i, k := range keys {
		g := groups[k]
		byID := func(a, b int32) int { return cmp.Compare(cands[a].AppealID, cands[b].AppealID) }
		if !slices.IsSortedFunc(g, byID) {
			slices.SortFunc(g, byID)
		}
		rng := rand.New(rand.NewPCG(seed, fnv(k)))
		n := alloc[i]
		// A partial Fisher–Yates shuffle: the first n places are a
		// uniform random sample without replacement.
		for j := 0; j < n; j++ {
			r := j + rng.IntN(len(g)-j)
			g[j], g[r] = g[r], g[j]
		}
		for _, c := range g[:n] {
			out = append(out, Drawn{Candidate: cands[c], Stratum: k, Position: len(out) + 1})
		}
		strata[i] = Stratum{Key: k, Label: labels[k], Population: pops[i], Sample: n}
	}
	return out, strata
}

// Allocate shares the sample out to strata of the given populations.
// Fixed: PerStratum each. Proportional: Size shared in proportion to the
// populations by largest remainders, then each raised to Min; a stratum
// never gets more than it holds, so the total may differ from Size.
func Allocate(pops []int, d Design) []int {
	out := make([]int, len(pops))
	if d.Mode == Fixed {
		for i, p := range pops {
			out[i] = min(d.PerStratum, p)
		}
		return out
	}
	total := 0
	for _, p := range pops {
		total += p
	}
	if total == 0 {
		return out
	}
	size := min(d.Size, total)
	type rem struct {
		i int
		r float64
	}
	var rems []rem
	given := 0
	for i, p := range pops {
		exact := float64(size) * float64(p) / float64(total)
		out[i] = int(exact)
		given += out[i]
		rems = append(rems, rem{i, exact - float64(out[i])})
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for j := 0; given < size && j < len(rems); j++ {
		out[rems[j].i]++
		given++
	}
	for i, p := range pops {
		out[i] = min(max(out[i], d.Min), p)
	}
	return out
}

// fnv hashes a stratum's key into the second word of its generator's
// state, so each stratum draws from its own stream.
func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
