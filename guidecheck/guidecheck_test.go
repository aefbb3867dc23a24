package guidecheck

import (
	"fmt"
	"slices"
	"testing"

	"minyi"
)

// fixture is a small catalogue of three departments, each with its own
// vocabulary, complete in every required field.
func fixture() []*minyi.ServiceItem {
	depts := []struct {
		name  string
		words []string
		text  string
	}{
		{"区公安分局", []string{"居民身份证", "户口", "居住证", "护照", "港澳通行证", "临时身份证"}, "持户口簿到派出所户政窗口，采集指纹和照片，出入境证件签注"},
		{"区人社局", []string{"失业保险金", "养老保险", "职业技能培训补贴", "就业登记", "工伤保险待遇", "社会保险关系"}, "参保缴费满一年，社会保险经办机构审核，劳动合同和工资流水"},
		{"区交通运输局", []string{"道路运输证", "出租汽车驾驶员证", "客运班线", "货运车辆营运证", "网约车运输证", "公交线路"}, "车辆技术等级评定，道路运输经营许可，营运车辆年审和驾驶员从业资格"},
	}
	actions := []string{"申领", "补领", "变更", "注销"}
	how := map[string]string{"申领": "首次申请的需本人到场并提交近期免冠照片", "补领": "遗失或者损毁的先登报声明作废，再提交补领申请",
		"变更": "登记事项发生变化的，提交能够证明变化情况的文件", "注销": "不再需要或者持有人死亡的，由本人或家属交回原证"}
	var out []*minyi.ServiceItem
	id := int64(0)
	for _, d := range depts {
		for i, w := range d.words {
			for j, a := range actions {
				if (i+j)%2 == 1 {
					continue
				}
				id++
				out = append(out, &minyi.ServiceItem{ID: id, Name: w + a, Department: d.name, Theme: w,
					Conditions: fmt.Sprintf("申请%s%s，%s。%s。", w, a, d.text, how[a]), Materials: "身份证明和" + w + "相关材料。",
					Place: "政务服务中心", PromisedLimit: "5个工作日", Phone: "12345"})
			}
		}
	}
	return out
}

func TestMissingFields(t *testing.T) {
	items := fixture()
	items[3].Materials, items[3].Phone = "", " "
	got := Missing(items)
	if len(got) != 1 || got[0].ItemID != items[3].ID || !slices.Equal(got[0].Fields, []string{"申请材料", "咨询电话"}) {
		t.Errorf("missing %+v", got)
	}
}

func TestDepartmentMismatch(t *testing.T) {
	items := fixture()
	// A 人社 item filed under the transport department.
	wrong := &minyi.ServiceItem{ID: 999, Name: "失业保险金申领", Department: "区交通运输局",
		Conditions: "参保缴费满一年的失业人员，社会保险经办机构审核，劳动合同和工资流水。", Materials: "失业保险金申领表。",
		Place: "政务服务中心", PromisedLimit: "5个工作日", Phone: "12345"}
	items = append(items, wrong)
	found, why, err := Mismatches(items, KindDepartment, func(s *minyi.ServiceItem) string { return s.Department }, Options{})
	if err != nil || why != "" {
		t.Fatal(err, why)
	}
	if len(found) == 0 || found[0].ItemID != 999 || found[0].Predicted != "区人社局" || found[0].Current != "区交通运输局" {
		t.Fatalf("mismatches %+v", found)
	}
	for _, f := range found {
		if f.ItemID != 999 {
			t.Errorf("a well-filed item is flagged: %+v", f)
		}
	}
	// Too few items per label: skipped with a reason, nothing flagged.
	found, why, _ = Mismatches(items[:3], KindDepartment, func(s *minyi.ServiceItem) string { return s.Department }, Options{})
	if why == "" || len(found) != 0 {
		t.Errorf("small catalogue: %v %q", found, why)
	}
}

func TestDuplicates(t *testing.T) {
	items := fixture()
	copy := *items[0]
	copy.ID, copy.Name = 500, items[0].Name+"（旧）"
	items = append(items, &copy)
	got := Duplicates(items, Options{})
	if len(got) != 2 || got[0].ItemID != items[0].ID || !slices.Equal(got[0].Others, []int64{500}) || got[1].ItemID != 500 {
		t.Errorf("duplicates %+v", got)
	}
}

func TestCheckCounts(t *testing.T) {
	items := fixture()
	items[0].Place = ""
	r, err := Check(items, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Items != len(items) || r.Counts[KindMissing] != 1 || r.Counts[KindDuplicate] != 0 {
		t.Errorf("report %+v", r)
	}
}
