package routing

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"minyi"
	"minyi/events"
	"minyi/store"
)

// AutoNotePrefix starts the timeline note of an automatic dispatch.
const AutoNotePrefix = "智能分拨："

// job is one piece of work for the worker: a bus message, a rebuild of
// the similar index, or a marker whose done channel is closed once the
// jobs queued before it were handled (tests wait on it).
type job struct {
	msg     events.Message
	rebuild bool
	since   time.Time // catch up on appeals received since
	done    chan struct{}
}

// change is the part of an outbox payload (store.outboxPayload) routing
// reads.
type change struct {
	ID         int64        `json:"id"`
	TrackingNo string       `json:"tracking_no"`
	Action     minyi.Action `json:"action"`
	Status     minyi.Status `json:"status"`
	CategoryID int64        `json:"category_id"`
	UnitID     int64        `json:"unit_id"`
	ActorID    int64        `json:"actor_id"`
}

// enqueue is the bus handler. It runs on the publisher's goroutine (the
// outbox relay), so it only queues; when the queue is full the message is
// dropped rather than holding up every other subscriber.
func (a *Advisor) enqueue(_ context.Context, m events.Message) {
	select {
	case a.queue <- job{msg: m}:
	default:
		a.log.Warn("routing: queue full, message skipped", "topic", m.Topic, "id", m.ID)
	}
}

// work handles queued jobs one at a time until ctx ends.
func (a *Advisor) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-a.queue:
			var err error
			switch {
			case j.done != nil:
				close(j.done)
			case j.rebuild:
				err = a.rebuildSimilar(ctx)
			case !j.since.IsZero():
				err = a.catchUpSimilar(ctx, j.since)
			default:
				err = a.handle(ctx, j.msg)
			}
			if err != nil && ctx.Err() == nil {
				a.log.Warn("routing: handle", "topic", j.msg.Topic, "id", j.msg.ID, "err", err)
			}
		}
	}
}

// handle applies one appeal change: index a new appeal and try to
// dispatch it, note a person's routing against the models', and keep the
// similar index's states current.
func (a *Advisor) handle(ctx context.Context, m events.Message) error {
	var c change
	if err := json.Unmarshal(m.Payload, &c); err != nil {
		return fmt.Errorf("payload: %w", err)
	}
	switch m.Topic {
	case "appeal.create":
		ap, err := a.db.FindAppeal(ctx, c.TrackingNo, minyi.Scope{All: true})
		if err != nil {
			return err
		}
		a.similar.add(ap)
		return a.autoDispatch(ctx, ap)
	case "appeal.dispatch", "appeal.transfer":
		a.similar.setStatus(c.ID, c.Status)
		// The system's own dispatches have no actor ID.
		if c.ActorID != 0 {
			return a.checkCorrection(ctx, c)
		}
	case "appeal.support":
		// The supporters count is not in the payload.
		if a.similar.has(c.ID) {
			ap, err := a.db.FindAppeal(ctx, c.TrackingNo, minyi.Scope{All: true})
			if err != nil {
				return err
			}
			a.similar.add(ap)
		}
	default:
		a.similar.setStatus(c.ID, c.Status)
	}
	return nil
}

