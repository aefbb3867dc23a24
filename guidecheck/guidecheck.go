// Package guidecheck finds what needs an editor's attention in the service
// catalogue: guides that lack the fields a citizen needs, guides whose text
// reads like another department's or theme's, and near-duplicate guides.
package guidecheck

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"minyi"
	"minyi/classify"
	"minyi/dedup"
)

// Kinds of findings.
const (
	KindMissing    = "missing"    // a required field is empty
	KindDepartment = "department" // the text reads like another department's
	KindTheme      = "theme"      // the text reads like another theme's
	KindDuplicate  = "duplicate"  // near-duplicate of other items
)

// Finding is one problem with one item.
type Finding struct {
	ItemID int64    `json:"item_id"`
	Name   string   `json:"name"`
	Kind   string   `json:"kind"`
	Fields []string `json:"fields,omitempty"` // missing: the fields' labels
	// Predicted and Confidence: what the classifier reads the item as.
	Predicted  string  `json:"predicted,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
	Current    string  `json:"current,omitempty"` // the item's own department or theme
	// Others are the near duplicates of the item.
	Others []int64 `json:"others,omitempty"`
}

// Report is the catalogue's health.
type Report struct {
	Items    int       `json:"items"`
	Findings []Finding `json:"findings"`
	// Counts per kind.
	Counts map[string]int `json:"counts"`
	// Skipped says why a check did not run (too few items to learn from).
	Skipped map[string]string `json:"skipped,omitempty"`
}

// Options tune the checks. Zero values take the defaults.
type Options struct {
	// MinConfidence is the least out-of-fold probability of another label
	// for a mismatch (0.8): lower and editors chase noise.
	MinConfidence float64
	// MinPerLabel is the least number of items a department or theme must
	// have to be learnt (5); rarer ones are neither predicted nor judged.
	MinPerLabel int
	// Folds of the cross-fitting (3).
	Folds int
	// DuplicateThreshold is the Jaccard similarity of the character
	// bigrams of two guides' names from which they are near duplicates
	// (0.75).
	DuplicateThreshold float64
}

func (o Options) withDefaults() Options {
	if o.MinConfidence <= 0 {
		o.MinConfidence = 0.8
	}
	if o.MinPerLabel <= 0 {
		o.MinPerLabel = 5
	}
	if o.Folds < 2 {
		o.Folds = 3
	}
	if o.DuplicateThreshold <= 0 {
		o.DuplicateThreshold = 0.75
	}
	return o
}

// Required are the fields a citizen cannot do without, by label: a guide
// without them sends people to the hotline.
var Required = []struct {
	Label string
	Get   func(*minyi.ServiceItem) string
}{
	{"实施主体", func(s *minyi.ServiceItem) string { return s.Department }},
	{"受理条件", func(s *minyi.ServiceItem) string { return s.Conditions }},
	{"申请材料", func(s *minyi.ServiceItem) string { return s.Materials }},
	{"办理地点", func(s *minyi.ServiceItem) string { return s.Place }},
	{"承诺时限", func(s *minyi.ServiceItem) string { return s.PromisedLimit }},
	{"咨询电话", func(s *minyi.ServiceItem) string { return s.Phone }},
}

// Check runs every check over the catalogue.
func Check(items []*minyi.ServiceItem, opts Options) (*Report, error) {
	opts = opts.withDefaults()
	r := &Report{Items: len(items), Findings: []Finding{}, Counts: map[string]int{}, Skipped: map[string]string{}}
	r.Findings = append(r.Findings, Missing(items)...)
	for _, dim := range []struct {
		kind  string
		label func(*minyi.ServiceItem) string
	}{
		{KindDepartment, func(s *minyi.ServiceItem) string { return s.Department }},
		{KindTheme, func(s *minyi.ServiceItem) string { return s.Theme }},
	} {
		found, why, err := Mismatches(items, dim.kind, dim.label, opts)
		if err != nil {
			return nil, err
		}
		if why != "" {
			r.Skipped[dim.kind] = why
		}
		r.Findings = append(r.Findings, found...)
	}
	r.Findings = append(r.Findings, Duplicates(items, opts)...)
	for _, f := range r.Findings {
		r.Counts[f.Kind]++
	}
	return r, nil
}

// Missing finds the items that lack required fields.
func Missing(items []*minyi.ServiceItem) []Finding {
	var out []Finding
	for _, s := range items {
		var miss []string
		for _, f := range Required {
			if strings.TrimSpace(f.Get(s)) == "" {
				miss = append(miss, f.Label)
			}
		}
		if len(miss) > 0 {
			out = append(out, Finding{ItemID: s.ID, Name: s.Name, Kind: KindMissing, Fields: miss})
		}
	}
	return out
}

// itemText is what the classifier and the duplicate check read: the
// name, and the text that says what the item is about.
func itemText(s *minyi.ServiceItem) (string, string) {
	return s.Name, strings.Join([]string{s.Conditions, s.Materials, s.Process, s.Basis}, "\n")
}

// Mismatches trains a classifier from item text to label (department or
// theme) by cross-fitting: each item is predicted by a model trained on
// the other folds, so a model never judges an item it learnt from. Items
// whose out-of-fold prediction is another label with at least
// MinConfidence are flagged. Labels with fewer than MinPerLabel items take
// no part. When fewer than two labels remain, the check is skipped and
// why is said.
func Mismatches(items []*minyi.ServiceItem, kind string, label func(*minyi.ServiceItem) string, opts Options) ([]Finding, string, error) {
	opts = opts.withDefaults()
	per := map[string]int{}
	for _, s := range items {
		if l := label(s); l != "" {
			per[l]++
		}
	}
	var use []*minyi.ServiceItem
	for _, s := range items {
		if per[label(s)] >= opts.MinPerLabel {
			use = append(use, s)
		}
	}
	labels := map[string]bool{}
	for _, s := range use {
		labels[label(s)] = true
	}
	if len(labels) < 2 {
		return nil, fmt.Sprintf("至少需要 2 个各有 %d 个以上事项的分组才能比对", opts.MinPerLabel), nil
	}
	// Folds by position after a deterministic shuffle by ID, so that every
	// fold holds every label.
	sort.Slice(use, func(i, j int) bool { return use[i].ID < use[j].ID })
	var out []Finding
	for fold := range opts.Folds {
		var train []classify.Example
		var test []*minyi.ServiceItem
		for i, s := range use {
			if i%opts.Folds == fold {
				test = append(test, s)
				continue
			}
			t, c := itemText(s)
			train = append(train, classify.Example{Title: t, Content: c, Label: label(s)})
		}
		if len(test) == 0 || !twoLabels(train) {
			continue
		}
		m, err := classify.Train(train, classify.Options{Buckets: 1 << 16, Seed: 1})
		if err != nil {
			return nil, "", fmt.Errorf("guidecheck: train %s: %w", kind, err)
		}
		for _, s := range test {
			t, c := itemText(s)
			best := m.Predict(t, c)[0]
			if best.Label != label(s) && best.Probability >= opts.MinConfidence {
				out = append(out, Finding{ItemID: s.ID, Name: s.Name, Kind: kind, Predicted: best.Label,
					Confidence: best.Probability, Current: label(s)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Confidence > out[j].Confidence })
	return out, "", nil
}

func twoLabels(ex []classify.Example) bool {
	for _, e := range ex[1:] {
		if e.Label != ex[0].Label {
			return true
		}
	}
	return false
}

// Duplicates finds groups of near-duplicate guides by MinHash over the
// character bigrams of their names; each member of a group is one finding
// naming the others. Names, not texts: guides are written from templates,
// so the texts of 身份证申领 and 居住证申领 share most of their words, while
// two names that differ by a bracket or a word are one item entered twice.
func Duplicates(items []*minyi.ServiceItem, opts Options) []Finding {
	opts = opts.withDefaults()
	docs := make([]dedup.Doc, len(items))
	byID := map[string]*minyi.ServiceItem{}
	for i, s := range items {
		id := strconv.FormatInt(s.ID, 10)
		docs[i] = dedup.Doc{ID: id, Title: s.Name}
		byID[id] = s
	}
	var out []Finding
	for _, g := range dedup.Groups(docs, dedup.Options{Threshold: opts.DuplicateThreshold, Shingle: 2}) {
		for _, id := range g.IDs {
			s := byID[id]
			f := Finding{ItemID: s.ID, Name: s.Name, Kind: KindDuplicate}
			for _, o := range g.IDs {
				if o != id {
					f.Others = append(f.Others, byID[o].ID)
				}
			}
			out = append(out, f)
		}
	}
	return out
}
