package search

import (
	"strings"
	"unicode/utf8"

	"minyi"
	"minyi/text"
)

// maxBodyRunes caps what of a guide's text is indexed: the name, theme
// and first paragraphs say what an item is; the rest of a long guide
// (legal bases, full material lists) adds index size, not answers.
const maxBodyRunes = 600

// Indexed is a service item as the full-text index holds it: each column
// the words of Words, separated by spaces, so that the databases' own
// tokenisers (FTS5 unicode61, PostgreSQL's simple configuration) read
// them back word for word.
type Indexed struct {
	Name  string // 事项名称
	Theme string // 主事项 and the life events
	Dept  string // 实施主体
	Body  string // summary and the guide's text fields
	Grams string // character bigrams of the name
}

// indexRevision changes whenever IndexItem or Words make other index
// columns from the same item.
const indexRevision = "1"

// IndexVersion identifies how this build fills the index: an index made
// by another version must be cut again before questions are matched
// against it.
func IndexVersion() string { return indexRevision + "-" + text.Fingerprint() }

// IndexItem returns the index columns of an item.
func IndexItem(seg *text.Segmenter, s *minyi.ServiceItem) Indexed {
	join := func(s string) string { return strings.Join(Words(seg, s), " ") }
	var body strings.Builder
	for _, f := range []string{s.Summary, s.Conditions, s.Materials, s.Process, s.Type} {
		if f = strings.TrimSpace(f); f != "" {
			body.WriteString(f)
			body.WriteString("\n")
		}
	}
	return Indexed{
		Name:  join(s.Name),
		Theme: join(s.Theme + " " + strings.Join(s.LifeEvents, " ")),
		Dept:  join(s.Department),
		Body:  join(firstRunes(body.String(), maxBodyRunes)),
		Grams: strings.Join(Bigrams(text.Normalize(s.Name)), " "),
	}
}

// FieldText returns the text of one field of an item's guide, "" when
// the guide leaves it empty.
func FieldText(s *minyi.ServiceItem, f Field) string {
	var v string
	switch f {
	case FieldMaterials:
		v = s.Materials
	case FieldPlace:
		v = s.Place
	case FieldTimeLimit:
		v = s.PromisedLimit
		if strings.TrimSpace(v) == "" {
			v = s.LegalLimit
		}
	case FieldFees:
		v = s.Fees
	case FieldConditions:
		v = s.Conditions
	case FieldPhone:
		v = s.Phone
	case FieldProcess:
		v = s.Process
	case FieldHours:
		v = s.Hours
	case FieldSummary:
		v = s.Summary
	}
	return strings.TrimSpace(v)
}

func firstRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
