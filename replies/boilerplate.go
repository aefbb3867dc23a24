package replies

import (
	"regexp"
	"strings"
	"unicode"
)

// boilerplate are the formulas a reply opens and closes with. They are
// the same in good and bad replies, so they are cut before anything is
// scored: a reply made only of them has no content at all.
var boilerplate = []*regexp.Regexp{
	// Addressing the writer: 网友“UU008249”您好！, “UU0081204”：您好, 网友：你好
	regexp.MustCompile(`(尊敬的)?(网友|市民)?[“"']?[A-Za-z]{1,3}\d{4,}[”"']?[：:，,]?`),
	regexp.MustCompile(`(尊敬的)?(网友|市民朋友|市民)([：:，,]|(您|你)好)`),
	regexp.MustCompile(`(您|你)好[！!，,。：:；;]?`),
	regexp.MustCompile(`(您|你)(的)?(留言|来信|诉求|反映的问题|问题)(我们)?(已)?(收悉|收到)[。，,！!；;]?`),
	regexp.MustCompile(`(来信|留言)(已)?收悉[。，,！!；;]?`),
	regexp.MustCompile(`现(将|就|对)[^。：:]{0,40}(回复|答复)如下[：:。，,]?`),
	regexp.MustCompile(`(首先|再次|非常|衷心)?(感谢|谢谢)(您|你)?(对|的)[^。！!]{0,30}(支持|关心|关注|信任|理解|监督)[^。！!]{0,12}[。！!]?`),
	regexp.MustCompile(`(谢谢|感谢)(您|你)?(的)?(留言|来信|反映)?[。！!，,]?`),
	regexp.MustCompile(`祝(您|你)[^。！!]{0,20}[。！!]?`),
	regexp.MustCompile(`(此复|特此(回复|答复|函复|说明))[。！!]?`),
	regexp.MustCompile(`(给您带来的)?不便[，,]?敬请(谅解|理解)[。！!]?`),
	// The signature date: 2019年5月9日 at the end.
	regexp.MustCompile(`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$`),
}

// Substance returns a reply without its boilerplate and white space: what
// the reply actually says.
func Substance(reply string) string {
	s := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, reply)
	for _, re := range boilerplate {
		s = re.ReplaceAllString(s, "")
	}
	return strings.Trim(s, "。，,！!：:；; ")
}
