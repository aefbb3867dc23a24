package text

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func segmenter(tb testing.TB) *Segmenter {
	tb.Helper()
	s, err := DefaultSegmenter()
	if err != nil {
		tb.Fatalf("DefaultSegmenter: %v", err)
	}
	return s
}

// TestSegmenterLoad reports what loading the dictionaries costs; it checks
// nothing about timing.
func TestSegmenterLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a second copy of the dictionaries")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	s, err := NewSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s)
	t.Logf("dictionary load %v; heap in use %.0f MiB after loading (%.0f MiB before)",
		took.Round(time.Millisecond), float64(after.HeapAlloc)/(1<<20), float64(before.HeapAlloc)/(1<<20))
}

func TestCutKeepsVocabularyWhole(t *testing.T) {
	s := segmenter(t)
	tests := []struct {
		in   string
		want []string
	}{
		{"楼下餐饮油烟噪音扰民", []string{"餐饮油烟", "噪音扰民"}},
		{"我想办理不动产权证书", []string{"不动产权证书"}},
		{"南山区粤海街道城中村违建严重，电动自行车没地方充电", []string{"南山区", "城中村", "违建", "电动自行车"}},
		{"老板拖欠工资三个月，想申请劳动仲裁", []string{"拖欠工资", "劳动仲裁"}},
		{"孩子学位申请和积分入户的问题", []string{"学位申请", "积分入户"}},
		{"小区物业不让业主委员会用停车位装充电桩", []string{"小区物业", "业主委员会", "停车位", "充电桩"}},
		{"龍崗區坂田街道渣土車夜間施工", []string{"龙岗区", "渣土车"}},
		{"公租房和保障性住房怎么申请", []string{"公租房", "保障性住房"}},
		{"社保卡和医保卡丢了", []string{"社保卡", "医保卡"}},
		{"ＡＢＣ小区消防通道被占，还有高空抛物", []string{"abc", "消防通道", "高空抛物"}},
	}
	for _, tt := range tests {
		got := s.Cut(tt.in)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Cut(%q) = %q, want it to contain %q", tt.in, got, w)
			}
		}
	}
}

func TestCutEveryVocabularyTerm(t *testing.T) {
	s := segmenter(t)
	words := Vocabulary()
	if len(words) < 300 {
		t.Errorf("Vocabulary has %d terms, want at least 300", len(words))
	}
	for _, w := range words {
		if got := s.Cut(w); len(got) != 1 || got[0] != w {
			t.Errorf("Cut(%q) = %q, want the term whole", w, got)
		}
	}
}

func TestVocabularyNormalised(t *testing.T) {
	for _, w := range Vocabulary() {
		if Normalize(w) != w || !utf8.ValidString(w) {
			t.Errorf("vocabulary term %q is not normalised", w)
		}
	}
}

func TestCutDropsPunctuationAndSpace(t *testing.T) {
	s := segmenter(t)
	for _, in := range []string{"", "  ", "，。！？", "…… ——", "【】《》"} {
		if got := s.Cut(in); len(got) != 0 {
			t.Errorf("Cut(%q) = %q, want nothing", in, got)
		}
	}
	got := s.Cut("噪音扰民！！！　请处理。。。")
	for _, w := range got {
		if !isWord(w) || strings.TrimSpace(w) != w {
			t.Errorf("Cut kept %q in %q", w, got)
		}
	}
}

func TestTermsDropsStopWords(t *testing.T) {
	s := segmenter(t)
	in := "您好，请问我的身份证丢了怎么补办？麻烦领导尽快处理，谢谢！"
	got := s.Terms(in)
	for _, w := range []string{"您好", "请问", "我", "的", "麻烦", "领导", "尽快", "处理", "谢谢"} {
		if slices.Contains(got, w) {
			t.Errorf("Terms(%q) = %q, kept stop word %q", in, got, w)
		}
	}
	if !slices.Contains(got, "身份证") {
		t.Errorf("Terms(%q) = %q, want 身份证", in, got)
	}
	for _, w := range []string{"的", "了", "是", "在", "你好", "您好", "请问", "谢谢", "麻烦", "领导", "相关部门", "尽快"} {
		if !IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = false", w)
		}
	}
	for _, w := range Vocabulary() {
		if IsStopWord(w) {
			t.Errorf("vocabulary term %q is a stop word", w)
		}
	}
}

