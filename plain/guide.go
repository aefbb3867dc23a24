// Package plain turns service guides and policy documents into plain
// language: answer cards drawn from a guide's fields, extractive summaries
// of policy documents, highlighted amounts, dates and conditions, and
// everyday words for official jargon. It only selects and marks what the
// text says; it never writes facts of its own.
package plain

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"minyi"
)

// Card answers one of the five questions citizens ask about a guide from
// the field that answers it. Short is the field's opening (a sentence or a
// few list items); Full the whole field when it is longer. Missing means
// the guide does not say, which the page shows as such.
type Card struct {
	Key      string `json:"key"`       // who, bring, where, time, cost
	Question string `json:"question"`  // 谁可以办…
	Field    string `json:"field"`     // the field's label, e.g. 受理条件
	FieldKey string `json:"field_key"` // the field's JSON name, e.g. conditions
	Short    string `json:"short,omitempty"`
	Full     string `json:"full,omitempty"`
	Missing  bool   `json:"missing,omitempty"`
}

// questions in page order, with their key, question and source field.
var questions = []struct{ key, question, field, fieldKey string }{
	{"who", "谁可以办", "受理条件", "conditions"},
	{"bring", "要带什么", "申请材料", "materials"},
	{"where", "去哪里办", "办理地点", "place"},
	{"time", "要多久", "承诺时限", "promised_limit"},
	{"cost", "要花钱吗", "收费标准", "fees"},
}

// shortRunes is how much of a field a card shows before "展开全文".
const shortRunes = 60

// Cards returns the five cards of a guide.
func Cards(s *minyi.ServiceItem) []Card {
	out := make([]Card, 0, len(questions))
	for _, q := range questions {
		c := Card{Key: q.key, Question: q.question, Field: q.field, FieldKey: q.fieldKey}
		var v string
		switch q.key {
		case "who":
			v = s.Conditions
		case "bring":
			v = s.Materials
		case "where":
			v = s.Place
			if s.Hours != "" && v != "" {
				v += "\n办理时间：" + s.Hours
			}
			if s.Visits != nil {
				visits := "到现场次数：" + strconv.Itoa(*s.Visits) + " 次"
				if v == "" {
					v = visits
				} else {
					v += "\n" + visits
				}
			}
		case "time":
			v = s.PromisedLimit
			if v == "" && s.LegalLimit != "" {
				v, c.Field, c.FieldKey = s.LegalLimit, "法定时限", "legal_limit"
			}
		case "cost":
			v = s.Fees
		}
		v = strings.TrimSpace(v)
		if v == "" {
			c.Missing = true
		} else {
			c.Short = Opening(v, shortRunes)
			if c.Short != v {
				c.Full = v
			}
		}
		out = append(out, c)
	}
	return out
}

// OneLine is the sentence a guide page opens with: the editors' summary,
// else a line put together from the guide's own fields (department,
// promised time, fees), else the name.
func OneLine(s *minyi.ServiceItem) string {
	if s.Summary != "" {
		return s.Summary
	}
	var parts []string
	if s.Department != "" {
		parts = append(parts, "由"+s.Department+"办理")
	}
	if v := firstSentence(s.PromisedLimit); v != "" {
		parts = append(parts, "承诺时限："+v)
	} else if v := firstSentence(s.LegalLimit); v != "" {
		parts = append(parts, "法定时限："+v)
	}
	if v := firstSentence(s.Fees); v != "" {
		parts = append(parts, "收费："+v)
	}
	if s.Visits != nil {
		parts = append(parts, "到现场 "+strconv.Itoa(*s.Visits)+" 次")
	}
	if len(parts) == 0 {
		return s.Name
	}
	return s.Name + "：" + strings.Join(parts, "，") + "。"
}

// Opening returns the start of a field: the whole field when it is short;
// else as many of its first lines as fit (a list of materials shows its
// first items); else its first sentence, with its mark, when that fits;
// else its first max runes and "…".
func Opening(v string, max int) string {
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) <= max {
		return v
	}
	var lines []string
	n := 0
	for line := range strings.Lines(v) {
		line = strings.TrimSpace(line)
		k := utf8.RuneCountInString(line)
		if n+k > max {
			break
		}
		lines, n = append(lines, line), n+k
	}
	if len(lines) > 0 {
		return strings.Join(lines, "\n")
	}
	first, _, _ := strings.Cut(v, "\n")
	if i := strings.IndexAny(first, "。；;"); i >= 0 {
		_, size := utf8.DecodeRuneInString(first[i:])
		if s := first[:i+size]; utf8.RuneCountInString(s) <= max {
			return s
		}
	}
	return string([]rune(first)[:max]) + "…"
}

// firstSentence is v up to its first 。；; or line end, without the mark.
func firstSentence(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, "。；;\n"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// Long reports whether a field is long enough to be shown collapsed.
func Long(v string) bool {
	return utf8.RuneCountInString(v) > 120 || strings.Count(v, "\n") >= 4
}
