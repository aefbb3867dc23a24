package http

import (
	"net/http"
	"strings"

	"minyi"
)

// createAppealRequest is the body of POST /api/v1/appeals. Type and channel
// take a code ("complaint", "web") or the Chinese name ("投诉", "网站").
type createAppealRequest struct {
	Type         string   `json:"type"`
	Channel      string   `json:"channel"`
	Title        string   `json:"title"`
	Content      string   `json:"content"`
	District     string   `json:"district"`
	Street       string   `json:"street"`
	Address      string   `json:"address"`
	Lat          *float64 `json:"lat"`
	Lng          *float64 `json:"lng"`
	ContactName  string   `json:"contact_name"`
	ContactPhone string   `json:"contact_phone"`
	Anonymous    bool     `json:"anonymous"`
	Urgent       bool     `json:"urgent"`
	CategoryID   int64    `json:"category_id"`
}

// apiCreateAppeal handles POST /api/v1/appeals. Anyone may file: anonymous
// visitors, citizens (the appeal is linked to their account) and staff such
// as hotline agents. Only staff may mark an appeal urgent or enter one that
// came by hotline, e-mail or letter. The district, when given, must be one
// of the city's districts, as on the web form.
func (s *Server) apiCreateAppeal(w http.ResponseWriter, r *http.Request) {
	var in createAppealRequest
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	u := userFrom(r)
	a := &minyi.Appeal{
		Title: in.Title, Content: in.Content, District: in.District, Street: in.Street, Address: in.Address,
		Lat: in.Lat, Lng: in.Lng, ContactName: in.ContactName, ContactPhone: in.ContactPhone, Anonymous: in.Anonymous,
	}
	a.Type = minyi.AppealType(in.Type)
	if t, ok := minyi.ParseAppealType(in.Type); ok {
		a.Type = t
	}
	a.Channel = minyi.ChannelAPI
	if strings.TrimSpace(in.Channel) != "" {
		a.Channel = minyi.Channel(in.Channel)
		if c, ok := minyi.ParseChannel(in.Channel); ok {
			a.Channel = c
		}
	}
	staff := u != nil && u.Role.IsStaff()
	if _, known := minyi.ChannelLabels[a.Channel]; known && !staff && !a.Channel.SelfService() {
		s.apiError(w, r, minyi.Errorf(minyi.EFORBIDDEN, "热线、邮件和信件渠道的诉求由工作人员录入，请选择网站、APP、微信、API 或 Open311 渠道",
			"hotline, email and letter appeals are entered by staff; use web, app, wechat, api or open311"))
		return
	}
	if staff {
		a.Urgent = in.Urgent
	}
	if u != nil && u.Role == minyi.RoleCitizen {
		a.CitizenID = u.ID
	}
	err := a.Validate()
	if a.District != "" {
		// One indexed lookup: listing every unit on each intake would cost
		// more than storing the appeal.
		d, uerr := s.svc.FindUnitByName(r.Context(), a.District)
		// Callers often drop the suffix: "福田" for 福田区, "大鹏" for 大鹏新区.
		for _, suffix := range []string{"区", "新区"} {
			if minyi.ErrorCode(uerr) != minyi.ENOTFOUND || strings.HasSuffix(a.District, "区") {
				break
			}
			if d, uerr = s.svc.FindUnitByName(r.Context(), a.District+suffix); uerr == nil {
				a.District = d.Name
			}
		}
		if uerr != nil && minyi.ErrorCode(uerr) != minyi.ENOTFOUND {
			s.apiError(w, r, uerr)
			return
		}
		var known []*minyi.Unit
		if uerr == nil {
			known = []*minyi.Unit{d}
		}
		if msg := districtError(known, a.District); msg != "" {
			err = addField(err, "district", msg)
		}
	}
	if in.CategoryID != 0 {
		c, cerr := s.svc.FindCategory(r.Context(), in.CategoryID)
		switch {
		case cerr == nil:
			a.CategoryID, a.Category = c.ID, c.Path
		case minyi.ErrorCode(cerr) == minyi.ENOTFOUND:
			err = addField(err, "category_id", "诉求分类不存在")
		default:
			s.apiError(w, r, cerr)
			return
		}
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.svc.CreateAppeal(r.Context(), a, minyi.ActorFor(u)); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/appeals/"+a.TrackingNo)
	// The answer is what GET would show this caller: citizens and
	// evaluators get it de-identified, like every other view of theirs.
	if deidentifies(u) {
		a = deidentify(a)
	}
	writeJSON(w, http.StatusCreated, viewAppeal(a, s.now(), false))
}

// addField adds one field message to a validation error (or starts one).
func addField(err error, field, msg string) error {
	if err == nil {
		return &minyi.Error{Code: minyi.EINVALID, Message: "提交的内容有误，请检查标红的字段", MessageEN: "invalid input, see the fields", Fields: map[string]string{field: msg}}
	}
	fields := minyi.ErrorFields(err)
	if fields == nil {
		return err
	}
	fields[field] = msg
	return err
}
