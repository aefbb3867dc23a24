package evaluation

import (
	"strings"
	"time"
	"unicode/utf8"

	"minyi"
	"minyi/kpi"
)

// The citizen's verdict on whether the problem was solved.
const (
	Solved   = "solved"   // 已解决
	Partly   = "partly"   // 部分解决
	Unsolved = "unsolved" // 未解决
)

// SolvedLabels gives the Chinese name of each verdict.
var SolvedLabels = map[string]string{Solved: "已解决", Partly: "部分解决", Unsolved: "未解决"}

// MaxAttempts bounds the calls recorded for one appeal.
const MaxAttempts = 20

// MaxNotes is the longest note, in characters.
const MaxNotes = 1000

// Callback is what an evaluator recorded of one sampled appeal. It lives
// in the evaluation's own table: nothing of it is written onto the
// appeal.
type Callback struct {
	ID           int64        `json:"id"`
	RoundID      int64        `json:"round_id"`
	AppealID     int64        `json:"-"`
	Reached      bool         `json:"reached"`
	Attempts     int          `json:"attempts"`
	Solved       string       `json:"solved,omitempty"`
	Satisfaction minyi.Rating `json:"satisfaction,omitempty"`
	Contacted    *bool        `json:"unit_contacted,omitempty"` // whether the unit contacted the citizen
	Notes        string       `json:"notes,omitempty"`
	At           time.Time    `json:"at"`
	By           string       `json:"by"`
}

// Validate checks a callback; an unreached citizen gives no answers, so
// those are cleared.
func (c *Callback) Validate() error {
	fields := map[string]string{}
	c.Notes = strings.TrimSpace(c.Notes)
	if c.Attempts < 1 || c.Attempts > MaxAttempts {
		fields["attempts"] = "拨打次数应为 1 至 20 的整数"
	}
	if utf8.RuneCountInString(c.Notes) > MaxNotes {
		fields["notes"] = "备注不能超过 1000 字"
	}
	if c.Reached {
		if _, ok := SolvedLabels[c.Solved]; !ok {
			fields["solved"] = "请选择问题是否解决（已解决、部分解决、未解决）"
		}
		if _, ok := minyi.RatingLabels[c.Satisfaction]; !ok {
			fields["satisfaction"] = "请选择满意度（非常满意、满意、基本满意、不满意、非常不满意）"
		}
		if c.Contacted == nil {
			fields["unit_contacted"] = "请选择承办单位是否联系过群众"
		}
	} else {
		c.Solved, c.Satisfaction, c.Contacted = "", 0, nil
	}
	if len(fields) > 0 {
		return &minyi.Error{Code: minyi.EINVALID, Message: "回访记录有误，请检查标出的项目", MessageEN: "the callback record is invalid", Fields: fields}
	}
	return nil
}

// Fact places the callback's answers in the assessment's sets, so that
// kpi computes the callback figures with the formulas of the units' own:
// 已解决 counts as solved (部分解决 does not, as a citizen's 未解决 in the
// rating does not), the satisfaction level is the rating, and the unit's
// call is the contact. An unreached citizen counts nowhere.
func (c *Callback) Fact() kpi.Fact {
	if !c.Reached {
		return kpi.Fact{}
	}
	f := kpi.Fact{Flags: kpi.Total | kpi.SolvedD | kpi.Rated | kpi.ContactD, Rating: int(c.Satisfaction)}
	if c.Solved == Solved {
		f.Flags |= kpi.SolvedN
	}
	if c.Contacted != nil && *c.Contacted {
		f.Flags |= kpi.ContactN
	}
	return f
}

// Call is one call-out (拨打) to a sampled appeal's citizen. The number is
// dialled by the platform; the evaluator sees and the record keeps only
// its masked form.
type Call struct {
	ID       int64     `json:"id"`
	RoundID  int64     `json:"round_id"`
	AppealID int64     `json:"-"`
	Masked   string    `json:"masked_phone"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
}
