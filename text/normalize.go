package text

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// converter converts traditional Chinese to simplified Chinese with
// OpenCC's t2s dictionaries. OpenCC's Convert builds a string per
// character and costs more than the rest of Normalize and segmentation
// together, while most appeals are simplified Chinese already, so Convert
// is called only where it can change something: when the text holds a
// character that OpenCC changes by itself (擾), or one of the few
// phrases that OpenCC changes although none of their characters changes
// alone (反覆→反复, while 覆盖 stays).
type converter struct {
	cc      *opencc.OpenCC
	changed bitSet            // runes that are changed by themselves
	inside  bitSet            // a rune of each key of phrases
	phrases map[rune][]string // keys of such phrases by that rune
}

// bitSet is a set of runes.
type bitSet []uint64

func (b bitSet) has(r rune) bool {
	return r >= 0 && int(r)/64 < len(b) && b[r/64]&(1<<(r%64)) != 0
}

func (b *bitSet) add(r rune) {
	for int(r)/64 >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[r/64] |= 1 << (r % 64)
}

// toSimplified is built on first use from OpenCC's embedded dictionaries;
// building it takes some milliseconds and it is then only read, so one
// converter serves every goroutine.
var toSimplified = sync.OnceValues(func() (*converter, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, err
	}
	c := &converter{cc: cc, phrases: map[rune][]string{}}
	type entry struct{ from, to []rune }
	var entries []entry
	for _, g := range cc.DictChains {
		for _, d := range g.Dicts {
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				key, err := d.Trie.Key(id)
				if err != nil {
					return nil, err
				}
				vi, err := d.Trie.Value(id)
				if err != nil || vi >= len(d.Values) || len(d.Values[vi]) == 0 {
					return nil, errors.New("text: unexpected OpenCC dictionary entry")
				}
				from, to := []rune(string(key)), []rune(d.Values[vi][0])
				if !slices.Equal(from, to) {
					entries = append(entries, entry{from, to})
				}
			}
		}
	}
	// Characters first: a phrase that holds a changed character needs no
	// entry of its own.
	slices.SortStableFunc(entries, func(a, b entry) int { return len(a.from) - len(b.from) })
	for _, e := range entries {
		switch {
		case len(e.from) == 1:
			c.changed.add(e.from[0])
		case !slices.ContainsFunc(e.from, c.changed.has):
			c.inside.add(e.from[0])
			c.phrases[e.from[0]] = append(c.phrases[e.from[0]], string(e.from))
		}
	}
	if len(c.changed) == 0 {
		return nil, errors.New("text: OpenCC t2s dictionaries are empty")
	}
	return c, nil
})

// mayChange reports whether Convert could change s. A match of OpenCC's
// greedy scan is a substring of s, so a phrase that does not occur in s
// cannot change it.
func (c *converter) mayChange(s string) bool {
	for i, r := range s {
		if c.changed.has(r) {
			return true
		}
		if c.inside.has(r) {
			for _, p := range c.phrases[r] {
				if strings.HasPrefix(s[i:], p) {
					return true
				}
			}
		}
	}
	return false
}

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
	c, err := toSimplified()
	if err != nil || !c.mayChange(s) {
		return s
	}
	out, err := c.cc.Convert(s)
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
