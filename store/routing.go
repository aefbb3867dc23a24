package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"minyi"
)

// KeepModelData is how many inactive models of each kind keep their bytes,
// so that ActivateModel can go back to them. Older ones keep only their
// row: the history of figures stays, the megabytes go.
const KeepModelData = 5

// labelledStatuses are the states of an appeal that a unit has signed for
// and kept: its routing was confirmed by people. Merged appeals, invalid
// ones closed before dispatch (no unit) and appeals still waiting to be
// signed for are not among them.
var labelledStatuses = []minyi.Status{minyi.StatusSigned, minyi.StatusHandling, minyi.StatusReplied,
	minyi.StatusClosed, minyi.StatusReopened}

func validKind(kind string) error {
	if kind != minyi.ModelCategory && kind != minyi.ModelUnit {
		return minyi.Errorf(minyi.EINVALID, "模型类型应为 category 或 unit：%q", "model kind must be category or unit: %q", kind)
	}
	return nil
}

const modelColumns = `id, kind, version, examples, corrections, macro_f1, accuracy, threshold, coverage, precision, size, trained_at, active, data IS NOT NULL`

func scanModel(s scanner) (*minyi.ModelInfo, error) {
	var m minyi.ModelInfo
	var trained int64
	err := s.Scan(&m.ID, &m.Kind, &m.Version, &m.Examples, &m.Corrections, &m.MacroF1, &m.Accuracy,
		&m.Threshold, &m.Coverage, &m.Precision, &m.Size, &trained, &m.Active, &m.Restorable)
	if err != nil {
		return nil, err
	}
	m.TrainedAt = fromMS(trained)
	return &m, nil
}

// SaveModel stores a trained model and makes it the active one of its kind
// in one transaction, so readers see either the old model or the new one.
// It sets info's ID, Size, Active and (when zero) TrainedAt.
func (db *DB) SaveModel(ctx context.Context, info *minyi.ModelInfo, data []byte) error {
	if err := validKind(info.Kind); err != nil {
		return err
	}
	if len(data) == 0 {
		return minyi.Errorf(minyi.EINVALID, "模型数据为空", "the model has no data")
	}
	if info.TrainedAt.IsZero() {
		info.TrainedAt = db.now()
	}
	info.TrainedAt = fromMS(ms(info.TrainedAt))
	info.Size, info.Active, info.Restorable = int64(len(data)), true, true
	return db.inTx(ctx, func(tx *Tx) error {
		const qOff = `UPDATE routing_models SET active = FALSE WHERE kind = ? AND active`
		if _, err := tx.Exec(ctx, qOff, info.Kind); err != nil {
			return err
		}
		const qAdd = `INSERT INTO routing_models (kind, version, examples, corrections, macro_f1, accuracy, threshold, coverage, precision, size, trained_at, active, data)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?)
RETURNING id`
		err := tx.QueryRow(ctx, qAdd, info.Kind, info.Version, info.Examples, info.Corrections, info.MacroF1, info.Accuracy,
			info.Threshold, info.Coverage, info.Precision, info.Size, ms(info.TrainedAt), data).Scan(&info.ID)
		if err != nil {
			return err
		}
		const qPrune = `UPDATE routing_models SET data = NULL
WHERE kind = ? AND NOT active AND data IS NOT NULL AND id NOT IN (
	SELECT id FROM routing_models WHERE kind = ? AND NOT active AND data IS NOT NULL ORDER BY id DESC LIMIT ?)`
		_, err = tx.Exec(ctx, qPrune, info.Kind, info.Kind, KeepModelData)
		return err
	})
}

// ActiveModel returns the active model of a kind with its bytes, or
// ENOTFOUND when none was trained yet.
func (db *DB) ActiveModel(ctx context.Context, kind string) (*minyi.ModelInfo, []byte, error) {
	if err := validKind(kind); err != nil {
		return nil, nil, err
	}
	const q = `SELECT ` + modelColumns + `, data FROM routing_models WHERE kind = ? AND active`
	var data []byte
	var m minyi.ModelInfo
	var trained int64
	err := db.queryRow(ctx, q, kind).Scan(&m.ID, &m.Kind, &m.Version, &m.Examples, &m.Corrections, &m.MacroF1, &m.Accuracy,
		&m.Threshold, &m.Coverage, &m.Precision, &m.Size, &trained, &m.Active, &m.Restorable, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, &minyi.Error{Code: minyi.ENOTFOUND, Message: "尚无已训练的" + kindLabel(kind) + "模型", MessageEN: "no " + kind + " model has been trained"}
	} else if err != nil {
		return nil, nil, err
	}
	m.TrainedAt = fromMS(trained)
	return &m, data, nil
}

