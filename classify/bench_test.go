package classify

import (
	"strings"
	"testing"
)

// benchAppeal is an appeal of the usual length, written for the benchmark.
const benchAppeal = `尊敬的领导：您好！我是南山区某小区的业主。自今年三月以来，小区东侧的建筑工地每天晚上十点以后仍在施工，` +
	`打桩机和混凝土搅拌车的噪音非常大，严重影响了周边居民的正常休息。小区里有很多老人和正在备考的学生，大家晚上根本睡不着觉。` +
	`我们曾多次拨打１２３４５热线反映，也向街道办事处和住建局投诉过，但施工单位只是停工一两天，之后又照常夜间作业。` +
	`另外，工地出入口的渣土车没有覆盖篷布，车轮带出的泥土把道路弄得很脏，扬尘污染也很严重。` +
	`请问夜间施工是否办理了许可证？相关部门能否加强监管，依法查处违规施工行为？恳请尽快处理并给予答复，谢谢！`

// BenchmarkPredict measures one prediction (features and scores) with a
// model of the default size.
func BenchmarkPredict(b *testing.B) {
	m, err := Train(synthetic(40, 1), Options{Epochs: 2})
	if err != nil {
		b.Fatal(err)
	}
	places := []string{"南山区", "福田区", "罗湖区", "宝安区"}
	b.SetBytes(int64(len(benchAppeal)))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Predict("工地夜间施工噪音扰民", strings.ReplaceAll(benchAppeal, "南山区", places[i%len(places)]))
	}
}
