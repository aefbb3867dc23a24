package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"minyi"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q", h)
	}
	h2, _ := HashPassword("correct horse")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
	if !CheckPassword(h, "correct horse") || CheckPassword(h, "correct horsE") {
		t.Fatal("CheckPassword is wrong")
	}
	for _, bad := range []string{"", "$argon2id$", strings.Replace(h, "argon2id", "argon2i", 1), h[:len(h)-4]} {
		if CheckPassword(bad, "correct horse") {
			t.Fatalf("accepted malformed hash %q", bad)
		}
	}
}

func TestUsers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		u, err := db.FindUser(ctx, f.handlerA.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "handler-a" || u.UnitName != "福田区" || u.Role != minyi.RoleHandler || u.CreatedAt.IsZero() {
			t.Fatalf("user = %+v", u)
		}
		if f.handlerA.UnitName != "福田区" {
			t.Fatalf("CreateUser did not fill the unit name: %+v", f.handlerA)
		}

		err = db.CreateUser(ctx, &minyi.User{Username: "handler-a", Role: minyi.RoleCitizen}, "long-enough")
		wantCode(t, err, minyi.ECONFLICT)
		err = db.CreateUser(ctx, &minyi.User{Username: "short", Role: minyi.RoleCitizen}, "1234567")
		wantCode(t, err, minyi.EINVALID)
		if minyi.ErrorFields(err)["password"] == "" {
			t.Fatalf("fields = %v", minyi.ErrorFields(err))
		}
		err = db.CreateUser(ctx, &minyi.User{Username: "nounit", Role: minyi.RoleHandler, UnitID: 4242}, "long-enough")
		wantCode(t, err, minyi.EINVALID)
		err = db.CreateUser(ctx, &minyi.User{Username: "x", Role: minyi.RoleHandler}, "long-enough")
		wantCode(t, err, minyi.EINVALID)

		// Authentication.
		got, err := db.Authenticate(ctx, "handler-a", "password-handler-a")
		if err != nil || got.ID != f.handlerA.ID {
			t.Fatalf("Authenticate = %v, %v", got, err)
		}
		for _, c := range [][2]string{{"handler-a", "wrong-password"}, {"nobody", "password-handler-a"}, {"", ""}} {
			_, err := db.Authenticate(ctx, c[0], c[1])
			wantCode(t, err, minyi.EUNAUTHORIZED)
			if minyi.ErrorMessage(err) != "用户名或密码错误" {
				t.Fatalf("message = %q", minyi.ErrorMessage(err))
			}
		}

		// Sessions.
		c := useClock(db, time.Now())
		s, err := db.CreateSession(ctx, f.handlerA.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.ID) != 43 || s.CSRF == "" {
			t.Fatalf("session = %+v", s)
		}
		var stored int
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM sessions WHERE id_hash = ?`, s.ID).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("session id stored in clear (%d, %v)", stored, err)
		}
		gs, gu, err := db.FindSession(ctx, s.ID)
		if err != nil || gu.ID != f.handlerA.ID || gs.CSRF != s.CSRF || gu.UnitName != "福田区" {
			t.Fatalf("FindSession = %+v %+v %v", gs, gu, err)
		}
		_, _, err = db.FindSession(ctx, s.ID+"x")
		wantCode(t, err, minyi.ENOTFOUND)
		c.advance(time.Hour + time.Second)
		_, _, err = db.FindSession(ctx, s.ID)
		wantCode(t, err, minyi.EUNAUTHORIZED)

		c.set(time.Now())
		s, _ = db.CreateSession(ctx, f.handlerA.ID, time.Hour)
		if err := db.DeleteSession(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.FindSession(ctx, s.ID)
		wantCode(t, err, minyi.ENOTFOUND)

		// A new password ends sessions and replaces the old one.
		s, _ = db.CreateSession(ctx, f.handlerA.ID, time.Hour)
		if err := db.SetPassword(ctx, f.handlerA.ID, "a-new-password"); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.FindSession(ctx, s.ID)
		wantCode(t, err, minyi.ENOTFOUND)
		if _, err := db.Authenticate(ctx, "handler-a", "a-new-password"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.SetPassword(ctx, f.handlerA.ID, "short"), minyi.EINVALID)
		wantCode(t, db.SetPassword(ctx, 4242, "long-enough"), minyi.ENOTFOUND)

		// Tokens.
		token, err := db.CreateToken(ctx, f.dispatcher.ID, "导入脚本")
		if err != nil || !strings.HasPrefix(token, "myt_") {
			t.Fatalf("CreateToken = %q, %v", token, err)
		}
		tu, err := db.FindUserByToken(ctx, token)
		if err != nil || tu.ID != f.dispatcher.ID || tu.UnitName != "深圳市" {
			t.Fatalf("FindUserByToken = %+v, %v", tu, err)
		}
		_, err = db.FindUserByToken(ctx, token+"x")
		wantCode(t, err, minyi.EUNAUTHORIZED)

		// Disabling a user locks them out everywhere.
		s, _ = db.CreateSession(ctx, f.dispatcher.ID, time.Hour)
		d := *f.dispatcher
		d.Disabled, d.DisplayName = true, "已离职"
		if err := db.UpdateUser(ctx, &d); err != nil {
			t.Fatal(err)
		}
		_, err = db.Authenticate(ctx, "dispatcher", "password-dispatcher")
		wantCode(t, err, minyi.EUNAUTHORIZED)
		_, err = db.FindUserByToken(ctx, token)
		wantCode(t, err, minyi.EUNAUTHORIZED)
		_, _, err = db.FindSession(ctx, s.ID)
		wantCode(t, err, minyi.ENOTFOUND)

		// Renaming onto a taken username conflicts; unknown users are not found.
		d = *f.handlerB
		d.Username = "handler-a"
		wantCode(t, db.UpdateUser(ctx, &d), minyi.ECONFLICT)
		d = *f.handlerB
		d.ID = 4242
		wantCode(t, db.UpdateUser(ctx, &d), minyi.ENOTFOUND)
		d = *f.handlerB
		d.UnitID = f.futian.ID
		if err := db.UpdateUser(ctx, &d); err != nil || d.UnitName != "福田区" {
			t.Fatalf("UpdateUser = %+v, %v", d, err)
		}

		list, err := db.ListUsers(ctx)
		if err != nil || len(list) != 7 || list[0].Username != "dispatcher" || !list[0].Disabled {
			t.Fatalf("ListUsers = %d users, %v", len(list), err)
		}
		if _, err := db.FindUserByUsername(ctx, "citizen"); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindUserByUsername(ctx, "nobody")
		wantCode(t, err, minyi.ENOTFOUND)
	})
}

func TestUnits(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustFixture(t, db)
		if f.street.Path != "深圳市/福田区/华富街道" {
			t.Fatalf("path = %q", f.street.Path)
		}
		u, err := db.FindUnit(ctx, f.street.ID)
		if err != nil || u.Path != "深圳市/福田区/华富街道" || u.ParentID != f.futian.ID || u.Kind != minyi.UnitStreet {
			t.Fatalf("FindUnit = %+v, %v", u, err)
		}
		u, err = db.FindUnitByName(ctx, "南山区")
		if err != nil || u.ID != f.nanshan.ID || u.Path != "深圳市/南山区" {
			t.Fatalf("FindUnitByName = %+v, %v", u, err)
		}
		_, err = db.FindUnitByName(ctx, "罗湖区")
		wantCode(t, err, minyi.ENOTFOUND)
		_, err = db.FindUnit(ctx, 4242)
		wantCode(t, err, minyi.ENOTFOUND)

		wantCode(t, db.CreateUnit(ctx, &minyi.Unit{Code: "FT", Name: "重复", Kind: minyi.UnitDistrict, ParentID: f.city.ID}), minyi.ECONFLICT)
		wantCode(t, db.CreateUnit(ctx, &minyi.Unit{Code: "X", Name: "无上级", Kind: minyi.UnitDistrict, ParentID: 4242}), minyi.EINVALID)
		wantCode(t, db.CreateUnit(ctx, &minyi.Unit{Code: "Y", Name: "", Kind: "nope"}), minyi.EINVALID)

		// Moving the district under its own street would make a cycle.
		ft := *f.futian
		ft.ParentID = f.street.ID
		err = db.UpdateUnit(ctx, &ft)
		wantCode(t, err, minyi.EINVALID)
		ft = *f.futian
		ft.Code = "NS"
		wantCode(t, db.UpdateUnit(ctx, &ft), minyi.ECONFLICT)

		// Moving the street under 南山区 changes its path.
		st := *f.street
		st.ParentID, st.Name = f.nanshan.ID, "粤海街道"
		if err := db.UpdateUnit(ctx, &st); err != nil || st.Path != "深圳市/南山区/粤海街道" {
			t.Fatalf("UpdateUnit = %+v, %v", st, err)
		}
		list, err := db.ListUnits(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, u := range list {
			paths = append(paths, u.Path)
		}
		want := "深圳市|深圳市/南山区|深圳市/南山区/粤海街道|深圳市/福田区"
		if got := strings.Join(paths, "|"); got != want {
			t.Fatalf("ListUnits = %s, want %s", got, want)
		}
	})
}

func TestCategories(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		paths := [][]string{{"城市管理", "市容环境", "占道经营"}, {"城市管理", "市容环境", "乱张贴"}, {" 交通运输 ", "公交"}}
		n, err := db.ImportCategories(ctx, paths)
		if err != nil || n != 6 {
			t.Fatalf("ImportCategories = %d, %v; want 6", n, err)
		}
		if paths[2][0] != " 交通运输 " {
			t.Fatal("ImportCategories changed its input")
		}
		n, err = db.ImportCategories(ctx, append(paths, []string{"城市管理", "道路"}))
		if err != nil || n != 1 {
			t.Fatalf("second import = %d, %v; want 1", n, err)
		}
		list, err := db.ListCategories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, c.Path)
		}
		want := "交通运输|交通运输/公交|城市管理|城市管理/市容环境|城市管理/市容环境/乱张贴|城市管理/市容环境/占道经营|城市管理/道路"
		if strings.Join(got, "|") != want {
			t.Fatalf("ListCategories = %v", got)
		}
		leaf := list[5]
		c, err := db.FindCategory(ctx, leaf.ID)
		if err != nil || c.Level != 3 || c.Name != "占道经营" || c.ParentID != list[3].ID {
			t.Fatalf("FindCategory = %+v, %v", c, err)
		}
		_, err = db.FindCategory(ctx, 4242)
		wantCode(t, err, minyi.ENOTFOUND)
		for _, bad := range [][][]string{{{}}, {{"a", "b", "c", "d"}}, {{"a/b"}}, {{"a", " "}}} {
			_, err := db.ImportCategories(ctx, bad)
			wantCode(t, err, minyi.EINVALID)
		}
	})
}

func TestAudit(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		for i, target := range []string{"SZ20261130000001", "SZ20261130000002", "SZ20261130000003"} {
			e := &minyi.AuditEntry{UserID: int64(i + 1), Username: "dispatcher", Action: "view_contact", Target: target}
			if err := db.Audit(ctx, e); err != nil {
				t.Fatal(err)
			}
			if e.ID == 0 || e.At.IsZero() {
				t.Fatalf("entry = %+v", e)
			}
		}
		wantCode(t, db.Audit(ctx, &minyi.AuditEntry{}), minyi.EINVALID)
		list, err := db.ListAudit(ctx, 2)
		if err != nil || len(list) != 2 || list[0].Target != "SZ20261130000003" || list[1].Target != "SZ20261130000002" {
			t.Fatalf("ListAudit = %+v, %v", list, err)
		}
		ok, bad, err := db.VerifyAudit(ctx)
		if err != nil || !ok || bad != 0 {
			t.Fatalf("VerifyAudit = %v %d %v", ok, bad, err)
		}
		// Someone edits the second row in the database.
		if _, err := db.exec(ctx, `UPDATE audit_log SET target = 'SZ20261130000009' WHERE id = ?`, list[1].ID); err != nil {
			t.Fatal(err)
		}
		ok, bad, err = db.VerifyAudit(ctx)
		if err != nil || ok || bad != list[1].ID {
			t.Fatalf("after tampering VerifyAudit = %v %d %v; want false %d", ok, bad, err, list[1].ID)
		}
		// Putting it back and deleting the first row breaks the chain at the second.
		db.exec(ctx, `UPDATE audit_log SET target = 'SZ20261130000002' WHERE id = ?`, list[1].ID)
		if ok, _, _ := db.VerifyAudit(ctx); !ok {
			t.Fatal("restored chain does not verify")
		}
		db.exec(ctx, `DELETE FROM audit_log WHERE id < ?`, list[1].ID)
		if ok, bad, _ := db.VerifyAudit(ctx); ok || bad != list[1].ID {
			t.Fatalf("after deletion VerifyAudit = %v %d", ok, bad)
		}
	})
}

func TestSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s, err := db.Settings(ctx)
		if err != nil || s.Prefix != "SZ" || s.CityName != "深圳市" {
			t.Fatalf("default settings = %+v, %v", s, err)
		}
		s.Prefix = "XX" // a copy: the cache is unaffected
		if s2, _ := db.Settings(ctx); s2.Prefix != "SZ" {
			t.Fatal("caller changed the cached settings")
		}
		s = &minyi.Settings{CityName: "广州市", Prefix: "GZ", Holidays: []string{"2026-10-01"}, RatingWindowDays: 5,
			SLARules: []minyi.SLARule{{Type: minyi.TypeComplaint, SignHours: 4}}}
		if err := db.SaveSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		got, err := db.Settings(ctx)
		if err != nil || got.Prefix != "GZ" || got.CityName != "广州市" || len(got.SLARules) != 1 || got.Holidays[0] != "2026-10-01" {
			t.Fatalf("saved settings = %+v, %v", got, err)
		}
		// The policy of the saved settings drives new deadlines and numbers.
		useClock(db, cst(2026, 11, 30, 9, 0))
		a := mustCreate(t, db, newAppeal("按新规则"), minyi.SystemActor)
		if !strings.HasPrefix(a.TrackingNo, "GZ20261130") {
			t.Fatalf("tracking_no = %q", a.TrackingNo)
		}
		a = mustAct(t, db, a.TrackingNo, minyi.ActionRequest{Action: minyi.ActDispatch, UnitID: mustFixture(t, db).futian.ID}, minyi.SystemActor, all)
		if want := cst(2026, 11, 30, 13, 0); !a.SignDue.Equal(want) {
			t.Fatalf("sign due = %v, want %v", a.SignDue, want)
		}
		err = db.SaveSettings(ctx, &minyi.Settings{Prefix: "bad prefix!", Holidays: []string{"2026/10/01"}})
		wantCode(t, err, minyi.EINVALID)
		if f := minyi.ErrorFields(err); f["tracking_prefix"] == "" || f["holidays"] == "" {
			t.Fatalf("fields = %v", f)
		}
		// A rejected save keeps the settings saved before.
		if got, _ := db.Settings(ctx); got.Prefix != "GZ" {
			t.Fatalf("prefix after failed save = %q", got.Prefix)
		}
	})
}

func TestAttachmentsAndOutbox(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a := mustCreate(t, db, newAppeal("附件"), minyi.SystemActor)
		for i := range minyi.MaxAttachmentCount {
			at := &minyi.Attachment{AppealID: a.ID, Name: "照片.jpg", ContentType: "image/jpeg", Size: int64(1000 + i), Path: "attachments/x" + string(rune('0'+i))}
			if err := db.AddAttachment(ctx, at); err != nil || at.ID == 0 {
				t.Fatalf("AddAttachment = %v (id %d)", err, at.ID)
			}
		}
		wantCode(t, db.AddAttachment(ctx, &minyi.Attachment{AppealID: a.ID, Name: "多余.jpg", Path: "p"}), minyi.EINVALID)
		wantCode(t, db.AddAttachment(ctx, &minyi.Attachment{AppealID: a.ID}), minyi.EINVALID)
		list, err := db.ListAttachments(ctx, a.ID)
		if err != nil || len(list) != minyi.MaxAttachmentCount || list[0].Size != 1000 || list[0].Path != "attachments/x0" {
			t.Fatalf("ListAttachments = %+v, %v", list, err)
		}
		got, err := db.FindAttachment(ctx, list[1].ID)
		if err != nil || got.Name != "照片.jpg" || got.AppealID != a.ID || got.ContentType != "image/jpeg" {
			t.Fatalf("FindAttachment = %+v, %v", got, err)
		}
		_, err = db.FindAttachment(ctx, 4242)
		wantCode(t, err, minyi.ENOTFOUND)

		mustCreate(t, db, newAppeal("第二件"), minyi.SystemActor)
		msgs, err := db.PendingOutbox(ctx, 1)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("PendingOutbox = %v, %v", msgs, err)
		}
		if err := db.MarkOutboxDelivered(ctx, []int64{msgs[0].ID}); err != nil {
			t.Fatal(err)
		}
		rest, _ := db.PendingOutbox(ctx, 10)
		if len(rest) != 1 || rest[0].ID == msgs[0].ID {
			t.Fatalf("pending after delivery = %+v", rest)
		}
		if err := db.MarkOutboxDelivered(ctx, nil); err != nil {
			t.Fatal(err)
		}
	})
}
