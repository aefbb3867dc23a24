package http

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"minyi"
)

// apiListCategories handles GET /api/v1/categories (all staff).
func (s *Server) apiListCategories(w http.ResponseWriter, r *http.Request) {
	if _, err := requireStaff(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	cats, err := s.svc.ListCategories(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"categories": nonNil(cats)})
}

// apiImportCategories handles POST /api/v1/categories/import (admin): a
// CSV body with the header 一级分类,二级分类,三级分类. Every row is checked
// first; if any is bad nothing is imported and the errors name the lines.
func (s *Server) apiImportCategories(w http.ResponseWriter, r *http.Request) {
	if _, err := requireRole(r, minyi.RoleAdmin); err != nil {
		s.apiError(w, r, err)
		return
	}
	body, err := readBody(w, r, maxBodySize)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	paths, err := readCategoryCSV(body)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	n, err := s.svc.ImportCategories(r.Context(), paths)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"rows": len(paths), "created": n})
}

// categoryCSVHeader is the required first line of a category CSV.
var categoryCSVHeader = []string{"一级分类", "二级分类", "三级分类"}

// maxCategoryNameLen caps one level's name.
const maxCategoryNameLen = 50

// readCategoryCSV reads category paths (1–3 names each). Problems are
// returned together, keyed "line N" in the error's fields.
func readCategoryCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // BOM written by spreadsheet programs
	if !utf8.Valid(data) {
		return nil, minyi.Errorf(minyi.EINVALID, "CSV 文件应为 UTF-8 编码", "the CSV must be UTF-8 encoded")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, minyi.Errorf(minyi.EINVALID, "CSV 文件为空", "the CSV is empty")
	}
	if err != nil || len(header) < 3 || trimAll(header[:3]) != strings.Join(categoryCSVHeader, ",") {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: "第 1 行应为表头：一级分类,二级分类,三级分类", MessageEN: "line 1 must be the header 一级分类,二级分类,三级分类",
			Fields: map[string]string{"line 1": "表头应为：一级分类,二级分类,三级分类"}}
	}
	fields := map[string]string{}
	var paths [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fields[lineKey(line)] = "CSV 格式错误（引号不匹配）"
			break // the reader cannot resume after a quoting error
		}
		line, _ := cr.FieldPos(0)
		path, msg := categoryRow(rec)
		if msg != "" {
			fields[lineKey(line)] = msg
			continue
		}
		if path != nil {
			paths = append(paths, path)
		}
	}
	if len(fields) > 0 {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: "分类文件有误，未导入任何分类：" + describeLines(fields),
			MessageEN: fmt.Sprintf("%d bad rows; nothing was imported", len(fields)), Fields: fields}
	}
	if len(paths) == 0 {
		return nil, minyi.Errorf(minyi.EINVALID, "CSV 文件中没有分类数据", "the CSV holds no categories")
	}
	return paths, nil
}

// categoryRow checks one row; a blank row gives no path and no error.
func categoryRow(rec []string) ([]string, string) {
	names := make([]string, 0, len(rec))
	last := -1
	for i, name := range rec {
		name = strings.TrimSpace(name)
		names = append(names, name)
		if name != "" {
			last = i
		}
	}
	if last < 0 {
		return nil, ""
	}
	if last > 2 {
		return nil, "列数过多，最多三级分类"
	}
	for i, name := range names[:last+1] {
		switch {
		case name == "":
			return nil, fmt.Sprintf("第 %d 级分类为空，不能只填写下级分类", i+1)
		case strings.Contains(name, "/"):
			return nil, "分类名称不能包含“/”"
		case utf8.RuneCountInString(name) > maxCategoryNameLen:
			return nil, "分类名称不能超过 50 个字"
		}
	}
	return names[:last+1], ""
}

func trimAll(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return strings.Join(out, ",")
}

func lineKey(n int) string { return "line " + strconv.Itoa(n) }

// describeLines lists "第 N 行：…" in line order.
func describeLines(fields map[string]string) string {
	type item struct {
		n   int
		msg string
	}
	var items []item
	for k, v := range fields {
		n, _ := strconv.Atoi(strings.TrimPrefix(k, "line "))
		items = append(items, item{n, v})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].n < items[j].n })
	var parts []string
	for _, it := range items {
		parts = append(parts, fmt.Sprintf("第 %d 行：%s", it.n, it.msg))
	}
	return strings.Join(parts, "；")
}
