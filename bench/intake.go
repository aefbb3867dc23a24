package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// IntakeRequests returns a request builder that files varied appeals with
// POST /api/v1/appeals, as a mobile app or partner system would.
func IntakeRequests(baseURL, token string) func(ctx context.Context, i int) (*http.Request, error) {
	baseURL = strings.TrimRight(baseURL, "/")
	return func(ctx context.Context, i int) (*http.Request, error) {
		p := places[i%len(places)]
		pr := problems[(i/len(places))%len(problems)]
		body, _ := json.Marshal(map[string]any{
			"type":          pr.kind,
			"channel":       "app",
			"title":         p.name + pr.title,
			"content":       fmt.Sprintf("%s%s，%s。请相关部门尽快处理。（第%d号测试诉求）", p.district, p.name, pr.detail, i),
			"district":      p.district,
			"address":       p.district + p.name,
			"contact_name":  "测试用户",
			"contact_phone": fmt.Sprintf("139%08d", i%100000000),
		})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/api/v1/appeals", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, nil
	}
}

var places = []struct{ district, name string }{
	{"福田区", "景田北小区"}, {"罗湖区", "东门步行街"}, {"南山区", "科技园南区"}, {"宝安区", "西乡大道"},
	{"龙岗区", "布吉街道三联村"}, {"龙华区", "民治大道"}, {"盐田区", "沙头角海关附近"}, {"坪山区", "坪山大道"},
	{"光明区", "光明大街"}, {"大鹏新区", "葵涌中心路"},
}

var problems = []struct{ kind, title, detail string }{
	{"投诉", "夜间施工噪音扰民", "晚上十一点以后仍有工地施工，噪音很大，影响休息"},
	{"投诉", "餐饮油烟扰民", "楼下餐馆排放油烟直冲住宅，窗户都不敢开"},
	{"咨询", "社保卡补办咨询", "社保卡丢失，想了解补办需要带什么材料、在哪里办"},
	{"建议", "建议增设公交站点", "附近居民出行不便，建议增设一个公交站点"},
	{"求助", "小区停水求助", "小区已经停水一天，没有收到任何通知"},
	{"举报", "占道经营", "人行道被摊贩长期占用，行人只能走机动车道"},
}
