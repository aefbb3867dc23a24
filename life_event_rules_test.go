package minyi

import (
	"fmt"
	"testing"
)

func TestGuessLifeEvents(t *testing.T) {
	for i, r := range lifeEventRules {
		if i >= len(LifeEventList) || LifeEventList[i].Name != r.Event {
			t.Fatalf("rule %d (%s) is not in the order of LifeEventList", i, r.Event)
		}
	}
	cases := []struct{ name, theme, dept, want string }{
		{"出生医学证明首次签发", "", "区卫健局", "[出生 医疗]"},
		{"适龄儿童、少年因身体状况需要延缓入学或者休学审批", "", "区教科体局", "[上学]"},
		{"失业保险金申领", "", "区人社局", "[就业 社保]"},
		{"机动车驾驶证换证", "", "市公安局交通警察局", "[证照办理 交通出行]"},
		{"伤残抚恤关系接收", "", "区退役军人事务局", "[退役军人 身后事]"},
		{"城乡居民基本医疗保险参保登记", "", "区医疗保障局", "[社保 医疗]"},
		{"企业投资项目备案（技术改造）", "", "区经信局", "[]"},
		{"个体工商户设立登记", "企业设立、变更、注销登记", "区行政审批局", "[创业]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(GuessLifeEvents(c.name, c.theme, c.dept)); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestServiceItemValidate(t *testing.T) {
	v := 3
	s := &ServiceItem{Name: "  公积金\n提取 ", Theme: NoTheme, LifeEvents: []string{"housing", "住房", "养老"}, Visits: &v}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Name != "公积金 提取" || s.Theme != "" || fmt.Sprint(s.LifeEvents) != "[住房 养老]" {
		t.Errorf("tidied %+v", s)
	}
	bad := &ServiceItem{Link: "javascript:alert(1)"}
	err := bad.Validate()
	if got := FieldsText(err, ServiceFields); got != "请填写事项名称；链接应以 http:// 或 https:// 开头" {
		t.Errorf("FieldsText = %q", got)
	}
}
