package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Object numbers of the parts every document has; the pages follow, each
// as a page object and its content stream.
const (
	objCatalog = 1 + iota
	objPages
	objInfo
	objFont       // Type0, the font the pages name /F1
	objCIDFont    // its descendant, STSong-Light
	objDescriptor // the descendant's metrics
	objToUnicode
	objFirstPage
)

// The standard font and how the text addresses it.
const (
	fontName = "STSong-Light"
	cmapName = "UniGB-UCS2-H"
)

// Bytes returns the finished document.
func (d *Document) Bytes() []byte {
	var b bytes.Buffer
	d.WriteTo(&b)
	return b.Bytes()
}

// WriteTo writes the finished document: it adds the header and the page
// numbers to every page, then the objects and the cross-reference table.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	var out bytes.Buffer
	offsets := make([]int, objFirstPage+2*len(d.pages))
	obj := func(n int, dict string, stream []byte) {
		offsets[n] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s", n, dict)
		if stream != nil {
			out.WriteString("\nstream\n")
			out.Write(stream)
			out.WriteString("\nendstream")
		}
		out.WriteString("\nendobj\n")
	}
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n") // the second line marks the file as binary

	var z deflater
	contents := make([][]byte, len(d.pages))
	for i, p := range d.pages {
		contents[i] = z.deflate(append(d.frame(i+1), p.Bytes()...))
	}
	kids := make([]string, len(d.pages))
	for i := range d.pages {
		kids[i] = fmt.Sprintf("%d 0 R", objFirstPage+2*i)
	}
	obj(objCatalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", objPages), nil)
	obj(objPages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(d.pages)), nil)
	info := "<< /Title " + textString(d.Title) + " /Producer (Minyi)"
	if !d.Created.IsZero() {
		info += " /CreationDate " + dateString(d.Created)
	}
	obj(objInfo, info+" >>", nil)
	obj(objFont, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s-%s /Encoding /%s /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		fontName, cmapName, cmapName, objCIDFont, objToUnicode), nil)
	// CIDs 1–95 are the ASCII characters (UniGB-UCS2-H maps U+0020–U+007E
	// onto them): half width; everything else full width.
	obj(objCIDFont, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor %d 0 R /DW 1000 /W [1 95 500] >>",
		fontName, objDescriptor), nil)
	obj(objDescriptor, "<< /Type /FontDescriptor /FontName /"+fontName+" /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>", nil)
	cmap := z.deflate(d.toUnicode())
	obj(objToUnicode, fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>", len(cmap)), cmap)
	for i, c := range contents {
		n := objFirstPage + 2*i
		obj(n, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>",
			objPages, num(PageWidth), num(PageHeight), objFont, n+1), nil)
		obj(n+1, fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>", len(c)), c)
	}

	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets), objCatalog, objInfo, xref)
	n, err := w.Write(out.Bytes())
	return int64(n), err
}

// frame draws the header and the page number of page n.
func (d *Document) frame(n int) []byte {
	saved, buf := d.page, &bytes.Buffer{}
	d.page = buf
	header := d.Header
	if header == "" {
		header = d.Title
	}
	d.text(MarginX, 34, 8, Grey, false, header)
	d.line(MarginX, 40, PageWidth-MarginX, 40, Line, 0.6)
	footer := fmt.Sprintf("第 %d 页 / 共 %d 页", n, len(d.pages))
	d.text((PageWidth-Width(footer, 8))/2, PageHeight-30, 8, Grey, false, footer)
	d.page = saved
	return buf.Bytes()
}

// toUnicode is the CMap that turns the codes the pages use back into
// text. The codes are UCS-2 already, so each maps to itself but for the
// lookalikes; listing only the characters used keeps it short.
func (d *Document) toUnicode() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var rs []rune
	for r := range d.used {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	for len(rs) > 0 {
		n := min(len(rs), 100) // a block holds at most 100 entries
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, r := range rs[:n] {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", r, d.used[r])
		}
		b.WriteString("endbfchar\n")
		rs = rs[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// deflater compresses the streams of one document with one zlib writer:
// making a writer costs more than compressing a page.
type deflater struct{ z *zlib.Writer }

func (d *deflater) deflate(p []byte) []byte {
	var b bytes.Buffer
	if d.z == nil {
		d.z = zlib.NewWriter(&b)
	} else {
		d.z.Reset(&b)
	}
	d.z.Write(p)
	d.z.Close()
	return b.Bytes()
}

// textString writes s as a PDF text string: UTF-16BE with a byte order
// mark, in hex so that nothing needs escaping.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// dateString writes a time as a PDF date, D:YYYYMMDDHHmmSS+08'00'.
func dateString(t time.Time) string {
	s := t.Format("20060102150405-0700")
	zone := s[14:]
	if zone == "+0000" {
		return "(D:" + s[:14] + "Z)"
	}
	h, _ := strconv.Atoi(zone[1:3])
	return fmt.Sprintf("(D:%s%c%02d'%s')", s[:14], zone[0], h, zone[3:5])
}
