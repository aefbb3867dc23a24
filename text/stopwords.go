package text

import "strings"

// stopWordList holds the words Terms drops: function words, pronouns,
// greetings, courtesy phrases and the filler citizens put around an appeal
// ("请相关部门尽快处理，谢谢"), which say nothing about what the appeal is
// about. All entries are normalised (simplified, lower case).
const stopWordList = `
的 地 得 了 着 过 吗 呢 吧 啊 呀 哦 嘛 啦 哈 呐 么 嗯 唉 哎 喂
是 不是 在 有 没有 没 也 都 就 还 又 再 才 已 已经 曾经 正在 将 会 能 可 可以 要 想 需要 应该 应当
和 与 及 以及 跟 同 或 或者 还是 并 并且 而 而且 但 但是 可是 不过 然而 因为 所以 因此 如果 假如 虽然 即使 然后 接着 于是 那么
把 被 给 让 对 对于 关于 向 往 从 自 自从 到 由 为 为了 以 按 按照 根据 通过 经过 除了 比 比较
这 那 这个 那个 这些 那些 这里 那里 这边 那边 这样 那样 这种 那种 这么 那么 此 其 其中 该 本 每 各 某 某些
我 你 您 他 她 它 我们 你们 他们 她们 它们 咱们 大家 自己 本人 人家 别人
什么 怎么 怎样 怎么办 如何 为什么 为何 哪 哪里 哪儿 哪个 多少 几 谁 是否 能否 可否
一 一个 一些 一下 一直 一点 有点 有些 很 太 非常 十分 特别 比较 更 最 挺 真 好 多 少 大 小 都是 就是 还是 也是 只是 只有 只 仅 总是
上 下 中 里 内 外 前 后 时 时候 之 之前 之后 以后 以前 期间 现在 目前 当前 今天 昨天 每天 天天 最近 一般
个 位 次 件 些 种 样 点 下 回
您好 你好 大家好 领导好 各位领导 领导 尊敬 尊敬的 你们好 在吗
请 请问 请求 恳请 希望 麻烦 麻烦你们 拜托 劳驾 感谢 谢谢 谢谢你们 多谢 辛苦 辛苦了 非常感谢 万分感谢 感激
相关部门 有关部门 政府部门 相关单位 有关单位 贵部门 贵单位 政府 市政府 部门 单位 工作人员
尽快 赶紧 马上 立即 及时 尽早 早日 务必 一定 处理 解决 处理一下 解决一下 帮忙 帮助 帮 反映 反应 反馈 问题 情况 事情 事 一事 此事 该事 这件事 这个问题
核实 调查 查处 查看 关注 重视 落实 回复 答复 予以 给予 进行 实施 做 搞 弄 说 讲 问 知道 觉得 认为 感觉 表示 发现 看到 听说 导致 造成 影响 出现 发生 存在 严重 非常严重 长期 经常 多次 一再 屡次
谢谢了 好的 好吧 可以吗 行吗 好吗 对吧 是吧 等等 等 之类 方面 一样 所有 全部 整个 任何 其他 其它 另外 此外 还有 包括
`

var stopWords = func() map[string]struct{} {
	fields := strings.Fields(stopWordList)
	m := make(map[string]struct{}, len(fields))
	for _, w := range fields {
		m[w] = struct{}{}
	}
	return m
}()

// IsStopWord reports whether w, a normalised token, is a stop word.
func IsStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}
