package parallel

import "testing"

// Every index is visited exactly once, for any size and worker count.
func TestForVisitsEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 31, 32, 33, 1000} {
		for _, workers := range []int{0, 1, 3} {
			seen := make([]int32, n)
			For(n, workers, func(i int) { seen[i]++ })
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("n=%d workers=%d: index %d visited %d times", n, workers, i, c)
				}
			}
		}
	}
}
