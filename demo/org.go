package demo

import (
	"context"
	"fmt"

	"minyi"
)

// Names of the demo organisation's top units.
const (
	CityName   = "深圳市"
	CentreName = "深圳市民意速办指挥中心"
)

// district is one district of the demo city with its streets and the
// places appeals mention.
type district struct {
	Name     string
	Code     string
	Lat, Lng float64 // rough centre, WGS-84
	Streets  []string
	Estates  []string // residential compounds and urban villages
	Roads    []string
	Schools  []string
	Parks    []string
	Metro    []string // metro stations
	Markets  []string // markets, malls and shopping streets
	Sites    []string // hospitals, industrial parks, landmarks
}

var districts = []district{
	{Name: "福田区", Code: "440304", Lat: 22.541, Lng: 114.055,
		Streets: []string{"华富街道", "莲花街道", "沙头街道", "香蜜湖街道", "梅林街道"},
		Estates: []string{"景田北小区", "梅林一村", "莲花北村", "天健世纪花园", "上沙村", "下沙村", "皇岗村", "香蜜湖东方玫瑰花园", "彩田村", "益田村"},
		Roads:   []string{"深南大道", "红荔路", "福华路", "彩田路", "香梅路", "新洲路", "北环大道", "景田路"},
		Schools: []string{"福田区实验学校", "莲花小学", "梅林中学", "景秀中学", "华富小学"},
		Parks:   []string{"莲花山公园", "笔架山公园", "香蜜公园", "福田红树林生态公园"},
		Metro:   []string{"车公庙地铁站", "购物公园地铁站", "华强北地铁站", "岗厦北地铁站", "上梅林地铁站"},
		Markets: []string{"华强北商业街", "福田农批市场", "梅林农贸市场", "景田市场"},
		Sites:   []string{"福田口岸", "深圳会展中心", "市第二人民医院", "车公庙工业区"}},
	{Name: "罗湖区", Code: "440303", Lat: 22.555, Lng: 114.131,
		Streets: []string{"桂园街道", "东门街道", "翠竹街道", "黄贝街道", "莲塘街道"},
		Estates: []string{"翠竹苑", "水库新村", "黄贝岭村", "泥岗村", "莲塘鹏兴花园", "布心花园", "碧波花园", "东湖花园"},
		Roads:   []string{"人民南路", "东门中路", "翠竹路", "布心路", "深南东路", "太宁路", "罗沙路"},
		Schools: []string{"翠园中学", "翠竹外国语实验学校", "螺岭外国语实验学校", "桂园中学"},
		Parks:   []string{"洪湖公园", "东湖公园", "仙湖植物园", "儿童公园"},
		Metro:   []string{"国贸地铁站", "大剧院地铁站", "老街地铁站", "翠竹地铁站", "黄贝岭地铁站"},
		Markets: []string{"东门步行街", "水贝珠宝市场", "翠竹农贸市场"},
		Sites:   []string{"罗湖口岸", "市人民医院", "罗湖体育馆", "莲塘口岸"}},
	{Name: "南山区", Code: "440305", Lat: 22.533, Lng: 113.930,
		Streets: []string{"南头街道", "粤海街道", "蛇口街道", "桃源街道", "西丽街道"},
		Estates: []string{"白石洲", "大冲新城花园", "荔林小区", "南头古城", "桃源村", "蛇口花园城", "四海小区", "西丽新围村", "阳光棕榈园"},
		Roads:   []string{"南海大道", "南山大道", "深南大道科技园段", "沙河西路", "工业八路", "留仙大道", "滨海大道"},
		Schools: []string{"南山外国语学校", "育才中学", "南头中学", "桃源中学", "西丽小学"},
		Parks:   []string{"深圳湾公园", "中山公园", "荔香公园", "塘朗山郊野公园"},
		Metro:   []string{"后海地铁站", "科技园地铁站", "深大地铁站", "桃园地铁站", "西丽地铁站"},
		Markets: []string{"海岸城", "南油批发市场", "西丽农贸市场", "蛇口海上世界"},
		Sites:   []string{"深圳湾口岸", "南山医院", "科技园南区", "前海合作区"}},
	{Name: "盐田区", Code: "440308", Lat: 22.557, Lng: 114.237,
		Streets: []string{"梅沙街道", "盐田街道", "沙头角街道", "海山街道"},
		Estates: []string{"海涛花园", "鹏湾花园", "东海岸小区", "盐田村", "沙头角中英街社区"},
		Roads:   []string{"盐梅路", "沙盐路", "海山路", "北山道", "深盐路"},
		Schools: []string{"盐田外国语学校", "田东中学", "梅沙小学"},
		Parks:   []string{"大梅沙海滨公园", "小梅沙", "海山公园", "梧桐山"},
		Metro:   []string{"沙头角地铁站", "海山地铁站", "盐田路地铁站"},
		Markets: []string{"中英街", "盐田农贸市场"},
		Sites:   []string{"盐田港", "盐田区人民医院", "沙头角口岸"}},
	{Name: "宝安区", Code: "440306", Lat: 22.654, Lng: 113.884,
		Streets: []string{"新安街道", "西乡街道", "福永街道", "沙井街道", "石岩街道"},
		Estates: []string{"固戍村", "西乡碧海花园", "宝安中心区海滨广场小区", "沙井新二村", "福永凤凰村", "石岩浪心村", "翻身村"},
		Roads:   []string{"宝安大道", "107国道", "西乡大道", "新湖路", "创业路", "沙井路", "石岩南路"},
		Schools: []string{"宝安中学", "新安中学", "西乡小学", "沙井中学", "石岩公学"},
		Parks:   []string{"宝安公园", "西湾红树林公园", "铁仔山公园", "凤凰山森林公园"},
		Metro:   []string{"翻身地铁站", "宝安中心地铁站", "固戍地铁站", "沙井地铁站", "机场东地铁站"},
		Markets: []string{"西乡天虹", "沙井京基百纳", "新安农贸市场"},
		Sites:   []string{"宝安国际机场", "宝安区人民医院", "福永工业区", "国际会展中心"}},
	{Name: "龙岗区", Code: "440307", Lat: 22.721, Lng: 114.247,
		Streets: []string{"布吉街道", "坂田街道", "横岗街道", "龙城街道", "平湖街道"},
		Estates: []string{"坂田五和花园", "布吉百合山庄", "横岗大康村", "龙城中心城小区", "平湖山厦村", "岗头村", "吉华御府"},
		Roads:   []string{"龙岗大道", "布龙路", "坂雪岗大道", "深惠路", "清平高速辅道", "五和大道", "吉华路"},
		Schools: []string{"龙岗区实验学校", "布吉中学", "坂田小学", "平湖中学", "龙城高级中学"},
		Parks:   []string{"龙城公园", "大运公园", "坂田公园", "东部华侨城"},
		Metro:   []string{"大运地铁站", "布吉地铁站", "五和地铁站", "坂田地铁站", "双龙地铁站"},
		Markets: []string{"布吉农批市场", "平湖海吉星", "龙岗万科广场"},
		Sites:   []string{"大运中心", "龙岗中心医院", "华为坂田基地周边", "平湖物流园"}},
	{Name: "龙华区", Code: "440309", Lat: 22.692, Lng: 114.045,
		Streets: []string{"民治街道", "龙华街道", "大浪街道", "观澜街道", "观湖街道"},
		Estates: []string{"民治白石龙村", "龙华清湖村", "大浪浪口村", "观澜库坑村", "民乐新村", "锦绣江南"},
		Roads:   []string{"民治大道", "人民路", "梅龙大道", "观澜大道", "华盛路", "布龙路龙华段"},
		Schools: []string{"龙华中学", "民治中学", "观澜中学", "大浪实验学校"},
		Parks:   []string{"龙华文化公园", "观澜湖", "大浪时尚小镇", "民治公园"},
		Metro:   []string{"深圳北站", "红山地铁站", "民治地铁站", "清湖地铁站", "观澜地铁站"},
		Markets: []string{"龙华壹方天地", "民治农贸市场", "观澜大布巷"},
		Sites:   []string{"深圳北站", "龙华区人民医院", "观澜版画村", "富士康龙华园区"}},
	{Name: "坪山区", Code: "440310", Lat: 22.690, Lng: 114.350,
		Streets: []string{"坪山街道", "马峦街道", "坑梓街道", "龙田街道"},
		Estates: []string{"六和城", "坑梓沙田村", "马峦江岭村", "坪山新城小区", "龙田竹坑村"},
		Roads:   []string{"坪山大道", "深汕路", "金牛路", "东纵路", "丹梓大道"},
		Schools: []string{"坪山中学", "同心外国语学校", "坑梓中学"},
		Parks:   []string{"坪山中心公园", "马峦山郊野公园", "燕子湖"},
		Metro:   []string{"坪山围地铁站", "坪山中心地铁站", "坑梓地铁站"},
		Markets: []string{"坪山农贸市场", "坑梓市场"},
		Sites:   []string{"深圳技术大学", "坪山区人民医院", "坪山高新区"}},
	{Name: "光明区", Code: "440311", Lat: 22.749, Lng: 113.936,
		Streets: []string{"光明街道", "公明街道", "新湖街道", "凤凰街道", "马田街道"},
		Estates: []string{"公明上村", "光明碧眼村", "凤凰城", "马田将石村", "新湖楼村"},
		Roads:   []string{"光明大街", "光侨路", "公常路", "华夏路", "松白路"},
		Schools: []string{"光明中学", "公明中学", "凤凰城实验学校"},
		Parks:   []string{"光明小镇欢乐田园", "虹桥公园", "大顶岭绿道"},
		Metro:   []string{"光明城站", "公明广场地铁站", "光明大街地铁站"},
		Markets: []string{"公明农贸市场", "光明大仟里"},
		Sites:   []string{"光明科学城", "光明区人民医院", "中山大学深圳校区"}},
	{Name: "大鹏新区", Code: "440312", Lat: 22.588, Lng: 114.480,
		Streets: []string{"大鹏街道", "南澳街道", "葵涌街道"},
		Estates: []string{"较场尾民宿区", "南澳墟镇", "葵涌三溪村", "王母社区", "大鹏所城"},
		Roads:   []string{"葵涌大道", "鹏飞路", "南澳大道", "迎宾路"},
		Schools: []string{"大鹏中心小学", "葵涌中学"},
		Parks:   []string{"杨梅坑", "西涌海滩", "七娘山"},
		Metro:   []string{"葵涌公交总站", "大鹏公交总站"},
		Markets: []string{"南澳海鲜街", "葵涌市场"},
		Sites:   []string{"大鹏新区医疗健康集团", "大亚湾核电站周边", "东山码头"}},
}