// autoDispatch dispatches a pending appeal, as the system, to the unit
// and category both models are confident of, when the city allows it.
func (a *Advisor) autoDispatch(ctx context.Context, ap *minyi.Appeal) error {
	if ap.Status != minyi.StatusPending {
		return nil
	}
	settings, err := a.db.Settings(ctx)
	if err != nil || !settings.AutoDispatch {
		return err
	}
	adv, err := a.Advise(ctx, ap)
	if err != nil || adv == nil || !adv.Auto || len(adv.Categories) == 0 || len(adv.Units) == 0 {
		return err
	}
	cat, unit := adv.Categories[0], adv.Units[0]
	req := minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: unit.UnitID,
		Note: fmt.Sprintf("%s类别置信度 %d%%，单位置信度 %d%%（模型 #%d、#%d）", AutoNotePrefix,
			percent(cat.Probability), percent(unit.Probability), adv.CategoryModel.ID, adv.UnitModel.ID)}
	if ap.CategoryID == 0 {
		req.CategoryID = cat.CategoryID
	} else if topPath(ap.Category) != cat.Category {
		// The citizen (or the intake clerk) chose another category than
		// the model: a disagreement is for a person to settle.
		return nil
	}
	_, err = a.db.Act(ctx, ap.TrackingNo, req, minyi.SystemActor, minyi.Scope{All: true})
	switch minyi.ErrorCode(err) {
	case "":
		a.log.Info("routing: dispatched automatically", "tracking_no", ap.TrackingNo, "unit", unit.UnitName,
			"category", cat.Category, "p_unit", round3(unit.Probability), "p_category", round3(cat.Probability))
		return nil
	case minyi.ECONFLICT, minyi.ENOTFOUND:
		return nil // dispatched, merged or closed meanwhile (or a message delivered twice)
	}
	return err
}

// percent rounds a probability down to whole percent, so that a 99.6 %
// guess never reads as certain.
func percent(p float64) int { return int(p * 100) }

// topPath is the first level of a category path "一级/二级/三级".
func topPath(path string) string {
	first, _, _ := strings.Cut(path, "/")
	return first
}

// checkCorrection records where a person's dispatch or transfer differs
// from the models: for the unit, from the system's own earlier dispatch of
// the appeal if there was one (it was returned or passed on), else from
// what the unit model would choose now; for the category, from the
// category model.
func (a *Advisor) checkCorrection(ctx context.Context, c change) error {
	cat, unit := a.model(minyi.ModelCategory), a.model(minyi.ModelUnit)
	if cat == nil && unit == nil {
		return nil
	}
	ap, err := a.db.FindAppeal(ctx, c.TrackingNo, minyi.Scope{All: true})
	if err != nil {
		return err
	}
	record := func(l *loaded, kind, predicted, chosen string) error {
		if predicted == "" || chosen == "" || predicted == chosen {
			return nil
		}
		version := ""
		if l != nil {
			version = l.info.Version
		}
		return a.db.RecordCorrection(ctx, &store.Correction{AppealID: c.ID, Kind: kind, Predicted: predicted,
			Chosen: chosen, ModelVersion: version, ActorID: c.ActorID})
	}
	if c.UnitID != 0 {
		predicted, err := a.systemUnit(ctx, ap.ID)
		if err != nil {
			return err
		}
		if predicted == "" && unit != nil {
			if top := unit.predict(ap, a.locality()); len(top) > 0 {
				predicted = top[0].Label
			}
		}
		if err := record(unit, minyi.ModelUnit, predicted, strconv.FormatInt(c.UnitID, 10)); err != nil {
			return err
		}
	}
	if cat != nil && c.CategoryID != 0 {
		chosen := a.topCategoryID(c.CategoryID)
		predicted := cat.predict(ap, nil)[0].Label
		if err := record(cat, minyi.ModelCategory, predicted, chosen); err != nil {
			return err
		}
	}
	return nil
}

// systemUnit returns the unit of the system's latest automatic dispatch
// of an appeal ("" when there was none).
func (a *Advisor) systemUnit(ctx context.Context, appealID int64) (string, error) {
	tl, err := a.db.Timeline(ctx, appealID)
	if err != nil {
		return "", err
	}
	for i := len(tl) - 1; i >= 0; i-- {
		e := tl[i]
		if e.Action == minyi.ActDispatch && e.ActorID == 0 && strings.HasPrefix(e.Note, AutoNotePrefix) {
			return strconv.FormatInt(e.UnitID, 10), nil
		}
	}
	return "", nil
}

// topCategoryID returns the ID, as a label, of a category's first-level
// ancestor ("" when unknown).
func (a *Advisor) topCategoryID(id int64) string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	top := topPath(a.categories[id])
	for cid, path := range a.categories {
		if path == top && top != "" {
			return strconv.FormatInt(cid, 10)
		}
	}
	return ""
}
