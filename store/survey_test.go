package store

import (
	"context"
	"testing"

	"minyi"
)

// branching is a survey whose first answer "no" skips to the end and
// "partly" skips the scale.
func branching() *minyi.Survey {
	return &minyi.Survey{Title: "办件回访", Open: true, Questions: []minyi.Question{
		{ID: "solved", Kind: minyi.QSingle, Title: "问题解决了吗？", Required: true, Options: []minyi.Option{
			{ID: "yes", Label: "已解决"}, {ID: "partly", Label: "部分解决", Next: "nps"}, {ID: "no", Label: "未解决", Next: minyi.SurveyEnd}}},
		{ID: "speed", Kind: minyi.QScale, Title: "办理速度", Required: true},
		{ID: "nps", Kind: minyi.QNPS, Title: "您会向亲友推荐12345吗？"},
		{ID: "channels", Kind: minyi.QMulti, Title: "您通过哪些渠道了解进度？", Options: []minyi.Option{{Label: "短信"}, {Label: "电话"}, {Label: "网站"}}},
		{ID: "note", Kind: minyi.QText, Title: "其他意见"},
	}}
}

func TestSurveyBuilderValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		loop := branching()
		loop.Questions[0].Options[1].Next = "solved" // to itself
		err := db.CreateSurvey(ctx, loop)
		if minyi.ErrorCode(err) != minyi.EINVALID || err.(*minyi.Error).Fields["questions.0.options.1.next"] == "" {
			t.Fatalf("jump backwards: %v", err)
		}
		empty := branching()
		empty.Questions[3].Options = []minyi.Option{{Label: "短信"}, {Label: " "}}
		err = db.CreateSurvey(ctx, empty)
		if minyi.ErrorCode(err) != minyi.EINVALID || err.(*minyi.Error).Fields["questions.3.options.1.label"] == "" {
			t.Fatalf("empty option: %v", err)
		}
		none := branching()
		none.Questions[3].Options = nil
		if err := db.CreateSurvey(ctx, none); minyi.ErrorCode(err) != minyi.EINVALID {
			t.Fatalf("no options: %v", err)
		}
		list, _ := db.ListSurveys(ctx)
		if len(list) != 1 || list[0].BuiltIn != minyi.HaochapingCode || list[0].Status != minyi.SurveyPublished {
			t.Fatalf("only the built-in survey should exist: %+v", list)
		}

		s := branching()
		if err := db.CreateSurvey(ctx, s); err != nil {
			t.Fatal(err)
		}
		if s.Status != minyi.SurveyDraft || s.Code == "" || s.Questions[3].Options[2].ID == "" {
			t.Fatalf("created: %+v", s)
		}
		s.Questions = append(s.Questions[:1], s.Questions[2:]...) // drafts change freely
		if err := db.UpdateSurvey(ctx, s); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetSurveyStatus(ctx, s.ID, minyi.SurveyClosed); minyi.ErrorCode(err) != minyi.ECONFLICT {
			t.Fatalf("closing a draft: %v", err)
		}
		if _, err := db.SetSurveyStatus(ctx, s.ID, minyi.SurveyPublished); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindSurvey(ctx, s.ID)
		got.Questions[1].Title = "改过的题目"
		if err := db.UpdateSurvey(ctx, got); minyi.ErrorCode(err) != minyi.ECONFLICT {
			t.Fatalf("changing a published survey's questions: %v", err)
		}
		got, _ = db.FindSurvey(ctx, s.ID)
		got.Title = "办件回访（2026）"
		if err := db.UpdateSurvey(ctx, got); err != nil {
			t.Fatalf("retitling a published survey: %v", err)
		}
		if got, _ = db.FindSurveyByCode(ctx, s.Code); got.Title != "办件回访（2026）" || got.Questions[1].Title != "您会向亲友推荐12345吗？" {
			t.Fatalf("after update: %+v", got)
		}
	})
}

