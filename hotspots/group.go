package hotspots

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"minyi/dedup"
)

// unit is a set of near-duplicate appeals (usually one), the thing that
// is grouped.
type unit struct {
	docs      []int // indices into the documents, ascending
	place     Place
	key       string   // canonical place key; "" when the unit names no place
	mentioned []string // canonical keys of every place the unit names
	vec       []tw     // problem vector, unit length
	vague     bool     // all its appeals are vague (docFeatures.vague)
	start     time.Time
	end       time.Time
}

// tw is one term of a sparse vector: its number and weight.
type tw struct {
	term int32
	w    float64
}

// maxTerms is how many terms of a unit's vector are kept, the heaviest;
// the rest barely change a cosine and cost time.
const maxTerms = 24

// units collapses near-duplicate appeals (dedup) into units, giving each
// the place most of its appeals name.
func units(docs []Doc, feats []docFeatures, threshold float64, maxGap time.Duration) []*unit {
	dd := make([]dedup.Doc, len(docs))
	for i, d := range docs {
		// dedup needs distinct IDs; positions are
		dd[i] = dedup.Doc{ID: strconv.Itoa(i), Title: d.Title, Text: d.Content}
	}
	owner := make([]int, len(docs))
	for i := range owner {
		owner[i] = -1
	}
	var out []*unit
	for _, g := range dedup.Groups(dd, dedup.Options{Threshold: threshold}) {
		// A template sent about several places is near-duplicate text but
		// not one voice: split the group by place; appeals naming no
		// place go with the first.
		byPlace := map[string]*unit{}
		var order []string
		var placeless []int
		for _, id := range g.IDs {
			i, _ := strconv.Atoi(id)
			k := feats[i].place.Key
			if k == "" {
				placeless = append(placeless, i)
				continue
			}
			if byPlace[k] == nil {
				byPlace[k] = &unit{}
				order = append(order, k)
			}
			byPlace[k].docs = append(byPlace[k].docs, i)
		}
		// an appeal whose opening names no place goes with a place of
		// its group that its whole text names (further on, or written
		// in a way Places misses); else a template sent about several
		// places would carry it to one of them
		var rest []int
		for _, i := range placeless {
			text := ""
			home := ""
			for _, k := range order {
				if text == "" {
					text = strings.ToLower(docs[i].Title + "\n" + docs[i].Content)
				}
				if strings.Contains(text, k) {
					home = k
					break
				}
			}
			if home == "" {
				rest = append(rest, i)
				continue
			}
			byPlace[home].docs = append(byPlace[home].docs, i)
		}
		if len(rest) > 0 {
			byPlace[""] = &unit{docs: rest}
			order = append(order, "")
		}
		for _, k := range order {
			// a text posted again long after is a new episode
			for _, part := range splitByGap(byPlace[k].docs, docs, maxGap) {
				for _, i := range part {
					owner[i] = len(out)
				}
				out = append(out, &unit{docs: part})
			}
		}
	}
	for i := range docs {
		if owner[i] < 0 {
			out = append(out, &unit{docs: []int{i}})
		}
	}
	for _, u := range out {
		u.vague = true
		for _, i := range u.docs {
			u.vague = u.vague && feats[i].vague
		}
		votes := map[string]int{}
		for _, i := range u.docs {
			if k := feats[i].place.Key; k != "" {
				votes[k]++
			}
		}
		for _, i := range u.docs { // the first of the most named
			if p := feats[i].place; p.Key != "" && (u.place.Key == "" || votes[p.Key] > votes[u.place.Key]) {
				u.place = p
			}
		}
		u.start, u.end = docs[u.docs[0]].Time, docs[u.docs[0]].Time
		for _, i := range u.docs {
			if t := docs[i].Time; t.Before(u.start) {
				u.start = t
			} else if t.After(u.end) {
				u.end = t
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *unit) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.docs[0], b.docs[0])
	})
	return out
}

