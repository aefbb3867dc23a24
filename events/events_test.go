package events

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"minyi"
	"minyi/store"
)

func TestBusPrefixes(t *testing.T) {
	ctx := context.Background()
	b := NewBus(nil)
	var mu sync.Mutex
	got := map[string][]string{}
	rec := func(name string) Handler {
		return func(_ context.Context, m Message) {
			mu.Lock()
			got[name] = append(got[name], m.Topic)
			mu.Unlock()
		}
	}
	b.Subscribe("", rec("all"))
	unsub := b.Subscribe("appeal.", rec("appeal"))
	b.Subscribe("appeal.rate", rec("rate"))
	b.Subscribe("user.", func(context.Context, Message) { panic("boom") })

	for _, topic := range []string{"appeal.create", "appeal.rate", "user.login"} {
		if err := b.Publish(ctx, Message{Topic: topic}); err != nil {
			t.Fatal(err)
		}
	}
	unsub()
	b.Publish(ctx, Message{Topic: "appeal.close"})

	want := map[string]int{"all": 4, "appeal": 2, "rate": 1}
	for k, n := range want {
		if len(got[k]) != n {
			t.Errorf("%s got %v, want %d messages", k, got[k], n)
		}
	}
}

// fakeOutbox is an outbox in memory.
type fakeOutbox struct {
	msgs      []store.OutboxMessage
	delivered map[int64]int
}

func (f *fakeOutbox) PendingOutbox(_ context.Context, limit int) ([]store.OutboxMessage, error) {
	var out []store.OutboxMessage
	for _, m := range f.msgs {
		if f.delivered[m.ID] == 0 && len(out) < limit {
			out = append(out, m)
		}
	}
	return out, nil
}

func (f *fakeOutbox) MarkOutboxDelivered(_ context.Context, ids []int64) error {
	for _, id := range ids {
		f.delivered[id]++
	}
	return nil
}

// flaky fails once on one message ID.
type flaky struct {
	failOn int64
	failed bool
	seen   []int64
}

func (p *flaky) Publish(_ context.Context, m Message) error {
	if m.ID == p.failOn && !p.failed {
		p.failed = true
		return errors.New("broker down")
	}
	p.seen = append(p.seen, m.ID)
	return nil
}

func TestRelayAtLeastOnce(t *testing.T) {
	ctx := context.Background()
	ob := &fakeOutbox{delivered: map[int64]int{}}
	for i := int64(1); i <= 5; i++ {
		ob.msgs = append(ob.msgs, store.OutboxMessage{ID: i, Topic: "appeal.create", Payload: []byte(`{}`)})
	}
	pub := &flaky{failOn: 3}
	r := &Relay{Outbox: ob, Publisher: pub, Batch: 10}
	n, err := r.RunOnce(ctx)
	if err == nil || n != 2 {
		t.Fatalf("first run delivered %d, err %v; want 2 and an error", n, err)
	}
	if ob.delivered[3] != 0 || ob.delivered[1] != 1 {
		t.Fatalf("delivered %v", ob.delivered)
	}
	n, err = r.RunOnce(ctx)
	if err != nil || n != 3 {
		t.Fatalf("second run delivered %d, err %v", n, err)
	}
	if n, _ := r.RunOnce(ctx); n != 0 {
		t.Errorf("third run delivered %d", n)
	}
	if len(pub.seen) != 5 {
		t.Errorf("published %v", pub.seen)
	}
}

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestRelayFromStore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openDB(t)
	bus := NewBus(nil)
	got := make(chan Message, 10)
	bus.Subscribe("appeal.", func(_ context.Context, m Message) { got <- m })
	done := make(chan error, 1)
	go func() { done <- (&Relay{Outbox: db, Publisher: bus, Interval: 20 * time.Millisecond}).Run(ctx) }()

	a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelWeb, Title: "路灯不亮", Content: "小区门口路灯坏了一个月。", Anonymous: true}
	if err := db.CreateAppeal(ctx, a, minyi.Actor{Name: "市民", Role: minyi.RoleCitizen}); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-got:
		if m.Topic != "appeal.create" || len(m.Payload) == 0 || m.ID == 0 {
			t.Errorf("message %+v", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message relayed")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		pending, err := db.PendingOutbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("outbox row not marked delivered")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

func TestAutoClose(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, minyi.DefaultLocation)
	db.Now = func() time.Time { return clock }

	city := &minyi.Unit{Code: "440300", Name: "深圳市", Kind: minyi.UnitCity}
	if err := db.CreateUnit(ctx, city); err != nil {
		t.Fatal(err)
	}
	unit := &minyi.Unit{Code: "440304", Name: "福田区", Kind: minyi.UnitDistrict, ParentID: city.ID}
	if err := db.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	all := minyi.Scope{All: true}
	handler := minyi.Actor{Name: "承办人", Role: minyi.RoleHandler, UnitID: unit.ID}
	// Two replied appeals: one long ago, one recently; a third not replied.
	newAppeal := func(reply bool) string {
		a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelHotline, Title: "噪音扰民", Content: "楼下商铺喇叭声音很大。", ContactPhone: "13800138000"}
		if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			req   minyi.ActionRequest
			actor minyi.Actor
		}{
			{minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit.ID}, minyi.SystemActor},
			{minyi.ActionRequest{Action: minyi.ActSign}, handler},
		}
		if reply {
			steps = append(steps, struct {
				req   minyi.ActionRequest
				actor minyi.Actor
			}{minyi.ActionRequest{Action: minyi.ActReply, Note: "已责令商铺停止使用高音喇叭，复查已整改。"}, handler})
		}
		for _, s := range steps {
			if _, err := db.Act(ctx, a.TrackingNo, s.req, s.actor, all); err != nil {
				t.Fatalf("%s: %v", s.req.Action, err)
			}
		}
		return a.TrackingNo
	}
	old := newAppeal(true)
	open := newAppeal(false)
	clock = clock.Add(6 * 24 * time.Hour)
	recent := newAppeal(true)
	clock = clock.Add(2 * 24 * time.Hour) // old: replied 8 days ago; recent: 2 days ago

	s := &Scheduler{Appeals: db, Settings: db, Now: func() time.Time { return clock }}
	if n, err := s.AutoClose(ctx); err != nil || n != 0 {
		t.Fatalf("with the switch off closed %d (%v)", n, err)
	}
	settings, _ := db.Settings(ctx)
	settings.AutoCloseUnrated, settings.RatingWindowDays = true, 7
	if err := db.SaveSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	if n, err := s.AutoClose(ctx); err != nil || n != 1 {
		t.Fatalf("closed %d (%v), want 1", n, err)
	}
	for no, want := range map[string]minyi.Status{old: minyi.StatusClosed, recent: minyi.StatusReplied, open: minyi.StatusSigned} {
		a, err := db.FindAppeal(ctx, no, all)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != want {
			t.Errorf("%s is %s, want %s", no, a.Status, want)
		}
		if no == old {
			evs, _ := db.Timeline(ctx, a.ID)
			last := evs[len(evs)-1]
			if last.Action != minyi.ActClose || last.Note != AutoCloseNote || last.ActorName != minyi.SystemActor.Name {
				t.Errorf("last event %+v", last)
			}
		}
	}
	if n, err := s.AutoClose(ctx); err != nil || n != 0 {
		t.Errorf("second run closed %d (%v)", n, err)
	}
}

