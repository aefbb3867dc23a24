package hotspots

import (
	"os"
	"testing"
)

func TestHotspotDebugSubjects(t *testing.T) {
	if os.Getenv("HSDEBUG") == "" {
		t.Skip()
	}
	docs := teddyDocs(t)
	s := Subjects(docs)
	t.Log(len(s), s)
}
