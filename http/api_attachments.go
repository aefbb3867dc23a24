package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"minyi"
)

// attachmentStore is what the attachment endpoints and pages need beyond
// Services.
type attachmentStore interface {
	AddAttachment(ctx context.Context, a *minyi.Attachment) error
	ListAttachments(ctx context.Context, appealID int64) ([]*minyi.Attachment, error)
	FindAttachment(ctx context.Context, id int64) (*minyi.Attachment, error)
}

func (s *Server) attachments() (attachmentStore, error) {
	st, ok := s.svc.(attachmentStore)
	if !ok {
		return nil, minyi.Errorf(minyi.EINTERNAL, "附件存储不可用", "attachment storage is not available")
	}
	return st, nil
}

// attachmentJSON adds the download URL to an attachment.
type attachmentJSON struct {
	*minyi.Attachment
	URL string `json:"url"`
}

// listAttachments returns an appeal's attachments for a response.
func (s *Server) listAttachments(ctx context.Context, a *minyi.Appeal) ([]*attachmentJSON, error) {
	st, ok := s.svc.(attachmentStore)
	if !ok {
		return nil, nil
	}
	list, err := st.ListAttachments(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*attachmentJSON, 0, len(list))
	for _, at := range list {
		out = append(out, &attachmentJSON{Attachment: at, URL: "/api/v1/attachments/" + strconv.FormatInt(at.ID, 10) + "?no=" + a.TrackingNo})
	}
	return out, nil
}

// sniffed lists the declared types whose content is checked with
// http.DetectContentType, so a renamed file is not accepted as an image.
var sniffed = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "application/pdf": true}

