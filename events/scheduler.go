package events

import (
	"context"
	"log/slog"
	"time"

	"minyi"
)

// AutoCloseNote is the timeline note of an appeal closed as 默认满意.
const AutoCloseNote = "超过评价期限，默认满意"

// Scheduler runs periodic workflow jobs.
type Scheduler struct {
	Appeals  minyi.AppealService
	Settings minyi.SettingsService
	Now      func() time.Time // time.Now when nil
	Interval time.Duration    // between runs; 1 minute when 0
	Logger   *slog.Logger
}

// AutoClose closes, as the system, the replied appeals whose rating window
// has passed, when the city has switched AutoCloseUnrated on. It returns
// how many it closed. Appeals rated, re-handled or answered again meanwhile
// are skipped.
func (s *Scheduler) AutoClose(ctx context.Context) (int, error) {
	settings, err := s.Settings.Settings(ctx)
	if err != nil || !settings.AutoCloseUnrated {
		return 0, err
	}
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	window := settings.Policy().RatingWindow
	cutoff := now.Add(-window)
	all := minyi.Scope{All: true}
	const page = 500
	closed := 0
	var before int64
	for {
		// Received before the cutoff is necessary (replies come after
		// receipt); the reply time is checked below.
		list, err := s.Appeals.ListAppeals(ctx, minyi.AppealFilter{Scope: all, Statuses: []minyi.Status{minyi.StatusReplied}, Until: cutoff, BeforeID: before, Limit: page})
		if err != nil {
			return closed, err
		}
		for _, a := range list {
			before = a.ID
			if a.RepliedAt == nil || a.RepliedAt.After(cutoff) {
				continue
			}
			// The reply time is checked again inside the closing
			// transaction: an appeal rated and answered anew since it was
			// listed is replied again, but its new rating window is open.
			req := minyi.ActionRequest{Action: minyi.ActClose, Note: AutoCloseNote, IfRepliedAt: a.RepliedAt}
			_, err := s.Appeals.Act(ctx, a.TrackingNo, req, minyi.SystemActor, all)
			switch minyi.ErrorCode(err) {
			case "":
				closed++
			case minyi.ECONFLICT, minyi.ENOTFOUND:
				// rated or changed since it was listed
			default:
				return closed, err
			}
		}
		if len(list) < page {
			return closed, nil
		}
	}
}

// Run runs the jobs every Interval until ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	interval := s.Interval
	if interval <= 0 {
		interval = time.Minute
	}
	log := s.Logger
	if log == nil {
		log = slog.Default()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.AutoClose(ctx); err != nil && ctx.Err() == nil {
			log.Warn("auto close unrated appeals", "err", err)
		} else if n > 0 {
			log.Info("closed unrated appeals as 默认满意", "count", n)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
