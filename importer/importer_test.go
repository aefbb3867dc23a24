package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"minyi"
	"minyi/store"
)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "minyi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const sampleCSV = "\ufeff留言编号,留言用户,留言主题,留言时间,留言详情,一级标签,点赞数,反对数\n" +
	"1001,U0001,幸福路夜间施工扰民,2024-03-05 23:10:00,\"\n\t\t幸福路工地每晚施工到凌晨，噪音很大。\n\",城乡建设,12,1\n" +
	"1002,U0002,,2024/3/6 8:05,请问小一学位申请需要哪些材料？孩子明年上小学。,教育文体,0,0\n" +
	"1003,U0003,公交车太少,2024/3/7 9:15:30,早高峰公交间隔太长。,交通运输,,\n" +
	"1001,U0001,重复提交,2024-03-08 10:00:00,同一编号再次出现。,城乡建设,,\n" +
	"1004,U0004,时间错误,昨天下午,时间写错了。,城乡建设,,\n" +
	"1005,U0005,没有内容,2024-03-09 10:00:00,,,,\n" +
	",,,,,,,\n"

func TestImportCSV(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	var last int
	sum, err := Appeals(ctx, db, strings.NewReader(sampleCSV), "sample.csv", Options{BatchSize: 2, Progress: func(done, total int) {
		if done < last || total != 6 {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 6 || sum.Imported != 4 || sum.Rejected != 2 {
		t.Fatalf("summary %+v, want read 6, imported 4, rejected 2", sum)
	}
	if last != 6 {
		t.Errorf("progress ended at %d", last)
	}
	want := []Reason{{Row: 5, ExternalID: "1001", Reason: ReasonDuplicate}, {Row: 6, ExternalID: "1004", Reason: ReasonBadTime}}
	for i, w := range want {
		if sum.Reasons[i] != w {
			t.Errorf("reason %d = %+v, want %+v", i, sum.Reasons[i], w)
		}
	}
	// 1005 has a title but no detail: the title is the content.
	list, err := db.ListAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*minyi.Appeal{}
	for _, a := range list {
		byID[a.ExternalID] = a
	}
	a := byID["1001"]
	if a == nil || a.Content != "幸福路工地每晚施工到凌晨，噪音很大。" || a.Supporters != 12 || a.Opposers != 1 ||
		a.Type != minyi.TypeComplaint || a.Channel != minyi.ChannelWeb || a.Status != minyi.StatusPending ||
		!a.Anonymous || a.ContactName != "U0001" || a.Category != "城乡建设" {
		t.Errorf("1001 = %+v", a)
	}
	if want := time.Date(2024, 3, 5, 23, 10, 0, 0, minyi.DefaultLocation); a != nil && !a.ReceivedAt.Equal(want) {
		t.Errorf("1001 received %v, want %v", a.ReceivedAt, want)
	}
	b := byID["1002"]
	if b == nil || b.Type != minyi.TypeConsult || !strings.HasPrefix(b.Title, "请问小一学位申请") || len([]rune(b.Title)) > 30 {
		t.Errorf("1002 = %+v", b)
	}
	if c := byID["1005"]; c == nil || c.Content != "没有内容" {
		t.Errorf("1005 = %+v", c)
	}
	cats, _ := db.ListCategories(ctx)
	if len(cats) != 3 {
		t.Errorf("%d categories created, want 3", len(cats))
	}

	// Importing again rejects everything as already imported.
	sum, err = Appeals(ctx, db, strings.NewReader(sampleCSV), "sample.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 0 || sum.Rejected != 6 || sum.Reasons[0].Reason != ReasonDuplicate {
		t.Errorf("second import %+v", sum)
	}
}

func TestImportRepliedAndLimits(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	long := strings.Repeat("长", minyi.MaxContentLen+1)
	csv := "留言编号,留言用户,留言主题,留言时间,留言详情,答复意见,答复时间\n" +
		"7,A1,路灯坏了,2023-05-01 09:00:00,小区门口路灯坏了一个月。,网友您好，路灯已于5月3日修复。,2023-05-04 10:30:00\n" +
		"8,A2,太长,2023-05-01 09:00:00," + long + ",,\n" +
		"9,A3,答复时间错,2023-05-01 09:00:00,内容内容内容。,已处理。,下周\n"
	sum, err := Appeals(ctx, db, strings.NewReader(csv), "r.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || sum.Rejected != 2 || sum.Reasons[0].Reason != ReasonTooLong || sum.Reasons[1].Reason != ReasonBadReplyAt {
		t.Fatalf("summary %+v", sum)
	}
	list, _ := db.ListAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}})
	if len(list) != 1 {
		t.Fatalf("%d appeals", len(list))
	}
	a := list[0]
	replied := time.Date(2023, 5, 4, 10, 30, 0, 0, minyi.DefaultLocation)
	if a.Status != minyi.StatusClosed || a.Reply != "网友您好，路灯已于5月3日修复。" || a.RepliedAt == nil || !a.RepliedAt.Equal(replied) || a.ClosedAt == nil {
		t.Errorf("replied appeal = %+v", a)
	}
	evs, err := db.Timeline(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for i, e := range evs {
		acts = append(acts, string(e.Action))
		if i > 0 && e.FromStatus != evs[i-1].ToStatus {
			t.Errorf("event %d from %s after %s", i, e.FromStatus, evs[i-1].ToStatus)
		}
	}
	if strings.Join(acts, ",") != "create,reply,close" {
		t.Errorf("timeline %v", acts)
	}
}

func TestImportGB18030AndXLSX(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("留言编号,留言用户,留言主题,留言时间,留言详情\n21,张三,噪音扰民,2024-01-02 10:00:00,楼下酒吧太吵。\n")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Appeals(ctx, db, strings.NewReader(gb), "gb.csv", Options{})
	if err != nil || sum.Imported != 1 {
		t.Fatalf("GB18030: %+v, %v", sum, err)
	}

	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级分类"},
		{"31", "李四", "积水", 45300.5, "暴雨后路口积水严重。", "城乡建设"},
		{"32", "王五", "咨询社保", "2024/1/3 8:30", "咨询社保转移怎么办理。", "劳动和社会保障"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	// A real date cell, shown with a date format.
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
	f.SetCellStyle(sheet, "D2", "D2", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sum, err = Appeals(ctx, db, &buf, "book.xlsx", Options{})
	if err != nil || sum.Imported != 2 || sum.Rejected != 0 {
		t.Fatalf("XLSX: %+v, %v", sum, err)
	}
	list, _ := db.ListAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}})
	got := map[string]*minyi.Appeal{}
	for _, a := range list {
		got[a.ExternalID] = a
	}
	if a := got["31"]; a == nil || !a.ReceivedAt.Equal(time.Date(2024, 1, 9, 12, 0, 0, 0, minyi.DefaultLocation)) {
		t.Errorf("serial date: %+v", a)
	}
	if a := got["32"]; a == nil || a.Type != minyi.TypeConsult || a.Category != "劳动和社会保障" {
		t.Errorf("32 = %+v", a)
	}
}

func TestImportCategories(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	csv := "一级分类,二级分类,三级分类\n城乡建设,物业管理,物业服务\n城乡建设,物业管理,维修资金\n城乡建设,物业管理,维修资金\n环境保护,,\n,噪声,\n交通,,断层\n"
	sum, err := Categories(ctx, db, strings.NewReader(csv), "c.csv")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 6 || sum.Paths != 3 || sum.Created != 5 || sum.Rejected != 2 {
		t.Errorf("summary %+v, want read 6, paths 3, created 5, rejected 2", sum)
	}
	sum, err = Categories(ctx, db, strings.NewReader(csv), "c.csv")
	if err != nil || sum.Created != 0 {
		t.Errorf("again: %+v %v", sum, err)
	}
	if _, err := Categories(ctx, db, strings.NewReader("名称\n甲\n"), "c.csv"); minyi.ErrorCode(err) != minyi.EINVALID {
		t.Errorf("missing column: %v", err)
	}
}

func TestParseTime(t *testing.T) {
	cst := minyi.DefaultLocation
	for in, want := range map[string]time.Time{
		"2019-02-28 11:25:05": time.Date(2019, 2, 28, 11, 25, 5, 0, cst),
		"2019/2/8 11:25:05":   time.Date(2019, 2, 8, 11, 25, 5, 0, cst),
		"2019/2/8 9:05":       time.Date(2019, 2, 8, 9, 5, 0, 0, cst),
		"2019-02-28":          time.Date(2019, 2, 28, 0, 0, 0, 0, cst),
		"43524.25":            time.Date(2019, 2, 28, 6, 0, 0, 0, cst),
		" 2020年1月6日 12:09 ":   time.Date(2020, 1, 6, 12, 9, 0, 0, cst),
	} {
		got, ok := ParseTime(in)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "昨天", "12", "1e300", "NaN", "1800-01-01", "2019-13-01 00:00:00"} {
		if _, ok := ParseTime(bad); ok {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
}

// The Teddy Cup files, when the shared data folder is there.
func TestImportTeddyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("imports thousands of rows")
	}
	dir := filepath.Join("..", "..", "shared", "data", "teddy2020")
	cases := []struct {
		file                     string
		read, imported, rejected int
		closed                   bool
	}{
		{"附件2_示例数据.csv", 401, 400, 1, false}, // one 留言编号 appears twice
		{"附件3.csv", 4326, 4321, 5, false},    // five details are over 4000 characters
		{"附件4.csv", 2816, 2816, 0, true},
		{"附件4.xlsx", 2816, 2816, 0, true},
	}
	found := false
	for _, c := range cases {
		path := filepath.Join(dir, c.file)
		if _, err := os.Stat(path); err != nil {
			t.Logf("%s not present", path)
			continue
		}
		found = true
		t.Run(c.file, func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			sum, err := AppealsFile(ctx, db, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Read != c.read || sum.Imported != c.imported || sum.Rejected != c.rejected {
				t.Errorf("summary read %d imported %d rejected %d, want %d %d %d; reasons %v", sum.Read, sum.Imported, sum.Rejected, c.read, c.imported, c.rejected, sum.Reasons)
			}
			n, err := db.CountAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}})
			if err != nil || n != c.imported {
				t.Errorf("%d appeals stored (%v), want %d", n, err, c.imported)
			}
			if c.closed {
				closed, _ := db.CountAppeals(ctx, minyi.AppealFilter{Scope: minyi.Scope{All: true}, Statuses: []minyi.Status{minyi.StatusClosed}})
				if closed != c.imported {
					t.Errorf("%d closed, want %d", closed, c.imported)
				}
			}
		})
	}
	if !found {
		t.Skip("Teddy Cup data not present in ../shared/data/teddy2020")
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2019-02-28 11:25:05", "2019/2/8 9:05", "43524.25", "2020年1月6日", "", "-1", "1e10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, ok := ParseTime(s)
		if ok && (tm.Year() < 1990 || tm.Year() > 2100) {
			t.Errorf("ParseTime(%q) = %v outside the plausible range", s, tm)
		}
		if !ok && !tm.IsZero() {
			t.Errorf("ParseTime(%q) failed but returned %v", s, tm)
		}
	})
}

