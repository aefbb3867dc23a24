package search

import "strings"

// Field is the part of a service guide a question asks about.
type Field string

// Guide fields an answer may quote. FieldNone: the question names no
// field; the answer may quote the guide's summary instead.
const (
	FieldNone       Field = ""
	FieldMaterials  Field = "materials"      // 申请材料
	FieldPlace      Field = "place"          // 办理地点
	FieldTimeLimit  Field = "promised_limit" // 承诺时限
	FieldFees       Field = "fees"           // 收费标准
	FieldConditions Field = "conditions"     // 受理条件
	FieldPhone      Field = "phone"          // 咨询电话
	FieldProcess    Field = "process"        // 办理流程
	FieldHours      Field = "hours"          // 办理时间
	FieldSummary    Field = "summary"        // 一句话说明
)

// FieldLabels names each field as the guide pages do.
var FieldLabels = map[Field][2]string{
	FieldMaterials:  {"申请材料", "Documents to bring"},
	FieldPlace:      {"办理地点", "Where to apply"},
	FieldTimeLimit:  {"承诺时限", "Time to complete"},
	FieldFees:       {"收费标准", "Fees"},
	FieldConditions: {"受理条件", "Who may apply"},
	FieldPhone:      {"咨询电话", "Enquiries"},
	FieldProcess:    {"办理流程", "Steps"},
	FieldHours:      {"办理时间", "Opening hours"},
	FieldSummary:    {"事项说明", "Summary"},
}

// intentCues are the ways people ask for each field, most specific field
// first: "几点上班" asks the hours, not the steps, though both say 办; a
// question is taken to ask about the first field with a cue in it.
var intentCues = []struct {
	field Field
	cues  []string
}{
	{FieldPhone, strs(`电话 联系方式 热线 号码是多少 打哪个 咨询号码 座机 联系谁`)},
	{FieldFees, strs(`多少钱 收费 费用 要钱 收钱 花钱 免费 交钱 交多少 付费 几块钱 贵不贵 工本费 收不收`)},
	{FieldTimeLimit, strs(`多久 几天 多少天 多长时间 多长 时限 多快 几个工作日 工作日 什么时候能拿 什么时候拿 什么时候下来 要等 等多久 拿到证 办好要 时间要`)},
	{FieldHours, strs(`几点 上班时间 办公时间 周末 节假日 星期六 星期天 礼拜 中午 营业时间 开门`)},
	{FieldPlace, strs(`在哪 哪里办 去哪 到哪 哪儿 哪个窗口 窗口在 地址 地点 哪个大厅 办事大厅 政务大厅 服务中心在 哪个部门 找谁办 哪个单位`)},
	{FieldConditions, strs(`条件 谁可以 能不能办 能办吗 可以办吗 能申请吗 可以申请吗 能不能申请 够不够 符合 资格 有没有份 能享受 能领吗 可以领吗 能不能领 有资格 要求`)},
	{FieldMaterials, strs(`带什么 要带 材料 资料 准备什么 需要什么 要什么 提供什么 提交什么 手续 复印件 证明材料 原件`)},
	{FieldProcess, strs(`流程 步骤 怎么办 怎么弄 怎么申请 如何办理 如何申请 怎样办 怎么搞 程序 办理方式 网上办 怎么操作 先干什么 怎么走 怎么领 怎么交 怎么查 怎么开 怎么补 怎么换`)},
}

func strs(s string) []string { return strings.Fields(s) }

// DetectField returns the guide field a normalised question asks about.
func DetectField(q string) Field {
	for _, ic := range intentCues {
		for _, c := range ic.cues {
			if strings.Contains(q, c) {
				return ic.field
			}
		}
	}
	return FieldNone
}
