// Package text handles the Chinese free text citizens write. This file
// finds personal data in it (身份证号、手机号、固定电话、银行卡号、电子邮箱、
// 车牌号、姓名) and masks it for display.
package text

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind is a kind of personal data.
type Kind string

// The kinds FindPII detects.
const (
	KindIDCard   Kind = "id_card"
	KindMobile   Kind = "mobile"
	KindLandline Kind = "landline"
	KindBankCard Kind = "bank_card"
	KindEmail    Kind = "email"
	KindPlate    Kind = "plate"
	KindName     Kind = "name"
)

// Match is one piece of personal data in a text: s[Start:End] == Text.
type Match struct {
	Kind       Kind
	Start, End int // byte offsets
	Text       string
}

// FindPII returns the personal data in s, ordered by position and never
// overlapping. Where two detections overlap, the one starting first wins,
// then the longer one.
func FindPII(s string) []Match {
	var cands []Match
	add := func(k Kind, start, end int) {
		cands = append(cands, Match{Kind: k, Start: start, End: end, Text: s[start:end]})
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (isDigit(c) || c == '+') && (i == 0 || !isDigit(s[i-1])) {
			if end := matchMobile(s, i); end > 0 {
				add(KindMobile, i, end)
			}
			if c == '+' {
				continue
			}
			if end := matchLandline(s, i); end > 0 {
				add(KindLandline, i, end)
			}
			if end, k := matchLongNumber(s, i); end > 0 {
				add(k, i, end)
			}
		}
		if c == '@' {
			if start, end := matchEmail(s, i); end > 0 {
				add(KindEmail, start, end)
			}
		}
	}
	findPlates(s, add)
	findNames(s, add)

	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Start != cands[j].Start {
			return cands[i].Start < cands[j].Start
		}
		return cands[i].End > cands[j].End
	})
	var out []Match
	last := 0
	for _, m := range cands {
		if m.Start < last {
			continue
		}
		out = append(out, m)
		last = m.End
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func isAlnum(c byte) bool { return isDigit(c) || isUpper(c) || (c >= 'a' && c <= 'z') }

// digitEnds reports whether a number ending at end is not followed by
// another digit.
func digitEnds(s string, end int) bool { return end >= len(s) || !isDigit(s[end]) }

// digitRun returns the end of the run of ASCII digits starting at i.
func digitRun(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// matchMobile matches a mainland mobile number 1[3-9]\d{9} at i, with an
// optional +86 or 86 prefix and at most two single spaces or dashes
// between the digits (138 1234 5678, 138-1234-5678). It returns the end,
// or -1.
func matchMobile(s string, i int) int {
	j := i
	switch {
	case strings.HasPrefix(s[j:], "+86"):
		j += 3
	case strings.HasPrefix(s[j:], "86") && j+2 < len(s) && (s[j+2] == '1' || s[j+2] == ' ' || s[j+2] == '-'):
		j += 2
	}
	if j > i && j < len(s) && (s[j] == ' ' || s[j] == '-') {
		j++
	}
	if j >= len(s) || s[j] != '1' {
		return -1
	}
	n, seps := 0, 0
	for j < len(s) && n < 11 {
		c := s[j]
		switch {
		case isDigit(c):
			if n == 1 && c < '3' {
				return -1
			}
			n++
			j++
		case (c == ' ' || c == '-') && n > 0 && seps < 2 && j+1 < len(s) && isDigit(s[j+1]):
			seps++
			j++
		default:
			return -1
		}
	}
	if n != 11 || !digitEnds(s, j) {
		return -1
	}
	return j
}

// matchLandline matches a fixed-line number 0\d{2,3}-?\d{7,8} at i.
func matchLandline(s string, i int) int {
	if s[i] != '0' || i+1 >= len(s) || s[i+1] == '0' {
		return -1
	}
	a := digitRun(s, i)
	if n := a - i; (n == 3 || n == 4) && a+1 < len(s) && s[a] == '-' && s[a+1] != '0' {
		b := digitRun(s, a+1)
		if m := b - a - 1; m == 7 || m == 8 {
			return b
		}
		return -1
	}
	if n := a - i; n >= 10 && n <= 12 {
		return a
	}
	return -1
}

// matchLongNumber matches an identity card number or a bank card number
// at i, a run of digits not followed by another digit.
func matchLongNumber(s string, i int) (int, Kind) {
	a := digitRun(s, i)
	n := a - i
	if n == 17 && a < len(s) && (s[a] == 'X' || s[a] == 'x') && digitEnds(s, a+1) && !(a+1 < len(s) && isAlnum(s[a+1])) {
		if ValidIDCard(s[i : a+1]) {
			return a + 1, KindIDCard
		}
		return -1, ""
	}
	if n == 18 && ValidIDCard(s[i:a]) {
		return a, KindIDCard
	}
	if n == 15 && ValidIDCard(s[i:a]) {
		return a, KindIDCard
	}
	if n >= 16 && n <= 19 && luhn(s[i:a]) {
		return a, KindBankCard
	}
	return -1, ""
}

// ValidIDCard reports whether id is a plausible mainland resident identity
// card number: 18 characters with a valid ISO 7064 MOD 11-2 check character
// and a real birth date, or an old 15-digit number with a real birth date.
func ValidIDCard(id string) bool {
	switch len(id) {
	case 18:
		sum := 0
		for k := range 17 {
			c := id[k]
			if !isDigit(c) {
				return false
			}
			// Weight of position k is 2^(17-k) mod 11.
			sum += int(c-'0') * (1 << (17 - k) % 11)
		}
		check := (12 - sum%11) % 11
		want := byte('0' + check)
		if check == 10 {
			want = 'X'
		}
		last := id[17]
		if last == 'x' {
			last = 'X'
		}
		return last == want && id[0] != '0' && plausibleDate(id[6:14])
	case 15:
		for k := range 15 {
			if !isDigit(id[k]) {
				return false
			}
		}
		return id[0] != '0' && plausibleDate("19"+id[6:12])
	}
	return false
}

// plausibleDate reports whether yyyymmdd is a real date between 1900 and
// the end of next year.
func plausibleDate(d string) bool {
	num := func(s string) int {
		v := 0
		for k := range len(s) {
			v = v*10 + int(s[k]-'0')
		}
		return v
	}
	y, m, day := num(d[:4]), num(d[4:6]), num(d[6:8])
	if y < 1900 || y > time.Now().Year()+1 || m < 1 || m > 12 || day < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
	return t.Day() == day && int(t.Month()) == m
}

// luhn reports whether the digits pass the Luhn check.
func luhn(digits string) bool {
	sum := 0
	double := false
	for k := len(digits) - 1; k >= 0; k-- {
		v := int(digits[k] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

func isEmailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isEmailDomain(c byte) bool { return isAlnum(c) || c == '.' || c == '-' }

// matchEmail matches an e-mail address around the '@' at at.
func matchEmail(s string, at int) (int, int) {
	start := at
	for start > 0 && isEmailLocal(s[start-1]) {
		start--
	}
	for start < at && (s[start] == '.' || s[start] == '-' || s[start] == '+') {
		start++
	}
	if start == at {
		return -1, -1
	}
	end := at + 1
	for end < len(s) && isEmailDomain(s[end]) {
		end++
	}
	for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
		end--
	}
	domain := s[at+1 : end]
	dot := strings.LastIndexByte(domain, '.')
	if dot <= 0 || strings.Contains(domain, "..") || domain[0] == '.' || domain[0] == '-' {
		return -1, -1
	}
	tld := domain[dot+1:]
	if len(tld) < 2 {
		return -1, -1
	}
	for k := range len(tld) {
		if isDigit(tld[k]) || tld[k] == '-' {
			return -1, -1
		}
	}
	return start, end
}

// provinces are the one-character abbreviations that begin a licence plate.
const provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

// findPlates finds licence plates: a province abbreviation, a capital
// letter and five (or, on new-energy plates, six) capital letters or
// digits, not followed by another letter or digit.
func findPlates(s string, add func(Kind, int, int)) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !strings.ContainsRune(provinces, r) {
			i += size
			continue
		}
		j := i + size
		if j < len(s) && isUpper(s[j]) {
			k, digits := j+1, 0
			for k < len(s) && (isUpper(s[k]) || isDigit(s[k])) && k-j-1 < 7 {
				if isDigit(s[k]) {
					digits++
				}
				k++
			}
			if n := k - j - 1; (n == 5 || n == 6) && digits > 0 && !(k < len(s) && isAlnum(s[k])) {
				add(KindPlate, i, k)
			}
		}
		i += size
	}
}

// nameCues are the words after which a personal name follows.
var nameCues = []string{"联系人", "我叫", "本人", "姓名"}

// surnames are common Chinese family names; a name must begin with one,
// which keeps "本人认为" or "本人住在" from being read as names.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

// compoundSurnames are two-character family names.
var compoundSurnames = []string{"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "端木", "南宫"}

// nameStops are characters that, as the third character after a cue, more
// likely begin the next word than end the name (我叫张三住在…).
const nameStops = "名的是在住家电手联今昨想要反向说和与从因来去了也都就还已请对被把给到为有我你他她们号先女"

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// findNames finds a name of two or three Chinese characters right after a
// cue word (姓名：张三, 联系人李四, 我叫王小明).
func findNames(s string, add func(Kind, int, int)) {
	for _, cue := range nameCues {
		for off := 0; ; {
			k := strings.Index(s[off:], cue)
			if k < 0 {
				break
			}
			i := off + k + len(cue)
			off = i
			if strings.HasPrefix(s[i:], "：") {
				i += len("：")
			} else if strings.HasPrefix(s[i:], ":") {
				i++
			} else if cue == "姓名" {
				continue
			}
			for i < len(s) && s[i] == ' ' {
				i++
			}
			if end := matchName(s, i); end > 0 {
				add(KindName, i, end)
			}
		}
	}
}

// matchName matches two or three Han characters at i that begin with a
// family name and are not followed by a fourth.
func matchName(s string, i int) int {
	var runes []rune
	var ends []int
	j := i
	for j < len(s) && len(runes) < 4 {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isHan(r) {
			break
		}
		runes = append(runes, r)
		j += size
		ends = append(ends, j)
	}
	if len(runes) < 2 {
		return -1
	}
	compound := false
	for _, c := range compoundSurnames {
		if strings.HasPrefix(s[i:], c) {
			compound = true
		}
	}
	if !compound && !strings.ContainsRune(surnames, runes[0]) {
		return -1
	}
	n := min(len(runes), 3)
	if compound && len(runes) < 3 {
		return -1
	}
	if n == 3 && !compound && strings.ContainsRune(nameStops, runes[2]) {
		n = 2
	}
	if strings.ContainsRune(nameStops, runes[1]) {
		return -1
	}
	return ends[n-1]
}

// Mask returns s with each piece of personal data FindPII finds masked for
// display: 138****5678, 4403**********1234, 6222********1234,
// 0755-******78, z***@example.com, 粤B***45, 张*.
func Mask(s string) string {
	ms := FindPII(s)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m.Start])
		b.WriteString(MaskMatch(m))
		last = m.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// digitsOf returns the ASCII digits (and a final X) of s.
func digitsOf(s string) string {
	var b strings.Builder
	for k := range len(s) {
		if isDigit(s[k]) || s[k] == 'X' || s[k] == 'x' {
			b.WriteByte(s[k])
		}
	}
	return b.String()
}

// keepEnds keeps the first head and last tail bytes of d and stars the rest.
func keepEnds(d string, head, tail int) string {
	if len(d) <= head+tail {
		return strings.Repeat("*", len(d))
	}
	return d[:head] + strings.Repeat("*", len(d)-head-tail) + d[len(d)-tail:]
}

// MaskMatch returns the display form of one match.
func MaskMatch(m Match) string {
	switch m.Kind {
	case KindMobile:
		d := digitsOf(m.Text)
		prefix := ""
		if len(d) == 13 {
			d = d[2:]
			prefix = "+86 "
		}
		return prefix + keepEnds(d, 3, 4)
	case KindIDCard, KindBankCard:
		return keepEnds(digitsOf(m.Text), 4, 4)
	case KindLandline:
		d := digitsOf(m.Text)
		area := 4
		if dash := strings.IndexByte(m.Text, '-'); dash >= 0 {
			area = dash
		} else if strings.HasPrefix(d, "01") || strings.HasPrefix(d, "02") {
			area = 3
		}
		rest := keepEnds(d[area:], 0, 2)
		if strings.IndexByte(m.Text, '-') >= 0 {
			return d[:area] + "-" + rest
		}
		return d[:area] + rest
	case KindEmail:
		at := strings.IndexByte(m.Text, '@')
		return m.Text[:1] + "***" + m.Text[at:]
	case KindPlate:
		_, size := utf8.DecodeRuneInString(m.Text)
		head := m.Text[:size+1]
		tail := m.Text[size+1:]
		return head + keepEnds(tail, 0, 2)
	case KindName:
		r, size := utf8.DecodeRuneInString(m.Text)
		return string(r) + strings.Repeat("*", max(utf8.RuneCountInString(m.Text[size:]), 1))
	}
	return strings.Repeat("*", utf8.RuneCountInString(m.Text))
}
