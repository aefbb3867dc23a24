package http

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"minyi"
)

// Paging limits of GET /api/v1/appeals.
const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// apiListAppeals handles GET /api/v1/appeals for staff, within their scope:
// {"appeals":[…], "next_before_id":…}. Contact details are always masked.
func (s *Server) apiListAppeals(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	f, err := s.appealFilter(r, u)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.svc.ListAppeals(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var next any
	if len(list) == f.Limit && len(list) > 0 {
		next = list[len(list)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"appeals": viewAppeals(list, s.now(), u), "next_before_id": next})
}

// appealFilter reads the query parameters of a list request.
func (s *Server) appealFilter(r *http.Request, u *minyi.User) (minyi.AppealFilter, error) {
	return s.appealFilterFrom(r.URL.Query(), u)
}

// appealFilterFrom reads list query parameters; the CSV export shares it,
// so an export holds exactly what the list with the same query shows.
func (s *Server) appealFilterFrom(q url.Values, u *minyi.User) (minyi.AppealFilter, error) {
	f := minyi.AppealFilter{Scope: minyi.ScopeFor(u), Now: s.now(), Query: strings.TrimSpace(q.Get("q")), District: strings.TrimSpace(q.Get("district"))}
	fields := map[string]string{}
	for _, v := range splitList(q.Get("status")) {
		if _, ok := minyi.StatusLabels[minyi.Status(v)]; ok {
			f.Statuses = append(f.Statuses, minyi.Status(v))
			continue
		}
		found := false
		for st, label := range minyi.StatusLabels {
			if label == v {
				f.Statuses, found = append(f.Statuses, st), true
			}
		}
		if !found {
			fields["status"] = "状态无效：" + v
		}
	}
	// The workbench's queues, so that a list matches its count in
	// GET /api/v1/queues.
	if queue := q.Get("queue"); queue != "" {
		if def, ok := queueByKey(queue); ok {
			def.filter(&f)
		} else {
			fields["queue"] = "队列无效，应为 pending、to_sign、handling、warning、overdue、supervised 或 reopened"
		}
	}
	if v := q.Get("type"); v != "" {
		if t, ok := minyi.ParseAppealType(v); ok {
			f.Type = t
		} else {
			fields["type"] = "诉求类型无效：" + v
		}
	}
	if v := q.Get("channel"); v != "" {
		if c, ok := minyi.ParseChannel(v); ok {
			f.Channel = c
		} else {
			fields["channel"] = "诉求渠道无效：" + v
		}
	}
	// Dates are days in the city's time zone; until includes its day.
	for name, dst := range map[string]*time.Time{"since": &f.Since, "until": &f.Until} {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			continue
		}
		d, err := time.ParseInLocation(time.DateOnly, v, minyi.DefaultLocation)
		if err != nil {
			fields[name] = "日期格式应为 YYYY-MM-DD：" + v
			continue
		}
		if name == "until" {
			d = d.AddDate(0, 0, 1)
		}
		*dst = d
	}
	var err error
	for name, dst := range map[string]*int64{"unit_id": &f.UnitID, "before_id": &f.BeforeID, "category_id": &f.CategoryID} {
		if *dst, err = queryValueInt(q, name); err != nil {
			fields[name] = minyi.ErrorFields(err)[name]
		}
	}
	limit, err := queryValueInt(q, "limit")
	switch {
	case err != nil || limit > maxPageSize:
		fields["limit"] = "每页条数应为 1 到 200"
	case limit == 0:
		f.Limit = defaultPageSize
	default:
		f.Limit = int(limit)
	}
	if len(fields) > 0 {
		return f, &minyi.Error{Code: minyi.EINVALID, Message: "查询参数有误", MessageEN: "invalid query parameters", Fields: fields}
	}
	return f, nil
}

// splitList splits "a,b" into its trimmed, non-empty parts.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
