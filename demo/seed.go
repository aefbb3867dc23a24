// Package demo fills a database with a believable demo city: the Shenzhen
// organisation (districts, streets, city and district departments), demo
// accounts for every role, a 3-level appeal taxonomy and generated appeals
// that went through the real workflow (minyi.Apply) at realistic times.
//
// All names of people, phone numbers and appeal texts are made up from the
// templates in this package; places are Shenzhen's public geography.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"minyi"
	"minyi/store"
)

// Store is what the demo needs from the database.
type Store interface {
	minyi.UnitService
	minyi.UserService
	minyi.CategoryService
	minyi.SettingsService
	ServiceStore
	minyi.SurveyService
	// IsEmpty reports whether no unit exists yet.
	IsEmpty(ctx context.Context) (bool, error)
	// ImportAppeals stores appeals with their timelines as given, setting
	// their IDs and tracking numbers.
	ImportAppeals(ctx context.Context, items []store.ImportItem) error
}

var _ Store = (*store.DB)(nil)

// Options control how much is generated.
type Options struct {
	Appeals int       // appeals to generate (Seed: 3000 when 0)
	Days    int       // spread over the last Days days (120 when 0)
	Now     time.Time // the present; time.Now() when zero
	Seed    uint64    // the same seed gives the same appeals
	// BatchSize is the number of appeals per ImportAppeals call (500 when 0).
	BatchSize int
	// Progress, if set, is called after each batch.
	Progress func(done, total int)
}

func (o *Options) defaults(appeals int) {
	if o.Appeals <= 0 {
		o.Appeals = appeals
	}
	if o.Days <= 0 {
		o.Days = 120
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
}

// ErrNotEmpty is returned by Seed when the database already has units.
var ErrNotEmpty = errors.New("demo: the database is not empty")

// Seed stores the demo organisation, the accounts of Logins, the taxonomy
// of CategoriesCSV and opts.Appeals generated appeals into an empty
// database.
func Seed(ctx context.Context, db Store, opts Options) error {
	opts.defaults(3000)
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		return ErrNotEmpty
	}
	if err := SeedOrganisation(ctx, db); err != nil {
		return err
	}
	if err := GenerateAppeals(ctx, db, opts); err != nil {
		return err
	}
	o, err := loadOrg(ctx, db)
	if err != nil {
		return err
	}
	return SeedSurveyResponses(ctx, db, districtNames(o), opts.Seed)
}

// SeedOrganisation stores the units, accounts, taxonomy, service guides
// and policy documents of the demo (everything but appeals).
func SeedOrganisation(ctx context.Context, db Store) error {
	if err := createOrg(ctx, db); err != nil {
		return err
	}
	o, err := loadOrg(ctx, db)
	if err != nil {
		return err
	}
	if err := createAccounts(ctx, db, o); err != nil {
		return err
	}
	if _, err := db.ImportCategories(ctx, CategoryPaths()); err != nil {
		return fmt.Errorf("import categories: %w", err)
	}
	return SeedServices(ctx, db)
}

// GenerateAppeals adds opts.Appeals generated appeals to a database that
// holds the demo organisation. Appeals are generated and stored in batches,
// so memory stays flat whatever the number.
func GenerateAppeals(ctx context.Context, db Store, opts Options) error {
	opts.defaults(1000)
	o, err := loadOrg(ctx, db)
	if err != nil {
		return err
	}
	cats := map[string]int64{}
	list, err := db.ListCategories(ctx)
	if err != nil {
		return err
	}
	for _, c := range list {
		cats[c.Path] = c.ID
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	g := newGenerator(o, cats, settings.Policy(), opts.Now, opts.Days, opts.Seed)
	if err := g.loadActors(ctx, db); err != nil {
		return err
	}
	total := opts.Appeals
	batch := make([]*item, 0, opts.BatchSize)
	items := make([]store.ImportItem, 0, opts.BatchSize)
	for done := 0; done < total; {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch, items = batch[:0], items[:0]
		for i := done; i < total && len(batch) < opts.BatchSize; i++ {
			it := g.generate(i, total)
			if g.err != nil {
				return g.err
			}
			batch = append(batch, it)
			items = append(items, store.ImportItem{Appeal: it.Appeal, Events: it.Events})
		}
		if err := db.ImportAppeals(ctx, items); err != nil {
			return fmt.Errorf("import demo appeals: %w", err)
		}
		g.remember(batch)
		done += len(batch)
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	return nil
}

// loadActors finds the demo accounts that act in generated timelines.
func (g *generator) loadActors(ctx context.Context, users minyi.UserService) error {
	find := func(name string) *minyi.User {
		u, err := users.FindUserByUsername(ctx, name)
		if err != nil {
			return nil
		}
		return u
	}
	for _, n := range []string{"dispatcher1", "dispatcher2"} {
		if u := find(n); u != nil {
			g.dispatchers = append(g.dispatchers, minyi.ActorFor(u))
		}
	}
	for _, n := range []string{"supervisor1", "supervisor2"} {
		if u := find(n); u != nil {
			g.supervisors = append(g.supervisors, minyi.ActorFor(u))
		}
	}
	for _, n := range []string{"handler1", "handler2"} {
		if u := find(n); u != nil && u.UnitID != 0 {
			g.handlers[u.UnitID] = minyi.ActorFor(u)
		}
	}
	for _, n := range []string{"leader1", "leader2"} {
		if u := find(n); u != nil && u.UnitID != 0 {
			g.leaders[u.UnitID] = minyi.ActorFor(u)
		}
	}
	for _, n := range []string{"citizen1", "citizen2"} {
		if u := find(n); u != nil {
			name := u.DisplayName
			if name == "" {
				name = u.Username
			}
			phone := u.Phone
			if phone == "" {
				phone = citizenPhones[n]
			}
			g.citizens = append(g.citizens, citizenRef{ID: u.ID, Name: name, Phone: phone})
		}
	}
	// Organisations seeded by hand may lack the demo staff.
	if len(g.dispatchers) == 0 {
		g.dispatchers = []minyi.Actor{{Name: "派单员", Role: minyi.RoleDispatcher}}
	}
	if len(g.supervisors) == 0 {
		g.supervisors = []minyi.Actor{{Name: "督办员", Role: minyi.RoleSupervisor}}
	}
	return nil
}
