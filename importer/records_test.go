package importer

import (
	"strings"
	"testing"
)

func TestRecords(t *testing.T) {
	csv := "\ufeff留言编号,留言主题,留言详情\n" +
		"7,  楼下  噪音 ,\"\n\t 晚上施工很吵 \n\"\n" +
		",,\n" +
		"8,,只有详情\n" +
		"9,只有主题,\n" +
		"10,,居住证如何办理\n"
	recs, err := Records(strings.NewReader(csv), "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{Row: 2, ID: "7", Title: "楼下 噪音", Content: "晚上施工很吵", Type: "complaint"},
		{Row: 3, ID: "8", Content: "只有详情", Type: "complaint"},
		{Row: 4, ID: "9", Title: "只有主题", Type: "complaint"},
		{Row: 5, ID: "10", Content: "居住证如何办理", Type: "consult"},
	}
	if len(recs) != len(want) {
		t.Fatalf("records = %+v, want %+v", recs, want)
	}
	for i := range want {
		if recs[i] != want[i] {
			t.Errorf("record %d = %+v, want %+v", i, recs[i], want[i])
		}
	}
	if _, err := Records(strings.NewReader("编号,内容\n1,x\n"), "b.csv"); err == nil {
		t.Error("a sheet without 留言详情 and 留言主题 was accepted")
	}
}
