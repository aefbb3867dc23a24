package text

import (
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"",
	"我叫张三，电话13812345678，身份证440301199001011234",
	"+86 138 1234 5678 / 86-139-1234-5678",
	"卡号6222021234567890128，座机0755-83212345",
	"邮箱zhang.san@example.com.cn，车牌粤BD12345",
	"诉求编号SZ20261130000123",
	"联系人：欧阳娜娜 姓名：李四 本人王五",
	"11010519491231002X@qq.com",
	"\xff\xfe138123456781",
}

// checkMatches fails when matches are out of bounds, out of order,
// overlapping or do not match their text.
func checkMatches(t *testing.T, s string, ms []Match) {
	t.Helper()
	last := 0
	for _, m := range ms {
		if m.Start < last || m.End <= m.Start || m.End > len(s) {
			t.Fatalf("bad match %+v (previous end %d, len %d) in %q", m, last, len(s), s)
		}
		if s[m.Start:m.End] != m.Text {
			t.Fatalf("match %+v text differs from input %q", m, s[m.Start:m.End])
		}
		last = m.End
	}
}

func FuzzFindPII(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkMatches(t, s, FindPII(s))
	})
}

func mobileDigits(s string) string {
	d := digitsOf(s)
	if len(d) == 13 {
		d = d[2:]
	}
	return d
}

func FuzzMask(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Mask(s)
		after := FindPII(out)
		checkMatches(t, out, after)
		for _, m := range FindPII(s) {
			if m.Kind != KindMobile {
				continue
			}
			want := mobileDigits(m.Text)
			if strings.Contains(out, m.Text) && strings.Count(s, m.Text) == 1 {
				t.Fatalf("Mask(%q) = %q still holds %q", s, out, m.Text)
			}
			for _, a := range after {
				if a.Kind == KindMobile && mobileDigits(a.Text) == want {
					t.Fatalf("Mask(%q) = %q still shows mobile %s", s, out, want)
				}
			}
		}
	})
}