func TestSurveyResponses(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := branching()
		s.Open = false
		if err := db.CreateSurvey(ctx, s); err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitSurveyResponse(ctx, &minyi.SurveyResponse{SurveyID: s.ID, Token: "x", Answers: minyi.Answers{}}); minyi.ErrorCode(err) != minyi.ECONFLICT {
			t.Fatalf("answering a draft: %v", err)
		}
		if _, err := db.SetSurveyStatus(ctx, s.ID, minyi.SurveyPublished); err != nil {
			t.Fatal(err)
		}
		toks, err := db.CreateSurveyTokens(ctx, s.ID, []minyi.SurveyToken{
			{District: "福田区", Group: "咨询"}, {District: "福田区", Group: "投诉"}, {District: "南山区", Group: "投诉"},
			{District: "南山区", Group: "咨询"}, {District: "福田区", Group: "投诉"},
		})
		if err != nil || len(toks) != 5 || toks[0].Token == toks[1].Token {
			t.Fatalf("tokens: %v %+v", err, toks)
		}
		sms, phone, web := s.Questions[3].Options[0].ID, s.Questions[3].Options[1].ID, s.Questions[3].Options[2].ID
		answers := []minyi.Answers{
			{"solved": {Option: "yes"}, "speed": {Value: intp(5)}, "nps": {Value: intp(10)}, "channels": {Options: []string{sms, phone}}, "note": {Text: "办事员李明很耐心，电话13812345678"}},
			{"solved": {Option: "yes"}, "speed": {Value: intp(4)}, "nps": {Value: intp(8)}, "channels": {Options: []string{sms}}},
			// "partly" skips the scale: its answer is dropped.
			{"solved": {Option: "partly"}, "speed": {Value: intp(1)}, "nps": {Value: intp(3)}, "channels": {Options: []string{web}}},
			{"solved": {Option: "yes"}, "speed": {Value: intp(3)}, "nps": {Value: intp(9)}},
			// "no" ends the survey: nothing after it is kept.
			{"solved": {Option: "no"}, "speed": {Value: intp(2)}, "nps": {Value: intp(0)}},
		}
		for i, a := range answers {
			r := &minyi.SurveyResponse{SurveyID: s.ID, Token: toks[i].Token, Invited: true, Answers: a}
			if err := db.SubmitSurveyResponse(ctx, r); err != nil {
				t.Fatalf("response %d: %v", i, err)
			}
		}
		again := &minyi.SurveyResponse{SurveyID: s.ID, Token: toks[0].Token, Invited: true, Answers: answers[4]}
		if err := db.SubmitSurveyResponse(ctx, again); err != ErrAnswered {
			t.Fatalf("second answer with one token: %v", err)
		}
		if err := db.SubmitSurveyResponse(ctx, &minyi.SurveyResponse{SurveyID: s.ID, Token: "cookie", Answers: answers[1]}); minyi.ErrorCode(err) != minyi.EFORBIDDEN {
			t.Fatalf("open answer to an invitation-only survey: %v", err)
		}
		if err := db.SubmitSurveyResponse(ctx, &minyi.SurveyResponse{SurveyID: s.ID, Token: "nope", Invited: true, Answers: answers[1]}); minyi.ErrorCode(err) != minyi.ENOTFOUND {
			t.Fatalf("unknown invitation: %v", err)
		}
		toks2, _ := db.CreateSurveyTokens(ctx, s.ID, []minyi.SurveyToken{{}})
		bad := &minyi.SurveyResponse{SurveyID: s.ID, Token: toks2[0].Token, Invited: true, Answers: minyi.Answers{"solved": {Option: "yes"}}}
		if err := db.SubmitSurveyResponse(ctx, bad); minyi.ErrorCode(err) != minyi.EINVALID || err.(*minyi.Error).Fields["speed"] == "" {
			t.Fatalf("missing required answer: %v", err)
		}
		if tok, _ := db.FindSurveyToken(ctx, s.ID, toks2[0].Token); tok.UsedAt != nil {
			t.Fatal("a rejected response used up its invitation")
		}
		if issued, used, err := db.SurveyInvitations(ctx, s.ID); issued != 6 || used != 5 || err != nil {
			t.Fatalf("invitations: %d issued, %d used, %v", issued, used, err)
		}

		list, err := db.SurveyResponses(ctx, s.ID)
		if err != nil || len(list) != 5 {
			t.Fatalf("responses: %d %v", len(list), err)
		}
		if _, ok := list[2].Answers["speed"]; ok || len(list[4].Answers) != 1 || list[1].District != "福田区" {
			t.Fatalf("kept answers: %+v %+v", list[2].Answers, list[4])
		}
		if got := found(t, db, s.ID); got.Responses != 5 {
			t.Fatalf("count: %d", got.Responses)
		}

		res := minyi.Tally(found(t, db, s.ID), list, func(s string) string { return "[" + s + "]" })
		q := func(id string) minyi.QuestionResult { return res.Questions[s.Index(id)] }
		// Hand counts: solved yes 3, partly 1, no 1 of 5.
		if b := q("solved").Buckets; b[0].Count != 3 || b[0].Percent != 60 || b[1].Count != 1 || b[2].Percent != 20 {
			t.Fatalf("solved: %+v", b)
		}
		// speed answered by 3: 5, 4, 3 → average 4.
		if r := q("speed"); r.Answered != 3 || *r.Average != 4 || r.Buckets[4].Count != 1 {
			t.Fatalf("speed: %+v", r)
		}
		// NPS answered by 4: 10, 8, 3, 9 → promoters 2, passive 1, detractor 1 → (2−1)/4 = 25.
		if n := q("nps").NPS; n.Promoters != 2 || n.Passives != 1 || n.Detractors != 1 || n.Score != 25 {
			t.Fatalf("nps: %+v", n)
		}
		// channels answered by 3: sms 2 (66.7%), phone 1, web 1.
		if b := q("channels").Buckets; b[0].Count != 2 || b[0].Percent != 66.7 || b[2].Count != 1 {
			t.Fatalf("channels: %+v", b)
		}
		if tx := q("note").Texts; len(tx) != 1 || tx[0][0] != '[' {
			t.Fatalf("texts: %q", tx)
		}
		// speed by district: 福田 5, 4 → 4.5; 南山 3.
		cross := q("speed").ByDistr
		if len(cross) != 2 || cross[0].Key != "南山区" || *cross[0].Average != 3 || *cross[1].Average != 4.5 || cross[1].Answered != 2 {
			t.Fatalf("speed by district: %+v", cross)
		}
		// NPS by group: 咨询 10, 9 → 100; 投诉 8, 3 → −50.
		byG := q("nps").ByGroup
		if len(byG) != 2 || byG[0].Key != "咨询" || byG[0].NPS.Score != 100 || byG[1].NPS.Score != -50 {
			t.Fatalf("nps by group: %+v %+v", byG[0].NPS, byG[1].NPS)
		}
		if _, err := db.SetSurveyStatus(ctx, s.ID, minyi.SurveyClosed); err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitSurveyResponse(ctx, &minyi.SurveyResponse{SurveyID: s.ID, Token: toks2[0].Token, Invited: true, Answers: answers[1]}); minyi.ErrorCode(err) != minyi.ECONFLICT {
			t.Fatalf("answer to a closed survey: %v", err)
		}
	})
}

func found(t *testing.T, db *DB, id int64) *minyi.Survey {
	t.Helper()
	s, err := db.FindSurvey(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
