package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Word lists the generator draws from. All text is written for the demo.
var (
	surnames       = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曾", "彭", "蔡", "潘", "钟", "叶", "袁", "邱", "温", "卢", "欧阳"}
	givenChars     = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东", "俊杰", "佳怡", "子涵", "雨欣", "文博", "思远", "家豪", "嘉欣", "梓轩", "立新", "春梅", "国庆", "振华", "美玲"}
	mobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158", "159", "166", "176", "177", "180", "181", "185", "186", "187", "188", "189", "191", "199"}

	shopPrefixes = []string{"老王", "湘味", "蜀香", "潮汕", "客家", "东北", "兰州", "粤港", "阿强", "小李", "福满", "鑫源", "好邻居", "金牌", "百味"}
	shopKinds    = []string{"湘菜馆", "烧烤店", "牛肉火锅店", "砂锅粥", "拉面馆", "大排档", "奶茶店", "便利店", "五金店", "宵夜档", "茶餐厅", "快餐店"}
	companyWords = []string{"鑫盛", "华拓", "恒达", "宏远", "联创", "科锐", "启航", "锦程", "瑞丰", "佳源", "万通", "鹏程", "创新源", "新世纪"}
	companyKinds = []string{"电子科技", "物流", "建筑工程", "服装", "贸易", "智能装备", "装饰工程", "餐饮管理", "精密模具", "信息技术"}
	timesOfDay   = []string{"每天晚上十一点以后", "凌晨一两点", "每天中午午休时间", "周末一大早", "深夜"}

	firstOpeners   = []string{"", "", "您好，", "你好！", "领导您好：", "各位领导好，", "我是{区}{街道}的居民，", "本人住在{小区}，", "我是一名在{区}工作的市民，", "尊敬的领导：", "您好，我想反映一个问题。"}
	agentOpeners   = []string{"来电人反映：", "市民来电反映：", "来电人称：", "来电人表示："}
	leadIns        = []string{"", "", "", "最近，", "近期，", "近段时间以来，", "这段时间，"}
	impacts        = []string{"给生活带来很大不便", "大家意见很大", "已经影响到正常的工作和生活", "让人非常着急", "希望能尽快得到解决"}
	localImpacts   = []string{"周边居民苦不堪言", "老人和小孩尤其受影响", "存在安全隐患", "给周边群众的出行和生活带来很大不便"}
	priors         = []string{"", "", "", "之前已经反映过一次，但问题一直没有解决。", "已经拨打过多次电话，问题反复出现。"}
	localPriors    = []string{"也找过物业和社区，都说不归他们管。", "曾向社区工作站反映，至今没有回复。"}
	consultReplies = []string{"您咨询的事项可在“i深圳”APP或{单位}官网查询办事指南，也可携带身份证件到{区}政务服务中心现场咨询办理。我单位工作人员已致电向您详细解释了相关政策。", "经查询相关政策规定，我单位工作人员已电话联系您，就办理条件、所需材料和办理流程作了详细解答，您表示清楚。"}
	closers        = []string{"", "恳请相关部门尽快处理！", "希望有关部门重视，谢谢！", "盼复。", "望尽快解决，谢谢。", "请相关部门核实处理。", "麻烦尽快处理，谢谢！", "期待答复。"}
	consultTails   = []string{"谢谢！", "麻烦告知，谢谢。", "", "盼复。"}

	replyHeads = []string{"您好！您反映的“{标题}”问题已收悉。", "您好，您的诉求已收悉，现答复如下：", "您好！感谢您对我们工作的关注和支持。", "您好，关于您反映的问题，经核查，现答复如下："}
	replyTails = []string{"如仍有疑问，可拨打{电话}与我们联系。", "感谢您对{单位}工作的支持！", "如有其他问题，欢迎继续反映。", "后续我们将持续跟进，确保问题不反弹。"}
	reReplies  = []string{"经再次核查，我单位已安排专人跟进，对现场问题进行了彻底整改，并与您电话沟通确认。", "收到您的评价后，我单位负责人带队到现场复核，已督促责任方完成整改，后续将定期回访。", "针对您反映的问题，我单位重新制定了处理方案，目前问题已得到解决，感谢您的监督。"}

	returnNotes    = []string{"经核查，该事项不属于我单位职责范围，建议派发至{单位}办理。", "该诉求涉及{单位}的职能，非我单位管辖，申请退回。", "诉求地址不在我单位辖区，请重新派发至{单位}。"}
	transferNotes  = []string{"经研判，该事项由{单位}负责更为合适，予以转办。", "该诉求涉及{单位}的行政执法职责，转{单位}办理。"}
	extendNotes    = []string{"需协调多个部门现场联合处置，申请延期。", "涉及历史遗留问题，需进一步调查取证。", "整改工程需要招标采购，申请延期办理。", "当事人暂时联系不上，需延长办理时限。"}
	superviseNotes = []string{"该诉求已临近办理时限，请加快办理并及时答复群众。", "群众多次来电反映，请承办单位高度重视，限期办结。", "该诉求办理超时，请说明原因并尽快办结。"}
	goodComments   = []string{"", "", "处理很及时，感谢！", "问题已解决，工作人员态度很好。", "效率很高，点赞。", "基本解决了，希望保持。"}
	badComments    = []string{"问题根本没有解决，只是敷衍答复。", "答复和实际情况不符。", "没有人联系我，也没看到有人来处理。", "处理太慢，问题依旧。"}
	invalidNotes   = []string{"经核实为无效诉求（来电内容与政务服务无关），予以办结。", "重复来电，已在原工单中处理，予以办结。", "诉求信息不全且无法联系到诉求人，予以办结。"}
)

// pick returns a random element.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// fill replaces {name} placeholders with values from vars; unknown names
// are kept as they are.
func fill(b *strings.Builder, tmpl string, vars func(string) (string, bool)) {
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			return
		}
		b.WriteString(tmpl[:i])
		if v, ok := vars(tmpl[i+1 : i+j]); ok {
			b.WriteString(v)
		} else {
			b.WriteString(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
}

func personName(r *rand.Rand) string {
	return pick(r, surnames) + pick(r, givenChars)
}

func mobile(r *rand.Rand) string {
	return pick(r, mobilePrefixes) + strconv.Itoa(10000000+r.IntN(90000000))
}

func landline(r *rand.Rand) string {
	return "0755" + strconv.Itoa(20000000+r.IntN(70000000))
}

func shopName(r *rand.Rand) string { return pick(r, shopPrefixes) + pick(r, shopKinds) }

func companyName(r *rand.Rand) string {
	return "深圳市" + pick(r, companyWords) + pick(r, companyKinds) + "有限公司"
}

// chineseNumber writes 1–12 in Chinese, for month counts.
func chineseNumber(n int) string {
	names := []string{"零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}
	if n >= 0 && n < len(names) {
		return names[n]
	}
	return strconv.Itoa(n)
}
