package store

import (
	"context"
	"time"

	"minyi"
)

// addSupporter records that voter joined the appeal; a second time is
// ECONFLICT, so that one person counts once (the caller's transaction then
// rolls back the count).
func addSupporter(ctx context.Context, tx *Tx, appealID int64, voter string, at time.Time) error {
	const q = `INSERT INTO supports (appeal_id, voter, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
	res, err := tx.Exec(ctx, q, appealID, voter, ms(at))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return minyi.Errorf(minyi.ECONFLICT, "您已附议过这条诉求，每人只计一次", "you have already joined this appeal; each person counts once")
	}
	return nil
}