// apiUploadAttachment handles POST /api/v1/appeals/{no}/attachments, a
// multipart form with "file" (and "phone_last4" for citizens without an
// account). Staff in scope (not evaluators) and the citizen who filed the
// appeal may upload while it is open.
func (s *Server) apiUploadAttachment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, err := s.attachments()
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, minyi.MaxAttachmentSize+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.apiError(w, r, errTooLarge(minyi.MaxAttachmentSize))
			return
		}
		s.apiError(w, r, minyi.Errorf(minyi.EINVALID, "请求应为 multipart/form-data，文件字段名为 file", "expected multipart/form-data with a file field"))
		return
	}
	defer r.MultipartForm.RemoveAll()
	a, acc, err := s.findReadable(ctx, r, r.PathValue("no"), r.FormValue("phone_last4"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if acc.user != nil && acc.user.Role == minyi.RoleEvaluator {
		s.apiError(w, r, minyi.Errorf(minyi.EFORBIDDEN, "第三方评估员不能上传附件", "evaluators may not upload attachments"))
		return
	}
	if !a.Status.Open() {
		s.apiError(w, r, minyi.Errorf(minyi.ECONFLICT, "诉求已办结，不能再上传附件", "the appeal is closed"))
		return
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		s.apiError(w, r, fileError("请选择要上传的文件（字段名 file）", "a file field is required"))
		return
	}
	defer file.Close()
	existing, err := st.ListAttachments(ctx, a.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if len(existing) >= minyi.MaxAttachmentCount {
		s.apiError(w, r, fileError(fmt.Sprintf("每件诉求最多 %d 个附件", minyi.MaxAttachmentCount), "too many attachments"))
		return
	}
	att, err := s.saveAttachment(file, header)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	att.AppealID = a.ID
	att.CreatedAt = s.now()
	if err := st.AddAttachment(ctx, att); err != nil {
		_ = os.Remove(filepath.Join(s.cfg.DataDir, filepath.FromSlash(att.Path)))
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"attachment": &attachmentJSON{Attachment: att,
		URL: "/api/v1/attachments/" + strconv.FormatInt(att.ID, 10) + "?no=" + a.TrackingNo}})
}

func fileError(zh, en string) error {
	return &minyi.Error{Code: minyi.EINVALID, Message: zh, MessageEN: en, Fields: map[string]string{"file": zh}}
}

// saveAttachment checks an upload's size and type and writes it under
// DataDir/attachments/<yyyy>/<mm>/<random>.
func (s *Server) saveAttachment(file multipart.File, h *multipart.FileHeader) (*minyi.Attachment, error) {
	if h.Size > minyi.MaxAttachmentSize {
		return nil, fileError(fmt.Sprintf("附件不能超过 %d MiB", minyi.MaxAttachmentSize>>20), "the file is too large")
	}
	name := cleanUploadName(h.Filename)
	ext := strings.ToLower(path.Ext(name))
	ctype, ok := minyi.AttachmentTypes[ext]
	if !ok {
		return nil, fileError("文件类型不支持，只能上传 jpg、jpeg、png、gif、pdf、mp3、mp4、txt", "file type not allowed")
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(file, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	if n == 0 {
		return nil, fileError("文件为空", "the file is empty")
	}
	got := http.DetectContentType(head[:n])
	if sniffed[ctype] && got != ctype || ctype == "text/plain" && !strings.HasPrefix(got, "text/plain") {
		return nil, fileError("文件内容与扩展名不符", "the file content does not match its extension")
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	now := s.now().In(minyi.DefaultLocation)
	var rnd [16]byte
	_, _ = rand.Read(rnd[:])
	rel := path.Join("attachments", now.Format("2006"), now.Format("01"), hex.EncodeToString(rnd[:]))
	dst := filepath.Join(s.cfg.DataDir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return nil, err
	}
	size, err := io.Copy(f, io.LimitReader(file, minyi.MaxAttachmentSize+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && size > minyi.MaxAttachmentSize {
		err = fileError(fmt.Sprintf("附件不能超过 %d MiB", minyi.MaxAttachmentSize>>20), "the file is too large")
	}
	if err != nil {
		_ = os.Remove(dst)
		return nil, err
	}
	return &minyi.Attachment{Name: name, ContentType: ctype, Size: size, Path: rel}, nil
}

// cleanUploadName keeps the base name of an upload, without control
// characters, at most 100 characters.
func cleanUploadName(s string) string {
	s = strings.ReplaceAll(s, "\\", "/")
	s = path.Base(strings.TrimSpace(s))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 100 {
		ext := path.Ext(s)
		s = string([]rune(s)[:100-utf8.RuneCountInString(ext)]) + ext
	}
	if s == "." || s == "/" || s == "" {
		s = "file"
	}
	return s
}

// apiGetAttachment handles GET /api/v1/attachments/{id}?no=<tracking no>.
// The tracking number names the appeal whose access rules apply (a citizen
// adds phone_last4); the attachment must belong to it. Evaluators see
// de-identified appeals only and may not download files.
func (s *Server) apiGetAttachment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	no := strings.TrimSpace(r.URL.Query().Get("no"))
	if no == "" {
		s.apiError(w, r, &minyi.Error{Code: minyi.EINVALID, Message: "请提供附件所属的诉求编号（no）", MessageEN: "the tracking number (no) is required", Fields: map[string]string{"no": "请提供诉求编号"}})
		return
	}
	a, acc, err := s.findReadable(ctx, r, no, r.URL.Query().Get("phone_last4"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if acc.user != nil && acc.user.Role == minyi.RoleEvaluator {
		s.apiError(w, r, errEvaluatorFiles())
		return
	}
	if err := s.sendAttachment(w, r, a, id); err != nil {
		s.apiError(w, r, err)
	}
}

func errEvaluatorFiles() error {
	return minyi.Errorf(minyi.EFORBIDDEN, "第三方评估员不能下载附件", "evaluators may not download attachments")
}

// sendAttachment sends file id of appeal a for download, or returns an
// error (ENOTFOUND when the file does not belong to the appeal) for the
// caller to write. The caller has checked that the user may read a.
func (s *Server) sendAttachment(w http.ResponseWriter, r *http.Request, a *minyi.Appeal, id int64) error {
	st, err := s.attachments()
	if err != nil {
		return err
	}
	att, err := st.FindAttachment(r.Context(), id)
	if err != nil || att.AppealID != a.ID {
		if err == nil || minyi.ErrorCode(err) == minyi.ENOTFOUND {
			err = minyi.Errorf(minyi.ENOTFOUND, "附件不存在", "attachment not found")
		}
		return err
	}
	rel := filepath.FromSlash(att.Path)
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("attachment %d: path %q is outside the data directory", att.ID, att.Path)
	}
	f, err := os.Open(filepath.Join(s.cfg.DataDir, rel))
	if err != nil {
		return fmt.Errorf("open attachment %d: %w", att.ID, err)
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", att.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", mimeDisposition(att.Name))
	h.Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", att.CreatedAt, f)
	return nil
}

// mimeDisposition offers the file for download under its original name.
func mimeDisposition(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}
