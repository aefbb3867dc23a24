package text

import (
	"reflect"
	"testing"
)

type found struct {
	Kind Kind
	Text string
}

func findAll(s string) []found {
	var out []found
	for _, m := range FindPII(s) {
		out = append(out, found{m.Kind, m.Text})
	}
	return out
}

func TestFindPII(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []found
	}{
		{"mobile", "我的电话13812345678，请回电", []found{{KindMobile, "13812345678"}}},
		{"mobile with +86 and spaces", "联系 +86 138 1234 5678 谢谢", []found{{KindMobile, "+86 138 1234 5678"}}},
		{"mobile with 86 and dashes", "电话86-138-1234-5678", []found{{KindMobile, "86-138-1234-5678"}}},
		{"mobile next to letters", "tel:13912345678。", []found{{KindMobile, "13912345678"}}},
		{"mobile second digit 2", "12812345678", nil},
		{"mobile inside longer run", "138123456789", nil},
		{"mobile with digit before", "913812345678", nil},
		{"id card", "身份证440301199001011234办理", []found{{KindIDCard, "440301199001011234"}}},
		{"id card with X", "证件号11010519491231002X。", []found{{KindIDCard, "11010519491231002X"}}},
		{"id card with x", "证件号11010519491231002x", []found{{KindIDCard, "11010519491231002x"}}},
		{"id card leap day", "320102200002290013", []found{{KindIDCard, "320102200002290013"}}},
		{"id card bad checksum", "身份证440301199001011235", nil},
		{"id card bad date", "440305198502301230", nil},
		{"old id card", "旧证号440301900101123", []found{{KindIDCard, "440301900101123"}}},
		{"old id card bad date", "440301901301123", nil},
		{"landline with dash", "电话0755-83212345转", []found{{KindLandline, "0755-83212345"}}},
		{"landline beijing", "010-6512345", []found{{KindLandline, "010-6512345"}}},
		{"landline without dash", "075583212345", []found{{KindLandline, "075583212345"}}},
		{"bank card", "卡号6222021234567890128", []found{{KindBankCard, "6222021234567890128"}}},
		{"bank card 16", "卡号6217001234567893。", []found{{KindBankCard, "6217001234567893"}}},
		{"19 digits failing luhn", "6222021234567890127", nil},
		{"email", "邮箱zhang.san@example.com.cn。", []found{{KindEmail, "zhang.san@example.com.cn"}}},
		{"email no tld", "a@localhost", nil},
		{"at sign alone", "@深圳", nil},
		{"plate", "车牌粤B12345停在路边", []found{{KindPlate, "粤B12345"}}},
		{"new energy plate", "粤BD12345乱停", []found{{KindPlate, "粤BD12345"}}},
		{"plate too long", "粤B1234567", nil},
		{"name after 我叫", "我叫张三，住在福田", []found{{KindName, "张三"}}},
		{"name after 联系人：", "联系人：李小明 电话13812345678", []found{{KindName, "李小明"}, {KindMobile, "13812345678"}}},
		{"name after 姓名：", "姓名：欧阳娜娜", []found{{KindName, "欧阳娜娜"[:9]}}},
		{"name stops at 住", "我叫王五住在南山", []found{{KindName, "王五"}}},
		{"本人 not a name", "本人认为噪音太大", nil},
		{"tracking number", "诉求编号SZ20261130000123进度如何", nil},
		{"price", "收费1380元，每月23.50元", nil},
		{"date", "2026-11-30 14:30 发生", nil},
		{"date compact", "20261130", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findAll(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindPII(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestFindPIIOffsets(t *testing.T) {
	s := "张先生13812345678和0755-83212345"
	ms := FindPII(s)
	if len(ms) != 2 {
		t.Fatalf("got %v", ms)
	}
	for _, m := range ms {
		if s[m.Start:m.End] != m.Text {
			t.Errorf("%v: offsets do not match text", m)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"电话13812345678", "电话138****5678"},
		{"电话138-1234-5678。", "电话138****5678。"},
		{"电话+86 13812345678", "电话+86 138****5678"},
		{"身份证440301199001011234", "身份证4403**********1234"},
		{"11010519491231002X", "1101**********002X"},
		{"卡号6222021234567890128", "卡号6222***********0128"},
		{"座机0755-83212345", "座机0755-******45"},
		{"座机075583212345", "座机0755******45"},
		{"座机01065123456", "座机010******56"},
		{"邮箱zhangsan@example.com", "邮箱z***@example.com"},
		{"车牌粤B12345", "车牌粤B***45"},
		{"车牌粤BD12345", "车牌粤B****45"},
		{"我叫张三", "我叫张*"},
		{"联系人：李小明", "联系人：李**"},
		{"诉求编号SZ20261130000123，费用1380元", "诉求编号SZ20261130000123，费用1380元"},
		{"无个人信息", "无个人信息"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidIDCard(t *testing.T) {
	for id, want := range map[string]bool{
		"440301199001011234": true,
		"11010519491231002X": true,
		"11010519491231002x": true,
		"11010519491231002Y": false,
		"440301199001011235": false,
		"040301199001011234": false,
		"440301900101123":    true,
		"44030190010112":     false,
	} {
		if got := ValidIDCard(id); got != want {
			t.Errorf("ValidIDCard(%q) = %v, want %v", id, got, want)
		}
	}
}
