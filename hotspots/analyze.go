package hotspots

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"minyi/text"
)

// Analyze finds the hot issues among docs, the hottest first (see the
// package comment). It returns nil when the segmenter cannot be loaded,
// which happens only when the embedded dictionary is broken.
func Analyze(docs []Doc, opts Options) []Issue {
	if len(docs) == 0 {
		return nil
	}
	seg, err := text.DefaultSegmenter()
	if err != nil {
		return nil
	}
	opts = opts.withDefaults()
	// The same appeals give the same issues whatever order they come in
	// (a sheet's rows, or a database's newest first): ties in grouping and
	// labelling are broken by this order, not by the caller's.
	docs = slices.Clone(docs)
	slices.SortStableFunc(docs, func(a, b Doc) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Content, b.Content),
			cmp.Compare(a.User, b.User), cmp.Compare(a.Support, b.Support), cmp.Compare(a.ID, b.ID))
	})
	feats := features(seg, docs, newLexicon(Subjects(docs)), opts.Workers)
	us := units(docs, feats, opts.Dedup, opts.MaxGap)
	canon := canonicalKeys(us, feats)
	for _, u := range us {
		u.key = canon[u.place.Key]
		seen := map[string]bool{}
		for _, i := range u.docs {
			for _, k := range feats[i].mentioned {
				if c := canon[k]; !seen[c] {
					seen[c] = true
					u.mentioned = append(u.mentioned, c)
				}
			}
		}
	}
	// subjects learnt from the collection and never written with a
	// place ending: topics (维修资金) as well as names
	learnt := map[string]bool{}
	for _, f := range feats {
		for _, k := range f.mentioned {
			if c := canon[k]; !f.ending[k] {
				if _, ok := learnt[c]; !ok {
					learnt[c] = true
				}
			} else {
				learnt[c] = false
			}
		}
	}
	names := vectors(us, feats)
	cs := merge(group(us, opts), us, learnt, opts)

	now := opts.Now
	if now.IsZero() {
		for _, d := range docs {
			if d.Time.After(now) {
				now = d.Time
			}
		}
	}
	var out []Issue
	for _, c := range cs {
		is := issue(c, us, docs, feats, names, opts.MaxGap, seg.Cut)
		popular := opts.MinSupport > 0 && is.Support-is.Oppose >= opts.MinSupport
		if is.People < opts.MinPeople && !popular || c.key == "" && !opts.Placeless {
			continue
		}
		is.Heat = Heat(is, now)
		out = append(out, is)
	}
	slices.SortStableFunc(out, func(a, b Issue) int {
		return cmp.Or(cmp.Compare(b.Heat, a.Heat), a.Start.Compare(b.Start), cmp.Compare(a.Label, b.Label), cmp.Compare(a.IDs[0], b.IDs[0]))
	})
	if opts.Top > 0 && len(out) > opts.Top {
		out = out[:opts.Top]
	}
	return out
}

