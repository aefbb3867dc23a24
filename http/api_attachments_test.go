package http_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	nethttp "net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"minyi"
)

// pngData is a 1×1 PNG.
var pngData = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

// upload posts one file as the named caller, with form fields.
func (f *fixture) upload(who, no, name string, data []byte, fields map[string]string) response {
	f.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		f.mustDo(mw.WriteField(k, v))
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		f.mustDo(err)
		_, err = fw.Write(data)
		f.mustDo(err)
	}
	f.mustDo(mw.Close())
	req, err := nethttp.NewRequest("POST", f.srv.URL+"/api/v1/appeals/"+no+"/attachments", &buf)
	f.mustDo(err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if tok := f.tokens[who]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return f.send(req)
}

func TestAttachments(t *testing.T) {
	f := newFixture(t)
	a := f.appealAt(minyi.StatusHandling)
	other := f.appealAt(minyi.StatusHandling)

	res := f.upload("handlerA", a.TrackingNo, "现场照片.png", pngData, nil)
	if res.Status != made {
		t.Fatalf("upload: %d %s", res.Status, res.Raw)
	}
	att := res.object("attachment")
	url, _ := att["url"].(string)
	if att["name"] != "现场照片.png" || att["content_type"] != "image/png" || att["size"] != float64(len(pngData)) || url == "" {
		t.Fatalf("attachment: %v", att)
	}
	files, _ := filepath.Glob(filepath.Join(f.data, "attachments", "*", "*", "*"))
	if len(files) != 1 {
		t.Fatalf("files under attachments/<yyyy>/<mm>/: %v", files)
	}
	if got, _ := os.ReadFile(files[0]); !bytes.Equal(got, pngData) {
		t.Error("the stored file differs from the upload")
	}

	for _, tt := range []struct {
		name, who, file string
		data            []byte
		fields          map[string]string
		status          int
	}{
		{"text renamed to .png", "handlerA", "photo.png", []byte("not really an image at all"), nil, 400},
		{"type not allowed", "handlerA", "tool.exe", []byte("MZ\x90\x00"), nil, 400},
		{"binary renamed to .txt", "handlerA", "notes.txt", pngData, nil, 400},
		{"empty file", "handlerA", "empty.pdf", nil, nil, 400},
		{"no file field", "handlerA", "", nil, nil, 400},
		{"handler of another unit", "handlerB", "b.png", pngData, nil, nf},
		{"evaluator", "evaluator", "e.png", pngData, nil, forb},
		{"anonymous without phone", "anonymous", "c.txt", []byte("补充说明：路灯编号 A-12"), nil, unau},
		{"anonymous with wrong phone", "anonymous", "c.txt", []byte("补充说明：路灯编号 A-12"), map[string]string{"phone_last4": "0000"}, nf},
		{"anonymous with the right phone", "anonymous", "补充说明.txt", []byte("补充说明：路灯编号 A-12"), map[string]string{"phone_last4": "5678"}, made},
		{"the citizen who filed it", "citizen", "scan.pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), nil, made},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f.t = t
			res := f.upload(tt.who, a.TrackingNo, tt.file, tt.data, tt.fields)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Raw)
			}
			if tt.status == 400 && res.errorField("file") == "" {
				t.Errorf("no message for the file field: %s", res.Raw)
			}
		})
	}
	f.t = t

	view := f.get("dispatcher", a.TrackingNo)
	if n := len(view.list("attachments")); n != 3 {
		t.Fatalf("%d attachments listed, want 3: %s", n, view.Raw)
	}

	download := func(who, path string) response {
		t.Helper()
		return f.call(who, "GET", path, nil)
	}
	if res := download("leader", url); res.Status != ok || !bytes.Equal(res.Raw, pngData) || res.Header.Get("Content-Type") != "image/png" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %v", res.Status, res.Header)
	}
	if res := download("handlerB", url); res.Status != nf {
		t.Errorf("handler B downloads unit A's file: %d", res.Status)
	}
	if res := download("evaluator", url); res.Status != forb {
		t.Errorf("an evaluator downloads a citizen's file: %d", res.Status)
	}
	if res := download("anonymous", url); res.Status != unau {
		t.Errorf("anonymous download: %d", res.Status)
	}
	if res := download("anonymous", url+"&phone_last4=5678"); res.Status != ok {
		t.Errorf("download with the phone digits: %d", res.Status)
	}
	id := strings.TrimPrefix(strings.Split(url, "?")[0], "/api/v1/attachments/")
	if res := download("dispatcher", "/api/v1/attachments/"+id+"?no="+other.TrackingNo); res.Status != nf {
		t.Errorf("an attachment through another appeal's number: %d", res.Status)
	}
	if res := download("dispatcher", "/api/v1/attachments/"+id); res.Status != 400 {
		t.Errorf("download without no: %d", res.Status)
	}

	for i := 3; i < minyi.MaxAttachmentCount; i++ {
		if res := f.upload("handlerA", a.TrackingNo, fmt.Sprintf("p%d.png", i), pngData, nil); res.Status != made {
			t.Fatalf("upload %d: %d %s", i, res.Status, res.Raw)
		}
	}
	if res := f.upload("handlerA", a.TrackingNo, "one-too-many.png", pngData, nil); res.Status != 400 {
		t.Errorf("upload over the count limit: %d %s", res.Status, res.Raw)
	}
	big := append(append([]byte{}, pngData...), make([]byte, minyi.MaxAttachmentSize+2<<20)...)
	if res := f.upload("handlerA", other.TrackingNo, "big.png", big, nil); res.Status != 413 {
		t.Errorf("upload over the size limit: %d %s", res.Status, res.Raw)
	}
}
