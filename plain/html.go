package plain

import (
	"strings"

	"golang.org/x/net/html"
)

// blockTags end a line of text: a policy's paragraphs, headings, list
// items and table rows each become one line.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "tr": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "section": true, "article": true, "table": true, "ul": true,
	"ol": true, "blockquote": true, "pre": true, "hr": true, "dd": true, "dt": true,
}

// skipTags hold no readable text: their content is dropped whole.
var skipTags = map[string]bool{"script": true, "style": true, "head": true, "noscript": true, "template": true, "iframe": true, "object": true, "svg": true}

// HTMLText reduces an HTML document uploaded by an editor to plain text:
// tags, scripts, styles and comments are dropped, entities decoded, block
// elements end lines and table cells are separated by a space. Nothing of
// the markup survives, so the text is safe to show anywhere.
func HTMLText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// io.EOF or broken markup: what was read so far is the text.
			return tidyLines(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipTags[tag] {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if blockTags[tag] {
				b.WriteByte('\n')
			} else if tag == "td" || tag == "th" {
				b.WriteByte(' ')
			}
		}
	}
}

// tidyLines collapses white space within lines and drops empty lines.
func tidyLines(s string) string {
	var out []string
	for line := range strings.Lines(s) {
		if l := strings.Join(strings.Fields(line), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// LooksLikeHTML reports whether an upload is HTML rather than plain text.
func LooksLikeHTML(s string) bool {
	head := strings.ToLower(strings.TrimSpace(s))
	if len(head) > 512 {
		head = head[:512]
	}
	return strings.HasPrefix(head, "<!doctype html") || strings.Contains(head, "<html") ||
		strings.Contains(head, "<p>") || strings.Contains(head, "<p ") || strings.Contains(head, "<div") || strings.Contains(head, "<br")
}
