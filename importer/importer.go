// Package importer loads appeals and the category taxonomy from CSV and
// XLSX files, by header names.
//
// Appeals use message-board columns (Teddy Cup style):
//
//	留言编号  → external ID (channel 网站); an ID already imported is rejected ("已导入")
//	留言用户  → contact name; no phone is known, so the appeal is anonymous
//	留言主题  → title (when empty: the first 30 characters of the detail)
//	留言时间  → received time: "2006-01-02 15:04:05", "2006/1/2 15:04:05",
//	            "2006/1/2 15:04", a date alone, or an Excel serial date
//	留言详情  → content (more than 4000 characters: rejected)
//	一级标签 or 一级分类 → first-level category, created when missing (optional;
//	            a name containing "/" rejects the row)
//	点赞数, 反对数 → supporters, opposers (optional)
//	答复意见, 答复时间 → reply; such appeals are closed, with the timeline
//	            受理 → 答复 → 办结; others are pending (待分拨)
//
// The type is 咨询 when the title or detail asks (请问, 咨询, 如何, 怎么办理),
// otherwise 投诉: a simple rule, to be corrected by dispatchers.
//
// Row numbers in reasons are spreadsheet rows: the header is row 1.
package importer

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"minyi"
	"minyi/store"
)

// Store is what the importer needs from the database.
type Store interface {
	ImportCategories(ctx context.Context, paths [][]string) (int, error)
	ListCategories(ctx context.Context) ([]*minyi.Category, error)
	// ExternalIDs returns the external IDs already stored for a channel.
	ExternalIDs(ctx context.Context, channel minyi.Channel) (map[string]bool, error)
	ImportAppeals(ctx context.Context, items []store.ImportItem) error
}

var _ Store = (*store.DB)(nil)

// Reason says why a row was rejected.
type Reason struct {
	Row        int    `json:"row"`
	ExternalID string `json:"external_id,omitempty"`
	Reason     string `json:"reason"`
}

// Summary reports an import.
type Summary struct {
	Read     int      `json:"read"`
	Imported int      `json:"imported"`
	Rejected int      `json:"rejected"`
	Reasons  []Reason `json:"reasons,omitempty"`
}

func (s *Summary) reject(row int, id, reason string) {
	s.Rejected++
	s.Reasons = append(s.Reasons, Reason{Row: row, ExternalID: id, Reason: reason})
}

// Options tune an import.
type Options struct {
	// BatchSize is the number of appeals per store call (1000 when 0).
	BatchSize int
	// Progress, if set, is called with the rows processed so far.
	Progress func(done, total int)
}

// Rejection reasons.
const (
	ReasonDuplicate   = "已导入"
	ReasonNoContent   = "留言详情为空"
	ReasonTooLong     = "留言详情超过 4000 字"
	ReasonBadTime     = "留言时间无法识别"
	ReasonBadReplyAt  = "答复时间无法识别"
	ReasonNoTitleText = "留言主题和留言详情都为空"
	ReasonBadCategory = "一级分类名称含有“/”"
)

// Column names.
var (
	colID       = []string{"留言编号"}
	colUser     = []string{"留言用户"}
	colTitle    = []string{"留言主题"}
	colTime     = []string{"留言时间"}
	colContent  = []string{"留言详情"}
	colCategory = []string{"一级标签", "一级分类"}
	colUp       = []string{"点赞数"}
	colDown     = []string{"反对数"}
	colReply    = []string{"答复意见"}
	colReplyAt  = []string{"答复时间"}
)

// AppealsFile imports appeals from a CSV or XLSX file.
func AppealsFile(ctx context.Context, db Store, path string, opts Options) (*Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Appeals(ctx, db, f, path, opts)
}

