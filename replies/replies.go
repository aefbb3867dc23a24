// Package replies scores the quality of a unit's reply (答复) to an appeal
// on four measures, each in [0, 1]:
//
//   - timeliness: working days from the appeal to the reply against its
//     deadline (15 working days when unknown);
//   - relevance: how much of what the appeal is about — its key terms and
//     places — the reply takes up;
//   - completeness: the share of the appeal's questions and numbered
//     demands the reply takes up;
//   - explainability: whether the reply gives a basis (laws, policies),
//     concrete actions, a contact and specific details, rather than
//     forwarding the matter or saying nothing.
//
// Greetings, thanks and sign-offs (Substance) are cut first: they are the
// same in every reply. Overall is a fixed weighted mean. Every score comes
// with its Reasons — the cues found and the questions left open — so that
// a unit can see what to improve. The formulas are in docs/replies.md.
package replies

import (
	"math"
	"time"

	"minyi"
	"minyi/text"
)

// Weights of the overall score; they sum to 1. Explainability weighs most:
// it is what the citizen can act on.
const (
	WeightTimeliness     = 0.15
	WeightRelevance      = 0.25
	WeightCompleteness   = 0.25
	WeightExplainability = 0.35
)

// Input is one appeal and its reply.
type Input struct {
	ID       string
	Title    string
	Content  string
	Received time.Time
	Reply    string
	Replied  time.Time
	// Due is the appeal's completion deadline; zero: DefaultDeadlineDays
	// working days after Received.
	Due time.Time
}

// Score is the quality of one reply.
type Score struct {
	ID             string  `json:"id"`
	Timeliness     float64 `json:"timeliness"`
	Relevance      float64 `json:"relevance"`
	Completeness   float64 `json:"completeness"`
	Explainability float64 `json:"explainability"`
	Overall        float64 `json:"overall"`
	Reasons        Reasons `json:"reasons"`
}

// Reasons say what each measure was built from.
type Reasons struct {
	Timing      Timing      `json:"timing"`
	Relevance   Relevance   `json:"relevance"`
	Questions   []Question  `json:"questions,omitempty"`
	Explanation Explanation `json:"explanation"`
}

// Unanswered returns the questions the reply did not take up.
func (r Reasons) Unanswered() []string {
	var out []string
	for _, q := range r.Questions {
		if !q.Answered {
			out = append(out, q.Text)
		}
	}
	return out
}

// Scorer scores replies. It is safe for concurrent use.
type Scorer struct {
	seg      *text.Segmenter
	Calendar *minyi.Calendar // working days; weekends only when nil
	// IDF weighs terms (NewIDF over a batch); nil: by length.
	IDF *IDF
}

// NewScorer returns a Scorer on the shared segmenter.
func NewScorer(cal *minyi.Calendar) (*Scorer, error) {
	seg, err := text.DefaultSegmenter()
	if err != nil {
		return nil, err
	}
	return &Scorer{seg: seg, Calendar: cal}, nil
}

// Terms are the content terms of a text, for NewIDF.
func (sc *Scorer) Terms(s string) []string { return sc.contentTerms(s) }

// Score scores one reply.
func (sc *Scorer) Score(in Input) Score {
	s := Score{ID: in.ID}
	sub := Substance(in.Reply)
	norm := text.Normalize(sub)
	s.Timeliness, s.Reasons.Timing = timeliness(sc.Calendar, in.Received, in.Replied, in.Due)
	s.Relevance, s.Reasons.Relevance = sc.relevance(in.Title, in.Content, norm, sc.IDF)
	s.Completeness, s.Reasons.Questions = sc.completeness(in.Title, in.Content, norm, s.Relevance, sc.IDF)
	s.Explainability, s.Reasons.Explanation = explain(sub)
	s.Overall = Overall(s.Timeliness, s.Relevance, s.Completeness, s.Explainability)
	for _, x := range []*float64{&s.Timeliness, &s.Relevance, &s.Completeness, &s.Explainability, &s.Overall} {
		*x = math.Round(*x*1000) / 1000
	}
	return s
}

// Overall is the weighted mean of the four measures.
func Overall(timeliness, relevance, completeness, explainability float64) float64 {
	return clamp(WeightTimeliness*timeliness + WeightRelevance*relevance +
		WeightCompleteness*completeness + WeightExplainability*explainability)
}
