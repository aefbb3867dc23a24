package minyi

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AppealType is the kind of appeal.
type AppealType string

const (
	TypeComplaint  AppealType = "complaint"  // 投诉
	TypeConsult    AppealType = "consult"    // 咨询
	TypeSuggestion AppealType = "suggestion" // 建议
	TypeReport     AppealType = "report"     // 举报
	TypeHelp       AppealType = "help"       // 求助
	TypePraise     AppealType = "praise"     // 表扬
)

// AppealTypes lists the types in display order.
var AppealTypes = []AppealType{TypeComplaint, TypeConsult, TypeSuggestion, TypeReport, TypeHelp, TypePraise}

// AppealTypeLabels gives the Chinese name of each type.
var AppealTypeLabels = map[AppealType]string{
	TypeComplaint: "投诉", TypeConsult: "咨询", TypeSuggestion: "建议",
	TypeReport: "举报", TypeHelp: "求助", TypePraise: "表扬",
}

// Channel is where an appeal came in.
type Channel string

const (
	ChannelWeb     Channel = "web"     // 网站
	ChannelHotline Channel = "hotline" // 热线
	ChannelApp     Channel = "app"     // APP
	ChannelWechat  Channel = "wechat"  // 微信
	ChannelEmail   Channel = "email"   // 邮件
	ChannelLetter  Channel = "letter"  // 信件
	ChannelAPI     Channel = "api"     // API
	ChannelOpen311 Channel = "open311" // Open311
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelWeb, ChannelHotline, ChannelApp, ChannelWechat, ChannelEmail, ChannelLetter, ChannelAPI, ChannelOpen311}

// ChannelLabels gives the Chinese name of each channel.
var ChannelLabels = map[Channel]string{
	ChannelWeb: "网站", ChannelHotline: "热线", ChannelApp: "APP", ChannelWechat: "微信",
	ChannelEmail: "邮件", ChannelLetter: "信件", ChannelAPI: "API", ChannelOpen311: "Open311",
}

// SelfService reports whether citizens file through the channel
// themselves. Hotline calls, e-mails and letters are entered by staff.
func (c Channel) SelfService() bool {
	switch c {
	case ChannelWeb, ChannelApp, ChannelWechat, ChannelAPI, ChannelOpen311:
		return true
	}
	return false
}

// ParseAppealType accepts a type code or its Chinese name.
func ParseAppealType(s string) (AppealType, bool) {
	s = strings.TrimSpace(s)
	for _, t := range AppealTypes {
		if string(t) == s || AppealTypeLabels[t] == s {
			return t, true
		}
	}
	return "", false
}

// ParseChannel accepts a channel code or its Chinese name.
func ParseChannel(s string) (Channel, bool) {
	s = strings.TrimSpace(s)
	for _, c := range Channels {
		if string(c) == s || strings.EqualFold(ChannelLabels[c], s) {
			return c, true
		}
	}
	return "", false
}

// Status is the state of an appeal in its lifecycle.
type Status string

const (
	StatusPending    Status = "pending"    // 待分拨
	StatusDispatched Status = "dispatched" // 已派单
	StatusSigned     Status = "signed"     // 已签收
	StatusHandling   Status = "handling"   // 办理中
	StatusReplied    Status = "replied"    // 已答复
	StatusClosed     Status = "closed"     // 已办结
	StatusReopened   Status = "reopened"   // 重办
	StatusMerged     Status = "merged"     // 已合并
)

// Statuses lists the states in lifecycle order.
var Statuses = []Status{StatusPending, StatusDispatched, StatusSigned, StatusHandling, StatusReplied, StatusClosed, StatusReopened, StatusMerged}

// StatusLabels gives the Chinese name of each state.
var StatusLabels = map[Status]string{
	StatusPending: "待分拨", StatusDispatched: "已派单", StatusSigned: "已签收", StatusHandling: "办理中",
	StatusReplied: "已答复", StatusClosed: "已办结", StatusReopened: "重办", StatusMerged: "已合并",
}

// Open reports whether the appeal still needs work.
func (s Status) Open() bool { return s != StatusClosed && s != StatusMerged }

