package text

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// toSimplified converts traditional Chinese to simplified Chinese. The
// converter is built on first use from OpenCC's embedded dictionaries;
// building it takes a few milliseconds and it is then only read, so one
// converter serves every goroutine.
var toSimplified = sync.OnceValues(func() (*opencc.OpenCC, error) {
	return opencc.New("t2s")
})

// Normalize returns s in the form Minyi compares, indexes and classifies
// text in:
//
//   - full-width ASCII letters, digits and punctuation become half-width
//     (Ａ→A, １→1, ，→,, （→( ) and the ideographic space U+3000 becomes a
//     space; Chinese punctuation without an ASCII counterpart (。、《》…)
//     is kept;
//   - traditional Chinese becomes simplified Chinese (擾民→扰民);
//   - Latin letters become lower case;
//   - runs of white space become one space, and leading and trailing white
//     space is removed.
//
// Normalize is safe for concurrent use.
func Normalize(s string) string {
	if isNormalASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	han := false
	space := false // a space is pending: written before the next non-space rune
	for _, r := range s {
		r = halfWidth(r)
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if unicode.IsUpper(r) && unicode.Is(unicode.Latin, r) {
			r = unicode.ToLower(r)
		}
		if r >= 0x2E80 && unicode.Is(unicode.Han, r) {
			han = true
		}
		b.WriteRune(r)
	}
	out := b.String()
	if han {
		out = simplify(out)
	}
	return out
}

// halfWidth maps a full-width form to its ASCII counterpart and the
// ideographic space to a space; other runes are returned unchanged.
func halfWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // ！ … ～
		return r - 0xFEE0
	case r == 0x3000: // ideographic space
		return ' '
	case r == 0xFFE5: // ￥
		return '¥'
	}
	return r
}

// simplify converts traditional characters in s to simplified ones. Should
// the converter fail, s is returned unchanged: normalisation must never
// lose text.
func simplify(s string) string {
	cc, err := toSimplified()
	if err != nil {
		return s
	}
	out, err := cc.Convert(s)
	if err != nil || !utf8.ValidString(out) {
		return s
	}
	return out
}

// isNormalASCII reports whether s is already normal: ASCII only, no upper
// case letters, single spaces between words and none at either end.
func isNormalASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, c >= 'A' && c <= 'Z':
			return false
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return false
			}
		case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		}
	}
	return true
}
