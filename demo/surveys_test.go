package demo

import (
	"context"
	"testing"

	"minyi"
)

// The demo's 好差评 answers spread over every district and channel, and
// seeding twice adds nothing.
func TestSeedSurveyResponses(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if err := SeedOrganisation(ctx, db); err != nil {
		t.Fatal(err)
	}
	o, err := loadOrg(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	names := districtNames(o)
	for range 2 {
		if err := SeedSurveyResponses(ctx, db, names, 1); err != nil {
			t.Fatal(err)
		}
	}
	sv, err := db.FindSurveyByCode(ctx, minyi.HaochapingCode)
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.SurveyResponses(ctx, sv.ID)
	if err != nil || len(list) != surveyResponses {
		t.Fatalf("%d responses, %v", len(list), err)
	}
	res := minyi.Tally(sv, list, nil)
	if len(res.Districts) != len(names) || len(res.Groups) != len(surveyChannels) {
		t.Fatalf("districts %v groups %v", res.Districts, res.Groups)
	}
	overall := res.Questions[0]
	if overall.Answered != surveyResponses || *overall.Average < 3 || *overall.Average > 4.8 {
		t.Fatalf("overall: %d answered, average %v", overall.Answered, *overall.Average)
	}
	if texts := res.Questions[len(res.Questions)-1].Texts; len(texts) < 30 {
		t.Fatalf("%d suggestions", len(texts))
	}
}