// splitByGap splits documents, in time order, where more than gap
// passes between two; each part is returned in ascending index order.
func splitByGap(idx []int, docs []Doc, gap time.Duration) [][]int {
	idx = slices.Clone(idx)
	slices.SortFunc(idx, func(a, b int) int {
		if c := docs[a].Time.Compare(docs[b].Time); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var parts [][]int
	start := 0
	for k := 1; k <= len(idx); k++ {
		if k == len(idx) || docs[idx[k]].Time.Sub(docs[idx[k-1]].Time) > gap {
			part := slices.Clone(idx[start:k])
			slices.Sort(part)
			parts = append(parts, part)
			start = k
		}
	}
	return parts
}

// canonicalKeys maps each place key to one form for all the ways the
// collection writes the place: keys where one contains the other
// ("万科魅力之城", "魅力之城", "魅力之城社区") are one place, written as
// the most frequent of them. A key inside two different frequent keys
// ("经济学院" in "涉外经济学院" and "财政经济学院") is ambiguous and
// left alone; merge may still join its groups by problem. Frequency is
// the number of units naming the key.
func canonicalKeys(us []*unit, feats []docFeatures) map[string]string {
	df := map[string]int{}
	for _, u := range us {
		seen := map[string]bool{}
		for _, i := range u.docs {
			for _, k := range feats[i].mentioned {
				if !seen[k] {
					seen[k] = true
					df[k]++
				}
			}
		}
	}
	keys := make([]string, 0, len(df))
	for k := range df {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	supers := map[string][]string{} // key → the keys containing it
	for _, k := range keys {
		for _, s := range innerKeys(k, df) {
			supers[s] = append(supers[s], k)
		}
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(k string) string {
		for {
			p, ok := parent[k]
			if !ok || p == k {
				return k
			}
			k = p
		}
	}
	for _, s := range keys {
		sup := supers[s]
		if len(sup) == 0 || ambiguous(sup, df) {
			continue
		}
		for _, k := range sup {
			a, b := find(s), find(k)
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	best := map[string]string{} // root → most frequent member
	for _, k := range keys {
		r := find(k)
		b, ok := best[r]
		if !ok || df[k] > df[b] || df[k] == df[b] && (runes(k) < runes(b) || runes(k) == runes(b) && k < b) {
			best[r] = k
		}
	}
	canon := make(map[string]string, len(keys))
	for _, k := range keys {
		canon[k] = best[find(k)]
	}
	return canon
}

// innerKeys returns the keys of at least three characters inside k,
// other than k.
func innerKeys(k string, known map[string]int) []string {
	rs := []rune(k)
	var out []string
	for i := range rs {
		if i > 0 && alnum(rs[i-1]) && alnum(rs[i]) {
			continue // 79路 is not in 179路
		}
		for j := i + 3; j <= len(rs); j++ {
			if j < len(rs) && alnum(rs[j-1]) && alnum(rs[j]) {
				continue
			}
			if s := string(rs[i:j]); s != k && known[s] > 0 && !genericNames[s] {
				out = append(out, s)
			}
		}
	}
	return out
}

// ambiguous reports whether keys containing one key name at least two
// different places: two frequent ones of which neither contains the
// other.
func ambiguous(sup []string, df map[string]int) bool {
	var frequent []string
	for _, k := range sup {
		if df[k] >= 2 {
			frequent = append(frequent, k)
		}
	}
	for i, a := range frequent {
		for _, b := range frequent[i+1:] {
			if !strings.Contains(a, b) && !strings.Contains(b, a) {
				return true
			}
		}
	}
	return false
}

// vectors sets each unit's problem vector: TF-IDF over its appeals'
// terms, where a term's document frequency counts units.
func vectors(us []*unit, feats []docFeatures) []string {
	ids := map[string]int32{}
	var names []string
	df := []int{}
	counts := make([]map[int32]int, len(us))
	for k, u := range us {
		c := map[int32]int{}
		for _, i := range u.docs {
			for _, t := range feats[i].terms {
				id, ok := ids[t]
				if !ok {
					id = int32(len(names))
					ids[t] = id
					names = append(names, t)
					df = append(df, 0)
				}
				if c[id] == 0 {
					df[id]++
				}
				c[id]++
			}
		}
		counts[k] = c
	}
	n := float64(len(us))
	for k, u := range us {
		vec := make([]tw, 0, len(counts[k]))
		for id, c := range counts[k] {
			if df[id] < 2 {
				continue // a term no other unit has cannot make units alike
			}
			// reposts repeat every term: divide by the unit's size so
			// that a unit weighs like one appeal
			tf := 1 + math.Log(float64(c)/float64(len(u.docs)))
			if tf <= 0 {
				tf = 0.5
			}
			vec = append(vec, tw{id, tf * math.Log(1+n/float64(df[id]))})
		}
		slices.SortFunc(vec, func(a, b tw) int {
			if c := cmp.Compare(b.w, a.w); c != 0 {
				return c
			}
			return cmp.Compare(a.term, b.term)
		})
		if len(vec) > maxTerms {
			vec = vec[:maxTerms]
		}
		norm := 0.0
		for _, x := range vec {
			norm += x.w * x.w
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			vec = nil
		}
		for i := range vec {
			vec[i].w /= norm
		}
		slices.SortFunc(vec, func(a, b tw) int { return cmp.Compare(a.term, b.term) })
		u.vec = vec
	}
	return names
}

// cluster is a group of units in the making.
type cluster struct {
	units []int // indices into the units
	key   string
	sum   map[int32]float64 // sum of the unit vectors
	norm2 float64           // squared length of sum
	start time.Time
	end   time.Time
}

func (c *cluster) add(k int, u *unit) {
	for _, x := range u.vec {
		old := c.sum[x.term]
		c.sum[x.term] = old + x.w
		c.norm2 += 2*old*x.w + x.w*x.w
	}
	c.units = append(c.units, k)
	if c.start.IsZero() || u.start.Before(c.start) {
		c.start = u.start
	}
	if u.end.After(c.end) {
		c.end = u.end
	}
}

// cosine of a unit vector with the cluster's centroid.
func (c *cluster) cosine(vec []tw) float64 {
	if c.norm2 <= 0 {
		return 0
	}
	dot := 0.0
	for _, x := range vec {
		dot += x.w * c.sum[x.term]
	}
	return dot / math.Sqrt(c.norm2)
}

// centroidCosine is the cosine of two clusters' centroids.
func centroidCosine(a, b *cluster) float64 {
	if a.norm2 <= 0 || b.norm2 <= 0 {
		return 0
	}
	if len(a.sum) > len(b.sum) {
		a, b = b, a
	}
	dot := 0.0
	for t, w := range a.sum {
		dot += w * b.sum[t]
	}
	return dot / math.Sqrt(a.norm2*b.norm2)
}

// near reports whether two periods are at most gap apart.
func near(aStart, aEnd, bStart, bEnd time.Time, gap time.Duration) bool {
	return bStart.Sub(aEnd) <= gap && aStart.Sub(bEnd) <= gap
}

// placelessFactor raises the similarity needed to group appeals that name
// no place: without a place only a clearly identical problem (the same
// named fraud case, the same bus line) makes one issue.
const placelessFactor = 3

// group assigns the units, in time order, to clusters: each joins the
// most similar cluster at its place whose last appeal is at most MaxGap
// older, or starts one.
func group(us []*unit, opts Options) []*cluster {
	var cs []*cluster
	postings := map[string][]int32{} // place key + term → clusters
	pkey := func(key string, term int32) string { return key + "\x00" + strconv.Itoa(int(term)) }
	for k, u := range us {
		need := opts.Similarity
		if u.key == "" {
			need = min(0.9, opts.Similarity*placelessFactor)
		}
		best, bestSim := -1, 0.0
		seen := map[int32]bool{}
		for _, x := range u.vec {
			for _, c := range postings[pkey(u.key, x.term)] {
				if seen[c] {
					continue
				}
				seen[c] = true
				cl := cs[c]
				if u.start.Sub(cl.end) > opts.MaxGap {
					continue
				}
				if s := cl.cosine(u.vec); s >= need && (s > bestSim || s == bestSim && int(c) < best) {
					best, bestSim = int(c), s
				}
			}
		}
		if best < 0 {
			best = len(cs)
			cs = append(cs, &cluster{key: u.key, sum: map[int32]float64{}})
		}
		cl := cs[best]
		for _, x := range u.vec {
			if _, ok := cl.sum[x.term]; !ok {
				postings[pkey(u.key, x.term)] = append(postings[pkey(u.key, x.term)], int32(best))
			}
		}
		cl.add(k, u)
	}
	return cs
}

// maxMentioners is how many places may mostly mention a place for
// their groups to join its groups (merge).
const maxMentioners = 1 << 30 // off: limiting it split 伊景园滨河苑 on 附件3

// mergeFactor scales the similarity two groups at one place need to be
// merged. Centroids of groups are long vectors that share only their
// core terms (油烟, 扰民, 商铺), so their cosines run lower than an
// appeal's with a group: at one place, 0.06–0.16 for one problem told in
// different words, under 0.04 for different problems.
const mergeFactor = 0.5

// crossGapFactor scales the similarity two groups at one place need to
// be merged when more than MaxGap lies between them: the full
// Similarity and a third more (0.2), 2.7 times what groups close in time
// need: on 附件3 the episodes of one problem of one subject give
// 0.2–0.4.
const crossGapFactor = 4.0 / 3

// merge joins clusters that are one problem split in two: at the same
// place, or where most appeals of one name the other's place ("广铁集团
// 职工商品房" whose texts say 伊景园滨河苑), with similar centroids and
// periods at most MaxGap apart. It returns the merged clusters.
//
// learnt tells the place keys that are only learnt subjects (Subjects):
// a group at a place with an ending does not join one of them by
// mentioning it, for a learnt word may be a topic that appeals at many
// places mention (维修资金), and the place is what the appeal is about.
func merge(cs []*cluster, us []*unit, learnt map[string]bool, opts Options) []*cluster {
	byKey := map[string][]int{}
	for i, c := range cs {
		if c.key != "" {
			byKey[c.key] = append(byKey[c.key], i)
		}
	}
	parent := make([]int, len(cs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	levels := make([]int, len(cs))
	for i, c := range cs {
		levels[i] = level(c, us)
	}
	try := func(a, b int, need float64) {
		if find(a) == find(b) {
			return
		}
		if !near(cs[a].start, cs[a].end, cs[b].start, cs[b].end, opts.MaxGap) {
			// one problem of one subject can come back after months of
			// silence (a case, a school's yearly practice): episodes
			// apart in time join when clearly one problem at a site or
			// named subject; a road or a town hosts too many problems
			// for that
			if levels[a] < levelSite || levels[b] < levelSite {
				return
			}
			need = max(need, opts.Similarity*crossGapFactor)
		}
		if centroidCosine(cs[a], cs[b]) >= need {
			ra, rb := find(a), find(b)
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		l := byKey[k]
		if len(l) > 200 {
			continue // a place with this many separate problems is a district, not a site
		}
		for i := range l {
			for j := i + 1; j < len(l); j++ {
				try(l[i], l[j], opts.Similarity*mergeFactor)
			}
		}
	}
	// a case ("XX车贷") is one problem: all its groups are one issue
	for _, k := range keys {
		if !isCase(k) {
			continue
		}
		l := byKey[k]
		for _, b := range l[1:] {
			ra, rb := find(l[0]), find(b)
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	// places written inside one another that canonicalKeys left apart
	known := map[string]int{}
	for k := range byKey {
		known[k] = 1
	}
	for _, k := range keys {
		for _, s := range innerKeys(k, known) {
			for _, a := range byKey[s] {
				for _, b := range byKey[k] {
					try(a, b, opts.Similarity*mergeFactor)
				}
			}
		}
	}
	// a place that groups at several other places mostly mention is
	// a landmark or a phrase many texts share (找过物业), not the one
	// place of a problem told under another name: it joins none
	mentionedBy := map[string]map[string]bool{}
	mostly := make([][]string, len(cs))
	for b, c := range cs {
		if c.key == "" {
			continue
		}
		mostly[b] = mostlyMentioned(c, us)
		for _, k := range mostly[b] {
			if k != c.key {
				if mentionedBy[k] == nil {
					mentionedBy[k] = map[string]bool{}
				}
				mentionedBy[k][c.key] = true
			}
		}
	}
	for b, c := range cs {
		if c.key == "" {
			continue
		}
		for _, k := range mostly[b] {
			if k == c.key || len(mentionedBy[k]) > maxMentioners || learnt[k] && !learnt[c.key] {
				continue
			}
			// places that only mention each other need the full
			// similarity: a text names many places besides its own
			for _, a := range byKey[k] {
				try(a, b, opts.Similarity)
			}
		}
	}

	// a group of vague appeals ("XX存在一系列问题") backs the largest
	// group at its place within MaxGap of it, the nearest in time among
	// equals
	size := map[int]int{}
	for i, c := range cs {
		for _, k := range c.units {
			size[find(i)] += len(us[k].docs)
		}
	}
	for a, c := range cs {
		if c.key == "" || !allVague(c, us) || find(a) != a {
			continue
		}
		best, bestGap := -1, time.Duration(0)
		for _, b := range byKey[c.key] {
			rb := find(b)
			if rb == a || allVague(cs[b], us) || !near(c.start, c.end, cs[b].start, cs[b].end, opts.MaxGap) {
				continue
			}
			gap := max(c.start.Sub(cs[b].end), cs[b].start.Sub(c.end), 0)
			if best < 0 || size[rb] > size[find(best)] || size[rb] == size[find(best)] && gap < bestGap {
				best, bestGap = b, gap
			}
		}
		if best >= 0 {
			rb := find(best)
			parent[max(a, rb)] = min(a, rb)
			size[min(a, rb)] = size[a] + size[rb]
		}
	}

	var out []*cluster
	index := map[int]int{}
	for i, c := range cs {
		r := find(i)
		j, ok := index[r]
		if !ok {
			j = len(out)
			index[r] = j
			out = append(out, &cluster{key: cs[r].key, sum: map[int32]float64{}})
		}
		m := out[j]
		for _, k := range c.units {
			m.add(k, us[k])
		}
	}
	for _, c := range out {
		slices.Sort(c.units)
		// a merged group is at the place most of its appeals name
		n := map[string]int{}
		for _, k := range c.units {
			n[us[k].key] += len(us[k].docs)
		}
		for _, k := range c.units {
			if key := us[k].key; n[key] > n[c.key] {
				c.key = key
			}
		}
	}
	return out
}

// level is how specific a cluster's place is: the most specific level
// of its units' places written with its key.
func level(c *cluster, us []*unit) int {
	l := -1
	for _, k := range c.units {
		if us[k].key == c.key {
			l = max(l, us[k].place.Level)
		}
	}
	return l
}

// allVague reports whether every appeal of a cluster is vague (see
// docFeatures.vague).
func allVague(c *cluster, us []*unit) bool {
	for _, k := range c.units {
		if !us[k].vague {
			return false
		}
	}
	return true
}

// mostlyMentioned returns the place keys that at least half of a
// cluster's units name, in order.
func mostlyMentioned(c *cluster, us []*unit) []string {
	n := map[string]int{}
	for _, k := range c.units {
		for _, m := range us[k].mentioned {
			n[m]++
		}
	}
	var out []string
	for m, v := range n {
		if 2*v >= len(c.units) {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	return out
}

func alnum(r rune) bool { return isASCIILetter(r) || isDigitRune(r) }

// runes counts the characters of s.
func runes(s string) int { return utf8.RuneCountInString(s) }
