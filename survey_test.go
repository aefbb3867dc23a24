package minyi

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The path follows jumps forward and stops at "end"; a question with no
// answer yet goes on to the next.
func TestSurveyPath(t *testing.T) {
	s := &Survey{Title: "t", Status: SurveyDraft, Questions: []Question{
		{ID: "a", Kind: QSingle, Title: "a", Options: []Option{{ID: "x", Label: "x", Next: "c"}, {ID: "y", Label: "y", Next: SurveyEnd}, {ID: "z", Label: "z"}}},
		{ID: "b", Kind: QScale, Title: "b"},
		{ID: "c", Kind: QSingle, Title: "c", Options: []Option{{ID: "p", Label: "p", Next: "e"}, {ID: "q", Label: "q"}}},
		{ID: "d", Kind: QText, Title: "d"},
		{ID: "e", Kind: QNPS, Title: "e"},
	}}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		answers Answers
		want    string
	}{
		{Answers{}, "[0 1 2 3 4]"},
		{Answers{"a": {Option: "x"}}, "[0 2 3 4]"},
		{Answers{"a": {Option: "x"}, "c": {Option: "p"}}, "[0 2 4]"},
		{Answers{"a": {Option: "y"}, "c": {Option: "p"}}, "[0]"},
		{Answers{"a": {Option: "z"}, "c": {Option: "q"}}, "[0 1 2 3 4]"},
	} {
		if got := fmt.Sprint(s.Path(c.answers)); got != c.want {
			t.Errorf("%v: path %s, want %s", c.answers, got, c.want)
		}
	}
	// A jump back, or on a multiple choice, is refused.
	s.Questions[2].Options[0].Next = "b"
	s.Questions[1] = Question{ID: "b", Kind: QMulti, Title: "b", Options: []Option{{ID: "m", Label: "m", Next: "e"}, {ID: "n", Label: "n"}}}
	err, _ := s.Validate().(*Error)
	if err == nil || err.Fields["questions.2.options.0.next"] == "" {
		t.Fatalf("backward jump: %v", err)
	}
	s.Normalize() // drops jumps where they cannot be
	if s.Questions[1].Options[0].Next != "" {
		t.Fatal("a multiple choice kept its jump")
	}
}

// Fresh ids never collide with the ones a survey already has.
func TestSurveyNormalizeIDs(t *testing.T) {
	s := &Survey{Questions: []Question{{ID: "q1", Kind: QSingle, Options: []Option{{ID: "o2"}, {}}}, {Kind: QText}, {Kind: QScale}}}
	s.Normalize()
	seen := map[string]bool{}
	for _, q := range s.Questions {
		if seen[q.ID] || q.ID == "" {
			t.Fatalf("question id %q repeated", q.ID)
		}
		seen[q.ID] = true
	}
	if o := s.Questions[0].Options; o[1].ID == "" || o[1].ID == o[0].ID {
		t.Fatalf("option ids %q", o)
	}
	if len(s.Questions[2].Labels) != 5 {
		t.Fatal("scale without default labels")
	}
}

// BenchmarkTally counts 10,000 answers to the built-in 好差评
// questionnaire across 10 districts and 4 groups.
func BenchmarkTally(b *testing.B) {
	s := Haochaping()
	r := rand.New(rand.NewPCG(1, 2))
	list := make([]*SurveyResponse, 10000)
	for i := range list {
		a := Answers{}
		for _, q := range s.Questions[:5] {
			v := 1 + r.IntN(5)
			a[q.ID] = Answer{Value: &v}
		}
		if i%5 == 0 {
			a["suggestion"] = Answer{Text: "希望延长窗口服务时间"}
		}
		list[i] = &SurveyResponse{District: fmt.Sprintf("区%d", i%10), Group: fmt.Sprintf("组%d", i%4), Answers: a}
	}
	b.ReportAllocs()
	for b.Loop() {
		Tally(s, list, nil)
	}
}
