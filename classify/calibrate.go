package classify

import (
	"math"
	"sort"
)

// fitTemperature returns the temperature T that minimises the negative
// log-likelihood of the gold labels under softmax(scores / T): the
// scores of a model that has not seen these examples. A linear model
// trained to separate its training data is over-confident (or, a margin
// classifier, under-confident) on new text; one scalar fixes most of it
// without changing any prediction's ranking.
func fitTemperature(scores [][]float64, gold []int) float64 {
	nll := func(t float64) float64 {
		var sum float64
		for i, s := range scores {
			sum -= math.Log(max(softmaxT(s, t)[gold[i]], 1e-300))
		}
		return sum
	}
	// Golden-section search on log T in [1/100, 100]: NLL is unimodal in T.
	lo, hi := math.Log(0.01), math.Log(100)
	const phi = 0.6180339887498949
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := nll(math.Exp(a)), nll(math.Exp(b))
	for range 40 {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = nll(math.Exp(a))
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = nll(math.Exp(b))
		}
	}
	return math.Exp((lo + hi) / 2)
}

// softmaxT returns softmax(s / t) in a new slice.
func softmaxT(s []float64, t float64) []float64 {
	p := make([]float64, len(s))
	for i, v := range s {
		p[i] = v / t
	}
	softmax(p)
	return p
}

// ChooseThreshold returns the lowest top probability t such that the
// predictions with a top probability of at least t are correct at least
// target of the time (the lower Wilson bound with z when z > 0); 1 when
// there is none.
func ChooseThreshold(probs []float64, correct []bool, target, z float64) float64 {
	idx := make([]int, len(probs))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return probs[idx[a]] > probs[idx[b]] })
	threshold := 1.0
	right := 0
	for n, i := range idx {
		if correct[i] {
			right++
		}
		// Only a cut between distinct probabilities is a threshold.
		if n+1 < len(idx) && probs[idx[n+1]] == probs[i] {
			continue
		}
		if wilsonLower(right, n+1, z) >= target {
			threshold = probs[i]
		}
	}
	return threshold
}

// wilsonLower is the lower end of the Wilson score interval for k
// successes in n trials; k/n when z is 0.
func wilsonLower(k, n int, z float64) float64 {
	p, nf := float64(k)/float64(n), float64(n)
	if z == 0 {
		return p
	}
	z2 := z * z
	return (p + z2/(2*nf) - z*math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))) / (1 + z2/nf)
}