// Appeals imports appeals from r; name (a file name) selects XLSX by its
// extension, anything else is read as CSV. Rows are stored in batches; an
// error from the store stops the import and the summary so far is returned
// with it.
func Appeals(ctx context.Context, db Store, r io.Reader, name string, opts Options) (*Summary, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	t, err := readTable(r, name)
	if err != nil {
		return nil, err
	}
	for _, need := range [][]string{colContent, colTime} {
		if !t.has(need...) {
			return nil, errMissing(need[0])
		}
	}
	seen, err := db.ExternalIDs(ctx, minyi.ChannelWeb)
	if err != nil {
		return nil, err
	}
	if seen == nil {
		seen = map[string]bool{}
	}
	cats, err := categoryIDs(ctx, db, t)
	if err != nil {
		return nil, err
	}

	sum := &Summary{}
	total := len(t.rows)
	batch := newBatches(opts.BatchSize, total, func(items []store.ImportItem) error {
		if err := db.ImportAppeals(ctx, items); err != nil {
			return err
		}
		sum.Imported += len(items)
		return nil
	}, opts.Progress)
	for i, row := range t.rows {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum.Read++
		rowNo := i + 2
		it, id, reason := parseRow(t, row)
		switch {
		case reason != "":
			sum.reject(rowNo, id, reason)
		case id != "" && seen[id]:
			sum.reject(rowNo, id, ReasonDuplicate)
		default:
			if id != "" {
				seen[id] = true
			}
			if c := it.Appeal.Category; c != "" {
				it.Appeal.CategoryID = cats[c]
			}
			batch.add(it)
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

// categoryIDs creates the first-level categories named in the file that
// do not exist yet and returns the IDs of all of them by name.
func categoryIDs(ctx context.Context, db Store, t *table) (map[string]int64, error) {
	if !t.has(colCategory...) {
		return nil, nil
	}
	var paths [][]string
	seen := map[string]bool{}
	for _, row := range t.rows {
		// A name with "/" cannot be a category; parseRow rejects its row.
		if c := t.get(row, colCategory...); c != "" && !seen[c] && !strings.Contains(c, "/") {
			seen[c] = true
			paths = append(paths, []string{c})
		}
	}
	if len(paths) == 0 {
		return nil, nil
	}
	if _, err := db.ImportCategories(ctx, paths); err != nil {
		return nil, err
	}
	list, err := db.ListCategories(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[string]int64{}
	for _, c := range list {
		if c.Level == 1 && seen[c.Name] {
			ids[c.Name] = c.ID
		}
	}
	return ids, nil
}

// consultWords in a title mark a question rather than a complaint. Only
// the title counts, and not 请问: "请问何时解决" is a complaint.
var consultWords = []string{"咨询", "如何办理", "怎么办理", "怎样办理", "需要哪些材料"}

// importedTitle is the title an import stores: the sheet's, else the
// start of the text, cut to the longest title allowed.
func importedTitle(title, content string) string {
	if title == "" {
		title = truncate(oneLine(content), 30)
	}
	return truncate(title, minyi.MaxTitleLen)
}

// TypeOf is the type an imported row gets: 咨询 when its title asks a
// question, else 投诉. The hotspots command applies the same rule, so it
// and the server's analysis see the same problems.
func TypeOf(title string) minyi.AppealType {
	for _, w := range consultWords {
		if strings.Contains(title, w) {
			return minyi.TypeConsult
		}
	}
	return minyi.TypeComplaint
}

// parseRow turns one row into an appeal with its timeline, or returns why
// it cannot be imported. It never touches the database.
func parseRow(t *table, row []string) (it store.ImportItem, id, reason string) {
	id = t.get(row, colID...)
	content := strings.TrimSpace(t.get(row, colContent...))
	title := oneLine(t.get(row, colTitle...))
	switch {
	case content == "" && title == "":
		return it, id, ReasonNoTitleText
	case content == "":
		content = title
	case utf8.RuneCountInString(content) > minyi.MaxContentLen:
		return it, id, ReasonTooLong
	}
	category := t.get(row, colCategory...)
	if strings.Contains(category, "/") {
		return it, id, ReasonBadCategory
	}
	received, ok := ParseTime(t.get(row, colTime...))
	if !ok {
		return it, id, ReasonBadTime
	}
	title = importedTitle(title, content)
	typ := TypeOf(title)
	user := truncate(t.get(row, colUser...), 50)
	a := &minyi.Appeal{
		Type: typ, Channel: minyi.ChannelWeb, Title: title, Content: content,
		Category:    category,
		ContactName: user, Anonymous: true, ExternalID: id,
		Supporters: count(t.get(row, colUp...)), Opposers: count(t.get(row, colDown...)),
		Status: minyi.StatusPending, ReceivedAt: received, UpdatedAt: received,
	}
	actor := user
	if actor == "" {
		actor = "网民"
	}
	events := []*minyi.Event{{Action: minyi.ActCreate, ActorName: actor, ActorRole: minyi.RoleCitizen,
		ToStatus: minyi.StatusPending, Note: "网站留言（批量导入）", At: received}}

	if reply := strings.TrimSpace(t.get(row, colReply...)); reply != "" {
		repliedAt := received
		if s := t.get(row, colReplyAt...); s != "" {
			at, ok := ParseTime(s)
			if !ok {
				return it, id, ReasonBadReplyAt
			}
			if at.After(received) {
				repliedAt = at
			}
		}
		a.Reply, a.RepliedAt, a.ContactedAt = reply, &repliedAt, &repliedAt
		a.ClosedAt, a.UpdatedAt, a.Status = &repliedAt, repliedAt, minyi.StatusClosed
		events = append(events,
			&minyi.Event{Action: minyi.ActReply, ActorName: "承办单位", ActorRole: minyi.RoleHandler,
				FromStatus: minyi.StatusPending, ToStatus: minyi.StatusReplied, Note: reply, At: repliedAt},
			&minyi.Event{Action: minyi.ActClose, ActorName: "系统", ActorRole: minyi.RoleAdmin,
				FromStatus: minyi.StatusReplied, ToStatus: minyi.StatusClosed, Note: "历史留言已答复，导入时办结", At: repliedAt})
	}
	return store.ImportItem{Appeal: a, Events: events}, id, ""
}

// oneLine collapses runs of white space into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// count parses a non-negative count; Excel may write 12 as "12.0".
func count(s string) int {
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1e9 {
		return int(f)
	}
	return 0
}

// timeLayouts are the text layouts ParseTime accepts, in China time.
var timeLayouts = []string{
	"2006-01-02 15:04:05", "2006-1-2 15:04:05", "2006-01-02 15:04", "2006-1-2 15:04",
	"2006/1/2 15:04:05", "2006/1/2 15:04", "2006/01/02 15:04:05",
	"2006-01-02T15:04:05", "2006-01-02T15:04:05Z07:00",
	"2006年1月2日 15:04:05", "2006年1月2日 15:04", "2006年1月2日",
	"2006-01-02", "2006-1-2", "2006/1/2",
}

// excelEpoch is day 0 of Excel's 1900 date system (with its leap-year bug,
// serials from 61 on count from 1899-12-30).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, minyi.DefaultLocation)

// ParseTime reads a received or reply time: one of the text layouts (China
// time) or an Excel serial date (days since 1899-12-30, with the time as
// the fraction). Years outside 1990–2100 are refused.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, minyi.DefaultLocation); err == nil {
			return plausible(t)
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 61 && f < 2958466 {
		days := int(f)
		secs := int64((f-float64(days))*86400 + 0.5)
		return plausible(excelEpoch.AddDate(0, 0, days).Add(time.Duration(secs) * time.Second))
	}
	return time.Time{}, false
}

func plausible(t time.Time) (time.Time, bool) {
	if t.Year() < 1990 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t, true
}

func errMissing(col string) error {
	return minyi.Errorf(minyi.EINVALID, "缺少“%s”列", "column %s is missing", col)
}
