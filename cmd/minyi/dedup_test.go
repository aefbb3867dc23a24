package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestDedupCommand(t *testing.T) {
	csv := "留言编号,留言用户,留言主题,留言时间,留言详情\n" +
		"1,u1,东风路夜间施工噪音扰民,2019-05-01 10:00:00,\"东风路地铁站旁的工地每天晚上十一点以后还在施工，打桩声音很大，附近居民根本无法休息，请尽快查处。\"\n" +
		"2,u2,东风路公交站台破损,2019-05-02 10:00:00,\"东风路地铁站旁的公交站台顶棚破了一个大洞，下雨天等车的乘客都被淋湿，希望尽快维修。\"\n" +
		"3,u3,东风路夜间施工噪音扰民！,2019-05-03 10:00:00,\"东风路地铁站旁的工地每天晚上十一点以后仍在施工，打桩声音非常大，附近居民根本无法休息，请尽快查处！\"\n"
	f := filepath.Join(t.TempDir(), "appeals.csv")
	if err := os.WriteFile(f, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	_, out, err := run(t, "dedup", "--input", f, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var groups []dedupGroup
	if err := json.Unmarshal([]byte(out), &groups); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	want := []dedupGroup{{IDs: []string{"1", "3"}, Representative: "东风路夜间施工噪音扰民！", Size: 2}}
	if !reflect.DeepEqual(groups, want) {
		t.Errorf("groups = %+v, want %+v", groups, want)
	}

	if _, _, err := run(t, "dedup", "--json"); err == nil {
		t.Error("dedup without --input succeeded")
	}
	if _, _, err := run(t, "dedup", "--input", f, "--threshold", "1.5"); err == nil {
		t.Error("dedup with --threshold 1.5 succeeded")
	}
}
