package http

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"minyi"
)

// trendTable lays a trend out as rows for a spreadsheet: a header (the key
// column, one column per period, total, previous, change), the overall
// row, then one row per series.
func trendTable(t *minyi.Trends, en bool) [][]string {
	pick := func(zh, eng string) string {
		if en {
			return eng
		}
		return zh
	}
	header := []string{pick("分组", "Key")}
	header = append(header, t.Periods...)
	header = append(header, pick("合计", "Total"), pick("上一周期", "Previous"), pick("变化", "Change"))
	rows := [][]string{header}
	row := func(s minyi.TrendSeries) []string {
		out := []string{cellSafe(s.Label)}
		for _, p := range s.Points {
			out = append(out, strconv.FormatInt(p.Count, 10))
		}
		change := ""
		if s.Change != nil {
			change = strconv.FormatFloat(*s.Change*100, 'f', 1, 64) + "%"
		}
		return append(out, strconv.FormatInt(s.Total, 10), strconv.FormatInt(s.Previous, 10), change)
	}
	rows = append(rows, row(t.Overall))
	for _, s := range t.Series {
		rows = append(rows, row(s))
	}
	return rows
}

// apiTrendsExport handles GET /api/v1/trends.csv and /api/v1/trends.xlsx:
// the answer of GET /api/v1/trends as a spreadsheet.
func (s *Server) apiTrendsExport(w http.ResponseWriter, r *http.Request) {
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
	s.sendTable(w, r, "trends-"+string(t.By)+"-"+t.Since+"-"+t.Until, trendTable(t, langOf(r) == "en"))
}

// sendTable writes rows as an Excel workbook when the path ends in .xlsx,
// else as CSV with a byte-order mark (so that Excel reads the Chinese).
// In the workbook, numbers below the header and right of the first column
// go in as numbers, so that the sheet can sum them.
func (s *Server) sendTable(w http.ResponseWriter, r *http.Request, name string, rows [][]string) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		f := excelize.NewFile()
		defer f.Close()
		sheet := f.GetSheetName(0)
		for i, row := range rows {
			cells := make([]any, len(row))
			for j, v := range row {
				if n, err := strconv.ParseFloat(v, 64); err == nil && i > 0 && j > 0 {
					cells[j] = n
				} else {
					cells[j] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
				s.apiError(w, r, err)
				return
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			s.apiError(w, r, err)
			return
		}
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		_, _ = w.Write(buf.Bytes())
		return
	}
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	_, _ = w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	_ = cw.WriteAll(rows)
}
