package main

import (
	"encoding/json"
	"strings"
	"testing"

	"minyi"
)

func TestClassifyTrainFromDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("trains models")
	}
	dir := t.TempDir()
	if _, _, err := run(t, "demo", "--data", dir, "--appeals", "200", "--seed", "3", "--no-progress"); err != nil {
		t.Fatal(err)
	}
	_, out, err := run(t, "classify", "models", "--data", dir)
	if err != nil || !strings.Contains(out, "还没有") {
		t.Fatalf("models before training: %v\n%s", err, out)
	}
	_, out, err = run(t, "classify", "train", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "macro-F1") || !strings.Contains(out, "分类 category") || !strings.Contains(out, "承办单位 unit") {
		t.Fatalf("train output:\n%s", out)
	}
	_, out, err = run(t, "classify", "models", "--data", dir, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list []minyi.ModelInfo
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(list) != 2 || !list[0].Active || !list[1].Active || list[0].Examples == 0 {
		t.Fatalf("models %+v", list)
	}
	_, out, err = run(t, "classify", "models", "--data", dir)
	if err != nil || !strings.Contains(out, "使用中 active") {
		t.Fatalf("models table: %v\n%s", err, out)
	}
	if _, _, err := run(t, "classify", "activate", "--data", dir, "--id", "99"); minyi.ErrorCode(err) != minyi.ENOTFOUND {
		t.Fatalf("activate an unknown model: %v", err)
	}
	if _, _, err := run(t, "classify", "train", "--data", dir, "--input", "x.csv"); err == nil {
		t.Fatal("--input without --out was accepted")
	}
}
