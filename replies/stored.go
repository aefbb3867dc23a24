package replies

import (
	"context"
	"time"

	"minyi"
)

// Store keeps the scores of the replies given in the platform; store.DB
// is one.
type Store interface {
	Settings(ctx context.Context) (*minyi.Settings, error)
	SaveReplyScore(ctx context.Context, appealID int64, repliedAt time.Time, s Score) error
	UnscoredReplies(ctx context.Context, since time.Time, limit int) ([]*minyi.Appeal, error)
}

// FromAppeal is the Input of an appeal's current reply: the time runs
// from its receipt to the reply, against its completion deadline.
func FromAppeal(a *minyi.Appeal) Input {
	in := Input{ID: a.TrackingNo, Title: a.Title, Content: a.Content, Received: a.ReceivedAt, Reply: a.Reply}
	if a.RepliedAt != nil {
		in.Replied = *a.RepliedAt
	}
	if a.CompleteDue != nil {
		in.Due = *a.CompleteDue
	}
	return in
}

// scorerFor returns a Scorer on the city's working-day calendar.
func scorerFor(ctx context.Context, st Store) (*Scorer, error) {
	set, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return NewScorer(set.Policy().SLA.Calendar)
}

// ScoreAppeal scores an appeal's reply and stores the score. Without a
// scorer in a batch, terms are weighted by length (IDF nil): a reply is
// scored the moment it is given, alone.
func ScoreAppeal(ctx context.Context, st Store, a *minyi.Appeal) (Score, error) {
	if a.Reply == "" || a.RepliedAt == nil {
		return Score{}, minyi.Errorf(minyi.ENOTFOUND, "诉求 %s 尚未答复", "appeal %s has no reply yet", a.TrackingNo)
	}
	sc, err := scorerFor(ctx, st)
	if err != nil {
		return Score{}, err
	}
	s := sc.Score(FromAppeal(a))
	return s, st.SaveReplyScore(ctx, a.ID, *a.RepliedAt, s)
}

// Backfill scores and stores up to limit replies given at or after since
// that have no score of their current reply, and returns how many.
func Backfill(ctx context.Context, st Store, since time.Time, limit int) (int, error) {
	list, err := st.UnscoredReplies(ctx, since, limit)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	sc, err := scorerFor(ctx, st)
	if err != nil {
		return 0, err
	}
	for i, a := range list {
		if err := ctx.Err(); err != nil {
			return i, err
		}
		if err := st.SaveReplyScore(ctx, a.ID, *a.RepliedAt, sc.Score(FromAppeal(a))); err != nil {
			return i, err
		}
	}
	return len(list), nil
}
