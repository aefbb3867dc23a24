package http

import (
	"sync"
	"time"
)

// attemptLimiter counts tries per key (a username, a tracking number) and
// refuses further tries once max have been counted within window. It keeps
// guessing the last four phone digits (10,000 choices) or a password slow.
//
// A try is counted when it starts (attempt), before the check it guards
// runs, so that many concurrent tries cannot all pass while none has been
// counted yet. A try that succeeds is given back (release) or clears the
// key (reset).
type attemptLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	tries  map[string]*attempts
}

type attempts struct {
	n     int
	first time.Time
}

func newAttemptLimiter(max int, window time.Duration) *attemptLimiter {
	return &attemptLimiter{max: max, window: window, tries: map[string]*attempts{}}
}

// attempt counts one try for key at now and reports whether it may go
// ahead.
func (l *attemptLimiter) attempt(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.tries) > 10000 {
		for k, a := range l.tries {
			if now.Sub(a.first) >= l.window {
				delete(l.tries, k)
			}
		}
	}
	a := l.tries[key]
	if a == nil || now.Sub(a.first) >= l.window {
		l.tries[key] = &attempts{n: 1, first: now}
		return true
	}
	if a.n >= l.max {
		return false
	}
	a.n++
	return true
}

// release gives back a try that succeeded, so that only failures count.
func (l *attemptLimiter) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if a := l.tries[key]; a != nil && a.n > 0 {
		a.n--
	}
}

// reset forgets key's tries after a success.
func (l *attemptLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.tries, key)
}
