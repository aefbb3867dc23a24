package minyi

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// ServiceItem is one entry of the service catalogue (办事指南): what a
// citizen or company can apply for, from which department, with what.
// The text fields are kept as the editors or the source catalogue wrote
// them; pages derive their plain-language cards from them and never add
// facts of their own.
type ServiceItem struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`                     // 事项名称 (required)
	Code          string `json:"code,omitempty"`           // 事项编码; unique when given
	Type          string `json:"type,omitempty"`           // 事项类型: 行政许可, 公共服务…
	Department    string `json:"department"`               // 实施主体
	Basis         string `json:"basis,omitempty"`          // 设定依据
	Conditions    string `json:"conditions,omitempty"`     // 受理条件
	Materials     string `json:"materials,omitempty"`      // 申请材料
	Process       string `json:"process,omitempty"`        // 办理流程
	LegalLimit    string `json:"legal_limit,omitempty"`    // 法定时限
	PromisedLimit string `json:"promised_limit,omitempty"` // 承诺时限
	Fees          string `json:"fees,omitempty"`           // 收费标准
	Place         string `json:"place,omitempty"`          // 办理地点
	Hours         string `json:"hours,omitempty"`          // 办理时间
	Phone         string `json:"phone,omitempty"`          // 咨询电话
	// Visits is 到现场次数; nil when the catalogue does not say.
	Visits *int   `json:"visits,omitempty"`
	Link   string `json:"link,omitempty"` // 链接 to the official guide
	// Theme is the catalogue's 主事项 grouping; "" when it has none.
	Theme string `json:"theme,omitempty"`
	// LifeEvents are the names of LifeEventList the item belongs to.
	LifeEvents []string `json:"life_events"`
	// Extra keeps the source's columns that have no field, by header.
	Extra map[string]string `json:"extra,omitempty"`
	// Summary is one sentence by the editors; pages fall back to the fields.
	Summary   string    `json:"summary,omitempty"`
	Views     int64     `json:"views"` // popularity: guide page views
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ServiceFields are the JSON names of an item's fields in the order of the
// editors' form, for reporting field errors in that order.
var ServiceFields = []string{"name", "code", "type", "department", "theme", "life_events", "summary",
	"basis", "conditions", "materials", "process", "legal_limit", "promised_limit", "fees", "place",
	"hours", "phone", "visits", "link"}

// FieldsText joins the per-field messages of a validation error in the
// given order of fields (then any others), for one-line reports such as an
// import's rejection reasons.
func FieldsText(err error, order []string) string {
	fields := ErrorFields(err)
	if len(fields) == 0 {
		return ErrorMessage(err)
	}
	var parts []string
	done := map[string]bool{}
	for _, k := range order {
		if m, ok := fields[k]; ok {
			parts, done[k] = append(parts, m), true
		}
	}
	var rest []string
	for k, m := range fields {
		if !done[k] {
			rest = append(rest, m)
		}
	}
	sort.Strings(rest)
	return strings.Join(append(parts, rest...), "；")
}

// Service item limits.
const (
	MaxServiceNameLen  = 200
	MaxServiceFieldLen = 20000
	MaxServiceVisits   = 9
)

// NoTheme is how catalogues write "no 主事项"; it is stored as "".
const NoTheme = "未分类"

// LifeEvent is a stage of life (人生事件) that groups service items for
// citizens who do not know which department handles what.
type LifeEvent struct {
	Name string // Chinese name, as stored
	Key  string // ASCII key for URLs, icons and English labels
}

// LifeEventList is every life event in display order.
var LifeEventList = []LifeEvent{
	{"出生", "birth"}, {"上学", "school"}, {"就业", "work"}, {"婚育", "family"},
	{"住房", "housing"}, {"社保", "insurance"}, {"医疗", "health"}, {"养老", "elderly"},
	{"创业", "business"}, {"证照办理", "documents"}, {"交通出行", "transport"},
	{"退役军人", "veterans"}, {"身后事", "bereavement"},
}

// FindLifeEvent returns a life event by its Chinese name or key.
func FindLifeEvent(s string) (LifeEvent, bool) {
	for _, e := range LifeEventList {
		if e.Name == s || e.Key == s {
			return e, true
		}
	}
	return LifeEvent{}, false
}

// Validate checks and tidies an item before it is stored: names and
// short fields are trimmed, the theme 未分类 becomes "", life events are
// deduplicated in display order.
func (s *ServiceItem) Validate() error {
	fields := map[string]string{}
	s.Name = strings.Join(strings.Fields(s.Name), " ")
	for _, p := range []*string{&s.Code, &s.Type, &s.Department, &s.Theme, &s.Phone, &s.Link, &s.Hours} {
		*p = strings.TrimSpace(*p)
	}
	if s.Theme == NoTheme {
		s.Theme = ""
	}
	switch n := utf8.RuneCountInString(s.Name); {
	case n == 0:
		fields["name"] = "请填写事项名称"
	case n > MaxServiceNameLen:
		fields["name"] = "事项名称不能超过 200 字"
	}
	short := map[string]string{"code": s.Code, "type": s.Type, "department": s.Department, "theme": s.Theme, "phone": s.Phone, "hours": s.Hours}
	for k, v := range short {
		if utf8.RuneCountInString(v) > MaxServiceNameLen {
			fields[k] = "不能超过 200 字"
		}
	}
	long := map[string]string{"basis": s.Basis, "conditions": s.Conditions, "materials": s.Materials,
		"process": s.Process, "legal_limit": s.LegalLimit, "promised_limit": s.PromisedLimit,
		"fees": s.Fees, "place": s.Place, "summary": s.Summary}
	for k, v := range long {
		if utf8.RuneCountInString(v) > MaxServiceFieldLen {
			fields[k] = "不能超过 20000 字"
		}
	}
	if s.Visits != nil && (*s.Visits < 0 || *s.Visits > MaxServiceVisits) {
		fields["visits"] = "到现场次数应为 0 到 9"
	}
	if s.Link != "" {
		if u, err := url.Parse(s.Link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fields["link"] = "链接应以 http:// 或 https:// 开头"
		}
	}
	seen := map[string]bool{}
	for _, e := range s.LifeEvents {
		le, ok := FindLifeEvent(strings.TrimSpace(e))
		if !ok {
			fields["life_events"] = "人生事件无效：" + e
			break
		}
		seen[le.Name] = true
	}
	s.LifeEvents = s.LifeEvents[:0:0]
	for _, e := range LifeEventList {
		if seen[e.Name] {
			s.LifeEvents = append(s.LifeEvents, e.Name)
		}
	}
	return fieldErrors(fields)
}

// ServiceItemFilter selects catalogue items. Results are ordered by
// popularity (views), then ID; paging is by offset, as catalogues are
// thousands of items, not millions.
type ServiceItemFilter struct {
	Department string
	Theme      string
	LifeEvent  string // a name of LifeEventList
	Query      string // substring of the name (editors' list)
	Offset     int
	Limit      int
}

// Facet is one value of a browsing dimension with its item count.
type Facet struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// ServiceFacets are the counts the browse page shows: items per
// department, per theme and per life event, largest first (life events
// in display order).
type ServiceFacets struct {
	Total       int     `json:"total"`
	Departments []Facet `json:"departments"`
	Themes      []Facet `json:"themes"`
	LifeEvents  []Facet `json:"life_events"`
}

// ServiceItemService stores the catalogue.
type ServiceItemService interface {
	// CreateServiceItem validates and stores a new item (ECONFLICT when its
	// code is taken).
	CreateServiceItem(ctx context.Context, s *ServiceItem) error
	// UpdateServiceItem replaces every editable field of an existing item;
	// its views and creation time are kept.
	UpdateServiceItem(ctx context.Context, s *ServiceItem) error
	FindServiceItem(ctx context.Context, id int64) (*ServiceItem, error)
	ListServiceItems(ctx context.Context, f ServiceItemFilter) ([]*ServiceItem, error)
	CountServiceItems(ctx context.Context, f ServiceItemFilter) (int, error)
	// ImportServiceItems stores many validated items in one transaction.
	// An item whose code is already stored replaces it (views and creation
	// time kept); it returns how many were such replacements. IDs are set.
	ImportServiceItems(ctx context.Context, items []*ServiceItem) (replaced int, err error)
	ServiceFacets(ctx context.Context) (*ServiceFacets, error)
	// ViewServiceItem counts one view of a guide page.
	ViewServiceItem(ctx context.Context, id int64) error
}

// PolicyDoc is a policy document (政策文件) uploaded by editors. Body is
// plain text: HTML is reduced to its text before it is stored, so it can
// never carry markup to a page.
type PolicyDoc struct {
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	Department string    `json:"department"`       // 发文单位
	DocNo      string    `json:"doc_no,omitempty"` // 文号, e.g. 深人社规〔2026〕3号
	Body       string    `json:"body"`
	CreatedBy  int64     `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Policy document limits.
