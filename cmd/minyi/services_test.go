package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"minyi"
)

func TestImportServicesCommand(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(t.TempDir(), "items.csv")
	os.WriteFile(csv, []byte("部门,主事项,事项名称,备注\n区人社局,未分类,失业保险金申领,窗口3\n区民政局,,,\n"), 0o600)
	// Flags after the file, then before it.
	m, out, err := run(t, "import", "services", csv, "--data", dir, "--no-progress")
	if err != nil || !strings.Contains(out, "导入 1 个事项") || !strings.Contains(out, "第 3 行：事项名称为空") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	list, err := m.DB.ListServiceItems(context.Background(), minyi.ServiceItemFilter{Department: "区人社局"})
	if err != nil || len(list) != 1 || list[0].Extra["备注"] != "窗口3" {
		t.Errorf("stored: %v %v", list, err)
	}
	empty := filepath.Join(t.TempDir(), "empty.csv")
	os.WriteFile(empty, []byte("事项名称\n\n"), 0o600)
	if _, out, err := run(t, "import", "--data", dir, "--no-progress", "services", empty); !errors.Is(err, errNothingImported) {
		t.Errorf("empty import: %v\n%s", err, out)
	}
}
