package plain

import (
	"strings"
	"testing"

	"minyi"
	"minyi/text"
)

const policy = `关于发放深圳市育儿补贴的通知
为减轻家庭养育负担，市政府决定对本市户籍婴幼儿发放育儿补贴。
一、申请条件。婴幼儿须具有本市户籍，且父母一方在本市连续缴纳社会保险满1年。
二、补贴标准。每孩每年补贴3600元，直至年满3周岁，三孩家庭另加发10%。
三、办理时限。材料齐全的，区卫生健康部门在15个工作日内审核完毕。
四、申请人持社会保障卡和不动产权证书复印件到街道办事处申请。
本通知自2026年1月1日起施行，有效期5年。
附件：申请表`

func TestSummarizeExtracts(t *testing.T) {
	seg, err := text.DefaultSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	sum := Summarize(seg, policy, 3)
	if len(sum) != 3 {
		t.Fatalf("%d sentences", len(sum))
	}
	last := -1
	for _, s := range sum {
		if !strings.Contains(policy, s.Text) {
			t.Errorf("not an extract of the input: %q", s.Text)
		}
		if s.Index <= last {
			t.Errorf("not in document order: %+v", sum)
		}
		last = s.Index
	}
	joined := sum[0].Text + sum[1].Text + sum[2].Text
	if !strings.Contains(joined, "3600元") {
		t.Errorf("the amount sentence is not in the summary: %q", joined)
	}
	if strings.Contains(joined, "附件") {
		t.Errorf("a fragment made the summary: %q", joined)
	}
}

func TestMarkAmountsDatesTerms(t *testing.T) {
	s := "每孩每年补贴3600元，最高1.5万元，加发10%；2026年1月1日起施行，15个工作日内办结。持社会保障卡办理。"
	segs := Mark(s)
	var back strings.Builder
	got := map[string]string{}
	for _, g := range segs {
		back.WriteString(g.Text)
		if g.Kind != "" {
			got[g.Text] = g.Kind
		}
	}
	if back.String() != s {
		t.Fatalf("segments do not give the text back: %q", back.String())
	}
	for text, kind := range map[string]string{"3600元": KindAmount, "1.5万元": KindAmount, "10%": KindAmount,
		"2026年1月1日起": KindDate, "15个工作日内": KindDate, "社会保障卡": KindTerm} {
		if got[text] != kind {
			t.Errorf("%s marked %q, want %s (all: %v)", text, got[text], kind, got)
		}
	}
	for _, g := range segs {
		if g.Text == "社会保障卡" && !strings.Contains(g.Note, "社保卡") {
			t.Errorf("社会保障卡 explained as %q", g.Note)
		}
	}
	if n := Explain("不动产权证书"); !strings.Contains(n, "房产证") {
		t.Errorf("不动产权证书 → %q", n)
	}
	cond := Mark("申请人须在本市连续居住满一年")
	if len(cond) != 2 || cond[1].Kind != KindCondition {
		t.Errorf("condition: %+v", cond)
	}
}

func TestHTMLText(t *testing.T) {
	src := `<html><head><title>x</title><style>p{color:red}</style></head><body>
<h1>补贴通知</h1><p>每人<b>500元</b>&amp;交通费。</p><script>alert('x')</script>
<table><tr><td>对象</td><td>标准</td></tr></table><p onclick="evil()">结束</p></body></html>`
	got := HTMLText(src)
	want := "补贴通知\n每人500元&交通费。\n对象 标准\n结束"
	if got != want {
		t.Errorf("HTMLText = %q, want %q", got, want)
	}
	if !LooksLikeHTML(src) || LooksLikeHTML("每人500元。") {
		t.Error("LooksLikeHTML")
	}
}

func TestCardsFromFields(t *testing.T) {
	zero := 0
	s := &minyi.ServiceItem{Name: "生育登记", Department: "区卫生健康局", Conditions: "在本市生育子女的夫妻。",
		Materials: "1. 夫妻双方居民身份证；\n2. 结婚证；\n3. " + strings.Repeat("已生育子女的出生医学证明；", 8), Place: "现居住地街道社区服务中心", Hours: "工作日 9:00-12:00",
		PromisedLimit: "即时办结", Visits: &zero}
	cards := Cards(s)
	if len(cards) != 5 {
		t.Fatalf("%d cards", len(cards))
	}
	by := map[string]Card{}
	for _, c := range cards {
		by[c.Key] = c
	}
	if by["who"].Short != "在本市生育子女的夫妻。" || by["who"].Full != "" {
		t.Errorf("who %+v", by["who"])
	}
	if by["bring"].Short != "1. 夫妻双方居民身份证；\n2. 结婚证；" || by["bring"].Full != s.Materials {
		t.Errorf("bring not shortened: %+v", by["bring"])
	}
	if !strings.Contains(by["where"].Full+by["where"].Short, "现居住地街道社区服务中心") || !strings.Contains(by["where"].Short, "到现场次数：0 次") {
		t.Errorf("where %+v", by["where"])
	}
	if !by["cost"].Missing || by["cost"].Short != "" {
		t.Errorf("cost must be missing, not invented: %+v", by["cost"])
	}
	if got := OneLine(s); got != "生育登记：由区卫生健康局办理，承诺时限：即时办结，到现场 0 次。" {
		t.Errorf("OneLine = %q", got)
	}
	s.Summary = "编辑写的一句话。"
	if OneLine(s) != s.Summary {
		t.Error("summary not preferred")
	}
}