// listThenChange lists appeals, then runs change before AutoClose gets to
// act on them, as a citizen and a unit would between the two.
type listThenChange struct {
	minyi.AppealService
	change func()
}

func (l *listThenChange) ListAppeals(ctx context.Context, f minyi.AppealFilter) ([]*minyi.Appeal, error) {
	list, err := l.AppealService.ListAppeals(ctx, f)
	if l.change != nil {
		l.change()
		l.change = nil
	}
	return list, err
}

// An appeal rated 不满意, re-handled and answered again after AutoClose
// listed it is replied again, but its new rating window has just begun: it
// must not be closed as 默认满意.
func TestAutoCloseSkipsAnAppealAnsweredAgain(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, minyi.DefaultLocation)
	db.Now = func() time.Time { return clock }
	city := &minyi.Unit{Code: "440300", Name: "深圳市", Kind: minyi.UnitCity}
	if err := db.CreateUnit(ctx, city); err != nil {
		t.Fatal(err)
	}
	unit := &minyi.Unit{Code: "440304", Name: "福田区", Kind: minyi.UnitDistrict, ParentID: city.ID}
	if err := db.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	settings, _ := db.Settings(ctx)
	settings.AutoCloseUnrated, settings.RatingWindowDays = true, 7
	if err := db.SaveSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	all := minyi.Scope{All: true}
	handler := minyi.Actor{Name: "承办人", Role: minyi.RoleHandler, UnitID: unit.ID}
	a := &minyi.Appeal{Type: minyi.TypeComplaint, Channel: minyi.ChannelHotline, Title: "噪音扰民", Content: "楼下商铺喇叭声音很大。", ContactPhone: "13800138000"}
	if err := db.CreateAppeal(ctx, a, minyi.SystemActor); err != nil {
		t.Fatal(err)
	}
	no := false
	step := func(req minyi.ActionRequest, actor minyi.Actor) {
		t.Helper()
		if _, err := db.Act(ctx, a.TrackingNo, req, actor, all); err != nil {
			t.Fatalf("%s: %v", req.Action, err)
		}
	}
	step(minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit.ID}, minyi.SystemActor)
	step(minyi.ActionRequest{Action: minyi.ActSign}, handler)
	step(minyi.ActionRequest{Action: minyi.ActReply, Note: "已责令商铺停止使用高音喇叭。"}, handler)
	clock = clock.Add(8 * 24 * time.Hour) // the rating window has passed

	s := &Scheduler{Settings: db, Now: func() time.Time { return clock }}
	s.Appeals = &listThenChange{AppealService: db, change: func() {
		step(minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingDissatisfied, Solved: &no}, minyi.SystemActor)
		step(minyi.ActionRequest{Action: minyi.ActSign}, handler)
		step(minyi.ActionRequest{Action: minyi.ActReply, Note: "已现场复查，商铺已拆除高音喇叭。"}, handler)
	}}
	if n, err := s.AutoClose(ctx); err != nil || n != 0 {
		t.Fatalf("closed %d (%v), want 0", n, err)
	}
	got, err := db.FindAppeal(ctx, a.TrackingNo, all)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != minyi.StatusReplied || !got.RepliedAt.Equal(clock) {
		t.Errorf("status %s replied %v, want replied at %s", got.Status, got.RepliedAt, clock)
	}
}
