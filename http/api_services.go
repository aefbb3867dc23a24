package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"minyi"
	"minyi/plain"
)

// servicesPerPage is the page size of the catalogue's lists.
const servicesPerPage = 20

// requireEditor returns the user when they may edit the catalogue.
func requireEditor(r *http.Request) (*minyi.User, error) {
	u := userFrom(r)
	if u == nil {
		return nil, minyi.Errorf(minyi.EUNAUTHORIZED, "请先登录", "login required")
	}
	if !minyi.CanEditServices(u) {
		return nil, minyi.Errorf(minyi.EFORBIDDEN, "只有内容编辑和系统管理员可以维护办事指南、政策文件和快捷回复", "only content editors and administrators may change service guides, policy documents and canned answers")
	}
	return u, nil
}

// serviceQuery is a catalogue filter as the pages and the API read it from
// the query: department, theme, life_event (name or key), q (name), page.
type serviceQuery struct {
	minyi.ServiceItemFilter
	Page int
}

func readServiceQuery(q url.Values, perPage int) (serviceQuery, error) {
	sq := serviceQuery{Page: 1}
	sq.Department = strings.TrimSpace(q.Get("department"))
	sq.Theme = strings.TrimSpace(q.Get("theme"))
	sq.Query = strings.TrimSpace(q.Get("q"))
	if v := strings.TrimSpace(q.Get("life_event")); v != "" {
		e, ok := minyi.FindLifeEvent(v)
		if !ok {
			msg := "人生事件无效：" + v
			return sq, &minyi.Error{Code: minyi.EINVALID, Message: msg, MessageEN: "unknown life event: " + v, Fields: map[string]string{"life_event": msg}}
		}
		sq.LifeEvent = e.Name
	}
	page, err := queryValueInt(q, "page")
	if err != nil {
		return sq, err
	}
	if page > 1 {
		sq.Page = int(min(page, 100000))
	}
	if n, err := queryValueInt(q, "per_page"); err != nil {
		return sq, err
	} else if n > 0 {
		perPage = int(min(n, 100))
	}
	sq.Limit, sq.Offset = perPage, (sq.Page-1)*perPage
	return sq, nil
}

// serviceList is one page of the catalogue with the total count.
type serviceList struct {
	Items   []*minyi.ServiceItem `json:"items"`
	Total   int                  `json:"total"`
	Page    int                  `json:"page"`
	PerPage int                  `json:"per_page"`
}

func (s *Server) listServices(ctx context.Context, sq serviceQuery) (*serviceList, error) {
	items, err := s.svc.ListServiceItems(ctx, sq.ServiceItemFilter)
	if err != nil {
		return nil, err
	}
	total, err := s.svc.CountServiceItems(ctx, sq.ServiceItemFilter)
	if err != nil {
		return nil, err
	}
	return &serviceList{Items: nonNil(items), Total: total, Page: sq.Page, PerPage: sq.Limit}, nil
}

// apiListServices handles GET /api/v1/services (public).
func (s *Server) apiListServices(w http.ResponseWriter, r *http.Request) {
	sq, err := readServiceQuery(r.URL.Query(), servicesPerPage)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.listServices(r.Context(), sq)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// apiServiceFacets handles GET /api/v1/services/facets (public).
func (s *Server) apiServiceFacets(w http.ResponseWriter, r *http.Request) {
	f, err := s.svc.ServiceFacets(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

// guidePlain is the plain-language view of a guide: its opening line and
// the five answer cards, all drawn from its fields.
type guidePlain struct {
	OneLine string       `json:"one_line"`
	Cards   []plain.Card `json:"cards"`
}

func plainGuide(item *minyi.ServiceItem) guidePlain {
	return guidePlain{OneLine: plain.OneLine(item), Cards: plain.Cards(item)}
}

// apiGetService handles GET /api/v1/services/{id} (public).
func (s *Server) apiGetService(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	item, err := s.svc.FindServiceItem(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"item": item, "plain": plainGuide(item)})
}

// apiCreateService handles POST /api/v1/services (editors). Without
// life_events the keyword rules assign them.
func (s *Server) apiCreateService(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	var item minyi.ServiceItem
	if err := decodeJSON(w, r, &item); err != nil {
		s.apiError(w, r, err)
		return
	}
	item.ID = 0
	if item.LifeEvents == nil {
		item.LifeEvents = minyi.GuessLifeEvents(item.Name, item.Theme, item.Department)
	}
	if err := s.svc.CreateServiceItem(r.Context(), &item); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.health.invalidate()
	s.auditEdit(r, auditCreateService, item.ID, item.Name)
	writeJSON(w, http.StatusCreated, map[string]any{"item": item})
}

// apiUpdateService handles PUT /api/v1/services/{id} (editors). Fields left
// out of the body keep their values.
func (s *Server) apiUpdateService(w http.ResponseWriter, r *http.Request) {
	if _, err := requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	item, err := s.svc.FindServiceItem(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := decodeJSON(w, r, item); err != nil {
		s.apiError(w, r, err)
		return
	}
	item.ID = id
	if err := s.svc.UpdateServiceItem(r.Context(), item); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.health.invalidate()
	s.auditEdit(r, auditUpdateService, item.ID, item.Name)
	writeJSON(w, http.StatusOK, map[string]any{"item": item})
}
