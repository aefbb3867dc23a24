package hotspots

import (
	"math"
	"time"
)

// HeatFormula is the heat index in words, for pages and reports, in
// Chinese then English. Keep it in step with Heat and docs/hotspots.md.
const HeatFormula = HeatFormulaZH + "\n" + HeatFormulaEN

// HeatFormulaZH and HeatFormulaEN are HeatFormula's two languages, for
// documents in one.
const (
	HeatFormulaZH = `热度 H = (P + ln(1 + N − P) + 1.5·ln(1 + max(0, S − O))) × (0.5 + 0.5·C) × (0.5 + 0.5·R)
N 留言条数, P 不同留言人数, S 点赞数之和, O 反对数之和;
C 时间集中度 = P / (P + D/7), D 为各段（相隔超过 60 天即分段）首末留言相隔天数之和（每周至少一人反映时 C ≥ 0.5）;
R 时效 = 2^(−A/90), A 为末条留言距数据截止（最新留言）的天数（每过 90 天减半）。
入选条件：P ≥ 2，或净点赞 S − O ≥ 100（一人反映但百人以上点赞附议）。`
	HeatFormulaEN = `Heat H = (P + ln(1 + N − P) + 1.5·ln(1 + max(0, S − O))) × (0.5 + 0.5·C) × (0.5 + 0.5·R),
where N = appeals, P = distinct people, S = support, O = oppose,
C = P / (P + D/7) with D the days the issue's episodes cover (episodes
are more than 60 days of silence apart), and R = 2^(−A/90) with A the
days from the last appeal to the end of the data. An issue needs P ≥ 2,
or net support S − O ≥ 100 when one person raised it.`
)

// Weights of the heat index (HeatFormula).
const (
	// supportWeight scales ln(1 + net support): 2,000 likes count like
	// about 11 people, so that one popular post does not outrank a
	// problem many people report themselves.
	supportWeight = 1.5
	// halfLifeDays is how fast an issue cools after its last appeal.
	halfLifeDays = 90
)

// Heat returns the heat index of an issue measured at now (HeatFormula).
// Volume (people, repeats and support) is scaled by two factors between
// 0.5 and 1: concentration in time and recency. They modulate rather
// than multiply freely, so that an old or drawn-out problem reported by
// many people still ranks above a fresh one reported once.
func Heat(is Issue, now time.Time) float64 {
	p := float64(is.People)
	n := float64(is.Count)
	net := math.Max(0, float64(is.Support-is.Oppose))
	// repeats by people already counted show insistence, not more
	// people affected: they add logarithmically
	volume := p + math.Log1p(n-p) + supportWeight*math.Log1p(net)

	// the silence between episodes is no part of the issue's span
	days := is.ActiveDays
	if is.Episodes <= 1 {
		days = is.End.Sub(is.Start).Hours() / 24
	}
	concentration := p / (p + days/7)
	if p == 0 {
		concentration = 0
	}

	age := math.Max(0, now.Sub(is.End).Hours()/24)
	recency := math.Exp2(-age / halfLifeDays)

	h := volume * (0.5 + 0.5*concentration) * (0.5 + 0.5*recency)
	return math.Round(h*100) / 100
}
