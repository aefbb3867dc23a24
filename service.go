package minyi

import (
	"context"
	"time"
)

// Scope limits which appeals a query may return. It is derived from the
// user (ScopeFor) and applied inside the store's SQL, so a handler can never
// read another unit's appeals by asking for them.
type Scope struct {
	All       bool  // dispatch centre, supervisors, evaluators, admins
	UnitID    int64 // handlers and leaders: their own unit only
	CitizenID int64 // citizens: the appeals they filed
}

// ScopeFor returns the scope of what a user may read. A nil user (anonymous)
// gets an empty scope that matches nothing.
func ScopeFor(u *User) Scope {
	if u == nil {
		return Scope{}
	}
	switch u.Role {
	case RoleDispatcher, RoleSupervisor, RoleEvaluator, RoleAdmin:
		return Scope{All: true}
	case RoleHandler, RoleLeader:
		return Scope{UnitID: u.UnitID}
	case RoleCitizen:
		return Scope{CitizenID: u.ID}
	case RoleEditor:
		// Content editors keep the catalogue and canned answers; they
		// read no appeal and no personal data.
		return Scope{}
	}
	return Scope{}
}

// Allows reports whether the scope covers an appeal (for checks in memory).
func (s Scope) Allows(a *Appeal) bool {
	switch {
	case s.All:
		return true
	case s.UnitID != 0:
		return a.UnitID == s.UnitID
	case s.CitizenID != 0:
		return a.CitizenID == s.CitizenID
	}
	return false
}

// CanSeeContact reports whether a role may ask to see unmasked contact
// details (each such view is audited). Supervisors and evaluators never do.
func CanSeeContact(u *User) bool {
	if u == nil {
		return false
	}
	switch u.Role {
	case RoleDispatcher, RoleHandler, RoleLeader, RoleAdmin:
		return true
	}
	return false
}

// AppealFilter selects appeals for queues and lists. Results are ordered by
// received time, newest first, unless Oldest is set; paging is by keyset
// (BeforeID) so deep pages stay fast.
type AppealFilter struct {
	Scope      Scope
	Statuses   []Status
	UnitID     int64
	District   string
	Type       AppealType
	Channel    Channel
	CategoryID int64
	Supervised *bool
	Reopened   bool // only appeals re-handled at least once
	Overdue    bool // the current deadline has passed (at Now): 已超时
	Warning    bool // 75 % of the current deadline's time used, not overdue: 即将超时
	Now        time.Time
	Query      string // substring of title (staff search)
	Since      time.Time
	Until      time.Time
	BeforeID   int64
	Limit      int
}

// AppealService is what the web and API layers need from storage.
type AppealService interface {
	// CreateAppeal validates, assigns a tracking number and stores the appeal
	// with its first timeline event and outbox row.
	CreateAppeal(ctx context.Context, a *Appeal, actor Actor) error
	// FindAppeal returns the appeal if it exists and the scope allows it
	// (ENOTFOUND otherwise: existence is not leaked).
	FindAppeal(ctx context.Context, trackingNo string, scope Scope) (*Appeal, error)
	// VerifyCitizen finds an appeal by its tracking number and the last four
	// digits of the phone given with it.
	VerifyCitizen(ctx context.Context, trackingNo, phoneLast4 string) (*Appeal, error)
	ListAppeals(ctx context.Context, f AppealFilter) ([]*Appeal, error)
	CountAppeals(ctx context.Context, f AppealFilter) (int, error)
	Timeline(ctx context.Context, appealID int64) ([]*Event, error)
	// Act applies one action inside one transaction: the new state, the
	// timeline event and the outbox row are written together or not at all.
	Act(ctx context.Context, trackingNo string, req ActionRequest, actor Actor, scope Scope) (*Appeal, error)
}

// Category is one node of the 3-level appeal taxonomy.
type Category struct {
	ID       int64  `json:"id"`
	ParentID int64  `json:"parent_id,omitempty"`
	Level    int    `json:"level"`
	Name     string `json:"name"`
	Path     string `json:"path"` // 一级/二级/三级
}

// CategoryService manages the taxonomy.
type CategoryService interface {
	// ImportCategories adds the paths (each 1–3 names) that are not there yet
	// and returns how many nodes were created.
	ImportCategories(ctx context.Context, paths [][]string) (int, error)
	ListCategories(ctx context.Context) ([]*Category, error)
	FindCategory(ctx context.Context, id int64) (*Category, error)
}

// AuditEntry records who read or changed sensitive data.
type AuditEntry struct {
	ID       int64     `json:"id"`
	UserID   int64     `json:"user_id"`
	Username string    `json:"username"`
	Action   string    `json:"action"` // e.g. "view_contact"
	Target   string    `json:"target"` // e.g. a tracking number
	Detail   string    `json:"detail,omitempty"`
	At       time.Time `json:"at"`
}

// Audit actions the assessment counts (kpi.Security).
const (
	AuditViewContact  = "view_contact"  // contact details shown unmasked
	AuditAccessDenied = "access_denied" // a request refused for want of rights
)

// AuditService keeps the audit log.
type AuditService interface {
	Audit(ctx context.Context, e *AuditEntry) error
	ListAudit(ctx context.Context, limit int) ([]*AuditEntry, error)
}

// Attachment is a file uploaded with an appeal, stored under the data
// directory; the database keeps its metadata.
type Attachment struct {
	ID          int64     `json:"id"`
	AppealID    int64     `json:"-"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	Path        string    `json:"-"` // relative to the data directory
	CreatedAt   time.Time `json:"created_at"`
}

// Attachment limits.
const (
	MaxAttachmentSize  = 10 << 20
	MaxAttachmentCount = 5
)

// AttachmentTypes are the content types accepted, by extension.
var AttachmentTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
	".pdf": "application/pdf", ".mp3": "audio/mpeg", ".mp4": "video/mp4", ".txt": "text/plain",
}