const (
	MaxPolicyTitleLen = 200
	MaxPolicyBodyLen  = 200000
)

// Validate checks and tidies a policy document before it is stored.
func (p *PolicyDoc) Validate() error {
	fields := map[string]string{}
	p.Title = strings.Join(strings.Fields(p.Title), " ")
	p.Department = strings.TrimSpace(p.Department)
	p.DocNo = strings.TrimSpace(p.DocNo)
	p.Body = strings.TrimSpace(p.Body)
	switch n := utf8.RuneCountInString(p.Title); {
	case n == 0:
		fields["title"] = "请填写文件标题"
	case n > MaxPolicyTitleLen:
		fields["title"] = "文件标题不能超过 200 字"
	}
	if utf8.RuneCountInString(p.Department) > MaxPolicyTitleLen {
		fields["department"] = "发文单位不能超过 200 字"
	}
	if utf8.RuneCountInString(p.DocNo) > 100 {
		fields["doc_no"] = "文号不能超过 100 字"
	}
	switch n := utf8.RuneCountInString(p.Body); {
	case n == 0:
		fields["body"] = "请填写或上传正文"
	case n > MaxPolicyBodyLen:
		fields["body"] = "正文不能超过 20 万字"
	}
	return fieldErrors(fields)
}

// PolicyService stores policy documents.
type PolicyService interface {
	CreatePolicy(ctx context.Context, p *PolicyDoc) error
	UpdatePolicy(ctx context.Context, p *PolicyDoc) error
	FindPolicy(ctx context.Context, id int64) (*PolicyDoc, error)
	// ListPolicies returns the newest first.
	ListPolicies(ctx context.Context, offset, limit int) ([]*PolicyDoc, error)
	CountPolicies(ctx context.Context) (int, error)
}

// CanEditServices reports whether a user may edit the service catalogue
// and policy documents (and the chat's canned answers): content editors
// and administrators.
func CanEditServices(u *User) bool {
	return u != nil && !u.Disabled && (u.Role == RoleEditor || u.Role == RoleAdmin)
}
