package minyi

import (
	"math"
	"sort"
	"strconv"
)

// SurveyResults are a survey's answers counted.
type SurveyResults struct {
	SurveyID  int64            `json:"survey_id"`
	Responses int              `json:"responses"`
	Questions []QuestionResult `json:"questions"`
	Districts []string         `json:"districts"`
	Groups    []string         `json:"groups"`
}

// QuestionResult counts one question's answers. Percentages are of the
// respondents who answered it (a multiple choice may sum past 100).
// Buckets are the options of a choice, the points 1–5 of a scale or 0–10
// of an NPS question.
type QuestionResult struct {
	Question Question   `json:"question"`
	Answered int        `json:"answered"`
	Buckets  []Bucket   `json:"buckets,omitempty"`
	Average  *float64   `json:"average,omitempty"`
	NPS      *NPSResult `json:"nps,omitempty"`
	Texts    []string   `json:"texts,omitempty"`
	ByDistr  []CrossRow `json:"by_district,omitempty"`
	ByGroup  []CrossRow `json:"by_group,omitempty"`
}

// Bucket is one option or point with how many chose it.
type Bucket struct {
	Label   string  `json:"label"`
	Count   int     `json:"count"`
	Percent float64 `json:"percent"`
}

// NPSResult is the net promoter score: the percentage of promoters (9–10)
// minus that of detractors (0–6).
type NPSResult struct {
	Promoters  int     `json:"promoters"`
	Passives   int     `json:"passives"`
	Detractors int     `json:"detractors"`
	Score      float64 `json:"score"`
}

// CrossRow is one district's or group's answers to a question: counts per
// bucket, and the average or NPS where the question has one.
type CrossRow struct {
	Key      string     `json:"key"`
	Answered int        `json:"answered"`
	Counts   []int      `json:"counts"`
	Average  *float64   `json:"average,omitempty"`
	NPS      *NPSResult `json:"nps,omitempty"`
	sum      int
}

// NoAttribute is the cross-tab row of respondents without a district or group.
const NoAttribute = "（未知）"

// round1 rounds to one decimal, as results are shown.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// pct is part of whole in percent, rounded to one decimal.
func pct(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return round1(100 * float64(part) / float64(whole))
}

// npsOf scores NPS buckets 0–10.
func npsOf(counts []int, n int) *NPSResult {
	r := &NPSResult{}
	for v, c := range counts {
		switch {
		case v >= 9:
			r.Promoters += c
		case v >= 7:
			r.Passives += c
		default:
			r.Detractors += c
		}
	}
	if n > 0 {
		r.Score = round1(100 * float64(r.Promoters-r.Detractors) / float64(n))
	}
	return r
}

// Tally counts responses to the survey's questions. mask de-identifies
// free text (personal data in suggestions must not reach the readers of
// results); nil keeps it as written.
func Tally(s *Survey, responses []*SurveyResponse, mask func(string) string) *SurveyResults {
	res := &SurveyResults{SurveyID: s.ID, Responses: len(responses), Districts: []string{}, Groups: []string{}}
	districts, groups := map[string]bool{}, map[string]bool{}
	for _, r := range responses {
		districts[attr(r.District)], groups[attr(r.Group)] = true, true
	}
	res.Districts, res.Groups = sortedKeys(districts), sortedKeys(groups)
	for _, q := range s.Questions {
		qr := QuestionResult{Question: q}
		var labels []string
		switch q.Kind {
		case QSingle, QMulti:
			for _, o := range q.Options {
				labels = append(labels, o.Label)
			}
		case QScale:
			for v := 1; v <= 5; v++ {
				l := strconv.Itoa(v)
				if v-1 < len(q.Labels) {
					l += " " + q.Labels[v-1]
				}
				labels = append(labels, l)
			}
		case QNPS:
			for v := 0; v <= 10; v++ {
				labels = append(labels, strconv.Itoa(v))
			}
		}
		counts := make([]int, len(labels))
		byD, byG := map[string]*CrossRow{}, map[string]*CrossRow{}
		sum := 0
		for _, r := range responses {
			a, ok := r.Answers[q.ID]
			if !ok {
				continue
			}
			if q.Kind == QText {
				if a.Text == "" {
					continue
				}
				t := a.Text
				if mask != nil {
					t = mask(t)
				}
				qr.Texts = append(qr.Texts, t)
				qr.Answered++
				continue
			}
			hit := q.buckets(a)
			if len(hit) == 0 {
				continue
			}
			qr.Answered++
			for _, b := range hit {
				counts[b]++
			}
			if a.Value != nil {
				sum += *a.Value
			}
			for _, m := range []struct {
				rows map[string]*CrossRow
				key  string
			}{{byD, attr(r.District)}, {byG, attr(r.Group)}} {
				row := m.rows[m.key]
				if row == nil {
					row = &CrossRow{Key: m.key, Counts: make([]int, len(labels))}
					m.rows[m.key] = row
				}
				row.Answered++
				for _, b := range hit {
					row.Counts[b]++
				}
				if a.Value != nil {
					row.sum += *a.Value
				}
			}
		}
		if q.Kind == QText {
			res.Questions = append(res.Questions, qr)
			continue
		}
		for i, l := range labels {
			qr.Buckets = append(qr.Buckets, Bucket{Label: l, Count: counts[i], Percent: pct(counts[i], qr.Answered)})
		}
		qr.Average, qr.NPS = q.summary(counts, sum, qr.Answered)
		qr.ByDistr = crossRows(&q, byD, res.Districts)
		qr.ByGroup = crossRows(&q, byG, res.Groups)
		res.Questions = append(res.Questions, qr)
	}
	return res
}

// buckets returns the positions an answer counts in.
func (q *Question) buckets(a Answer) []int {
	switch q.Kind {
	case QSingle, QMulti:
		chosen := a.Options
		if q.Kind == QSingle {
			chosen = []string{a.Option}
		}
		var out []int
		for i, o := range q.Options {
			for _, c := range chosen {
				if c == o.ID {
					out = append(out, i)
				}
			}
		}
		return out
	case QScale:
		if a.Value != nil && *a.Value >= 1 && *a.Value <= 5 {
			return []int{*a.Value - 1}
		}
	case QNPS:
		if a.Value != nil && *a.Value >= 0 && *a.Value <= 10 {
			return []int{*a.Value}
		}
	}
	return nil
}

// summary is the average of a scale and the NPS of an NPS question.
func (q *Question) summary(counts []int, sum, n int) (*float64, *NPSResult) {
	if n == 0 {
		return nil, nil
	}
	switch q.Kind {
	case QScale:
		avg := math.Round(100*float64(sum)/float64(n)) / 100
		return &avg, nil
	case QNPS:
		avg := math.Round(100*float64(sum)/float64(n)) / 100
		return &avg, npsOf(counts, n)
	}
	return nil, nil
}

// crossRows orders a question's rows as keys and fills their summaries.
func crossRows(q *Question, rows map[string]*CrossRow, keys []string) []CrossRow {
	var out []CrossRow
	for _, k := range keys {
		row := rows[k]
		if row == nil {
			continue
		}
		row.Average, row.NPS = q.summary(row.Counts, row.sum, row.Answered)
		out = append(out, *row)
	}
	return out
}

func attr(s string) string {
	if s == "" {
		return NoAttribute
	}
	return s
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
