package classify

import (
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"time"

	"minyi/importer"
)

// ClassReport is the quality for one label.
type ClassReport struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

// AutoDispatch says how many predictions clear the model's threshold and
// how often those are right.
type AutoDispatch struct {
	Threshold float64 `json:"threshold"`
	Coverage  float64 `json:"coverage"`
	Precision float64 `json:"precision"`
}

// Report is the result of Evaluate.
type Report struct {
	MacroF1      float64                `json:"macro_f1"`
	Accuracy     float64                `json:"accuracy"`
	PerClass     map[string]ClassReport `json:"per_class"`
	PredictP99ms float64                `json:"predict_p99_ms"`
	AutoDispatch AutoDispatch           `json:"auto_dispatch"`
}

// Evaluate predicts every test example one at a time and compares with
// its label. Macro-F1 averages over the labels that occur in the test
// data or in the predictions.
func Evaluate(m *Model, test []Example) Report {
	return EvaluateWith(func(i int) []Scored { return m.Predict(test[i].Title, test[i].Content) }, m.Threshold, test)
}

// EvaluateWith is Evaluate for any predictor (one that combines a model
// with other evidence, say) and its auto-dispatch threshold: predict(i)
// returns the labels of test[i], best first.
func EvaluateWith(predict func(i int) []Scored, threshold float64, test []Example) Report {
	type counts struct{ tp, fp, fn int }
	per := map[string]*counts{}
	get := func(l string) *counts {
		c := per[l]
		if c == nil {
			c = &counts{}
			per[l] = c
		}
		return c
	}
	r := Report{PerClass: map[string]ClassReport{}, AutoDispatch: AutoDispatch{Threshold: threshold}}
	if len(test) == 0 {
		return r
	}
	latencies := make([]float64, len(test))
	right, auto, autoRight := 0, 0, 0
	for i, e := range test {
		start := time.Now()
		top := predict(i)[0]
		latencies[i] = float64(time.Since(start)) / float64(time.Millisecond)
		ok := top.Label == e.Label
		if ok {
			right++
			get(e.Label).tp++
		} else {
			get(e.Label).fn++
			get(top.Label).fp++
		}
		if top.Probability >= threshold {
			auto++
			if ok {
				autoRight++
			}
		}
	}
	n := float64(len(test))
	r.Accuracy = float64(right) / n
	r.AutoDispatch.Coverage = float64(auto) / n
	if auto > 0 {
		r.AutoDispatch.Precision = float64(autoRight) / float64(auto)
	}
	var sumF1 float64
	for l, c := range per {
		cr := ClassReport{Support: c.tp + c.fn}
		if c.tp+c.fp > 0 {
			cr.Precision = float64(c.tp) / float64(c.tp+c.fp)
		}
		if c.tp+c.fn > 0 {
			cr.Recall = float64(c.tp) / float64(c.tp+c.fn)
		}
		if cr.Precision+cr.Recall > 0 {
			cr.F1 = 2 * cr.Precision * cr.Recall / (cr.Precision + cr.Recall)
		}
		r.PerClass[l] = cr
		sumF1 += cr.F1
	}
	r.MacroF1 = sumF1 / float64(len(per))
	sort.Float64s(latencies)
	r.PredictP99ms = latencies[int(math.Ceil(0.99*n))-1]
	return r
}

// ReadExamples reads labelled appeals from a CSV (UTF-8 with or without
// BOM, or GB18030) or XLSX file with the columns 留言主题 (may be empty),
// 留言详情 and 一级标签 or 一级分类. Rows without a label or text are
// skipped.
func ReadExamples(r io.Reader, name string) ([]Example, error) {
	recs, err := importer.Records(r, name)
	if err != nil {
		return nil, err
	}
	var out []Example
	for _, rec := range recs {
		if rec.Category == "" {
			continue
		}
		out = append(out, Example{Title: rec.Title, Content: rec.Content, Label: rec.Category})
	}
	if len(out) == 0 && len(recs) > 0 {
		return nil, fmt.Errorf("%s: no labelled rows (column 一级标签 or 一级分类)", name)
	}
	return out, nil
}

// ReadExamplesFile is ReadExamples on a named file.
func ReadExamplesFile(path string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadExamples(f, path)
}

// Load reads a model file written by WriteTo.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := new(Model)
	if _, err := m.ReadFrom(f); err != nil {
		return nil, err
	}
	return m, nil
}
