package importer

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"minyi"
)

// Record is one row of a Teddy-style appeal sheet as it was read, without
// the checks and conversions an import applies.
type Record struct {
	Row     int    // spreadsheet row number (the header is row 1)
	ID      string // 留言编号
	Title   string // 留言主题, on one line
	Content string // 留言详情, trimmed
	// Category is 一级标签 (or 一级分类) when the sheet has it.
	Category string
	User     string    // 留言用户
	Time     time.Time // 留言时间 (ParseTime); zero when absent or unreadable
	Support  int       // 点赞数
	Oppose   int       // 反对数
	// Type is what an import would make of the row (TypeOf its title).
	Type  minyi.AppealType
	Reply string // 答复意见, trimmed
	// ReplyTime is 答复时间 (ParseTime); zero when absent or unreadable.
	ReplyTime time.Time
}

// Records reads the rows of a CSV (UTF-8 or GB18030) or XLSX sheet with
// the columns 留言编号, 留言主题 and 留言详情. 留言详情 or 留言主题 must be
// present; rows with neither a title nor a text are left out. name is used
// to recognise XLSX.
func Records(r io.Reader, name string) ([]Record, error) {
	t, err := readTable(r, name)
	if err != nil {
		return nil, err
	}
	if !t.has(colContent...) && !t.has(colTitle...) {
		return nil, errMissing(colContent[0])
	}
	out := make([]Record, 0, len(t.rows))
	for i, row := range t.rows {
		rec := Record{
			Row:      i + 2,
			ID:       t.get(row, colID...),
			Title:    oneLine(t.get(row, colTitle...)),
			Content:  strings.TrimSpace(t.get(row, colContent...)),
			Category: strings.TrimSpace(t.get(row, colCategory...)),
			User:     strings.TrimSpace(t.get(row, colUser...)),
			Support:  count(t.get(row, colUp...)),
			Oppose:   count(t.get(row, colDown...)),
			Reply:    strings.TrimSpace(t.get(row, colReply...)),
		}
		rec.Time, _ = ParseTime(t.get(row, colTime...))
		rec.Type = TypeOf(importedTitle(rec.Title, rec.Content))
		rec.ReplyTime, _ = ParseTime(t.get(row, colReplyAt...))
		if rec.Title == "" && rec.Content == "" {
			continue
		}
		out = append(out, rec)
	}
	return out, nil
}

// RecordsFile is Records on a file.
func RecordsFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Records(f, filepath.Base(path))
}
