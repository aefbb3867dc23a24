package http

import (
	"time"

	"minyi"
)

// appealJSON is an appeal as the API shows it: the stored fields plus
// Chinese labels and the deadline it currently runs against.
type appealJSON struct {
	*minyi.Appeal
	TypeLabel    string     `json:"type_label"`
	ChannelLabel string     `json:"channel_label"`
	StatusLabel  string     `json:"status_label"`
	Due          *time.Time `json:"due,omitempty"`
	DueLevel     string     `json:"due_level,omitempty"`
	DueLabel     string     `json:"due_label,omitempty"`
}

// viewAppeal builds the API view. Contact details are masked unless
// showContact is set (only for an audited staff view).
func viewAppeal(a *minyi.Appeal, now time.Time, showContact bool) *appealJSON {
	if !showContact {
		a = a.Masked()
	}
	v := &appealJSON{Appeal: a, TypeLabel: a.TypeLabel(), ChannelLabel: a.ChannelLabel(), StatusLabel: a.StatusLabel()}
	if due, level, label := a.CurrentDeadline(now); due != nil {
		v.Due, v.DueLevel, v.DueLabel = due, string(level), label
	}
	return v
}

func viewAppeals(list []*minyi.Appeal, now time.Time) []*appealJSON {
	out := make([]*appealJSON, 0, len(list))
	for _, a := range list {
		out = append(out, viewAppeal(a, now, false))
	}
	return out
}

// nonNil keeps empty lists as [] rather than null in JSON.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
