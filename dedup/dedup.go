package dedup

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"minyi/parallel"
)

// Doc is one text to compare: an appeal's identifier, title and content.
type Doc struct {
	ID, Title, Text string
}

// Group is a set of near-duplicate documents.
type Group struct {
	// IDs in the order the documents were given.
	IDs []string `json:"ids"`
	// Representative is the title of the group's longest document (the
	// earliest given among equally long ones), or the start of its text
	// when it has no title.
	Representative string `json:"representative"`
}

// pairLimit is the largest LSH bucket whose members are all compared with
// each other; in a larger bucket (a text repeated many times, a common
// template) each member is compared with the bucket's first member and
// its predecessor only, which keeps the work linear and still joins
// copies into one group through the union-find.
const pairLimit = 48

// Groups returns the groups of at least opts.MinSize (2) near-duplicate
// documents, the largest first and groups of equal size in the order of
// their first document. Near duplication is transitive here: when a is
// near b and b near c, all three form one group. Documents without
// letters or digits are never grouped. The result depends only on docs
// and opts.
func Groups(docs []Doc, opts Options) []Group {
	opts = opts.withDefaults()
	h := newHasher(opts)
	sigs := signatures(h, docs, opts.Workers)

	uf := newUnionFind(len(docs))
	type entry struct {
		key uint64
		doc int32
	}
	entries := make([]entry, 0, len(docs))
	keys := make([][]uint64, len(docs))
	for i, sig := range sigs {
		if sig != nil {
			keys[i] = bandKeys(sig, opts.Bands, opts.Rows, nil)
		}
	}
	try := func(a, b int32) {
		if uf.find(a) != uf.find(b) && similarity(sigs[a], sigs[b]) >= opts.Threshold {
			uf.union(a, b)
		}
	}
	for band := range opts.Bands {
		entries = entries[:0]
		for i, k := range keys {
			if k != nil {
				entries = append(entries, entry{k[band], int32(i)})
			}
		}
		slices.SortFunc(entries, func(x, y entry) int {
			if c := cmp.Compare(x.key, y.key); c != 0 {
				return c
			}
			return cmp.Compare(x.doc, y.doc)
		})
		for start := 0; start < len(entries); {
			end := start + 1
			for end < len(entries) && entries[end].key == entries[start].key {
				end++
			}
			run := entries[start:end]
			if len(run) <= pairLimit {
				for i := range run {
					for j := i + 1; j < len(run); j++ {
						try(run[i].doc, run[j].doc)
					}
				}
			} else {
				for i := 1; i < len(run); i++ {
					try(run[0].doc, run[i].doc)
					try(run[i-1].doc, run[i].doc)
				}
			}
			start = end
		}
	}

	members := map[int32][]int{}
	var roots []int32 // in the order of each group's first document
	for i := range docs {
		r := uf.find(int32(i))
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	var groups []Group
	var sizes []int
	for _, r := range roots {
		m := members[r]
		if len(m) < opts.MinSize || sigs[m[0]] == nil {
			continue
		}
		g := Group{IDs: make([]string, len(m))}
		best, bestLen := -1, -1
		for k, i := range m {
			g.IDs[k] = docs[i].ID
			if n := utf8.RuneCountInString(docs[i].Title) + utf8.RuneCountInString(docs[i].Text); n > bestLen {
				best, bestLen = i, n
			}
		}
		g.Representative = representative(docs[best])
		groups = append(groups, g)
		sizes = append(sizes, len(m))
	}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(sizes[y], sizes[x]) })
	out := make([]Group, len(groups))
	for i, o := range order {
		out[i] = groups[o]
	}
	return out
}

// representative is a document's title, or the first 30 characters of its
// text when it has none.
func representative(d Doc) string {
	if d.Title != "" {
		return d.Title
	}
	rs := []rune(d.Text)
	if len(rs) > 30 {
		rs = rs[:30]
	}
	return string(rs)
}

// signatures computes the documents' signatures on several goroutines.
func signatures(h *hasher, docs []Doc, workers int) [][]uint32 {
	sigs := make([][]uint32, len(docs))
	parallel.For(len(docs), workers, func(i int) {
		sigs[i] = h.signature(Clean(docs[i].Title, docs[i].Text))
	})
	return sigs
}

// unionFind is a disjoint-set forest with path halving and union by size.
type unionFind struct {
	parent, size []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int32) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}
