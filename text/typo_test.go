package text

import (
	"slices"
	"testing"
)

// Sound-alike typos of known terms are found; words spelt right, function
// characters and rare readings are not mistaken for typos.
func TestTypos(t *testing.T) {
	seg, err := DefaultSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text string
		want []string
	}{
		{"社宝卡丢了", []string{"社保卡丢了"}}, // the longest known term it reads as
		{"低包怎么申请", []string{"低保"}},
		{"营业执找在哪办", []string{"营业执照"}},
		{"驾驶正公证", []string{"驾驶证"}},
		// Right as written: nothing to mend.
		{"社保卡丢了", nil},
		{"开工前要办的施工许可", nil},      // 开工 and 施工 are words: 工前, 的施 are no typos
		{"要求补发工资", nil},          // 补发 + 工资, not 不发工资
		{"可以补缴居民医保吗", nil},       // 吗 is a particle, not 码
		{"房产交易后c市公积金中心未支付", nil}, // 市 is shì, 提 only rarely
		{"邻居闹矛盾想找人调解", nil},      // two-character everyday words sound alike too often
	}
	for _, c := range cases {
		if got := seg.Typos(Normalize(c.text)); !slices.Equal(got, c.want) {
			t.Errorf("Typos(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
