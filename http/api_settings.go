package http

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"minyi"
)

// apiGetSettings handles GET /api/v1/settings (admin).
func (s *Server) apiGetSettings(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	st, err := s.svc.Settings(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"settings": settingsJSON(st)})
}

// apiPutSettings handles PUT /api/v1/settings (admin). Fields left out of
// the body keep their values; dates are checked and sorted.
func (s *Server) apiPutSettings(w http.ResponseWriter, r *http.Request) {
	me, err := requireRole(r, minyi.RoleAdmin)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	st, err := s.svc.Settings(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	next := *st
	if err := decodeJSON(w, r, &next); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := checkSettings(&next); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.SaveSettings(r.Context(), &next); err != nil {
		s.apiError(w, r, err)
		return
	}
	_ = s.svc.Audit(r.Context(), &minyi.AuditEntry{UserID: me.ID, Username: me.Username, Action: "update_settings", Target: "settings", At: s.now()})
	writeJSON(w, http.StatusOK, map[string]any{"settings": settingsJSON(&next)})
}

// settingsJSON keeps lists as [] rather than null.
func settingsJSON(st *minyi.Settings) *minyi.Settings {
	c := *st
	c.Holidays, c.Workdays, c.SLARules = nonNil(c.Holidays), nonNil(c.Workdays), nonNil(c.SLARules)
	return &c
}

// checkSettings validates and normalises settings in place.
func checkSettings(st *minyi.Settings) error {
	fields := map[string]string{}
	st.CityName = strings.TrimSpace(st.CityName)
	st.Prefix = strings.ToUpper(strings.TrimSpace(st.Prefix))
	if st.CityName == "" || utf8.RuneCountInString(st.CityName) > 50 {
		fields["city_name"] = "请填写城市名称（不超过 50 个字）"
	}
	if !validPrefix(st.Prefix) {
		fields["tracking_prefix"] = "编号前缀应为 1 到 6 个英文字母"
	}
	var bad bool
	if st.Holidays, bad = checkDates(st.Holidays, nil); bad {
		fields["holidays"] = "节假日日期格式应为 YYYY-MM-DD，且为有效日期"
	}
	weekend := func(d time.Time) bool { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }
	if st.Workdays, bad = checkDates(st.Workdays, weekend); bad {
		fields["workdays"] = "调休上班日格式应为 YYYY-MM-DD，且必须是周六或周日"
	}
	for _, d := range st.Workdays {
		if slices.Contains(st.Holidays, d) {
			fields["workdays"] = fmt.Sprintf("%s 不能既是节假日又是调休上班日", d)
		}
	}
	for i, rule := range st.SLARules {
		key := fmt.Sprintf("sla_rules[%d]", i)
		st.SLARules[i].Category = strings.TrimSpace(rule.Category)
		switch {
		case minyi.AppealTypeLabels[rule.Type] == "":
			fields[key] = "诉求类型无效"
		case rule.SignHours < 0 || rule.SignHours > 720 || rule.UrgentHours < 0 || rule.UrgentHours > 720 || rule.ContactHours < 0 || rule.ContactHours > 720:
			fields[key] = "时限小时数应为 0 到 720（0 表示使用默认值）"
		case rule.CompleteDays < 0 || rule.CompleteDays > 365:
			fields[key] = "办结时限应为 0 到 365 个工作日（0 表示使用默认值）"
		}
	}
	if st.RatingWindowDays == 0 {
		st.RatingWindowDays = minyi.DefaultSettings().RatingWindowDays
	}
	if st.RatingWindowDays < 1 || st.RatingWindowDays > 90 {
		fields["rating_window_days"] = "评价期限应为 1 到 90 天"
	}
	if len(fields) > 0 {
		return &minyi.Error{Code: minyi.EINVALID, Message: "设置有误，请检查标红的字段", MessageEN: "invalid settings, see the fields", Fields: fields}
	}
	return nil
}

func validPrefix(p string) bool {
	if p == "" || len(p) > 6 {
		return false
	}
	return strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// checkDates parses YYYY-MM-DD dates, dropping duplicates and sorting them;
// bad is set when one does not parse or fails ok.
func checkDates(in []string, ok func(time.Time) bool) (out []string, bad bool) {
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		d, err := time.Parse(time.DateOnly, s)
		if err != nil || (ok != nil && !ok(d)) {
			bad = true
			continue
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out, bad
}
