package routing

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sort"
	"time"

	"minyi"
	"minyi/classify"
	"minyi/store"
)

// Trainer defaults.
const (
	// autoPrecision and autoConfidenceZ are what an automatic dispatch
	// must reach: the lower end of the one-sided 95 % Wilson interval of
	// its precision on held-out appeals at least 95 %.
	autoPrecision   = 0.95
	autoConfidenceZ = 1.645
	// DefaultLimit is how many of the newest labelled appeals train a
	// model: enough for the vocabulary of a city, small enough to train
	// in minutes and in a few hundred megabytes.
	DefaultLimit = 50000
	// MinExamples is the least number of labelled appeals worth a model.
	MinExamples = 50
	// testShare is the part of each label's appeals held out to measure a
	// model before the stored one is trained on all.
	testShare = 0.2
)

// Buckets per kind. A model holds buckets × labels weights; a city has
// some twenty first-level categories and a few dozen duties (see
// locality), which keeps both models at a few megabytes.
var kindBuckets = map[string]int{minyi.ModelCategory: 1 << 17, minyi.ModelUnit: 1 << 17}

// Trainer builds routing models from the appeals people routed and stores
// them (Store.SaveModel), which makes them active.
type Trainer struct {
	Store  Store
	Logger *slog.Logger // slog.Default when nil
	Limit  int          // newest labelled appeals per model (DefaultLimit when 0)
	// Options are passed to classify.Train; Buckets, when zero, is chosen
	// per kind.
	Options classify.Options
	// Progress, when set, hears what the Trainer is doing (for commands).
	Progress func(kind, stage string)
	// Advisor, when set, reloads the new models at once.
	Advisor *Advisor
}

// Result is the outcome of training one kind.
type Result struct {
	Info   *minyi.ModelInfo
	Labels int
	Took   time.Duration
}

