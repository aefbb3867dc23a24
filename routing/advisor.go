// Package routing reads appeals for the dispatch centre. Two classifiers
// (package classify), trained from the appeals people routed and stored in
// the database, suggest an appeal's first-level category and its unit; an
// appeal whose suggestions clear both models' thresholds may be dispatched
// without review. A MinHash index (package dedup) over the open appeals
// finds those that read like a new one, as a citizen types it.
//
// The Advisor serves suggestions and similar appeals; Start keeps it
// current from the event bus, dispatches confident new appeals and records
// where people chose otherwise than the models (corrections, which weigh
// double in the next training). The Trainer builds and stores new models.
package routing

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"minyi"
	"minyi/classify"
	"minyi/events"
	"minyi/store"
)

// Store is what routing needs from the database; *store.DB has it all.
type Store interface {
	minyi.AppealService
	minyi.CategoryService
	minyi.SettingsService
	ListUnits(ctx context.Context) ([]*minyi.Unit, error)
	SaveModel(ctx context.Context, info *minyi.ModelInfo, data []byte) error
	ActiveModel(ctx context.Context, kind string) (*minyi.ModelInfo, []byte, error)
	ActiveModelIDs(ctx context.Context) (map[string]int64, error)
	ListModels(ctx context.Context) ([]*minyi.ModelInfo, error)
	TrainingExamples(ctx context.Context, kind string, limit int) ([]store.TrainingExample, error)
	RecordCorrection(ctx context.Context, c *store.Correction) error
	RoutingChangesSince(ctx context.Context, t time.Time) (int, error)
}

var _ Store = (*store.DB)(nil)

// Options configure an Advisor. Zero fields take the defaults.
type Options struct {
	Logger *slog.Logger
	// CheckEvery is how often the Advisor looks for a model trained by
	// another instance (1 minute): one query on two index entries.
	CheckEvery time.Duration
	// SimilarDays is how far back Similar looks (90 days).
	SimilarDays int
	// Queue is how many bus messages may wait for the worker (4096). When
	// it is full, messages are dropped: the appeals stay for people to
	// dispatch, and the similar index catches up at its next rebuild.
	Queue int
	Now   func() time.Time // time.Now when nil
}

// Suggestions and reasons shown per model.
const (
	topSuggestions = 3
	reasonWords    = 5
)

// loaded is a model read from the store.
type loaded struct {
	info  *minyi.ModelInfo
	model *classify.Model
}

// predict returns the model's labels for an appeal, most probable first.
// A unit model's duties are resolved to the units that have them at the
// appeal's place (place; see locality), so its labels are unit IDs too;
// the list may then be empty.
func (l *loaded) predict(ap *minyi.Appeal, place *locality) []classify.Scored {
	scored := l.model.Predict(ap.Title, ap.Content)
	if l.info.Kind != minyi.ModelUnit {
		return scored
	}
	return place.resolve(scored, ap.District, ap.Street)
}

// Advisor implements minyi.Advisor over the stored models and the open
// appeals. It is safe for concurrent use.
type Advisor struct {
	db   Store
	opts Options
	log  *slog.Logger

	mu         sync.RWMutex
	models     map[string]*loaded // by kind
	categories map[int64]string   // category ID → path
	units      map[int64]string   // unit ID → name
	place      *locality          // the units' areas

	similar *similarIndex
	queue   chan job
	wg      sync.WaitGroup
}

var _ minyi.Advisor = (*Advisor)(nil)

