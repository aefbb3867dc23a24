package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"minyi"
)

const userSelect = `SELECT s.id, s.username, s.display_name, s.role, s.unit_id, COALESCE(un.name, ''), s.phone, s.disabled, s.created_at
FROM users s LEFT JOIN units un ON un.id = s.unit_id`

func scanUser(s scanner) (*minyi.User, error) {
	var u minyi.User
	var unit sql.NullInt64
	var created int64
	if err := s.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &unit, &u.UnitName, &u.Phone, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.UnitID, u.CreatedAt = unit.Int64, fromMS(created)
	return &u, nil
}

func checkPassword(password string) error {
	if utf8.RuneCountInString(password) < minyi.MinPasswordLen {
		return &minyi.Error{Code: minyi.EINVALID, Message: "密码至少 8 个字符", MessageEN: "the password must be at least 8 characters", Fields: map[string]string{"password": "密码至少 8 个字符"}}
	}
	return nil
}

// checkUserUnit returns EINVALID when a user's unit does not exist.
func checkUserUnit(ctx context.Context, tx *Tx, unitID int64) error {
	if unitID == 0 {
		return nil
	}
	const q = `SELECT COUNT(*) FROM units WHERE id = ?`
	var n int
	if err := tx.QueryRow(ctx, q, unitID).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return &minyi.Error{Code: minyi.EINVALID, Message: "所属单位不存在", MessageEN: "unknown unit", Fields: map[string]string{"unit_id": "所属单位不存在"}}
	}
	return nil
}

func errUsername(name string) error {
	return &minyi.Error{Code: minyi.ECONFLICT, Message: "用户名 " + name + " 已被使用", MessageEN: "username " + name + " is taken", Fields: map[string]string{"username": "用户名已被使用"}}
}

func normalizeUser(u *minyi.User) {
	u.Username = strings.TrimSpace(u.Username)
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	u.Phone = strings.TrimSpace(u.Phone)
}

// validateUser checks a user (minyi.User.Validate) and, when one is given,
// a new password, reporting the problems of both at once.
func validateUser(u *minyi.User, password *string) error {
	normalizeUser(u)
	err := u.Validate()
	if password == nil {
		return err
	}
	perr := checkPassword(*password)
	switch {
	case perr == nil:
		return err
	case err == nil:
		return perr
	}
	minyi.ErrorFields(err)["password"] = minyi.ErrorFields(perr)["password"]
	return err
}

