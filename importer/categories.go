package importer

import (
	"context"
	"io"
	"os"
	"strings"
)

// CategorySummary reports a taxonomy import.
type CategorySummary struct {
	Read     int      `json:"read"`    // data rows
	Paths    int      `json:"paths"`   // distinct paths found
	Created  int      `json:"created"` // categories that did not exist before
	Rejected int      `json:"rejected"`
	Reasons  []Reason `json:"reasons,omitempty"`
}

// CategoriesFile imports the taxonomy from a CSV or XLSX file.
func CategoriesFile(ctx context.Context, db Store, path string) (*CategorySummary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Categories(ctx, db, f, path)
}

// Categories imports a taxonomy with the header 一级分类,二级分类,三级分类;
// each row is one path (a row may stop after the first or second level).
// Existing categories are kept; only the missing ones are created.
func Categories(ctx context.Context, db Store, r io.Reader, name string) (*CategorySummary, error) {
	t, err := readTable(r, name)
	if err != nil {
		return nil, err
	}
	levels := []string{"一级分类", "二级分类", "三级分类"}
	if !t.has(levels[0]) {
		return nil, errMissing(levels[0])
	}
	sum := &CategorySummary{}
	var paths [][]string
	seen := map[string]bool{}
	for i, row := range t.rows {
		sum.Read++
		var p []string
		gap := false
		for _, l := range levels {
			v := oneLine(t.get(row, l))
			if v == "" {
				gap = true
				continue
			}
			if gap || strings.Contains(v, "/") {
				p = nil
				break
			}
			p = append(p, v)
		}
		if len(p) == 0 {
			sum.Rejected++
			sum.Reasons = append(sum.Reasons, Reason{Row: i + 2, Reason: "分类为空、层级不连续或名称含“/”"})
			continue
		}
		key := strings.Join(p, "/")
		if !seen[key] {
			seen[key] = true
			paths = append(paths, p)
		}
	}
	sum.Paths = len(paths)
	if len(paths) == 0 {
		return sum, nil
	}
	n, err := db.ImportCategories(ctx, paths)
	if err != nil {
		return sum, err
	}
	sum.Created = n
	return sum, nil
}
