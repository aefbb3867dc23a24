// Package qr draws QR codes of links as SVG, for posters and screens that
// lead respondents to a public survey. Encoding (byte mode, error
// correction level M) is github.com/skip2/go-qrcode; the drawing is ours so
// that the page can inline it without an image endpoint.
package qr

import (
	"fmt"
	"strings"

	"github.com/skip2/go-qrcode"
)

// Matrix returns the modules of a QR code for text at level M, without
// the quiet zone: true is dark.
func Matrix(text string) ([][]bool, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// SVG draws the QR code of text with a four-module quiet zone, each module
// scale pixels wide. Runs of dark modules on a row are one rectangle each,
// which keeps the drawing a few kilobytes.
func SVG(text string, scale int) (string, error) {
	m, err := Matrix(text)
	if err != nil {
		return "", err
	}
	const quiet = 4
	n := len(m) + 2*quiet
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges" role="img">`,
		n, n, n*scale, n*scale)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range m {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start+quiet, y+quiet, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
