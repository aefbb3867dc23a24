package http

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"minyi"
	"minyi/search"
)

// searchFor answers the one search box for the API and the page. Bad input
// is an EINVALID error with the field q or limit.
func (s *Server) searchFor(ctx context.Context, raw, limitText string) (*search.Result, error) {
	if zh, en := search.CheckQuery(raw); zh != "" {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: zh, MessageEN: en, Fields: map[string]string{"q": zh}}
	}
	limit := search.DefaultLimit
	if limitText != "" {
		n, err := strconv.Atoi(limitText)
		if err != nil || n < 1 || n > search.MaxLimit {
			const zh = "limit 应为 1 到 50 的整数"
			return nil, &minyi.Error{Code: minyi.EINVALID, Message: zh, MessageEN: "limit must be a whole number from 1 to 50", Fields: map[string]string{"limit": zh}}
		}
		limit = n
	}
	if s.search == nil {
		return nil, &minyi.Error{Code: minyi.EINTERNAL, Message: "搜索暂不可用", MessageEN: "search is not available"}
	}
	return s.search.Search(ctx, strings.TrimSpace(raw), limit)
}

// apiSearch handles GET /api/v1/search?q=…&limit=10: the answer card (or
// null) and the ranked results. Public, like the search box.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	res, err := s.searchFor(r.Context(), r.URL.Query().Get("q"), r.URL.Query().Get("limit"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// apiSearchFeedback handles POST /api/v1/search/feedback
// {"q","item_id","field","helpful"}: an answer to 有帮助吗.
func (s *Server) apiSearchFeedback(w http.ResponseWriter, r *http.Request) {
	var f search.Feedback
	if err := decodeJSON(w, r, &f); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.saveFeedback(r.Context(), f); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiSearchClick handles POST /api/v1/search/click {"item_id"}: a click on
// a result, counted for the item's popularity.
func (s *Server) apiSearchClick(w http.ResponseWriter, r *http.Request) {
	var c struct {
		ItemID int64 `json:"item_id"`
	}
	if err := decodeJSON(w, r, &c); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.countClick(r.Context(), c.ItemID); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// saveFeedback checks and stores an answer to 有帮助吗.
func (s *Server) saveFeedback(ctx context.Context, f search.Feedback) error {
	fields := map[string]string{}
	f.Query = strings.TrimSpace(f.Query)
	if zh, _ := search.CheckQuery(f.Query); zh != "" {
		fields["q"] = zh
	}
	if f.ItemID <= 0 {
		fields["item_id"] = "请指明是哪个事项"
	}
	if _, ok := search.FieldLabels[f.Field]; f.Field != search.FieldNone && !ok {
		fields["field"] = "字段无效"
	}
	if len(fields) > 0 {
		return &minyi.Error{Code: minyi.EINVALID, Message: "反馈内容有误", MessageEN: "the feedback is invalid", Fields: fields}
	}
	if s.search == nil || s.search.Log == nil {
		return &minyi.Error{Code: minyi.EINTERNAL, Message: "搜索暂不可用", MessageEN: "search is not available"}
	}
	return s.search.Log.SaveSearchFeedback(ctx, f)
}

// countClick counts a click on a result.
func (s *Server) countClick(ctx context.Context, id int64) error {
	if id <= 0 {
		return &minyi.Error{Code: minyi.EINVALID, Message: "请指明是哪个事项", MessageEN: "item_id is required", Fields: map[string]string{"item_id": "请指明是哪个事项"}}
	}
	if s.search == nil || s.search.Log == nil {
		return &minyi.Error{Code: minyi.EINTERNAL, Message: "搜索暂不可用", MessageEN: "search is not available"}
	}
	return s.search.Log.CountSearchClick(ctx, id)
}