// issue measures a cluster and names it.
func issue(c *cluster, us []*unit, docs []Doc, feats []docFeatures, names []string, maxGap time.Duration, cut func(string) []string) Issue {
	var idx []int
	for _, k := range c.units {
		idx = append(idx, us[k].docs...)
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := docs[a].Time.Compare(docs[b].Time); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	is := Issue{Start: docs[idx[0]].Time, End: docs[idx[len(idx)-1]].Time, Count: len(idx), Episodes: 1}
	epStart := is.Start
	for k := 1; k <= len(idx); k++ {
		if k == len(idx) || docs[idx[k]].Time.Sub(docs[idx[k-1]].Time) > maxGap {
			is.ActiveDays += docs[idx[k-1]].Time.Sub(epStart).Hours() / 24
			if k < len(idx) {
				is.Episodes++
				epStart = docs[idx[k]].Time
			}
		}
	}
	people := map[string]bool{}
	anonymous := 0
	for _, i := range idx {
		d := docs[i]
		is.IDs = append(is.IDs, d.ID)
		is.Support += d.Support
		is.Oppose += d.Oppose
		if d.User == "" {
			anonymous++
		} else {
			people[d.User] = true
		}
	}
	is.People = len(people) + anonymous

	var titles strings.Builder
	for _, i := range idx {
		titles.WriteString(strings.ToLower(docs[i].Title))
		titles.WriteByte('\n')
	}
	is.Problem = problem(c, names, titles.String())
	is.Place = placeName(c, us, idx, feats)
	is.SampleTitles = sampleTitles(c, us, docs, idx, names)
	name := is.Place
	if p := placeOnly(c, idx, feats); p != "" {
		name = p
	}
	var ts, pn []string
	seenT := map[string]bool{}
	for _, k := range c.units {
		for _, i := range us[k].docs {
			pn = append(pn, feats[i].titleNames...)
		}
		if t := docs[us[k].docs[0]].Title; t != "" && !seenT[t] {
			seenT[t] = true
			ts = append(ts, t)
		}
	}
	pn = append(pn, name, placeKey(name), c.key)
	phrase := labelPhrase(ts, pn, is.Problem, cut)
	if phrase == "" {
		phrase = strings.Join(is.Problem, "")
	}
	is.Label = strings.TrimSpace(name + " " + phrase)
	return is
}

// problem returns the three heaviest terms of a cluster's centroid that
// its titles use (titles name the problem; the narrative adds words like
// 后会 that make poor labels), leaving out a term that another already
// contains (噪音 beside 噪音扰民).
func problem(c *cluster, names []string, titles string) []string {
	type tw2 struct {
		t string
		w float64
	}
	var all []tw2
	for id, w := range c.sum {
		if strings.HasPrefix(names[id], bigramMark) || !strings.Contains(titles, names[id]) {
			continue
		}
		all = append(all, tw2{names[id], w})
	}
	slices.SortFunc(all, func(a, b tw2) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return strings.Compare(a.t, b.t)
	})
	var out []string
	for _, x := range all {
		if len(out) == 3 {
			break
		}
		dup := false
		for _, o := range out {
			if strings.Contains(o, x.t) || strings.Contains(x.t, o) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, x.t)
		}
	}
	return out
}

// placeName is the place of a cluster as its appeals write it most often,
// with the most common administrative prefix: "A市A5区魅力之城小区".
func placeName(c *cluster, us []*unit, idx []int, feats []docFeatures) string {
	if c.key == "" {
		return ""
	}
	names, admins := map[string]int{}, map[string]int{}
	for _, i := range idx {
		p := feats[i].place
		if p.Key == "" {
			continue
		}
		if strings.Contains(p.Key, c.key) || strings.Contains(c.key, p.Key) {
			names[p.Name]++
			if p.Admin != "" {
				admins[p.Admin]++
			}
		}
	}
	return mostCommon(admins) + mostCommon(names)
}

// placeOnly is placeName without the administrative prefix.
func placeOnly(c *cluster, idx []int, feats []docFeatures) string {
	if c.key == "" {
		return ""
	}
	names := map[string]int{}
	for _, i := range idx {
		p := feats[i].place
		if p.Key != "" && (strings.Contains(p.Key, c.key) || strings.Contains(c.key, p.Key)) {
			names[p.Name]++
		}
	}
	return mostCommon(names)
}

// mostCommon returns the most frequent key, the longest and then the
// first in order among equals.
func mostCommon(m map[string]int) string {
	best := ""
	for k, n := range m {
		if best == "" || n > m[best] || n == m[best] && (runes(k) > runes(best) || runes(k) == runes(best) && k < best) {
			best = k
		}
	}
	return best
}

// sampleTitles are up to five distinct titles, those of the units most
// like the cluster's centroid first.
func sampleTitles(c *cluster, us []*unit, docs []Doc, idx []int, names []string) []string {
	type scored struct {
		title string
		s     float64
		first int
	}
	var l []scored
	seen := map[string]bool{}
	for _, k := range c.units {
		u := us[k]
		t := docs[u.docs[0]].Title
		if t == "" {
			t = prefix(strings.Join(strings.Fields(docs[u.docs[0]].Content), " "), 30)
		}
		if seen[t] {
			continue
		}
		seen[t] = true
		l = append(l, scored{t, c.cosine(u.vec), u.docs[0]})
	}
	slices.SortFunc(l, func(a, b scored) int {
		if c := cmp.Compare(b.s, a.s); c != 0 {
			return c
		}
		return cmp.Compare(a.first, b.first)
	})
	var out []string
	for _, x := range l {
		if len(out) == 5 {
			break
		}
		out = append(out, x.title)
	}
	return out
}
