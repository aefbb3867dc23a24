package search

import (
	"slices"
	"testing"
)

// Colloquial words bring in the official ones of the catalogue.
func TestAnalyzeSynonyms(t *testing.T) {
	cases := []struct{ q, official string }{
		{"生孩子的钱能报吗", "生育"},
		{"老板拖欠工资不给怎么办", "仲裁"},
		{"退伍回来去哪报到", "退役"},
		{"驾照到期了", "驾驶证"},
		{"开饭店要办什么证", "食品"},
		{"农村盖房子要审批吗", "规划"},
		{"老人补贴怎么领", "高龄津贴"},
		{"社保卡丢了", "保障卡"},
		// Typed by sound: the typo's term is read too.
		{"社宝卡丢了", "保障卡"},
		{"低包怎么申请", "低保"},
		// 了 inside a phrase the table knows.
		{"刚生了孩子", "生育"},
		// A phrase of the table holding a question word (自己).
		{"大学毕业了自己创业有补贴不", "创业补贴"},
		// A question word inside a phrase of the table.
		{"身份证怎么丢了", "身份证补领"},
	}
	for _, c := range cases {
		q, err := Analyze(c.q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(q.Words(), c.official) {
			t.Errorf("%s: words %v lack %s", c.q, q.Words(), c.official)
		}
	}
}

// Question words go; what is asked stays.
func TestAnalyzeQuestionWords(t *testing.T) {
	q, err := Analyze("请问办居住证需要什么材料，在哪里办？")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(q.Terms, "居住证") {
		t.Errorf("terms %v lack 居住证", q.Terms)
	}
	for _, w := range []string{"请问", "什么", "哪里", "材料", "需要"} {
		if slices.Contains(q.Terms, w) {
			t.Errorf("terms %v keep %s", q.Terms, w)
		}
	}
	if q, _ := Analyze("怎么办"); !q.Empty() {
		t.Errorf("怎么办 alone: %+v, want nothing to search", q)
	}
}

func TestDetectField(t *testing.T) {
	cases := map[string]Field{
		"办居住证要带什么":     FieldMaterials,
		"需要什么材料":       FieldMaterials,
		"营业执照在哪办":      FieldPlace,
		"办事大厅地址":       FieldPlace,
		"驾驶证换证要多久":     FieldTimeLimit,
		"几天能办好":        FieldTimeLimit,
		"办护照多少钱":       FieldFees,
		"收费吗":          FieldFees,
		"低保要什么条件":      FieldConditions,
		"谁可以申请公租房":     FieldConditions,
		"社保局电话":        FieldPhone,
		"失业金申领流程":      FieldProcess,
		"公司注销怎么办":      FieldProcess,
		"周末能办吗":        FieldHours,
		"失业保险金":        FieldNone,
		"我想了解一下高龄津贴政策": FieldNone,
	}
	for q, want := range cases {
		if got := DetectField(q); got != want {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
}

func TestBigrams(t *testing.T) {
	got := Bigrams("驾驶证，补领")
	want := []string{"驾驶", "驶证", "补领"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestHighlight(t *testing.T) {
	got := highlight("<b>驾驶证</b>补领", []string{"驾驶证"})
	if want := "&lt;b&gt;<mark>驾驶证</mark>&lt;/b&gt;补领"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCheckQuery(t *testing.T) {
	if zh, _ := CheckQuery("  "); zh == "" {
		t.Error("blank query accepted")
	}
	if zh, _ := CheckQuery(string(make([]rune, 101))); zh == "" {
		t.Error("101 characters accepted")
	}
	if zh, _ := CheckQuery("驾照"); zh != "" {
		t.Errorf("驾照: %s", zh)
	}
}
