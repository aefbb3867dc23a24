package minyi

import (
	"context"
	"time"
)

// Model kinds: what a routing model predicts.
const (
	ModelCategory = "category" // the first-level category of an appeal
	ModelUnit     = "unit"     // the unit responsible for it
)

// Suggestion is one proposed category or unit for an appeal, with the
// model's probability and the words of the appeal that drove it.
type Suggestion struct {
	CategoryID  int64    `json:"category_id,omitempty"`
	Category    string   `json:"category,omitempty"` // full path
	UnitID      int64    `json:"unit_id,omitempty"`
	UnitName    string   `json:"unit_name,omitempty"`
	Probability float64  `json:"probability"`
	Reasons     []string `json:"reasons,omitempty"`
}

// Advice is what the routing models say about one appeal: the top
// categories and units (best first, at most three each) and whether the
// best of both clear their automatic-dispatch thresholds.
type Advice struct {
	Categories []Suggestion `json:"categories"`
	Units      []Suggestion `json:"units"`
	// Auto is set when both best suggestions clear their thresholds: the
	// appeal may be dispatched without review.
	Auto bool `json:"auto"`
	// The models' figures, for display: the thresholds, and on held-out
	// appeals the share whose prediction clears them (coverage) and how
	// often those predictions were right (precision).
	CategoryModel *ModelInfo `json:"category_model,omitempty"`
	UnitModel     *ModelInfo `json:"unit_model,omitempty"`
}

// ModelInfo describes one stored, versioned routing model.
type ModelInfo struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"` // ModelCategory or ModelUnit
	Version     string    `json:"version"`
	Examples    int       `json:"examples"`    // training appeals
	Corrections int       `json:"corrections"` // of them, dispatcher corrections
	MacroF1     float64   `json:"macro_f1"`    // on held-out appeals
	Accuracy    float64   `json:"accuracy"`
	Threshold   float64   `json:"threshold"` // automatic-dispatch threshold
	Coverage    float64   `json:"coverage"`  // held-out share clearing it
	Precision   float64   `json:"precision"` // correct share of those
	Size        int64     `json:"size"`      // bytes stored
	TrainedAt   time.Time `json:"trained_at"`
	Active      bool      `json:"active"`
	// Restorable is set while the model's bytes are kept, so that it can
	// be made active again (rollback); older models keep only their row.
	Restorable bool `json:"restorable"`
}

// SimilarAppeal is an open appeal that reads like a new one.
type SimilarAppeal struct {
	TrackingNo string    `json:"tracking_no"`
	Title      string    `json:"title"`
	Status     Status    `json:"status"`
	District   string    `json:"district,omitempty"`
	Supporters int       `json:"supporters"`
	Similarity float64   `json:"similarity"` // 0–1
	ReceivedAt time.Time `json:"received_at"`
}

// Advisor reads appeals for the dispatch centre. A nil Advisor, or one
// without a trained model, gives no advice (nil, nil): pages then simply
// show none.
type Advisor interface {
	// Advise returns the routing suggestions for an appeal.
	Advise(ctx context.Context, a *Appeal) (*Advice, error)
	// Similar returns open appeals that read like the given text, most
	// similar first, leaving out the appeal with ID exclude (0: none).
	Similar(ctx context.Context, title, content string, exclude int64, limit int) ([]SimilarAppeal, error)
}
