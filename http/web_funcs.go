package http

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/evaluation"
)

// Interface languages: Chinese first, English second.
var languages = []string{"zh", "en"}

const (
	langCookie = "minyi_lang"
	fontCookie = "minyi_font"
)

// langOf returns the visitor's language from the cookie, Chinese by default.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

func langIndex(lang string) int {
	if lang == "en" {
		return 1
	}
	return 0
}

// translate looks a key up in the catalogue; a missing key shows itself, and
// a test makes sure none is missing.
func translate(lang, key string) string {
	if m, ok := catalogue[key]; ok {
		return m[langIndex(lang)]
	}
	return key
}

// label returns the Chinese label from the domain's map, or the English one
// from the catalogue under prefix.
func label[K ~string | ~int](lang, prefix string, k K, zh map[K]string) string {
	if lang == "en" {
		key := prefix + "." + fmt.Sprint(k)
		if m, ok := catalogue[key]; ok {
			return m[1]
		}
	}
	return zh[k]
}

// templateFuncs are the functions templates of one language may call.
func templateFuncs(lang string, assets *assetSet) template.FuncMap {
	return template.FuncMap{
		"t":  func(key string) string { return translate(lang, key) },
		"tf": func(key string, args ...any) string { return fmt.Sprintf(translate(lang, key), args...) },
		"asset": func(name string) string {
			return assets.URL(name)
		},
		// The label funcs take any so templates may pass a typed field or a
		// plain string ("sign") alike.
		"statusLabel": func(v any) string {
			return label(lang, "status", minyi.Status(fmt.Sprint(v)), minyi.StatusLabels)
		},
		"typeLabel": func(v any) string {
			return label(lang, "type", minyi.AppealType(fmt.Sprint(v)), minyi.AppealTypeLabels)
		},
		"channelLabel": func(v any) string {
			return label(lang, "channel", minyi.Channel(fmt.Sprint(v)), minyi.ChannelLabels)
		},
		"actionLabel": func(v any) string {
			return label(lang, "action", minyi.Action(fmt.Sprint(v)), minyi.ActionLabels)
		},
		"roleLabel": func(v any) string { return label(lang, "role", minyi.Role(fmt.Sprint(v)), minyi.RoleLabels) },
		"kindLabel": func(v any) string {
			return label(lang, "kind", minyi.UnitKind(fmt.Sprint(v)), minyi.UnitKindLabels)
		},
		"levelLabel": func(v any) string { return label(lang, "level", minyi.Level(fmt.Sprint(v)), minyi.LevelLabels) },
		"ratingLabel": func(v any) string {
			n, _ := strconv.Atoi(fmt.Sprint(v))
			return label(lang, "rating", minyi.Rating(n), minyi.RatingLabels)
		},
		"auditLabel": func(action string) string {
			if m, ok := catalogue["audit."+action]; ok {
				return m[langIndex(lang)]
			}
			return action
		},
		"chatStatusLabel": func(v any) string {
			return label(lang, "chat_status", minyi.ChatStatus(fmt.Sprint(v)), minyi.ChatStatusLabels)
		},
		"surveyStatusLabel": func(v any) string {
			return label(lang, "survey_status", minyi.SurveyStatus(fmt.Sprint(v)), minyi.SurveyStatusLabels)
		},
		"qkindLabel": func(v any) string {
			return label(lang, "qkind", minyi.QuestionKind(fmt.Sprint(v)), minyi.QuestionKindLabels)
		},
		"qkinds":      func() []minyi.QuestionKind { return minyi.QuestionKinds },
		"num":         surveyNumber,
		"handoff":     handoffOf,
		"hasPrefixNo": func(s string) bool { return trackingNoRE.MatchString(s) },
		"deref":       func(b *bool) bool { return b != nil && *b },
		"list":        func(xs ...string) []string { return xs },
		// A change against the previous period, e.g. "+12%"; "–" when
		// there is nothing to compare with.
		"changePct": func(f *float64) string {
			if f == nil {
				return "–"
			}
			s := strconv.FormatFloat(*f*100, 'f', 0, 64) + "%"
			if *f > 0 {
				s = "+" + s
			}
			return s
		},
		"changeUp":    func(f *float64) bool { return f != nil && *f > 0 },
		"kb":          func(n int64) int64 { return (n + 1023) / 1024 },
		"fmtTime":     fmtTime,
		"fmtDate":     fmtDate,
		"remaining":   func(due *time.Time, now time.Time) string { return remaining(lang, due, now) },
		"maskPhone":   minyi.MaskPhone,
		"maskName":    minyi.MaskName,
		"progress":    progressStep,
		"add":         func(a, b int) int { return a + b },
		"appealTypes": func() []minyi.AppealType { return minyi.AppealTypes },
		"roles":       func() []minyi.Role { return minyi.Roles },
		"unitKinds": func() []minyi.UnitKind {
			return []minyi.UnitKind{minyi.UnitCity, minyi.UnitDistrict, minyi.UnitStreet, minyi.UnitDepartment}
		},
		"ratings": func() []minyi.Rating {
			return []minyi.Rating{minyi.RatingVerySatisfied, minyi.RatingSatisfied, minyi.RatingBasic, minyi.RatingDissatisfied, minyi.RatingVeryDissatisfied}
		},
		"steps": func() []minyi.Status {
			return []minyi.Status{minyi.StatusPending, minyi.StatusDispatched, minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReplied, minyi.StatusClosed}
		},
		"itoa":  func(i int64) string { return strconv.FormatInt(i, 10) },
		"pct":   func(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) + "%" },
		"pctOf": evaluation.Pct,
		"pct1":  func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" },
		// pctNum is a fraction as a number of per cent, for form fields.
		"pctNum": func(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) },
		// isSystem marks events of scheduled work (automatic dispatch,
		// 默认满意): minyi.SystemActor has no account.
		"isSystem": func(e *minyi.Event) bool {
			return e.ActorID == 0 && e.ActorName == minyi.SystemActor.Name
		},
		"lines": func(ss []string) string { return strings.Join(ss, "\n") },
		"depth": func(path string) int { return strings.Count(path, "/") },
	}
}

