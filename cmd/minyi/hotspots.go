package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"minyi/analytics"
	"minyi/hotspots"
)

const hotspotsUsage = `用法 Usage: minyi hotspots --input FILE [--top 10] [--json]

发现留言表（CSV/XLSX，泰迪杯格式：留言编号、留言用户、留言主题、留言时间、留言详情、
反对数、点赞数）中的热点问题：同一地点、同一问题、一段时间内多人反映的留言，按热度排序。
Finds hot issues in a Teddy-style sheet: appeals about the same problem at
the same place over a period, ordered by heat.

` + hotspots.HeatFormula + `

参数 Flags:
`

// hotspotsFlags are the options of "minyi hotspots".
type hotspotsFlags struct {
	input string
	top   int
	json  bool
}

// hotspotsIssue is one issue as "minyi hotspots --json" prints it.
type hotspotsIssue struct {
	Rank         int      `json:"rank"`
	Label        string   `json:"label"`
	Place        string   `json:"place"`
	Start        string   `json:"start"`
	End          string   `json:"end"`
	Count        int      `json:"count"`
	People       int      `json:"people"`
	Support      int      `json:"support"`
	Oppose       int      `json:"oppose"`
	Heat         float64  `json:"heat"`
	IDs          []string `json:"ids"`
	SampleTitles []string `json:"sample_titles"`
}

func (m *Main) parseHotspots(args []string) error {
	fs := flag.NewFlagSet("minyi hotspots", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprint(m.Stderr, hotspotsUsage); fs.PrintDefaults() }
	h := &hotspotsFlags{}
	fs.StringVar(&h.input, "input", "", "留言文件 CSV or XLSX file")
	fs.IntVar(&h.top, "top", 10, "输出前 N 个热点 how many issues (0: all)")
	fs.BoolVar(&h.json, "json", false, "输出 JSON print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("多余的参数 unexpected arguments: %s", strings.Join(pos, " "))
	}
	if h.input == "" {
		fs.Usage()
		return errors.New("请用 --input 指定文件 (--input is required)")
	}
	if h.top < 0 {
		return fmt.Errorf("--top 不能为负数 (must not be negative): %d", h.top)
	}
	m.hotspots = h
	return nil
}

func (m *Main) runHotspots(ctx context.Context) error {
	h := m.hotspots
	start := time.Now()
	recs, err := m.readSheet(ctx, h.input, "正在分析热点… analysing")
	if err != nil {
		return err
	}
	// Questions are left out as the server's analysis leaves them out
	// (analytics.IsProblem): a hot issue is a problem at a place.
	docs := make([]hotspots.Doc, 0, len(recs))
	for _, r := range recs {
		if analytics.IsProblem(r.Type) {
			docs = append(docs, hotspots.Doc{ID: rowID(r), User: r.User, Title: r.Title, Content: r.Content,
				Time: r.Time, Support: r.Support, Oppose: r.Oppose})
		}
	}
	issues := hotspots.Analyze(docs, hotspots.Options{Top: h.top})
	fmt.Fprintf(m.Stderr, "%d 个热点（%d 条咨询未计入），用时 %s  %d issues (%d questions left out)\n",
		len(issues), len(recs)-len(docs), time.Since(start).Round(time.Millisecond), len(issues), len(recs)-len(docs))

	out := make([]hotspotsIssue, len(issues))
	for i, is := range issues {
		out[i] = hotspotsIssue{Rank: i + 1, Label: is.Label, Place: is.Place,
			Start: is.Start.Format(time.DateOnly), End: is.End.Format(time.DateOnly),
			Count: is.Count, People: is.People, Support: is.Support, Oppose: is.Oppose,
			Heat: is.Heat, IDs: is.IDs, SampleTitles: is.SampleTitles}
	}
	if h.json {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "排名\t热度\t热点问题\t地点\t时间范围\t留言数\t人数\t点赞")
	for k, is := range out {
		span := is.Start + " 至 " + is.End
		if n := issues[k].Episodes; n > 1 {
			span += fmt.Sprintf("（%d 段 episodes）", n)
		}
		fmt.Fprintf(w, "%d\t%.2f\t%s\t%s\t%s\t%d\t%d\t%d\n",
			is.Rank, is.Heat, is.Label, is.Place, span, is.Count, is.People, is.Support)
	}
	return w.Flush()
}
