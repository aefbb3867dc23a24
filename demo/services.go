package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"minyi"
)

// serviceDept is where a department of the demo city receives applicants.
type serviceDept struct {
	Name, Place, Hours, Phone string
}

// serviceDepts are the demo catalogue's departments by short key. Phone
// numbers are the national public service hotlines, never a person's.
var serviceDepts = map[string]serviceDept{
	"卫健":  {"市卫生健康委员会", "各区政务服务中心卫生健康窗口，或户籍地/居住地街道社区服务中心", "周一至周五 9:00-12:00，14:00-18:00（法定节假日除外）", "12320"},
	"公安":  {"市公安局", "户籍所在地派出所户政窗口，或各区政务服务中心公安窗口", "周一至周五 9:00-12:00，14:00-17:30；周六上午 9:00-12:00", "110（非紧急事项请拨 12345）"},
	"人社":  {"市人力资源和社会保障局", "各区政务服务中心人力资源和社会保障窗口", "周一至周五 9:00-12:00，14:00-18:00", "12333"},
	"社保":  {"市社会保险基金管理局", "各区社会保险服务大厅或合作银行网点", "周一至周五 9:00-12:00，14:00-18:00；周六 9:00-12:00（部分网点）", "12333"},
	"医保":  {"市医疗保障局", "各区医疗保障服务窗口，或定点医疗机构医保服务台", "周一至周五 9:00-12:00，14:00-18:00", "12393"},
	"公积金": {"深圳市住房公积金管理中心", "各区住房公积金管理部服务大厅", "周一至周五 9:00-12:00，14:00-18:00", "12329"},
	"交警":  {"市公安局交通警察局", "各区车管所业务大厅，或交警服务站", "周一至周五 9:00-12:00，14:00-17:30；周六 9:00-17:00", "12122"},
	"规资":  {"市规划和自然资源局", "各区不动产登记中心服务大厅", "周一至周五 9:00-12:00，14:00-18:00", "12345（转不动产登记）"},
	"住建":  {"市住房和建设局", "各区住房和建设局服务窗口，或街道住房保障窗口", "周一至周五 9:00-12:00，14:00-18:00", "12345（转住房保障）"},
	"教育":  {"市教育局", "各区教育局招生服务窗口，或报读学校", "周一至周五 9:00-12:00，14:00-17:30（招生期间另行公布）", "12345（转教育）"},
	"民政":  {"市民政局", "户籍所在地街道社区服务中心民政窗口", "周一至周五 9:00-12:00，14:00-18:00", "12349"},
	"退役":  {"市退役军人事务局", "各区退役军人服务中心，或街道退役军人服务站", "周一至周五 9:00-12:00，14:00-18:00", "12345（转退役军人服务）"},
	"市监":  {"市市场监督管理局", "各区政务服务中心商事登记窗口", "周一至周五 9:00-12:00，14:00-18:00", "12315"},
	"税务":  {"国家税务总局深圳市税务局", "各区办税服务厅", "周一至周五 9:00-12:00，14:00-18:00", "12366"},
	"司法":  {"市司法局", "各区公共法律服务中心，或街道公共法律服务工作站", "周一至周五 9:00-12:00，14:00-18:00", "12348"},
	"残联":  {"市残疾人联合会", "户籍所在地街道社区服务中心残联窗口", "周一至周五 9:00-12:00，14:00-18:00", "12345（转残联）"},
	"劳动":  {"各区劳动人事争议仲裁委员会", "用人单位所在地区劳动人事争议仲裁院立案窗口", "周一至周五 9:00-12:00，14:00-17:30", "12333"},
}

