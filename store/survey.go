package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	"minyi"
)

const surveySelect = `SELECT s.id, s.code, s.title, s.description, s.status, s.open, s.questions, COALESCE(s.builtin, ''),
	s.created_by, s.created_at, s.updated_at, s.published_at, s.closed_at,
	(SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id)
FROM surveys s`

func scanSurvey(sc scanner) (*minyi.Survey, error) {
	var (
		s                  minyi.Survey
		questions          string
		created, updated   int64
		published, closed_ sql.NullInt64
	)
	err := sc.Scan(&s.ID, &s.Code, &s.Title, &s.Description, &s.Status, &s.Open, &questions, &s.BuiltIn,
		&s.CreatedBy, &created, &updated, &published, &closed_, &s.Responses)
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.UpdatedAt = fromMS(created), fromMS(updated)
	s.PublishedAt, s.ClosedAt = timePtr(published), timePtr(closed_)
	if err := json.Unmarshal([]byte(questions), &s.Questions); err != nil {
		return nil, err
	}
	return &s, nil
}

var errSurveyNotFound = errNotFound("问卷", "survey")

// randomCode is a short random handle for links: lower-case base32, which
// reads well and survives any URL.
func randomCode(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// CreateSurvey validates and stores a new survey with a fresh public code
// (unless it brings one, as the built-in questionnaires do).
func (db *DB) CreateSurvey(ctx context.Context, s *minyi.Survey) error {
	if s.Status == "" {
		s.Status = minyi.SurveyDraft
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		return err
	}
	if s.Code == "" {
		code, err := randomCode(5)
		if err != nil {
			return err
		}
		s.Code = code
	}
	questions, err := json.Marshal(s.Questions)
	if err != nil {
		return err
	}
	now := db.now()
	s.CreatedAt, s.UpdatedAt, s.PublishedAt, s.ClosedAt = now, now, nil, nil
	if s.Status != minyi.SurveyDraft {
		s.PublishedAt = &now
	}
	const q = `INSERT INTO surveys (code, title, description, status, open, questions, builtin, created_by, created_at, updated_at, published_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	err = db.write.QueryRowContext(ctx, db.rebind(q), s.Code, s.Title, s.Description, s.Status, s.Open, string(questions),
		nullString(s.BuiltIn), s.CreatedBy, ms(now), ms(now), msPtr(s.PublishedAt)).Scan(&s.ID)
	if isUniqueViolation(err) {
		return minyi.Errorf(minyi.ECONFLICT, "问卷已存在", "the survey exists already")
	}
	return err
}

// ensureBuiltinSurveys creates the questionnaires the platform keeps when
// they are missing, so that they exist on every database after Open.
func (db *DB) ensureBuiltinSurveys(ctx context.Context) error {
	s := minyi.Haochaping()
	var n int
	const q = `SELECT COUNT(*) FROM surveys WHERE builtin = ?`
	if err := db.write.QueryRowContext(ctx, db.rebind(q), s.BuiltIn).Scan(&n); err != nil || n > 0 {
		return err
	}
	s.CreatedBy = "system"
	err := db.CreateSurvey(ctx, s)
	if minyi.ErrorCode(err) == minyi.ECONFLICT {
		return nil // created meanwhile by another process
	}
	return err
}

// FindSurvey finds a survey by id.
func (db *DB) FindSurvey(ctx context.Context, id int64) (*minyi.Survey, error) {
	s, err := scanSurvey(db.queryRow(ctx, surveySelect+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSurveyNotFound
	}
	return s, err
}

// FindSurveyByCode finds a survey by its public code.
func (db *DB) FindSurveyByCode(ctx context.Context, code string) (*minyi.Survey, error) {
	s, err := scanSurvey(db.queryRow(ctx, surveySelect+` WHERE s.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSurveyNotFound
	}
	return s, err
}

