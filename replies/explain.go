package replies

import (
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Cues of explainability. Each list is matched on the substance of a
// reply (Substance); what matched is reported so that a unit sees why its
// reply scored as it did.
var (
	// basisStrong names a law, regulation or document, or cites an article.
	basisStrong = regexp.MustCompile(`(根据|依据|按照|依照|参照)《[^》]{2,40}》|《[^》]{1,40}(法|条例|办法|规定|通知|意见|规范|标准|细则|方案|规划|决定|批复|公告)》|第[一二三四五六七八九十百零\d]+条`)
	// basisWeak refers to rules without naming them.
	basisWeak = regexp.MustCompile(`(根据|依据|依照|按照)[^，。；]{1,20}(规定|要求|政策|文件|精神|标准|程序)|相关(规定|政策|法律|法规)|(法律|法规|政策)规定|符合[^，。；]{0,12}(条件|规定|标准)`)
	// action says what was found or done, by whom, and when.
	action = regexp.MustCompile(`经(查|核实|核查|调查|了解|研究|审查|检测)|(现场|实地)(核查|查看|调查|检查|勘查|察看|踏勘|办公)|调查核实|(已|立即|及时)?(责令|安排|要求|督促|约谈|通知|组织|协调)|整改|处罚|罚款|立案|查处|拆除|清理|维修|修复|更换|核发|办理|(已经|已)(完成|落实|将|对|于|开展|启动|安装|解决|恢复)|将于|(计划|预计)于?[^，。；]{0,8}(前|内|底|完成|开工|实施)|目前|正在`)
	// contact tells the writer whom to reach, where and how.
	contact = regexp.MustCompile(`联系电话|电话[:：]?\s*\d|咨询电话|服务热线|热线|联系人|联系方式|(办公)?地址[:：在]|窗口|0\d{2,3}-?\d{7,8}|1[3-9]\d{9}`)
	// number, date and unit make a reply specific.
	number = regexp.MustCompile(`\d+(\.\d+)?`)
	unit   = regexp.MustCompile(`\p{Han}{2,10}(局|公司|街道|社区|委员会|管委会|中心|办事处|政府|管理处|执法队|大队|中队|派出所|站|所|院|学校|医院|委|办)`)
	// forward passes the matter on without answering it.
	forward = regexp.MustCompile(`已转|转交|转至|转给|转由|转送|转到|交由|请(您)?向|建议(您)?(向|到|与|直接)|请(您)?(到|与)[^，。；]{1,16}(联系|咨询|反映)`)
)

// Limits of the explainability formula (docs/replies.md).
const (
	// fullSubstance is the length (characters of substance) at which a
	// reply counts as fully developed; shorter ones count on a log scale.
	fullSubstance = 400
	// actionsForFull and specificsForFull are the distinct action cues
	// and specific details (numbers, units) that earn the full part.
	actionsForFull   = 3
	specificsForFull = 6
	// forwardFactor scales a reply that only forwards the matter: it
	// names a forwarding and has neither a stated basis nor two actions.
	forwardFactor = 0.6
)

// Weights of the explainability parts; they sum to 1.
const (
	wSubstance = 0.30
	wBasis     = 0.20
	wAction    = 0.25
	wContact   = 0.10
	wSpecific  = 0.15
)

// Explanation is what the explainability score was built from.
type Explanation struct {
	Substance int      `json:"substance"` // characters after boilerplate
	Basis     []string `json:"basis,omitempty"`
	Actions   []string `json:"actions,omitempty"`
	Contacts  []string `json:"contacts,omitempty"`
	Specifics []string `json:"specifics,omitempty"`
	Forwards  []string `json:"forwards,omitempty"`
	// ForwardOnly: the reply passes the matter on without substance.
	ForwardOnly bool `json:"forward_only,omitempty"`
}

// explain scores the substance of a reply (Substance) for explainability:
//
//	0.30·length + 0.20·basis + 0.25·actions + 0.10·contact + 0.15·specifics
//
// times 0.6 for a reply that only forwards (docs/replies.md).
func explain(sub string) (float64, Explanation) {
	n := utf8.RuneCountInString(sub)
	e := Explanation{Substance: n}
	e.Basis = distinct(basisStrong, sub, 3)
	basis := 0.0
	if len(e.Basis) > 0 {
		basis = 1
	} else if e.Basis = distinct(basisWeak, sub, 3); len(e.Basis) > 0 {
		basis = 0.5
	}
	e.Actions = distinct(action, sub, 8)
	e.Contacts = distinct(contact, sub, 3)
	nums := distinct(number, sub, specificsForFull)
	units := distinct(unit, sub, specificsForFull)
	for i, u := range units {
		units[i] = unitName(u)
	}
	e.Specifics = append(units, nums...)
	e.Forwards = distinct(forward, sub, 3)

	length := min(1, math.Log1p(float64(n)/10)/math.Log1p(fullSubstance/10))
	acts := min(1, float64(len(e.Actions))/actionsForFull)
	spec := min(1, float64(len(e.Specifics))/specificsForFull)
	cont := 0.0
	if len(e.Contacts) > 0 {
		cont = 1
	}
	score := wSubstance*length + wBasis*basis + wAction*acts + wContact*cont + wSpecific*spec
	if len(e.Forwards) > 0 && basis < 1 && len(e.Actions) < 2 {
		e.ForwardOnly = true
		score *= forwardFactor
	}
	return clamp(score), e
}

// distinct returns up to limit different matches of re in s, in order.
func distinct(re *regexp.Regexp, s string, limit int) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range re.FindAllString(s, -1) {
		if seen[m] {
			continue
		}
		seen[m] = true
		out = append(out, m)
		if len(out) == limit {
			break
		}
	}
	return out
}

func clamp(x float64) float64 { return max(0, min(1, x)) }

// unitName cuts what the unit pattern took in before a name: "我局已安排区
// 路灯管理所" is "区路灯管理所".
func unitName(m string) string {
	if i := strings.LastIndexAny(m, "已将由对和与在向经请的及从到给把被"); i >= 0 {
		if rest := m[i+utf8.RuneLen([]rune(m[i:])[0]):]; utf8.RuneCountInString(rest) >= 3 {
			m = rest
		}
	}
	if rest := leadingVerb.ReplaceAllString(m, ""); utf8.RuneCountInString(rest) >= 3 {
		m = rest
	}
	return m
}

// leadingVerb is a verb the unit pattern may take in before a name.
var leadingVerb = regexp.MustCompile(`^(安排|要求|责令|督促|通知|协调|组织|联系|会同|交由|转交|委托)+`)
