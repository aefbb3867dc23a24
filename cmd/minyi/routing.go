package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/routing"
)

// kindLabels name the routing model kinds in tables.
var kindLabels = map[string]string{minyi.ModelCategory: "分类 category", minyi.ModelUnit: "承办单位 unit"}

// trainRouting is "minyi classify train" without --input: both routing
// models from the database's appeals, stored and made active.
func (m *Main) trainRouting(ctx context.Context) error {
	if err := m.openDB(ctx); err != nil {
		return err
	}
	fmt.Fprintln(m.Stderr, "正在从数据库训练智能分拨模型（首次加载分词词典约需数秒）… training the routing models from the database")
	tr := &routing.Trainer{Store: m.DB, Logger: m.Logger, Progress: func(kind, stage string) {
		fmt.Fprintf(m.Stderr, "  %s：%s\n", kindLabels[kind], stage)
	}}
	results, err := tr.Train(ctx)
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return fmt.Errorf("没有训练任何模型：已签收的诉求不足 %d 条 (nothing trained: too few signed-for appeals)", routing.MinExamples)
	}
	rows := [][]string{{"编号 id", "类型 kind", "样本 examples", "标签 labels", "macro-F1", "准确率 accuracy", "阈值 threshold", "覆盖率 coverage", "精确率 precision", "用时 took"}}
	for _, r := range results {
		i := r.Info
		rows = append(rows, []string{strconv.FormatInt(i.ID, 10), kindLabels[i.Kind], strconv.Itoa(i.Examples), strconv.Itoa(r.Labels),
			f3(i.MacroF1), f3(i.Accuracy), f3(i.Threshold), f3(i.Coverage), f3(i.Precision), r.Took.Round(time.Millisecond).String()})
	}
	printTable(m.Stdout, rows)
	fmt.Fprintln(m.Stdout, "以上指标在留出的 20% 诉求上测得；新模型已启用，运行中的服务一分钟内自动加载。")
	fmt.Fprintln(m.Stdout, "Figures on the 20 % held out; the new models are active, running servers load them within a minute.")
	return nil
}

func f3(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// listModels is "minyi classify models".
func (m *Main) listModels(ctx context.Context) error {
	if err := m.openDB(ctx); err != nil {
		return err
	}
	list, err := m.DB.ListModels(ctx)
	if err != nil {
		return err
	}
	if m.classify.json {
		if list == nil {
			list = []*minyi.ModelInfo{}
		}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "数据库中还没有智能分拨模型，可用 minyi classify train 训练。No routing models yet; train them with minyi classify train.")
		return nil
	}
	rows := [][]string{{"编号 id", "类型 kind", "状态 state", "样本 examples", "纠正 corrections", "macro-F1", "准确率 accuracy", "阈值 threshold", "覆盖率 coverage", "精确率 precision", "大小 size", "训练时间 trained", "版本 version"}}
	for _, i := range list {
		state := "仅存指标 figures only"
		switch {
		case i.Active:
			state = "使用中 active"
		case i.Restorable:
			state = "可回滚 restorable"
		}
		rows = append(rows, []string{strconv.FormatInt(i.ID, 10), kindLabels[i.Kind], state, strconv.Itoa(i.Examples), strconv.Itoa(i.Corrections),
			f3(i.MacroF1), f3(i.Accuracy), f3(i.Threshold), f3(i.Coverage), f3(i.Precision), fmt.Sprintf("%.1f MB", float64(i.Size)/(1<<20)),
			i.TrainedAt.Format("2006-01-02 15:04"), shortVersion(i.Version)})
	}
	printTable(m.Stdout, rows)
	return nil
}

// shortVersion keeps the digest of a classify version ("format+digest").
func shortVersion(v string) string {
	if _, d, ok := strings.Cut(v, "+"); ok {
		return d
	}
	return v
}

// activateModel is "minyi classify activate --id N": rollback.
func (m *Main) activateModel(ctx context.Context, id int64) error {
	if err := m.openDB(ctx); err != nil {
		return err
	}
	if err := m.DB.ActivateModel(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已启用模型 %d，运行中的服务一分钟内自动加载。Model %d is active; running servers load it within a minute.\n", id, id)
	return nil
}