// CreateUser stores a new account with an argon2id hash of its password.
func (db *DB) CreateUser(ctx context.Context, u *minyi.User, password string) error {
	if err := validateUser(u, &password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.CreatedAt = db.now()
	err = db.inTx(ctx, func(tx *Tx) error {
		if err := checkUserUnit(ctx, tx, u.UnitID); err != nil {
			return err
		}
		const q = `INSERT INTO users (username, display_name, role, unit_id, phone, password_hash, disabled, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
		err := tx.QueryRow(ctx, q, u.Username, u.DisplayName, u.Role, nullID(u.UnitID), u.Phone, hash, u.Disabled, ms(u.CreatedAt)).Scan(&u.ID)
		if isUniqueViolation(err) {
			return errUsername(u.Username)
		}
		return err
	})
	if err != nil {
		return err
	}
	return db.fillUnitName(ctx, u)
}

func (db *DB) fillUnitName(ctx context.Context, u *minyi.User) error {
	u.UnitName = ""
	if u.UnitID == 0 {
		return nil
	}
	const q = `SELECT name FROM units WHERE id = ?`
	return db.queryRow(ctx, q, u.UnitID).Scan(&u.UnitName)
}

// UpdateUser changes an account's username, name, role, unit, phone and
// whether it is disabled. Disabling a user ends their sessions.
func (db *DB) UpdateUser(ctx context.Context, u *minyi.User) error {
	return db.updateUser(ctx, u, nil)
}

// UpdateUserAndPassword is UpdateUser and SetPassword in one transaction:
// either both changes are saved or neither is.
func (db *DB) UpdateUserAndPassword(ctx context.Context, u *minyi.User, password string) error {
	return db.updateUser(ctx, u, &password)
}

// updateUser saves u and, when password is not nil, a new password; a new
// password or disabling the user ends their sessions.
func (db *DB) updateUser(ctx context.Context, u *minyi.User, password *string) error {
	if err := validateUser(u, password); err != nil {
		return err
	}
	var hash string
	if password != nil {
		var err error
		if hash, err = HashPassword(*password); err != nil {
			return err
		}
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := checkUserUnit(ctx, tx, u.UnitID); err != nil {
			return err
		}
		const q = `UPDATE users SET username = ?, display_name = ?, role = ?, unit_id = ?, phone = ?, disabled = ? WHERE id = ?`
		res, err := tx.Exec(ctx, q, u.Username, u.DisplayName, u.Role, nullID(u.UnitID), u.Phone, u.Disabled, u.ID)
		if isUniqueViolation(err) {
			return errUsername(u.Username)
		} else if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errNotFound("用户", "user")
		}
		if password != nil {
			const qPassword = `UPDATE users SET password_hash = ? WHERE id = ?`
			if _, err := tx.Exec(ctx, qPassword, hash, u.ID); err != nil {
				return err
			}
		}
		if u.Disabled || password != nil {
			const qEnd = `DELETE FROM sessions WHERE user_id = ?`
			if _, err := tx.Exec(ctx, qEnd, u.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return db.fillUnitName(ctx, u)
}

// SetPassword replaces a user's password and ends their sessions.
func (db *DB) SetPassword(ctx context.Context, userID int64, password string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		const q = `UPDATE users SET password_hash = ? WHERE id = ?`
		res, err := tx.Exec(ctx, q, hash, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errNotFound("用户", "user")
		}
		const qEnd = `DELETE FROM sessions WHERE user_id = ?`
		_, err = tx.Exec(ctx, qEnd, userID)
		return err
	})
}

// FindUser returns a user by ID.
func (db *DB) FindUser(ctx context.Context, id int64) (*minyi.User, error) {
	const q = userSelect + ` WHERE s.id = ?`
	u, err := scanUser(db.queryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("用户", "user")
	}
	return u, err
}

// FindUserByUsername returns a user by username.
func (db *DB) FindUserByUsername(ctx context.Context, username string) (*minyi.User, error) {
	const q = userSelect + ` WHERE s.username = ?`
	u, err := scanUser(db.queryRow(ctx, q, strings.TrimSpace(username)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound("用户", "user")
	}
	return u, err
}

// ListUsers returns every account in the order created.
func (db *DB) ListUsers(ctx context.Context) ([]*minyi.User, error) {
	const q = userSelect + ` ORDER BY s.id`
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*minyi.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	return list, rows.Err()
}

func errLogin() error {
	return minyi.Errorf(minyi.EUNAUTHORIZED, "用户名或密码错误", "wrong username or password")
}

// Authenticate checks a username and password. Any mismatch, and a disabled
// account, gives the same EUNAUTHORIZED error.
func (db *DB) Authenticate(ctx context.Context, username, password string) (*minyi.User, error) {
	const qHash = `SELECT password_hash FROM users WHERE username = ?`
	var hash string
	err := db.queryRow(ctx, qHash, strings.TrimSpace(username)).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		CheckPassword(dummyHash, password)
		return nil, errLogin()
	} else if err != nil {
		return nil, err
	}
	if !CheckPassword(hash, password) {
		return nil, errLogin()
	}
	u, err := db.FindUserByUsername(ctx, username)
	if minyi.ErrorCode(err) == minyi.ENOTFOUND || (err == nil && u.Disabled) {
		return nil, errLogin()
	}
	return u, err
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// secretHash is what is stored for a session ID or token: its SHA-256.
func secretHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// CreateSession starts a login session. Only a hash of its ID is stored.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (*minyi.Session, error) {
	id, err := randomToken(32)
	if err != nil {
		return nil, err
	}
	csrf, err := randomToken(32)
	if err != nil {
		return nil, err
	}
	now := db.now()
	s := &minyi.Session{ID: id, UserID: userID, CSRF: csrf, ExpiresAt: fromMS(ms(now.Add(ttl)))}
	err = db.inTx(ctx, func(tx *Tx) error {
		// Expired sessions are swept as new ones start.
		const qSweep = `DELETE FROM sessions WHERE expires_at < ?`
		if _, err := tx.Exec(ctx, qSweep, ms(now)); err != nil {
			return err
		}
		const q = `INSERT INTO sessions (id_hash, user_id, csrf, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`
		_, err := tx.Exec(ctx, q, secretHash(id), userID, csrf, ms(s.ExpiresAt), ms(now))
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// FindSession returns a session and its user: ENOTFOUND for an unknown ID,
// EUNAUTHORIZED once it has expired.
func (db *DB) FindSession(ctx context.Context, id string) (*minyi.Session, *minyi.User, error) {
	const q = `SELECT user_id, csrf, expires_at FROM sessions WHERE id_hash = ?`
	s := &minyi.Session{ID: id}
	var expires int64
	err := db.queryRow(ctx, q, secretHash(id)).Scan(&s.UserID, &s.CSRF, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, minyi.Errorf(minyi.ENOTFOUND, "会话不存在，请重新登录", "no such session")
	} else if err != nil {
		return nil, nil, err
	}
	s.ExpiresAt = fromMS(expires)
	if !db.Now().Before(s.ExpiresAt) {
		return nil, nil, minyi.Errorf(minyi.EUNAUTHORIZED, "登录已过期，请重新登录", "session expired")
	}
	u, err := db.FindUser(ctx, s.UserID)
	if err != nil {
		return nil, nil, err
	}
	return s, u, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	const q = `DELETE FROM sessions WHERE id_hash = ?`
	_, err := db.exec(ctx, q, secretHash(id))
	return err
}

// TokenPrefix starts every API token, so that leaked tokens are easy to spot.
const TokenPrefix = "myt_"

// CreateToken returns a new bearer token for a user; only its hash is kept.
func (db *DB) CreateToken(ctx context.Context, userID int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", &minyi.Error{Code: minyi.EINVALID, Message: "请填写令牌名称", MessageEN: "token name is required", Fields: map[string]string{"name": "请填写令牌名称"}}
	}
	if _, err := db.FindUser(ctx, userID); err != nil {
		return "", err
	}
	secret, err := randomToken(32)
	if err != nil {
		return "", err
	}
	token := TokenPrefix + secret
	const q = `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`
	if _, err := db.exec(ctx, q, userID, name, secretHash(token), ms(db.now())); err != nil {
		return "", err
	}
	return token, nil
}

// FindUserByToken returns the user a token belongs to; EUNAUTHORIZED for an
// unknown token or a disabled user.
func (db *DB) FindUserByToken(ctx context.Context, token string) (*minyi.User, error) {
	const q = userSelect + ` JOIN api_tokens t ON t.user_id = s.id WHERE t.token_hash = ?`
	u, err := scanUser(db.queryRow(ctx, q, secretHash(strings.TrimSpace(token))))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && u.Disabled) {
		return nil, minyi.Errorf(minyi.EUNAUTHORIZED, "令牌无效或已停用", "invalid or revoked token")
	}
	return u, err
}
