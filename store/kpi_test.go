package store

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"minyi"
	"minyi/kpi"
)

// kpiCase builds eleven appeals through the real workflow with a
// controlled clock, in October 2026 (one in November), and returns their
// tracking numbers by title. The figures they must give are counted by
// hand in TestKPIHandCounted.
func kpiCase(t *testing.T, db *DB, f *fixture) map[string]string {
	t.Helper()
	c := useClock(db, cst(2026, 10, 12, 9, 0))
	disp, ha, hb := f.actor(f.dispatcher), f.actor(f.handlerA), f.actor(f.handlerB)
	nos := map[string]string{}
	at := func(d, h, m int) { c.set(cst(2026, 10, d, h, m)) }
	create := func(title string, typ minyi.AppealType) string {
		a := newAppeal(title)
		a.Type = typ
		mustCreate(t, db, a, minyi.SystemActor)
		nos[title] = a.TrackingNo
		return a.TrackingNo
	}
	act := func(no string, actor minyi.Actor, req minyi.ActionRequest) { mustAct(t, db, no, req, actor, all) }
	dispatch := func(no string, unit int64) {
		act(no, disp, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit})
	}
	sign := func(no string, h minyi.Actor) { act(no, h, minyi.ActionRequest{Action: minyi.ActSign}) }
	contact := func(no string, h minyi.Actor) {
		act(no, h, minyi.ActionRequest{Action: minyi.ActContact, Note: "已电话联系"})
	}
	reply := func(no string, h minyi.Actor) {
		act(no, h, minyi.ActionRequest{Action: minyi.ActReply, Note: "已派人现场处理完毕，道路已修复。"})
	}
	rate := func(no string, r minyi.Rating, solved bool) {
		act(no, disp, minyi.ActionRequest{Action: minyi.ActRate, Rating: r, Solved: &solved})
	}

	// A1: everything on time; 非常满意, solved.
	at(12, 9, 0)
	a1 := create("A1", minyi.TypeComplaint)
	dispatch(a1, f.futian.ID)
	at(12, 11, 0)
	sign(a1, ha)
	at(12, 12, 0)
	contact(a1, ha)
	at(13, 9, 0)
	reply(a1, ha)
	at(13, 14, 0)
	rate(a1, minyi.RatingVerySatisfied, true)

	// A2: signed 30 h after dispatch (due 24 h), contacted only by the
	// reply 40 h after; answered in time; 满意, not solved.
	at(12, 9, 0)
	a2 := create("A2", minyi.TypeComplaint)
	dispatch(a2, f.futian.ID)
	at(13, 15, 0)
	sign(a2, ha)
	at(14, 1, 0)
	reply(a2, ha)
	at(14, 9, 0)
	rate(a2, minyi.RatingSatisfied, false)

	// A3: a consultation (3 working days: due Thursday 23:59:59) answered
	// on Friday; 基本满意, solved.
	at(12, 9, 0)
	a3 := create("A3", minyi.TypeConsult)
	dispatch(a3, f.futian.ID)
	at(12, 10, 0)
	sign(a3, ha)
	at(12, 11, 0)
	contact(a3, ha)
	at(16, 10, 0)
	reply(a3, ha)
	at(16, 11, 0)
	rate(a3, minyi.RatingBasic, true)

	// A4: answered, rated 不满意, re-handled in time, then 满意 and solved.
	at(12, 9, 0)
	a4 := create("A4", minyi.TypeComplaint)
	dispatch(a4, f.futian.ID)
	at(12, 10, 0)
	sign(a4, ha)
	at(12, 14, 0)
	reply(a4, ha)
	at(12, 16, 0)
	rate(a4, minyi.RatingDissatisfied, false)
	at(13, 10, 0)
	sign(a4, ha)
	at(13, 11, 0)
	reply(a4, ha)
	at(13, 12, 0)
	rate(a4, minyi.RatingSatisfied, true)

	// A5: dispatched and left alone: every deadline passes.
	at(12, 9, 0)
	a5 := create("A5", minyi.TypeComplaint)
	dispatch(a5, f.futian.ID)

	// A6: on time, answered, not rated; A7 is merged into it.
	at(12, 9, 0)
	a6 := create("A6", minyi.TypeComplaint)
	dispatch(a6, f.futian.ID)
	at(12, 10, 0)
	sign(a6, ha)
	at(12, 10, 30)
	contact(a6, ha)
	at(12, 11, 0)
	reply(a6, ha)
	at(12, 9, 5)
	a7 := create("A7", minyi.TypeComplaint)
	at(12, 12, 0)
	act(a7, disp, minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: a6})

	// A8 (南山区): answered, rated 非常不满意, then nothing: the re-handling
	// deadlines all pass.
	at(12, 9, 0)
	a8 := create("A8", minyi.TypeComplaint)
	dispatch(a8, f.nanshan.ID)
	at(12, 10, 0)
	sign(a8, hb)
	at(12, 11, 0)
	reply(a8, hb)
	at(12, 12, 0)
	rate(a8, minyi.RatingVeryDissatisfied, false)

	// A9: never dispatched.
	at(12, 9, 0)
	create("A9", minyi.TypeComplaint)

	// A10: November, 福田区.
	c.set(cst(2026, 11, 2, 9, 0))
	a10 := create("A10", minyi.TypeComplaint)
	dispatch(a10, f.futian.ID)
	c.set(cst(2026, 11, 2, 10, 0))
	sign(a10, ha)

	// A11: dispatched to 南山区, transferred to 福田区, which signs,
	// contacts and answers in time; not rated.
	at(12, 9, 0)
	a11 := create("A11", minyi.TypeComplaint)
	dispatch(a11, f.nanshan.ID)
	at(12, 10, 0)
	act(a11, disp, minyi.ActionRequest{Action: minyi.ActTransfer, UnitID: f.futian.ID, Note: "属福田区职责"})
	at(12, 11, 0)
	sign(a11, ha)
	at(12, 12, 0)
	contact(a11, ha)
	at(12, 13, 0)
	reply(a11, ha)

	c.set(cst(2026, 11, 30, 9, 0))
	return nos
}

