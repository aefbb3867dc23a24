// Package minyi holds the domain of the citizen-appeal platform: appeals,
// units, users, the appeal state machine, deadlines and authorisation rules.
// Outside dependencies (databases, HTTP, text processing) live in subpackages.
package minyi

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the http package.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOMANY      = "too_many_requests"
)

// Error is the one error type the application shows to users. Message is
// Chinese (shown on pages), MessageEN is English (added in the API).
// Fields holds per-field Chinese messages for form validation.
type Error struct {
	Code      string
	Message   string
	MessageEN string
	Fields    map[string]string
}

func (e *Error) Error() string {
	if e.MessageEN != "" {
		return fmt.Sprintf("minyi error: code=%s message=%s (%s)", e.Code, e.Message, e.MessageEN)
	}
	return fmt.Sprintf("minyi error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with a Chinese and an English message.
func Errorf(code, zh, en string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(zh, args...), MessageEN: fmt.Sprintf(en, args...)}
}

// ErrorCode returns the code of an application error, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the Chinese message of an application error; other
// errors get a generic message so internals never leak to users.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "系统内部错误，请稍后再试"
}

// ErrorMessageEN is the English counterpart of ErrorMessage.
func ErrorMessageEN(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		if e.MessageEN != "" {
			return e.MessageEN
		}
		return e.Message
	}
	return "internal error"
}

// ErrorFields returns the per-field messages of a validation error.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