func TestExpand(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
	}{
		{nil, []string{}},
		{[]string{"驾照"}, []string{"驾照", "驾驶证"}},
		{[]string{"房产证", "过户"}, []string{"房产证", "过户", "不动产权证书", "房产过户"}},
		{[]string{"社保", "医保"}, []string{"社保", "医保", "社会保险", "医疗保险"}},
		{[]string{"老板", "拖欠工资"}, []string{"老板", "拖欠工资", "欠薪", "劳动人事争议仲裁"}},
		{[]string{"工资", "不发"}, []string{"工资", "不发", "欠薪"}},
		{[]string{"噪音扰民"}, []string{"噪音扰民"}},
		{[]string{"退伍", "退伍"}, []string{"退伍", "退役"}},
	}
	for _, tt := range tests {
		if got := Expand(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Expand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExpandSegmented(t *testing.T) {
	s := segmenter(t)
	tests := []struct{ in, want string }{
		{"我的身份证丢了怎么补办", "身份证补领"},
		{"老板拖欠工资三个月了", "欠薪"},
		{"驾照过期了怎么换", "驾驶证"},
		{"小孩上学要什么材料", "入学"},
		{"在深圳开公司需要什么手续", "企业开办"},
		{"怎么领失业金", "失业保险金"},
		{"落户深圳需要什么条件", "户籍迁入"},
		{"生孩子可以报销多少", "生育"},
	}
	for _, tt := range tests {
		if got := Expand(s.Terms(tt.in)); !slices.Contains(got, tt.want) {
			t.Errorf("Expand(Terms(%q)) = %q, want it to contain %q", tt.in, got, tt.want)
		}
	}
}

func TestSynonymTable(t *testing.T) {
	if len(synonyms) < 80 {
		t.Errorf("synonym table has %d colloquial forms, want at least 80", len(synonyms))
	}
	for k, vs := range synonyms {
		if Normalize(k) != k {
			t.Errorf("colloquial form %q is not normalised", k)
		}
		for _, v := range vs {
			if Normalize(v) != v || v == k {
				t.Errorf("official form %q of %q is not normalised or is the same", v, k)
			}
		}
	}
}

func TestSegmenterConcurrent(t *testing.T) {
	s := segmenter(t)
	want := s.Cut("楼下餐饮油烟噪音扰民")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if got := s.Cut("楼下餐饮油烟噪音扰民"); !slices.Equal(got, want) {
					t.Errorf("Cut = %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

// appeal200 is a typical appeal of 200 characters.
var appeal200 = func() string {
	s := "您好，我是深圳市福田区华强北街道某小区的业主。最近三个月，楼下新开的一家餐饮店每天从早上六点到凌晨两点营业，" +
		"餐饮油烟直接排到我们的窗户，噪音扰民严重，老人和小孩都休息不好。小区物业说管不了，业主委员会也多次反映过，" +
		"但一直没有解决。另外，店门口长期占道经营，电动自行车乱停乱放，堵住了消防通道，存在很大的安全隐患。" +
		"希望相关部门尽快到现场核实，依法查处违规排放和占道行为，还居民一个安静整洁的环境。请相关部门尽快核实处理，谢谢！"
	r := []rune(s)
	return string(r[:200])
}()

func BenchmarkCut(b *testing.B) {
	s := segmenter(b)
	b.SetBytes(int64(len(appeal200)))
	b.ResetTimer()
	for b.Loop() {
		s.Cut(appeal200)
	}
}

func BenchmarkTerms(b *testing.B) {
	s := segmenter(b)
	b.SetBytes(int64(len(appeal200)))
	b.ResetTimer()
	for b.Loop() {
		Expand(s.Terms(appeal200))
	}
}

// TestCutDAGMatchesGse checks that cutDAG cuts exactly as gse's own
// Cut(text, true): on the Teddy Cup messages when they are present, and
// on texts with unknown words, Latin letters, digits and mixed scripts.
func TestCutDAGMatchesGse(t *testing.T) {
	s := segmenter(t)
	texts := append(benchCorpus(),
		"", "a", "噪音", "ABC公司的WiFi密码123456不对", "魑魅魍魉龘靐齉", "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
		"业主反映：XX小区3栋2单元楼道灯坏了×××，请尽快处理!!", "反覆覆盖", "ＡＢＣ全角字母", "　空格 与\t制表符\n换行")
	if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", "teddy2020", "附件2_labelled_dev.csv")); err == nil {
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	for _, text := range texts {
		for _, v := range []string{text, Normalize(text)} {
			if got, want := s.cutDAG(v), s.seg.Cut(v, true); !slices.Equal(got, want) {
				t.Fatalf("cutDAG(%q)\n = %q,\n gse %q", v, got, want)
			}
		}
	}
	t.Logf("%d texts", len(texts))
}
