package text

import "strings"

// synonymList maps what citizens say to the official term a government
// unit, service item or policy uses, one pair a line: "colloquial official".
// A colloquial form may have several official forms, on several lines.
// All entries are normalised (simplified, lower case).
const synonymList = `
驾照 驾驶证
车本 驾驶证
驾照丢了 驾驶证补领
驾照过期 驾驶证换证
行车证 行驶证
房产证 不动产权证书
房本 不动产权证书
红本 不动产权证书
房产证办理 不动产登记
过户 房产过户
廉租房 公租房
政府公租房 公租房
保障房 保障性住房
人才房 人才住房
安居房 保障性住房
生孩子 生育
生小孩 生育
生娃 生育
准生证 生育登记
产检报销 生育保险
生育补贴 生育津贴
产假工资 生育津贴
退伍 退役
退伍军人 退役军人
当兵 服兵役
复员 退役
老板拖欠工资 欠薪
老板不发工资 欠薪
拖欠工资 欠薪
工资不发 欠薪
不发工资 欠薪
工资没发 欠薪
克扣工资 欠薪
讨工资 讨薪
要工资 讨薪
讨薪 欠薪
被辞退 违法解除
被开除 违法解除
无故辞退 违法解除
赔偿金 经济补偿
遣散费 经济补偿
工伤赔偿 工伤保险
身份证丢了 身份证补领
身份证掉了 身份证补领
身份证丢失 身份证补领
身份证过期 身份证换领
身份证到期 身份证换领
医保 医疗保险
医保卡丢了 社保卡补办
社保卡丢了 社保卡补办
社保 社会保险
交社保 社保缴费
断缴 社保缴费
养老保险金 养老金
退休工资 养老金
退休金 养老金
小孩上学 入学
孩子上学 入学
上学 入学
读书 入学
报名上学 入学申请
学位房 学区房
上幼儿园 幼儿园
托儿所 托育机构
开公司 企业开办
注册公司 企业开办
办执照 营业执照
营业执照办理 企业开办
公司注销 企业注销
关公司 企业注销
个体户 个体工商户
打工 就业
找工作 就业
上班 就业
失业金 失业保险金
失业补助 失业保险金
领失业金 失业保险金
户口 户籍
户口本 户籍
落户 户籍迁入
入户 户籍迁入
迁户口 户籍迁入
上户口 户籍登记
暂住证 居住证
公积金 住房公积金
提公积金 公积金提取
取公积金 公积金提取
低保户 最低生活保障
低保 最低生活保障
残疾证 残疾人证
领证 结婚登记
扯证 结婚登记
结婚证 结婚登记
离婚证 离婚登记
出生证 出生医学证明
出生证明 出生医学证明
看病报销 医保报销
报销 医保报销
异地看病 异地就医
吵 噪音扰民
太吵 噪音扰民
吵死了 噪音扰民
噪音 噪声污染
噪声 噪声污染
油烟 餐饮油烟
油烟大 餐饮油烟
乱搭建 违章建筑
违建 违章建筑
私搭乱建 违章建筑
加建 违章建筑
摆摊 占道经营
乱摆摊 占道经营
小贩 流动摊贩
走鬼 流动摊贩
乱停车 违章停车
乱停乱放 违章停车
贴罚单 交通违章
罚单 交通违章
泥头车 渣土车
水浸 内涝
水淹 内涝
积水 内涝
下水道堵了 排水管道
路灯不亮 路灯
路灯坏了 路灯
井盖丢了 井盖
井盖坏了 井盖
扔东西 高空抛物
楼上扔东西 高空抛物
狗咬人 犬只伤人
遛狗不拴绳 违规养犬
不牵绳 违规养犬
电单车 电动自行车
电瓶车 电动自行车
电动车 电动自行车
单车 共享单车
滴滴 网约车
专车 网约车
快车 网约车
的士 出租车
计程车 出租车
打表 出租车
充电 充电桩
物业公司 小区物业
物管 小区物业
业委会 业主委员会
车位 停车位
没水 停水
没电 停电
水压低 水压不足
垃圾没人收 垃圾清运
垃圾堆 生活垃圾
臭水沟 黑臭水体
退钱 退款
不退钱 退款
跑路 商家跑路
办卡 预付卡
会员卡 预付卡
假货 假冒伪劣
网购 网购纠纷
退税 个税退税
个税 个人所得税
开发票 发票
不开发票 发票
骗子 电信诈骗
被骗 电信诈骗
小偷 盗窃
被偷 盗窃
12345 12345热线
市长热线 12345热线
`

var synonyms = func() map[string][]string {
	m := make(map[string][]string)
	for line := range strings.Lines(synonymList) {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		m[f[0]] = append(m[f[0]], f[1])
	}
	return m
}()

// maxSynonymRunes is the length in runes of the longest colloquial form.
var maxSynonymRunes = func() int {
	n := 0
	for k := range synonyms {
		n = max(n, len([]rune(k)))
	}
	return n
}()

// Synonyms returns the official forms of the colloquial term w, or nil.
func Synonyms(w string) []string {
	return synonyms[w]
}

// Expand returns terms followed by the official forms of the colloquial
// terms among them, for searching: "驾照" adds "驾驶证", "社保" adds
// "社会保险". A colloquial phrase the segmenter cuts into several terms
// ("老板" "拖欠工资") is found as a run of up to four consecutive terms.
// Every term appears once, in the order first seen; terms is not changed.
func Expand(terms []string) []string {
	out := make([]string, 0, len(terms)+4)
	seen := make(map[string]bool, len(terms)+4)
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, w := range terms {
		add(w)
	}
	for i := range terms {
		phrase := ""
		for j := i; j < len(terms) && j < i+4; j++ {
			phrase += terms[j]
			if len([]rune(phrase)) > maxSynonymRunes {
				break
			}
			for _, official := range synonyms[phrase] {
				add(official)
			}
		}
	}
	return out
}

// SynonymsIn returns the official forms of every colloquial form found
// anywhere in s, a normalised text, in order of position and once each:
// unlike Expand it needs no segmentation, so a colloquial phrase is found
// however the segmenter cuts the text around it (想去领失业金 holds 失业金
// although the segmenter may cut 领失 + 业金).
func SynonymsIn(s string) []string {
	r := []rune(s)
	var out []string
	seen := map[string]bool{}
	for i := range r {
		for n := 1; n <= maxSynonymRunes && i+n <= len(r); n++ {
			for _, o := range synonyms[string(r[i:i+n])] {
				if !seen[o] {
					seen[o] = true
					out = append(out, o)
				}
			}
		}
	}
	return out
}