// New returns an Advisor without models; Reload or Start loads them.
func New(db Store, opts Options) *Advisor {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.CheckEvery <= 0 {
		opts.CheckEvery = time.Minute
	}
	if opts.SimilarDays <= 0 {
		opts.SimilarDays = 90
	}
	if opts.Queue <= 0 {
		opts.Queue = 4096
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Advisor{
		db: db, opts: opts, log: opts.Logger,
		models:  map[string]*loaded{},
		similar: newSimilarIndex(),
		queue:   make(chan job, opts.Queue),
	}
}

// Start loads the models and the open appeals, subscribes to the bus (when
// not nil) and starts the goroutines that keep the Advisor current and
// dispatch new appeals. They stop when ctx ends; Wait waits for them.
func (a *Advisor) Start(ctx context.Context, bus *events.Bus) error {
	if bus != nil {
		// Subscribed before the index is built: what happens meanwhile
		// waits in the queue and is applied after (adding is idempotent).
		unsubscribe := bus.Subscribe("appeal.", a.enqueue)
		a.wg.Go(func() { <-ctx.Done(); unsubscribe() })
	}
	if err := a.Reload(ctx); err != nil {
		a.log.Warn("routing: load models", "err", err)
	}
	if err := a.rebuildSimilar(ctx); err != nil {
		return fmt.Errorf("routing: index open appeals: %w", err)
	}
	a.wg.Go(func() { a.work(ctx) })
	a.wg.Go(func() { a.watch(ctx) })
	return nil
}

// Wait waits for the goroutines of Start after its context ended.
func (a *Advisor) Wait() { a.wg.Wait() }

// watch reloads the models when another instance trained new ones, keeps
// the names current, and asks for a rebuild of the similar index when
// it holds too many closed or aged appeals.
func (a *Advisor) watch(ctx context.Context) {
	t := time.NewTicker(a.opts.CheckEvery)
	defer t.Stop()
	last := a.opts.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		// Appeals another instance's relay announced never reach this
		// instance's bus: pick them up from the database. Received times
		// may trail the clock a little, hence the overlap.
		now := a.opts.Now()
		select {
		case a.queue <- job{since: last.Add(-time.Minute)}:
			last = now
		default:
		}
		if err := a.Reload(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("routing: reload models", "err", err)
		}
		if a.similar.stale(a.opts.Now()) {
			select {
			case a.queue <- job{rebuild: true}:
			default:
			}
		}
	}
}

// Reload loads the active models whose IDs changed and refreshes the
// names of categories and units. A model that cannot be read (another
// format version, say) is logged and left out: advice stops until the
// next training, and the Trainer retrains because of it.
func (a *Advisor) Reload(ctx context.Context) error {
	if err := a.loadNames(ctx); err != nil {
		return err
	}
	ids, err := a.db.ActiveModelIDs(ctx)
	if err != nil {
		return err
	}
	for _, kind := range []string{minyi.ModelCategory, minyi.ModelUnit} {
		a.mu.RLock()
		cur := a.models[kind]
		a.mu.RUnlock()
		if ids[kind] == 0 || (cur != nil && cur.info.ID == ids[kind]) {
			continue
		}
		info, data, err := a.db.ActiveModel(ctx, kind)
		if minyi.ErrorCode(err) == minyi.ENOTFOUND {
			continue // replaced between the two reads; the next check loads it
		} else if err != nil {
			return err
		}
		m := new(classify.Model)
		if _, err := m.ReadFrom(bytes.NewReader(data)); err != nil {
			a.log.Warn("routing: stored model unreadable, retrain it", "kind", kind, "id", info.ID, "err", err)
			continue
		}
		a.mu.Lock()
		a.models[kind] = &loaded{info: info, model: m}
		a.mu.Unlock()
		a.log.Info("routing: model loaded", "kind", kind, "id", info.ID, "version", info.Version,
			"examples", info.Examples, "macro_f1", round3(info.MacroF1), "threshold", round3(info.Threshold))
	}
	return nil
}

// loadNames reads the category paths and unit names the suggestions show.
// Both lists are small.
func (a *Advisor) loadNames(ctx context.Context) error {
	cats, err := a.db.ListCategories(ctx)
	if err != nil {
		return err
	}
	units, err := a.db.ListUnits(ctx)
	if err != nil {
		return err
	}
	cm := make(map[int64]string, len(cats))
	for _, c := range cats {
		cm[c.ID] = c.Path
	}
	um := make(map[int64]string, len(units))
	for _, u := range units {
		um[u.ID] = u.Name
	}
	place := newLocality(units)
	a.mu.Lock()
	a.categories, a.units, a.place = cm, um, place
	a.mu.Unlock()
	return nil
}

