package importer

// batches collects the rows an import accepts and hands them to the store
// in batches of size, reporting progress after each batch and at the end.
type batches[T any] struct {
	size, total int
	store       func([]T) error
	progress    func(done, total int)
	items       []T
}

func newBatches[T any](size, total int, store func([]T) error, progress func(done, total int)) *batches[T] {
	return &batches[T]{size: size, total: total, store: store, progress: progress, items: make([]T, 0, size)}
}

func (b *batches[T]) add(it T) { b.items = append(b.items, it) }

// row is called after each row read (done rows so far) and stores a full
// batch.
func (b *batches[T]) row(done int) error {
	if len(b.items) >= b.size {
		return b.flush(done)
	}
	return nil
}

// flush stores what is collected.
func (b *batches[T]) flush(done int) error {
	if len(b.items) > 0 {
		if err := b.store(b.items); err != nil {
			return err
		}
		b.items = b.items[:0]
	}
	if b.progress != nil {
		b.progress(done, b.total)
	}
	return nil
}
