// Package parallel runs independent work on all cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i in [0, n) on up to workers goroutines
// (GOMAXPROCS when workers ≤ 0) and returns when all calls have. The calls
// must be independent; each writes its own result, by index.
func For(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// A goroutine takes a few indices at a time: enough to keep the shared
	// counter cold, few enough that a handful of big items (folds, labels)
	// still spread over all workers.
	chunk := max(1, min(32, n/(4*workers)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, (n+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				start := int(next.Add(int64(chunk))) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					f(i)
				}
			}
		})
	}
	wg.Wait()
}