// handCount is one indicator's figure counted by hand: the denominator,
// the numerator and the titles of the appeals in the numerator.
type handCount struct {
	d   int64
	n   float64
	inN []string
}

func TestKPIHandCounted(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		nos := kpiCase(t, db, f)
		now := db.now()
		cfg := minyi.DefaultKPIConfig()
		oct, _ := kpi.ParsePeriod("2026-10")

		want := map[int64]map[string]handCount{
			f.futian.ID: {
				"sign":         {7, 5, []string{"A1", "A3", "A4", "A6", "A11"}},
				"response":     {7, 5, []string{"A1", "A3", "A4", "A6", "A11"}},
				"ontime":       {7, 5, []string{"A1", "A2", "A4", "A6", "A11"}},
				"resolution":   {4, 3, []string{"A1", "A3", "A4"}},
				"satisfaction": {4, 3.9, []string{"A1", "A2", "A3", "A4"}}, // 1 + 1 + 0.9 + 1
				"repeat":       {8, 1, []string{"A7"}},
				"reopen":       {6, 1, []string{"A4"}},
				"rectify":      {1, 1, []string{"A4"}},
			},
			f.nanshan.ID: {
				"sign": {1, 0, nil}, "response": {1, 0, nil}, "ontime": {1, 0, nil}, "resolution": {1, 0, nil},
				"satisfaction": {1, 0, nil}, "repeat": {1, 0, nil}, "reopen": {1, 1, []string{"A8"}}, "rectify": {1, 0, nil},
			},
		}
		counters, err := db.KPIUnitTotals(ctx, oct.Months(), now)
		if err != nil {
			t.Fatal(err)
		}
		places := map[int64]kpi.Place{
			f.futian.ID:  {UnitID: f.futian.ID, UnitName: "福田区", DistrictID: "福田区", DistrictName: "福田区"},
			f.nanshan.ID: {UnitID: f.nanshan.ID, UnitName: "南山区", DistrictID: "南山区", DistrictName: "南山区"},
		}
		rep := kpi.Build(kpi.LevelUnit, oct, counters, places, nil, nil, cfg)
		if len(rep.Rows) != 2 {
			t.Fatalf("rows = %+v", rep.Rows)
		}
		for _, row := range rep.Rows {
			var unit int64
			if row.Name == "福田区" {
				unit = f.futian.ID
			} else {
				unit = f.nanshan.ID
			}
			for _, ind := range kpi.Indicators {
				w := want[unit][ind.Code]
				fig := row.Figure(ind.Code)
				if fig.Denominator != w.d || math.Abs(fig.Numerator-w.n) > 1e-9 {
					t.Errorf("%s %s = %v/%d, want %v/%d", row.Name, ind.Name, fig.Numerator, fig.Denominator, w.n, w.d)
				}
				// The drill-down lists exactly the denominator, and
				// recounting it gives the figure.
				list, total, inN, err := db.KPIAppeals(ctx, KPIAppealQuery{Units: []int64{unit}, Months: oct.Months(), D: ind.D, N: ind.N, Limit: MaxLimit, Count: true}, now)
				if err != nil {
					t.Fatal(err)
				}
				if total != w.d || int64(len(list)) != w.d {
					t.Errorf("%s %s drill-down: %d listed, total %d, want %d", row.Name, ind.Name, len(list), total, w.d)
				}
				var sum float64
				var titles []string
				for _, x := range list {
					if wt := ind.Weight(x.Fact, cfg); wt > 0 {
						sum += wt
						titles = append(titles, x.Title)
					}
				}
				if math.Abs(sum-fig.Numerator) > 1e-9 || (!ind.Weighted && int64(sum) != inN) {
					t.Errorf("%s %s drill-down numerator %v (count %d), figure %v", row.Name, ind.Name, sum, inN, fig.Numerator)
				}
				slices.Sort(titles)
				wantTitles := slices.Clone(w.inN)
				slices.Sort(wantTitles)
				if !slices.Equal(titles, wantTitles) {
					t.Errorf("%s %s numerator appeals = %v, want %v", row.Name, ind.Name, titles, wantTitles)
				}
			}
		}
		ft := rep.Rows[0]
		if ft.Name != "福田区" || ft.Rank != 1 || rep.Rows[1].Rank != 2 {
			t.Fatalf("ranking = %+v", rep.Rows)
		}
		// Composite: 0.1 × 5/7 + 0.5 × 3/4 + 0.4 × 3.9/4.
		if want := 100 * (0.1*5.0/7 + 0.5*0.75 + 0.4*0.975); ft.Score == nil || math.Abs(*ft.Score-want) > 1e-9 || ft.ScoreBand != kpi.Yellow {
			t.Fatalf("score = %v (%s), want %v yellow", ft.Score, ft.ScoreBand, want)
		}
		if fig := ft.Figure("satisfaction"); fig.Band != kpi.Green {
			t.Fatalf("satisfaction band = %s", fig.Band)
		}
		if fig := ft.Figure("repeat"); fig.Band != kpi.Red { // 12.5 % > 10 %
			t.Fatalf("repeat band = %s", fig.Band)
		}

		// A quarter adds November's A10; A9 counts nowhere.
		q4, _ := kpi.ParsePeriod("2026-Q4")
		counters, err = db.KPIUnitTotals(ctx, q4.Months(), now)
		if err != nil {
			t.Fatal(err)
		}
		all := kpi.Build(kpi.LevelUnit, q4, counters, places, nil, nil, cfg)
		if all.Overall.Appeals != 10 || all.Overall.Figure("sign").Denominator != 9 {
			t.Fatalf("Q4 overall: %d appeals, sign %+v", all.Overall.Appeals, all.Overall.Figure("sign"))
		}
		if nos["A9"] == "" {
			t.Fatal("A9 missing")
		}

		// The month totals the trend reads are the sums of the units'.
		totals, err := db.KPIMonthTotals(ctx, q4.Months(), nil, now)
		if err != nil || len(totals) != 2 {
			t.Fatalf("month totals = %v, %v", totals, err)
		}
		var byMonth, byUnit kpi.Counts
		for _, tot := range totals {
			byMonth.Add(tot.Counts, 1)
		}
		for _, c := range counters {
			byUnit.Add(c.Counts, 1)
		}
		if byMonth != byUnit {
			t.Fatalf("months sum to %v, units to %v", byMonth, byUnit)
		}
		if only, _ := db.KPIMonthTotals(ctx, oct.Months(), []int64{f.nanshan.ID}, now); len(only) != 1 || only[0].Counts.Get(kpi.Total) != 1 {
			t.Fatalf("南山区 alone: %v", only)
		}

		// Recomputing from the appeals gives the counters kept along.
		before, _ := db.KPIUnitTotals(ctx, q4.Months(), now)
		beforeMonths, _ := db.KPIMonthTotals(ctx, q4.Months(), nil, now)
		if n, err := db.RecomputeKPI(ctx, 202610, 202612); err != nil || n != 11 {
			t.Fatalf("recompute read %d appeals, %v", n, err)
		}
		after, _ := db.KPIUnitTotals(ctx, q4.Months(), now)
		afterMonths, _ := db.KPIMonthTotals(ctx, q4.Months(), nil, now)
		if !slices.Equal(before, after) || !slices.Equal(beforeMonths, afterMonths) {
			t.Fatalf("recomputed counters differ:\n%v\n%v", before, after)
		}
	})
}

