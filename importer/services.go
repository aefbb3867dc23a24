package importer

import (
	"context"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	"minyi"
)

// ServiceStore is what a catalogue import needs from the database.
type ServiceStore interface {
	ImportServiceItems(ctx context.Context, items []*minyi.ServiceItem) (int, error)
}

// ServiceSummary reports a catalogue import. Replaced counts the imported
// items whose code was stored already and which were refreshed in place.
type ServiceSummary struct {
	Summary
	Replaced int `json:"replaced"`
}

// serviceColumn is one field of a catalogue sheet with the headers that
// name it, the standard name first.
type serviceColumn struct {
	names []string
	set   func(s *minyi.ServiceItem, v string)
}

func setString(p func(s *minyi.ServiceItem) *string) func(*minyi.ServiceItem, string) {
	return func(s *minyi.ServiceItem, v string) { *p(s) = v }
}

// serviceColumns map headers to fields. 部门 is how some catalogues name
// 实施主体; 主事项 is the catalogue's grouping, stored as the theme.
var serviceColumns = []serviceColumn{
	{[]string{"事项名称"}, setString(func(s *minyi.ServiceItem) *string { return &s.Name })},
	{[]string{"事项编码", "编码"}, setString(func(s *minyi.ServiceItem) *string { return &s.Code })},
	{[]string{"事项类型"}, setString(func(s *minyi.ServiceItem) *string { return &s.Type })},
	{[]string{"实施主体", "部门", "实施机构"}, setString(func(s *minyi.ServiceItem) *string { return &s.Department })},
	{[]string{"设定依据"}, setString(func(s *minyi.ServiceItem) *string { return &s.Basis })},
	{[]string{"受理条件"}, setString(func(s *minyi.ServiceItem) *string { return &s.Conditions })},
	{[]string{"申请材料"}, setString(func(s *minyi.ServiceItem) *string { return &s.Materials })},
	{[]string{"办理流程"}, setString(func(s *minyi.ServiceItem) *string { return &s.Process })},
	{[]string{"法定时限", "法定办结时限"}, setString(func(s *minyi.ServiceItem) *string { return &s.LegalLimit })},
	{[]string{"承诺时限", "承诺办结时限"}, setString(func(s *minyi.ServiceItem) *string { return &s.PromisedLimit })},
	{[]string{"收费标准"}, setString(func(s *minyi.ServiceItem) *string { return &s.Fees })},
	{[]string{"办理地点"}, setString(func(s *minyi.ServiceItem) *string { return &s.Place })},
	{[]string{"办理时间"}, setString(func(s *minyi.ServiceItem) *string { return &s.Hours })},
	{[]string{"咨询电话"}, setString(func(s *minyi.ServiceItem) *string { return &s.Phone })},
	{[]string{"链接", "网址"}, setString(func(s *minyi.ServiceItem) *string { return &s.Link })},
	{[]string{"主事项", "主题"}, setString(func(s *minyi.ServiceItem) *string { return &s.Theme })},
	{[]string{"摘要", "一句话说明"}, setString(func(s *minyi.ServiceItem) *string { return &s.Summary })},
	{[]string{"到现场次数"}, nil},
	{[]string{"人生事件"}, nil},
}

// Catalogue rejection reasons.
const (
	ReasonNoServiceName = "事项名称为空"
	ReasonBadVisits     = "到现场次数无法识别"
	ReasonDuplicateCode = "事项编码与前面的行重复"
	ReasonBadLifeEvent  = "人生事件无法识别"
)

// ServiceItemsFile imports a catalogue from a CSV or XLSX file.
func ServiceItemsFile(ctx context.Context, db ServiceStore, path string, opts Options) (*ServiceSummary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ServiceItems(ctx, db, f, path, opts)
}

// ServiceItems imports a service catalogue by header names (CSV in UTF-8
// or GB18030, or XLSX). Only 事项名称 is required. Columns it does not
// know are kept in each item's Extra. Without a 事项编码 column the code is
// the itemCode parameter of the 链接, where the provincial platforms keep
// it, so that importing the same catalogue again refreshes the items
// instead of adding them twice. Without a 人生事件 column (no source
// catalogue has one) life events come from minyi.GuessLifeEvents.
func ServiceItems(ctx context.Context, db ServiceStore, r io.Reader, name string, opts Options) (*ServiceSummary, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 2000
	}
	t, err := readTable(r, name)
	if err != nil {
		return nil, err
	}
	if !t.has("事项名称") {
		return nil, errMissing("事项名称")
	}
	known := map[string]bool{}
	for _, c := range serviceColumns {
		for _, n := range c.names {
			known[n] = true
		}
	}
	var extra []string
	for _, h := range t.header {
		if h != "" && !known[h] {
			extra = append(extra, h)
		}
	}

	sum := &ServiceSummary{}
	total := len(t.rows)
	codes := map[string]bool{}
	batch := newBatches(opts.BatchSize, total, func(items []*minyi.ServiceItem) error {
		n, err := db.ImportServiceItems(ctx, items)
		if err != nil {
			return err
		}
		sum.Imported += len(items)
		sum.Replaced += n
		return nil
	}, opts.Progress)
	for i, row := range t.rows {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum.Read++
		s, reason := parseServiceRow(t, row, extra)
		switch {
		case reason != "":
			sum.reject(i+2, s.Code, reason)
		case s.Code != "" && codes[s.Code]:
			sum.reject(i+2, s.Code, ReasonDuplicateCode)
		default:
			if s.Code != "" {
				codes[s.Code] = true
			}
			batch.add(s)
		}
		if err := batch.row(i + 1); err != nil {
			return sum, err
		}
	}
	if err := batch.flush(total); err != nil {
		return sum, err
	}
	return sum, nil
}

// parseServiceRow turns one row into a validated item, or says why not.
func parseServiceRow(t *table, row []string, extra []string) (*minyi.ServiceItem, string) {
	s := &minyi.ServiceItem{}
	for _, c := range serviceColumns {
		if c.set != nil {
			c.set(s, t.get(row, c.names...))
		}
	}
	if s.Code == "" {
		s.Code = linkCode(s.Link)
	}
	if strings.TrimSpace(s.Name) == "" {
		return s, ReasonNoServiceName
	}
	if v := t.get(row, "到现场次数"); v != "" {
		n, ok := parseVisits(v)
		if !ok {
			return s, ReasonBadVisits
		}
		s.Visits = &n
	}
	if v := t.get(row, "人生事件"); v != "" {
		for _, e := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune("、,，;；|/ ", r) }) {
			le, ok := minyi.FindLifeEvent(e)
			if !ok {
				return s, ReasonBadLifeEvent + "：" + e
			}
			s.LifeEvents = append(s.LifeEvents, le.Name)
		}
	} else {
		theme := s.Theme
		if theme == minyi.NoTheme {
			theme = ""
		}
		s.LifeEvents = minyi.GuessLifeEvents(s.Name, theme, s.Department)
	}
	for _, h := range extra {
		if v := t.get(row, h); v != "" {
			if s.Extra == nil {
				s.Extra = map[string]string{}
			}
			s.Extra[h] = v
		}
	}
	if err := s.Validate(); err != nil {
		return s, minyi.FieldsText(err, minyi.ServiceFields)
	}
	return s, ""
}

// linkCode is the itemCode query parameter of a link, or "".
func linkCode(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(u.Query().Get("itemCode"))
}

// parseVisits reads 到现场次数 written as a number, with or without 次.
func parseVisits(v string) (int, bool) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "次"))
	if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= minyi.MaxServiceVisits && f == float64(int(f)) {
		return int(f), true
	}
	return 0, false
}
