package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"minyi"
)

// trendsSource answers trend queries; the store is one. GET /api/v1/trends
// needs it beyond Services.
type trendsSource interface {
	Trends(ctx context.Context, q minyi.TrendQuery) (*minyi.Trends, error)
}

// apiTrends handles GET /api/v1/trends: appeal counts by period and by
// category, district, type or channel, with the change against the
// previous range. Staff who see every appeal may ask for any district;
// handlers and leaders see their unit's district only.
func (s *Server) apiTrends(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	t, _, err := s.trends(r.Context(), u, r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// trends answers a trend query for u (the API's and the dashboard's):
// staff who see every appeal may ask for any district, handlers and
// leaders get their unit's district.
func (s *Server) trends(ctx context.Context, u *minyi.User, v url.Values) (*minyi.Trends, minyi.TrendQuery, error) {
	src, ok := s.svc.(trendsSource)
	if !ok {
		return nil, minyi.TrendQuery{}, minyi.Errorf(minyi.EINTERNAL, "诉求趋势统计不可用", "trends are not available")
	}
	q, err := s.trendQuery(v)
	if err != nil {
		return nil, q, err
	}
	if scope := minyi.ScopeFor(u); !scope.All {
		district, err := s.unitDistrict(ctx, scope.UnitID)
		if err != nil {
			return nil, q, err
		}
		if district == "" {
			return nil, q, minyi.Errorf(minyi.EFORBIDDEN, "诉求趋势按区统计，您所在的单位不属于任何区，无法查看",
				"trends are kept per district and your unit is not under one")
		}
		if q.District != "" && q.District != district {
			return nil, q, minyi.Errorf(minyi.EFORBIDDEN, "只能查看本区（%s）的诉求趋势", "you may only see the trends of your district (%s)", district)
		}
		q.District = district
	}
	t, err := src.Trends(ctx, q)
	return t, q, err
}

// unitDistrict returns the name of the district a unit is in (the unit
// itself or the nearest district above it), or "" when there is none.
func (s *Server) unitDistrict(ctx context.Context, unitID int64) (string, error) {
	seen := map[int64]bool{}
	for id := unitID; id != 0 && !seen[id]; {
		seen[id] = true
		u, err := s.svc.FindUnit(ctx, id)
		if minyi.ErrorCode(err) == minyi.ENOTFOUND {
			return "", nil
		} else if err != nil {
			return "", err
		}
		if u.Kind == minyi.UnitDistrict {
			return u.Name, nil
		}
		id = u.ParentID
	}
	return "", nil
}

// trendQuery reads the query parameters of GET /api/v1/trends. Dates are
// YYYY-MM-DD in China time; the range defaults to the last 30 days up to
// today.
func (s *Server) trendQuery(v url.Values) (minyi.TrendQuery, error) {
	q := minyi.TrendQuery{
		Period:   minyi.TrendPeriod(strings.TrimSpace(v.Get("period"))),
		By:       minyi.TrendBy(strings.TrimSpace(v.Get("by"))),
		District: strings.TrimSpace(v.Get("district")),
	}
	fields := map[string]string{}
	date := func(name string) time.Time {
		str := strings.TrimSpace(v.Get(name))
		if str == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", str, minyi.DefaultLocation)
		if err != nil {
			fields[name] = "日期格式应为 YYYY-MM-DD"
		}
		return t
	}
	q.Since, q.Until = date("since"), date("until")
	if str := strings.TrimSpace(v.Get("type")); str != "" {
		t, ok := minyi.ParseAppealType(str)
		if !ok {
			fields["type"] = "诉求类型无效"
		}
		q.Type = t
	}
	if str := strings.TrimSpace(v.Get("channel")); str != "" {
		c, ok := minyi.ParseChannel(str)
		if !ok {
			fields["channel"] = "诉求渠道无效"
		}
		q.Channel = c
	}
	id, err := queryValueInt(v, "category_id")
	if err != nil {
		return q, err
	}
	q.CategoryID = id
	if len(fields) > 0 {
		return q, &minyi.Error{Code: minyi.EINVALID, Message: "查询参数有误，请检查日期、类型和渠道",
			MessageEN: "invalid query parameters: check the dates, type and channel", Fields: fields}
	}
	switch {
	case q.Since.IsZero() && q.Until.IsZero():
		now := s.now().In(minyi.DefaultLocation)
		q.Until = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, minyi.DefaultLocation)
		q.Since = q.Until.AddDate(0, 0, -(minyi.DefaultTrendDays - 1))
	case q.Until.IsZero():
		now := s.now().In(minyi.DefaultLocation)
		q.Until = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, minyi.DefaultLocation)
	case q.Since.IsZero():
		q.Since = q.Until.AddDate(0, 0, -(minyi.DefaultTrendDays - 1))
	}
	return q, nil
}
