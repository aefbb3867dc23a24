// Package pdftest reads back the documents package pdf writes, for tests:
// it follows the cross-reference table to every object, and extracts each
// page's text by decoding the content streams' strings through the font's
// /ToUnicode map, as a reader does when text is copied. Poppler's
// pdftotext, when installed, gives a second, independent reading.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// File is a parsed document: its objects by number.
type File struct {
	Data    []byte
	Objects map[int]Object
	Trailer string
}

// Object is one indirect object: its dictionary (or value) and its
// decompressed stream, if any.
type Object struct {
	Offset int
	Dict   string
	Stream []byte
}

var (
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	refRe       = regexp.MustCompile(`(\d+) 0 R`)
	lengthRe    = regexp.MustCompile(`/Length (\d+)`)
)

// Parse reads the document through its cross-reference table: every
// entry must point at "N 0 obj" of its own number.
func Parse(data []byte) (*File, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, fmt.Errorf("no %%PDF- header")
	}
	m := startxrefRe.FindSubmatch(data)
	if m == nil {
		return nil, fmt.Errorf("no startxref at the end")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref >= len(data) || !bytes.HasPrefix(data[xref:], []byte("xref\n")) {
		return nil, fmt.Errorf("startxref %d does not point at the xref table", xref)
	}
	rest := string(data[xref+len("xref\n"):])
	var first, count int
	if _, err := fmt.Sscanf(rest, "%d %d\n", &first, &count); err != nil || first != 0 {
		return nil, fmt.Errorf("xref subsection: %v", err)
	}
	rest = rest[strings.IndexByte(rest, '\n')+1:]
	f := &File{Data: data, Objects: map[int]Object{}}
	for n := range count {
		if len(rest) < 20 {
			return nil, fmt.Errorf("xref entry %d cut short", n)
		}
		entry := rest[:20]
		rest = rest[20:]
		if entry[17] == 'f' {
			continue
		}
		off, err := strconv.Atoi(entry[:10])
		if err != nil || entry[17] != 'n' || entry[18:] != " \n" {
			return nil, fmt.Errorf("xref entry %d: %q", n, entry)
		}
		o, err := readObject(data, n, off)
		if err != nil {
			return nil, err
		}
		f.Objects[n] = o
	}
	if !strings.HasPrefix(rest, "trailer") {
		return nil, fmt.Errorf("no trailer after the xref table")
	}
	f.Trailer = rest
	return f, nil
}

func readObject(data []byte, n, off int) (Object, error) {
	head := fmt.Sprintf("%d 0 obj\n", n)
	if off >= len(data) || !bytes.HasPrefix(data[off:], []byte(head)) {
		return Object{}, fmt.Errorf("xref offset %d of object %d does not point at %q", off, n, head)
	}
	body := data[off+len(head):]
	end := bytes.Index(body, []byte("\nendobj"))
	st := bytes.Index(body, []byte("\nstream\n"))
	if st < 0 || (end >= 0 && end < st) {
		if end < 0 {
			return Object{}, fmt.Errorf("object %d has no endobj", n)
		}
		return Object{Offset: off, Dict: string(body[:end])}, nil
	}
	o := Object{Offset: off, Dict: string(body[:st])}
	m := lengthRe.FindStringSubmatch(o.Dict)
	if m == nil {
		return o, fmt.Errorf("stream of object %d has no /Length", n)
	}
	length, _ := strconv.Atoi(m[1])
	raw := body[st+len("\nstream\n"):]
	if len(raw) < length || !bytes.HasPrefix(raw[length:], []byte("\nendstream\nendobj")) {
		return o, fmt.Errorf("stream of object %d: /Length %d does not end at endstream", n, length)
	}
	raw = raw[:length]
	if strings.Contains(o.Dict, "/FlateDecode") {
		z, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return o, fmt.Errorf("stream of object %d: %v", n, err)
		}
		if raw, err = io.ReadAll(z); err != nil {
			return o, fmt.Errorf("stream of object %d: %v", n, err)
		}
	}
	o.Stream = raw
	return o, nil
}