// fmtTime shows a time in China Standard Time; it takes time.Time or
// *time.Time and shows nothing for a nil or zero time.
func fmtTime(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	}
	if t.IsZero() {
		return ""
	}
	return t.In(minyi.DefaultLocation).Format("2006-01-02 15:04")
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(minyi.DefaultLocation).Format("2006-01-02")
}

// remaining says how long is left until a deadline, or how late it is.
func remaining(lang string, due *time.Time, now time.Time) string {
	if due == nil {
		return ""
	}
	d := due.Sub(now)
	key := "deadline.left"
	if d < 0 {
		key, d = "deadline.over", -d
	}
	days := int(d.Hours()) / 24
	hours := int(d.Hours()) % 24
	var span string
	switch {
	case days > 0:
		span = fmt.Sprintf(translate(lang, "span.dh"), days, hours)
	case hours > 0:
		span = fmt.Sprintf(translate(lang, "span.h"), hours)
	default:
		span = fmt.Sprintf(translate(lang, "span.m"), int(d.Minutes()))
	}
	return fmt.Sprintf(translate(lang, key), span)
}

// progressStep places a status on the citizen's progress bar over
// 待分拨→已派单→已签收→办理中→已答复→已办结 (0–5). A reopened appeal is back with
// the unit, at 已派单; a merged one has ended.
func progressStep(s minyi.Status) int {
	switch s {
	case minyi.StatusPending:
		return 0
	case minyi.StatusDispatched, minyi.StatusReopened:
		return 1
	case minyi.StatusSigned:
		return 2
	case minyi.StatusHandling:
		return 3
	case minyi.StatusReplied:
		return 4
	case minyi.StatusClosed, minyi.StatusMerged:
		return 5
	}
	return 0
}
