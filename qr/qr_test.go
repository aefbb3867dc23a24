package qr

import (
	"strconv"
	"strings"
	"testing"
)

// formatM are the 15-bit format words of error correction level M with
// masks 0–7, from the BCH(15,5) code and the 101010000010010 mask of the
// standard (ISO/IEC 18004, table C.1).
var formatM = map[uint16]int{
	0x5412: 0, 0x5125: 1, 0x5E7C: 2, 0x5B4B: 3, 0x45F9: 4, 0x40CE: 5, 0x4F97: 6, 0x4AA0: 7,
}

// The format information next to the top-left finder must be a level-M
// word, repeated at the other finders; finders and timing patterns sit
// where the standard puts them; and the size fits the version.
func TestMatrixStructure(t *testing.T) {
	for _, url := range []string{"https://12345.sz.gov.cn/s/haochaping", "http://localhost:8080/s/abcdefgh?t=k3j4h5g6f7d8s9a0q1w2"} {
		m, err := Matrix(url)
		if err != nil {
			t.Fatal(err)
		}
		n := len(m)
		if (n-17)%4 != 0 || n < 21 || n > 57 {
			t.Fatalf("%d modules is not a version 1–10 size", n)
		}
		bit := func(x, y int) uint16 {
			if m[y][x] {
				return 1
			}
			return 0
		}
		// Bits 14…0 around the top-left finder: row 8 left to right (skipping
		// the timing column), then column 8 upwards.
		var word uint16
		for _, x := range []int{0, 1, 2, 3, 4, 5, 7, 8} {
			word = word<<1 | bit(x, 8)
		}
		for _, y := range []int{7, 5, 4, 3, 2, 1, 0} {
			word = word<<1 | bit(8, y)
		}
		if _, ok := formatM[word]; !ok {
			t.Fatalf("%s: format word %015b is not level M", url, word)
		}
		// The copy: column 8 from the bottom up, then row 8 from the right.
		var copyWord uint16
		for i := 0; i < 7; i++ {
			copyWord = copyWord<<1 | bit(8, n-1-i)
		}
		for i := 8; i > 0; i-- {
			copyWord = copyWord<<1 | bit(n-i, 8)
		}
		if copyWord != word {
			t.Fatalf("format copies differ: %015b %015b", word, copyWord)
		}
		if !m[n-8][8] {
			t.Fatal("the dark module is light")
		}
		for i := 8; i < n-8; i++ {
			if m[6][i] != (i%2 == 0) || m[i][6] != (i%2 == 0) {
				t.Fatalf("timing pattern broken at %d", i)
			}
		}
		// A finder: a dark 7×7 ring, a light ring, a dark 3×3 core.
		for y := 0; y < 7; y++ {
			for x := 0; x < 7; x++ {
				ring := x == 0 || y == 0 || x == 6 || y == 6
				core := x >= 2 && x <= 4 && y >= 2 && y <= 4
				if m[y][x] != (ring || core) || m[y][n-7+x] != (ring || core) || m[n-7+y][x] != (ring || core) {
					t.Fatalf("finder broken at %d,%d", x, y)
				}
			}
		}
	}
}

func TestSVG(t *testing.T) {
	svg, err := SVG("https://example.org/s/abc", 4)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := Matrix("https://example.org/s/abc")
	side := (len(m) + 8) * 4
	if !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, `width="`+strconv.Itoa(side)+`"`) || strings.Count(svg, "z") < len(m) {
		t.Fatalf("svg: %.200s", svg)
	}
}

// versionInfo are the 18-bit version words of versions 7–10 (BCH(18,6),
// ISO/IEC 18004 annex D).
var versionInfo = map[int]uint32{7: 0x07C94, 8: 0x085BC, 9: 0x09A99, 10: 0x0A4D3}

// A long invitation link needs version 7 or more, which carries its
// version in two blocks next to the top-right and bottom-left finders.
func TestMatrixVersionInfo(t *testing.T) {
	url := "https://12345.sz.gov.cn/s/haochaping?t=" + strings.Repeat("k3j4h5g6f7", 10)
	m, err := Matrix(url)
	if err != nil {
		t.Fatal(err)
	}
	n := len(m)
	v := (n - 17) / 4
	want, ok := versionInfo[v]
	if !ok {
		t.Fatalf("version %d for %d bytes, want 7–10", v, len(url))
	}
	var right, left uint32
	for i := 17; i >= 0; i-- {
		right <<= 1
		if m[i/3][n-11+i%3] {
			right |= 1
		}
		left <<= 1
		if m[n-11+i%3][i/3] {
			left |= 1
		}
	}
	if right != want || left != want {
		t.Fatalf("version %d: blocks %018b %018b, want %018b", v, right, left, want)
	}
}
