package classify

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExplain(t *testing.T) {
	m, err := Train(synthetic(60, 1), smallOptions)
	if err != nil {
		t.Fatal(err)
	}
	title, content := "工地夜间施工噪音", "我住在南山区，附近工地深夜还在施工，噪音很大，居民无法休息。"
	got := m.Explain(title, content, "环境保护", 5)
	t.Logf("环境保护: %q", got)
	if len(got) == 0 || len(got) > 5 {
		t.Fatalf("Explain returned %q, want 1–5 reasons", got)
	}
	doc := title + content
	for i, w := range got {
		if utf8.RuneCountInString(w) < 2 {
			t.Errorf("reason %q is shorter than two characters", w)
		}
		if !strings.Contains(doc, w) {
			t.Errorf("reason %q is not in the document", w)
		}
		for _, prev := range got[:i] {
			if strings.Contains(prev, w) {
				t.Errorf("reason %q is part of the earlier reason %q", w, prev)
			}
		}
	}
	if !slices.ContainsFunc(got, func(w string) bool { return strings.Contains(w, "噪音") || strings.Contains(w, "施工") }) {
		t.Errorf("reasons %q name neither 噪音 nor 施工", got)
	}
	if again := m.Explain(title, content, "环境保护", 5); !slices.Equal(got, again) {
		t.Errorf("not deterministic: %q then %q", got, again)
	}
	if m.Explain(title, content, "没有这个分类", 5) != nil {
		t.Error("unknown label: want nil")
	}
	if m.Explain(title, content, "环境保护", 0) != nil {
		t.Error("k = 0: want nil")
	}
}
