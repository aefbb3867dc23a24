package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"minyi/kpi"
)

const kpiUsage = `用法 Usage: minyi kpi recompute [--period 2026 | 2026-Q4 | 2026-10 | all] [--data DIR | --db URL]

按诉求重新计算考核指标（监督评估）：逐件诉求重算其计入的分子、分母，重建该周期每个
单位每月的计数。服务运行时这些数据随每次办理操作同步更新，平时无需运行；用于数据库被
手工修改之后的核对修复，以及测量全量重算的耗时。
Recomputes the assessment's facts and counters of the appeals received in a
period from the appeals themselves. The server keeps them up to date with
every change; run this after the database was changed by hand, or to time
a full recomputation.

参数 Flags:
`

func init() { usages["kpi"] = kpiUsage }

// kpiFlags are the options of "minyi kpi recompute".
type kpiFlags struct {
	first, last int // YYYYMM
	label       string
}

func (m *Main) parseKPI(args []string) error {
	fs := flag.NewFlagSet("minyi kpi", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprint(m.Stderr, kpiUsage); fs.PrintDefaults() }
	var period string
	fs.StringVar(&period, "period", "all", "周期：年、季度、月或 all（全部）period: a year, quarter, month or all")
	m.storageFlags(fs, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "recompute" {
		fs.Usage()
		return errors.New("用法：minyi kpi recompute (usage)")
	}
	k := &kpiFlags{first: 0, last: 999912, label: "全部 all"}
	if period != "all" {
		p, err := kpi.ParsePeriod(period)
		if err != nil {
			return fmt.Errorf("--period：%v", err)
		}
		ms := p.Months()
		k.first, k.last, k.label = ms[0], ms[len(ms)-1], p.Label()
	}
	if m.DSN == "" && m.DataDir != "" {
		m.DSN = filepath.Join(m.DataDir, "minyi.db")
	}
	m.kpi = k
	return nil
}

func (m *Main) runKPI(ctx context.Context) error {
	if !strings.Contains(m.DSN, "://") {
		if _, err := os.Stat(m.DSN); err != nil {
			return fmt.Errorf("数据库 %s 不存在，请用 --data 或 --db 指定 (database not found)", m.DSN)
		}
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	start := time.Now()
	n, err := m.DB.RecomputeKPI(ctx, m.kpi.first, m.kpi.last)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已重算 %s 的 %d 件诉求，用时 %s (recomputed %d appeals in %s)\n", m.kpi.label, n,
		time.Since(start).Round(time.Millisecond), n, time.Since(start).Round(time.Millisecond))
	return nil
}
