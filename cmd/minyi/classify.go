package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"minyi/classify"
)

const classifyUsage = `用法 Usage:
  minyi classify eval    --train FILE --test FILE [--json]
  minyi classify train   --input FILE --out MODEL
  minyi classify train   [--data DIR | --db URL]
  minyi classify models  [--data DIR | --db URL] [--json]
  minyi classify activate --id N [--data DIR | --db URL]
  minyi classify predict --model MODEL [--top 3] < lines

诉求自动分类（一级分类）。训练和评测文件为 CSV（UTF-8 或 GB18030）或 XLSX，
列：留言主题（可为空）、留言详情、一级标签或一级分类。
eval：在 --train 上训练、在 --test 上评测，报告宏平均 F1、准确率、各类指标、
训练耗时、单条预测 p99 延迟，以及自动派单阈值（在训练数据中划出的验证集上选取，
使自动派单准确率不低于 95%）在测试集上的覆盖率和准确率。
train：训练并保存模型；不给 --input 时，从数据库中已签收的诉求训练分类和承办
单位两个智能分拨模型（留出 20% 评测），存入数据库并立即启用。models：列出数据库
中的模型。activate：重新启用以前的模型（回滚）。predict：从标准输入每行读一条
诉求（"标题<TAB>内容"或仅内容），每行输出一个 JSON 对象。
Classifies appeals into first-level categories. eval trains on --train and
reports macro-F1, accuracy, per-class metrics, training time, p99 predict
latency and the auto-dispatch threshold (chosen on a validation part of the
training data for 95 % precision) with its coverage and precision on --test.
train writes a model; without --input it trains the two routing models
(category, unit) from the database's signed-for appeals (20 % held out to
measure them), stores them and makes them active. models lists the stored
models; activate makes an earlier one active again (rollback). predict
reads one appeal per line ("title<TAB>content" or just the content) and
writes one JSON object per line.

参数 Flags:
`

// classifyFlags are the options of "minyi classify".
type classifyFlags struct {
	action      string
	train, test string
	input, out  string
	model       string
	top         int
	json        bool
	id          int64     // activate
	stdin       io.Reader // predict input; os.Stdin unless set
}

func (m *Main) parseClassify(args []string) error {
	fs := flag.NewFlagSet("minyi classify", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprint(m.Stderr, classifyUsage); fs.PrintDefaults() }
	c := &classifyFlags{stdin: os.Stdin}
	fs.StringVar(&c.train, "train", "", "eval：训练数据 training data")
	fs.StringVar(&c.test, "test", "", "eval：测试数据 test data")
	fs.StringVar(&c.input, "input", "", "train：训练数据 training data")
	fs.StringVar(&c.out, "out", "", "train：模型输出文件 model file to write")
	fs.StringVar(&c.model, "model", "", "predict：模型文件 model file")
	fs.IntVar(&c.top, "top", 3, "predict：输出前几个分类 labels per line")
	fs.BoolVar(&c.json, "json", false, "eval、models：输出 JSON print JSON")
	fs.Int64Var(&c.id, "id", 0, "activate：要启用的模型编号 model ID")
	m.storageFlags(fs, "train（不给 --input 时）、models、activate：")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("用法：minyi classify eval|train|predict (usage)")
	}
	c.action = pos[0]
	var missing string
	switch c.action {
	case "eval":
		if c.train == "" || c.test == "" {
			missing = "--train, --test"
		}
	case "train":
		// Both or neither: without them it trains from the database.
		if (c.input == "") != (c.out == "") {
			missing = "--input, --out"
		}
	case "models":
	case "activate":
		if c.id <= 0 {
			missing = "--id"
		}
	case "predict":
		if c.model == "" {
			missing = "--model"
		}
	default:
		fs.Usage()
		return fmt.Errorf("未知操作 %q，应为 eval、train、models、activate 或 predict (unknown action)", c.action)
	}
	if missing != "" {
		fs.Usage()
		return fmt.Errorf("缺少参数 %s (required)", missing)
	}
	if m.DSN == "" && m.DataDir != "" {
		m.DSN = filepath.Join(m.DataDir, "minyi.db")
	}
	m.classify = c
	return nil
}

// classifyReport is the output of "minyi classify eval".
type classifyReport struct {
	MacroF1      float64                         `json:"macro_f1"`
	Accuracy     float64                         `json:"accuracy"`
	PerClass     map[string]classify.ClassReport `json:"per_class"`
	TrainSeconds float64                         `json:"train_seconds"`
	PredictP99ms float64                         `json:"predict_p99_ms"`
	AutoDispatch classify.AutoDispatch           `json:"auto_dispatch"`
	Model        string                          `json:"model"`
	Train        int                             `json:"train_examples"`
	Test         int                             `json:"test_examples"`
}