// Train trains and stores both models. A kind without enough labelled
// appeals is skipped with a warning (ErrTooFew in the log), the other is
// still trained; the first other error stops it.
func (t *Trainer) Train(ctx context.Context) ([]Result, error) {
	var out []Result
	for _, kind := range []string{minyi.ModelCategory, minyi.ModelUnit} {
		r, err := t.TrainKind(ctx, kind)
		if minyi.ErrorCode(err) == minyi.ECONFLICT {
			t.logger().Warn("routing: not trained", "kind", kind, "err", minyi.ErrorMessage(err))
			continue
		} else if err != nil {
			return out, err
		}
		out = append(out, *r)
	}
	if t.Advisor != nil && len(out) > 0 {
		if err := t.Advisor.Reload(ctx); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (t *Trainer) logger() *slog.Logger {
	if t.Logger == nil {
		return slog.Default()
	}
	return t.Logger
}

func (t *Trainer) progress(kind, stage string) {
	if t.Progress != nil {
		t.Progress(kind, stage)
	}
}

// TrainKind trains one model: it measures a model trained on 80 % of the
// labelled appeals (stratified by label) on the other 20 %, then trains
// the stored model on all of them and saves it with those figures. Too
// few appeals or labels is ECONFLICT.
func (t *Trainer) TrainKind(ctx context.Context, kind string) (*Result, error) {
	start := time.Now()
	limit := t.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	t.progress(kind, "读取训练数据 reading examples")
	list, err := t.Store.TrainingExamples(ctx, kind, limit)
	if err != nil {
		return nil, err
	}
	appeals, corrected := split(kind, list)
	labels := map[string]bool{}
	for _, e := range appeals {
		labels[e.Label] = true
	}
	if len(appeals) < MinExamples || len(labels) < 2 {
		return nil, minyi.Errorf(minyi.ECONFLICT, "%s模型的训练数据不足：%d 条已签收的诉求、%d 个标签（至少需要 %d 条、2 个标签）",
			"too little to train the %[1]s model: %[2]d labelled appeals, %[3]d labels (need %[4]d and 2)", kindName(kind), len(appeals), len(labels), MinExamples)
	}
	opts := t.Options
	if opts.Buckets == 0 {
		opts.Buckets = kindBuckets[kind]
	}

	// Training takes a while and cannot be interrupted, so a cancelled
	// context is noticed between the steps.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var place *locality
	if kind == minyi.ModelUnit {
		units, err := t.Store.ListUnits(ctx)
		if err != nil {
			return nil, err
		}
		place = newLocality(units)
	}
	train, test := holdOut(appeals, corrected, testShare)
	t.progress(kind, fmt.Sprintf("评测 evaluating: %d train, %d held out", len(train), len(test)))
	probe, err := classify.Train(textExamples(train, place), opts)
	if err != nil {
		return nil, err
	}
	report, threshold := evaluate(probe, place, test)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	t.progress(kind, fmt.Sprintf("训练 training on all %d", len(appeals)))
	all := expand(appeals, corrected)
	final, err := classify.Train(textExamples(all, place), opts)
	if err != nil {
		return nil, err
	}
	if place == nil {
		threshold = final.Threshold
	}
	var buf bytes.Buffer
	if _, err := final.WriteTo(&buf); err != nil {
		return nil, err
	}
	info := &minyi.ModelInfo{
		Kind: kind, Version: final.Version, Examples: len(appeals), Corrections: len(corrected),
		MacroF1: report.MacroF1, Accuracy: report.Accuracy, Threshold: threshold,
		Coverage: report.AutoDispatch.Coverage, Precision: report.AutoDispatch.Precision,
	}
	t.progress(kind, "保存 saving")
	if err := t.Store.SaveModel(ctx, info, buf.Bytes()); err != nil {
		return nil, err
	}
	r := &Result{Info: info, Labels: len(final.Labels), Took: time.Since(start)}
	t.logger().Info("routing: model trained", "kind", kind, "id", info.ID, "examples", info.Examples,
		"corrections", info.Corrections, "labels", r.Labels, "macro_f1", round3(info.MacroF1), "accuracy", round3(info.Accuracy),
		"threshold", round3(info.Threshold), "coverage", round3(info.Coverage), "precision", round3(info.Precision),
		"size", info.Size, "took", r.Took.Round(time.Millisecond))
	return r, nil
}

func kindName(kind string) string {
	if kind == minyi.ModelUnit {
		return "承办单位"
	}
	return "分类"
}

// split turns the store's examples, where a corrected appeal comes twice,
// into one example per appeal and the set of corrected ones (by index).
func split(kind string, list []store.TrainingExample) ([]placedExample, map[int]bool) {
	var out []placedExample
	corrected := map[int]bool{}
	seen := map[int64]bool{}
	for _, e := range list {
		if seen[e.AppealID] {
			continue
		}
		seen[e.AppealID] = true
		if e.Corrected {
			corrected[len(out)] = true
		}
		out = append(out, placedExample{Example: classify.Example{Title: e.Title, Content: e.Content, Label: e.Label}, District: e.District, Street: e.Street})
	}
	return out, corrected
}

// expand repeats the corrected appeals, so that they weigh double.
func expand(examples []placedExample, corrected map[int]bool) []placedExample {
	out := make([]placedExample, 0, len(examples)+len(corrected))
	for i, e := range examples {
		out = append(out, e)
		if corrected[i] {
			out = append(out, e)
		}
	}
	return out
}

// textExamples are what the text model learns: the appeals with their
// labels, or for units (place not nil) with their units' duties.
func textExamples(list []placedExample, place *locality) []classify.Example {
	if place != nil {
		return place.labels(list)
	}
	return examplesOf(list)
}

// examplesOf drops the places, for the text model.
func examplesOf(list []placedExample) []classify.Example {
	out := make([]classify.Example, len(list))
	for i, e := range list {
		out[i] = e.Example
	}
	return out
}

// evaluate measures a model (with its locality, for units) on held-out
// appeals. With a locality the threshold is chosen here, on the combined
// probabilities of the held-out appeals, the same way classify.Train
// chooses its own (lower Wilson bound of the precision at least 95 %),
// and returned; without one it is the model's.
func evaluate(m *classify.Model, l *locality, test []placedExample) (classify.Report, float64) {
	predict := func(i int) []classify.Scored {
		e := test[i]
		scored := m.Predict(e.Title, e.Content)
		if l == nil {
			return scored
		}
		if units := l.resolve(scored, e.District, e.Street); len(units) > 0 {
			return units
		}
		return []classify.Scored{{}} // no unit has any duty there: wrong
	}
	threshold := m.Threshold
	if l != nil {
		probs := make([]float64, len(test))
		correct := make([]bool, len(test))
		for i := range test {
			top := predict(i)[0]
			probs[i], correct[i] = top.Probability, top.Label == test[i].Label
		}
		threshold = classify.ChooseThreshold(probs, correct, autoPrecision, autoConfidenceZ)
	}
	report := classify.EvaluateWith(predict, threshold, examplesOf(test))
	return report, threshold
}

// holdOut splits the appeals per label with a fixed seed: about share of
// each label's appeals (none of a label seen once) are held out for
// testing. An appeal and its repetition stay on the same side, so a
// corrected appeal is never tested on a model that saw it.
func holdOut(examples []placedExample, corrected map[int]bool, share float64) (train, test []placedExample) {
	byLabel := map[string][]int{}
	for i, e := range examples {
		byLabel[e.Label] = append(byLabel[e.Label], i)
	}
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	rng := rand.New(rand.NewPCG(1, 0x726f757465))
	held := map[int]bool{}
	for _, l := range labels {
		ids := byLabel[l]
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		n := int(share*float64(len(ids)) + 0.5)
		if len(ids) < 2 {
			n = 0
		}
		for _, i := range ids[:n] {
			held[i] = true
		}
	}
	for i, e := range examples {
		switch {
		case held[i]:
			test = append(test, e)
		case corrected[i]:
			train = append(train, e, e)
		default:
			train = append(train, e)
		}
	}
	return train, test
}

// NeedsTraining reports why a new training would pay: a kind without an
// active model the Advisor could read, or appeals labelled and
// corrections made since the older active model was trained. "" means
// nothing changed.
func (t *Trainer) NeedsTraining(ctx context.Context) (string, error) {
	var oldest time.Time
	for _, kind := range []string{minyi.ModelCategory, minyi.ModelUnit} {
		info, _, err := t.Store.ActiveModel(ctx, kind)
		if minyi.ErrorCode(err) == minyi.ENOTFOUND {
			return "no " + kind + " model", nil
		} else if err != nil {
			return "", err
		}
		if t.Advisor != nil && t.Advisor.model(kind) == nil {
			return "the " + kind + " model cannot be read", nil
		}
		if oldest.IsZero() || info.TrainedAt.Before(oldest) {
			oldest = info.TrainedAt
		}
	}
	n, err := t.Store.RoutingChangesSince(ctx, oldest)
	if err != nil || n == 0 {
		return "", err
	}
	return fmt.Sprintf("%d new labelled appeals or corrections", n), nil
}

// Run retrains every interval, when NeedsTraining says so, until ctx ends.
func (t *Trainer) Run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		why, err := t.NeedsTraining(ctx)
		if err != nil {
			t.logger().Warn("routing: check for retraining", "err", err)
			continue
		}
		if why == "" {
			t.logger().Info("routing: nothing new since the active models, retraining skipped")
			continue
		}
		t.logger().Info("routing: retraining", "why", why)
		if _, err := t.Train(ctx); err != nil && ctx.Err() == nil {
			t.logger().Warn("routing: retrain", "err", err)
		}
	}
}
