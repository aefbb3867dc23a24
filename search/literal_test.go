package search

import (
	"context"
	"slices"
	"testing"

	"minyi"
)

// fakeIndex returns its hits in the given order and counts bigrams over
// their names.
type fakeIndex struct{ hits []Hit }

func (f *fakeIndex) MatchServices(ctx context.Context, q Query, limit int) ([]Hit, error) {
	return f.hits[:min(limit, len(f.hits))], nil
}

func (f *fakeIndex) DocFreqs(ctx context.Context, terms []string) ([]int, int, error) {
	out := make([]int, len(terms))
	for i, t := range terms {
		for _, h := range f.hits {
			if slices.Contains(Bigrams(h.Item.Name), t) {
				out[i]++
			}
		}
	}
	return out, len(f.hits), nil
}

// The item whose name the question holds almost word for word stays
// among the first five, however the understood ranking placed it; the
// order of the others is kept.
func TestLiteralMatchKeptInFirstFive(t *testing.T) {
	names := []string{"甲事项一", "甲事项二", "甲事项三", "甲事项四", "甲事项五", "甲事项六", "创业补贴申请", "甲事项八"}
	var hits []Hit
	for i, n := range names {
		hits = append(hits, Hit{Item: &minyi.ServiceItem{ID: int64(i + 1), Name: n}, Relevance: float64(len(names) - i)})
	}
	e := &Engine{Index: &fakeIndex{hits: hits}}
	res, err := e.Search(context.Background(), "自己创业有补贴吗", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Results {
		got = append(got, r.Name)
	}
	want := []string{"甲事项一", "甲事项二", "甲事项三", "甲事项四", "创业补贴申请", "甲事项五", "甲事项六", "甲事项八"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Already in the first five: nothing moves.
	res, err = e.Search(context.Background(), "甲事项二", 10)
	if err != nil {
		t.Fatal(err)
	}
	if res.Results[1].Name != "甲事项二" || res.Results[4].Name != "甲事项五" {
		t.Errorf("moved although in the first five: %v", res.Results)
	}
}
