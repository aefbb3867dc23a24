package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"minyi"
	"minyi/evaluation"
)

// evaluationCase closes appeals in October 2026 through the workflow:
// futian 12 (8 complaints, 4 consultations), nanshan 6 complaints; plus
// one closed in November, one left open and one closed before dispatch,
// which no round may draw. It returns the closed October appeals' ids
// and the November appeal's tracking number.
func evaluationCase(t *testing.T, db *DB, f *fixture) (map[int64]bool, string) {
	t.Helper()
	c := useClock(db, cst(2026, 10, 3, 9, 0))
	disp := f.actor(f.dispatcher)
	closed := map[int64]bool{}
	mk := func(title string, unit int64, h minyi.Actor, typ minyi.AppealType, close bool) *minyi.Appeal {
		a := newAppeal(title)
		a.Type = typ
		mustCreate(t, db, a, minyi.SystemActor)
		mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit}, disp, all)
		mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActSign}, h, all)
		if !close {
			return a
		}
		mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActReply, Note: "已派人现场处理完毕，问题已解决。"}, h, all)
		solved := true
		return mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActRate, Rating: minyi.RatingSatisfied, Solved: &solved}, disp, all)
	}
	for i := range 12 {
		typ := minyi.TypeComplaint
		if i%3 == 2 {
			typ = minyi.TypeConsult
		}
		a := mk(fmt.Sprintf("福田%d", i), f.futian.ID, f.actor(f.handlerA), typ, true)
		closed[a.ID] = true
		c.advance(3600e9)
	}
	for i := range 6 {
		a := mk(fmt.Sprintf("南山%d", i), f.nanshan.ID, f.actor(f.handlerB), minyi.TypeComplaint, true)
		closed[a.ID] = true
	}
	mk("仍在办理", f.futian.ID, f.actor(f.handlerA), minyi.TypeComplaint, false)
	inv := newAppeal("无效诉求")
	mustCreate(t, db, inv, minyi.SystemActor)
	mustAct(t, db, inv.TrackingNo, minyi.ActionRequest{Action: minyi.ActClose, Note: "无效诉求"}, disp, all)
	c.set(cst(2026, 11, 2, 9, 0))
	nov := mk("十一月", f.futian.ID, f.actor(f.handlerA), minyi.TypeComplaint, true)
	return closed, nov.TrackingNo
}

func TestEvaluationSampling(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		closed, _ := evaluationCase(t, db, f)

		round := func(d evaluation.Design, seed uint64) (*evaluation.Round, []evaluation.Item) {
			t.Helper()
			d.Normalize()
			if err := d.Validate(d.Strata); err != nil {
				t.Fatal(err)
			}
			r := &evaluation.Round{Name: "十月回访", Period: "2026-10", Design: d, Seed: seed, CreatedBy: "evaluator"}
			if err := db.CreateEvaluationRound(ctx, r); err != nil {
				t.Fatal(err)
			}
			items, err := db.EvaluationItems(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			return r, items
		}
		ids := func(items []evaluation.Item) []int64 {
			var out []int64
			for _, it := range items {
				out = append(out, it.AppealID)
			}
			return out
		}

		// Proportional by unit: 18 closed, 9 to draw → 6 futian, 3 nanshan.
		r1, items1 := round(evaluation.Design{Strata: []string{"unit"}, Mode: evaluation.Proportional, Size: 9, Min: 2}, 42)
		if r1.Population != 18 || len(items1) != 9 {
			t.Fatalf("population %d, sample %d; want 18, 9", r1.Population, len(items1))
		}
		perUnit := map[int64]int{}
		for _, it := range items1 {
			if !closed[it.AppealID] {
				t.Fatalf("drew %s, which is not a closed October appeal", it.TrackingNo)
			}
			perUnit[it.UnitID]++
			if it.ContactPhone == "13800138000" || it.ContactName == "张三" {
				t.Fatalf("sample shows contact details: %+v", it)
			}
		}
		if perUnit[f.futian.ID] != 6 || perUnit[f.nanshan.ID] != 3 {
			t.Fatalf("per unit = %v, want futian 6, nanshan 3", perUnit)
		}

		// The same seed draws the same sample; another seed another one.
		_, again := round(evaluation.Design{Strata: []string{"unit"}, Mode: evaluation.Proportional, Size: 9, Min: 2}, 42)
		if !slices.Equal(ids(items1), ids(again)) {
			t.Fatalf("seed 42 drew %v, then %v", ids(items1), ids(again))
		}
		_, other := round(evaluation.Design{Strata: []string{"unit"}, Mode: evaluation.Proportional, Size: 9, Min: 2}, 7)
		if slices.Equal(ids(items1), ids(other)) {
			t.Fatal("seeds 42 and 7 drew the same sample")
		}

		// Fixed per stratum by unit and type: futian complaints (8),
		// futian consultations (4), nanshan complaints (6) → 3 each.
		r4, items4 := round(evaluation.Design{Strata: []string{"type", "unit"}, Mode: evaluation.Fixed, PerStratum: 3}, 1)
		if len(r4.Strata) != 3 || len(items4) != 9 {
			t.Fatalf("strata %+v, sample %d", r4.Strata, len(items4))
		}
		pops := map[string]int{}
		for _, s := range r4.Strata {
			pops[s.Label] = s.Population
			if s.Sample != 3 {
				t.Fatalf("stratum %+v sampled %d, want 3", s, s.Sample)
			}
		}
		if pops["福田区 · 咨询"] != 4 || pops["福田区 · 投诉"] != 8 || pops["南山区 · 投诉"] != 6 {
			t.Fatalf("strata populations = %v", pops)
		}

		// A period without closed appeals is refused at its field.
		bad := &evaluation.Round{Name: "空", Period: "2026-08", Design: evaluation.Design{Strata: []string{"unit"}, Mode: evaluation.Fixed, PerStratum: 1}}
		err := db.CreateEvaluationRound(ctx, bad)
		if minyi.ErrorFields(err)["period"] == "" {
			t.Fatalf("empty period: %v", err)
		}
	})
}

