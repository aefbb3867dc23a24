package store

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"minyi"
)

// mustCategories imports a small taxonomy and returns its IDs by path.
func mustCategories(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	paths := [][]string{{"城市管理", "市容环境", "占道经营"}, {"城市管理", "道路设施"}, {"住房建设", "物业管理"}}
	if _, err := db.ImportCategories(ctx, paths); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, c := range list {
		ids[c.Path] = c.ID
	}
	return ids
}

func TestDispatchSetsCategory(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		cats := mustCategories(t, db)
		c := useClock(db, cst(2026, 11, 30, 9, 0))
		a := mustCreate(t, db, newAppeal("路边摊占道"), f.actor(f.citizen))

		// An unknown category is a field error and changes nothing, not
		// even the unit the same request asked for.
		before := takeSnapshot(t, db, a.TrackingNo, a.ID)
		_, err := db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID, CategoryID: 99999}, f.actor(f.dispatcher), all)
		wantCode(t, err, minyi.EINVALID)
		if minyi.ErrorFields(err)["category_id"] == "" {
			t.Fatalf("no category_id field error: %v", err)
		}
		if after := takeSnapshot(t, db, a.TrackingNo, a.ID); !reflect.DeepEqual(before, after) {
			t.Fatalf("state changed:\n%+v\n%+v", before, after)
		}

		c.advance(time.Hour)
		leaf := cats["城市管理/市容环境/占道经营"]
		got := mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID, CategoryID: leaf}, f.actor(f.dispatcher), all)
		if got.CategoryID != leaf || got.Category != "城市管理/市容环境/占道经营" || got.UnitID != f.futian.ID {
			t.Fatalf("dispatched = %+v", got)
		}
		stored, err := db.FindAppeal(ctx, a.TrackingNo, all)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(stored, got) {
			t.Fatalf("stored\n%+v\nreturned\n%+v", stored, got)
		}
		tl, _ := db.Timeline(ctx, a.ID)
		if e := tl[len(tl)-1]; e.Action != minyi.ActDispatch || !strings.Contains(e.Note, "城市管理/市容环境/占道经营") {
			t.Fatalf("dispatch event = %+v", e)
		}
		msgs, _ := db.PendingOutbox(ctx, 10)
		var payload struct {
			CategoryID int64 `json:"category_id"`
		}
		if err := json.Unmarshal(msgs[len(msgs)-1].Payload, &payload); err != nil || payload.CategoryID != leaf {
			t.Fatalf("outbox payload %s", msgs[len(msgs)-1].Payload)
		}

		// A transfer may correct the category too; the same category again
		// adds no note.
		c.advance(time.Hour)
		other := cats["住房建设/物业管理"]
		got = mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: f.nanshan.ID, CategoryID: other, Note: "属物业问题"}, f.actor(f.dispatcher), all)
		if got.CategoryID != other || got.Category != "住房建设/物业管理" {
			t.Fatalf("transferred = %+v", got)
		}
		tl, _ = db.Timeline(ctx, a.ID)
		if e := tl[len(tl)-1]; e.Note != "属物业问题（分类：住房建设/物业管理）" {
			t.Fatalf("transfer note = %q", e.Note)
		}
		c.advance(time.Hour)
		got = mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: f.futian.ID, CategoryID: other, Note: "转回"}, f.actor(f.dispatcher), all)
		tl, _ = db.Timeline(ctx, a.ID)
		if e := tl[len(tl)-1]; got.CategoryID != other || e.Note != "转回" {
			t.Fatalf("same category: %d, note %q", got.CategoryID, e.Note)
		}

		// Other actions ignore a category.
		mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSign, CategoryID: leaf}, f.actor(f.handlerA), minyi.Scope{UnitID: f.futian.ID})
		if got, _ := db.FindAppeal(ctx, a.TrackingNo, all); got.CategoryID != other {
			t.Fatalf("sign changed the category to %d", got.CategoryID)
		}
	})
}