// Departments: the key is what problems are routed by.
type dept struct {
	Key  string
	Name string
}

var cityDepts = []dept{
	{"住建", "市住房和建设局"}, {"生态", "市生态环境局"}, {"交通", "市交通运输局"}, {"教育", "市教育局"},
	{"人社", "市人力资源和社会保障局"}, {"卫健", "市卫生健康委员会"}, {"市监", "市市场监督管理局"},
	{"公安", "市公安局"}, {"城管", "市城市管理和综合执法局"}, {"水务", "市水务局"}, {"民政", "市民政局"},
	{"规资", "市规划和自然资源局"}, {"文旅", "市文化广电旅游体育局"}, {"医保", "市医疗保障局"},
	{"应急", "市应急管理局"}, {"退役", "市退役军人事务局"}, {"司法", "市司法局"}, {"工信", "市工业和信息化局"},
	{"商务", "市商务局"}, {"科创", "市科技创新局"}, {"发改", "市发展和改革委员会"}, {"财政", "市财政局"},
	{"税务", "国家税务总局深圳市税务局"}, {"政数", "市政务服务和数据管理局"}, {"残联", "市残疾人联合会"},
	{"交警", "市公安局交通警察局"},
}

// District departments; each district gets all of them.
var districtDepts = []dept{
	{"住建", "住房和建设局"}, {"城管", "城市管理和综合执法局"}, {"教育", "教育局"},
	{"人社", "人力资源局"}, {"卫健", "卫生健康局"}, {"水务", "水务局"},
}