// AtUnit reports whether the appeal is with a responsible unit.
func (s Status) AtUnit() bool {
	return s == StatusDispatched || s == StatusSigned || s == StatusHandling || s == StatusReopened
}

// Rating levels (好差评).
type Rating int

const (
	RatingVeryDissatisfied Rating = 1 // 非常不满意
	RatingDissatisfied     Rating = 2 // 不满意
	RatingBasic            Rating = 3 // 基本满意
	RatingSatisfied        Rating = 4 // 满意
	RatingVerySatisfied    Rating = 5 // 非常满意
)

// RatingLabels gives the Chinese name of each level.
var RatingLabels = map[Rating]string{
	RatingVerySatisfied: "非常满意", RatingSatisfied: "满意", RatingBasic: "基本满意",
	RatingDissatisfied: "不满意", RatingVeryDissatisfied: "非常不满意",
}

// Bad reports whether the rating is 不满意 or 非常不满意.
func (r Rating) Bad() bool { return r == RatingDissatisfied || r == RatingVeryDissatisfied }

// ParseRating accepts 1–5 or the Chinese name.
func ParseRating(s string) (Rating, bool) {
	s = strings.TrimSpace(s)
	for r, l := range RatingLabels {
		if l == s || string(rune('0'+int(r))) == s {
			return r, true
		}
	}
	return 0, false
}

// Limits on appeal fields.
const (
	MaxTitleLen   = 100
	MaxContentLen = 4000
	MaxAddressLen = 200
)

// Appeal is one citizen appeal (诉求).
type Appeal struct {
	ID         int64      `json:"id"`
	TrackingNo string     `json:"tracking_no"`
	Type       AppealType `json:"type"`
	Channel    Channel    `json:"channel"`
	Title      string     `json:"title"`
	Content    string     `json:"content"`
	CategoryID int64      `json:"category_id,omitempty"`
	Category   string     `json:"category,omitempty"` // full path, 一级/二级/三级
	Urgent     bool       `json:"urgent"`

	District string   `json:"district,omitempty"`
	Street   string   `json:"street,omitempty"`
	Address  string   `json:"address,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lng      *float64 `json:"lng,omitempty"`

	ContactName  string `json:"contact_name,omitempty"`
	ContactPhone string `json:"contact_phone,omitempty"`
	Anonymous    bool   `json:"anonymous"`
	CitizenID    int64  `json:"-"` // account that filed it, when logged in
	ExternalID   string `json:"external_id,omitempty"`

	Status     Status `json:"status"`
	UnitID     int64  `json:"unit_id,omitempty"`
	UnitName   string `json:"unit_name,omitempty"`
	ParentID   int64  `json:"-"` // set when merged into another appeal
	ParentNo   string `json:"parent_no,omitempty"`
	Supporters int    `json:"supporters"` // 点赞 / 我也遇到
	Opposers   int    `json:"opposers"`   // 反对
	Supervised bool   `json:"supervised"`
	Reopens    int    `json:"reopens"`
	BadRatings int    `json:"-"`

	ReceivedAt   time.Time  `json:"received_at"`
	DispatchedAt *time.Time `json:"dispatched_at,omitempty"`
	SignDue      *time.Time `json:"sign_due,omitempty"`
	SignedAt     *time.Time `json:"signed_at,omitempty"`
	ContactDue   *time.Time `json:"contact_due,omitempty"`
	ContactedAt  *time.Time `json:"contacted_at,omitempty"`
	CompleteDue  *time.Time `json:"complete_due,omitempty"`
	RepliedAt    *time.Time `json:"replied_at,omitempty"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	UpdatedAt    time.Time  `json:"updated_at"`

	// A pending extension request (延期申请).
	ExtensionDays   int    `json:"extension_days,omitempty"`
	ExtensionReason string `json:"extension_reason,omitempty"`

	Reply         string `json:"reply,omitempty"`
	Rating        Rating `json:"rating,omitempty"`
	RatingComment string `json:"rating_comment,omitempty"`
	Solved        *bool  `json:"solved,omitempty"`
}

