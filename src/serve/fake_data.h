// An in-memory SiteData for tests: the archive's read contracts on a vector.
#ifndef KHABAR_SERVE_FAKE_DATA_H_
#define KHABAR_SERVE_FAKE_DATA_H_

#include <algorithm>
#include <string>
#include <vector>

#include "serve/site.h"
#include "serve/text_util.h"

namespace khabar::serve {

class FakeData : public SiteData {
 public:
  std::vector<StoredArticle> articles;  // newest first

  StoredArticle& Add(int64_t id, std::string title, std::string source, std::string jalali,
                     std::string iso, int64_t unix) {
    StoredArticle s;
    s.id = id;
    s.site = "example.test";
    s.fetched_unix = unix;
    s.article.title = std::move(title);
    s.article.source.agency = std::move(source);
    s.article.published.present = true;
    s.article.published.jalali = std::move(jalali);
    s.article.published.iso = std::move(iso);
    s.article.published.unix_seconds = unix;
    s.article.news_id = std::to_string(1000 + id);
    articles.push_back(std::move(s));
    return articles.back();
  }

  Result<StoredArticle> Get(int64_t id) const override {
    for (const auto& a : articles) {
      if (a.id == id) return a;
    }
    return Status::NotFound("no article " + std::to_string(id));
  }
  Result<SearchResult> Search(const SearchQuery& q) const override {
    if (q.text == "(") return Status::InvalidArgument("unbalanced parenthesis");
    if (q.text == "boom") return Status::Internal("disk on fire");
    SearchResult r;
    if (q.text == "a*") {  // stands for a prefix with more index terms than the cap
      r.prefix_capped = true;
      r.ranked = false;
      return r;
    }
    for (const auto& a : articles) {
      if (!q.source.empty() && SourceOf(a) != q.source) continue;
      std::string all = a.article.title + " " + a.article.text_content;
      for (const auto& p : a.article.body) all += " " + p;
      size_t at = all.find(q.text);
      if (at == std::string::npos) continue;
      if (static_cast<int>(r.hits.size()) < q.limit) {
        SearchHit h;
        h.id = a.id;
        h.title = a.article.title;
        h.snippet_html = HtmlEscape(all.substr(0, at)) + "<mark>" + HtmlEscape(q.text) + "</mark>";
        h.source = SourceOf(a);
        h.published_iso = a.article.published.iso;
        h.published_jalali = a.article.published.jalali;
        h.score = 1;
        r.hits.push_back(h);
      }
      ++r.total_estimate;
    }
    return r;
  }
  Result<std::vector<StoredArticle>> List(const ListQuery& q, std::string* next) const override {
    if (!q.cursor.empty() && q.cursor != "c2") return Status::InvalidArgument("bad cursor");
    std::vector<StoredArticle> out;
    size_t skip = q.cursor == "c2" ? static_cast<size_t>(q.limit) : 0;
    size_t seen = 0;
    bool more = false;
    for (const auto& a : articles) {
      if (!q.source.empty() && SourceOf(a) != q.source) continue;
      if (!q.category.empty() && a.article.category != q.category) continue;
      if (!q.day_jalali.empty() && !a.article.published.jalali.starts_with(q.day_jalali)) continue;
      if (!q.month_jalali.empty() && !a.article.published.jalali.starts_with(q.month_jalali)) continue;
      if (seen++ < skip) continue;
      if (static_cast<int>(out.size()) == q.limit) {
        more = true;
        break;
      }
      out.push_back(a);
    }
    if (next) *next = more && skip == 0 ? "c2" : "";
    return out;
  }
  Result<std::vector<std::pair<std::string, int64_t>>> Sources() const override {
    std::vector<std::pair<std::string, int64_t>> v;
    for (const auto& a : articles) {
      std::string s = SourceOf(a);
      auto it = std::find_if(v.begin(), v.end(), [&](auto& p) { return p.first == s; });
      if (it == v.end()) {
        v.emplace_back(s, 1);
      } else {
        ++it->second;
      }
    }
    return v;
  }
  Result<nlohmann::json> Stats() const override {
    return nlohmann::json{{"schema_version", 1}, {"articles", articles.size()}};
  }
};

}  // namespace khabar::serve

#endif  // KHABAR_SERVE_FAKE_DATA_H_
