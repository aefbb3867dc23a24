package evaluation

import (
	"fmt"
	"testing"

	"minyi"
)

// BenchmarkDraw draws a year's sample in a city the size of the demo's:
// 1,000,000 closed appeals over 127 units and 6 types, 1,000 to call
// back at least 2 per stratum.
func BenchmarkDraw(b *testing.B) {
	const n, units = 1_000_000, 127
	cands := make([]Candidate, n)
	for i := range cands {
		u := int64(i%units + 1)
		cands[i] = Candidate{AppealID: int64(i + 1), UnitID: u, UnitName: fmt.Sprint("单位", u), District: fmt.Sprint("区", u%10),
			Type: minyi.AppealTypes[(i/units)%len(minyi.AppealTypes)]}
	}
	d := Design{Strata: []string{ByUnit, ByType}, Mode: Proportional, Size: 1000, Min: 2}
	b.ResetTimer()
	for i := range b.N {
		drawn, strata := Draw(cands, d, uint64(i))
		if len(strata) != units*len(minyi.AppealTypes) || len(drawn) < 1000 {
			b.Fatal(len(strata), len(drawn))
		}
	}
}