// TypeLabel, ChannelLabel and StatusLabel are for templates.
func (a *Appeal) TypeLabel() string    { return AppealTypeLabels[a.Type] }
func (a *Appeal) ChannelLabel() string { return ChannelLabels[a.Channel] }
func (a *Appeal) StatusLabel() string  { return StatusLabels[a.Status] }

// Normalize trims the free-text fields.
func (a *Appeal) Normalize() {
	a.Title = strings.TrimSpace(a.Title)
	a.Content = strings.TrimSpace(a.Content)
	a.District = strings.TrimSpace(a.District)
	a.Street = strings.TrimSpace(a.Street)
	a.Address = strings.TrimSpace(a.Address)
	a.ContactName = strings.TrimSpace(a.ContactName)
	a.ContactPhone = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(a.ContactPhone))
}

// Validate checks a new appeal; every problem is reported against its field.
func (a *Appeal) Validate() error {
	a.Normalize()
	fields := map[string]string{}
	if _, ok := AppealTypeLabels[a.Type]; !ok {
		fields["type"] = "请选择诉求类型（投诉、咨询、建议、举报、求助、表扬）"
	}
	if _, ok := ChannelLabels[a.Channel]; !ok {
		fields["channel"] = "诉求渠道无效"
	}
	if a.Title == "" {
		fields["title"] = "请填写标题"
	} else if utf8.RuneCountInString(a.Title) > MaxTitleLen {
		fields["title"] = "标题不能超过 100 个字"
	}
	if a.Content == "" {
		fields["content"] = "请填写诉求内容"
	} else if n := utf8.RuneCountInString(a.Content); n > MaxContentLen {
		fields["content"] = "诉求内容不能超过 4000 个字"
	} else if n < 5 {
		fields["content"] = "诉求内容太短，请描述具体情况"
	}
	if utf8.RuneCountInString(a.Address) > MaxAddressLen {
		fields["address"] = "地址不能超过 200 个字"
	}
	if a.Lat != nil || a.Lng != nil {
		if a.Lat == nil || a.Lng == nil || *a.Lat < -90 || *a.Lat > 90 || *a.Lng < -180 || *a.Lng > 180 {
			fields["location"] = "经纬度无效（WGS-84：纬度 -90～90，经度 -180～180）"
		}
	}
	if a.ContactPhone == "" {
		if !a.Anonymous {
			fields["contact_phone"] = "请填写联系电话，用于回访和查询办理进度"
		}
	} else if !ValidPhone(a.ContactPhone) {
		fields["contact_phone"] = "联系电话格式不正确（手机号 11 位，或带区号的固定电话）"
	}
	if utf8.RuneCountInString(a.ContactName) > 50 {
		fields["contact_name"] = "联系人姓名不能超过 50 个字"
	}
	return fieldErrors(fields)
}

// ValidPhone accepts mainland mobile numbers (1[3-9]x, 11 digits) and
// landlines with an area code (0xx-xxxxxxxx, dashes removed).
func ValidPhone(p string) bool {
	p = strings.TrimPrefix(p, "+86")
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
	}
	switch {
	case len(p) == 11 && p[0] == '1' && p[1] >= '3':
		return true
	case len(p) >= 10 && len(p) <= 12 && p[0] == '0':
		return true
	}
	return false
}

// MaskPhone hides the middle of a phone number: 138****5678.
func MaskPhone(p string) string {
	r := []rune(p)
	if len(r) < 7 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// MaskName keeps the family name: 张**.
func MaskName(n string) string {
	r := []rune(n)
	if len(r) == 0 {
		return ""
	}
	return string(r[:1]) + strings.Repeat("*", max(len(r)-1, 1))
}

// PhoneLast4 returns the last four digits of a phone number.
func PhoneLast4(p string) string {
	if len(p) < 4 {
		return p
	}
	return p[len(p)-4:]
}

// Masked returns a copy with the contact details masked, for roles that
// need not see them and for public pages.
func (a *Appeal) Masked() *Appeal {
	c := *a
	c.ContactName = MaskName(a.ContactName)
	c.ContactPhone = MaskPhone(a.ContactPhone)
	return &c
}