func FuzzParseRow(f *testing.F) {
	f.Add("1", "U1", "标题", "2019-02-28 11:25:05", "内容", "城乡建设", "3", "", "")
	f.Add("", "", "", "43524.25", "请问怎么办理", "", "1.5", "答复", "2019/3/1 10:00")
	f.Fuzz(func(t *testing.T, id, user, title, at, content, cat, up, reply, replyAt string) {
		tab := &table{col: map[string]int{}}
		for i, h := range []string{"留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级标签", "点赞数", "答复意见", "答复时间"} {
			tab.col[h] = i
		}
		it, _, reason := parseRow(tab, []string{id, user, title, at, content, cat, up, reply, replyAt})
		if reason != "" {
			return
		}
		a := it.Appeal
		if a.Title == "" || len([]rune(a.Title)) > minyi.MaxTitleLen || len([]rune(a.Content)) > minyi.MaxContentLen || a.Supporters < 0 {
			t.Fatalf("bad appeal %+v", a)
		}
		if len(it.Events) == 0 || it.Events[len(it.Events)-1].ToStatus != a.Status {
			t.Fatalf("timeline does not end in %s", a.Status)
		}
		if a.RepliedAt != nil && a.RepliedAt.Before(a.ReceivedAt) {
			t.Fatalf("replied before received")
		}
	})
}

// A category name that cannot be stored rejects its row, not the file.
func TestImportBadCategory(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	csv := "留言编号,留言主题,留言时间,留言详情,一级标签\n" +
		"2001,路灯不亮,2024-03-05 20:00:00,幸福路路灯坏了一周。,城乡建设\n" +
		"2002,学位申请,2024-03-06 09:00:00,请问学位申请要哪些材料？,教育/文体\n"
	sum, err := Appeals(ctx, db, strings.NewReader(csv), "c.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || sum.Rejected != 1 || sum.Reasons[0] != (Reason{Row: 3, ExternalID: "2002", Reason: ReasonBadCategory}) {
		t.Fatalf("summary %+v", sum)
	}
}
