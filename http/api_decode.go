package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"minyi"
)

// maxBodySize caps JSON and CSV request bodies.
const maxBodySize = 1 << 20

// codeTooLarge is the error code of a request body over its limit (413).
const codeTooLarge = "too_large"

func errTooLarge(limit int64) error {
	return minyi.Errorf(codeTooLarge, "请求体过大，不能超过 %s", "request body too large: the limit is %s", sizeText(limit))
}

func sizeText(n int64) string {
	if n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n>>10, 10) + " KiB"
}

var errInvalidJSON = minyi.Errorf(minyi.EINVALID, "请求体不是有效的 JSON", "the request body is not valid JSON")

// decodeJSON reads a JSON object of at most maxBodySize into v. Unknown
// fields are ignored; a field of the wrong type is reported by name.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return decode(w, r, v, false)
}

// decodeOptionalJSON is decodeJSON where an empty body means {}.
func decodeOptionalJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return decode(w, r, v, true)
}

func decode(w http.ResponseWriter, r *http.Request, v any, optional bool) error {
	body, err := readBody(w, r, maxBodySize)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if optional {
			return nil
		}
		return minyi.Errorf(minyi.EINVALID, "请求体为空，应为 JSON 对象", "the request body is empty; a JSON object is expected")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			msg := fmt.Sprintf("字段 %s 的类型不正确", te.Field)
			return &minyi.Error{Code: minyi.EINVALID, Message: msg, MessageEN: fmt.Sprintf("field %s has the wrong type", te.Field), Fields: map[string]string{te.Field: msg}}
		}
		var fe *fieldError
		if errors.As(err, &fe) {
			return &minyi.Error{Code: minyi.EINVALID, Message: fe.msg, MessageEN: fe.en, Fields: map[string]string{fe.field: fe.msg}}
		}
		return errInvalidJSON
	}
	if dec.More() {
		return errInvalidJSON
	}
	return nil
}

// readBody reads the whole body, failing with 413 past limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errTooLarge(limit)
		}
		return nil, minyi.Errorf(minyi.EINVALID, "读取请求体失败", "could not read the request body")
	}
	return b, nil
}

// fieldError is returned by custom JSON decoders for one bad field.
type fieldError struct{ field, msg, en string }

func (e *fieldError) Error() string { return e.field + ": " + e.en }

// pathID parses a numeric path value such as {id}.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, minyi.Errorf(minyi.ENOTFOUND, "编号无效：%s", "invalid id: %s", r.PathValue(name))
	}
	return id, nil
}

// queryInt parses an optional non-negative integer query parameter.
func queryInt(r *http.Request, name string) (int64, error) {
	return queryValueInt(r.URL.Query(), name)
}

// queryValueInt is queryInt over parsed query values.
func queryValueInt(q url.Values, name string) (int64, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		msg := fmt.Sprintf("参数 %s 应为非负整数", name)
		return 0, &minyi.Error{Code: minyi.EINVALID, Message: msg, MessageEN: fmt.Sprintf("query parameter %s must be a non-negative integer", name), Fields: map[string]string{name: msg}}
	}
	return n, nil
}

// ratingValue accepts a rating as a number (1–5) or its Chinese label.
// A value it cannot read becomes 0, which the workflow rejects with a
// message naming the allowed labels.
type ratingValue minyi.Rating

func (v *ratingValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*v = 0
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err == nil {
		*v = ratingValue(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &fieldError{field: "rating", msg: "满意度应为 1～5 或“满意”等文字", en: "rating must be 1 to 5 or a label such as 满意"}
	}
	r, _ := minyi.ParseRating(s)
	*v = ratingValue(r)
	return nil
}