// org is the demo organisation as stored, for routing appeals.
type org struct {
	City    *minyi.Unit
	Centre  *minyi.Unit
	ByName  map[string]*minyi.Unit
	CityDep map[string]*minyi.Unit            // city departments by key
	Dist    map[string]*minyi.Unit            // districts by name
	DistDep map[string]map[string]*minyi.Unit // district → key → department
	Streets map[string][]*minyi.Unit          // district → streets
}

// createOrg stores the demo organisation.
func createOrg(ctx context.Context, us minyi.UnitService) error {
	create := func(u *minyi.Unit) error {
		if err := us.CreateUnit(ctx, u); err != nil {
			return fmt.Errorf("create unit %s: %w", u.Name, err)
		}
		return nil
	}
	city := &minyi.Unit{Code: "440300", Name: CityName, Kind: minyi.UnitCity}
	if err := create(city); err != nil {
		return err
	}
	if err := create(&minyi.Unit{ParentID: city.ID, Code: "440300000", Name: CentreName, Kind: minyi.UnitCity}); err != nil {
		return err
	}
	for i, d := range cityDepts {
		if err := create(&minyi.Unit{ParentID: city.ID, Code: fmt.Sprintf("440300D%02d", i+1), Name: d.Name, Kind: minyi.UnitDepartment}); err != nil {
			return err
		}
	}
	for _, d := range districts {
		du := &minyi.Unit{ParentID: city.ID, Code: d.Code, Name: d.Name, Kind: minyi.UnitDistrict}
		if err := create(du); err != nil {
			return err
		}
		for i, s := range d.Streets {
			if err := create(&minyi.Unit{ParentID: du.ID, Code: fmt.Sprintf("%s%03d", d.Code, i+1), Name: s, Kind: minyi.UnitStreet}); err != nil {
				return err
			}
		}
		for i, dd := range districtDepts {
			if err := create(&minyi.Unit{ParentID: du.ID, Code: fmt.Sprintf("%sD%02d", d.Code, i+1), Name: d.Name + dd.Name, Kind: minyi.UnitDepartment}); err != nil {
				return err
			}
		}
	}
	return nil
}

