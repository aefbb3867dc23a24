package analytics

import (
	"context"

	"minyi"
)

// Lister lists appeals; minyi.AppealService is one.
type Lister interface {
	ListAppeals(ctx context.Context, f minyi.AppealFilter) ([]*minyi.Appeal, error)
}

// EachAppeal calls fn with every appeal the filter selects, newest first,
// reading them a page at a time (f.Limit and f.BeforeID are set here). It
// stops early when fn returns false.
func EachAppeal(ctx context.Context, appeals Lister, f minyi.AppealFilter, fn func(*minyi.Appeal) bool) error {
	f.Limit, f.BeforeID = pageSize, 0
	for {
		list, err := appeals.ListAppeals(ctx, f)
		if err != nil {
			return err
		}
		for _, a := range list {
			if !fn(a) {
				return nil
			}
			f.BeforeID = a.ID
		}
		if len(list) < pageSize {
			return nil
		}
	}
}
