package minyi

// HaochapingCode is the public code of the built-in 好差评 questionnaire.
const HaochapingCode = "haochaping"

// Haochaping is the built-in 好差评 questionnaire on the dimensions of the
// national evaluation of government services: overall satisfaction,
// efficiency, accuracy of the service guide, convenience and attitude,
// each on a five-point scale, and an optional suggestion. It is published
// and open from the start so that every service window can link to it.
func Haochaping() *Survey {
	scale := func(id, title string) Question {
		return Question{ID: id, Kind: QScale, Title: title, Required: true, Labels: append([]string(nil), DefaultScaleLabels...)}
	}
	return &Survey{
		Code:        HaochapingCode,
		BuiltIn:     HaochapingCode,
		Title:       "政务服务“好差评”",
		Description: "请对本次办事体验作出评价，您的意见将用于改进政务服务。",
		Status:      SurveyPublished,
		Open:        true,
		Questions: []Question{
			scale("overall", "总体满意度"),
			scale("efficiency", "办事效率"),
			scale("guide", "办事指南准确性"),
			scale("convenience", "便利程度"),
			scale("attitude", "服务态度"),
			{ID: "suggestion", Kind: QText, Title: "意见建议（选填）"},
		},
	}
}
