package pdf

import (
	"strings"
	"unicode"
)

// Replacement stands for a character the font cannot address: UCS-2 has
// no room for characters outside the Basic Multilingual Plane. It is in
// GB 2312, so every reader has a glyph for it.
const Replacement = '□'

// lookalikes are characters UniGB-UCS2-H leaves out, written as the GB
// characters that look the same; the /ToUnicode map gives the originals
// back when the text is copied.
var lookalikes = map[rune]rune{'·': '・', '•': '・', '−': '－'}

// clean maps a character to the code the document writes: control
// characters become spaces, lookalikes stand in, and what UCS-2 cannot
// hold becomes Replacement.
func clean(r rune) rune {
	if l, ok := lookalikes[r]; ok {
		return l
	}
	switch {
	case r > 0xFFFF || r == unicode.ReplacementChar:
		return Replacement
	case r < 0x20 || r == 0x7F:
		return ' '
	}
	return r
}

// RuneWidth is a character's advance in em: printable ASCII is half
// width (the font's /W array says so), everything else full width.
func RuneWidth(r rune) float64 {
	if r = clean(r); r >= 0x20 && r < 0x7F {
		return 0.5
	}
	return 1
}

// Width is the width of s in points at a font size.
func Width(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += RuneWidth(r)
	}
	return w * size
}

// noLineStart are characters that must not begin a line (避头点): they
// are carried to the end of the line before.
const noLineStart = "，。、；：？！）》」』】〕”’,.;:?!)]}%…·"

// noLineEnd are opening brackets, which must not end a line (避尾点).
const noLineEnd = "（《「『【〔“‘([{"

// Wrap breaks s into lines no wider than width points at a font size.
// Chinese text breaks between any two characters; a run of ASCII letters
// and digits moves to the next line whole when it can; closing
// punctuation never starts a line nor an opening bracket ends one. "\n" starts a new line.
func Wrap(s string, size, width float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, wrapLine([]rune(para), size, width)...)
	}
	return lines
}

func wrapLine(rs []rune, size, width float64) []string {
	var lines []string
	for len(rs) > 0 {
		w, n := 0.0, 0
		for n < len(rs) && w+RuneWidth(rs[n])*size <= width+0.001 {
			w += RuneWidth(rs[n]) * size
			n++
		}
		if n == 0 {
			n = 1 // a column narrower than one character still shows it
		}
		if n == len(rs) {
			lines = append(lines, strings.TrimRight(string(rs), " "))
			break
		}
		cut := n
		if word(rs[cut-1]) && word(rs[cut]) {
			// Inside an English word or a number: break before it.
			i := cut
			for i > 0 && word(rs[i-1]) {
				i--
			}
			if i > 0 {
				cut = i
			}
		}
		if strings.ContainsRune(noLineStart, rs[cut]) && cut > 1 {
			// Take the character before along (a line may end a bit
			// short, never start with a comma).
			cut--
		}
		if strings.ContainsRune(noLineEnd, rs[cut-1]) && cut > 1 {
			cut--
		}
		lines = append(lines, strings.TrimRight(string(rs[:cut]), " "))
		rs = rs[cut:]
		for len(rs) > 0 && rs[0] == ' ' {
			rs = rs[1:]
		}
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

func word(r rune) bool {
	return r < 0x7F && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '%' || r == '+')
}
