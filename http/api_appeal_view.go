package http

import (
	"time"

	"minyi"
	"minyi/text"
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

// viewAppeals builds the API view of a list for reader.
func viewAppeals(list []*minyi.Appeal, now time.Time, reader *minyi.User) []*appealJSON {
	out := make([]*appealJSON, 0, len(list))
	for _, a := range list {
		if deidentifies(reader) {
			a = deidentify(a)
		}
		out = append(out, viewAppeal(a, now, false))
	}
	return out
}

// deidentifies reports whether reader sees appeals de-identified: the
// citizen (reader nil, or a citizen account), third-party evaluators and
// anyone else who does not work on appeals (content editors). Staff who
// handle appeals see the text as it was written.
func deidentifies(reader *minyi.User) bool {
	return reader == nil || !reader.Role.IsStaff() || reader.Role == minyi.RoleEvaluator
}

// deidentify returns a copy of a as shown on the tracking page and in the
// citizen's and evaluators' views: contact details masked, and the
// personal data found in the free text (title, content, street and
// address, reply, rating comment, extension reason) masked with text.Mask.
// People write phone numbers into the address too ("3 栋，电话 138…").
func deidentify(a *minyi.Appeal) *minyi.Appeal {
	c := a.Masked()
	c.Title = text.Mask(c.Title)
	c.Content = text.Mask(c.Content)
	c.Street = text.Mask(c.Street)
	c.Address = text.Mask(c.Address)
	c.Reply = text.Mask(c.Reply)
	c.RatingComment = text.Mask(c.RatingComment)
	c.ExtensionReason = text.Mask(c.ExtensionReason)
	return c
}

// deidentifyNotes returns copies of events with the personal data in their
// notes masked.
func deidentifyNotes(events []*minyi.Event) []*minyi.Event {
	out := make([]*minyi.Event, 0, len(events))
	for _, e := range events {
		c := *e
		c.Note = text.Mask(c.Note)
		out = append(out, &c)
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
