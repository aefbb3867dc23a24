package http

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Concurrent tries are counted as they start: a burst of parallel guesses
// cannot all pass while none of them has failed yet.
func TestAttemptLimiterCountsConcurrentTries(t *testing.T) {
	l := newAttemptLimiter(10, time.Minute)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if l.attempt("verify:SZ1", now) {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != 10 {
		t.Fatalf("%d of 50 concurrent tries allowed, want 10", n)
	}
	if l.attempt("verify:SZ2", now) != true {
		t.Error("another key is limited too")
	}
	if !l.attempt("verify:SZ1", now.Add(time.Minute)) {
		t.Error("still limited after the window")
	}

	// A try that succeeds is given back; only failures use up the budget.
	l = newAttemptLimiter(2, time.Minute)
	for range 5 {
		if !l.attempt("k", now) {
			t.Fatal("successful tries were counted as failures")
		}
		l.release("k")
	}
	l.attempt("k", now)
	l.attempt("k", now)
	if l.attempt("k", now) {
		t.Error("a third failure allowed with a limit of 2")
	}
	l.reset("k")
	if !l.attempt("k", now) {
		t.Error("limited after reset")
	}
}