func TestEvaluationCallbacksStoredApart(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		_, november := evaluationCase(t, db, f)
		d := evaluation.Design{Strata: []string{"unit"}, Mode: evaluation.Fixed, PerStratum: 2}
		d.Normalize()
		r := &evaluation.Round{Name: "回访", Period: "2026-10", Design: d, Seed: 3, CreatedBy: "evaluator"}
		if err := db.CreateEvaluationRound(ctx, r); err != nil {
			t.Fatal(err)
		}
		items, err := db.EvaluationItems(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		target := items[0]
		before, err := db.FindAppeal(ctx, target.TrackingNo, all)
		if err != nil {
			t.Fatal(err)
		}
		evsBefore, _ := db.Timeline(ctx, before.ID)

		call, err := db.RecordEvaluationCall(ctx, r.ID, target.TrackingNo, "evaluator")
		if err != nil || call.Masked == "13800138000" || call.Masked == "" {
			t.Fatalf("call = %+v, %v", call, err)
		}
		no := false
		cb := &evaluation.Callback{Reached: true, Attempts: 2, Solved: evaluation.Unsolved, Satisfaction: minyi.RatingVeryDissatisfied, Contacted: &no, Notes: "群众说没人联系过"}
		if err := cb.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveEvaluationCallback(ctx, r.ID, target.TrackingNo, cb); err != nil {
			t.Fatal(err)
		}
		// Recording again replaces the record.
		cb.Attempts = 3
		if err := db.SaveEvaluationCallback(ctx, r.ID, target.TrackingNo, cb); err != nil {
			t.Fatal(err)
		}
		items, _ = db.EvaluationItems(ctx, r.ID)
		got := items[0].Callback
		if got == nil || got.Attempts != 3 || got.Solved != evaluation.Unsolved || got.Contacted == nil || *got.Contacted || items[0].Calls != 1 {
			t.Fatalf("stored = %+v calls %d", got, items[0].Calls)
		}
		round, _ := db.EvaluationRound(ctx, r.ID)
		if round.Done != 1 || round.Sampled != 4 {
			t.Fatalf("progress %d/%d", round.Done, round.Sampled)
		}

		// The appeal keeps its own rating, status and timeline.
		after, _ := db.FindAppeal(ctx, target.TrackingNo, all)
		evsAfter, _ := db.Timeline(ctx, after.ID)
		if after.Status != before.Status || after.Rating != before.Rating || *after.Solved != *before.Solved || !after.UpdatedAt.Equal(before.UpdatedAt) || len(evsAfter) != len(evsBefore) {
			t.Fatalf("appeal changed: %+v → %+v", before, after)
		}

		// An appeal outside the sample is refused.
		wantCode(t, db.SaveEvaluationCallback(ctx, r.ID, november, cb), minyi.ENOTFOUND)

		// Publishing freezes the round.
		rep := evaluation.Build(round, items, nil, minyi.DefaultKPIConfig(), round.CreatedAt)
		pub, err := db.PublishEvaluation(ctx, r.ID, rep, "evaluator")
		if err != nil || !pub.Published() || !pub.Verify() {
			t.Fatalf("published = %+v, %v", pub, err)
		}
		wantCode(t, db.SaveEvaluationCallback(ctx, r.ID, target.TrackingNo, cb), minyi.ECONFLICT)
		_, err = db.PublishEvaluation(ctx, r.ID, rep, "evaluator")
		wantCode(t, err, minyi.ECONFLICT)
	})
}
