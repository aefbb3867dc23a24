package analytics

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"minyi"
	"minyi/hotspots"
	"minyi/text"
)

// Emerging-term defaults.
const (
	DefaultRecentDays = 7   // the recent window, today included
	DefaultMinRecent  = 5   // appeals with the term in the recent window
	DefaultMinPeople  = 3   // distinct people among them
	DefaultMinScore   = 3.0 // the Freeman–Tukey deviate, about p < 0.0013 one-sided
	DefaultMinRatio   = 2.0 // recent count at least twice the expected one
	DefaultMinHistory = 20  // appeals before the recent window, else no terms
	DefaultTopTerms   = 20  // terms kept
	termContentRunes  = 200 // what of the content is read besides the title
	termSamples       = 3   // tracking numbers kept per term
	termSmoothing     = 1.0 // α: appeals with the term added to its history
	maxTermRunes      = 12  // longer "terms" are the segmenter's leftovers
	minTermRunes      = 2   // one character says too little
)

// TermFormula explains the score in Chinese and English, for the pages and
// the API.
const TermFormula = `新兴词：近 7 天（含今天）诉求标题及正文前 200 字中的词，与窗口内此前各天相比。
设近 7 天共 Nr 件诉求、其中 x 件含该词，此前共 Nh 件、其中 h 件含该词，
期望值 E = (h + 1) × Nr / Nh（该词此前的日均比例，加一平滑，按总量变化折算），
得分 z = √x + √(x+1) − √(4E+1)（Freeman–Tukey 离差，泊松分布下近似标准正态）。
入选条件：x ≥ 5，至少 3 人反映，z ≥ 3，且 x ≥ 2E；按 z 从高到低取前 20 个。
Emerging terms: the words of the titles and first 200 characters of the appeals of the last 7 days, against the window's earlier days.
With Nr appeals in the last 7 days, x of them with the term, and Nh earlier, h with it:
expected E = (h + 1) × Nr / Nh (its earlier share, add-one smoothed, scaled to the recent volume);
score z = √x + √(x+1) − √(4E+1) (the Freeman–Tukey deviate, about standard normal for a Poisson count).
Kept when x ≥ 5, at least 3 people, z ≥ 3 and x ≥ 2E; the top 20 by z.`

// EmergingTerm is a word that appears in many more recent appeals than its
// own history predicts.
type EmergingTerm struct {
	Term     string  `json:"term"`
	Recent   int     `json:"recent"`   // appeals with the term in the recent window
	Expected float64 `json:"expected"` // E, from its history
	Score    float64 `json:"score"`    // the Freeman–Tukey deviate z
	People   int     `json:"people"`   // distinct people among the recent appeals
	History  int     `json:"history"`  // appeals with the term before the recent window
	// Daily counts the recent appeals with the term per day, oldest first.
	Daily []int `json:"daily"`
	// Samples are tracking numbers of recent appeals with the term, newest
	// first.
	Samples []string `json:"samples"`
}

// TermOptions tune EmergingTerms; zero values take the defaults.
type TermOptions struct {
	Now        time.Time // the recent window ends on Now's day (city time); time.Now() when zero
	RecentDays int
	MinRecent  int
	MinPeople  int
	MinScore   float64
	MinHistory int
	Top        int
	// Terms cuts a text into terms; text.DefaultSegmenter's Terms when nil.
	Terms func(string) []string
}

