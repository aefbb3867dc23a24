package minyi

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SurveyStatus is where a satisfaction survey (满意度调查) stands. Only a
// draft may change its questions: answers already collected refer to
// them by id, so a published survey is closed or copied, never rewritten.
type SurveyStatus string

const (
	SurveyDraft     SurveyStatus = "draft"     // 草稿
	SurveyPublished SurveyStatus = "published" // 已发布
	SurveyClosed    SurveyStatus = "closed"    // 已结束
)

// SurveyStatusLabels gives the Chinese name of each survey status.
var SurveyStatusLabels = map[SurveyStatus]string{
	SurveyDraft: "草稿", SurveyPublished: "已发布", SurveyClosed: "已结束",
}

// QuestionKind is the kind of answer a question takes.
type QuestionKind string

const (
	QSingle QuestionKind = "single" // 单选
	QMulti  QuestionKind = "multi"  // 多选
	QScale  QuestionKind = "scale"  // 五级量表 1–5
	QNPS    QuestionKind = "nps"    // 推荐意愿 0–10
	QText   QuestionKind = "text"   // 文字
)

// QuestionKinds lists the kinds in the builder's order.
var QuestionKinds = []QuestionKind{QSingle, QMulti, QScale, QNPS, QText}

// QuestionKindLabels gives the Chinese name of each kind.
var QuestionKindLabels = map[QuestionKind]string{
	QSingle: "单选题", QMulti: "多选题", QScale: "五级量表", QNPS: "推荐意愿（NPS）", QText: "文字题",
}

// SurveyEnd is the jump target that ends the questionnaire.
const SurveyEnd = "end"

// DefaultScaleLabels name the points 1–5 of a scale left without labels.
var DefaultScaleLabels = []string{"非常不满意", "不满意", "一般", "满意", "非常满意"}

// Survey limits.
const (
	MaxSurveyQuestions  = 50
	MaxSurveyOptions    = 20
	MaxSurveyTitleLen   = 100  // runes
	MaxSurveyDescLen    = 1000 // runes
	MaxQuestionTitleLen = 200  // runes
	MaxOptionLen        = 100  // runes
	MaxSurveyTextLen    = 1000 // runes of a free-text answer
	MaxSurveyTokens     = 5000 // invitations per batch
)

// Survey is a questionnaire. Code is the public handle in /s/{code}. Open
// surveys take anyone with the link (one answer per browser, by cookie);
// others only holders of an invitation token.
type Survey struct {
	ID          int64        `json:"id"`
	Code        string       `json:"code"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Status      SurveyStatus `json:"status"`
	Open        bool         `json:"open"`
	Questions   []Question   `json:"questions"`
	// BuiltIn names a questionnaire the platform keeps, such as 好差评.
	BuiltIn     string     `json:"builtin,omitempty"`
	CreatedBy   string     `json:"created_by,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	// Responses is the number collected, filled in by reads.
	Responses int `json:"responses"`
}

// Question is one question. Labels name the points of a scale (five) or
// the two ends of an NPS question.
type Question struct {
	ID       string       `json:"id"`
	Kind     QuestionKind `json:"kind"`
	Title    string       `json:"title"`
	Required bool         `json:"required"`
	Options  []Option     `json:"options,omitempty"`
	Labels   []string     `json:"labels,omitempty"`
}

// Option is a choice. Next, on single-choice questions only, jumps to a
// later question (its id) or to SurveyEnd when the option is chosen.
type Option struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Next  string `json:"next,omitempty"`
}

// StatusLabel is the Chinese name of the survey's status.
func (s *Survey) StatusLabel() string { return SurveyStatusLabels[s.Status] }

// Index returns the position of a question, or -1.
func (s *Survey) Index(id string) int {
	for i, q := range s.Questions {
		if q.ID == id {
			return i
		}
	}
	return -1
}

// Normalize trims the text, gives questions and options without an id a
// fresh one, and fills default scale labels, before Validate.
func (s *Survey) Normalize() {
	s.Title, s.Description = strings.TrimSpace(s.Title), strings.TrimSpace(s.Description)
	used := map[string]bool{}
	for _, q := range s.Questions {
		used[q.ID] = true
	}
	n := 0
	fresh := func(prefix string, taken map[string]bool) string {
		for {
			n++
			id := prefix + strconv.Itoa(n)
			if !taken[id] {
				taken[id] = true
				return id
			}
		}
	}
	for i := range s.Questions {
		q := &s.Questions[i]
		q.Title, q.ID = strings.TrimSpace(q.Title), strings.TrimSpace(q.ID)
		if q.ID == "" {
			q.ID = fresh("q", used)
		}
		if q.Kind == QScale && len(q.Labels) == 0 {
			q.Labels = append([]string(nil), DefaultScaleLabels...)
		}
		if q.Kind != QSingle && q.Kind != QMulti {
			q.Options = nil
		}
		opts := map[string]bool{}
		for _, o := range q.Options {
			opts[o.ID] = true
		}
		for j := range q.Options {
			o := &q.Options[j]
			o.Label, o.ID, o.Next = strings.TrimSpace(o.Label), strings.TrimSpace(o.ID), strings.TrimSpace(o.Next)
			if o.ID == "" {
				o.ID = fresh("o", opts)
			}
			if q.Kind != QSingle {
				o.Next = ""
			}
		}
	}
}

