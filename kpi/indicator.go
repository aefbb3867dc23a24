package kpi

import "minyi"

// Indicator is one assessed rate: the appeals in its denominator set D,
// of which those in N count (for 满意率, each rated appeal counts by the
// weight of its level).
type Indicator struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	NameEN      string `json:"name_en"`
	D           Bit    `json:"-"`
	N           Bit    `json:"-"`
	LowerBetter bool   `json:"lower_better,omitempty"`
	Weighted    bool   `json:"weighted,omitempty"` // 满意率: N is the weighted ratings
}

// Indicators in display order. docs/kpi.md defines each.
var Indicators = []Indicator{
	{Code: "sign", Name: "签收及时率", NameEN: "Signed on time", D: SignD, N: SignN},
	{Code: "response", Name: "响应率", NameEN: "Response", D: ContactD, N: ContactN},
	{Code: "ontime", Name: "按时办结率", NameEN: "Answered on time", D: OnTimeD, N: OnTimeN},
	{Code: "resolution", Name: "解决率", NameEN: "Resolution", D: SolvedD, N: SolvedN},
	{Code: "satisfaction", Name: "满意率", NameEN: "Satisfaction", D: Rated, Weighted: true},
	{Code: "repeat", Name: "重复诉求率", NameEN: "Repeat appeals", D: Total, N: Repeat, LowerBetter: true},
	{Code: "reopen", Name: "重办率", NameEN: "Re-handled", D: ReplyD, N: Reopened, LowerBetter: true},
	{Code: "rectify", Name: "差评整改率", NameEN: "Bad ratings rectified", D: RectD, N: RectN},
}

// FindIndicator returns the indicator with a code.
func FindIndicator(code string) (Indicator, error) {
	for _, ind := range Indicators {
		if ind.Code == code {
			return ind, nil
		}
	}
	return Indicator{}, minyi.Errorf(minyi.EINVALID, "指标“%s”不存在", "unknown indicator %q", code)
}

// Weight is how much one appeal of a fact counts in the indicator's
// numerator: 0 or 1, or the weight of its rating for 满意率.
func (ind Indicator) Weight(f Fact, cfg minyi.KPIConfig) float64 {
	if f.Flags&ind.D == 0 {
		return 0
	}
	if ind.Weighted {
		return cfg.SatisfactionWeights[string(rune('0'+f.Rating))]
	}
	if f.Flags&ind.N != 0 {
		return 1
	}
	return 0
}

// Figure is one indicator of one row: the numerator, the denominator and
// the rate between them. Appeals is how many appeals lie behind it (the
// denominator's), NumeratorAppeals how many of them count at all.
type Figure struct {
	Code             string   `json:"code"`
	Name             string   `json:"name"`
	Numerator        float64  `json:"numerator"`
	Denominator      int64    `json:"denominator"`
	Appeals          int64    `json:"appeals"`
	NumeratorAppeals int64    `json:"numerator_appeals"`
	Rate             *float64 `json:"rate"` // nil when the denominator is 0
	Band             string   `json:"band,omitempty"`
}

// figure computes an indicator from counters.
func (ind Indicator) figure(c Counts, cfg minyi.KPIConfig) Figure {
	f := Figure{Code: ind.Code, Name: ind.Name, Denominator: c.Get(ind.D)}
	f.Appeals = f.Denominator
	if ind.Weighted {
		byLevel := c.ByRating()
		for lvl := 1; lvl <= 5; lvl++ {
			w := cfg.SatisfactionWeights[string(rune('0'+lvl))]
			f.Numerator += w * float64(byLevel[lvl])
			if w > 0 {
				f.NumeratorAppeals += byLevel[lvl]
			}
		}
	} else {
		f.NumeratorAppeals = c.Get(ind.N)
		f.Numerator = float64(f.NumeratorAppeals)
	}
	if f.Denominator > 0 {
		r := f.Numerator / float64(f.Denominator)
		f.Rate = &r
		f.Band = Band(r, ind.LowerBetter, cfg)
	}
	return f
}

// Bands of a rate or score.
const (
	Green  = "green"
	Yellow = "yellow"
	Red    = "red"
)

// Band places a rate (0–1) in green, yellow or red by the configured
// thresholds.
func Band(r float64, lowerBetter bool, cfg minyi.KPIConfig) string {
	const eps = 1e-9
	if lowerBetter {
		switch {
		case r <= cfg.LowGreen+eps:
			return Green
		case r <= cfg.LowYellow+eps:
			return Yellow
		}
		return Red
	}
	switch {
	case r >= cfg.Green-eps:
		return Green
	case r >= cfg.Yellow-eps:
		return Yellow
	}
	return Red
}
