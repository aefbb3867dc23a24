package http

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"minyi"
)

// maxExportRows caps one export: a spreadsheet of more is not read, and a
// bigger extract is a job for the database, not the web server.
const maxExportRows = 50000

// exportBatch is how many appeals are read per query while streaming: the
// store's largest page.
const exportBatch = 500

// exportColumns are the CSV columns: {中文, English} headers.
var exportColumns = [][2]string{
	{"诉求编号", "Tracking no"}, {"类型", "Type"}, {"渠道", "Channel"}, {"状态", "Status"},
	{"标题", "Title"}, {"诉求内容", "Content"}, {"诉求分类", "Category"}, {"紧急", "Urgent"}, {"督办", "Supervised"},
	{"所在区", "District"}, {"街道", "Street"}, {"详细地址", "Address"}, {"承办单位", "Unit"},
	{"联系人", "Contact name"}, {"联系电话", "Contact phone"}, {"附议人数", "Supporters"}, {"重办次数", "Reopens"},
	{"受理时间", "Received"}, {"派单时间", "Dispatched"}, {"当前时限", "Deadline"}, {"时限状态", "Deadline state"},
	{"答复时间", "Replied"}, {"办结时间", "Closed"}, {"答复内容", "Reply"}, {"评价", "Rating"}, {"是否解决", "Solved"},
}

// apiExportAppeals handles GET /api/v1/appeals/export.csv for staff: the
// appeals GET /api/v1/appeals would list with the same query, all pages of
// them up to maxExportRows (or limit=, when smaller), as CSV in UTF-8 with a
// byte-order mark so that Excel reads the Chinese. Contact details are
// always masked; for roles that may not see them (minyi.CanSeeContact:
// supervisors, evaluators) the free text is de-identified too. Each export
// is audited with its query and row count before any row is sent.
func (s *Server) apiExportAppeals(w http.ResponseWriter, r *http.Request) {
	u, err := requireStaff(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	q := r.URL.Query()
	// limit here is the number of rows wanted, not a page size.
	want, err := queryValueInt(q, "limit")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if want == 0 || want > maxExportRows {
		want = maxExportRows
	}
	q.Del("limit")
	f, err := s.appealFilterFrom(q, u)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ctx := r.Context()
	total, err := s.svc.CountAppeals(ctx, f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rows := min(total, int(want))
	filter := r.URL.RawQuery
	if filter == "" {
		filter = "（全部）"
	}
	entry := &minyi.AuditEntry{UserID: u.ID, Username: u.Username, Action: "export_appeals", Target: "appeals",
		Detail: fmt.Sprintf("导出诉求 %d 行（共 %d 行）；筛选：%s", rows, total, filter), At: s.now()}
	if err := s.svc.Audit(ctx, entry); err != nil {
		s.apiError(w, r, err)
		return
	}

	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="appeals-`+s.now().In(minyi.DefaultLocation).Format("20060102-1504")+`.csv"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Total-Count", strconv.Itoa(total))
	if total > rows {
		h.Set("X-Export-Truncated", "true")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	en := langOf(r) == "en"
	header := make([]string, len(exportColumns))
	for i, c := range exportColumns {
		header[i] = c[0]
		if en {
			header[i] = c[1]
		}
	}
	_ = cw.Write(header)

	deid := !minyi.CanSeeContact(u)
	now := s.now()
	written := 0
	f.Limit = exportBatch
	for written < rows {
		list, err := s.svc.ListAppeals(ctx, f)
		if err != nil {
			// The status is sent: say so in the file rather than end it
			// silently short.
			s.log.Error("export", "user", u.Username, "err", err)
			_ = cw.Write([]string{"（导出出错，以上数据不完整 / export failed, the rows above are incomplete）"})
			break
		}
		for _, a := range list {
			if written == rows {
				break
			}
			_ = cw.Write(exportRow(a, deid, now))
			written++
		}
		cw.Flush()
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		if len(list) < exportBatch {
			break
		}
		f.BeforeID = list[len(list)-1].ID
	}
	if total > written {
		_ = cw.Write([]string{fmt.Sprintf("（已达导出上限：导出 %d 行，共 %d 行，请缩小筛选范围后分批导出 / export capped at %d of %d rows; narrow the filter）", written, total, written, total)})
	}
	cw.Flush()
}

// exportRow is one appeal as a CSV record. Contact details are always
// masked; with deid the free text is de-identified as on public pages.
func exportRow(a *minyi.Appeal, deid bool, now time.Time) []string {
	c := a.Masked()
	if deid {
		c = deidentify(a)
	}
	due, level, _ := c.CurrentDeadline(now)
	yes := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	solved := ""
	if c.Solved != nil {
		solved = yes(*c.Solved)
	}
	rating := ""
	if c.Rating != 0 {
		rating = minyi.RatingLabels[c.Rating]
	}
	rec := []string{
		c.TrackingNo, c.TypeLabel(), c.ChannelLabel(), c.StatusLabel(),
		c.Title, c.Content, c.Category, yes(c.Urgent), yes(c.Supervised),
		c.District, c.Street, c.Address, c.UnitName,
		c.ContactName, c.ContactPhone, strconv.Itoa(c.Supporters), strconv.Itoa(c.Reopens),
		fmtTime(c.ReceivedAt), fmtTime(c.DispatchedAt), fmtTime(due), minyi.LevelLabels[level],
		fmtTime(c.RepliedAt), fmtTime(c.ClosedAt), c.Reply, rating, solved,
	}
	for i, v := range rec {
		rec[i] = cellSafe(v)
	}
	return rec
}

// cellSafe keeps a cell from being read as a formula by a spreadsheet: the
// text comes from citizens, and "=HYPERLINK(…)" in a title must stay text.
func cellSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
