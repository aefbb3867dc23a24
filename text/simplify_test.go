package text

import "testing"

// TestSimplifySkipIsExact checks the shortcut of simplify: every
// dictionary key that mayChange lets through must be left unchanged by
// OpenCC, alone and between other text.
func TestSimplifySkipIsExact(t *testing.T) {
	c, err := toSimplified()
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, g := range c.cc.DictChains {
		for _, d := range g.Dicts {
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				key, err := d.Trie.Key(id)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range []string{string(key), "我们" + string(key) + "处理"} {
					if c.mayChange(s) {
						continue
					}
					skipped++
					if out, err := c.cc.Convert(s); err != nil || out != s {
						t.Errorf("%q: skipped, but OpenCC gives %q (%v)", s, out, err)
					}
				}
			}
		}
	}
	t.Logf("%d texts skipped", skipped)
	for _, s := range []string{"噪音擾民", "反覆投訴", "回覆", "沈默"} {
		if !c.mayChange(s) {
			t.Errorf("%q: not converted", s)
		}
	}
	for _, s := range []string{"覆盖", "一目了然", "没有"} {
		if c.mayChange(s) {
			t.Errorf("%q: converted, though OpenCC leaves it", s)
		}
	}
	if got := Normalize("請儘快回覆"); got != "请尽快回复" {
		t.Errorf("Normalize = %q", got)
	}
}