// loadOrg reads the units back and indexes the demo ones. Units that are
// missing (an organisation edited by hand) are simply not routed to.
func loadOrg(ctx context.Context, us minyi.UnitService) (*org, error) {
	units, err := us.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	o := &org{ByName: map[string]*minyi.Unit{}, CityDep: map[string]*minyi.Unit{}, Dist: map[string]*minyi.Unit{},
		DistDep: map[string]map[string]*minyi.Unit{}, Streets: map[string][]*minyi.Unit{}}
	for _, u := range units {
		o.ByName[u.Name] = u
	}
	o.City, o.Centre = o.ByName[CityName], o.ByName[CentreName]
	if o.Centre == nil {
		return nil, minyi.Errorf(minyi.ECONFLICT, "数据库中没有演示组织（%s），请在空数据库上初始化演示数据", "the database holds no demo organisation (%s); seed an empty database first", CentreName)
	}
	for _, d := range cityDepts {
		if u := o.ByName[d.Name]; u != nil {
			o.CityDep[d.Key] = u
		}
	}
	for _, d := range districts {
		if u := o.ByName[d.Name]; u != nil {
			o.Dist[d.Name] = u
		}
		o.DistDep[d.Name] = map[string]*minyi.Unit{}
		for _, dd := range districtDepts {
			if u := o.ByName[d.Name+dd.Name]; u != nil {
				o.DistDep[d.Name][dd.Key] = u
			}
		}
		for _, s := range d.Streets {
			if u := o.ByName[s]; u != nil {
				o.Streets[d.Name] = append(o.Streets[d.Name], u)
			}
		}
	}
	return o, nil
}
