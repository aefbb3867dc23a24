package classify

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
)

func TestDefaultBuckets(t *testing.T) {
	if got := defaultBuckets(7); got != 1<<20 {
		t.Errorf("7 labels: %d buckets, want 1<<20", got)
	}
	for _, k := range []int{2, 10, 100, 300} {
		if b := defaultBuckets(k); b <= 0 || b > 1<<20 || b*k > maxWeights {
			t.Errorf("%d labels: %d buckets, %d weights", k, b, b*k)
		}
	}
}

// units returns appeals for n responsible units, labelled by numeric IDs
// like the routing engine's; unit i has sizes[i % len(sizes)] examples.
func units(n int, sizes []int) []Example {
	topics := []string{"噪音", "油烟", "停车", "路灯", "学位", "社保", "医保", "公交", "垃圾", "漏水", "物业", "拆迁"}
	var out []Example
	for i := range n {
		for j := range sizes[i%len(sizes)] {
			a, b := topics[i%len(topics)], topics[(i/len(topics))%len(topics)]
			out = append(out, Example{
				Title:   fmt.Sprintf("%s%s问题", a, b),
				Content: fmt.Sprintf("第%d片区的%s和%s问题一直没有解决，请第%d号单位处理（%d）。", i, a, b, i, j),
				Label:   strconv.Itoa(1000 + i),
			})
		}
	}
	return out
}

// TestTrainSmallData trains a responsible-unit model: a hundred labels,
// some with one or two examples, a few hundred examples in all.
func TestTrainSmallData(t *testing.T) {
	ex := units(100, []int{1, 2, 3, 5, 8})
	m, err := Train(ex, Options{Epochs: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Labels) != 100 || m.Buckets*len(m.Labels) > maxWeights {
		t.Fatalf("%d labels, %d buckets", len(m.Labels), m.Buckets)
	}
	right := 0
	for _, e := range ex {
		p := m.Predict(e.Title, e.Content)
		if len(p) != 100 {
			t.Fatalf("%d scores, want 100", len(p))
		}
		if p[0].Label == e.Label {
			right++
		}
	}
	if right < len(ex)*8/10 {
		t.Errorf("%d of %d training examples right", right, len(ex))
	}
	if m.Threshold <= 0 || m.Threshold > 1 {
		t.Errorf("threshold %v", m.Threshold)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d examples, %d buckets, accuracy on training data %d/%d, file %d KB",
		len(ex), m.Buckets, right, len(ex), buf.Len()>>10)
	if buf.Len() > 8<<20 {
		t.Errorf("model file %d bytes", buf.Len())
	}
	// One example per label: nothing to validate on, still a model.
	if _, err := Train(units(5, []int{1}), Options{Epochs: 2}); err != nil {
		t.Errorf("one example per label: %v", err)
	}
}
