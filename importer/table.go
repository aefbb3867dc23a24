package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"minyi"
)

// MaxFileSize bounds what is read into memory (CSV and XLSX alike).
const MaxFileSize = 512 << 20

// table is a sheet read by header names.
type table struct {
	header []string
	col    map[string]int // header name → column
	rows   [][]string     // data rows; rows[i] is spreadsheet row i+2
}

// readTable reads a CSV (UTF-8 with or without BOM, or GB18030) or, when
// name ends in .xlsx, the first sheet of a workbook. The first row is the
// header.
func readTable(r io.Reader, name string) (*table, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, minyi.Errorf(minyi.EINVALID, "文件超过 %d MB", "file larger than %d MB", MaxFileSize>>20)
	}
	var rows [][]string
	if strings.EqualFold(filepath.Ext(name), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		rows, err = readXLSX(data)
	} else {
		rows, err = readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, minyi.Errorf(minyi.EINVALID, "文件为空，没有表头", "the file is empty")
	}
	t := &table{col: map[string]int{}}
	for i, h := range rows[0] {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		t.header = append(t.header, h)
		if _, dup := t.col[h]; !dup && h != "" {
			t.col[h] = i
		}
	}
	for _, row := range rows[1:] {
		if blank(row) {
			continue
		}
		t.rows = append(t.rows, row)
	}
	return t, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readCSV decodes UTF-8 (a BOM is dropped) or, when the bytes are not
// valid UTF-8, GB18030, as Excel in China saves CSV.
func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, minyi.Errorf(minyi.EINVALID, "文件编码无法识别（支持 UTF-8 和 GB18030）", "unknown encoding (UTF-8 or GB18030 expected)")
		}
		data = dec
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, minyi.Errorf(minyi.EINVALID, "CSV 格式错误：%v", "malformed CSV: %v", err)
	}
	return rows, nil
}

// readXLSX reads the first sheet with raw cell values, so dates arrive as
// Excel serial numbers whatever their display format.
func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, minyi.Errorf(minyi.EINVALID, "无法读取 Excel 文件：%v", "cannot read the workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, minyi.Errorf(minyi.EINVALID, "Excel 文件没有工作表", "the workbook has no sheet")
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("read sheet %s: %w", sheets[0], err)
	}
	return rows, nil
}

// get returns the trimmed cell of a row under the first header present.
func (t *table) get(row []string, names ...string) string {
	for _, n := range names {
		if i, ok := t.col[n]; ok {
			if i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
	}
	return ""
}

func (t *table) has(names ...string) bool {
	for _, n := range names {
		if _, ok := t.col[n]; ok {
			return true
		}
	}
	return false
}
