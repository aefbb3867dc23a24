package demo

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"minyi"
)

// generator writes appeals and walks each through the workflow with
// minyi.Apply, so every stored state is one the real system can reach.
type generator struct {
	r      *rand.Rand
	org    *org
	cats   map[string]int64 // category path → id
	policy *minyi.Policy
	now    time.Time
	start  time.Time // earliest received time

	dispatchers []minyi.Actor
	supervisors []minyi.Actor
	handlers    map[int64]minyi.Actor // real demo handlers by unit
	leaders     map[int64]minyi.Actor
	citizens    []citizenRef

	weights []int // cumulative problem weights
	distCum []int // cumulative district weights
	// candidates are stored appeals later ones may repeat and be merged into.
	candidates []candidate
	err        error
}

type citizenRef struct {
	ID    int64
	Name  string
	Phone string
}

// candidate is an appeal already stored, which a later duplicate can be
// merged into while it is still open.
type candidate struct {
	ID         int64
	No         string
	Problem    int
	District   int
	Street     string
	Place      string
	ReceivedAt time.Time
	ClosedAt   *time.Time
}

// districtWeights are rough shares of appeals by district (population).
var districtWeights = []int{12, 9, 13, 3, 18, 17, 12, 5, 6, 2}

// item is one generated appeal with its timeline.
type item struct {
	Appeal  *minyi.Appeal
	Events  []*minyi.Event
	problem int
	dist    int
	place   string
}

func newGenerator(o *org, cats map[string]int64, policy *minyi.Policy, now time.Time, days int, seed uint64) *generator {
	if days <= 0 {
		days = 120
	}
	if policy == nil {
		policy = minyi.DefaultSettings().Policy()
	}
	g := &generator{
		r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), org: o, cats: cats, policy: policy,
		now: now, start: now.Add(-time.Duration(days) * 24 * time.Hour),
		handlers: map[int64]minyi.Actor{}, leaders: map[int64]minyi.Actor{},
	}
	sum := 0
	for _, p := range problems {
		sum += p.Weight
		g.weights = append(g.weights, sum)
	}
	sum = 0
	for _, w := range districtWeights {
		sum += w
		g.distCum = append(g.distCum, sum)
	}
	return g
}

