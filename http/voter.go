package http

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
)

// voterCookie holds a browser's random voter ID, so that a 我也遇到 from
// someone not logged in counts once per browser. Only a hash of it is
// stored with the support.
const voterCookie = "minyi_voter"

// voterOf names who is joining an appeal (minyi.ActionRequest.Voter): the
// account when logged in, else the browser, whose voter cookie is issued
// now when it has none. A client that keeps no cookies gets a new ID each
// time; the count is meant to stop double clicks and casual repeats, not a
// determined script.
func (s *Server) voterOf(w http.ResponseWriter, r *http.Request) string {
	if u := userFrom(r); u != nil {
		return "user:" + strconv.FormatInt(u.ID, 10)
	}
	id := ""
	if c, err := r.Cookie(voterCookie); err == nil && len(c.Value) == 32 {
		if _, err := hex.DecodeString(c.Value); err == nil {
			id = c.Value
		}
	}
	if id == "" {
		var b [16]byte
		_, _ = rand.Read(b[:]) // never fails (crypto/rand)
		id = hex.EncodeToString(b[:])
		http.SetCookie(w, &http.Cookie{Name: voterCookie, Value: id, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	}
	sum := sha256.Sum256([]byte(id))
	return "browser:" + hex.EncodeToString(sum[:16])
}