// Validate checks a survey before it is stored. Field keys name the
// place of the mistake: "questions.2.options.1.next" is the jump of the
// second option of the third question (counting from 0). Jumps may only go
// forward, so a respondent's path always ends.
func (s *Survey) Validate() error {
	f := map[string]string{}
	if n := utf8.RuneCountInString(s.Title); n == 0 || n > MaxSurveyTitleLen {
		f["title"] = fmt.Sprintf("标题不能为空，且不超过 %d 个字", MaxSurveyTitleLen)
	}
	if utf8.RuneCountInString(s.Description) > MaxSurveyDescLen {
		f["description"] = fmt.Sprintf("说明不超过 %d 个字", MaxSurveyDescLen)
	}
	if _, ok := SurveyStatusLabels[s.Status]; !ok {
		f["status"] = "状态无效"
	}
	switch {
	case len(s.Questions) == 0:
		f["questions"] = "至少要有一道题"
	case len(s.Questions) > MaxSurveyQuestions:
		f["questions"] = fmt.Sprintf("最多 %d 道题", MaxSurveyQuestions)
	}
	ids := map[string]int{}
	for i, q := range s.Questions {
		if _, dup := ids[q.ID]; dup || q.ID == "" || q.ID == SurveyEnd {
			f[fmt.Sprintf("questions.%d.id", i)] = "题目编号重复或无效"
		}
		ids[q.ID] = i
	}
	for i, q := range s.Questions {
		key := fmt.Sprintf("questions.%d", i)
		if n := utf8.RuneCountInString(q.Title); n == 0 || n > MaxQuestionTitleLen {
			f[key+".title"] = fmt.Sprintf("题目不能为空，且不超过 %d 个字", MaxQuestionTitleLen)
		}
		switch q.Kind {
		case QSingle, QMulti:
			if len(q.Options) < 2 || len(q.Options) > MaxSurveyOptions {
				f[key+".options"] = fmt.Sprintf("选择题要有 2 到 %d 个选项", MaxSurveyOptions)
			}
		case QScale:
			if len(q.Labels) != 5 {
				f[key+".labels"] = "五级量表要有 5 个刻度说明"
			}
		case QNPS, QText:
		default:
			f[key+".kind"] = "题型无效"
		}
		labels, optIDs := map[string]bool{}, map[string]bool{}
		for j, o := range q.Options {
			okey := fmt.Sprintf("%s.options.%d", key, j)
			if n := utf8.RuneCountInString(o.Label); n == 0 || n > MaxOptionLen {
				f[okey+".label"] = fmt.Sprintf("选项不能为空，且不超过 %d 个字", MaxOptionLen)
			} else if labels[o.Label] {
				f[okey+".label"] = "选项重复"
			}
			if optIDs[o.ID] || o.ID == "" {
				f[okey+".id"] = "选项编号重复或无效"
			}
			labels[o.Label], optIDs[o.ID] = true, true
			if o.Next == "" || o.Next == SurveyEnd {
				continue
			}
			if q.Kind != QSingle {
				f[okey+".next"] = "只有单选题可以设置跳转"
			} else if t, ok := ids[o.Next]; !ok {
				f[okey+".next"] = "跳转的题目不存在"
			} else if t <= i {
				f[okey+".next"] = "只能跳转到后面的题目"
			}
		}
	}
	return fieldErrors(f)
}

// Answer is the answer to one question: Option for a single choice,
// Options for a multiple choice, Value for a scale or NPS, Text for text.
type Answer struct {
	Option  string   `json:"option,omitempty"`
	Options []string `json:"options,omitempty"`
	Value   *int     `json:"value,omitempty"`
	Text    string   `json:"text,omitempty"`
}

// Answers are a response's answers by question id.
type Answers map[string]Answer

func (a Answer) empty() bool {
	return a.Option == "" && len(a.Options) == 0 && a.Value == nil && strings.TrimSpace(a.Text) == ""
}

// Path returns the positions of the questions a respondent reaches with
// these answers: jumps of chosen options skip the questions between.
func (s *Survey) Path(a Answers) []int {
	var path []int
	for i := 0; i < len(s.Questions); {
		path = append(path, i)
		q := s.Questions[i]
		next := ""
		if q.Kind == QSingle {
			for _, o := range q.Options {
				if o.ID == a[q.ID].Option {
					next = o.Next
				}
			}
		}
		switch {
		case next == SurveyEnd:
			return path
		case next != "":
			if t := s.Index(next); t > i {
				i = t
				continue
			}
		}
		i++
	}
	return path
}

