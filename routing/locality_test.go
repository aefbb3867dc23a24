package routing

import (
	"testing"

	"minyi"
	"minyi/classify"
)

// A small tree: a city bureau, two districts with a housing bureau and
// two street offices each, and a bureau named without its district.
func testTree() []*minyi.Unit {
	return []*minyi.Unit{
		{ID: 1, Name: "深圳市", Kind: minyi.UnitCity},
		{ID: 2, ParentID: 1, Name: "市交通运输局", Kind: minyi.UnitDepartment},
		{ID: 10, ParentID: 1, Name: "福田区", Kind: minyi.UnitDistrict},
		{ID: 11, ParentID: 10, Name: "福田区住房和建设局", Kind: minyi.UnitDepartment},
		{ID: 12, ParentID: 10, Name: "莲花街道", Kind: minyi.UnitStreet},
		{ID: 13, ParentID: 10, Name: "华富街道", Kind: minyi.UnitStreet},
		{ID: 14, ParentID: 10, Name: "福田口岸管理处", Kind: minyi.UnitDepartment},
		{ID: 20, ParentID: 1, Name: "南山区", Kind: minyi.UnitDistrict},
		{ID: 21, ParentID: 20, Name: "南山区住房和建设局", Kind: minyi.UnitDepartment},
		{ID: 22, ParentID: 20, Name: "粤海街道", Kind: minyi.UnitStreet},
	}
}

func TestLocalityDuties(t *testing.T) {
	l := newLocality(testTree())
	for label, want := range map[string]string{
		"2": "unit:2", "10": keyDistrict, "11": "dept:住房和建设局", "21": "dept:住房和建设局",
		"12": keyStreet, "22": keyStreet, "14": "unit:14", "99": "unit:99",
	} {
		if got := l.keyOf(label); got != want {
			t.Errorf("duty of unit %s = %q, want %q", label, got, want)
		}
	}
}

func TestLocalityResolve(t *testing.T) {
	l := newLocality(testTree())
	scored := []classify.Scored{{Label: keyStreet, Probability: 0.6}, {Label: "dept:住房和建设局", Probability: 0.3}, {Label: "unit:2", Probability: 0.1}}
	cases := []struct {
		district, street string
		want             []string
	}{
		{"福田区", "莲花街道", []string{"12", "11", "2"}},
		{"南山区", "粤海街道", []string{"22", "21", "2"}},
		{"南山区", "", []string{"21", "2"}},      // no street: no street office
		{"南山区", "不存在街道", []string{"21", "2"}}, // a street the tree lacks
		{"", "", []string{"2"}},               // no place: only the city bureau
		{"福田区", "粤海街道", []string{"11", "2"}},  // a street of another district
		{"罗湖区", "桂园街道", []string{"2"}},        // a district the tree lacks
	}
	for _, c := range cases {
		got := l.resolve(scored, c.district, c.street)
		var labels []string
		for _, s := range got {
			labels = append(labels, s.Label)
		}
		if len(labels) != len(c.want) {
			t.Errorf("%s/%s: %v, want %v", c.district, c.street, labels, c.want)
			continue
		}
		for i := range labels {
			if labels[i] != c.want[i] {
				t.Errorf("%s/%s: %v, want %v", c.district, c.street, labels, c.want)
				break
			}
		}
	}
	// A model trained on units directly (labels are IDs) passes through.
	if got := l.resolve([]classify.Scored{{Label: "13", Probability: 1}}, "福田区", ""); len(got) != 1 || got[0].Label != "13" {
		t.Errorf("unit label: %v", got)
	}
}
