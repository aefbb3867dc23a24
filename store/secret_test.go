package store

import (
	"bytes"
	"context"
	"testing"
)

func TestSecretIsStable(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, err := db.Secret(ctx, "track-proof")
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.Secret(ctx, "track-proof")
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.Secret(ctx, "other")
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != 32 || !bytes.Equal(a, b) {
			t.Fatalf("secret changed between calls: %x vs %x", a, b)
		}
		if bytes.Equal(a, other) {
			t.Fatal("two names share one secret")
		}
	})
}
