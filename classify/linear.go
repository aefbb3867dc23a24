package classify

import (
	"math"
	"math/rand/v2"
	"minyi/parallel"
)

// fitLinear trains the linear scores W·x + B (W bucket-major) on the
// examples at the given indices: the sum of a softmax regression's
// scores and svmWeight times a one-vs-rest linear SVM's. The two make
// different mistakes; the sum is calibrated afterwards (fitTemperature).
func fitLinear(xs []vector, ys []int, order []int, k int, opts Options) ([]float32, []float32) {
	var w, b []float32
	if opts.svmWeight >= 0 && opts.svmWeight < math.Inf(1) {
		w, b = fitSoftmax(xs, ys, order, k, opts)
	}
	if opts.svmWeight == 0 {
		return w, b
	}
	sw, sb := fitSVM(xs, ys, order, k, opts)
	if w == nil {
		return sw, sb
	}
	g := float32(opts.svmWeight)
	for i := range w {
		w[i] += g * sw[i]
	}
	for i := range b {
		b[i] += g * sb[i]
	}
	return w, b
}

// fitSoftmax trains a multinomial logistic regression with AdaGrad and L2
// regularisation.
func fitSoftmax(xs []vector, ys []int, order []int, k int, opts Options) ([]float32, []float32) {
	W := make([]float32, opts.Buckets*k)
	B := make([]float32, k)
	gw := make([]float32, len(W))
	gb := make([]float32, k)
	order = append([]int(nil), order...)
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6d696e7969))
	p := make([]float64, k)
	lr, l2 := float32(opts.LearningRate), float32(opts.L2)
	const eps = 1e-8
	for epoch := 0; epoch < opts.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x := xs[i]
			linearScores(W, B, x, p)
			softmax(p)
			for c := 0; c < k; c++ {
				g := float32(p[c])
				if c == ys[i] {
					g -= 1
				}
				p[c] = float64(g)
				gb[c] += g * g
				B[c] -= lr * g / float32(math.Sqrt(float64(gb[c])+eps))
			}
			for j, b := range x.idx {
				xv := x.val[j]
				row := int(b) * k
				for c := 0; c < k; c++ {
					w := W[row+c]
					g := float32(p[c])*xv + l2*w
					gw[row+c] += g * g
					W[row+c] = w - lr*g/float32(math.Sqrt(float64(gw[row+c])+eps))
				}
			}
		}
	}
	return W, B
}

// fitSVM trains one L2-regularised, squared-hinge-loss linear SVM per
// label against the rest, by dual coordinate descent (Hsieh et al.,
// ICML 2008), with a bias feature of value 1. The vectors have unit
// length, so one cost parameter (opts.svmC) suits any data set.
func fitSVM(xs []vector, ys []int, order []int, k int, opts Options) ([]float32, []float32) {
	W := make([]float32, opts.Buckets*k)
	B := make([]float32, k)
	parallel.For(k, 0, func(c int) {
		w, b := fitBinarySVM(xs, ys, order, c, opts)
		for i, v := range w {
			if v != 0 {
				W[i*k+c] = v
			}
		}
		B[c] = b
	})
	return W, B
}

func fitBinarySVM(xs []vector, ys []int, order []int, label int, opts Options) ([]float32, float32) {
	w := make([]float32, opts.Buckets)
	var b float64
	C := opts.svmC
	diag := 1 / (2 * C) // the squared hinge loss as a diagonal term
	alpha := make([]float64, len(order))
	perm := make([]int, len(order))
	for i := range perm {
		perm[i] = i
	}
	rng := rand.New(rand.NewPCG(opts.Seed, uint64(label)))
	for epoch := 0; epoch < opts.svmEpochs; epoch++ {
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		maxPG := 0.0
		for _, j := range perm {
			x := xs[order[j]]
			y := -1.0
			if ys[order[j]] == label {
				y = 1
			}
			wx, xx := b, 1.0
			for n, i := range x.idx {
				v := float64(x.val[n])
				wx += float64(w[i]) * v
				xx += v * v
			}
			g := y*wx - 1 + diag*alpha[j]
			pg := g
			if alpha[j] == 0 {
				pg = min(g, 0)
			}
			if pg == 0 {
				continue
			}
			maxPG = max(maxPG, math.Abs(pg))
			old := alpha[j]
			alpha[j] = max(old-g/(xx+diag), 0)
			d := (alpha[j] - old) * y
			for n, i := range x.idx {
				w[i] += float32(d * float64(x.val[n]))
			}
			b += d
		}
		if maxPG < 1e-3 {
			break // converged
		}
	}
	return w, float32(b)
}

// linearScores writes W·x + B into out.
func linearScores(W, B []float32, x vector, out []float64) {
	k := len(B)
	for c := range out {
		out[c] = float64(B[c])
	}
	for j, b := range x.idx {
		row := W[int(b)*k : int(b)*k+k]
		xv := float64(x.val[j])
		for c, w := range row {
			out[c] += float64(w) * xv
		}
	}
}