// kindLabel is the Chinese name of a model kind.
func kindLabel(kind string) string {
	if kind == minyi.ModelUnit {
		return "承办单位"
	}
	return "分类"
}

// ActiveModelIDs returns the ID of the active model of each kind. It reads
// two small index entries, so every instance can poll it to notice a model
// trained elsewhere.
func (db *DB) ActiveModelIDs(ctx context.Context) (map[string]int64, error) {
	const q = `SELECT kind, id FROM routing_models WHERE active`
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var kind string
		var id int64
		if err := rows.Scan(&kind, &id); err != nil {
			return nil, err
		}
		ids[kind] = id
	}
	return ids, rows.Err()
}

// ListModels returns every stored model, newest first, without the bytes.
func (db *DB) ListModels(ctx context.Context) ([]*minyi.ModelInfo, error) {
	const q = `SELECT ` + modelColumns + ` FROM routing_models ORDER BY id DESC`
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*minyi.ModelInfo
	for rows.Next() {
		m, err := scanModel(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

// ActivateModel makes a stored model the active one of its kind again
// (rollback after a bad retrain). A model whose bytes were dropped cannot
// come back: ECONFLICT.
func (db *DB) ActivateModel(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		const q = `SELECT kind, data IS NOT NULL FROM routing_models WHERE id = ?`
		var kind string
		var kept bool
		if err := tx.QueryRow(ctx, q, id).Scan(&kind, &kept); errors.Is(err, sql.ErrNoRows) {
			return minyi.Errorf(minyi.ENOTFOUND, "模型 %d 不存在", "model %d not found", id)
		} else if err != nil {
			return err
		}
		if !kept {
			return minyi.Errorf(minyi.ECONFLICT, "模型 %d 的数据已清理，不能恢复", "the data of model %d was dropped; it cannot be activated", id)
		}
		const qOff = `UPDATE routing_models SET active = FALSE WHERE kind = ? AND active`
		if _, err := tx.Exec(ctx, qOff, kind); err != nil {
			return err
		}
		const qOn = `UPDATE routing_models SET active = TRUE WHERE id = ?`
		_, err := tx.Exec(ctx, qOn, id)
		return err
	})
}

// Correction records that a person routed an appeal otherwise than a model
// would have (or returned an appeal the model dispatched). Labels are the
// model's: a first-level category ID or a unit ID, as text.
type Correction struct {
	ID           int64
	AppealID     int64
	Kind         string // minyi.ModelCategory or minyi.ModelUnit
	Predicted    string
	Chosen       string
	ModelVersion string
	ActorID      int64
	At           time.Time // the clock's now when zero
}

// RecordCorrection stores a correction. The same choice for the same
// appeal is kept once, so a message delivered twice does not count twice.
func (db *DB) RecordCorrection(ctx context.Context, c *Correction) error {
	if err := validKind(c.Kind); err != nil {
		return err
	}
	if c.At.IsZero() {
		c.At = db.now()
	}
	c.At = fromMS(ms(c.At))
	const q = `INSERT INTO routing_corrections (appeal_id, kind, predicted, chosen, model_version, actor_id, at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (appeal_id, kind, chosen) DO NOTHING`
	_, err := db.exec(ctx, q, c.AppealID, c.Kind, c.Predicted, c.Chosen, c.ModelVersion, nullID(c.ActorID), ms(c.At))
	return err
}

// Corrections returns the corrections of an appeal, oldest first.
func (db *DB) Corrections(ctx context.Context, appealID int64) ([]*Correction, error) {
	const q = `SELECT id, appeal_id, kind, predicted, chosen, model_version, actor_id, at
FROM routing_corrections WHERE appeal_id = ? ORDER BY id`
	rows, err := db.query(ctx, q, appealID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*Correction
	for rows.Next() {
		var c Correction
		var actor sql.NullInt64
		var at int64
		if err := rows.Scan(&c.ID, &c.AppealID, &c.Kind, &c.Predicted, &c.Chosen, &c.ModelVersion, &actor, &at); err != nil {
			return nil, err
		}
		c.ActorID, c.At = actor.Int64, fromMS(at)
		list = append(list, &c)
	}
	return list, rows.Err()
}

// TrainingExample is one labelled appeal for a routing model.
type TrainingExample struct {
	AppealID  int64
	Title     string
	Content   string
	Label     string
	Corrected bool // a person corrected the model on it
	// Where the appeal is: a unit is often chosen by place (the street
	// office of the address), which the text alone may not say.
	District, Street, Address string
}

// TrainingExamples returns the newest labelled appeals (at most limit; all
// when limit ≤ 0) for a model kind. An appeal is labelled once a unit
// signed for it and kept it (labelledStatuses), so a unit that returned or
// passed it on does not count. The unit label is that unit's ID; the
// category label is the ID of the first-level ancestor of its category.
// Appeals a person corrected the model on appear twice, so that they weigh
// double in training.
func (db *DB) TrainingExamples(ctx context.Context, kind string, limit int) ([]TrainingExample, error) {
	if err := validKind(kind); err != nil {
		return nil, err
	}
	var top map[int64]int64
	labelCol := "a.unit_id"
	if kind == minyi.ModelCategory {
		var err error
		if top, err = db.topCategories(ctx); err != nil {
			return nil, err
		}
		labelCol = "a.category_id"
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(labelledStatuses)), ", ")
	args := []any{kind}
	for _, s := range labelledStatuses {
		args = append(args, s)
	}
	q := `SELECT a.id, a.title, a.content, a.district, a.street, a.address, ` + labelCol + `,
	EXISTS (SELECT 1 FROM routing_corrections rc WHERE rc.appeal_id = a.id AND rc.kind = ?)
FROM appeals a
WHERE a.status IN (` + marks + `) AND a.unit_id IS NOT NULL AND ` + labelCol + ` IS NOT NULL
ORDER BY a.id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []TrainingExample
	for rows.Next() {
		var e TrainingExample
		var label int64
		if err := rows.Scan(&e.AppealID, &e.Title, &e.Content, &e.District, &e.Street, &e.Address, &label, &e.Corrected); err != nil {
			return nil, err
		}
		if top != nil {
			if label = top[label]; label == 0 {
				continue // a category outside the taxonomy's tree
			}
		}
		e.Label = strconv.FormatInt(label, 10)
		list = append(list, e)
		if e.Corrected {
			list = append(list, e)
		}
	}
	return list, rows.Err()
}

// topCategories maps every category ID to the ID of its first-level
// ancestor (itself for a first-level one). The taxonomy is small, so it is
// read whole rather than walked in SQL that differs between engines.
func (db *DB) topCategories(ctx context.Context) (map[int64]int64, error) {
	list, err := db.ListCategories(ctx)
	if err != nil {
		return nil, err
	}
	byPath := map[string]int64{}
	for _, c := range list {
		byPath[c.Path] = c.ID
	}
	top := make(map[int64]int64, len(list))
	for _, c := range list {
		first, _, _ := strings.Cut(c.Path, "/")
		if id := byPath[first]; id != 0 {
			top[c.ID] = id
		}
	}
	return top, nil
}

// RoutingChangesSince counts what a model trained at t has not seen:
// appeals signed for since then (new labels) and corrections since then.
// Retraining is skipped when it is zero.
func (db *DB) RoutingChangesSince(ctx context.Context, t time.Time) (int, error) {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(labelledStatuses)), ", ")
	args := []any{ms(t)}
	for _, s := range labelledStatuses {
		args = append(args, s)
	}
	args = append(args, ms(t))
	q := `SELECT (SELECT COUNT(*) FROM appeals a WHERE a.signed_at >= ? AND a.status IN (` + marks + `))
	+ (SELECT COUNT(*) FROM routing_corrections WHERE at >= ?)`
	var n int
	err := db.queryRow(ctx, q, args...).Scan(&n)
	return n, err
}
