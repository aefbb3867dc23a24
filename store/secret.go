package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// Secret returns the 32-byte key with this name, creating it on first use.
// Every instance on the database gets the same key.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	const qInsert = `INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`
	if _, err := db.exec(ctx, qInsert, name, base64.StdEncoding.EncodeToString(fresh)); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	const qSelect = `SELECT value FROM secrets WHERE name = ?`
	var value string
	if err := db.queryRow(ctx, qSelect, name).Scan(&value); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	return base64.StdEncoding.DecodeString(value)
}
