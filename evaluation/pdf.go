package evaluation

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"minyi"
	"minyi/pdf"
)

var (
	pdfBlue = pdf.RGB(0x0b, 0x4e, 0xa2)
	pdfRed  = pdf.RGB(0xc8, 0x10, 0x2e)
	pdfHead = pdf.RGB(0xee, 0xf1, 0xf5)
)

// Title is the report's title.
func (r *Report) Title() string { return r.PeriodLabel + " 第三方评估报告" }

// FileName is the name a downloaded PDF gets.
func (r *Report) FileName() string {
	return "minyi-evaluation-" + strconv.FormatInt(r.RoundID, 10) + ".pdf"
}

// Pct writes a rate in per cent, "–" when there is none.
func Pct(r *float64) string {
	if r == nil {
		return "–"
	}
	return strconv.FormatFloat(*r*100, 'f', 1, 64) + "%"
}

// Interval writes a comparison's 95 % interval.
func (c Comparison) Interval() string {
	if c.Low == nil || c.High == nil {
		return "–"
	}
	return Pct(c.Low) + "–" + Pct(c.High)
}

// FlagLabel names a flag in Chinese.
func (c Comparison) FlagLabel() string {
	switch c.Flag {
	case Above:
		return "自报偏高"
	case Below:
		return "自报偏低"
	}
	return ""
}

// Text describes the sample design in a sentence.
func (d Design) Text() string {
	names := map[string]string{ByUnit: "承办单位", ByDistrict: "区", ByType: "诉求类型"}
	var keys []string
	for _, k := range d.Strata {
		keys = append(keys, names[k])
	}
	by := strings.Join(keys, "×")
	if d.Mode == Fixed {
		return fmt.Sprintf("按%s分层，每层随机抽取 %d 件（不足则全部抽取）", by, d.PerStratum)
	}
	return fmt.Sprintf("按%s分层，样本量 %d 件按各层已办结诉求数比例分配（最大余数法），每层至少 %d 件（不足则全部抽取）", by, d.Size, d.Min)
}

// MethodText is the method section of the report.
const MethodText = "评估员从统计周期内已办结、有承办单位的诉求中分层随机抽样，逐件电话回访群众（号码由平台拨出，评估员只见脱敏号码），" +
	"记录是否接通、问题是否解决、满意程度及承办单位是否联系过群众。回访结果单独存放，不改动任何诉求。" +
	"回访口径的响应率、解决率、满意率与各单位自报数据使用同一套计算公式（kpi 包）：响应率 = 称单位联系过的件数 ÷ 接通件数；" +
	"解决率 = 称“已解决”的件数 ÷ 接通件数（“部分解决”不计为解决）；满意率 = 满意度加权和 ÷ 接通件数。" +
	"每项回访结果给出 95% Wilson 置信区间；单位自报数据落在区间之外的，标为“自报偏高”或“自报偏低”。"

// WritePDF writes the report as an A4 PDF in Chinese: method, sample
// design, findings and the per-unit table. round carries the publication
// (hash, time) when the report is frozen.
func (r *Report) WritePDF(w io.Writer, round *Round) error {
	d := pdf.New(r.Title(), r.GeneratedAt)
	d.Heading(r.Title(), 20, pdfBlue)
	d.Text(r.Name, 12, pdf.Black)
	d.Rule(pdfBlue, 2)
	d.Space(6)
	d.Figures([]pdf.Figure{
		{Value: strconv.Itoa(r.Population), Label: "已办结诉求（件）", Color: pdfBlue},
		{Value: strconv.Itoa(r.Sampled), Label: "抽样（件）", Color: pdfBlue},
		{Value: strconv.Itoa(r.Reached), Label: fmt.Sprintf("接通（已记录 %d 件）", r.Recorded), Color: pdfBlue},
		{Value: strconv.Itoa(r.Flagged), Label: "差异项", Color: pdfRed},
	}, 20)

	d.Heading("一、评估方法", 14, pdf.Black)
	d.Text(MethodText, 10, pdf.Black)
	d.Space(4)
	d.Heading("二、抽样设计", 14, pdf.Black)
	d.Text(r.Design.Text()+fmt.Sprintf("。随机种子 %d，可据此复现样本。", r.Seed), 10, pdf.Black)
	d.Space(4)
	strata := make([][]string, len(r.Strata))
	for i, s := range r.Strata {
		strata[i] = []string{s.Label, strconv.Itoa(s.Population), strconv.Itoa(s.Sample)}
	}
	d.Table(pdf.Table{Size: 9, Head: pdfHead, Rows: strata, Columns: []pdf.Column{
		{Title: "层", Width: 295}, {Title: "已办结（件）", Width: 100, Right: true}, {Title: "抽样（件）", Width: 100, Right: true},
	}})

	d.Heading("三、主要发现", 14, pdf.Black)
	for _, c := range r.Overall.Comparisons {
		d.Text(fmt.Sprintf("%s：单位自报 %s，回访 %s（%s 件接通，95%% 区间 %s）%s", c.Name, Pct(c.Own.Rate), Pct(c.Callback.Rate),
			strconv.FormatInt(c.Callback.Denominator, 10), c.Interval(), flagNote(c)), 10, pdf.Black)
	}
	d.Text(fmt.Sprintf("共 %d 项单位指标的自报数据落在回访置信区间之外。", r.Flagged), 10, pdf.Black)
	d.Space(4)

	d.Heading("四、分单位对比", 14, pdf.Black)
	var rows [][]string
	for _, u := range r.Units {
		for i, c := range u.Comparisons {
			name := ""
			if i == 0 {
				name = fmt.Sprintf("%s\n抽样 %d，接通 %d", u.UnitName, u.Sampled, u.Reached)
			}
			rows = append(rows, []string{name, c.Name, Pct(c.Own.Rate), Pct(c.Callback.Rate), strconv.FormatInt(c.Callback.Denominator, 10), c.Interval(), c.FlagLabel()})
		}
	}
	d.Table(pdf.Table{Size: 9, Head: pdfHead, Rows: rows, Columns: []pdf.Column{
		{Title: "承办单位", Width: 130}, {Title: "指标", Width: 60}, {Title: "自报", Width: 50, Right: true}, {Title: "回访", Width: 50, Right: true},
		{Title: "回访 n", Width: 45, Right: true}, {Title: "95% 区间", Width: 95}, {Title: "差异", Width: 65},
	}})
	d.Space(6)
	foot := "生成时间：" + r.GeneratedAt.In(minyi.DefaultLocation).Format("2006-01-02 15:04")
	if round != nil && round.Published() {
		foot = "发布时间：" + round.PublishedAt.In(minyi.DefaultLocation).Format("2006-01-02 15:04") + "　SHA-256：" + round.ReportHash
	} else {
		foot += "（草稿，未发布）"
	}
	d.Text(foot, 8, pdf.Grey)
	_, err := d.WriteTo(w)
	return err
}

func flagNote(c Comparison) string {
	if c.Flag == "" {
		return "。"
	}
	return "，" + c.FlagLabel() + "。"
}