// Ref is the object a dictionary's key refers to.
func (f *File) Ref(dict, key string) (Object, bool) {
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s+(\d+) 0 R`).FindStringSubmatch(dict)
	if m == nil {
		return Object{}, false
	}
	n, _ := strconv.Atoi(m[1])
	o, ok := f.Objects[n]
	return o, ok
}

// Pages are the page objects in order.
func (f *File) Pages() ([]Object, error) {
	root, ok := f.Ref(f.Trailer, "/Root")
	if !ok {
		return nil, fmt.Errorf("no /Root")
	}
	pages, ok := f.Ref(root.Dict, "/Pages")
	if !ok {
		return nil, fmt.Errorf("no /Pages")
	}
	kids := pages.Dict[strings.Index(pages.Dict, "/Kids"):]
	kids = kids[:strings.IndexByte(kids, ']')]
	var out []Object
	for _, m := range refRe.FindAllStringSubmatch(kids, -1) {
		n, _ := strconv.Atoi(m[1])
		p, ok := f.Objects[n]
		if !ok || !strings.Contains(p.Dict, "/Type /Page ") {
			return nil, fmt.Errorf("kid %d is no page", n)
		}
		out = append(out, p)
	}
	if c := fmt.Sprintf("/Count %d", len(out)); !strings.Contains(pages.Dict, c) {
		return nil, fmt.Errorf("%d kids, but the pages say %s", len(out), pages.Dict)
	}
	return out, nil
}

var (
	hexTjRe   = regexp.MustCompile(`<([0-9A-Fa-f]*)> Tj`)
	bfcharRe  = regexp.MustCompile(`<([0-9A-F]{4})> <([0-9A-F]{4})>`)
	bfblockRe = regexp.MustCompile(`(?s)beginbfchar\n(.*?)endbfchar`)
)

// Text extracts each page's text, one line per string shown, through the
// /ToUnicode map of the page's font /F1; a code the map lacks is an error.
func Text(data []byte) ([]string, error) {
	f, err := Parse(data)
	if err != nil {
		return nil, err
	}
	pages, err := f.Pages()
	if err != nil {
		return nil, err
	}
	var texts []string
	for i, p := range pages {
		font, ok := f.Ref(p.Dict, "/F1")
		if !ok {
			return nil, fmt.Errorf("page %d has no font /F1", i+1)
		}
		cmap, ok := f.Ref(font.Dict, "/ToUnicode")
		if !ok {
			return nil, fmt.Errorf("font has no /ToUnicode")
		}
		toUnicode := map[string]rune{}
		for _, block := range bfblockRe.FindAllStringSubmatch(string(cmap.Stream), -1) {
			for _, m := range bfcharRe.FindAllStringSubmatch(block[1], -1) {
				r, _ := strconv.ParseUint(m[2], 16, 16)
				toUnicode[m[1]] = rune(r)
			}
		}
		content, ok := f.Ref(p.Dict, "/Contents")
		if !ok {
			return nil, fmt.Errorf("page %d has no contents", i+1)
		}
		var lines []string
		for _, m := range hexTjRe.FindAllStringSubmatch(string(content.Stream), -1) {
			hex := strings.ToUpper(m[1])
			var line []rune
			for j := 0; j+4 <= len(hex); j += 4 {
				r, ok := toUnicode[hex[j:j+4]]
				if !ok {
					return nil, fmt.Errorf("page %d: code <%s> is not in the /ToUnicode map", i+1, hex[j:j+4])
				}
				line = append(line, r)
			}
			lines = append(lines, string(line))
		}
		texts = append(texts, strings.Join(lines, "\n"))
	}
	return texts, nil
}

// Poppler returns the text pdftotext (poppler-utils) extracts from the
// document, pages separated by form feeds. It skips the test when
// pdftotext is not installed.
func Poppler(t testing.TB, data []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils): the reading by an independent PDF reader is skipped")
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// Download checks an HTTP answer that carries a PDF download named
// filename and returns its text, pages joined.
func Download(t testing.TB, status int, header http.Header, body []byte, filename string) string {
	t.Helper()
	if status != http.StatusOK || header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("status %d, type %q, body %.40q", status, header.Get("Content-Type"), body)
	}
	if cd, want := header.Get("Content-Disposition"), `attachment; filename="`+filename+`"`; cd != want {
		t.Errorf("Content-Disposition %q, want %q", cd, want)
	}
	pages, err := Text(body)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(pages, "\n")
}
