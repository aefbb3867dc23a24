package main

import (
	"context"
	"fmt"
	"time"

	"minyi/importer"
)

// importServices loads a service catalogue (办事指南) with a progress bar
// and prints the summary and the rejected rows.
func (m *Main) importServices(ctx context.Context) error {
	start := time.Now()
	sum, err := importer.ServiceItemsFile(ctx, m.DB, m.File, importer.Options{Progress: m.lazyBar("导入办事指南 import")})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "读取 %d 行，导入 %d 个事项（其中更新已有编码 %d 个），拒绝 %d 行，用时 %s (read %d, imported %d, replaced %d, rejected %d)\n",
		sum.Read, sum.Imported, sum.Replaced, sum.Rejected, time.Since(start).Round(time.Millisecond), sum.Read, sum.Imported, sum.Replaced, sum.Rejected)
	m.printReasons(sum.Reasons)
	if sum.Imported == 0 {
		return errNothingImported
	}
	// Index now, so that the first citizen's search does not wait for the
	// whole catalogue to be cut into words.
	fmt.Fprintf(m.Stderr, "正在建立搜索索引… indexing for search\n")
	start = time.Now()
	n, err := m.DB.RefreshSearchIndex(ctx)
	if err != nil {
		return fmt.Errorf("建立搜索索引 index for search: %w", err)
	}
	fmt.Fprintf(m.Stdout, "搜索索引已更新 %d 个事项，用时 %s (indexed %d items)\n", n, time.Since(start).Round(time.Millisecond), n)
	return nil
}
