package minyi

import "strings"

// lifeEventRule assigns a life event to a catalogue item whose name or
// theme contains one of Words, or whose department contains one of Depts.
// Source catalogues carry no life events, so the importer and the editors'
// form start from these rules; editors correct single items.
type lifeEventRule struct {
	Event string
	Words []string
	Depts []string
}

// lifeEventRules are written for the names of Chinese service items
// (e.g. 出生医学证明办理, 普通高中国家助学金查询, 机动车驾驶证换证).
// A word must be specific enough not to catch company licensing: 企业 and
// 许可 alone are business (创业), never a citizen's stage of life.
var lifeEventRules = []lifeEventRule{
	{"出生", []string{"出生", "新生儿", "生育登记", "预防接种", "疫苗", "婴儿", "准生"}, nil},
	{"上学", []string{"入学", "学籍", "学生", "教育", "学校", "助学", "幼儿园", "学前", "招生", "教师资格", "转学", "休学"}, nil},
	{"就业", []string{"就业", "失业", "招聘", "职业培训", "职业技能", "技能鉴定", "技能等级", "劳动合同", "劳动仲裁", "劳动争议", "欠薪", "工资", "人才", "职称", "见习", "灵活就业"}, nil},
	{"婚育", []string{"婚姻", "结婚", "离婚", "生育", "母婴", "收养", "独生子女", "计划生育", "孕", "产假", "育儿"}, nil},
	{"住房", []string{"住房", "公积金", "不动产", "房屋", "商品房", "公租房", "保障房", "租赁", "物业", "房产", "购房", "安居"}, nil},
	{"社保", []string{"社会保险", "社保", "养老保险", "医疗保险", "工伤", "失业保险", "生育保险", "参保", "医保", "社会保障卡"}, []string{"医疗保障局", "医保局"}},
	{"医疗", []string{"医疗", "医保", "医院", "医师", "门诊", "住院", "疾病", "慢特病", "护士", "健康", "诊所", "药品", "体检"}, []string{"医疗保障局", "医保局", "卫健"}},
	{"养老", []string{"养老", "老年", "高龄", "退休", "敬老", "特困", "供养", "长者"}, nil},
	{"创业", []string{"个体工商户", "营业执照", "企业开办", "企业设立", "公司设立", "设立登记", "创业", "农民专业合作社", "经营许可", "开业", "小微企业", "担保贷款"}, nil},
	{"证照办理", []string{"身份证", "户口", "户籍", "居住证", "护照", "通行证", "签注", "驾驶证", "行驶证", "补领", "换领", "换证", "补证"}, nil},
	{"交通出行", []string{"交通", "驾驶", "机动车", "车辆", "道路运输", "客运", "货运", "出租汽车", "网约车", "公交", "停车", "船舶", "船员", "拖拉机", "收割机", "驾培"}, nil},
	{"退役军人", []string{"退役", "军人", "优抚", "烈士", "伤残军人", "军属", "兵役", "入伍"}, []string{"退役军人"}},
	{"身后事", []string{"死亡", "丧葬", "殡葬", "遗属", "火化", "墓", "骨灰", "抚恤", "身故"}, nil},
}

// GuessLifeEvents returns the life events the keyword rules give an item,
// in display order (LifeEventList).
func GuessLifeEvents(name, theme, department string) []string {
	text := name + " " + theme
	out := []string{}
	for _, r := range lifeEventRules {
		if containsAny(text, r.Words) || containsAny(department, r.Depts) {
			out = append(out, r.Event)
		}
	}
	return out
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
