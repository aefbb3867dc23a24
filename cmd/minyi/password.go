package main

import (
	"crypto/rand"
	"encoding/base64"
)

// randomPassword is for accounts created from the command line, which log
// in with tokens; an admin can set a real password later.
func randomPassword() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