// EmergingTerms finds the terms that burst in the last RecentDays days.
//
// Each appeal counts once per term it holds, in its title or the first 200
// characters of its content (text.Segmenter.Terms: stop words left out;
// terms of one character, of more than 12, or with a digit are left out as
// well: numbers, dates and phone fragments are not topics). Appeals are
// counted per day of the city's calendar. With Nr appeals in the recent
// window, x of them with the term, and Nh appeals before it (the rest of
// docs, normally the analysis window), h of them with the term:
//
//	E = (h + α) × Nr / Nh        α = 1 (add-one smoothing)
//	z = √x + √(x+1) − √(4E+1)    (Freeman–Tukey deviate)
//
// E is the term's earlier daily rate times the recent window's length,
// scaled by the change in the total number of appeals per day, so that a
// city-wide rise in appeals does not make every word emerging; the
// smoothing gives a term never seen before the expectation of one earlier
// appeal. z is about standard normal when x is a Poisson count of mean E,
// and grows with √x rather than x/√E, so that a handful of appeals with a
// new word does not outrank a hundred with a word that quadrupled. A term
// is kept when x ≥ MinRecent, the recent appeals come from at least
// MinPeople people (the account, else the phone; an appeal with neither
// counts as one person), z ≥ MinScore and x ≥ 2E; the top Top by z (then
// x, then the term). With fewer than MinHistory earlier appeals there is
// no history to compare with, and no terms.
func EmergingTerms(docs []hotspots.Doc, opt TermOptions) []EmergingTerm {
	opt = opt.withDefaults()
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	if opt.Terms == nil {
		seg, err := text.DefaultSegmenter()
		if err != nil {
			return nil
		}
		opt.Terms = seg.Terms
	}
	today := minyi.CivilDate(now)
	recentStart := today.AddDate(0, 0, -(opt.RecentDays - 1))

	type stat struct {
		history int
		recent  []int32 // indexes into docs of the recent appeals with the term
	}
	stats := map[string]*stat{}
	var nRecent, nHistory int
	seen := map[string]bool{}
	for i, d := range docs {
		day := minyi.CivilDate(d.Time)
		recent := !day.Before(recentStart)
		if recent {
			nRecent++
		} else {
			nHistory++
		}
		clear(seen)
		for _, t := range opt.Terms(d.Title + "\n" + firstRunes(d.Content, termContentRunes)) {
			if seen[t] || !isTopicTerm(t) {
				continue
			}
			seen[t] = true
			s := stats[t]
			if s == nil {
				s = &stat{}
				stats[t] = s
			}
			if recent {
				s.recent = append(s.recent, int32(i))
			} else {
				s.history++
			}
		}
	}
	if nRecent == 0 || nHistory < opt.MinHistory {
		return nil
	}
	var out []EmergingTerm
	for term, s := range stats {
		x := len(s.recent)
		if x < opt.MinRecent {
			continue
		}
		e := (float64(s.history) + termSmoothing) * float64(nRecent) / float64(nHistory)
		z := math.Sqrt(float64(x)) + math.Sqrt(float64(x)+1) - math.Sqrt(4*e+1)
		if z < opt.MinScore || float64(x) < DefaultMinRatio*e {
			continue
		}
		people := map[string]bool{}
		for _, i := range s.recent {
			p := docs[i].User
			if p == "" {
				p = "#" + docs[i].ID
			}
			people[p] = true
		}
		if len(people) < opt.MinPeople {
			continue
		}
		t := EmergingTerm{Term: term, Recent: x, Expected: round2(e), Score: round2(z), People: len(people),
			History: s.history, Daily: make([]int, opt.RecentDays)}
		idx := slices.Clone(s.recent)
		slices.SortStableFunc(idx, func(a, b int32) int { return docs[b].Time.Compare(docs[a].Time) })
		for _, i := range idx {
			day := int(minyi.CivilDate(docs[i].Time).Sub(recentStart) / (24 * time.Hour))
			t.Daily[min(day, opt.RecentDays-1)]++
			if len(t.Samples) < termSamples {
				t.Samples = append(t.Samples, docs[i].ID)
			}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b EmergingTerm) int {
		switch {
		case a.Score != b.Score:
			if a.Score > b.Score {
				return -1
			}
			return 1
		case a.Recent != b.Recent:
			return b.Recent - a.Recent
		}
		return strings.Compare(a.Term, b.Term)
	})
	if len(out) > opt.Top {
		out = out[:opt.Top]
	}
	return out
}

func (o TermOptions) withDefaults() TermOptions {
	if o.RecentDays <= 0 {
		o.RecentDays = DefaultRecentDays
	}
	if o.MinRecent <= 0 {
		o.MinRecent = DefaultMinRecent
	}
	if o.MinPeople <= 0 {
		o.MinPeople = DefaultMinPeople
	}
	if o.MinScore <= 0 {
		o.MinScore = DefaultMinScore
	}
	if o.MinHistory <= 0 {
		o.MinHistory = DefaultMinHistory
	}
	if o.Top <= 0 {
		o.Top = DefaultTopTerms
	}
	return o
}

// isTopicTerm reports whether a term may name a topic: two to twelve
// characters, no digit.
func isTopicTerm(t string) bool {
	n := utf8.RuneCountInString(t)
	return n >= minTermRunes && n <= maxTermRunes && !strings.ContainsFunc(t, unicode.IsDigit)
}

// firstRunes is s up to its n-th character.
func firstRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// Emerging returns the emerging terms of the latest analysis (at most n;
// all when n ≤ 0) and the snapshot they come from (nil before the first
// analysis). Terms are computed over every appeal: only a scope that sees
// every appeal gets them; others get none.
func (h *HotIssues) Emerging(scope minyi.Scope, n int) ([]EmergingTerm, *Snapshot) {
	h.mu.RLock()
	s := h.snap
	h.mu.RUnlock()
	if s == nil || !scope.All {
		return nil, s
	}
	terms := s.Terms
	if n > 0 && len(terms) > n {
		terms = terms[:n]
	}
	return terms, s
}
