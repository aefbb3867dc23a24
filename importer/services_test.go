package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"minyi"
)

// catalogueCSV uses 部门 for 实施主体, 主事项 for the theme, an unknown
// column (办件类型) and a bad, a duplicate and an empty row.
const catalogueCSV = "部门,主事项,事项名称,办件类型,到现场次数,链接\n" +
	"区卫健局,未分类,出生医学证明首次签发,即办件,1次,https://zw.example.cn/d?itemCode=A1&x=1\n" +
	"区教育局,义务教育入学,小学一年级新生入学申请,承诺件,0,https://zw.example.cn/d?itemCode=A2\n" +
	"区人社局,,失业保险金申领,,两次,https://zw.example.cn/d?itemCode=A3\n" +
	"区人社局,,失业登记,,,https://zw.example.cn/d?itemCode=A2\n" +
	"区民政局,,,,,\n" +
	"区交通运输局,,道路货物运输经营许可,,,\n"

func TestImportServiceItemsCSV(t *testing.T) {
	ctx := context.Background()
	for _, enc := range []string{"utf8", "gb18030"} {
		t.Run(enc, func(t *testing.T) {
			db := openDB(t)
			data := []byte(catalogueCSV)
			if enc == "gb18030" {
				var err error
				if data, err = simplifiedchinese.GB18030.NewEncoder().Bytes(data); err != nil {
					t.Fatal(err)
				}
			}
			var last int
			sum, err := ServiceItems(ctx, db, bytes.NewReader(data), "items.csv", Options{BatchSize: 2, Progress: func(done, total int) {
				if done < last || total != 6 {
					t.Errorf("progress %d/%d after %d", done, total, last)
				}
				last = done
			}})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Read != 6 || sum.Imported != 3 || sum.Rejected != 3 || last != 6 {
				t.Fatalf("summary %+v, progress %d", sum, last)
			}
			want := []Reason{{Row: 4, ExternalID: "A3", Reason: ReasonBadVisits}, {Row: 5, ExternalID: "A2", Reason: ReasonDuplicateCode}, {Row: 6, Reason: ReasonNoServiceName}}
			if fmt.Sprint(sum.Reasons) != fmt.Sprint(want) {
				t.Errorf("reasons %v, want %v", sum.Reasons, want)
			}
			list, err := db.ListServiceItems(ctx, minyi.ServiceItemFilter{Department: "区卫健局"})
			if err != nil || len(list) != 1 {
				t.Fatalf("by department: %v %v", list, err)
			}
			birth := list[0]
			if birth.Name != "出生医学证明首次签发" || birth.Theme != "" || birth.Code != "A1" || birth.Extra["办件类型"] != "即办件" ||
				birth.Visits == nil || *birth.Visits != 1 || fmt.Sprint(birth.LifeEvents) != "[出生 医疗]" {
				t.Errorf("item %+v", birth)
			}
			school, _ := db.ListServiceItems(ctx, minyi.ServiceItemFilter{Theme: "义务教育入学"})
			if len(school) != 1 || fmt.Sprint(school[0].LifeEvents) != "[上学]" || *school[0].Visits != 0 {
				t.Errorf("theme: %+v", school)
			}
			// The same file again refreshes the items with a code; the one
			// without is added again.
			sum2, err := ServiceItems(ctx, db, bytes.NewReader(data), "items.csv", Options{})
			if err != nil || sum2.Imported != 3 || sum2.Replaced != 2 {
				t.Errorf("again: %+v %v", sum2, err)
			}
			if n, _ := db.CountServiceItems(ctx, minyi.ServiceItemFilter{}); n != 4 {
				t.Errorf("count after re-import %d", n)
			}
		})
	}
}

func TestImportServiceItemsXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"事项名称", "事项编码", "实施主体", "承诺时限", "人生事件", "窗口"},
		{"公积金提取", "GJJ-1", "市住房公积金中心", "3个工作日", "住房、养老", "1号窗口"},
		{"高龄津贴申领", "GL-1", "区民政局", "", "飞天", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	sum, err := ServiceItems(context.Background(), db, &buf, "items.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || len(sum.Reasons) != 1 || sum.Reasons[0].Reason != ReasonBadLifeEvent+"：飞天" {
		t.Fatalf("summary %+v", sum)
	}
	list, _ := db.ListServiceItems(context.Background(), minyi.ServiceItemFilter{LifeEvent: "养老"})
	if len(list) != 1 || list[0].PromisedLimit != "3个工作日" || list[0].Extra["窗口"] != "1号窗口" || fmt.Sprint(list[0].LifeEvents) != "[住房 养老]" {
		t.Errorf("xlsx item %+v", list)
	}
}

func TestImportServiceItemsNoName(t *testing.T) {
	_, err := ServiceItems(context.Background(), openDB(t), strings.NewReader("部门,链接\n区人社局,http://x\n"), "x.csv", Options{})
	if minyi.ErrorCode(err) != minyi.EINVALID || !strings.Contains(minyi.ErrorMessage(err), "事项名称") {
		t.Errorf("missing column: %v", err)
	}
}

// The real district catalogue of Guang'an (四川省广安市广安区), as it is.
func TestImportGuanganCatalogue(t *testing.T) {
	const path = "../../shared/data/other/guangan_zwfw_items/guangan_district_service_items.csv"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("the Guang'an catalogue is not here (%s): %v", path, err)
	}
	ctx := context.Background()
	db := openDB(t)
	sum, err := ServiceItemsFile(ctx, db, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 1135 || sum.Imported != 1135 || sum.Rejected != 0 {
		t.Fatalf("summary %+v", sum)
	}
	facets, err := db.ServiceFacets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if facets.Total != 1135 || len(facets.Departments) != 34 || facets.Departments[0] != (minyi.Facet{Name: "区行政审批局", Count: 344}) {
		t.Errorf("departments %v", facets.Departments[:3])
	}
	themed := 0
	for _, f := range facets.Themes {
		themed += f.Count
	}
	if themed != 1135-615 { // 615 rows say 未分类
		t.Errorf("items with a theme: %d", themed)
	}
	list, err := db.ListServiceItems(ctx, minyi.ServiceItemFilter{Query: "进城务工人员随迁子女接受义务教育入学申请办理"})
	if err != nil || len(list) != 1 {
		t.Fatalf("known item: %v %v", list, err)
	}
	it := list[0]
	if it.Department != "区教科体局" || it.Code != "512B0156000000-511602000000-000-115113010833722043-1-00" ||
		!strings.HasPrefix(it.Link, "http://www.sczwfw.gov.cn/") || fmt.Sprint(it.LifeEvents) != "[上学]" {
		t.Errorf("known item %+v", it)
	}
	for _, f := range facets.LifeEvents {
		t.Logf("%s: %d", f.Name, f.Count)
	}
}
