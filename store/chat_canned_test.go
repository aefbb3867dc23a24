package store

import (
	"context"
	"strconv"
	"testing"

	"minyi"
)

// Editors keep the canned answers: a new one goes last with a fresh id
// (PostgreSQL's came from a sequence added after the seeded rows), edits
// keep or move its place, the chat offers it as canned-<id>, and a deleted
// one is gone.
func TestCannedTexts(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seeded, err := db.ListCannedTexts(ctx)
		if err != nil || len(seeded) != 5 || seeded[0].Title != "问候" {
			t.Fatalf("seeded: %v, %d", err, len(seeded))
		}
		wantCode(t, db.CreateCannedText(ctx, &minyi.CannedText{Title: "", Text: "x"}), minyi.EINVALID)

		c := &minyi.CannedText{Title: "办理时限", Text: "一般在 5 个工作日内办结。", UpdatedBy: "editor1"}
		if err := db.CreateCannedText(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.ID <= seeded[len(seeded)-1].ID || c.Position != seeded[len(seeded)-1].Position+1 {
			t.Fatalf("created %+v", c)
		}
		second := &minyi.CannedText{Title: "材料", Text: "请携带身份证原件。"}
		if err := db.CreateCannedText(ctx, second); err != nil || second.ID == c.ID {
			t.Fatalf("second: %v %+v", err, second)
		}

		answers, err := db.CannedAnswers(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		offered := map[string]string{}
		for _, a := range answers {
			offered[a.ID] = a.Text
		}
		if offered["canned-"+strconv.FormatInt(c.ID, 10)] != c.Text {
			t.Fatalf("the chat does not offer the new answer: %v", offered)
		}

		c.Title, c.Text, c.Position, c.UpdatedBy = "时限", "5 个工作日内办结。", 0, "editor2"
		if err := db.UpdateCannedText(ctx, c); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindCannedText(ctx, c.ID)
		if err != nil || got.Title != "时限" || got.UpdatedBy != "editor2" || got.Position != 6 || got.UpdatedAt.IsZero() {
			t.Fatalf("updated: %+v %v", got, err)
		}
		c.Position = 1
		if err := db.UpdateCannedText(ctx, c); err != nil {
			t.Fatal(err)
		}
		list, _ := db.ListCannedTexts(ctx)
		if list[0].ID != seeded[0].ID || list[1].ID != c.ID {
			t.Errorf("order after moving to 1: %d, %d", list[0].ID, list[1].ID)
		}
		wantCode(t, db.UpdateCannedText(ctx, &minyi.CannedText{ID: 99999, Title: "x", Text: "y"}), minyi.ENOTFOUND)

		if err := db.DeleteCannedText(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteCannedText(ctx, c.ID), minyi.ENOTFOUND)
		_, err = db.FindCannedText(ctx, c.ID)
		wantCode(t, err, minyi.ENOTFOUND)
		if list, _ := db.ListCannedTexts(ctx); len(list) != 6 {
			t.Errorf("%d answers after deleting one of 7", len(list))
		}
	})
}
