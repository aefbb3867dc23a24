package demo

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"minyi"
	"minyi/store"
)

// Every demo guide fills every field, and the catalogue covers every
// life event.
func TestServiceGuidesComplete(t *testing.T) {
	list, err := parseServiceGuides()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 60 || len(list) > 100 {
		t.Errorf("%d guides, want 60–100", len(list))
	}
	events := map[string]int{}
	names := map[string]bool{}
	for _, s := range list {
		if names[s.Name] {
			t.Errorf("duplicate guide %s", s.Name)
		}
		names[s.Name] = true
		v := reflect.ValueOf(*s)
		for i := range v.NumField() {
			f := v.Type().Field(i)
			switch f.Name {
			case "ID", "Views", "CreatedAt", "UpdatedAt", "Extra":
				continue
			}
			if v.Field(i).IsZero() || (f.Type.Kind() == reflect.Slice && v.Field(i).Len() == 0) {
				t.Errorf("%s: %s is empty", s.Name, f.Name)
			}
		}
		for _, e := range s.LifeEvents {
			events[e]++
		}
	}
	for _, e := range minyi.LifeEventList {
		if events[e.Name] == 0 {
			t.Errorf("no guide for the life event %s", e.Name)
		}
	}
	if n := len(PolicyDocs()); n < 3 || n > 5 {
		t.Errorf("%d policy documents", n)
	}
}

func TestSeedServices(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := SeedServices(ctx, db); err != nil {
		t.Fatal(err)
	}
	f, err := db.ServiceFacets(ctx)
	if err != nil || f.Total != len(ServiceGuides()) {
		t.Fatalf("facets %+v %v", f, err)
	}
	if n, _ := db.CountPolicies(ctx); n != len(PolicyDocs()) {
		t.Errorf("%d policies", n)
	}
}

// A city that imported its own catalogue before the first start keeps it
// alone: the demo adds its policy documents but none of its guides.
func TestSeedServicesKeepsACityCatalogue(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	own := []*minyi.ServiceItem{{Name: "城乡居民基本养老保险参保登记", Department: "区人社局"}}
	if _, err := db.ImportServiceItems(ctx, own); err != nil {
		t.Fatal(err)
	}
	if err := Seed(ctx, db, Options{Appeals: 10, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountServiceItems(ctx, minyi.ServiceItemFilter{}); n != 1 {
		t.Errorf("%d service items after seeding, want the city's 1", n)
	}
	if n, _ := db.CountPolicies(ctx); n != len(PolicyDocs()) {
		t.Errorf("%d policies", n)
	}
}