func TestRoutingModels(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := useClock(db, cst(2026, 11, 30, 9, 0))
		_, _, err := db.ActiveModel(ctx, minyi.ModelCategory)
		wantCode(t, err, minyi.ENOTFOUND)
		wantCode(t, db.SaveModel(ctx, &minyi.ModelInfo{Kind: "weather"}, []byte("x")), minyi.EINVALID)

		save := func(kind, version string) *minyi.ModelInfo {
			t.Helper()
			c.advance(time.Hour)
			m := &minyi.ModelInfo{Kind: kind, Version: version, Examples: 100, Corrections: 3, MacroF1: 0.8, Accuracy: 0.85,
				Threshold: 0.7, Coverage: 0.6, Precision: 0.96}
			if err := db.SaveModel(ctx, m, []byte("bytes of "+version)); err != nil {
				t.Fatal(err)
			}
			if m.ID == 0 || !m.Active || m.Size != int64(len("bytes of "+version)) || !m.TrainedAt.Equal(c.now()) {
				t.Fatalf("saved = %+v", m)
			}
			return m
		}
		active := func(kind string) (string, string) {
			t.Helper()
			m, data, err := db.ActiveModel(ctx, kind)
			if err != nil {
				t.Fatal(err)
			}
			return m.Version, string(data)
		}

		v1 := save(minyi.ModelCategory, "v1")
		got, data, err := db.ActiveModel(ctx, minyi.ModelCategory)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, v1) || string(data) != "bytes of v1" {
			t.Fatalf("active = %+v %q, want %+v", got, data, v1)
		}
		u1 := save(minyi.ModelUnit, "u1")
		v2 := save(minyi.ModelCategory, "v2")
		if v, d := active(minyi.ModelCategory); v != "v2" || d != "bytes of v2" {
			t.Fatalf("active category model %s %q", v, d)
		}
		if v, _ := active(minyi.ModelUnit); v != "u1" {
			t.Fatalf("a category model replaced the unit model: %s", v)
		}
		ids, err := db.ActiveModelIDs(ctx)
		if err != nil || ids[minyi.ModelCategory] != v2.ID || ids[minyi.ModelUnit] != u1.ID {
			t.Fatalf("active ids %v, %v", ids, err)
		}

		// Rollback.
		if err := db.ActivateModel(ctx, v1.ID); err != nil {
			t.Fatal(err)
		}
		if v, _ := active(minyi.ModelCategory); v != "v1" {
			t.Fatalf("after rollback active %s", v)
		}
		wantCode(t, db.ActivateModel(ctx, 99999), minyi.ENOTFOUND)

		// Only the newest few inactive models keep their bytes.
		for i := 3; i <= 9; i++ {
			save(minyi.ModelCategory, "v"+strconv.Itoa(i))
		}
		list, err := db.ListModels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 10 || list[0].Version != "v9" || !list[0].Active {
			t.Fatalf("list: %d models, first %+v", len(list), list[0])
		}
		kept, actives := 0, 0
		for _, m := range list {
			if m.Active {
				actives++
			}
			if m.Kind == minyi.ModelCategory && !m.Active && m.Restorable {
				kept++
			}
			if m.Examples != 100 || m.Precision != 0.96 || m.Size == 0 {
				t.Fatalf("figures lost: %+v", m)
			}
		}
		if kept != KeepModelData || actives != 2 {
			t.Fatalf("%d inactive category models kept their bytes, %d active; want %d, 2", kept, actives, KeepModelData)
		}
		wantCode(t, db.ActivateModel(ctx, v1.ID), minyi.ECONFLICT)
		if v, _ := active(minyi.ModelCategory); v != "v9" {
			t.Fatalf("failed rollback changed the active model to %s", v)
		}
		if err := db.ActivateModel(ctx, list[1].ID); err != nil {
			t.Fatalf("rollback to the previous model: %v", err)
		}
	})
}

