// Article: what extraction makes of one news page, and what the archive stores.
//
// An Article is a plain value: copyable, movable, no hidden state. Text fields
// hold normalized text (the text core's Normalizer) when normalization is on;
// the page's own text, whitespace-trimmed only, is kept in `raw`.
//
// The JSON form (ToJson / FromJson) is the one documented in
// doc/article-schema.md and doc/article.schema.json; field names follow
// Readability's (title, byline, excerpt, content, text_content, lang, dir,
// site_name, published_time) plus khabar's Persian ones.
#ifndef KHABAR_ARTICLE_H_
#define KHABAR_ARTICLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar {

// A point in time as the time module gives it. When !present every other
// field is empty/zero and the JSON value is null.
struct ArticleTime {
  bool present = false;
  std::string jalali;     // "1396-01-20 17:14", or "1396-01-20" for a day
  std::string gregorian;  // "2017-04-09" (the civil day in the page's zone)
  std::string iso;        // "2017-04-09T17:14:00+04:30" ("" for a bare day)
  std::string utc;        // "2017-04-09T12:44:00Z" ("" for a bare day)
  int64_t unix_seconds = 0;  // UTC seconds; for a bare day, its 00:00 in Tehran
  bool has_time = false;     // false: only the day is known
  std::string origin;  // where it was found: "json-ld", "meta", "text", "url"
  std::string raw;     // the expression as it was written on the page

  bool operator==(const ArticleTime&) const = default;
};

struct ArticleImage {
  std::string src;      // absolute when a base URL is known
  std::string alt;
  std::string caption;  // figcaption or the caption line next to the image

  bool operator==(const ArticleImage&) const = default;
};

// Who the news comes from: «به گزارش ایسنا به نقل از مرکز …» gives agency
// «ایسنا» and via {«مرکز …»}; «منبع: …» gives the agency alone.
struct ArticleSource {
  std::string agency;
  std::vector<std::string> via;  // the attribution chain, nearest first
  std::string raw;               // the sentence or line it was read from

  bool operator==(const ArticleSource&) const = default;
};

// The page's own text for the normalized fields, trimmed only.
struct ArticleRaw {
  std::string title;
  std::string lead;
  std::vector<std::string> body;
  std::string byline;

  bool operator==(const ArticleRaw&) const = default;
};

struct Article {
  // "html" or "text" (a text dump: WET record, copied page).
  std::string input_kind;
  std::string url;            // the base URL the caller gave, if any
  std::string canonical_url;  // <link rel=canonical> / og:url, absolute

  std::string title;
  std::string lead;    // the summary under the title (لید); may be empty
  std::string byline;  // author(s)
  std::string site_name;
  std::string lang;    // BCP 47 as the page declares it ("fa", "en-US"), or guessed
  std::string dir;     // "rtl" or "ltr"

  std::vector<std::string> body;  // body paragraphs, in order
  std::string content_html;       // sanitized HTML of the body (allow-list)
  std::string text_content;       // body paragraphs joined by "\n\n"
  std::vector<ArticleImage> images;

  ArticleTime published;
  ArticleTime updated;

  std::string news_id;  // «کد خبر», «شناسه خبر», «کد مطلب», or the id in the URL
  ArticleSource source;
  std::vector<std::string> tags;
  std::string category;

  // Page chrome, kept apart from the article.
  ArticleTime page_today;    // the site's "today" stamp (a day)
  ArticleTime site_updated;  // the site's "updated at" stamp for the page as fetched
  std::vector<std::string> other_headlines;  // related / latest / most read items
  std::vector<std::string> boilerplate;      // every other line classified as chrome

  ArticleRaw raw;
  std::vector<std::string> warnings;  // e.g. "charset windows-1256 converted"

  bool operator==(const Article&) const = default;

  // The JSON object documented in doc/article-schema.md (no "type"/"input":
  // the CLI adds those). indent < 0 gives one line.
  std::string ToJson(int indent = -1) const;
  // Parses what ToJson wrote. Unknown fields are ignored; missing ones take
  // their defaults. Fails with kInvalidArgument on malformed JSON or a field
  // of the wrong type.
  static Result<Article> FromJson(std::string_view json);
};

}  // namespace khabar

#endif  // KHABAR_ARTICLE_H_
