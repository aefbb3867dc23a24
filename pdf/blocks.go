package pdf

import (
	"fmt"
	"math"
)

// Column is one column of a table.
type Column struct {
	Title string
	Width float64 // share of the content width, relative to the others
	Right bool    // aligned right, for numbers
}

// Table is a table whose cells wrap; a row never splits across pages and
// the header row repeats on each page the table reaches.
type Table struct {
	Columns []Column
	Rows    [][]string // "\n" in a cell starts a new line
	Size    float64    // font size
	Head    Color      // background of the header row
}

const cellPad = 4.0

// Table adds a table across the content width.
func (d *Document) Table(t Table) {
	total := 0.0
	for _, c := range t.Columns {
		total += c.Width
	}
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = ContentWidth * c.Width / total
	}
	lh := t.Size * 1.45
	layout := func(cells []string) ([][]string, float64) {
		lines := make([][]string, len(widths))
		n := 1
		for i := range widths {
			if i < len(cells) {
				lines[i] = Wrap(cells[i], t.Size, widths[i]-2*cellPad)
			}
			n = max(n, len(lines[i]))
		}
		return lines, float64(n)*lh + 2*cellPad
	}
	row := func(lines [][]string, h float64, bold bool) {
		x := MarginX
		for i, w := range widths {
			for j, l := range lines[i] {
				lx := x + cellPad
				if t.Columns[i].Right {
					lx = x + w - cellPad - Width(l, t.Size)
				}
				d.text(lx, d.y+cellPad+float64(j)*lh+t.Size*1.05, t.Size, Black, bold, l)
			}
			x += w
		}
		d.y += h
		d.line(MarginX, d.y, PageWidth-MarginX, d.y, Line, 0.6)
	}
	titles := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = c.Title
	}
	head, hh := layout(titles)
	header := func() {
		d.rect(MarginX, d.y, ContentWidth, hh, t.Head)
		row(head, hh, true)
	}
	first := true
	for _, cells := range t.Rows {
		lines, h := layout(cells)
		pages := len(d.pages)
		if first {
			d.need(hh + h)
		} else {
			d.need(h)
		}
		if first || len(d.pages) != pages {
			header()
			first = false
		}
		row(lines, h, false)
	}
	d.y += 6
}

// Bar is one bar of a chart.
type Bar struct {
	Label string
	Value float64
	Text  string // written after the bar, e.g. "3 件"
}

// Bars adds a horizontal bar chart: the labels on the left, bars scaled
// to the largest value, each bar's text after it.
func (d *Document) Bars(bars []Bar, size float64, c Color) {
	labelW, textW, top := 0.0, 0.0, 0.0
	for _, b := range bars {
		labelW = max(labelW, Width(b.Label, size))
		textW = max(textW, Width(b.Text, size))
		top = max(top, b.Value)
	}
	labelW = math.Min(labelW, ContentWidth*0.3)
	textW = math.Min(textW, ContentWidth*0.4)
	area := ContentWidth - labelW - textW - 24
	rowH := size * 2
	for _, b := range bars {
		lines := Wrap(b.Label, size, labelW)
		h := math.Max(rowH, float64(len(lines))*size*1.3+size*0.7)
		d.need(h)
		for j, l := range lines {
			d.text(MarginX, d.y+size*1.3+float64(j)*size*1.3, size, Black, false, l)
		}
		w := 0.0
		if top > 0 && b.Value > 0 {
			w = math.Max(1.5, area*b.Value/top)
		}
		x := MarginX + labelW + 10
		d.rect(x, d.y+size*0.45, w, size*1.1, c)
		d.text(x+w+6, d.y+size*1.3, size, Black, false, b.Text)
		d.y += h
	}
	d.y += 6
}

// Figure is one boxed figure: a big value above its label.
type Figure struct {
	Value string
	Label string
	Color Color
}

// Figures adds a row of equal boxes, one per figure.
func (d *Document) Figures(figs []Figure, size float64) {
	if len(figs) == 0 {
		return
	}
	const gap, pad = 10.0, 8.0
	w := (ContentWidth - gap*float64(len(figs)-1)) / float64(len(figs))
	label := size * 0.45
	lines := make([][]string, len(figs))
	n := 1
	for i, f := range figs {
		lines[i] = Wrap(f.Label, label, w-2*pad)
		n = max(n, len(lines[i]))
	}
	h := 4 + pad + size*1.2 + float64(n)*label*1.4 + pad
	d.need(h)
	for i, f := range figs {
		x := MarginX + float64(i)*(w+gap)
		fmt.Fprintf(d.page, "%s RG 0.6 w %s %s %s %s re S\n", Line.ops(), num(x), num(PageHeight-d.y-h), num(w), num(h))
		d.rect(x, d.y, w, 4, f.Color)
		d.text(x+pad, d.y+4+pad+size*0.9, size, f.Color, true, f.Value)
		for j, l := range lines[i] {
			d.text(x+pad, d.y+4+pad+size*1.2+float64(j+1)*label*1.4-label*0.3, label, Black, false, l)
		}
	}
	d.y += h + 10
}