func TestTrainingExamples(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		cats := mustCategories(t, db)
		c := useClock(db, cst(2026, 11, 30, 9, 0))
		unitA, unitB := minyi.Scope{UnitID: f.futian.ID}, minyi.Scope{UnitID: f.nanshan.ID}
		disp := f.actor(f.dispatcher)
		create := func(title string, category int64) *minyi.Appeal {
			a := newAppeal(title)
			a.CategoryID = category
			c.advance(time.Minute)
			return mustCreate(t, db, a, minyi.SystemActor)
		}
		act := func(a *minyi.Appeal, req minyi.ActionRequest, actor minyi.Actor, scope minyi.Scope) {
			c.advance(time.Minute)
			mustAct(t, db, a.TrackingNo, req, actor, scope)
		}
		dispatch := minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}
		sign := minyi.ActionRequest{Action: minyi.ActSign}

		signed := create("占道经营", cats["城市管理/市容环境/占道经营"])
		act(signed, dispatch, disp, all)
		act(signed, sign, f.actor(f.handlerA), unitA)

		returned := create("退回的诉求", cats["城市管理/道路设施"])
		act(returned, dispatch, disp, all)
		act(returned, minyi.ActionRequest{Action: minyi.ActReturn, Note: "不属本单位"}, f.actor(f.handlerA), unitA)

		// Signed by the second unit after the first returned it: the
		// second is the label.
		moved := create("物业不作为", 0)
		act(moved, dispatch, disp, all)
		act(moved, minyi.ActionRequest{Action: minyi.ActReturn, Note: "不属本单位"}, f.actor(f.handlerA), unitA)
		act(moved, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.nanshan.ID, CategoryID: cats["住房建设/物业管理"]}, disp, all)
		act(moved, sign, f.actor(f.handlerB), unitB)

		waiting := create("待签收", cats["城市管理/道路设施"])
		act(waiting, dispatch, disp, all)

		merged := create("重复诉求", cats["城市管理/道路设施"])
		act(merged, minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: signed.TrackingNo}, disp, all)

		invalid := create("无效诉求", cats["城市管理/道路设施"])
		act(invalid, minyi.ActionRequest{Action: minyi.ActClose, Note: "无效诉求"}, disp, all)

		labels := func(kind string, limit int) []string {
			t.Helper()
			list, err := db.TrainingExamples(ctx, kind, limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range list {
				if e.Content == "" {
					t.Fatalf("example without content: %+v", e)
				}
				out = append(out, e.Title+"="+e.Label)
			}
			return out
		}
		id := func(v int64) string { return strconv.FormatInt(v, 10) }
		top := id(cats["城市管理"])
		if got, want := labels(minyi.ModelUnit, 0), []string{"物业不作为=" + id(f.nanshan.ID), "占道经营=" + id(f.futian.ID)}; !reflect.DeepEqual(got, want) {
			t.Fatalf("unit examples %v, want %v", got, want)
		}
		if got, want := labels(minyi.ModelCategory, 0), []string{"物业不作为=" + id(cats["住房建设"]), "占道经营=" + top}; !reflect.DeepEqual(got, want) {
			t.Fatalf("category examples %v, want %v", got, want)
		}
		if got := labels(minyi.ModelUnit, 1); len(got) != 1 || !strings.HasPrefix(got[0], "物业不作为") {
			t.Fatalf("limit 1: %v", got)
		}
		_, err := db.TrainingExamples(ctx, "weather", 0)
		wantCode(t, err, minyi.EINVALID)

		// What a model trained now has not seen.
		trained := c.now()
		if n, err := db.RoutingChangesSince(ctx, trained.Add(-time.Hour)); err != nil || n != 2 {
			t.Fatalf("changes in the last hour = %d, %v; want 2", n, err)
		}
		if n, err := db.RoutingChangesSince(ctx, trained.Add(time.Millisecond)); err != nil || n != 0 {
			t.Fatalf("changes since training = %d, %v; want 0", n, err)
		}

		// A corrected appeal counts double, however often the correction
		// is delivered.
		c.advance(time.Minute)
		corr := &Correction{AppealID: signed.ID, Kind: minyi.ModelUnit, Predicted: id(f.nanshan.ID), Chosen: id(f.futian.ID), ModelVersion: "v1", ActorID: f.dispatcher.ID}
		for range 2 {
			if err := db.RecordCorrection(ctx, corr); err != nil {
				t.Fatal(err)
			}
		}
		list, err := db.Corrections(ctx, signed.ID)
		if err != nil || len(list) != 1 || list[0].Chosen != id(f.futian.ID) || list[0].ActorID != f.dispatcher.ID || !list[0].At.Equal(c.now()) {
			t.Fatalf("corrections %+v, %v", list, err)
		}
		if got, want := labels(minyi.ModelUnit, 0), []string{"物业不作为=" + id(f.nanshan.ID), "占道经营=" + id(f.futian.ID), "占道经营=" + id(f.futian.ID)}; !reflect.DeepEqual(got, want) {
			t.Fatalf("unit examples after a correction %v, want %v", got, want)
		}
		if got := labels(minyi.ModelCategory, 0); len(got) != 2 {
			t.Fatalf("a unit correction changed the category examples: %v", got)
		}
		if n, err := db.RoutingChangesSince(ctx, trained.Add(time.Millisecond)); err != nil || n != 1 {
			t.Fatalf("changes since training = %d, %v; want the correction", n, err)
		}
	})
}

// Automatic dispatch is on for a city that never saved its settings, and
// off for one whose settings were saved before the switch existed.
func TestAutoDispatchSetting(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s, err := db.Settings(ctx)
		if err != nil || !s.AutoDispatch {
			t.Fatalf("new city: auto dispatch %v, %v; want on", s.AutoDispatch, err)
		}
		const old = `{"city_name":"深圳市","tracking_prefix":"SZ","rating_window_days":7}`
		if _, err := db.exec(ctx, `INSERT INTO settings (id, value, updated_at) VALUES (1, ?, 0)`, old); err != nil {
			t.Fatal(err)
		}
		db.settings = nil
		if s, err := db.Settings(ctx); err != nil || s.AutoDispatch {
			t.Fatalf("settings saved without the switch: auto dispatch %v, %v; want off", s.AutoDispatch, err)
		}
		s.AutoDispatch = true
		if err := db.SaveSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		if s, err := db.Settings(ctx); err != nil || !s.AutoDispatch {
			t.Fatalf("after turning it on: %v, %v", s.AutoDispatch, err)
		}
	})
}
