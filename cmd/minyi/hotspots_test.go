package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHotspotsCommand(t *testing.T) {
	csv := "留言编号,留言用户,留言主题,留言时间,留言详情,反对数,点赞数\n" +
		"1,u1,C3区桂花苑小区餐馆油烟扰民,2024-05-01 10:00:00,桂花苑小区楼下餐馆油烟直排，窗户都不敢开。,0,3\n" +
		"2,u2,桂花苑小区临街餐馆油烟直排,2024-05-03 10:00:00,我住桂花苑小区，楼下临街餐馆油烟很大。,1,5\n" +
		"3,u3,C3区桂花苑小区餐饮油烟污染,2024-05-09 10:00:00,桂花苑小区的餐饮店油烟污染严重，请处理。,0,0\n" +
		"4,u4,C1区松林路路灯不亮,2024-05-02 10:00:00,松林路的路灯坏了一个月，晚上走路很危险。,0,0\n"
	f := filepath.Join(t.TempDir(), "appeals.csv")
	if err := os.WriteFile(f, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	m, out, err := run(t, "hotspots", "--input", f, "--json", "--top", "5")
	if err != nil {
		t.Fatal(err)
	}
	if errOut := m.Stderr.(*bytes.Buffer).String(); !strings.Contains(errOut, "4 条留言") {
		t.Errorf("stderr %q lacks progress", errOut)
	}
	var issues []hotspotsIssue
	if err := json.Unmarshal([]byte(out), &issues); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if len(issues) != 1 {
		t.Fatalf("issues = %+v, want one", issues)
	}
	is := issues[0]
	if is.Rank != 1 || is.Count != 3 || is.People != 3 || is.Support != 8 || is.Start != "2024-05-01" || is.End != "2024-05-09" ||
		!strings.Contains(is.Place, "桂花苑") || len(is.IDs) != 3 || len(is.SampleTitles) == 0 || is.Heat <= 0 {
		t.Errorf("issue = %+v", is)
	}

	_, out, err = run(t, "hotspots", "--input", f)
	if err != nil || !strings.Contains(out, "热度") || !strings.Contains(out, "桂花苑") {
		t.Errorf("table %q, %v", out, err)
	}
	if _, _, err := run(t, "hotspots", "--json"); err == nil {
		t.Error("hotspots without --input succeeded")
	}
	if _, _, err := run(t, "hotspots", "--input", f, "--top", "-1"); err == nil {
		t.Error("hotspots with --top -1 succeeded")
	}
}
