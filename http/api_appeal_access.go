package http

import (
	"context"
	"net/http"
	"strings"

	"minyi"
)

// access says how a caller reached an appeal.
type access struct {
	user     *minyi.User // nil for a citizen who proved the phone number
	verified bool        // proved tracking number + last four phone digits
}

// findReadable returns the appeal when the caller may read it: staff and
// logged-in citizens within their scope, anyone giving the last four
// digits of the phone filed with it (phoneLast4). Outside the scope the
// appeal is ENOTFOUND, so its existence is not revealed.
func (s *Server) findReadable(ctx context.Context, r *http.Request, no, phoneLast4 string) (*minyi.Appeal, access, error) {
	u := userFrom(r)
	if u != nil && u.Role == minyi.RoleEditor && phoneLast4 == "" {
		// Their scope is empty: say why rather than "not found".
		return nil, access{}, errEditorOnly()
	}
	if u != nil {
		a, err := s.svc.FindAppeal(ctx, no, minyi.ScopeFor(u))
		if err == nil || phoneLast4 == "" || minyi.ErrorCode(err) != minyi.ENOTFOUND {
			return a, access{user: u}, err
		}
		// Not in the account's scope: the phone digits may still prove it
		// (a citizen who filed before registering).
	}
	if phoneLast4 == "" {
		return nil, access{}, minyi.Errorf(minyi.EUNAUTHORIZED, "请登录，或提供联系电话后四位（phone_last4）查询", "log in, or give the last four digits of the contact phone (phone_last4)")
	}
	a, err := s.verifyCitizen(ctx, no, phoneLast4)
	return a, access{verified: err == nil}, err
}

// verifyCitizen checks a tracking number against the last four digits of
// its contact phone. Failures per tracking number are limited so the four
// digits cannot be guessed.
func (s *Server) verifyCitizen(ctx context.Context, no, last4 string) (*minyi.Appeal, error) {
	last4 = strings.TrimSpace(last4)
	if len(last4) != 4 || strings.Trim(last4, "0123456789") != "" {
		return nil, &minyi.Error{Code: minyi.EINVALID, Message: "请输入联系电话后四位数字", MessageEN: "phone_last4 must be four digits",
			Fields: map[string]string{"phone_last4": "请输入联系电话后四位数字"}}
	}
	key := "verify:" + strings.ToUpper(strings.TrimSpace(no))
	now := s.now()
	if !s.limits.attempt(key, now) {
		return nil, minyi.Errorf(minyi.ETOOMANY, "验证失败次数过多，请 15 分钟后再试", "too many failed checks; try again in 15 minutes")
	}
	a, err := s.svc.VerifyCitizen(ctx, no, last4)
	if err != nil {
		if minyi.ErrorCode(err) == minyi.EINTERNAL {
			s.limits.release(key)
			return nil, err
		}
		return nil, minyi.Errorf(minyi.ENOTFOUND, "未找到诉求，请核对诉求编号和联系电话后四位", "no appeal matches this tracking number and phone")
	}
	s.limits.release(key)
	return a, nil
}
