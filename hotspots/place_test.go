package hotspots

import "testing"

func TestPlaces(t *testing.T) {
	tests := []struct {
		text  string
		want  []string // keys
		admin string   // Admin of the first place
	}{
		{"B3区翠湖湾小区楼下烧烤店油烟扰民", []string{"翠湖湾", "烧烤店"}, "B3区"},
		{"投诉翠湖湾小区物业乱收费", []string{"翠湖湾"}, ""},
		{"B市B2区青松街道杨柳村三组道路损坏", []string{"青松街道", "杨柳村"}, "B市B2区"},
		{"请问B市第九中学何时扩建", []string{"第九中学"}, "B市"},
		{"南岭路与北岭路交汇处红绿灯故障", []string{"南岭路", "北岭路"}, ""},
		{"深圳市福田区金桂花园电梯故障", []string{"金桂花园"}, "深圳市福田区"},
		{"市政府应加强城市管理", nil, ""},
		{"学校食堂饭菜太贵", nil, ""},
		// a wider place's ending cut from its name by a stop word (和)
		// does not start the next name; a bank ends a name
		{"B9市松和路垃圾分拣中心不符合规定", []string{"垃圾分拣中心"}, ""},
		{"B7县星河农村商业银行金桂大厦营业网点", []string{"星河农村", "商业银行", "金桂大厦"}, "B7县"},
		{"B市云岭物业翠湖湾强行停水", []string{"云岭物业", "翠湖湾"}, "B市"},
	}
	for _, tt := range tests {
		got := Places(tt.text)
		var keys []string
		for _, p := range got {
			keys = append(keys, p.Key)
		}
		if len(keys) != len(tt.want) {
			t.Errorf("Places(%q) = %q, want %q", tt.text, keys, tt.want)
			continue
		}
		for i := range keys {
			if keys[i] != tt.want[i] {
				t.Errorf("Places(%q) = %q, want %q", tt.text, keys, tt.want)
				break
			}
		}
		if len(got) > 0 && got[0].Admin != tt.admin {
			t.Errorf("Places(%q)[0].Admin = %q, want %q", tt.text, got[0].Admin, tt.admin)
		}
	}
}

func TestPlaceKeyVariants(t *testing.T) {
	a := Places("B5区星河之城小区噪音")
	b := Places("星河之城二期油烟")
	if len(a) == 0 || len(b) == 0 || a[0].Key != b[0].Key {
		t.Errorf("keys differ: %+v vs %+v", a, b)
	}
}
