package search

import "testing"

// The variant a question asks for weighs its items' names; words that
// only hold a cue (手续 holds 续) ask for none.
func TestVariantFactor(t *testing.T) {
	cases := []struct {
		q, name string
		want    float64
	}{
		{"身份证丢了", "居民身份证补领", 1.4},
		{"运输证快到期了要延期", "货物运输车辆道路运输证办理（延期）", 1.4},
		{"想跑出租车要办什么手续", "巡游出租汽车道路运输证核发（换发）", 0.75},
		{"想跑出租车要办什么手续", "巡游出租汽车道路运输证核发（新增）", 1},
		{"开饭店", "食品经营许可（新办）", 1.1},
	}
	for _, c := range cases {
		if got := readVariant(c.q).factor(c.name); got != c.want {
			t.Errorf("readVariant(%q).factor(%q) = %v, want %v", c.q, c.name, got, c.want)
		}
	}
}
