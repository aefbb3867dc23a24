package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"minyi/dedup"
	"minyi/importer"
)

const dedupUsage = `用法 Usage: minyi dedup --input FILE [--threshold 0.6] [--json]

找出留言表（CSV/XLSX，列：留言编号、留言主题、留言详情）中内容近似重复的留言
（重复提交、少量改动后再次提交等），按组输出，只列出 2 条及以上的组，大组在前。
相似度为标题加详情去掉标点后字符 3-gram 集合的 Jaccard 相似度（MinHash 估计）。
Finds near-duplicate appeals in a Teddy-style sheet (CSV or XLSX with the
columns 留言编号, 留言主题, 留言详情) and prints the groups of two or more,
the largest first. Similarity is the Jaccard similarity of the character
3-gram sets of title and text without punctuation, estimated by MinHash.

参数 Flags:
`

// dedupFlags are the options of "minyi dedup".
type dedupFlags struct {
	input     string
	threshold float64
	json      bool
}

// dedupGroup is one group as "minyi dedup --json" prints it.
type dedupGroup struct {
	IDs            []string `json:"ids"`
	Representative string   `json:"representative"`
	Size           int      `json:"size"`
}

func (m *Main) parseDedup(args []string) error {
	fs := flag.NewFlagSet("minyi dedup", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprint(m.Stderr, dedupUsage); fs.PrintDefaults() }
	d := &dedupFlags{}
	fs.StringVar(&d.input, "input", "", "留言文件 CSV or XLSX file")
	fs.Float64Var(&d.threshold, "threshold", dedup.DefaultThreshold, "相似度阈值 least similarity (0–1]")
	fs.BoolVar(&d.json, "json", false, "输出 JSON print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("多余的参数 unexpected arguments: %s", strings.Join(pos, " "))
	}
	if d.input == "" {
		fs.Usage()
		return errors.New("请用 --input 指定文件 (--input is required)")
	}
	if d.threshold <= 0 || d.threshold > 1 {
		return fmt.Errorf("--threshold 应在 0 到 1 之间 (must be in (0, 1]): %g", d.threshold)
	}
	m.dedup = d
	return nil
}

func (m *Main) runDedup(ctx context.Context) error {
	d := m.dedup
	start := time.Now()
	recs, err := m.readSheet(ctx, d.input, "正在查找近似重复… grouping")
	if err != nil {
		return err
	}
	docs := make([]dedup.Doc, len(recs))
	for i, r := range recs {
		docs[i] = dedup.Doc{ID: rowID(r), Title: r.Title, Text: r.Content}
	}
	groups := dedup.Groups(docs, dedup.Options{Threshold: d.threshold})
	out := make([]dedupGroup, len(groups))
	grouped := 0
	for i, g := range groups {
		out[i] = dedupGroup{IDs: g.IDs, Representative: g.Representative, Size: len(g.IDs)}
		grouped += len(g.IDs)
	}
	fmt.Fprintf(m.Stderr, "%d 组近似重复，共 %d 条留言，用时 %s  %d groups, %d appeals\n",
		len(out), grouped, time.Since(start).Round(time.Millisecond), len(out), grouped)
	if d.json {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, g := range out {
		fmt.Fprintf(m.Stdout, "%d\t%s\t%s\n", g.Size, g.Representative, strings.Join(g.IDs, ","))
	}
	return nil
}

// readSheet reads a sheet of messages for an analysis command and says how
// many it read and what comes next.
func (m *Main) readSheet(ctx context.Context, path, next string) ([]importer.Record, error) {
	recs, err := importer.RecordsFile(path)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fmt.Fprintf(m.Stderr, "已读取 %d 条留言 read %d appeals; %s\n", len(recs), len(recs), next)
	return recs, nil
}

// rowID is a message's 留言编号, or its row in the sheet when it has none.
func rowID(r importer.Record) string {
	if r.ID != "" {
		return r.ID
	}
	return fmt.Sprintf("row%d", r.Row)
}
