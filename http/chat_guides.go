package http

import (
	"context"
	"strconv"

	"minyi"
)

// guideQuotes are ready answers quoted from the service guides a chat is
// about: the guide the citizen came from, else the best result of their
// latest search. The agent answers with the guide's own words, so what
// the chat says and what the guide says never drift apart.
type guideQuotes struct{ s *Server }

// guideQuoteFields are the fields quoted, in the order citizens ask them.
var guideQuoteFields = []struct {
	key   string
	label string
	get   func(*minyi.ServiceItem) string
}{
	{"summary", "事项说明", func(it *minyi.ServiceItem) string { return it.Summary }},
	{"materials", "申请材料", func(it *minyi.ServiceItem) string { return it.Materials }},
	{"conditions", "受理条件", func(it *minyi.ServiceItem) string { return it.Conditions }},
	{"place", "办理地点", func(it *minyi.ServiceItem) string { return it.Place }},
	{"hours", "办理时间", func(it *minyi.ServiceItem) string { return it.Hours }},
	{"promised_limit", "承诺时限", func(it *minyi.ServiceItem) string { return it.PromisedLimit }},
	{"fees", "收费标准", func(it *minyi.ServiceItem) string { return it.Fees }},
	{"phone", "咨询电话", func(it *minyi.ServiceItem) string { return it.Phone }},
}

func (g guideQuotes) CannedAnswers(ctx context.Context, c *minyi.Chat) ([]minyi.CannedAnswer, error) {
	it, err := g.s.chatGuide(ctx, c)
	if err != nil || it == nil {
		return nil, err
	}
	var out []minyi.CannedAnswer
	for _, f := range guideQuoteFields {
		v := f.get(it)
		if v == "" {
			continue
		}
		out = append(out, minyi.CannedAnswer{
			ID:     "guide-" + strconv.FormatInt(it.ID, 10) + "-" + f.key,
			Title:  f.label + "（" + it.Name + "）",
			Text:   "根据《" + it.Name + "》办事指南，" + f.label + "：" + v,
			Source: "guide:" + strconv.FormatInt(it.ID, 10),
		})
	}
	return out, nil
}

// chatGuide is the guide a chat is about (guideQuotes), nil when there is
// no catalogue or nothing matches.
func (s *Server) chatGuide(ctx context.Context, c *minyi.Chat) (*minyi.ServiceItem, error) {
	items, ok := s.svc.(minyi.ServiceItemService)
	if !ok {
		return nil, nil
	}
	if id, err := strconv.ParseInt(c.SourceItem, 10, 64); err == nil && id > 0 {
		it, err := items.FindServiceItem(ctx, id)
		if minyi.ErrorCode(err) == minyi.ENOTFOUND {
			return nil, nil // the guide was removed since; no quotes
		}
		return it, err
	}
	if len(c.Queries) == 0 || s.search == nil {
		return nil, nil
	}
	res, err := s.searchFor(ctx, c.Queries[len(c.Queries)-1], "1")
	if err != nil || len(res.Results) == 0 {
		return nil, nil // a question the search cannot read has no quotes
	}
	return items.FindServiceItem(ctx, res.Results[0].ID)
}

// guideNames names the guides the given chats came from, for the console.
func (s *Server) guideNames(ctx context.Context, chats ...*minyi.Chat) map[string]string {
	names := map[string]string{}
	items, ok := s.svc.(minyi.ServiceItemService)
	if !ok {
		return names
	}
	for _, c := range chats {
		if c == nil || c.SourceItem == "" || names[c.SourceItem] != "" {
			continue
		}
		if id, err := strconv.ParseInt(c.SourceItem, 10, 64); err == nil {
			if it, err := items.FindServiceItem(ctx, id); err == nil {
				names[c.SourceItem] = it.Name
			}
		}
	}
	return names
}
