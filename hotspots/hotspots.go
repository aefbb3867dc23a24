// Package hotspots finds hot issues (热点问题) in citizen appeals: the
// same concrete problem at the same place reported by several people over
// a period, such as one compound's restaurant fumes reported for weeks —
// not broad topics like "environment".
//
// Analyze works in four steps:
//
//  1. Near-duplicate reposts (package dedup) collapse into one unit, so
//     that a text posted ten times counts as one voice in the grouping.
//  2. Each unit gets a subject (Places: the most specific concrete place
//     in the title, else in the opening of the text; or a named
//     organisation or case learnt from the titles, Subjects) and a
//     problem vector: TF-IDF over the segmenter's terms without place
//     words.
//  3. Units are grouped by place, then by problem similarity and time: a
//     unit joins the group at the same place whose problem is most alike,
//     if similar enough and not too far apart in time. Groups at the same
//     place (or at places that mention each other) with similar problems
//     are then merged, so that one problem is not split over several;
//     at a site or named subject also across long silences (episodes).
//  4. Each group is measured and ranked by its heat (HeatFormula).
//
// Analyze is pure and deterministic: the same documents and options give
// the same issues, whatever the order of goroutines.
package hotspots

import (
	"time"
)

// Doc is one appeal to analyse.
type Doc struct {
	ID      string
	User    string // who filed it; empty when unknown
	Title   string
	Content string
	Time    time.Time
	Support int // 点赞数
	Oppose  int // 反对数
}

// Issue is one hot issue: appeals about the same problem at the same
// place.
type Issue struct {
	// Label is place and problem in a few words, e.g. "魅力之城小区
	// 油烟噪音扰民".
	Label string `json:"label"`
	// Place is the place as most appeals write it, with its
	// administrative prefix when they give one: "A市A5区魅力之城小区".
	// It is empty for a group of appeals that name no place
	// (Options.Placeless).
	Place string `json:"place"`
	// Problem is the terms that say what the problem is, most telling
	// first.
	Problem []string  `json:"problem"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Count   int       `json:"count"`   // appeals, reposts included
	People  int       `json:"people"`  // distinct users (an appeal without a user counts as one)
	Support int       `json:"support"` // sum of 点赞数
	Oppose  int       `json:"oppose"`  // sum of 反对数
	Heat    float64   `json:"heat"`    // see HeatFormula
	// Episodes is how many stretches of reports the issue has, more than
	// MaxGap of silence apart (1 for most); ActiveDays is the days they
	// cover together, which the heat index's concentration uses.
	Episodes   int     `json:"episodes"`
	ActiveDays float64 `json:"active_days"`
	// IDs of the appeals, oldest first.
	IDs []string `json:"ids"`
	// SampleTitles are up to five distinct titles, the most typical
	// first.
	SampleTitles []string `json:"sample_titles"`
}

// Defaults of Options.
const (
	DefaultSimilarity = 0.15
	DefaultMaxGap     = 60 * 24 * time.Hour
	DefaultDedup      = 0.6
	DefaultMinPeople  = 2
	DefaultMinSupport = 100
)

// Options tune Analyze. The zero value uses the defaults.
type Options struct {
	// Top is how many issues to return, the hottest first; 0 means all.
	Top int
	// MinPeople is the least number of distinct people an issue must
	// have (2): one person's appeal, however often reposted or liked, is
	// not yet a problem many people raise.
	MinPeople int
	// MinSupport is the net support (点赞 − 反对) with which an issue
	// raised by fewer than MinPeople still counts (100): each 点赞 is
	// another person saying "me too" in public, and a hundred of them
	// show a shared problem more surely than a second appeal does. A
	// negative value turns this off.
	MinSupport int
	// Similarity is the least cosine similarity of problem vectors for
	// appeals at one place to be one problem (0.15).
	Similarity float64
	// MaxGap is the longest quiet time inside one issue: an appeal filed
	// more than MaxGap after the last one at the same place starts a new
	// episode (60 days).
	MaxGap time.Duration
	// Dedup is the near-duplicate threshold of package dedup for
	// collapsing reposts (0.6).
	Dedup float64
	// Placeless keeps groups of appeals that name no place; a hot issue
	// is at a place, so by default they are left out.
	Placeless bool
	// Now is the time recency is measured from; zero means the time of
	// the latest document.
	Now time.Time
	// Workers segments texts in parallel (GOMAXPROCS when 0).
	Workers int
}

func (o Options) withDefaults() Options {
	if o.MinPeople <= 0 {
		o.MinPeople = DefaultMinPeople
	}
	if o.MinSupport == 0 {
		o.MinSupport = DefaultMinSupport
	}
	if o.Similarity <= 0 {
		o.Similarity = DefaultSimilarity
	}
	if o.MaxGap <= 0 {
		o.MaxGap = DefaultMaxGap
	}
	if o.Dedup <= 0 {
		o.Dedup = DefaultDedup
	}
	return o
}
