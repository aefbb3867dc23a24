package minyi

import "context"

// UnitKind says where a unit sits in the organisation.
type UnitKind string

const (
	UnitCity       UnitKind = "city"       // 市级（含市政务服务数据管理局、指挥中心）
	UnitDistrict   UnitKind = "district"   // 区
	UnitStreet     UnitKind = "street"     // 街道
	UnitDepartment UnitKind = "department" // 职能部门（市级或区级）
)

// UnitKindLabels gives the Chinese name of each kind.
var UnitKindLabels = map[UnitKind]string{
	UnitCity: "市", UnitDistrict: "区", UnitStreet: "街道", UnitDepartment: "职能部门",
}

// Unit is one node of the organisation tree: city → districts → streets,
// with functional departments under the city or a district.
type Unit struct {
	ID       int64    `json:"id"`
	ParentID int64    `json:"parent_id,omitempty"`
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Kind     UnitKind `json:"kind"`
	// Path lists the names from the city down to this unit, for display.
	Path string `json:"path,omitempty"`
}

// Validate checks a unit before it is stored.
func (u *Unit) Validate() error {
	fields := map[string]string{}
	if u.Name == "" {
		fields["name"] = "请填写单位名称"
	}
	if u.Code == "" {
		fields["code"] = "请填写单位编码"
	}
	if _, ok := UnitKindLabels[u.Kind]; !ok {
		fields["kind"] = "单位类型无效"
	}
	if u.Kind != UnitCity && u.ParentID == 0 {
		fields["parent_id"] = "请选择上级单位"
	}
	return fieldErrors(fields)
}

// UnitService manages the organisation tree.
type UnitService interface {
	CreateUnit(ctx context.Context, u *Unit) error
	UpdateUnit(ctx context.Context, u *Unit) error
	FindUnit(ctx context.Context, id int64) (*Unit, error)
	FindUnitByName(ctx context.Context, name string) (*Unit, error)
	ListUnits(ctx context.Context) ([]*Unit, error)
}

// fieldErrors turns a non-empty map of field messages into an EINVALID error.
func fieldErrors(fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "提交的内容有误，请检查标红的字段", MessageEN: "invalid input, see the fields", Fields: fields}
}
