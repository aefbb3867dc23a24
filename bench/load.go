// Package bench drives load against a running Minyi server from a separate
// process and reports throughput and latency percentiles.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options control one load run.
type Options struct {
	Concurrency int
	Duration    time.Duration
	// NewRequest builds the i-th request.
	NewRequest func(ctx context.Context, i int) (*http.Request, error)
	// OK says whether a status counts as success.
	OK func(status int) bool
	// Progress is called about once a second with requests done so far.
	Progress func(done int64, elapsed time.Duration)
	Client   *http.Client
}

// Result summarises a run.
type Result struct {
	Requests int64         `json:"requests"`
	Errors   int64         `json:"errors"`
	Elapsed  time.Duration `json:"elapsed_ns"`
	Rate     float64       `json:"per_second"`
	P50      time.Duration `json:"p50_ns"`
	P95      time.Duration `json:"p95_ns"`
	P99      time.Duration `json:"p99_ns"`
	Max      time.Duration `json:"max_ns"`
	// FirstError helps explain a failing run.
	FirstError string `json:"first_error,omitempty"`
}

func (r Result) String() string {
	return fmt.Sprintf("%d requests, %d errors in %.1fs: %.0f/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
		r.Requests, r.Errors, r.Elapsed.Seconds(), r.Rate, ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Run sends requests from Concurrency workers until Duration has passed.
func Run(ctx context.Context, o Options) Result {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.OK == nil {
		o.OK = func(s int) bool { return s < 400 }
	}
	client := o.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency * 2}}
	}
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()

	var next, errs atomic.Int64
	var firstErr sync.Once
	var firstMsg string
	lat := make([][]time.Duration, o.Concurrency)
	start := time.Now()
	done := make(chan struct{})
	if o.Progress != nil {
		go func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					o.Progress(next.Load(), time.Since(start))
				}
			}
		}()
	}
	var wg sync.WaitGroup
	for w := range o.Concurrency {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1))
				req, err := o.NewRequest(ctx, i)
				if err != nil {
					errs.Add(1)
					firstErr.Do(func() { firstMsg = err.Error() })
					continue
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				d := time.Since(t0)
				if err != nil {
					if ctx.Err() != nil {
						next.Add(-1)
						return // cut off by the deadline, not a server failure
					}
					errs.Add(1)
					firstErr.Do(func() { firstMsg = err.Error() })
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !o.OK(resp.StatusCode) {
					errs.Add(1)
					firstErr.Do(func() { firstMsg = fmt.Sprintf("%d %s", resp.StatusCode, truncate(string(body), 300)) })
				}
				lat[w] = append(lat[w], d)
			}
		})
	}
	wg.Wait()
	close(done)
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	r := Result{Requests: int64(len(all)), Errors: errs.Load(), Elapsed: elapsed, FirstError: firstMsg}
	if len(all) > 0 {
		r.Rate = float64(len(all)) / elapsed.Seconds()
		r.P50, r.P95, r.P99, r.Max = pct(all, 0.50), pct(all, 0.95), pct(all, 0.99), all[len(all)-1]
	}
	return r
}

// pct returns the p-th percentile of sorted durations (nearest rank).
func pct(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
