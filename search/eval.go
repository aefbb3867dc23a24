package search

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// A Judgement is one evaluation question and the names of the items that
// answer it; any one of them is a right answer.
type Judgement struct {
	Question string
	Relevant []string
}

// ReadJudgements reads "question<TAB>name|name" lines; blank lines and
// lines starting with # are skipped.
func ReadJudgements(r io.Reader) ([]Judgement, error) {
	var out []Judgement
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, rel, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(rel) == "" {
			return nil, fmt.Errorf("line %d: want question<TAB>names", n)
		}
		out = append(out, Judgement{Question: strings.TrimSpace(q), Relevant: strings.Split(strings.TrimSpace(rel), "|")})
	}
	return out, sc.Err()
}

// Metrics are a ranking's figures over a set of judgements.
type Metrics struct {
	Questions int
	// MRR10 is the mean of 1/rank of the first right answer within the
	// top 10 (0 when none is).
	MRR10 float64
	// Recall5 is the share of questions with a right answer in the top 5
	// (every listed name is an acceptable answer, so one is enough).
	Recall5 float64
	// Misses are the questions with no right answer in the top 5.
	Misses []string
}

// Evaluate ranks each question with rank, which returns item names best
// first, and measures the ranking.
func Evaluate(js []Judgement, rank func(q string) ([]string, error)) (Metrics, error) {
	m := Metrics{Questions: len(js)}
	for _, j := range js {
		names, err := rank(j.Question)
		if err != nil {
			return m, fmt.Errorf("%s: %w", j.Question, err)
		}
		first := 0
		for i, n := range names[:min(10, len(names))] {
			if contains(j.Relevant, n) {
				first = i + 1
				break
			}
		}
		if first > 0 {
			m.MRR10 += 1 / float64(first)
		}
		if first > 0 && first <= 5 {
			m.Recall5++
		} else {
			m.Misses = append(m.Misses, j.Question)
		}
	}
	if len(js) > 0 {
		m.MRR10 /= float64(len(js))
		m.Recall5 /= float64(len(js))
	}
	return m, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
