package text

import (
	"sync"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"noise", "noise"},
		{"ＡＢＣ１２３", "abc123"},
		{"噪音擾民", "噪音扰民"},
		{"深圳市福田區", "深圳市福田区"},
		{"深圳市福田区", "深圳市福田区"},
		{"南山區粵海街道　高新園", "南山区粤海街道 高新园"},
		{"寶安區沙井街道餐飲油煙擾民", "宝安区沙井街道餐饮油烟扰民"},
		{"龍崗區布吉街道違章建築", "龙岗区布吉街道违章建筑"},
		{"羅湖區東門步行街佔道經營", "罗湖区东门步行街占道经营"},
		{"請儘快處理，謝謝！", "请尽快处理,谢谢!"},
		{"（急）小區停車位問題？", "(急)小区停车位问题?"},
		{"ｗｉｆｉ信號差", "wifi信号差"},
		{"  WeChat  小程序\t\n投訴  ", "wechat 小程序 投诉"},
		{"Hello World", "hello world"},
		{"a  b", "a b"},
		{" a", "a"},
		{"a\tb", "a b"},
		{"粤B12345违章停车", "粤b12345违章停车"},
		{"电话：０７５５－１２３４５", "电话:0755-12345"},
		{"費用￥１００元", "费用¥100元"},
		{"ÉCOLE", "école"},
		{"办结。感谢《意见》、", "办结。感谢《意见》、"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, s := range []string{
		"ＡＢＣ１２３ 噪音擾民", "深圳市福田區　　华强北", "  Mixed CASE  ", "请问,谢谢!",
	} {
		once := Normalize(s)
		if twice := Normalize(once); twice != once {
			t.Errorf("Normalize not idempotent on %q: %q then %q", s, once, twice)
		}
	}
}

func TestNormalizeConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := Normalize("噪音擾民"); got != "噪音扰民" {
					t.Errorf("Normalize = %q", got)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkNormalize(b *testing.B) {
	s := "您好，我是福田區華強北街道的居民，樓下餐飲店油煙很大，晚上噪音擾民，請相關部門儘快處理。ＴＥＬ：１３８"
	Normalize(s)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Normalize(s)
	}
}
