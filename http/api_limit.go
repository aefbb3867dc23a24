package http

import (
	"sync"
	"time"
)

// attemptLimiter counts failures per key (a username, a tracking number)
// and refuses further tries once max failures fall within window. It keeps
// guessing the last four phone digits (10,000 choices) or a password slow.
type attemptLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string]*attempts
}

type attempts struct {
	n     int
	first time.Time
}

func newAttemptLimiter(max int, window time.Duration) *attemptLimiter {
	return &attemptLimiter{max: max, window: window, fails: map[string]*attempts{}}
}

// allow reports whether key may try again at now.
func (l *attemptLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.fails[key]
	if a == nil || now.Sub(a.first) >= l.window {
		return true
	}
	return a.n < l.max
}

// fail records one failure for key.
func (l *attemptLimiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) > 10000 {
		for k, a := range l.fails {
			if now.Sub(a.first) >= l.window {
				delete(l.fails, k)
			}
		}
	}
	a := l.fails[key]
	if a == nil || now.Sub(a.first) >= l.window {
		l.fails[key] = &attempts{n: 1, first: now}
		return
	}
	a.n++
}

// reset forgets key's failures after a success.
func (l *attemptLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}