// Check validates a respondent's answers against the questions on their
// path and returns them cleaned: answers to skipped or unknown questions
// are dropped. Field keys are question ids.
func (s *Survey) Check(a Answers) (Answers, error) {
	out, f := Answers{}, map[string]string{}
	for _, i := range s.Path(a) {
		q := s.Questions[i]
		ans, given := a[q.ID]
		ans.Text = strings.TrimSpace(ans.Text)
		if !given || ans.empty() {
			if q.Required {
				f[q.ID] = "此题必答"
			}
			continue
		}
		if msg := q.check(&ans); msg != "" {
			f[q.ID] = msg
			continue
		}
		out[q.ID] = ans
	}
	if err := fieldErrors(f); err != nil {
		return nil, err
	}
	return out, nil
}

// check validates one non-empty answer and keeps only its kind's part.
func (q *Question) check(a *Answer) string {
	has := func(id string) bool {
		for _, o := range q.Options {
			if o.ID == id {
				return true
			}
		}
		return false
	}
	switch q.Kind {
	case QSingle:
		if !has(a.Option) {
			return "请选择一个有效选项"
		}
		*a = Answer{Option: a.Option}
	case QMulti:
		seen := map[string]bool{}
		var keep []string
		for _, id := range a.Options {
			if !has(id) {
				return "选项无效"
			}
			if !seen[id] {
				seen[id] = true
				keep = append(keep, id)
			}
		}
		*a = Answer{Options: keep}
	case QScale, QNPS:
		hi := 5
		lo := 1
		if q.Kind == QNPS {
			lo, hi = 0, 10
		}
		if a.Value == nil || *a.Value < lo || *a.Value > hi {
			return fmt.Sprintf("请选择 %d 到 %d 之间的分值", lo, hi)
		}
		*a = Answer{Value: a.Value}
	case QText:
		if utf8.RuneCountInString(a.Text) > MaxSurveyTextLen {
			return fmt.Sprintf("不超过 %d 个字", MaxSurveyTextLen)
		}
		*a = Answer{Text: a.Text}
	}
	return ""
}

// Copy returns a new draft with the survey's title and questions.
func (s *Survey) Copy() *Survey {
	c := &Survey{Title: s.Title + "（副本）", Description: s.Description, Status: SurveyDraft, Open: s.Open}
	for _, q := range s.Questions {
		q.Options = append([]Option(nil), q.Options...)
		q.Labels = append([]string(nil), q.Labels...)
		c.Questions = append(c.Questions, q)
	}
	if utf8.RuneCountInString(c.Title) > MaxSurveyTitleLen {
		c.Title = s.Title
	}
	return c
}

// SurveyToken is an invitation: it lets one respondent answer once. Its
// district and group are the respondent's attributes for cross-tabs.
type SurveyToken struct {
	Token      string     `json:"token"`
	SurveyID   int64      `json:"survey_id"`
	District   string     `json:"district,omitempty"`
	Group      string     `json:"group,omitempty"`
	TrackingNo string     `json:"tracking_no,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UsedAt     *time.Time `json:"used_at,omitempty"`
}

// SurveyResponse is one respondent's submitted answers. Token is the
// invitation or, on an open link, the browser's cookie token; Invited says
// which.
type SurveyResponse struct {
	ID          int64     `json:"id"`
	SurveyID    int64     `json:"survey_id"`
	Token       string    `json:"-"`
	Invited     bool      `json:"invited"`
	District    string    `json:"district,omitempty"`
	Group       string    `json:"group,omitempty"`
	Answers     Answers   `json:"answers"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// SurveyService stores surveys, invitations and responses.
type SurveyService interface {
	CreateSurvey(ctx context.Context, s *Survey) error
	// UpdateSurvey saves a draft; a published or closed survey keeps its
	// questions (ECONFLICT when they differ) and may change its wording of
	// title and description only.
	UpdateSurvey(ctx context.Context, s *Survey) error
	FindSurvey(ctx context.Context, id int64) (*Survey, error)
	FindSurveyByCode(ctx context.Context, code string) (*Survey, error)
	ListSurveys(ctx context.Context) ([]*Survey, error)
	// SetSurveyStatus publishes a draft or closes a published survey.
	SetSurveyStatus(ctx context.Context, id int64, to SurveyStatus) (*Survey, error)
	CreateSurveyTokens(ctx context.Context, surveyID int64, specs []SurveyToken) ([]SurveyToken, error)
	FindSurveyToken(ctx context.Context, surveyID int64, token string) (*SurveyToken, error)
	// SurveyInvitations counts a survey's invitations and those answered.
	SurveyInvitations(ctx context.Context, surveyID int64) (issued, used int, err error)
	// SubmitSurveyResponse stores a response once per token; a second one
	// gets ECONFLICT and changes nothing.
	SubmitSurveyResponse(ctx context.Context, r *SurveyResponse) error
	HasSurveyResponse(ctx context.Context, surveyID int64, token string) (bool, error)
	SurveyResponses(ctx context.Context, surveyID int64) ([]*SurveyResponse, error)
}
