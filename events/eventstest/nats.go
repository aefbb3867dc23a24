// Package eventstest holds what tests of several packages need to reach
// the event bus.
package eventstest

import (
	"net"
	"net/url"
	"os"
	"testing"
	"time"
)

// NATSURL returns the test NATS server (MINYI_TEST_NATS, by default
// nats://127.0.0.1:4222), skipping the test, with what for in the
// message, when nothing listens there.
func NATSURL(t testing.TB, what string) string {
	t.Helper()
	u := os.Getenv("MINYI_TEST_NATS")
	if u == "" {
		u = "nats://127.0.0.1:4222"
	}
	parsed, err := url.Parse(u)
	if err != nil || parsed.Host == "" {
		t.Fatalf("MINYI_TEST_NATS=%q is not a nats:// URL", u)
	}
	host := parsed.Host
	if parsed.Port() == "" {
		host = net.JoinHostPort(parsed.Hostname(), "4222")
	}
	conn, err := net.DialTimeout("tcp", host, time.Second)
	if err != nil {
		t.Skipf("no NATS server at %s (set MINYI_TEST_NATS to run %s): %v", u, what, err)
	}
	conn.Close()
	return u
}
