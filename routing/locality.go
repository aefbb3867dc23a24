package routing

import (
	"sort"
	"strconv"
	"strings"

	"minyi"
	"minyi/classify"
)

// A unit is chosen by what an appeal is about and by where it is (属地
// 管理): the same fumes complaint goes to the street office of its
// address, the same building-site noise to the housing bureau of its
// district. The text says the first and the place the second, so the unit
// model does not learn units one by one — a city has hundreds, most with
// few appeals — but duties: every street office shares one ("street"),
// the same bureau of every district shares one ("dept:住房和建设局" for
// 福田区住房和建设局, 南山区住房和建设局, …), and a unit whose name does
// not follow that pattern, a city bureau say, keeps its own ("unit:ID").
// Each duty learns from the appeals of all its units; the organisation
// tree and the appeal's district and street then name the one unit that
// has the duty there.
type locality struct {
	key   map[string]string          // unit label (ID) → duty key
	units map[string]map[area]string // duty key → area → unit label
	area  map[string]area            // unit label → its district (and street)
}

// area is where a unit serves; an empty district means the whole city.
type area struct{ district, street string }

// Duty keys shared by units of the same kind in different places.
const (
	keyStreet   = "street"
	keyDistrict = "district"
	keyDept     = "dept:"
	keyUnit     = "unit:"
)

// newLocality reads the units' duties and areas from the organisation
// tree: a unit's area is that of its nearest street and district
// ancestors (itself included).
func newLocality(units []*minyi.Unit) *locality {
	byID := make(map[int64]*minyi.Unit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	l := &locality{key: map[string]string{}, units: map[string]map[area]string{}, area: map[string]area{}}
	// In ID order, so that of two units with one duty in one area the
	// older wins, whatever order the store lists them in.
	sorted := append([]*minyi.Unit(nil), units...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, u := range sorted {
		var a area
		for p, depth := u, 0; p != nil && depth < 16; p, depth = byID[p.ParentID], depth+1 {
			switch {
			case p.Kind == minyi.UnitStreet && a.street == "":
				a.street = p.Name
			case p.Kind == minyi.UnitDistrict && a.district == "":
				a.district = p.Name
			}
		}
		label := strconv.FormatInt(u.ID, 10)
		key := dutyKey(u, a)
		if !strings.HasPrefix(key, keyUnit) {
			if a.district == "" {
				key = keyUnit + label
			} else if key == keyStreet && a.street == "" {
				key = keyUnit + label
			}
		}
		if key == keyDistrict || strings.HasPrefix(key, keyDept) {
			a.street = "" // a district's bureau serves all its streets
		}
		l.key[label] = key
		l.area[label] = a
		if l.units[key] == nil {
			l.units[key] = map[area]string{}
		}
		if _, taken := l.units[key][a]; !taken {
			l.units[key][a] = label
		}
	}
	return l
}

// UnitPlace is where a unit serves and the duty it shares with units of
// the same kind elsewhere: District is the name of its district ("" for
// the whole city), Duty its duty key ("dept:住房和建设局", "street",
// "district", or "unit:ID" for a unit of its own kind).
type UnitPlace struct {
	District string
	Duty     string
}

// Places reads every unit's place and duty from the organisation tree,
// as dispatch does: the assessment groups units by the same keys.
func Places(units []*minyi.Unit) map[int64]UnitPlace {
	l := newLocality(units)
	out := make(map[int64]UnitPlace, len(units))
	for _, u := range units {
		label := strconv.FormatInt(u.ID, 10)
		out[u.ID] = UnitPlace{District: l.area[label].district, Duty: l.key[label]}
	}
	return out
}

// DutyName is a duty key in words: the bureau's name without its
// district, 街道办事处 or 区政府; "" for a unit of its own kind.
func DutyName(key string) string {
	switch {
	case key == keyStreet:
		return "街道办事处"
	case key == keyDistrict:
		return "区人民政府"
	case strings.HasPrefix(key, keyDept):
		return strings.TrimPrefix(key, keyDept)
	}
	return ""
}

// dutyKey names what a unit does, without where.
func dutyKey(u *minyi.Unit, a area) string {
	switch u.Kind {
	case minyi.UnitStreet:
		return keyStreet
	case minyi.UnitDistrict:
		return keyDistrict
	}
	if a.district != "" && a.street == "" {
		if duty, ok := strings.CutPrefix(u.Name, a.district); ok && duty != "" {
			return keyDept + duty
		}
	}
	return keyUnit + strconv.FormatInt(u.ID, 10)
}

// labels turns unit labels into duty keys, for training. A unit the tree
// does not know keeps its own key.
func (l *locality) labels(examples []placedExample) []classify.Example {
	out := make([]classify.Example, len(examples))
	for i, e := range examples {
		out[i] = e.Example
		out[i].Label = l.keyOf(e.Label)
	}
	return out
}

func (l *locality) keyOf(label string) string {
	if l == nil {
		return label
	}
	if key, ok := l.key[label]; ok {
		return key
	}
	return keyUnit + label
}

// resolve turns a model's duties, best first, into the units that have
// them at the place (unit labels, same probabilities). A duty no unit has
// there is left out, so the probabilities may sum to less than one. A
// label that is not a duty key (a model trained on units directly) is a
// unit already.
func (l *locality) resolve(scored []classify.Scored, district, street string) []classify.Scored {
	out := make([]classify.Scored, 0, len(scored))
	for _, s := range scored {
		if unit, ok := l.unitFor(s.Label, district, street); ok {
			out = append(out, classify.Scored{Label: unit, Probability: s.Probability})
		}
	}
	return out
}

func (l *locality) unitFor(key, district, street string) (string, bool) {
	switch {
	case l == nil:
		return key, !strings.HasPrefix(key, keyStreet) && !strings.HasPrefix(key, keyDistrict) && !strings.HasPrefix(key, keyDept)
	case strings.HasPrefix(key, keyUnit):
		id := strings.TrimPrefix(key, keyUnit)
		return id, true
	case key == keyStreet:
		unit, ok := l.units[key][area{district, street}]
		return unit, ok && street != ""
	case key == keyDistrict || strings.HasPrefix(key, keyDept):
		unit, ok := l.units[key][area{district: district}]
		return unit, ok && district != ""
	}
	return key, true // not a duty key: a unit ID
}

// placedExample is a training example with its place.
type placedExample struct {
	classify.Example
	District, Street string
}