// ListSurveys lists surveys, newest first.
func (db *DB) ListSurveys(ctx context.Context) ([]*minyi.Survey, error) {
	rows, err := db.query(ctx, surveySelect+` ORDER BY s.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*minyi.Survey
	for rows.Next() {
		s, err := scanSurvey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// lockSurvey reads a survey inside a write transaction, locking its row.
func (db *DB) lockSurvey(ctx context.Context, tx *Tx, id int64) (*minyi.Survey, error) {
	s, err := scanSurvey(tx.QueryRow(ctx, surveySelect+` WHERE s.id = ?`+db.forUpdate("s"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSurveyNotFound
	}
	return s, err
}

var errSurveyFrozen = &minyi.Error{Code: minyi.ECONFLICT,
	Message:   "问卷已发布，题目不能再修改（已收集的答卷依赖这些题目）；可以结束问卷，或复制为新草稿后修改",
	MessageEN: "the survey is published: its questions cannot change (collected answers refer to them); close it, or copy it to a new draft"}

// UpdateSurvey saves a survey's title, description, open flag and
// questions. Once published, only the title and description may change.
func (db *DB) UpdateSurvey(ctx context.Context, s *minyi.Survey) error {
	return db.inTx(ctx, func(tx *Tx) error {
		old, err := db.lockSurvey(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		s.Status, s.Code, s.BuiltIn = old.Status, old.Code, old.BuiltIn
		s.Normalize()
		if err := s.Validate(); err != nil {
			return err
		}
		if old.Status != minyi.SurveyDraft && (s.Open != old.Open || !reflect.DeepEqual(s.Questions, old.Questions)) {
			return errSurveyFrozen
		}
		questions, err := json.Marshal(s.Questions)
		if err != nil {
			return err
		}
		s.UpdatedAt = db.now()
		const q = `UPDATE surveys SET title = ?, description = ?, open = ?, questions = ?, updated_at = ? WHERE id = ?`
		if _, err := tx.Exec(ctx, q, s.Title, s.Description, s.Open, string(questions), ms(s.UpdatedAt), s.ID); err != nil {
			return err
		}
		s.CreatedBy, s.CreatedAt, s.PublishedAt, s.ClosedAt, s.Responses = old.CreatedBy, old.CreatedAt, old.PublishedAt, old.ClosedAt, old.Responses
		return nil
	})
}

// SetSurveyStatus publishes a draft or closes a published survey.
func (db *DB) SetSurveyStatus(ctx context.Context, id int64, to minyi.SurveyStatus) (*minyi.Survey, error) {
	var s *minyi.Survey
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if s, err = db.lockSurvey(ctx, tx, id); err != nil {
			return err
		}
		now := db.now()
		var q string
		switch {
		case to == minyi.SurveyPublished && s.Status == minyi.SurveyDraft:
			q, s.PublishedAt = `UPDATE surveys SET status = ?, published_at = ?, updated_at = ? WHERE id = ?`, &now
		case to == minyi.SurveyClosed && s.Status == minyi.SurveyPublished:
			q, s.ClosedAt = `UPDATE surveys SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?`, &now
		default:
			return minyi.Errorf(minyi.ECONFLICT, "问卷当前为“%s”，不能改为“%s”", "a %s survey cannot become %s",
				minyi.SurveyStatusLabels[s.Status], minyi.SurveyStatusLabels[to])
		}
		s.Status, s.UpdatedAt = to, now
		_, err = tx.Exec(ctx, q, to, ms(now), ms(now), id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// CreateSurveyTokens makes one invitation per spec, with a fresh random
// token and the spec's attributes.
func (db *DB) CreateSurveyTokens(ctx context.Context, surveyID int64, specs []minyi.SurveyToken) ([]minyi.SurveyToken, error) {
	if len(specs) == 0 || len(specs) > minyi.MaxSurveyTokens {
		return nil, minyi.Errorf(minyi.EINVALID, "每批邀请数应为 1 到 %d 个", "a batch holds 1 to %d invitations", minyi.MaxSurveyTokens)
	}
	out := make([]minyi.SurveyToken, len(specs))
	err := db.inTx(ctx, func(tx *Tx) error {
		s, err := db.lockSurvey(ctx, tx, surveyID)
		if err != nil {
			return err
		}
		if s.Status == minyi.SurveyClosed {
			return minyi.Errorf(minyi.ECONFLICT, "问卷已结束，不能再发邀请", "the survey is closed")
		}
		now := db.now()
		const q = `INSERT INTO survey_tokens (token, survey_id, district, grp, tracking_no, created_at) VALUES (?, ?, ?, ?, ?, ?)`
		for i, sp := range specs {
			tok, err := randomCode(10)
			if err != nil {
				return err
			}
			out[i] = minyi.SurveyToken{Token: tok, SurveyID: surveyID, District: strings.TrimSpace(sp.District),
				Group: strings.TrimSpace(sp.Group), TrackingNo: sp.TrackingNo, CreatedAt: now}
			if _, err := tx.Exec(ctx, q, tok, surveyID, out[i].District, out[i].Group, out[i].TrackingNo, ms(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SurveyInvitations counts a survey's invitations and those answered.
func (db *DB) SurveyInvitations(ctx context.Context, surveyID int64) (issued, used int, err error) {
	const q = `SELECT COUNT(*), COUNT(used_at) FROM survey_tokens WHERE survey_id = ?`
	err = db.queryRow(ctx, q, surveyID).Scan(&issued, &used)
	return issued, used, err
}

var errTokenNotFound = &minyi.Error{Code: minyi.ENOTFOUND, Message: "邀请链接无效，请核对链接是否完整", MessageEN: "invalid invitation link"}

// FindSurveyToken finds an invitation of a survey.
func (db *DB) FindSurveyToken(ctx context.Context, surveyID int64, token string) (*minyi.SurveyToken, error) {
	const q = `SELECT token, survey_id, district, grp, tracking_no, created_at, used_at FROM survey_tokens WHERE token = ? AND survey_id = ?`
	return scanToken(db.queryRow(ctx, q, token, surveyID))
}

func scanToken(sc scanner) (*minyi.SurveyToken, error) {
	var (
		t       minyi.SurveyToken
		created int64
		used    sql.NullInt64
	)
	err := sc.Scan(&t.Token, &t.SurveyID, &t.District, &t.Group, &t.TrackingNo, &created, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errTokenNotFound
	}
	if err != nil {
		return nil, err
	}
	t.CreatedAt, t.UsedAt = fromMS(created), timePtr(used)
	return &t, nil
}

// ErrAnswered is the answer to a second response with the same token.
var ErrAnswered = &minyi.Error{Code: minyi.ECONFLICT, Message: "您已经填写过这份问卷，感谢参与！每个链接只能提交一次，本次提交未保存。",
	MessageEN: "you have already answered this survey; each link answers once, and this submission was not saved"}

// SubmitSurveyResponse checks and stores a response to a published survey.
// An invitation gives the response its attributes and is used up; an
// open link's token must be new to the survey.
func (db *DB) SubmitSurveyResponse(ctx context.Context, r *minyi.SurveyResponse) error {
	if r.Token == "" {
		return minyi.Errorf(minyi.EINVALID, "缺少填写凭证", "missing respondent token")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		s, err := db.lockSurvey(ctx, tx, r.SurveyID)
		if err != nil {
			return err
		}
		if s.Status != minyi.SurveyPublished {
			return &minyi.Error{Code: minyi.ECONFLICT, Message: "问卷" + s.StatusLabel() + "，不在收集答卷",
				MessageEN: "the survey is " + string(s.Status) + " and takes no answers"}
		}
		// A second answer is told so before any mistake in it.
		now := db.now()
		var tok *minyi.SurveyToken
		if r.Invited {
			const q = `SELECT token, survey_id, district, grp, tracking_no, created_at, used_at FROM survey_tokens WHERE token = ? AND survey_id = ?`
			if tok, err = scanToken(tx.QueryRow(ctx, q, r.Token, r.SurveyID)); err != nil {
				return err
			}
			if tok.UsedAt != nil {
				return ErrAnswered
			}
		} else if !s.Open {
			return minyi.Errorf(minyi.EFORBIDDEN, "这份问卷只接受邀请链接填写", "this survey takes invited respondents only")
		}
		var n int
		const qSeen = `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ? AND token = ?`
		if err := tx.QueryRow(ctx, qSeen, r.SurveyID, r.Token).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrAnswered
		}
		answers, err := s.Check(r.Answers)
		if err != nil {
			return err
		}
		if tok != nil {
			r.District, r.Group = tok.District, tok.Group
			const qUse = `UPDATE survey_tokens SET used_at = ? WHERE token = ?`
			if _, err := tx.Exec(ctx, qUse, ms(now), r.Token); err != nil {
				return err
			}
		}
		body, err := json.Marshal(answers)
		if err != nil {
			return err
		}
		r.Answers, r.SubmittedAt = answers, now
		const q = `INSERT INTO survey_responses (survey_id, token, invited, district, grp, answers, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
		err = tx.QueryRow(ctx, q, r.SurveyID, r.Token, r.Invited, r.District, r.Group, string(body), ms(now)).Scan(&r.ID)
		if isUniqueViolation(err) {
			return ErrAnswered
		}
		return err
	})
}

// HasSurveyResponse reports whether a token has answered the survey.
func (db *DB) HasSurveyResponse(ctx context.Context, surveyID int64, token string) (bool, error) {
	var n int
	const q = `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ? AND token = ?`
	err := db.queryRow(ctx, q, surveyID, token).Scan(&n)
	return n > 0, err
}

// SurveyResponses returns a survey's responses in the order they came.
func (db *DB) SurveyResponses(ctx context.Context, surveyID int64) ([]*minyi.SurveyResponse, error) {
	const q = `SELECT id, survey_id, token, invited, district, grp, answers, submitted_at FROM survey_responses WHERE survey_id = ? ORDER BY id`
	rows, err := db.query(ctx, q, surveyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*minyi.SurveyResponse
	for rows.Next() {
		var (
			r       minyi.SurveyResponse
			answers string
			at      int64
		)
		if err := rows.Scan(&r.ID, &r.SurveyID, &r.Token, &r.Invited, &r.District, &r.Group, &answers, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
			return nil, err
		}
		r.SubmittedAt = fromMS(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}
