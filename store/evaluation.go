package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"minyi"
	"minyi/evaluation"
	"minyi/kpi"
)

// The third-party evaluation (migrations 0015 on SQLite, 0017 on
// PostgreSQL). Its tables are written only here and read nothing back
// into appeals: a callback never changes an appeal or the units' figures.

// CreateEvaluationRound draws the round's sample from the closed appeals
// received in its period that a unit answered for, and stores the round
// with its design, seed and strata. r.Design must be valid.
func (db *DB) CreateEvaluationRound(ctx context.Context, r *evaluation.Round) error {
	p, err := kpi.ParsePeriod(r.Period)
	if err != nil {
		return &minyi.Error{Code: minyi.EINVALID, Message: minyi.ErrorMessage(err), MessageEN: minyi.ErrorMessageEN(err), Fields: map[string]string{"period": minyi.ErrorMessage(err)}}
	}
	r.Period, r.PeriodLabel = p.String(), p.Label()
	from, to := p.Bounds()
	const q = `SELECT a.id, a.unit_id, COALESCE(u.name, ''), a.district, a.type FROM appeals a
LEFT JOIN units u ON u.id = a.unit_id
WHERE a.status = ? AND a.unit_id IS NOT NULL AND a.received_at >= ? AND a.received_at < ? ORDER BY a.id`
	rows, err := db.query(ctx, q, minyi.StatusClosed, ms(from), ms(to))
	if err != nil {
		return err
	}
	var cands []evaluation.Candidate
	for rows.Next() {
		var c evaluation.Candidate
		if err := rows.Scan(&c.AppealID, &c.UnitID, &c.UnitName, &c.District, &c.Type); err != nil {
			rows.Close()
			return err
		}
		cands = append(cands, c)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if len(cands) == 0 {
		msg := p.Label() + "没有已办结的诉求，无法抽样"
		return &minyi.Error{Code: minyi.EINVALID, Message: msg, MessageEN: "no closed appeals in " + p.String(), Fields: map[string]string{"period": msg}}
	}
	drawn, strata := evaluation.Draw(cands, r.Design, r.Seed)
	r.Population, r.Strata, r.Sampled, r.Done = len(cands), strata, len(drawn), 0
	r.CreatedAt = fromMS(ms(db.now()))
	design, _ := json.Marshal(r.Design)
	strataJSON, _ := json.Marshal(r.Strata)
	return db.inTx(ctx, func(tx *Tx) error {
		const qi = `INSERT INTO evaluation_rounds (name, period, design, seed, population, strata, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
		err := tx.QueryRow(ctx, qi, r.Name, r.Period, string(design), strconv.FormatUint(r.Seed, 10), r.Population, string(strataJSON), ms(r.CreatedAt), r.CreatedBy).Scan(&r.ID)
		if err != nil {
			return err
		}
		const qs = `INSERT INTO evaluation_samples (round_id, appeal_id, position, stratum, unit_id)`
		return insertRows(ctx, tx, qs, 5, len(drawn), func(i int) []any {
			d := drawn[i]
			return []any{r.ID, d.AppealID, d.Position, d.Stratum, d.UnitID}
		})
	})
}

const roundSelect = `SELECT r.id, r.name, r.period, r.design, r.seed, r.population, r.strata, r.created_at, r.created_by,
	r.published_at, r.published_by, r.report_hash,
	(SELECT COUNT(*) FROM evaluation_samples s WHERE s.round_id = r.id),
	(SELECT COUNT(*) FROM evaluation_callbacks c WHERE c.round_id = r.id)
FROM evaluation_rounds r`

func scanRound(s scanner) (*evaluation.Round, error) {
	var r evaluation.Round
	var design, seed, strata string
	var created int64
	var published sql.NullInt64
	err := s.Scan(&r.ID, &r.Name, &r.Period, &design, &seed, &r.Population, &strata, &created, &r.CreatedBy,
		&published, &r.PublishedBy, &r.ReportHash, &r.Sampled, &r.Done)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(design), &r.Design); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(strata), &r.Strata); err != nil {
		return nil, err
	}
	if r.Seed, err = strconv.ParseUint(seed, 10, 64); err != nil {
		return nil, err
	}
	if p, err := kpi.ParsePeriod(r.Period); err == nil {
		r.PeriodLabel = p.Label()
	}
	r.CreatedAt, r.PublishedAt = fromMS(created), timePtr(published)
	return &r, nil
}

// EvaluationRounds lists the rounds, newest first, without report bodies.
func (db *DB) EvaluationRounds(ctx context.Context) ([]*evaluation.Round, error) {
	rows, err := db.query(ctx, roundSelect+` ORDER BY r.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*evaluation.Round
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// EvaluationRound returns a round with its published report body.
func (db *DB) EvaluationRound(ctx context.Context, id int64) (*evaluation.Round, error) {
	r, err := scanRound(db.queryRow(ctx, roundSelect+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, minyi.Errorf(minyi.ENOTFOUND, "回访批次 %d 不存在", "callback round %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	var body string
	if err := db.queryRow(ctx, `SELECT report_body FROM evaluation_rounds WHERE id = ?`, id).Scan(&body); err != nil {
		return nil, err
	}
	r.ReportBody = []byte(body)
	return r, nil
}

// EvaluationItems lists a round's sampled appeals in draw order,
// de-identified (evaluation.ItemOf), with their calls and callbacks.
func (db *DB) EvaluationItems(ctx context.Context, roundID int64) ([]evaluation.Item, error) {
	q := `SELECT s.position, s.stratum, s.unit_id, ` + strings.TrimPrefix(appealSelect, "SELECT ") + `
JOIN evaluation_samples s ON s.appeal_id = a.id WHERE s.round_id = ? ORDER BY s.position`
	rows, err := db.query(ctx, q, roundID)
	if err != nil {
		return nil, err
	}
	var items []evaluation.Item
	index := map[int64]int{}
	for rows.Next() {
		var pos int
		var stratum string
		var unit int64
		var a *minyi.Appeal
		a, err = scanAppeal(prefixScanner{rows, []any{&pos, &stratum, &unit}})
		if err != nil {
			rows.Close()
			return nil, err
		}
		it := evaluation.ItemOf(a, pos, stratum)
		// The unit the appeal was sampled under: the one assessed.
		it.UnitID = unit
		index[a.ID] = len(items)
		items = append(items, it)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	calls, err := db.query(ctx, `SELECT appeal_id, COUNT(*) FROM evaluation_calls WHERE round_id = ? GROUP BY appeal_id`, roundID)
	if err != nil {
		return nil, err
	}
	for calls.Next() {
		var id int64
		var n int
		if err := calls.Scan(&id, &n); err != nil {
			calls.Close()
			return nil, err
		}
		if i, ok := index[id]; ok {
			items[i].Calls = n
		}
	}
	if err := calls.Close(); err != nil {
		return nil, err
	}
	cbs, err := db.query(ctx, callbackSelect+` WHERE round_id = ?`, roundID)
	if err != nil {
		return nil, err
	}
	defer cbs.Close()
	for cbs.Next() {
		cb, err := scanCallback(cbs)
		if err != nil {
			return nil, err
		}
		if i, ok := index[cb.AppealID]; ok {
			items[i].Callback = cb
		}
	}
	return items, cbs.Err()
}

// prefixScanner scans leading columns into extra before the appeal's.
type prefixScanner struct {
	s     scanner
	extra []any
}

func (p prefixScanner) Scan(dest ...any) error { return p.s.Scan(append(p.extra, dest...)...) }

const callbackSelect = `SELECT id, round_id, appeal_id, reached, attempts, solved, satisfaction, contacted, notes, at, by_user FROM evaluation_callbacks`

func scanCallback(s scanner) (*evaluation.Callback, error) {
	var cb evaluation.Callback
	var reached int
	var contacted sql.NullInt64
	var at int64
	err := s.Scan(&cb.ID, &cb.RoundID, &cb.AppealID, &reached, &cb.Attempts, &cb.Solved, &cb.Satisfaction, &contacted, &cb.Notes, &at, &cb.By)
	if err != nil {
		return nil, err
	}
	cb.Reached, cb.At = reached == 1, fromMS(at)
	if contacted.Valid {
		v := contacted.Int64 == 1
		cb.Contacted = &v
	}
	return &cb, nil
}

// sampledAppeal finds a sampled appeal of an open round by tracking
// number, in tx, and returns its id and contact phone.
func (db *DB) sampledAppeal(ctx context.Context, tx *Tx, roundID int64, trackingNo string) (int64, string, error) {
	var published sql.NullInt64
	err := tx.QueryRow(ctx, `SELECT published_at FROM evaluation_rounds WHERE id = ?`+db.forUpdate("evaluation_rounds"), roundID).Scan(&published)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", minyi.Errorf(minyi.ENOTFOUND, "回访批次 %d 不存在", "callback round %d not found", roundID)
	}
	if err != nil {
		return 0, "", err
	}
	if published.Valid {
		return 0, "", minyi.Errorf(minyi.ECONFLICT, "该批次的评估报告已发布，不能再记录回访", "the round's report is published; it takes no more callbacks")
	}
	var id int64
	var phone string
	const q = `SELECT a.id, a.contact_phone FROM evaluation_samples s JOIN appeals a ON a.id = s.appeal_id WHERE s.round_id = ? AND a.tracking_no = ?`
	err = tx.QueryRow(ctx, q, roundID, strings.TrimSpace(trackingNo)).Scan(&id, &phone)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", minyi.Errorf(minyi.ENOTFOUND, "诉求 %s 不在该批次的样本中", "appeal %s is not in the round's sample", trackingNo)
	}
	return id, phone, err
}

// RecordEvaluationCall records a call-out to a sampled appeal's citizen,
// keeping the number only masked.
func (db *DB) RecordEvaluationCall(ctx context.Context, roundID int64, trackingNo, by string) (*evaluation.Call, error) {
	c := &evaluation.Call{RoundID: roundID, By: by, At: fromMS(ms(db.now()))}
	err := db.inTx(ctx, func(tx *Tx) error {
		id, phone, err := db.sampledAppeal(ctx, tx, roundID, trackingNo)
		if err != nil {
			return err
		}
		if strings.TrimSpace(phone) == "" {
			return minyi.Errorf(minyi.EINVALID, "诉求 %s 没有留联系电话，无法回访", "appeal %s left no phone number", trackingNo)
		}
		c.AppealID, c.Masked = id, minyi.MaskPhone(phone)
		const q = `INSERT INTO evaluation_calls (round_id, appeal_id, masked_phone, at, by_user) VALUES (?, ?, ?, ?, ?) RETURNING id`
		return tx.QueryRow(ctx, q, roundID, id, c.Masked, ms(c.At), by).Scan(&c.ID)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// SaveEvaluationCallback stores (or replaces) the callback record of a
// sampled appeal of an unpublished round. cb must be valid.
func (db *DB) SaveEvaluationCallback(ctx context.Context, roundID int64, trackingNo string, cb *evaluation.Callback) error {
	cb.RoundID, cb.At = roundID, fromMS(ms(db.now()))
	return db.inTx(ctx, func(tx *Tx) error {
		id, _, err := db.sampledAppeal(ctx, tx, roundID, trackingNo)
		if err != nil {
			return err
		}
		cb.AppealID = id
		reached := 0
		if cb.Reached {
			reached = 1
		}
		var contacted sql.NullInt64
		if cb.Contacted != nil {
			contacted.Valid = true
			if *cb.Contacted {
				contacted.Int64 = 1
			}
		}
		const q = `INSERT INTO evaluation_callbacks (round_id, appeal_id, reached, attempts, solved, satisfaction, contacted, notes, at, by_user)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (round_id, appeal_id) DO UPDATE SET reached = excluded.reached, attempts = excluded.attempts, solved = excluded.solved,
	satisfaction = excluded.satisfaction, contacted = excluded.contacted, notes = excluded.notes, at = excluded.at, by_user = excluded.by_user
RETURNING id`
		return tx.QueryRow(ctx, q, roundID, id, reached, cb.Attempts, cb.Solved, int(cb.Satisfaction), contacted, cb.Notes, ms(cb.At), cb.By).Scan(&cb.ID)
	})
}

// PublishEvaluation freezes a round's report: its canonical JSON and
// SHA-256 (kpi.Canonical, as published KPI periods). A round is
// published once; it takes no callbacks afterwards.
func (db *DB) PublishEvaluation(ctx context.Context, roundID int64, rep *evaluation.Report, by string) (*evaluation.Round, error) {
	data, hash, err := kpi.Canonical(rep)
	if err != nil {
		return nil, err
	}
	at := fromMS(ms(db.now()))
	err = db.inTx(ctx, func(tx *Tx) error {
		var published sql.NullInt64
		err := tx.QueryRow(ctx, `SELECT published_at FROM evaluation_rounds WHERE id = ?`+db.forUpdate("evaluation_rounds"), roundID).Scan(&published)
		if errors.Is(err, sql.ErrNoRows) {
			return minyi.Errorf(minyi.ENOTFOUND, "回访批次 %d 不存在", "callback round %d not found", roundID)
		}
		if err != nil {
			return err
		}
		if published.Valid {
			return minyi.Errorf(minyi.ECONFLICT, "该批次的评估报告已发布", "the round's report is already published")
		}
		const q = `UPDATE evaluation_rounds SET published_at = ?, published_by = ?, report_hash = ?, report_body = ? WHERE id = ?`
		_, err = tx.Exec(ctx, q, ms(at), by, hash, string(data), roundID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.EvaluationRound(ctx, roundID)
}
