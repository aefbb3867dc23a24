package replies

import "sort"

// Formula sums up the scoring for help texts; docs/replies.md has it in full.
const Formula = `评分公式 Formulas (docs/replies.md):
  及时性 timeliness      d 个工作日答复，时限 D（未知时 15）：d ≤ D/2 为 1，至时限线性降到 0.6，超时后 0.6·exp(−(d−D)/D)
  相关性 relevance       诉求关键词（前 15 个，按权重）在答复中出现的加权比例 ÷ 0.5，封顶 1；有地点时 0.7·关键词 + 0.3·地点
  完整性 completeness    诉求中的问题和分项诉求（是否/能否/为什么/什么时候/怎么…，一是/二是，1. 2.）被答复回应的比例
  可解释性 explainability 0.30·篇幅 + 0.20·依据 + 0.25·措施 + 0.10·联系方式 + 0.15·具体信息；仅转交无实质内容 ×0.6
  综合 overall           0.15·及时性 + 0.25·相关性 + 0.25·完整性 + 0.35·可解释性
  问候、致谢、“此复”和落款日期不计入。Greetings, thanks and sign-offs are ignored.
`

// Stats are the mean and quantiles of a set of scores.
type Stats struct {
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Min    float64 `json:"min"`
	P25    float64 `json:"p25"`
	Median float64 `json:"median"`
	P75    float64 `json:"p75"`
	Max    float64 `json:"max"`
}

// Describe returns the Stats of xs (all zero when xs is empty).
func Describe(xs []float64) Stats {
	if len(xs) == 0 {
		return Stats{}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	q := func(f float64) float64 { return s[int(f*float64(len(s)-1))] }
	var sum float64
	for _, x := range s {
		sum += x
	}
	return Stats{N: len(s), Mean: sum / float64(len(s)), Min: s[0], P25: q(0.25), Median: q(0.5), P75: q(0.75), Max: s[len(s)-1]}
}

// Measures names the five scores in their order, with a getter each.
var Measures = []struct {
	Key, Label string
	Of         func(Score) float64
}{
	{"timeliness", "及时性", func(s Score) float64 { return s.Timeliness }},
	{"relevance", "相关性", func(s Score) float64 { return s.Relevance }},
	{"completeness", "完整性", func(s Score) float64 { return s.Completeness }},
	{"explainability", "可解释性", func(s Score) float64 { return s.Explainability }},
	{"overall", "综合", func(s Score) float64 { return s.Overall }},
}