func (m *Main) runClassify(ctx context.Context) error {
	c := m.classify
	switch c.action {
	case "eval":
		train, err := classify.ReadExamplesFile(c.train)
		if err != nil {
			return err
		}
		test, err := classify.ReadExamplesFile(c.test)
		if err != nil {
			return err
		}
		start := time.Now()
		model, err := classify.Train(train, classify.Options{})
		if err != nil {
			return err
		}
		trainTime := time.Since(start)
		// Training leaves a large heap behind; a serving process does not
		// predict in the middle of collecting it, so neither does the
		// measurement.
		runtime.GC()
		r := classify.Evaluate(model, test)
		out := classifyReport{
			MacroF1: r.MacroF1, Accuracy: r.Accuracy, PerClass: r.PerClass,
			TrainSeconds: trainTime.Seconds(), PredictP99ms: r.PredictP99ms, AutoDispatch: r.AutoDispatch,
			Model: model.Version, Train: len(train), Test: len(test),
		}
		if c.json {
			enc := json.NewEncoder(m.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		labels := make([]string, 0, len(r.PerClass))
		for l := range r.PerClass {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		rows := [][]string{{"分类 label", "precision", "recall", "F1", "support"}}
		for _, l := range labels {
			p := r.PerClass[l]
			rows = append(rows, []string{l, fmt.Sprintf("%.3f", p.Precision), fmt.Sprintf("%.3f", p.Recall), fmt.Sprintf("%.3f", p.F1), fmt.Sprint(p.Support)})
		}
		printTable(m.Stdout, rows)
		fmt.Fprintf(m.Stdout, "macro-F1 %.4f  accuracy %.4f  (%d train, %d test)\n", r.MacroF1, r.Accuracy, len(train), len(test))
		fmt.Fprintf(m.Stdout, "训练 train %.1fs  预测 predict p99 %.2fms  模型 model %s\n", out.TrainSeconds, r.PredictP99ms, model.Version)
		fmt.Fprintf(m.Stdout, "自动派单 auto-dispatch: threshold %.3f  coverage %.3f  precision %.3f\n",
			r.AutoDispatch.Threshold, r.AutoDispatch.Coverage, r.AutoDispatch.Precision)
		return nil
	case "train":
		if c.input == "" {
			return m.trainRouting(ctx)
		}
		train, err := classify.ReadExamplesFile(c.input)
		if err != nil {
			return err
		}
		model, err := classify.Train(train, classify.Options{})
		if err != nil {
			return err
		}
		f, err := os.Create(c.out)
		if err != nil {
			return err
		}
		if _, err := model.WriteTo(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "已训练 trained %s on %d examples, %d labels, auto-dispatch threshold %.3f → %s\n",
			model.Version, len(train), len(model.Labels), model.Threshold, c.out)
		return nil
	case "models":
		return m.listModels(ctx)
	case "activate":
		return m.activateModel(ctx, c.id)
	case "predict":
		model, err := classify.Load(c.model)
		if err != nil {
			return err
		}
		return m.predictLines(ctx, model, c.stdin, c.top)
	}
	return fmt.Errorf("unknown action %q", c.action)
}

// predictLine is one line of "minyi classify predict" output.
type predictLine struct {
	Label       string            `json:"label"`
	Probability float64           `json:"probability"`
	Auto        bool              `json:"auto"`
	Top         []classify.Scored `json:"top"`
	Model       string            `json:"model"`
}

func (m *Main) predictLines(ctx context.Context, model *classify.Model, r io.Reader, top int) error {
	in := bufio.NewScanner(r)
	in.Buffer(make([]byte, 64<<10), 1<<20)
	enc := json.NewEncoder(m.Stdout)
	for in.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		title, content := "", line
		if t, c, ok := strings.Cut(line, "\t"); ok {
			title, content = t, c
		}
		s := model.Predict(title, content)
		if top > 0 && len(s) > top {
			s = s[:top]
		}
		if err := enc.Encode(predictLine{
			Label: s[0].Label, Probability: s[0].Probability, Auto: s[0].Probability >= model.Threshold,
			Top: s, Model: model.Version,
		}); err != nil {
			return err
		}
	}
	return in.Err()
}

func init() { usages["classify"] = classifyUsage }
