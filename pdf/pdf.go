// Package pdf writes small PDF documents of Chinese text: A4 pages that
// fill from top to bottom with headings, paragraphs, tables, boxed figures
// and horizontal bar charts, breaking pages by themselves, with a header
// and "第 1 页 / 共 N 页" on every page.
//
// No font is embedded: the text uses STSong-Light, one of the standard
// Chinese fonts every PDF reader knows (Adobe-GB1), addressed in UCS-2
// (UniGB-UCS2-H), which readers draw with a Song or Hei face of the
// system. A /ToUnicode map lets readers copy and search the text.
// Characters outside the Basic Multilingual Plane are replaced.
package pdf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The page: A4 in points (1/72 inch), with its margins.
const (
	PageWidth    = 595.28
	PageHeight   = 841.89
	MarginX      = 50.0
	MarginTop    = 62.0 // below the header
	MarginBottom = 58.0 // above the footer
	// ContentWidth is the width text and tables fill.
	ContentWidth = PageWidth - 2*MarginX
)

// Color is an RGB colour, each part from 0 to 1.
type Color struct{ R, G, B float64 }

// RGB makes a colour from 0–255 parts.
func RGB(r, g, b uint8) Color { return Color{float64(r) / 255, float64(g) / 255, float64(b) / 255} }

// Colours used by default.
var (
	Black = RGB(0x1f, 0x24, 0x2e)
	Grey  = RGB(0x6b, 0x72, 0x80)
	Line  = RGB(0xd5, 0xd9, 0xe0)
	White = RGB(0xff, 0xff, 0xff)
)

// Document is a PDF being laid out. Blocks are added from top to bottom;
// a block that does not fit on the page continues on a new one.
type Document struct {
	Title   string    // document info, and the header unless Header is set
	Created time.Time // document info
	// Header is the small text at the top of every page.
	Header string

	pages []*bytes.Buffer
	page  *bytes.Buffer
	y     float64       // the top of the free space, from the top of the page
	used  map[rune]rune // the codes shown, to the characters they stand for
}

// New starts a document with one empty page.
func New(title string, created time.Time) *Document {
	d := &Document{Title: title, Created: created, used: map[rune]rune{}}
	d.NewPage()
	return d
}

// NewPage ends the current page.
func (d *Document) NewPage() {
	d.page = &bytes.Buffer{}
	d.pages = append(d.pages, d.page)
	d.y = MarginTop
}

// Pages is the number of pages so far.
func (d *Document) Pages() int { return len(d.pages) }

// Need starts a new page unless h points fit below the cursor, to keep
// what follows together. A block taller than a page starts on a fresh
// page and runs over its bottom.
func (d *Document) Need(h float64) { d.need(h) }

func (d *Document) need(h float64) {
	if d.y+h > PageHeight-MarginBottom && d.y > MarginTop {
		d.NewPage()
	}
}

// Space moves down h points (not past the page's end).
func (d *Document) Space(h float64) {
	d.y += h
	if d.y > PageHeight-MarginBottom {
		d.NewPage()
	}
}

// Heading writes a bold line, kept on a page with the two lines after it.
func (d *Document) Heading(s string, size float64, c Color) {
	lines := Wrap(s, size, ContentWidth)
	d.need(float64(len(lines))*size*1.4 + 2*12*1.6)
	for _, l := range lines {
		d.y += size * 1.4
		d.text(MarginX, d.y-size*0.3, size, c, true, l)
	}
	d.y += size * 0.4
}

// TextHeight is the height Text takes for s at a font size.
func TextHeight(s string, size float64) float64 {
	return float64(len(Wrap(s, size, ContentWidth))) * size * lineHeight
}

// lineHeight is the distance of a paragraph's lines, in font sizes.
const lineHeight = 1.6

// Text writes a paragraph wrapped to the content width, line by line
// across pages.
func (d *Document) Text(s string, size float64, c Color) {
	for _, l := range Wrap(s, size, ContentWidth) {
		d.need(size * lineHeight)
		d.y += size * lineHeight
		d.text(MarginX, d.y-size*0.45, size, c, false, l)
	}
}

// Rule draws a horizontal line across the content width.
func (d *Document) Rule(c Color, width float64) {
	d.need(width + 4)
	d.y += 2 + width/2
	d.line(MarginX, d.y, PageWidth-MarginX, d.y, c, width)
	d.y += 2 + width/2
}

// text writes one line with its baseline at (x, y from the top).
func (d *Document) text(x, y, size float64, c Color, bold bool, s string) {
	if s == "" {
		return
	}
	w := d.page
	fmt.Fprintf(w, "BT /F1 %s Tf %s rg ", num(size), c.ops())
	if bold {
		// The standard font has no bold face: stroke the outline too.
		fmt.Fprintf(w, "2 Tr %s w %s RG ", num(size*0.035), c.ops())
	} else {
		w.WriteString("0 Tr ") // the mode outlives ET
	}
	fmt.Fprintf(w, "1 0 0 1 %s %s Tm <%s> Tj ET\n", num(x), num(PageHeight-y), d.hex(s))
}

// rect fills a rectangle whose top left corner is (x, y from the top).
func (d *Document) rect(x, y, w, h float64, c Color) {
	fmt.Fprintf(d.page, "%s rg %s %s %s %s re f\n", c.ops(), num(x), num(PageHeight-y-h), num(w), num(h))
}

func (d *Document) line(x1, y1, x2, y2 float64, c Color, width float64) {
	fmt.Fprintf(d.page, "%s RG %s w %s %s m %s %s l S\n", c.ops(), num(width), num(x1), num(PageHeight-y1), num(x2), num(PageHeight-y2))
}

// hex encodes s as the UCS-2 codes UniGB-UCS2-H reads, noting the
// characters for the /ToUnicode map.
func (d *Document) hex(s string) string {
	var b strings.Builder
	for _, r := range s {
		c := clean(r)
		if _, ok := d.used[c]; !ok {
			d.used[c] = c
			if _, look := lookalikes[r]; look {
				d.used[c] = r
			}
		}
		fmt.Fprintf(&b, "%04X", c)
	}
	return b.String()
}

func (c Color) ops() string { return num(c.R) + " " + num(c.G) + " " + num(c.B) }

// num writes a number with at most three decimals, as PDF wants them
// (no exponent).
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}
