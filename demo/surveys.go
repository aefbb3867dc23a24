package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"

	"minyi"
)

// surveyResponses is how many 好差评 answers the demo city holds.
const surveyResponses = 360

// surveyChannels are the groups of the demo's 好差评 answers: where the
// service was given, as the national evaluation tells them apart.
var surveyChannels = []string{"政务服务大厅窗口", "网上办事大厅", "i深圳 App", "12345 热线"}

// suggestions are made-up written answers; one leaves a phone number, so
// that the results page shows it masked.
var suggestions = []string{
	"希望增加周末延时服务窗口。",
	"办事指南里的材料清单和窗口要求不一致，跑了两趟。",
	"网上预约很方便，希望推广到更多事项。",
	"窗口工作人员态度很好，耐心解答。",
	"自助机经常故障，请及时维修。",
	"材料能否一次告知，避免反复补正。",
	"排队时间太长，建议增加叫号提示。",
	"办完后回访电话打到13700001111，希望不要太频繁。",
}

// SeedSurveyResponses answers the built-in 好差评 questionnaire a few
// hundred times across the districts and service channels, so that its
// results page has figures to show. Districts lean a little apart, as real
// ones do. It does nothing when the questionnaire has answers already.
func SeedSurveyResponses(ctx context.Context, db minyi.SurveyService, districts []string, seed uint64) error {
	sv, err := db.FindSurveyByCode(ctx, minyi.HaochapingCode)
	if err != nil {
		return err
	}
	if sv.Responses > 0 || len(districts) == 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(seed, seed^0x5eed5eed))
	for i := range surveyResponses {
		k := r.IntN(len(districts))
		d := districts[k]
		lean := float64(k%3) * 0.25 // a district's habitual mood
		a := minyi.Answers{}
		for _, q := range sv.Questions {
			if q.Kind != minyi.QScale {
				continue
			}
			v := min(5, max(1, int(3.6+lean+r.NormFloat64()*0.9+0.5)))
			a[q.ID] = minyi.Answer{Value: &v}
		}
		if r.IntN(5) == 0 {
			a["suggestion"] = minyi.Answer{Text: suggestions[r.IntN(len(suggestions))]}
		}
		resp := &minyi.SurveyResponse{SurveyID: sv.ID, Token: fmt.Sprintf("demo-%d", i), District: d,
			Group: surveyChannels[r.IntN(len(surveyChannels))], Answers: a}
		if err := db.SubmitSurveyResponse(ctx, resp); err != nil {
			return fmt.Errorf("demo survey response: %w", err)
		}
	}
	return nil
}

// districtNames lists the demo districts in a stable order.
func districtNames(o *org) []string {
	out := make([]string, 0, len(o.Dist))
	for name := range o.Dist {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