func weighted(r *rand.Rand, cum []int) int {
	x := r.IntN(cum[len(cum)-1])
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// channelWeights: hotline and WeChat carry most appeals.
var channelWeights = []struct {
	c minyi.Channel
	w int
}{
	{minyi.ChannelHotline, 38}, {minyi.ChannelWechat, 24}, {minyi.ChannelWeb, 11}, {minyi.ChannelApp, 12},
	{minyi.ChannelEmail, 3}, {minyi.ChannelLetter, 3}, {minyi.ChannelAPI, 5}, {minyi.ChannelOpen311, 4},
}

func (g *generator) channel() minyi.Channel {
	x := g.r.IntN(100)
	for _, cw := range channelWeights {
		if x < cw.w {
			return cw.c
		}
		x -= cw.w
	}
	return minyi.ChannelHotline
}

var typeLetters = map[byte]minyi.AppealType{
	'T': minyi.TypeComplaint, 'C': minyi.TypeConsult, 'S': minyi.TypeSuggestion,
	'R': minyi.TypeReport, 'H': minyi.TypeHelp, 'P': minyi.TypePraise,
}

// hourWeights shapes the time of day appeals come in (hotline runs 24 h).
var hourWeights = []int{1, 1, 1, 1, 1, 1, 2, 4, 8, 12, 13, 12, 8, 7, 11, 12, 11, 10, 7, 7, 8, 7, 5, 3}

// receivedAt spreads appeal i of n over the period in order, with more
// appeals in recent weeks and a daily rhythm.
func (g *generator) receivedAt(i, n int) time.Time {
	u := (float64(i) + g.r.Float64()) / float64(n)
	f := math.Pow(u, 0.85) // density rises towards now
	t := g.start.Add(time.Duration(f * float64(g.now.Sub(g.start)))).In(minyi.DefaultLocation)
	sum := 0
	for _, w := range hourWeights {
		sum += w
	}
	x, hour := g.r.IntN(sum), 0
	for h, w := range hourWeights {
		if x < w {
			hour = h
			break
		}
		x -= w
	}
	t = time.Date(t.Year(), t.Month(), t.Day(), hour, g.r.IntN(60), g.r.IntN(60), 0, t.Location())
	if t.After(g.now) {
		t = g.now.Add(-time.Duration(g.r.IntN(180)+1) * time.Minute)
	}
	if t.Before(g.start) {
		t = g.start.Add(time.Duration(g.r.IntN(600)) * time.Minute)
	}
	return t
}

// office moves a time that falls at night or on a weekend to the next
// office hours, most of the time: staff work office hours, mostly.
func (g *generator) office(t time.Time) time.Time {
	t = t.In(minyi.DefaultLocation)
	for range 4 {
		h := t.Hour()
		wd := t.Weekday()
		weekend := wd == time.Saturday || wd == time.Sunday
		if h >= 8 && h < 21 && !(weekend && g.r.IntN(100) < 60) {
			return t
		}
		if g.r.IntN(100) < 10 && !weekend {
			return t // some work late
		}
		next := time.Date(t.Year(), t.Month(), t.Day(), 8, 30, 0, 0, t.Location())
		if h >= 8 {
			next = next.AddDate(0, 0, 1)
		}
		t = next.Add(time.Duration(g.r.IntN(90)) * time.Minute)
	}
	return t
}

func (g *generator) after(t time.Time, min, max time.Duration) time.Time {
	return g.office(t.Add(min + time.Duration(g.r.Int64N(int64(max-min)+1))))
}

func hashOffset(s string, salt uint32) float64 {
	h := fnv.New32a()
	h.Write([]byte(s))
	v := h.Sum32() ^ salt*2654435761
	return (float64(v%10000)/10000 - 0.5) * 0.06
}

// handler returns who handles at a unit: the demo account when the unit
// has one, else a named handler of that unit.
func (g *generator) handler(u *minyi.Unit) minyi.Actor {
	if a, ok := g.handlers[u.ID]; ok {
		return a
	}
	return minyi.Actor{Name: surnames[int(u.ID)%len(surnames)] + givenChars[int(u.ID*7)%len(givenChars)], Role: minyi.RoleHandler, UnitID: u.ID}
}

func (g *generator) leader(u *minyi.Unit) minyi.Actor {
	if a, ok := g.leaders[u.ID]; ok {
		return a
	}
	return minyi.Actor{Name: surnames[int(u.ID*3)%len(surnames)] + givenChars[int(u.ID*11+5)%len(givenChars)], Role: minyi.RoleLeader, UnitID: u.ID}
}

// route finds the unit responsible for a problem in a district.
func (g *generator) route(p *problem, d int, street string) *minyi.Unit {
	o := g.org
	dn := districts[d].Name
	kind, key, _ := strings.Cut(p.Route, ":")
	var u *minyi.Unit
	switch kind {
	case "street":
		u = o.ByName[street]
	case "dist":
		u = o.DistDep[dn][key]
		if u == nil {
			u = o.CityDep[key]
		}
	case "city":
		u = o.CityDep[key]
	}
	if u == nil {
		u = o.Dist[dn]
	}
	if u == nil {
		u = o.Centre
	}
	return u
}

// wrongUnit is a plausible unit a dispatcher might pick by mistake.
func (g *generator) wrongUnit(right *minyi.Unit, d int, street string) *minyi.Unit {
	o := g.org
	dn := districts[d].Name
	cands := []*minyi.Unit{o.ByName[street], o.DistDep[dn]["城管"], o.DistDep[dn]["住建"], o.Dist[dn], o.CityDep["城管"]}
	for range 6 {
		if u := pick(g.r, cands); u != nil && u.ID != right.ID {
			return u
		}
	}
	return nil
}

// generate writes appeal i of n.
func (g *generator) generate(i, n int) *item {
	r := g.r
	it := &item{}
	received := g.receivedAt(i, n)
	// A repeat of an earlier, still open appeal at the same place.
	var parent *candidate
	if len(g.candidates) > 0 && r.IntN(100) < 4 {
		c := &g.candidates[r.IntN(len(g.candidates))]
		if c.ReceivedAt.Before(received) && (c.ClosedAt == nil || c.ClosedAt.After(received.Add(6*time.Hour))) {
			parent = c
		}
	}
	var street, place string
	if parent != nil {
		it.problem, it.dist, street, place = parent.Problem, parent.District, parent.Street, parent.Place
	} else {
		it.problem = weighted(r, g.weights)
		it.dist = weighted(r, g.distCum)
		street = pick(r, districts[it.dist].Streets)
	}
	p := &problems[it.problem]
	d := &districts[it.dist]
	typ := typeLetters[p.Types[r.IntN(len(p.Types))]]
	if typ == minyi.TypeConsult && len(p.Consult) == 0 {
		typ = minyi.TypeComplaint
	}
	ch := g.channel()
	if place == "" {
		place = pick(r, d.places(p.Place))
	}
	// One road and one compound per appeal, so the text agrees with itself.
	road, estate := pick(r, d.Roads), pick(r, d.Estates)
	switch p.Place {
	case "road":
		road = place
	case "estate":
		estate = place
	}
	unit := g.route(p, it.dist, street)
	it.place = place

	// Values for the templates.
	var shop, company string
	vars := func(k string) (string, bool) {
		switch k {
		case "区":
			return d.Name, true
		case "街道":
			return street, true
		case "地点":
			return place, true
		case "路":
			return road, true
		case "小区":
			return estate, true
		case "学校":
			return pick(r, d.Schools), true
		case "公园":
			return pick(r, d.Parks), true
		case "地铁":
			return pick(r, d.Metro), true
		case "市场":
			return pick(r, d.Markets), true
		case "店":
			if shop == "" {
				shop = shopName(r)
			}
			return shop, true
		case "公司":
			if company == "" {
				company = companyName(r)
			}
			return company, true
		case "金额":
			return strconv.Itoa((r.IntN(60) + 3) * 500), true
		case "月数":
			return chineseNumber(r.IntN(5) + 2), true
		case "线路":
			if r.IntN(3) == 0 {
				return "M" + strconv.Itoa(100+r.IntN(500)), true
			}
			return strconv.Itoa(1 + r.IntN(399)), true
		case "时段":
			return pick(r, timesOfDay), true
		case "单位":
			return unit.Name, true
		}
		return "", false
	}
	var b strings.Builder
	text := func(parts ...string) string {
		b.Reset()
		for _, s := range parts {
			fill(&b, s, vars)
		}
		return b.String()
	}

	agent := ch == minyi.ChannelHotline
	var title, content string
	switch {
	case typ == minyi.TypeConsult:
		q := text(pick(r, p.Consult))
		title = q
		if agent {
			content = "来电人咨询：" + q + "请相关部门予以解答。"
		} else {
			content = text(pick(r, firstOpeners)) + q + text(pick(r, consultTails))
		}
	case typ == minyi.TypePraise:
		title = text(pick(r, []string{"表扬{单位}工作人员", "感谢{单位}为群众办实事", "为{单位}点赞"}))
		fact := text(pick(r, p.Facts))
		praise := pick(r, []string{"前段时间反映的问题（", "之前遇到的情况（"}) + fact + "），" + text(pick(r, []string{"{单位}的工作人员很快就到现场处理，态度热情、办事高效", "{单位}主动联系并耐心解释，问题得到了圆满解决"}))
		if agent {
			content = "来电人表示：" + praise + "，特来电表扬。"
		} else {
			content = text(pick(r, firstOpeners)) + praise + "。特此表扬，希望继续保持！"
		}
	default:
		k := r.IntN(len(p.Facts))
		if len(p.Titles) == len(p.Facts) {
			title = text(p.Titles[k])
		} else {
			title = text(pick(r, p.Titles))
		}
		bare := strings.TrimPrefix(strings.TrimPrefix(title, "投诉"), "咨询")
		if typ == minyi.TypeSuggestion && !strings.Contains(title, "建议") {
			title = "关于" + bare + "问题的建议"
		} else if typ == minyi.TypeReport && !strings.Contains(title, "举报") {
			title = "举报：" + bare
		} else if typ == minyi.TypeHelp && r.IntN(2) == 0 {
			title = "求助：" + title
		}
		fact := text(p.Facts[k])
		ask := text(pick(r, p.Asks))
		impact := pick(r, impacts)
		if p.local() && r.IntN(2) == 0 {
			impact = pick(r, localImpacts)
		}
		prior := pick(r, priors)
		if p.local() && r.IntN(3) == 0 {
			prior = pick(r, localPriors)
		}
		if typ == minyi.TypeSuggestion {
			prior = ""
		}
		if agent {
			content = pick(r, agentOpeners) + thirdPerson(fact) + "，" + impact + "。" + prior + "来电人诉求：" + ask + "。"
		} else {
			content = text(pick(r, firstOpeners)) + pick(r, leadIns) + fact + "，" + impact + "。" + prior + ask + "。" + pick(r, closers)
		}
	}
	if utf8.RuneCountInString(title) > minyi.MaxTitleLen {
		title = string([]rune(title)[:minyi.MaxTitleLen])
	}

	a := &minyi.Appeal{
		Type: typ, Channel: ch, Title: title, Content: content, Urgent: r.IntN(100) < p.Urgent,
		District: d.Name, Street: street, Address: d.Name + street + place,
		Status: minyi.StatusPending, ReceivedAt: received, UpdatedAt: received,
	}
	if id, ok := g.cats[p.Cat]; ok {
		a.CategoryID, a.Category = id, p.Cat
	}
	lat := d.Lat + hashOffset(place, 1) + (r.Float64()-0.5)*0.002
	lng := d.Lng + hashOffset(place, 2) + (r.Float64()-0.5)*0.002
	a.Lat, a.Lng = &lat, &lng

	// Who filed it.
	switch {
	case ch != minyi.ChannelHotline && len(g.citizens) > 0 && r.IntN(100) < 2:
		c := g.citizens[r.IntN(len(g.citizens))]
		a.CitizenID, a.ContactName, a.ContactPhone = c.ID, c.Name, c.Phone
	case ch != minyi.ChannelHotline && r.IntN(100) < 5:
		a.Anonymous = true
	default:
		if agent || r.IntN(3) == 0 {
			a.ContactName = pick(r, surnames) + pick(r, []string{"先生", "女士"})
		} else {
			a.ContactName = personName(r)
		}
		if r.IntN(10) == 0 {
			a.ContactPhone = landline(r)
		} else {
			a.ContactPhone = mobile(r)
		}
	}
	if ch == minyi.ChannelWeb || ch == minyi.ChannelApp || ch == minyi.ChannelWechat || ch == minyi.ChannelOpen311 {
		switch x := r.IntN(100); {
		case x < 3:
			a.Supporters = 20 + r.IntN(300)
		case x < 30:
			a.Supporters = 1 + r.IntN(20)
		}
		if r.IntN(100) < 5 {
			a.Opposers = 1 + r.IntN(10)
		}
	}
	if parent != nil {
		a.Supporters += r.IntN(3)
	}
	it.Appeal = a
	it.Events = g.walk(a, p, unit, it.dist, street, parent, vars)
	return it
}

// createActor is who registered the appeal on its channel.
func (g *generator) createActor(a *minyi.Appeal) minyi.Actor {
	switch a.Channel {
	case minyi.ChannelHotline:
		return minyi.Actor{Name: "话务员" + surnames[a.ReceivedAt.Second()%len(surnames)] + givenChars[a.ReceivedAt.Minute()%len(givenChars)], Role: minyi.RoleDispatcher}
	case minyi.ChannelEmail, minyi.ChannelLetter:
		return minyi.Actor{Name: "来信登记员", Role: minyi.RoleDispatcher}
	case minyi.ChannelAPI, minyi.ChannelOpen311:
		return minyi.Actor{Name: "接口接入", System: true, Role: minyi.RoleAdmin}
	}
	name := a.ContactName
	if a.Anonymous || name == "" {
		name = "匿名市民"
	}
	return minyi.Actor{Name: name, Role: minyi.RoleCitizen, UserID: a.CitizenID}
}

// walk moves the appeal through the workflow from its receipt to now and
// returns its timeline. Steps that would happen after now do not happen.
func (g *generator) walk(a *minyi.Appeal, p *problem, unit *minyi.Unit, d int, street string, parent *candidate, vars func(string) (string, bool)) []*minyi.Event {
	r := g.r
	ca := g.createActor(a)
	events := []*minyi.Event{{Action: minyi.ActCreate, ActorID: ca.UserID, ActorName: ca.Name, ActorRole: ca.Role,
		ToStatus: minyi.StatusPending, Note: "通过" + minyi.ChannelLabels[a.Channel] + "受理", At: a.ReceivedAt}}
	t := a.ReceivedAt
	// do applies one action at time at; false when at is in the future or
	// the action failed (a generator bug, reported by Seed).
	do := func(req minyi.ActionRequest, actor minyi.Actor, at time.Time) bool {
		if at.Before(t) {
			at = t.Add(time.Minute)
		}
		if at.After(g.now) {
			return false
		}
		ev, err := minyi.Apply(a, req, actor, at, g.policy)
		if err != nil {
			if g.err == nil {
				g.err = fmt.Errorf("demo: %s %s on %s appeal: %w", actor.Role, req.Action, a.Status, err)
			}
			return false
		}
		events = append(events, ev)
		t = at
		return true
	}
	disp := pick(r, g.dispatchers)
	note := func(tmpl string, u *minyi.Unit) string { return strings.ReplaceAll(tmpl, "{单位}", u.Name) }
	date := func(x time.Time) string { return x.In(minyi.DefaultLocation).Format("1月2日") }

	// Invalid appeals are closed by the centre without dispatch.
	if parent == nil && r.IntN(1000) < 15 {
		do(minyi.ActionRequest{Action: minyi.ActClose, Note: pick(r, invalidNotes)}, disp, g.after(t, 10*time.Minute, 3*time.Hour))
		return events
	}
	merge := func() bool {
		at := g.after(t, 15*time.Minute, 4*time.Hour)
		if parent.ClosedAt != nil && !parent.ClosedAt.After(at) {
			return false
		}
		par := &minyi.Appeal{ID: parent.ID, TrackingNo: parent.No, Status: minyi.StatusDispatched}
		return do(minyi.ActionRequest{Action: minyi.ActMerge, ParentNo: parent.No, Parent: par}, disp, at)
	}
	if parent != nil && r.IntN(3) > 0 && merge() {
		return events
	}
	// Dispatch: by the system when the classifier is sure, else a dispatcher.
	dispatcher := disp
	if r.IntN(100) < 25 {
		dispatcher = minyi.SystemActor
	}
	// A wrong first unit either sends the appeal back at once (return)
	// or, now and then, signs for it before its leader passes it on to
	// the right one (transfer). Either way the unit that keeps an appeal
	// is the right one, as the routing models assume of history.
	first, transfer := unit, false
	if x := r.IntN(100); x < 12 {
		if w := g.wrongUnit(unit, d, street); w != nil {
			first, transfer = w, x >= 7
		}
	}
	delay := g.after(t, 5*time.Minute, 3*time.Hour)
	if r.IntN(10) == 0 {
		delay = g.after(t, 3*time.Hour, 26*time.Hour)
	}
	if !do(minyi.ActionRequest{Action: minyi.ActDispatch, Unit: first}, dispatcher, delay) {
		return events
	}
	if parent != nil && merge() {
		return events
	}
	if first != unit && !transfer {
		if !do(minyi.ActionRequest{Action: minyi.ActReturn, Note: note(pick(r, returnNotes), unit)}, g.handler(first), g.after(t, time.Hour, 8*time.Hour)) {
			return events
		}
		if r.IntN(200) == 0 {
			return events // waiting for a new dispatch
		}
		if !do(minyi.ActionRequest{Action: minyi.ActDispatch, Unit: unit}, disp, g.after(t, 20*time.Minute, 3*time.Hour)) {
			return events
		}
	}
	if r.IntN(1000) < 12 {
		return events // never signed: overdue at the unit
	}
	sign := func(u *minyi.Unit) bool {
		at := g.after(t, 20*time.Minute, 8*time.Hour)
		switch x := r.IntN(100); {
		case x < 8:
			at = g.after(t, 8*time.Hour, 30*time.Hour)
		case x < 12:
			at = g.after(t, 30*time.Hour, 80*time.Hour)
		}
		return do(minyi.ActionRequest{Action: minyi.ActSign}, g.handler(u), at)
	}
	if transfer {
		if !sign(first) {
			return events
		}
		if !do(minyi.ActionRequest{Action: minyi.ActTransfer, Unit: unit, Note: note(pick(r, transferNotes), unit)}, g.leader(first), g.after(t, time.Hour, 20*time.Hour)) {
			return events
		}
	}
	if !sign(unit) {
		return events
	}
	if r.IntN(1000) < 10 {
		return events // signed, then nothing: stuck
	}
	h := g.handler(unit)
	if r.IntN(100) < 80 {
		if !do(minyi.ActionRequest{Action: minyi.ActContact}, h, g.after(t, time.Hour, 30*time.Hour)) {
			return events
		}
	}
	// How long the work takes, in days from dispatch.
	var work time.Duration
	switch x := r.IntN(100); {
	case a.Type == minyi.TypeConsult && x < 85:
		work = time.Duration(2+r.IntN(60)) * time.Hour
	case x < 55:
		work = time.Duration(1+r.IntN(5)) * 24 * time.Hour
	case x < 88:
		work = time.Duration(5+r.IntN(8)) * 24 * time.Hour
	default:
		work = time.Duration(12+r.IntN(16)) * 24 * time.Hour
	}
	replyAt := g.office(a.DispatchedAt.Add(work + time.Duration(r.IntN(8*60))*time.Minute))
	late := a.CompleteDue != nil && replyAt.After(*a.CompleteDue)
	if a.Type != minyi.TypeConsult && (r.IntN(100) < 6 || (late && r.IntN(100) < 50)) {
		at := g.after(t, 24*time.Hour, 5*24*time.Hour)
		if at.Before(replyAt) {
			if !do(minyi.ActionRequest{Action: minyi.ActExtend, Days: pick(r, []int{5, 10, 15}), Note: pick(r, extendNotes)}, h, at) {
				return events
			}
			approver := disp
			if r.IntN(3) == 0 {
				approver = pick(r, g.supervisors)
			}
			if !do(minyi.ActionRequest{Action: minyi.ActApproveExtension, Approve: r.IntN(100) < 85}, approver, g.after(t, 2*time.Hour, 26*time.Hour)) {
				return events
			}
		}
	}
	if r.IntN(100) < 3 || (late && r.IntN(100) < 40) {
		at := g.after(t, 12*time.Hour, 6*24*time.Hour)
		if a.CompleteDue != nil && late {
			at = g.after(*a.CompleteDue, time.Hour, 48*time.Hour)
		}
		if at.Before(replyAt) {
			if !do(minyi.ActionRequest{Action: minyi.ActSupervise, Note: pick(r, superviseNotes)}, pick(r, g.supervisors), at) {
				return events
			}
		}
	}
	if r.IntN(1000) < 30 {
		return events // still being handled, whatever the deadline says
	}
	replyText := func(body string) string {
		b := strings.Builder{}
		fill(&b, pick(r, replyHeads)+body+pick(r, replyTails), func(k string) (string, bool) {
			switch k {
			case "标题":
				return a.Title, true
			case "日期":
				return date(t), true
			case "单位":
				return unit.Name, true
			case "电话":
				return "0755-" + strconv.Itoa(20000000+int(unit.ID*7919)%70000000), true
			}
			return vars(k)
		})
		return b.String()
	}
	body := pick(r, p.Replies)
	if a.Type == minyi.TypeConsult && r.IntN(2) == 0 {
		body = pick(r, consultReplies)
	}
	if !do(minyi.ActionRequest{Action: minyi.ActReply, Note: replyText(body)}, h, replyAt) {
		return events
	}
	for round := 0; ; round++ {
		// Rating by the appellant.
		if r.IntN(100) < 72 {
			rating := minyi.RatingVerySatisfied
			switch x := r.IntN(100); {
			case round > 0 && x < 15, round == 0 && x < 4:
				rating = minyi.RatingVeryDissatisfied
			case round > 0 && x < 25, round == 0 && x < 12:
				rating = minyi.RatingDissatisfied
			case x < 25:
				rating = minyi.RatingBasic
			case x < 55:
				rating = minyi.RatingSatisfied
			}
			solved := !rating.Bad()
			comment := pick(r, goodComments)
			if rating.Bad() {
				comment = pick(r, badComments)
			}
			rater := minyi.Actor{Name: a.ContactName, Role: minyi.RoleCitizen, UserID: a.CitizenID, Verified: true}
			if rater.Name == "" {
				rater.Name = "匿名市民"
			}
			if !do(minyi.ActionRequest{Action: minyi.ActRate, Rating: rating, Solved: &solved, Note: comment}, rater, g.after(t, 2*time.Hour, 5*24*time.Hour)) {
				return events
			}
			if a.Status != minyi.StatusReopened {
				return events
			}
			// 重办 at the same unit.
			if r.IntN(100) < 15 || !sign(unit) {
				return events
			}
			if !do(minyi.ActionRequest{Action: minyi.ActContact}, h, g.after(t, time.Hour, 20*time.Hour)) {
				return events
			}
			if !do(minyi.ActionRequest{Action: minyi.ActReply, Note: replyText(pick(r, reReplies))}, h, g.after(t, 24*time.Hour, 7*24*time.Hour)) {
				return events
			}
			continue
		}
		// Not rated: after the rating window the centre closes it, by a
		// callback (回访) or as 默认满意.
		window := g.policy.RatingWindow
		if window <= 0 {
			window = 7 * 24 * time.Hour
		}
		at := t.Add(window + time.Duration(r.IntN(48*60))*time.Minute)
		if r.IntN(100) < 60 {
			do(minyi.ActionRequest{Action: minyi.ActClose, Note: "超过评价期限，默认满意"}, minyi.SystemActor, at)
		} else {
			do(minyi.ActionRequest{Action: minyi.ActClose, Note: "回访确认群众无异议，予以办结"}, disp, g.after(t, 24*time.Hour, window))
		}
		return events
	}
}

// remember records stored appeals that later duplicates may be merged into.
func (g *generator) remember(items []*item) {
	const keep = 400
	for _, it := range items {
		a := it.Appeal
		if a.ID == 0 || a.TrackingNo == "" || !a.Status.Open() && a.Status != minyi.StatusClosed {
			continue
		}
		if g.r.IntN(4) != 0 {
			continue
		}
		c := candidate{ID: a.ID, No: a.TrackingNo, Problem: it.problem, District: it.dist, Street: a.Street, Place: it.place, ReceivedAt: a.ReceivedAt, ClosedAt: a.ClosedAt}
		if len(g.candidates) < keep {
			g.candidates = append(g.candidates, c)
		} else {
			g.candidates[g.r.IntN(keep)] = c
		}
	}
}

// places lists the places of a kind in the district.
func (d *district) places(kind string) []string {
	switch kind {
	case "estate":
		return d.Estates
	case "road":
		return d.Roads
	case "school":
		return d.Schools
	case "park":
		return d.Parks
	case "metro":
		return d.Metro
	case "market":
		return d.Markets
	case "hospital":
		return []string{d.Name + "人民医院", d.Name + "中医院", d.Name + "妇幼保健院", d.Name + "社康中心"}
	}
	return d.Sites
}

// local reports whether the problem is about a place people live by,
// where "neighbours suffer" sentences fit.
func (p *problem) local() bool {
	switch p.Place {
	case "estate", "road", "park", "metro":
		top, _, _ := strings.Cut(p.Cat, "/")
		switch top {
		case "城乡建设", "环境保护", "水务", "交通运输", "公安政法":
			return true
		}
	}
	return false
}

// thirdPerson rewrites a first-person sentence the way a hotline agent
// records it.
func thirdPerson(s string) string { return thirdPersonReplacer.Replace(s) }

var thirdPersonReplacer = strings.NewReplacer("我们", "他们", "我家", "来电人家", "本人", "来电人", "我", "来电人")
