package search

import "strings"

// Most catalogue items come in variants of one service: 核发, 变更,
// 注销, 补办, 延续…. People name the variant in their own words (丢了 for
// 补办, 不干了 for 注销), and when they name none they mean the first
// application. askedVariant.factor turns this into a factor on relevance.
var variants = []struct {
	say      []string // how people say it
	official []string // how item names say it
}{
	{strs(`丢 掉了 遗失 补办 补领 补发 补证 补一 补个 怎么补 挂失 损坏 坏了 找不到 不见了 搞掉`), strs(`补办 补领 补发 补证 遗失 挂失 补换 损毁`)},
	{strs(`换 过期 到期 旧的 快到期 续 延续 延长 延期 期满`), strs(`换发 换领 换证 延续 期满 到期 续期 延期`)},
	{strs(`改 变更 换老板 换法人 换地址 换经营 换名字 迁址 搬 更正 写错`), strs(`变更 更正 更名`)},
	{strs(`不干 不做 关掉 关门 注销 销户 死 去世 过世 人走了 老人走了 倒闭 停业 歇业 撤销`), strs(`注销 终止 歇业 停业 撤销 核销 报停`)},
	{strs(`转 迁 过户 调走`), strs(`转出 转入 转移 迁移 过户 转递`)},
	{strs(`查 打印 看看 多少 明细 记录`), strs(`查询 打印 查（借）阅`)},
	{strs(`恢复 重新`), strs(`恢复 解封 解除`)},
}

// firstApplication is how people say they set something up (开个饭店,
// 成立合作社) and how names say the first application; unlike the
// variants, a name of the first application loses nothing when the
// question does not say so.
var firstApplication = struct{ say, official []string }{
	strs(`开个 开一 开家 想开 要开 新开 成立 注册 开办 申办 办个 刚开`),
	strs(`设立 新办 核发 初次 首次 新增 成立 筹建 开办 初领`),
}

// askedVariant is what a question asks of the variants, read once per
// search and then weighed against every candidate's name (factor).
type askedVariant struct {
	says  []bool // per variant, whether the question says it
	any   bool   // whether it says one
	first bool   // whether it sets something up
}

func readVariant(norm string) askedVariant {
	norm = notVariantWords.Replace(norm)
	a := askedVariant{says: make([]bool, len(variants))}
	for i, v := range variants {
		a.says[i] = containsAny(norm, v.say)
		a.any = a.any || a.says[i]
	}
	a.first = strings.HasPrefix(norm, "开") || containsAny(norm, firstApplication.say)
	return a
}

// factor weighs an item's name by the variant the question asks for: 1.4
// for a name of that variant, 0.75 for a name of another variant or, when
// a variant is asked, of none; 1.1 for a first application when the
// question sets something up (开个…, or starts with 开: 开饭店); else 1.
func (a askedVariant) factor(name string) float64 {
	is, match := false, false
	for i, v := range variants {
		n := containsAny(name, v.official)
		is = is || n
		match = match || a.says[i] && n
	}
	switch {
	case match:
		return 1.4
	case is || a.any:
		return 0.75
	case a.first && containsAny(name, firstApplication.official):
		return 1.1
	}
	return 1
}

// notVariantWords hold a variant's cue without meaning it: 手续 and 继续
// ask for no renewal (续), 换算 for no replacement.
var notVariantWords = strings.NewReplacer("手续", "", "继续", "", "连续", "", "陆续", "", "换算", "")

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
