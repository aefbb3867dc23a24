package minyi

import "fmt"

// KPIConfig is how the assessment (监督评估) weighs what it counts: the
// satisfaction formula, the composite score and the colour bands. It is
// part of the settings, so an admin changes it like any other rule and
// every figure computed later follows; a published period keeps the
// configuration it was computed with in its snapshot.
type KPIConfig struct {
	// SatisfactionWeights gives how much one rating of each level counts
	// towards 满意率, by level "1" (非常不满意) … "5" (非常满意). Default
	// 非常满意 1, 满意 1, 基本满意 0.9, the others 0.
	SatisfactionWeights map[string]float64 `json:"satisfaction_weights,omitempty"`
	// ScoreWeights weighs the indicators in the composite score, by
	// indicator code. Default response 0.1, resolution 0.5, satisfaction
	// 0.4 (as Beijing's 接诉即办 assessment).
	ScoreWeights map[string]float64 `json:"score_weights,omitempty"`
	// Green and Yellow are the bands of a rate where higher is better:
	// green from Green, yellow from Yellow, red below. For rates where
	// lower is better (重复诉求率, 重办率) LowGreen and LowYellow are the
	// upper limits. Default 0.90/0.80 and 0.05/0.10.
	Green     float64 `json:"green,omitempty"`
	Yellow    float64 `json:"yellow,omitempty"`
	LowGreen  float64 `json:"low_green,omitempty"`
	LowYellow float64 `json:"low_yellow,omitempty"`
}

// DefaultKPIConfig is the configuration of a new city.
func DefaultKPIConfig() KPIConfig {
	return KPIConfig{
		SatisfactionWeights: map[string]float64{"5": 1, "4": 1, "3": 0.9, "2": 0, "1": 0},
		ScoreWeights:        map[string]float64{"response": 0.1, "resolution": 0.5, "satisfaction": 0.4},
		Green:               0.90, Yellow: 0.80, LowGreen: 0.05, LowYellow: 0.10,
	}
}

// KPIScoreIndicators are the indicators a composite score may weigh.
var KPIScoreIndicators = []string{"sign", "response", "ontime", "resolution", "satisfaction", "rectify"}

// Effective fills what is unset from DefaultKPIConfig.
func (c *KPIConfig) Effective() KPIConfig {
	d := DefaultKPIConfig()
	if c == nil {
		return d
	}
	out := *c
	if len(out.SatisfactionWeights) == 0 {
		out.SatisfactionWeights = d.SatisfactionWeights
	}
	if len(out.ScoreWeights) == 0 {
		out.ScoreWeights = d.ScoreWeights
	}
	if out.Green == 0 && out.Yellow == 0 {
		out.Green, out.Yellow = d.Green, d.Yellow
	}
	if out.LowGreen == 0 && out.LowYellow == 0 {
		out.LowGreen, out.LowYellow = d.LowGreen, d.LowYellow
	}
	return out
}

// validate reports each problem into fields.
func (c *KPIConfig) validate(fields map[string]string) {
	if c == nil {
		return
	}
	for k, w := range c.SatisfactionWeights {
		if k < "1" || k > "5" || len(k) != 1 || w < 0 || w > 1 {
			fields["kpi.satisfaction_weights"] = "满意度权重应按等级 1～5 填写，每项在 0 到 1 之间"
		}
	}
	sum := 0.0
	for k, w := range c.ScoreWeights {
		known := false
		for _, code := range KPIScoreIndicators {
			known = known || code == k
		}
		if !known || w < 0 {
			fields["kpi.score_weights"] = fmt.Sprintf("综合得分权重只能用于 %v，且不能为负", KPIScoreIndicators)
		}
		sum += w
	}
	if len(c.ScoreWeights) > 0 && (sum < 0.999 || sum > 1.001) {
		fields["kpi.score_weights"] = "综合得分各项权重之和应为 1"
	}
	if c.Green < 0 || c.Green > 1 || c.Yellow < 0 || c.Yellow > c.Green {
		fields["kpi.green"] = "绿色、黄色阈值应在 0 到 1 之间，且黄色不高于绿色"
	}
	if c.LowGreen < 0 || c.LowGreen > 1 || c.LowYellow < 0 || c.LowYellow > 1 || (c.LowYellow != 0 && c.LowYellow < c.LowGreen) {
		fields["kpi.low_green"] = "越低越好指标的阈值应在 0 到 1 之间，且黄色不低于绿色"
	}
}