// serviceGuides is the demo catalogue, one block per guide separated by
// blank lines, one "key: value" line per field. Keys: 名称, 类型, 部门
// (a key of serviceDepts), 主题, 人生 (life events, 、-separated), 依据,
// 条件, 材料, 流程, 法定, 承诺, 收费, 次数, 摘要, and optionally 地点,
// 时间, 电话 to override the department's. Everything is invented for the
// demo: it reads like Shenzhen's guides but is no official text.
func parseServiceGuides() ([]*minyi.ServiceItem, error) {
	var out []*minyi.ServiceItem
	seq := map[string]int{}
	for block := range strings.SplitSeq(serviceGuideText+"\n"+serviceGuideText2, "\n\n") {
		if block = strings.TrimSpace(block); block == "" {
			continue
		}
		f := map[string]string{}
		for line := range strings.Lines(block) {
			k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok {
				return nil, fmt.Errorf("demo guide: bad line %q", line)
			}
			f[k] = strings.ReplaceAll(v, `\n`, "\n")
		}
		d, ok := serviceDepts[f["部门"]]
		if !ok {
			return nil, fmt.Errorf("demo guide %s: unknown department %q", f["名称"], f["部门"])
		}
		visits, err := strconv.Atoi(f["次数"])
		if err != nil {
			return nil, fmt.Errorf("demo guide %s: 次数 %q", f["名称"], f["次数"])
		}
		seq[f["部门"]]++
		code := fmt.Sprintf("SZ-%s-%03d", deptCodes[f["部门"]], seq[f["部门"]])
		s := &minyi.ServiceItem{
			Name: f["名称"], Code: code, Type: f["类型"], Department: d.Name, Basis: f["依据"],
			Conditions: f["条件"], Materials: f["材料"], Process: f["流程"], LegalLimit: f["法定"],
			PromisedLimit: f["承诺"], Fees: f["收费"], Place: or(f["地点"], d.Place), Hours: or(f["时间"], d.Hours),
			Phone: or(f["电话"], d.Phone), Visits: &visits, Link: "https://banshi.example.gov.cn/shenzhen/" + code,
			Theme: f["主题"], LifeEvents: strings.Split(f["人生"], "、"), Summary: f["摘要"],
		}
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("demo guide %s: %s", s.Name, minyi.FieldsText(err, minyi.ServiceFields))
		}
		out = append(out, s)
	}
	return out, nil
}

var deptCodes = map[string]string{
	"卫健": "WJ", "公安": "GA", "人社": "RS", "社保": "SB", "医保": "YB", "公积金": "GJJ", "交警": "JJ",
	"规资": "GZ", "住建": "ZJ", "教育": "JY", "民政": "MZ", "退役": "TY", "市监": "SJ", "税务": "SW",
	"司法": "SF", "残联": "CL", "劳动": "LD",
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ServiceGuides returns the demo catalogue (a fresh copy each call).
func ServiceGuides() []*minyi.ServiceItem {
	list, err := parseServiceGuides()
	if err != nil {
		panic(err) // the text is part of the program; a test parses it
	}
	return list
}

// ServiceStore is what seeding the catalogue needs.
type ServiceStore interface {
	ImportServiceItems(ctx context.Context, items []*minyi.ServiceItem) (int, error)
	CountServiceItems(ctx context.Context, f minyi.ServiceItemFilter) (int, error)
	CreatePolicy(ctx context.Context, p *minyi.PolicyDoc) error
	CountPolicies(ctx context.Context) (int, error)
}

// SeedServices stores the demo catalogue and policy documents, each only
// where the database has none: a city that imported its own catalogue
// before the first start keeps it alone, without the demo's Shenzhen
// guides among its search results.
func SeedServices(ctx context.Context, db ServiceStore) error {
	n, err := db.CountServiceItems(ctx, minyi.ServiceItemFilter{})
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := db.ImportServiceItems(ctx, ServiceGuides()); err != nil {
			return fmt.Errorf("demo service guides: %w", err)
		}
	}
	if n, err = db.CountPolicies(ctx); err != nil || n > 0 {
		return err
	}
	for _, p := range PolicyDocs() {
		if err := db.CreatePolicy(ctx, p); err != nil {
			return fmt.Errorf("demo policy %s: %w", p.Title, err)
		}
	}
	return nil
}
