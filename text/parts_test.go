package text

import (
	"slices"
	"testing"
)

func TestParts(t *testing.T) {
	s, err := DefaultSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	got := s.Parts("不动产权证书")
	for _, w := range []string{"不动产", "产权", "证书"} {
		if !slices.Contains(got, w) {
			t.Errorf("Parts(不动产权证书) = %v, lacks %s", got, w)
		}
	}
	if got := s.Parts("驾照"); got != nil {
		t.Errorf("Parts(驾照) = %v, want none", got)
	}
}

func TestSynonymsIn(t *testing.T) {
	got := SynonymsIn("我想去领失业金，驾照也丢了")
	for _, w := range []string{"失业保险金", "驾驶证"} {
		if !slices.Contains(got, w) {
			t.Errorf("SynonymsIn = %v, lacks %s", got, w)
		}
	}
	if got := SynonymsIn("今天天气很好"); len(got) != 0 {
		t.Errorf("SynonymsIn(今天天气很好) = %v", got)
	}
	// 领养 crosses the longer 养老金: the reader reads 领 + 养老金.
	got = SynonymsIn("每月领养老金")
	if !slices.Contains(got, "养老金") && !slices.Contains(got, "养老保险待遇") || slices.Contains(got, "收养子女登记") {
		t.Errorf("SynonymsIn(每月领养老金) = %v, want the pension and no adoption", got)
	}
	// A form inside a longer one is not read: 驾照丢了 says more than 驾照.
	got = SynonymsIn("驾照丢了")
	if !slices.Contains(got, "驾驶证补领") || slices.Contains(got, "驾驶证") {
		t.Errorf("SynonymsIn(驾照丢了) = %v, want only what the whole phrase means", got)
	}
}