func TestKPIRecheckWhenDeadlinePasses(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		c := useClock(db, cst(2026, 10, 12, 9, 0))
		a := mustCreate(t, db, newAppeal("无人签收"), minyi.SystemActor)
		mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, f.actor(f.dispatcher), all)
		count := func(at time.Time) kpi.Counts {
			list, err := db.KPIUnitTotals(ctx, []int{202610}, at)
			if err != nil || len(list) != 1 {
				t.Fatalf("counters = %v, %v", list, err)
			}
			return list[0].Counts
		}
		if c := count(cst(2026, 10, 12, 18, 0)); c.Get(kpi.SignD) != 0 || c.Get(kpi.Total) != 1 {
			t.Fatalf("before the deadline: %v", c)
		}
		c.set(cst(2026, 10, 13, 9, 1))
		if c := count(db.now()); c.Get(kpi.SignD) != 1 || c.Get(kpi.SignN) != 0 || c.Get(kpi.ContactD) != 1 {
			t.Fatalf("after the deadline: %v", c)
		}
	})
}

func TestKPISnapshotVersions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		body := &kpi.Body{Period: "2026-10", PeriodLabel: "2026年10月", Config: minyi.DefaultKPIConfig(),
			Units: []kpi.Row{{ID: "1", Name: "福田区", Appeals: 8}}}
		v1, err := db.PublishKPI(ctx, body, "admin", "")
		if err != nil || v1.Version != 1 {
			t.Fatalf("publish = %+v, %v", v1, err)
		}
		_, again, _ := body.Canonical()
		if again != v1.Hash {
			t.Fatalf("hash not stable: %s vs %s", again, v1.Hash)
		}
		_, err = db.PublishKPI(ctx, body, "admin", "")
		wantCode(t, err, minyi.ECONFLICT)

		body.Units[0].Appeals = 9
		v2, err := db.PublishKPI(ctx, body, "admin", "更正福田区数据")
		if err != nil || v2.Version != 2 || v2.Hash == v1.Hash {
			t.Fatalf("correction = %+v, %v", v2, err)
		}
		got, err := db.KPISnapshot(ctx, "2026-10", 1)
		if err != nil || got.Hash != v1.Hash || !got.Verify() {
			t.Fatalf("v1 = %+v, %v", got, err)
		}
		b1, _ := got.Decode()
		if b1.Units[0].Appeals != 8 {
			t.Fatalf("v1 changed: %+v", b1.Units)
		}
		latest, _ := db.KPISnapshot(ctx, "2026-10", 0)
		if latest.Version != 2 || latest.Note != "更正福田区数据" {
			t.Fatalf("latest = %+v", latest)
		}
		list, _ := db.KPISnapshots(ctx, "")
		if len(list) != 2 || list[0].Version != 2 || list[1].Hash != v1.Hash {
			t.Fatalf("versions = %+v", list)
		}
		_, err = db.KPISnapshot(ctx, "2026-09", 0)
		wantCode(t, err, minyi.ENOTFOUND)
	})
}

