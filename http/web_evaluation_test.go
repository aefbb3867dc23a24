package http_test

import (
	"fmt"
	nethttp "net/http"
	"net/url"
	"strings"
	"testing"

	"minyi/kpi"
)

func TestEvaluationPages(t *testing.T) {
	f := newFixture(t)
	appeals := closedAppeals(f, 4)
	period := kpi.PeriodOf("month", appeals[0].ReceivedAt).String()
	must := func(r response, status int, wants ...string) string {
		t.Helper()
		body := string(r.Raw)
		if r.Status != status {
			t.Fatalf("status %d, want %d\n%.3000s", r.Status, status, body)
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Fatalf("page lacks %q\n%.4000s", w, body)
			}
		}
		for i := range appeals {
			if strings.Contains(body, evalPhone(i)) || strings.Contains(body, evalName) {
				t.Fatalf("page shows personal data\n%.3000s", body)
			}
		}
		return body
	}

	if r := f.call("handlerA", "GET", "/work/evaluation", nil); r.Status != forb {
		t.Fatalf("handler opened the evaluation: %d", r.Status)
	}
	must(f.call("evaluator", "GET", "/work/evaluation", nil), ok, "第三方评估", "新建回访批次", "还没有回访批次", `href="/work/evaluation"`)

	// Errors stand next to their fields, and nothing is created.
	body := must(f.form("evaluator", "/work/evaluation", url.Values{"name": {""}, "period": {"2026-13"}, "mode": {"fixed"}, "per_stratum": {"x"}}), 400,
		"请填写批次名称", "考核周期“2026-13”无效", `name="per_stratum"`, "应为整数")
	if strings.Index(body, "请填写批次名称") < strings.Index(body, `id="e-name"`) || strings.Index(body, "请填写批次名称") > strings.Index(body, `id="e-period"`) {
		t.Fatal("the name's error is not next to the name field")
	}
	must(f.form("evaluator", "/work/evaluation", url.Values{"name": {"x"}, "period": {period}, "mode": {"fixed"}, "per_stratum": {"0"}}), 400, "每层样本数应为 1 至 500 的整数")
	if r := f.call("evaluator", "GET", "/api/v1/evaluation/rounds", nil); len(r.list("rounds")) != 0 {
		t.Fatalf("a refused form created a round: %s", r.Raw)
	}

	res := f.form("evaluator", "/work/evaluation", url.Values{"name": {"十月回访"}, "period": {period}, "strata": {"unit", "type"}, "mode": {"proportional"}, "size": {"2"}, "min": {"1"}, "seed": {"9"}})
	if res.Status != nethttp.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/work/evaluation/1?ok=eval_created") {
		t.Fatalf("create: %d %s", res.Status, res.Header.Get("Location"))
	}
	page := "/work/evaluation/1"
	body = must(f.call("evaluator", "GET", page+"?ok=eval_created", nil), ok, "已创建回访批次并完成抽样", "已回访 0 / 2 件（0%）", `<progress max="2" value="0">`, "拨打", "李**", "139****432", "随机种子 9")
	no := body[strings.Index(body, `id="item-`)+len(`id="item-`):]
	no = no[:strings.Index(no, `"`)]

	// 拨打, then a callback form with a missing answer, then a complete one.
	if r := f.form("evaluator", page+"/call", url.Values{"tracking_no": {no}}); r.Status != nethttp.StatusSeeOther {
		t.Fatalf("call: %d %s", r.Status, r.Raw)
	}
	must(f.call("evaluator", "GET", page, nil), ok, "已拨打 1 次")
	must(f.form("evaluator", page+"/callbacks", url.Values{"tracking_no": {no}, "reached": {"1"}, "attempts": {"1"}, "satisfaction": {"4"}, "unit_contacted": {"1"}}), 400,
		"请选择问题是否解决", "<details open>", `value="4" checked`)
	r := f.form("evaluator", page+"/callbacks", url.Values{"tracking_no": {no}, "reached": {"1"}, "attempts": {"2"}, "solved": {"partly"}, "satisfaction": {"3"}, "unit_contacted": {"0"}, "notes": {evalNotes}})
	if r.Status != nethttp.StatusSeeOther {
		t.Fatalf("callback: %d %s", r.Status, r.Raw)
	}
	body = must(f.call("evaluator", "GET", page, nil), ok, "已回访 1 / 2 件（50%）", "部分解决", "基本满意", "137****1111")
	if strings.Contains(body, "13700001111") {
		t.Fatal("the notes are shown unmasked")
	}

	// The report, then publishing it.
	must(f.call("evaluator", "GET", page+"/report", nil), ok, "第三方评估报告", "评估方法", "抽样设计", "分单位对比", "草稿", "Wilson", "A街道办")
	r = f.form("evaluator", page+"/publish", nil)
	if r.Status != nethttp.StatusSeeOther || r.Header.Get("Location") != page+"/report?ok=eval_published" {
		t.Fatalf("publish: %d %s", r.Status, r.Header.Get("Location"))
	}
	must(f.call("evaluator", "GET", page+"/report?ok=eval_published", nil), ok, "评估报告已发布", "SHA-256", "内容校验通过")
	body = must(f.call("evaluator", "GET", page, nil), ok, "已发布")
	if strings.Contains(body, "eval-callback-form") || strings.Contains(body, "/call\"") {
		t.Fatal("a published round still offers forms")
	}
	must(f.form("evaluator", page+"/publish", nil), 409, "已发布")
	pdf := f.call("evaluator", "GET", page+"/report.pdf", nil)
	if pdf.Status != ok || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf.Raw), "%PDF") {
		t.Fatalf("pdf: %d %v", pdf.Status, pdf.Header)
	}

	// English second.
	req, _ := nethttp.NewRequest("GET", f.srv.URL+page+"/report", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["evaluator"])
	req.AddCookie(&nethttp.Cookie{Name: "minyi_lang", Value: "en"})
	en := f.send(req)
	if !strings.Contains(string(en.Raw), "Unit&#39;s own") && !strings.Contains(string(en.Raw), "Unit's own") {
		t.Fatalf("English report:\n%.2000s", en.Raw)
	}
	if r := f.call("evaluator", "GET", fmt.Sprintf("/work/evaluation/%d", 99), nil); r.Status != nf {
		t.Fatalf("missing round: %d", r.Status)
	}
}
