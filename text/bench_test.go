package text

import (
	"strings"
	"testing"
)

// benchText is an appeal of the usual length and style, written for the
// benchmarks: simplified Chinese with a few digits, Latin letters and
// full-width punctuation.
const benchText = `尊敬的领导：您好！我是福田区梅林街道某小区的业主，家住3栋1203室。` +
	`自今年三月以来，小区东侧的建筑工地每天晚上十点以后仍在施工，打桩机和混凝土搅拌车的噪音非常大，` +
	`严重影响了周边居民的正常休息。小区里有很多老人和正在备考的学生，大家晚上根本睡不着觉。` +
	`我们曾多次拨打１２３４５热线反映，也向街道办事处和住建局投诉过，但施工单位只是停工一两天，之后又照常夜间作业。` +
	`另外，工地出入口的渣土车没有覆盖篷布，车轮带出的泥土把道路弄得很脏，下雨天更是泥泞不堪，扬尘污染也很严重。` +
	`请问夜间施工是否办理了夜间施工许可证？相关部门能否加强监管，依法查处违规施工行为，还居民一个安静整洁的生活环境？` +
	`此外，小区门口的公交站台被围挡占用，乘客只能站在机动车道上候车，存在很大的安全隐患，希望交通部门尽快协调解决。` +
	`恳请有关部门高度重视，尽快处理并给予答复，谢谢！联系电话：138xxxx1234。`

// benchCorpus is benchText a few times over with small changes, so that
// caches keyed on the whole text do not flatter the figures.
func benchCorpus() []string {
	places := []string{"福田区", "南山区", "罗湖区", "宝安区", "龙岗区", "龙华区", "光明区", "盐田区"}
	out := make([]string, len(places))
	for i, p := range places {
		out[i] = strings.ReplaceAll(benchText, "福田区", p)
	}
	return out
}

func BenchmarkSegment(b *testing.B) {
	s, err := DefaultSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	docs := benchCorpus()
	b.SetBytes(int64(len(docs[0])))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s.Cut(docs[i%len(docs)])
	}
}

func BenchmarkNormalizeAppeal(b *testing.B) {
	docs := benchCorpus()
	b.SetBytes(int64(len(docs[0])))
	for i := 0; b.Loop(); i++ {
		Normalize(docs[i%len(docs)])
	}
}
