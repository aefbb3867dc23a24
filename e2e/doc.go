// Package e2e holds Minyi's browser end-to-end tests. They start a real
// server in the test process over a fresh SQLite database with the demo
// organisation, and drive Debian's chromium through its pages with
// chromedp: a citizen files and tracks an appeal, the dispatch centre
// dispatches it, the unit signs for it and replies, and the citizen rates
// the reply.
//
// The tests skip when no chromium is installed. Set MINYI_CHROMIUM to use
// another binary, and MINYI_E2E_ARTIFACTS to choose the folder where a
// failing test leaves its screenshots.
package e2e
