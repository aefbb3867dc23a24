package http

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/kpi"
)

func (ui *webUI) adminPage(w http.ResponseWriter, r *http.Request, status int, name, nav string, p *page) {
	p.Nav = nav
	ui.render(w, r, status, name, "", p)
}

type unitsData struct {
	Units []*minyi.Unit
}

func (ui *webUI) adminUnitsPage(w http.ResponseWriter, r *http.Request, status int, p *page) {
	units, err := ui.unitsByPath(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p.Data = unitsData{Units: units}
	ui.adminPage(w, r, status, "admin_units", "admin_units", p)
}

// adminUnits lists the organisation tree with a form to add a unit.
func (ui *webUI) adminUnits(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.adminUnitsPage(w, r, http.StatusOK, ui.newPage(r, translate(langOf(r), "nav.units")))
}

func (ui *webUI) adminUnitCreate(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	u := &minyi.Unit{
		Name: strings.TrimSpace(r.PostFormValue("name")), Code: strings.TrimSpace(r.PostFormValue("code")),
		Kind: minyi.UnitKind(r.PostFormValue("kind")), ParentID: formInt(r, "parent_id"),
	}
	if err := ui.s.svc.CreateUnit(r.Context(), u); err != nil {
		if !formError(err) {
			ui.errorPage(w, r, err)
			return
		}
		p := ui.newPage(r, translate(langOf(r), "nav.units"))
		p.Form, p.Error, p.Errors = r.PostForm, errorText(p.Lang, err), orEmpty(minyi.ErrorFields(err))
		ui.adminUnitsPage(w, r, httpStatus(err), p)
		return
	}
	http.Redirect(w, r, "/admin/units?ok=unit_created", http.StatusSeeOther)
}

// formError reports whether an error belongs on the form (bad input, a
// duplicate, a missing reference) rather than on an error page.
func formError(err error) bool {
	switch minyi.ErrorCode(err) {
	case minyi.EINVALID, minyi.ECONFLICT, minyi.ENOTFOUND:
		return true
	}
	return false
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

type usersData struct {
	Users []*minyi.User
	Units []*minyi.Unit
	Self  int64
}

func (ui *webUI) adminUsersPage(w http.ResponseWriter, r *http.Request, status int, p *page) {
	ctx := r.Context()
	users, err := ui.s.svc.ListUsers(ctx)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	units, err := ui.unitsByPath(ctx)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p.Data = usersData{Users: users, Units: units, Self: p.User.ID}
	ui.adminPage(w, r, status, "admin_users", "admin_users", p)
}

// adminUsers lists accounts with a form to add one.
func (ui *webUI) adminUsers(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.adminUsersPage(w, r, http.StatusOK, ui.newPage(r, translate(langOf(r), "nav.users")))
}

func (ui *webUI) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	u := &minyi.User{
		Username: strings.TrimSpace(r.PostFormValue("username")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Role: minyi.Role(r.PostFormValue("role")), UnitID: formInt(r, "unit_id"), Phone: strings.TrimSpace(r.PostFormValue("phone")),
	}
	// The store checks the user, its unit and the password, all at once.
	if err := ui.s.svc.CreateUser(r.Context(), u, r.PostFormValue("password")); err != nil {
		if !formError(err) {
			ui.errorPage(w, r, err)
			return
		}
		p := ui.newPage(r, translate(langOf(r), "nav.users"))
		r.PostForm.Del("password")
		p.Form, p.Error, p.Errors = r.PostForm, errorText(p.Lang, err), orEmpty(minyi.ErrorFields(err))
		ui.adminUsersPage(w, r, httpStatus(err), p)
		return
	}
	http.Redirect(w, r, "/admin/users?ok=user_created", http.StatusSeeOther)
}

// adminUserToggle disables or re-enables an account; admins cannot lock
// themselves out.
func (ui *webUI) adminUserToggle(w http.ResponseWriter, r *http.Request) {
	me, err := requireRole(r, minyi.RoleAdmin)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if id == me.ID {
		ui.errorPage(w, r, minyi.Errorf(minyi.ECONFLICT, "不能停用自己的账号", "you cannot disable your own account"))
		return
	}
	u, err := ui.s.svc.FindUser(r.Context(), id)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	u.Disabled = !u.Disabled
	if err := ui.s.svc.UpdateUser(r.Context(), u); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users?ok=user_updated", http.StatusSeeOther)
}

type categoriesData struct {
	Categories []*minyi.Category
}

func (ui *webUI) adminCategoriesPage(w http.ResponseWriter, r *http.Request, status int, p *page) {
	cats, err := ui.s.svc.ListCategories(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	sort.SliceStable(cats, func(i, j int) bool { return cats[i].Path < cats[j].Path })
	p.Data = categoriesData{Categories: cats}
	ui.adminPage(w, r, status, "admin_categories", "admin_categories", p)
}

// adminCategories lists the taxonomy with a CSV upload to extend it.
func (ui *webUI) adminCategories(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "nav.categories"))
	if n := r.URL.Query().Get("added"); n != "" {
		if k, err := strconv.Atoi(n); err == nil {
			p.Flash = fmt.Sprintf(translate(p.Lang, "categories.added"), k)
		}
	}
	ui.adminCategoriesPage(w, r, http.StatusOK, p)
}

func (ui *webUI) adminCategoriesImport(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 5<<20)
	p := ui.newPage(r, translate(langOf(r), "nav.categories"))
	fail := func(err error) {
		p.Error = errorText(p.Lang, err)
		p.Errors["file"] = p.Error
		ui.adminCategoriesPage(w, r, httpStatus(err), p)
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		fail(minyi.Errorf(minyi.EINVALID, "请选择要上传的 CSV 文件（不超过 5 MB）", "choose a CSV file (at most 5 MB)"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		fail(minyi.Errorf(minyi.EINVALID, "无法读取上传的文件", "cannot read the uploaded file"))
		return
	}
	// The same rules as POST /api/v1/categories/import.
	paths, err := readCategoryCSV(data)
	if err != nil {
		fail(err)
		return
	}
	n, err := ui.s.svc.ImportCategories(r.Context(), paths)
	if err != nil {
		if formError(err) {
			fail(err)
			return
		}
		ui.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/categories?added="+strconv.Itoa(n), http.StatusSeeOther)
}

type settingsData struct {
	S     *minyi.Settings
	Rules []minyi.SLARule // the rules plus empty rows to add new ones
	KPI   minyi.KPIConfig // the assessment's weights in force
	// ScoreCodes are the indicators a score may weigh, with their names.
	ScoreCodes [][2]string
}

func (ui *webUI) adminSettingsPage(w http.ResponseWriter, r *http.Request, status int, p *page, st *minyi.Settings) {
	rules := append([]minyi.SLARule(nil), st.SLARules...)
	for range 3 {
		rules = append(rules, minyi.SLARule{})
	}
	d := settingsData{S: st, Rules: rules, KPI: st.KPI.Effective()}
	for _, code := range minyi.KPIScoreIndicators {
		ind, _ := kpi.FindIndicator(code)
		d.ScoreCodes = append(d.ScoreCodes, [2]string{code, ind.Name})
	}
	p.Data = d
	ui.adminPage(w, r, status, "admin_settings", "admin_settings", p)
}

// adminSettings edits the calendar (holidays, 调休 workdays), the 默认满意
// switch and the SLA rules.
func (ui *webUI) adminSettings(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	st, err := ui.s.svc.Settings(r.Context())
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ui.adminSettingsPage(w, r, http.StatusOK, ui.newPage(r, translate(langOf(r), "nav.settings")), st)
}

// parseDates reads one date (YYYY-MM-DD) per line or separated by commas.
func parseDates(s string) ([]string, string) {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == '，' || r == ' ' }) {
		d, err := time.Parse("2006-01-02", f)
		if err != nil {
			return nil, fmt.Sprintf("日期“%s”格式不正确，应为 2026-10-01 这样的格式", f)
		}
		k := d.Format("2006-01-02")
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, ""
}

func (ui *webUI) adminSettingsSave(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	ctx := r.Context()
	st, err := ui.s.svc.Settings(ctx)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	_ = r.ParseForm()
	p := ui.newPage(r, translate(langOf(r), "nav.settings"))
	next := *st
	var msg string
	if next.Holidays, msg = parseDates(r.PostFormValue("holidays")); msg != "" {
		p.Errors["holidays"] = msg
	}
	if next.Workdays, msg = parseDates(r.PostFormValue("workdays")); msg != "" {
		p.Errors["workdays"] = msg
	}
	next.AutoCloseUnrated = r.PostFormValue("auto_close") != ""
	next.AutoDispatch = r.PostFormValue("auto_dispatch") != ""
	if d, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("rating_window_days"))); err != nil {
		p.Errors["rating_window_days"] = fmt.Sprintf("评价期限应为 1 到 %d 天", minyi.MaxRatingWindow)
	} else {
		next.RatingWindowDays = d
	}
	// The limits are checked by SaveSettings (minyi.Settings.Validate), as
	// for the API; here the form is only read.
	next.SLARules = nil
	var ruleRows []int // form row of each rule
	types, cats := r.PostForm["rule_type"], r.PostForm["rule_category"]
	num := func(name string, i int) (int, bool) {
		v := r.PostForm[name]
		if i >= len(v) || strings.TrimSpace(v[i]) == "" {
			return 0, true
		}
		n, err := strconv.Atoi(strings.TrimSpace(v[i]))
		return n, err == nil
	}
	for i, t := range types {
		if t == "" {
			continue
		}
		rule := minyi.SLARule{Type: minyi.AppealType(t)}
		if i < len(cats) {
			rule.Category = cats[i]
		}
		var ok1, ok2, ok3, ok4 bool
		rule.SignHours, ok1 = num("rule_sign", i)
		rule.UrgentHours, ok2 = num("rule_urgent", i)
		rule.ContactHours, ok3 = num("rule_contact", i)
		rule.CompleteDays, ok4 = num("rule_complete", i)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			p.Errors["rules"] = fmt.Sprintf("第 %d 条时限规则的数字无效（应为整数，0 表示用默认值）", i+1)
		}
		next.SLARules = append(next.SLARules, rule)
		ruleRows = append(ruleRows, i)
	}
	if cfg, msg := kpiConfigForm(r, st.KPI); msg != "" {
		p.Errors["kpi"] = msg
	} else {
		next.KPI = cfg
	}
	if len(p.Errors) == 0 {
		err := ui.s.svc.SaveSettings(ctx, &next)
		if err == nil {
			http.Redirect(w, r, "/admin/settings?ok=settings_saved", http.StatusSeeOther)
			return
		}
		if !formError(err) {
			ui.errorPage(w, r, err)
			return
		}
		p.Error = errorText(p.Lang, err)
		for k, v := range minyi.ErrorFields(err) {
			var i int
			if _, serr := fmt.Sscanf(k, "sla_rules[%d]", &i); serr == nil && i >= 0 && i < len(ruleRows) {
				p.Errors["rules"] = fmt.Sprintf("第 %d 条时限规则：%s", ruleRows[i]+1, v)
				continue
			}
			p.Errors[k] = v
		}
	}
	if p.Error == "" {
		p.Error = "提交的内容有误，请检查标红的栏目"
	}
	p.Form = url.Values{"holidays": {r.PostFormValue("holidays")}, "workdays": {r.PostFormValue("workdays")}, "rating_window_days": {r.PostFormValue("rating_window_days")}}
	ui.adminSettingsPage(w, r, http.StatusBadRequest, p, &next)
}

