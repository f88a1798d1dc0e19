#include "extract/text_extract.h"

#include <string>
#include <vector>

#include "extract/signals.h"

namespace khabar::extract {
namespace {

struct Line {
  std::string text;
  LineClass cls = LineClass::kContent;
  std::vector<FoundDate> dates;
  std::string news_id;
};

// True when the dates cover the line except for a short label («تاریخ انتشار:»).
bool IsDateLine(std::string_view line, const std::vector<FoundDate>& dates) {
  if (dates.empty()) return false;
  size_t covered = 0;
  for (const auto& d : dates) covered += d.end - d.begin;
  size_t rest = line.size() - std::min(covered, line.size());
  return rest <= 60;  // bytes: a Persian label of up to ~30 letters
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool SameDay(const ArticleTime& a, const ArticleTime& b) {
  return a.present && b.present && a.jalali.substr(0, 10) == b.jalali.substr(0, 10);
}

}  // namespace

void ExtractTextDump(std::string_view text, const ExtractorOptions& options,
                     const ExtractRequest& request, Article* a) {
  a->input_kind = "text";
  a->url = request.base_url;
  std::vector<Line> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    // Cap very long lines (cut at a code point boundary).
    while (!raw.empty()) {
      size_t take = raw.size();
      if (take > options.max_line_bytes) {
        take = options.max_line_bytes;
        while (take > 0 && (static_cast<unsigned char>(raw[take]) & 0xC0) == 0x80) --take;
        if (take == 0) take = options.max_line_bytes;
        a->warnings.push_back("line longer than " + std::to_string(options.max_line_bytes) +
                              " bytes split");
      }
      std::string_view t = Trim(raw.substr(0, take));
      raw.remove_prefix(take);
      if (t.empty()) continue;
      Line l;
      l.text = std::string(t);
      lines.push_back(std::move(l));
    }
    if (nl == text.size()) break;
  }

  for (Line& l : lines) {
    if (IsChromeLine(l.text)) {
      l.cls = LineClass::kChrome;
      continue;
    }
    l.news_id = NewsIdFromLine(l.text);
    if (!l.news_id.empty()) {
      l.cls = LineClass::kNewsId;
      continue;
    }
    if (CodePoints(l.text) <= 80) {
      l.dates = FindDatesIn(l.text, options.now_unix_seconds);
      if (IsDateLine(l.text, l.dates)) l.cls = LineClass::kDate;
    }
  }

  // Title: the first content line that is short and not a sentence.
  size_t title_at = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].cls != LineClass::kContent) continue;
    if (CodePoints(lines[i].text) <= 250 && !EndsSentence(lines[i].text)) title_at = i;
    break;
  }

  ArticleTime pending_update;  // an "updated" stamp, resolved once today/published are known
  bool pending_update_in_header = false;
  enum { kHeader, kLead, kBody, kAfter } state = kHeader;
  for (size_t i = 0; i < lines.size(); ++i) {
    Line& l = lines[i];
    switch (l.cls) {
      case LineClass::kChrome:
        a->boilerplate.push_back(l.text);
        if (state == kBody) state = kAfter;
        continue;
      case LineClass::kNewsId:
        if (a->news_id.empty()) a->news_id = l.news_id;
        a->boilerplate.push_back(l.text);
        continue;
      case LineClass::kDate: {
        a->boilerplate.push_back(l.text);
        const FoundDate& d = l.dates.front();
        if (d.label == "published") {
          if (!a->published.present) a->published = d.time;
        } else if (d.label == "updated") {
          if (!pending_update.present) {
            pending_update = d.time;
            pending_update_in_header = i < title_at;
          }
        } else if (i < title_at && !a->page_today.present) {
          a->page_today = d.time;
        } else if (!a->published.present && i < title_at + 3) {
          a->published = d.time;
        }
        continue;
      }
      case LineClass::kContent:
        break;
    }
    if (i < title_at) {
      a->boilerplate.push_back(l.text);
      continue;
    }
    if (i == title_at) {
      a->raw.title = l.text;
      state = kLead;
      continue;
    }
    if (state == kLead) {
      // A lead is the paragraph right under the title, before the report proper.
      size_t next = i + 1;
      while (next < lines.size() && lines[next].cls != LineClass::kContent) ++next;
      bool next_reports = next < lines.size() && StartsWith(lines[next].text, "به گزارش");
      bool self_reports = StartsWith(l.text, "به گزارش");
      state = kBody;
      if (!self_reports && (next_reports || CodePoints(l.text) < 400) && next < lines.size()) {
        a->raw.lead = l.text;
        continue;
      }
    }
    if (state == kBody) {
      if (a->raw.body.empty() || EndsSentence(l.text) || CodePoints(l.text) < 200) {
        a->raw.body.push_back(l.text);
        continue;
      }
      state = kAfter;  // a long line that is no sentence: a run of headlines
    }
    // After the article: lines that are no sentences are other headlines.
    if (!EndsSentence(l.text)) {
      a->other_headlines.push_back(l.text);
    } else {
      a->boilerplate.push_back(l.text);
    }
  }

  if (pending_update.present) {
    bool chrome = pending_update_in_header && SameDay(pending_update, a->page_today) &&
                  !SameDay(pending_update, a->published);
    if (chrome) {
      a->site_updated = pending_update;
    } else {
      a->updated = pending_update;
    }
  }
  for (const std::string& p : a->raw.body) {
    if (ParseAttribution(p, &a->source)) break;
  }
  if (a->news_id.empty()) a->news_id = NewsIdFromUrl(request.base_url);
}

}  // namespace khabar::extract
