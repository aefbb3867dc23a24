package routing

import (
	"context"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"minyi"
	"minyi/demo"
	"minyi/events"
	"minyi/store"
)

// The demo city's appeals, as people routed them, train the models here.
// Seeding and training take a while, so one database serves every test of
// the package; tests that change it run in order inside TestRouting.
const (
	seedAppeals    = 1200
	heldOutAppeals = 200
)

var quiet = slog.New(slog.DiscardHandler)

func openSeeded(t *testing.T, appeals int, seed uint64) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := demo.Seed(ctx, db, demo.Options{Appeals: appeals, Days: 60, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestRouting(t *testing.T) {
	if testing.Short() {
		t.Skip("trains models on demo appeals")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openSeeded(t, seedAppeals, 1)

	adv := New(db, Options{Logger: quiet})
	if got, err := adv.Advise(ctx, &minyi.Appeal{Title: "路灯不亮", Content: "小区门口路灯坏了"}); got != nil || err != nil {
		t.Fatalf("advice without a model = %+v, %v; want nil, nil", got, err)
	}
	tr := &Trainer{Store: db, Logger: quiet, Advisor: adv}
	why, err := tr.NeedsTraining(ctx)
	if err != nil || why == "" {
		t.Fatalf("needs training = %q, %v; want a reason", why, err)
	}
	start := time.Now()
	results, err := tr.Train(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 {
		t.Fatalf("trained %d models, want 2", len(results))
	}
	for _, r := range results {
		i := r.Info
		t.Logf("%s model #%d: %d examples, %d labels, macro-F1 %.3f, accuracy %.3f, threshold %.3f, coverage %.3f, precision %.3f, %d bytes, %s",
			i.Kind, i.ID, i.Examples, r.Labels, i.MacroF1, i.Accuracy, i.Threshold, i.Coverage, i.Precision, i.Size, r.Took.Round(time.Millisecond))
		if i.Examples < seedAppeals/2 || i.Accuracy <= 0 || i.Size == 0 || !i.Active {
			t.Errorf("%s model figures %+v", i.Kind, i)
		}
	}
	t.Logf("trained both in %s", time.Since(start).Round(time.Millisecond))
	if why, err := tr.NeedsTraining(ctx); err != nil || why != "" {
		t.Fatalf("right after training: needs training = %q, %v", why, err)
	}
	if cat, unit := adv.Models(); cat == nil || unit == nil {
		t.Fatal("the Advisor did not load the new models")
	}

	bus := events.NewBus(quiet)
	if err := adv.Start(ctx, bus); err != nil {
		t.Fatal(err)
	}
	relay := &events.Relay{Outbox: db, Publisher: bus, Logger: quiet}

	t.Run("held-out accuracy", func(t *testing.T) { testHeldOut(t, adv) })
	t.Run("advice", func(t *testing.T) { testAdvice(t, db, adv) })
	t.Run("similar", func(t *testing.T) { testSimilar(t, db, adv, relay) })
	t.Run("auto dispatch", func(t *testing.T) { testAutoDispatch(t, db, adv, relay) })
	t.Run("correction", func(t *testing.T) { testCorrection(t, db, adv, relay) })
	t.Run("reload", func(t *testing.T) { testReload(t, db, adv) })

	cancel()
	adv.Wait()
}

// testHeldOut checks the top suggestions against the routing of demo
// appeals generated with another seed, which no model has seen. The
// second database has the same organisation and taxonomy, created in the
// same order, so the IDs agree.
func testHeldOut(t *testing.T, adv *Advisor) {
	ctx := context.Background()
	other := openSeeded(t, heldOutAppeals, 99)
	for _, kind := range []string{minyi.ModelCategory, minyi.ModelUnit} {
		list, err := other.TrainingExamples(ctx, kind, 0)
		if err != nil {
			t.Fatal(err)
		}
		right, labels := 0, map[string]bool{}
		for _, e := range list {
			labels[e.Label] = true
			advice, err := adv.Advise(ctx, &minyi.Appeal{Title: e.Title, Content: e.Content, District: e.District, Street: e.Street, Address: e.Address})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if kind == minyi.ModelCategory && len(advice.Categories) > 0 {
				got = strconv.FormatInt(advice.Categories[0].CategoryID, 10)
			} else if kind == minyi.ModelUnit && len(advice.Units) > 0 {
				got = strconv.FormatInt(advice.Units[0].UnitID, 10)
			}
			if got == e.Label {
				right++
			}
		}
		acc := float64(right) / float64(len(list))
		chance := 1 / float64(len(labels))
		t.Logf("%s: top-1 accuracy %.3f on %d held-out appeals (%d labels, chance %.3f)", kind, acc, len(list), len(labels), chance)
		// Categories follow from the words; units also from the place, over
		// about a hundred of them with a dozen appeals each here.
		bar := map[string]float64{minyi.ModelCategory: 0.8, minyi.ModelUnit: 0.4}[kind]
		if len(list) < heldOutAppeals/3 || acc < bar || acc < 10*chance {
			t.Errorf("%s: top-1 accuracy %.3f on %d held-out appeals, chance %.3f", kind, acc, len(list), chance)
		}
	}
}

// noiseAppeal is written here, not taken from the demo templates: a
// resident of a Futian estate complains about a bar's noise at night.
func noiseAppeal() *minyi.Appeal {
	return &minyi.Appeal{
		Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb,
		Title:    "景田北小区楼下酒吧深夜噪音扰民",
		Content:  "我住在福田区景田北小区，楼下新开的酒吧每晚唱歌喝酒到凌晨两点，噪音很大，老人孩子都睡不着觉。请执法部门和派出所上门劝导，依法处理噪音扰民。",
		District: "福田区", Street: "莲花街道", Address: "福田区莲花街道景田北小区",
		ContactName: "林女士", ContactPhone: "13912345678",
	}
}

func testAdvice(t *testing.T, db *store.DB, adv *Advisor) {
	ctx := context.Background()
	a := noiseAppeal()
	got, err := adv.Advise(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Categories) != 3 || len(got.Units) != 3 || got.CategoryModel == nil || got.UnitModel == nil {
		t.Fatalf("advice = %+v", got)
	}
	top := got.Categories[0]
	if top.Category != "环境保护" || top.CategoryID == 0 {
		t.Errorf("top category %q, want 环境保护", top.Category)
	}
	// The unit model reads the place: its first choice is a unit of
	// Futian (a street office under it, or one of its bureaus).
	futian, err := db.FindUnitByName(ctx, "福田区")
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.FindUnit(ctx, got.Units[0].UnitID)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != futian.ID && u.ParentID != futian.ID {
		t.Errorf("top unit %q is not in 福田区", u.Name)
	}
	for _, list := range [][]minyi.Suggestion{got.Categories, got.Units} {
		for i, s := range list {
			if i > 0 && s.Probability > list[i-1].Probability {
				t.Errorf("suggestions out of order: %+v", list)
			}
			if len(s.Reasons) < 1 || len(s.Reasons) > reasonWords {
				t.Errorf("reasons %q", s.Reasons)
			}
		}
	}
	// The noise is named 噪音 or, as the appeal does, 扰民: which of the
	// words weighs most depends on the generated training appeals.
	if r := strings.Join(top.Reasons, " "); !strings.Contains(r, "噪") && !strings.Contains(r, "扰民") {
		t.Errorf("category reasons %q do not mention the noise", top.Reasons)
	}
	t.Logf("category %s %.3f %q; unit %s %.3f %q; auto %v", top.Category, top.Probability, top.Reasons,
		got.Units[0].UnitName, got.Units[0].Probability, got.Units[0].Reasons, got.Auto)

	// Advice is asked for on the dispatch page and as the citizen types:
	// it must stay quick.
	start := time.Now()
	const n = 20
	for range n {
		if _, err := adv.Advise(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("Advise takes %s", (time.Since(start) / n).Round(time.Microsecond))
}

// flush relays the outbox to the bus and waits until the worker handled
// what it queued.
func flush(t *testing.T, adv *Advisor, relay *events.Relay) {
	t.Helper()
	for {
		n, err := relay.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	done := make(chan struct{})
	adv.queue <- job{done: done}
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the routing worker is stuck")
	}
}

func testSimilar(t *testing.T, db *store.DB, adv *Advisor, relay *events.Relay) {
	ctx := context.Background()
	// These appeals stay pending: dispatch would take them off the
	// similar list only when closed, which is what is checked below.
	setAutoDispatch(t, db, false)
	defer setAutoDispatch(t, db, true)
	a := noiseAppeal()
	a.Title = "景田北小区楼下的酒吧天天深夜吵闹"
	if err := db.CreateAppeal(ctx, a, minyi.Actor{Role: minyi.RoleCitizen, Name: "市民"}); err != nil {
		t.Fatal(err)
	}
	flush(t, adv, relay)

	// The same complaint in other words, as a second neighbour types it.
	typed := "景田北小区楼下新开的酒吧每晚唱歌喝酒到凌晨两点，噪音很大，老人孩子都睡不着。请执法部门上门劝导"
	start := time.Now()
	list, err := adv.Similar(ctx, "酒吧深夜噪音扰民", typed, 0, 5)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 || list[0].TrackingNo != a.TrackingNo || list[0].Similarity < similarOptions.Threshold || list[0].Status != minyi.StatusPending {
		t.Fatalf("similar = %+v, want %s first", list, a.TrackingNo)
	}
	t.Logf("Similar took %s over %d open appeals; best %.2f", took, len(adv.similar.meta), list[0].Similarity)
	if list, _ := adv.Similar(ctx, "酒吧深夜噪音扰民", typed, a.ID, 5); len(list) > 0 && list[0].TrackingNo == a.TrackingNo {
		t.Fatal("the excluded appeal was returned")
	}
	if list, _ := adv.Similar(ctx, "", "申请办理居住证需要哪些材料", 0, 5); len(list) > 0 && list[0].TrackingNo == a.TrackingNo {
		t.Fatalf("an unrelated text found %+v", list[0])
	}

	// A closed appeal is no longer offered.
	if _, err := db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActClose, Note: "重复诉求，已电话告知"}, minyi.SystemActor, minyi.Scope{All: true}); err != nil {
		t.Fatal(err)
	}
	flush(t, adv, relay)
	for _, s := range mustSimilar(t, adv, typed) {
		if s.TrackingNo == a.TrackingNo {
			t.Fatal("a closed appeal is still offered")
		}
	}

	// An appeal another instance relayed is found by the catch-up from
	// the database, without a message on this bus.
	before := time.Now().Add(-time.Second)
	b := noiseAppeal()
	b.Title = "景田北小区楼下的酒吧又开始深夜吵闹"
	if err := db.CreateAppeal(ctx, b, minyi.SystemActor); err != nil {
		t.Fatal(err)
	}
	if err := adv.catchUpSimilar(ctx, before); err != nil {
		t.Fatal(err)
	}
	if list := mustSimilar(t, adv, typed); len(list) == 0 || list[0].TrackingNo != b.TrackingNo {
		t.Fatalf("after catching up: %+v, want %s first", list, b.TrackingNo)
	}
	n := len(adv.similar.meta)
	flush(t, adv, relay) // the create message arrives too: indexed once
	if len(adv.similar.meta) != n {
		t.Fatalf("the index grew from %d to %d on a message for an indexed appeal", n, len(adv.similar.meta))
	}
}

func mustSimilar(t *testing.T, adv *Advisor, text string) []minyi.SimilarAppeal {
	t.Helper()
	list, err := adv.Similar(context.Background(), "", text, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func testAutoDispatch(t *testing.T, db *store.DB, adv *Advisor, relay *events.Relay) {
	ctx := context.Background()
	all := minyi.Scope{All: true}
	a := noiseAppeal()
	advice, err := adv.Advise(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if !advice.Auto {
		// The demo city routes by duty and place, which the unit model
		// learns (see locality): a clear complaint with its street must
		// clear both thresholds.
		t.Fatalf("fixture below the thresholds: category %.3f (threshold %.3f), unit %.3f (threshold %.3f)",
			advice.Categories[0].Probability, advice.CategoryModel.Threshold, advice.Units[0].Probability, advice.UnitModel.Threshold)
	}

	// Off in the settings: the appeal waits for people.
	setAutoDispatch(t, db, false)
	if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
		t.Fatal(err)
	}
	flush(t, adv, relay)
	if got, _ := db.FindAppeal(ctx, a.TrackingNo, all); got.Status != minyi.StatusPending {
		t.Fatalf("dispatched with the setting off: %s", got.Status)
	}

	setAutoDispatch(t, db, true)
	b := noiseAppeal()
	if err := db.CreateAppeal(ctx, b, minyi.SystemActor); err != nil {
		t.Fatal(err)
	}
	flush(t, adv, relay)
	got, err := db.FindAppeal(ctx, b.TrackingNo, all)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != minyi.StatusDispatched || got.UnitID != advice.Units[0].UnitID || got.CategoryID != advice.Categories[0].CategoryID {
		t.Fatalf("after automatic dispatch: %s, unit %d, category %d; want dispatched to %d, %d",
			got.Status, got.UnitID, got.CategoryID, advice.Units[0].UnitID, advice.Categories[0].CategoryID)
	}
	tl, err := db.Timeline(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	e := tl[len(tl)-1]
	if e.Action != minyi.ActDispatch || e.ActorName != minyi.SystemActor.Name || !strings.HasPrefix(e.Note, "智能分拨：类别置信度 ") || !strings.Contains(e.Note, "单位置信度") {
		t.Fatalf("dispatch event %+v", e)
	}
	t.Logf("timeline: %s", e.Note)

	// The create message delivered again changes nothing.
	if err := adv.handle(ctx, events.Message{Topic: "appeal.create", Payload: []byte(`{"id":` + strconv.FormatInt(b.ID, 10) + `,"tracking_no":"` + b.TrackingNo + `"}`)}); err != nil {
		t.Fatalf("duplicate create message: %v", err)
	}
	if tl2, _ := db.Timeline(ctx, b.ID); len(tl2) != len(tl) {
		t.Fatal("a duplicate message dispatched twice")
	}
}

func testCorrection(t *testing.T, db *store.DB, adv *Advisor, relay *events.Relay) {
	ctx := context.Background()
	all := minyi.Scope{All: true}
	dispatcher, err := db.FindUserByUsername(ctx, "dispatcher1")
	if err != nil {
		t.Fatal(err)
	}
	setAutoDispatch(t, db, false)
	a := noiseAppeal()
	a.Title = "景田北小区酒吧噪音（第三次反映）"
	if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
		t.Fatal(err)
	}
	advice, _ := adv.Advise(ctx, a)
	// The dispatcher sends it to the district's police-like bureau the
	// model did not suggest first: a unit other than the model's choice.
	other, err := db.FindUnitByName(ctx, "福田区城市管理和综合执法局")
	if err != nil {
		t.Fatal(err)
	}
	if other.ID == advice.Units[0].UnitID {
		t.Fatal("the fixture's other unit is the model's choice")
	}
	flush(t, adv, relay)
	if _, err := db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: other.ID}, minyi.ActorFor(dispatcher), all); err != nil {
		t.Fatal(err)
	}
	flush(t, adv, relay)
	list, err := db.Corrections(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Kind != minyi.ModelUnit || list[0].Chosen != strconv.FormatInt(other.ID, 10) ||
		list[0].Predicted != strconv.FormatInt(advice.Units[0].UnitID, 10) || list[0].ActorID != dispatcher.ID || list[0].ModelVersion == "" {
		t.Fatalf("corrections %+v", list)
	}

	// Once the unit signs for it, the next training counts it twice.
	handler := minyi.Actor{Name: "执法队员", Role: minyi.RoleHandler, UnitID: other.ID, UserID: dispatcher.ID}
	if _, err := db.Act(ctx, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSign}, handler, minyi.Scope{UnitID: other.ID}); err != nil {
		t.Fatal(err)
	}
	examples, err := db.TrainingExamples(ctx, minyi.ModelUnit, 10)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range examples {
		if e.AppealID == a.ID && e.Label == strconv.FormatInt(other.ID, 10) {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("the corrected appeal appears %d times in the training examples, want 2", n)
	}
	tr := &Trainer{Store: db, Logger: quiet}
	if why, err := tr.NeedsTraining(ctx); err != nil || why == "" {
		t.Fatalf("after a correction: needs training = %q, %v", why, err)
	}

	// An automatic dispatch that the unit returned and a person sent
	// elsewhere is a correction of what the model chose.
	b := noiseAppeal()
	if err := db.CreateAppeal(ctx, b, minyi.SystemActor); err != nil {
		t.Fatal(err)
	}
	auto := advice.Units[0].UnitID
	note := AutoNotePrefix + "类别置信度 99%，单位置信度 99%（测试）"
	for _, step := range []struct {
		req   minyi.ActionRequest
		actor minyi.Actor
	}{
		{minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: auto, Note: note}, minyi.SystemActor},
		{minyi.ActionRequest{Action: minyi.ActReturn, Note: "不属于本街道职责"}, minyi.Actor{Name: "街道", Role: minyi.RoleHandler, UnitID: auto, UserID: dispatcher.ID}},
		{minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: other.ID}, minyi.ActorFor(dispatcher)},
	} {
		if _, err := db.Act(ctx, b.TrackingNo, step.req, step.actor, all); err != nil {
			t.Fatal(err)
		}
	}
	flush(t, adv, relay)
	list, _ = db.Corrections(ctx, b.ID)
	if len(list) != 1 || list[0].Predicted != strconv.FormatInt(auto, 10) || list[0].Chosen != strconv.FormatInt(other.ID, 10) {
		t.Fatalf("corrections after a returned automatic dispatch %+v", list)
	}
}

// testReload checks that an Advisor notices a model saved or activated
// elsewhere.
func testReload(t *testing.T, db *store.DB, adv *Advisor) {
	ctx := context.Background()
	old, _ := adv.Models()
	_, data, err := db.ActiveModel(ctx, minyi.ModelCategory)
	if err != nil {
		t.Fatal(err)
	}
	info := &minyi.ModelInfo{Kind: minyi.ModelCategory, Version: old.Version + "-copy", Examples: old.Examples, Threshold: old.Threshold}
	if err := db.SaveModel(ctx, info, data); err != nil {
		t.Fatal(err)
	}
	if err := adv.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := adv.Models(); got.ID != info.ID {
		t.Fatalf("after a new model the Advisor has #%d, want #%d", got.ID, info.ID)
	}
	if err := db.ActivateModel(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	if err := adv.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := adv.Models(); got.ID != old.ID {
		t.Fatalf("after a rollback the Advisor has #%d, want #%d", got.ID, old.ID)
	}
}

// setAutoDispatch switches automatic dispatch in the city's settings.
func setAutoDispatch(t *testing.T, db *store.DB, on bool) {
	t.Helper()
	ctx := context.Background()
	s, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.AutoDispatch = on
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
}
