package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeLabelled writes a small labelled CSV in the Teddy layout.
func writeLabelled(t *testing.T, path string, seed int) {
	t.Helper()
	classes := map[string][]string{
		"交通运输": {"公交车经常晚点", "路口红绿灯坏了", "道路拥堵严重", "出租车拒载乱收费", "地铁站没有接驳公交"},
		"教育文体": {"学校乱收补课费", "孩子上学没有学位", "培训机构卷款跑路", "学校食堂午餐太差", "老师体罚学生"},
		"环境保护": {"工地夜间施工噪音扰民", "工厂偷排污水河水发臭", "垃圾焚烧异味刺鼻", "餐馆油烟直排", "工厂烟囱排放废气"},
	}
	var b strings.Builder
	b.WriteString("\ufeff留言编号,留言主题,留言详情,一级标签\n")
	id := 0
	for label, texts := range classes {
		for i := 0; i < 20; i++ {
			a, c := texts[(i+seed)%len(texts)], texts[(i*3+seed+1)%len(texts)]
			title := a
			if i%4 == 0 {
				title = "" // some rows have no title
			}
			id++
			fmt.Fprintf(&b, "%d,%s,我家附近%s，而且%s，请处理。,%s\n", id, title, a, c, label)
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestClassifyCommand(t *testing.T) {
	dir := t.TempDir()
	train, test, model := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv"), filepath.Join(dir, "m.gob")
	writeLabelled(t, train, 0)
	writeLabelled(t, test, 2)

	_, out, err := run(t, "classify", "eval", "--train", train, "--test", test, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, k := range []string{"macro_f1", "accuracy", "per_class", "train_seconds", "predict_p99_ms", "auto_dispatch"} {
		if _, ok := r[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
	if f1, _ := r["macro_f1"].(float64); f1 < 0.9 {
		t.Errorf("macro_f1 %v", f1)
	}
	ad, _ := r["auto_dispatch"].(map[string]any)
	for _, k := range []string{"threshold", "coverage", "precision"} {
		if _, ok := ad[k]; !ok {
			t.Errorf("no auto_dispatch.%s in %s", k, out)
		}
	}

	if _, _, err := run(t, "classify", "train", "--input", train, "--out", model); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &stdout, &stderr
	if err := m.ParseFlags(context.Background(), []string{"classify", "predict", "--model", model}); err != nil {
		t.Fatal(err)
	}
	m.classify.stdin = strings.NewReader("学校食堂的午餐太差\n\n噪音\t工地夜里施工噪音很大\n")
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %q", stdout.String())
	}
	for i, want := range []string{"教育文体", "环境保护"} {
		var p predictLine
		if err := json.Unmarshal([]byte(lines[i]), &p); err != nil {
			t.Fatal(err)
		}
		if p.Label != want || len(p.Top) != 3 || p.Model == "" {
			t.Errorf("line %d: %s", i, lines[i])
		}
	}

	for _, args := range [][]string{
		{"classify"}, {"classify", "eval", "--train", train}, {"classify", "train", "--input", train}, {"classify", "predict"}, {"classify", "guess"},
	} {
		if _, _, err := run(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
