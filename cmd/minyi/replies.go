package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"minyi/parallel"
	"minyi/replies"
)

const repliesUsage = `用法 Usage:
  minyi replies score    --input FILE [--json] [--reasons]
  minyi replies backfill [--data DIR | --db URL] [--days 90]

score：为留言表（CSV/XLSX，泰迪杯格式：留言编号、留言主题、留言时间、留言详情、
答复意见、答复时间）中每条答复评分：及时性、相关性、完整性、可解释性和综合分，
均在 0 到 1 之间；问候语、致谢和落款不计。--json 每行输出一个 JSON 对象。
Scores every reply of a Teddy-style sheet for timeliness, relevance,
completeness and explainability, and overall, each in [0, 1]; greetings,
thanks and sign-offs are ignored. --json prints one JSON object a line.

backfill：为数据库中最近 --days 天内已答复但尚未评分（或答复已更改）的诉求评分并保存。
Scores and stores the replies of the last --days days that have no score yet.

` + replies.Formula + `
参数 Flags:
`

// repliesFlags are the options of "minyi replies".
type repliesFlags struct {
	sub     string // score or backfill
	input   string
	json    bool
	reasons bool
	days    int
}

// repliesLine is one reply as "minyi replies score --json" prints it: the
// Score, its reasons only with --reasons (the outer field hides the
// embedded one).
type repliesLine struct {
	replies.Score
	Reasons *replies.Reasons `json:"reasons,omitempty"`
}

func (m *Main) parseReplies(args []string) error {
	fs := flag.NewFlagSet("minyi replies", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprint(m.Stderr, repliesUsage); fs.PrintDefaults() }
	f := &repliesFlags{}
	fs.StringVar(&f.input, "input", "", "score：留言文件 CSV or XLSX file")
	fs.BoolVar(&f.json, "json", false, "score：每行输出一个 JSON 对象 print one JSON object a line")
	fs.BoolVar(&f.reasons, "reasons", false, "score：JSON 中包含评分依据 include the reasons in the JSON")
	fs.IntVar(&f.days, "days", 90, "backfill：最近多少天的答复 replies of the last N days")
	m.storageFlags(fs, "backfill：")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "score" && pos[0] != "backfill") {
		fs.Usage()
		return errors.New("用法：minyi replies score|backfill (usage)")
	}
	f.sub = pos[0]
	switch f.sub {
	case "score":
		if f.input == "" {
			fs.Usage()
			return errors.New("请用 --input 指定文件 (--input is required)")
		}
	case "backfill":
		if f.days <= 0 {
			return fmt.Errorf("--days 应为正数 (must be positive): %d", f.days)
		}
		if m.DSN == "" && m.DataDir != "" {
			m.DSN = filepath.Join(m.DataDir, "minyi.db")
		}
	}
	m.replies = f
	return nil
}

func (m *Main) runReplies(ctx context.Context) error {
	if m.replies.sub == "backfill" {
		return m.backfillReplies(ctx)
	}
	f := m.replies
	start := time.Now()
	recs, err := m.readSheet(ctx, f.input, "正在评分… scoring")
	if err != nil {
		return err
	}
	sc, err := replies.NewScorer(nil)
	if err != nil {
		return err
	}
	in := make([]replies.Input, 0, len(recs))
	for _, r := range recs {
		if strings.TrimSpace(r.Reply) == "" {
			continue
		}
		in = append(in, replies.Input{ID: rowID(r), Title: r.Title, Content: r.Content, Received: r.Time, Reply: r.Reply, Replied: r.ReplyTime})
	}
	if len(in) == 0 {
		return errors.New("文件中没有答复（答复意见列为空或缺失） (no replies in the file: 答复意见 is empty or missing)")
	}
	docs := make([][]string, len(in))
	parallel.For(len(in), 0, func(i int) { docs[i] = sc.Terms(in[i].Title + "。" + in[i].Content) })
	sc.IDF = replies.NewIDF(docs)
	scores := make([]replies.Score, len(in))
	parallel.For(len(in), 0, func(i int) {
		if ctx.Err() == nil {
			scores[i] = sc.Score(in[i])
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "已评分 %d 条答复，用时 %s  scored %d replies\n", len(scores), time.Since(start).Round(time.Millisecond), len(scores))
	if f.json {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		for _, s := range scores {
			line := repliesLine{Score: s}
			if f.reasons {
				line.Reasons = &s.Reasons
			}
			if err := enc.Encode(line); err != nil {
				return err
			}
		}
		return nil
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "留言编号\t及时性\t相关性\t完整性\t可解释性\t综合\t未答问题")
	for _, s := range scores {
		fmt.Fprintf(w, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\n", s.ID, s.Timeliness, s.Relevance, s.Completeness,
			s.Explainability, s.Overall, len(s.Reasons.Unanswered()))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	printDistributions(m, scores)
	return nil
}

// printDistributions writes the mean and quartiles of every measure.
func printDistributions(m *Main, scores []replies.Score) {
	fmt.Fprintln(m.Stdout)
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "分布 distribution\t平均 mean\t最小 min\tp25\t中位数 median\tp75\t最大 max")
	for _, ms := range replies.Measures {
		xs := make([]float64, len(scores))
		for i, s := range scores {
			xs[i] = ms.Of(s)
		}
		d := replies.Describe(xs)
		fmt.Fprintf(w, "%s %s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\n", ms.Label, ms.Key, d.Mean, d.Min, d.P25, d.Median, d.P75, d.Max)
	}
	_ = w.Flush()
}

// backfillReplies scores the replies in the database that have no score
// of their current reply.
func (m *Main) backfillReplies(ctx context.Context) error {
	// Backfilling reads an existing database; opening a missing SQLite
	// file would make an empty one.
	if !strings.Contains(m.DSN, "://") {
		if _, err := os.Stat(m.DSN); err != nil {
			return fmt.Errorf("数据库 %s 不存在，请用 --data 或 --db 指定 (database not found)", m.DSN)
		}
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	start := time.Now()
	since := start.AddDate(0, 0, -m.replies.days)
	total := 0
	for {
		n, err := replies.Backfill(ctx, m.DB, since, 1000)
		total += n
		if err != nil {
			return err
		}
		if n < 1000 {
			break
		}
	}
	d := time.Since(start)
	fmt.Fprintf(m.Stdout, "已为 %d 条答复评分，用时 %s (scored %d replies)\n", total, d.Round(time.Millisecond), total)
	return nil
}

// Replies serve scores when it starts: those of the last startScoreDays
// without a score, at most startScoreMax, so that /work/replies lists
// recent replies given before an upgrade or imported. Older ones are
// scored when looked at, or by "minyi replies backfill".
const (
	startScoreDays = 30
	startScoreMax  = 5000
)

func (m *Main) scoreRecentReplies(ctx context.Context) {
	start := time.Now()
	n, err := replies.Backfill(ctx, m.DB, start.AddDate(0, 0, -startScoreDays), startScoreMax)
	if err != nil {
		if ctx.Err() == nil {
			m.Logger.Warn("reply quality: scoring recent replies", "scored", n, "err", err)
		}
		return
	}
	if n > 0 {
		m.Logger.Info("reply quality: scored recent replies", "replies", n, "took", time.Since(start).Round(time.Millisecond))
	}
}