// kpiConfigForm reads the assessment's weights and thresholds; the
// limits are checked by SaveSettings, as for the API. A form without
// them (an older page) keeps the current ones.
func kpiConfigForm(r *http.Request, current *minyi.KPIConfig) (*minyi.KPIConfig, string) {
	if _, ok := r.PostForm["kpi_sat_5"]; !ok {
		return current, ""
	}
	cfg := &minyi.KPIConfig{SatisfactionWeights: map[string]float64{}, ScoreWeights: map[string]float64{}}
	bad := ""
	num := func(name string) float64 {
		v := strings.TrimSpace(r.PostFormValue(name))
		if v == "" {
			return 0
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			bad = "考核权重和阈值应为数字（如 0.9）"
		}
		return f
	}
	for lvl := 1; lvl <= 5; lvl++ {
		k := strconv.Itoa(lvl)
		cfg.SatisfactionWeights[k] = num("kpi_sat_" + k)
	}
	for _, code := range minyi.KPIScoreIndicators {
		if w := num("kpi_w_" + code); w != 0 {
			cfg.ScoreWeights[code] = w
		}
	}
	cfg.Green, cfg.Yellow = num("kpi_green")/100, num("kpi_yellow")/100
	cfg.LowGreen, cfg.LowYellow = num("kpi_low_green")/100, num("kpi_low_yellow")/100
	return cfg, bad
}

type auditData struct {
	Entries []*minyi.AuditEntry
}

// adminAudit shows the latest audit entries.
func (ui *webUI) adminAudit(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		ui.errorPage(w, r, err)
		return
	}
	list, err := ui.s.svc.ListAudit(r.Context(), 200)
	if err != nil {
		ui.errorPage(w, r, err)
		return
	}
	p := ui.newPage(r, translate(langOf(r), "nav.audit"))
	p.Data = auditData{Entries: list}
	ui.adminPage(w, r, http.StatusOK, "admin_audit", "admin_audit", p)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