// An old database gets its facts computed on the first read after the
// upgrade; appeals acted on concurrently keep the counters those facts
// give.
func TestKPIUpgradeAndConcurrentActions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		useClock(db, cst(2026, 10, 12, 9, 0))
		var nos []string
		for range 12 {
			a := mustCreate(t, db, newAppeal("并发"), minyi.SystemActor)
			mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: f.futian.ID}, f.actor(f.dispatcher), all)
			nos = append(nos, a.TrackingNo)
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(nos))
		for _, no := range nos {
			wg.Go(func() {
				for _, req := range []minyi.ActionRequest{{Action: minyi.ActSign}, {Action: minyi.ActReply, Note: "已派人现场处理完毕，道路已修复。"}} {
					if _, err := db.Act(ctx, no, req, f.actor(f.handlerA), all); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		now := db.now()
		kept, err := db.KPIUnitTotals(ctx, []int{202610}, now)
		if err != nil || len(kept) != 1 || kept[0].Counts.Get(kpi.SignN) != 12 || kept[0].Counts.Get(kpi.OnTimeN) != 12 {
			t.Fatalf("after concurrent actions: %v, %v", kept, err)
		}

		// As a database from before the assessment: no facts, no
		// counters, and the migration's request to compute them.
		for _, q := range []string{`DELETE FROM kpi_facts`, `DELETE FROM kpi_counters`, `INSERT INTO kpi_state (id, rebuilt) VALUES (1, 0)`} {
			if _, err := db.exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		rebuilt, err := db.KPIUnitTotals(ctx, []int{202610}, now)
		if err != nil || !slices.Equal(rebuilt, kept) {
			t.Fatalf("rebuilt %v, kept %v, %v", rebuilt, kept, err)
		}
		var state int
		if err := db.queryRow(ctx, `SELECT rebuilt FROM kpi_state WHERE id = 1`).Scan(&state); err != nil || state != 1 {
			t.Fatalf("kpi_state = %d, %v", state, err)
		}
	})
}