// model returns the loaded model of a kind, or nil.
func (a *Advisor) model(kind string) *loaded {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.models[kind]
}

// Models returns the descriptions of the loaded models (nil for a kind
// without one).
func (a *Advisor) Models() (category, unit *minyi.ModelInfo) {
	if m := a.model(minyi.ModelCategory); m != nil {
		category = m.info
	}
	if m := a.model(minyi.ModelUnit); m != nil {
		unit = m.info
	}
	return category, unit
}

// ListModels lists the stored models (for pages that find no store method).
func (a *Advisor) ListModels(ctx context.Context) ([]*minyi.ModelInfo, error) {
	return a.db.ListModels(ctx)
}

// Advise returns the top categories and units for an appeal; nil without
// any model. Auto is set when both best suggestions clear their models'
// thresholds.
func (a *Advisor) Advise(ctx context.Context, ap *minyi.Appeal) (*minyi.Advice, error) {
	cat, unit := a.model(minyi.ModelCategory), a.model(minyi.ModelUnit)
	if cat == nil && unit == nil {
		return nil, nil
	}
	adv := &minyi.Advice{Categories: []minyi.Suggestion{}, Units: []minyi.Suggestion{}}
	a.mu.RLock()
	cats, units, place := a.categories, a.units, a.place
	a.mu.RUnlock()
	catAuto, unitAuto := false, false
	if cat != nil {
		adv.CategoryModel = cat.info
		adv.Categories, catAuto = suggest(cat, ap, nil, func(id int64, s *minyi.Suggestion) bool {
			s.CategoryID, s.Category = id, cats[id]
			return s.Category != ""
		})
	}
	if unit != nil {
		adv.UnitModel = unit.info
		adv.Units, unitAuto = suggest(unit, ap, place, func(id int64, s *minyi.Suggestion) bool {
			s.UnitID, s.UnitName = id, units[id]
			return s.UnitName != ""
		})
	}
	adv.Auto = catAuto && unitAuto
	return adv, nil
}

// suggest returns a model's top suggestions whose labels name something
// that still exists (name fills in the ID and name and says so), and
// whether the best clears the model's threshold.
func suggest(l *loaded, ap *minyi.Appeal, place *locality, name func(id int64, s *minyi.Suggestion) bool) ([]minyi.Suggestion, bool) {
	out := []minyi.Suggestion{}
	auto := false
	for i, p := range l.model.Predict(ap.Title, ap.Content) {
		if len(out) == topSuggestions {
			break
		}
		label := p.Label
		if l.info.Kind == minyi.ModelUnit {
			var ok bool
			if label, ok = place.unitFor(p.Label, ap.District, ap.Street); !ok {
				continue // no unit has this duty at the appeal's place
			}
		}
		id, err := strconv.ParseInt(label, 10, 64)
		s := minyi.Suggestion{Probability: p.Probability}
		if err != nil || !name(id, &s) {
			continue // a unit or category deleted since training
		}
		s.Reasons = l.model.Explain(ap.Title, ap.Content, p.Label, reasonWords)
		if i == 0 {
			auto = p.Probability >= l.info.Threshold
		}
		out = append(out, s)
	}
	return out, auto
}

// Similar returns open appeals received in the last SimilarDays that read
// like the text, most similar first, without the appeal exclude.
func (a *Advisor) Similar(ctx context.Context, title, content string, exclude int64, limit int) ([]minyi.SimilarAppeal, error) {
	since := a.opts.Now().AddDate(0, 0, -a.opts.SimilarDays)
	return a.similar.find(title, content, exclude, limit, since), nil
}

func round3(v float64) float64 { return float64(int(v*1000+0.5)) / 1000 }

// locality returns the units' areas as last loaded.
func (a *Advisor) locality() *locality {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.place
}
