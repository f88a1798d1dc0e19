// Article::ToJson / FromJson (src/extract/article.cc) against the
// nlohmann-json code they replaced, kept here verbatim as the reference: the
// archive stores ToJson's text and reads it back with FromJson, and ingest
// reads extracted articles with FromJson, so the two must agree byte for byte
// (ToJson) and field for field, errors included (FromJson), on any input.
// Generated articles and documents, fixed seeds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "khabar/article.h"

namespace khabar {
namespace {

using Json = nlohmann::ordered_json;

// ---- The reference: article.cc before 2026-11-26 ---------------------------

Json TimeToJson(const ArticleTime& t) {
  if (!t.present) return nullptr;
  Json j;
  j["jalali"] = t.jalali;
  j["gregorian"] = t.gregorian;
  if (t.has_time) {
    j["iso"] = t.iso;
    j["utc"] = t.utc;
  }
  j["unix_seconds"] = t.unix_seconds;
  j["has_time"] = t.has_time;
  j["origin"] = t.origin;
  j["raw"] = t.raw;
  return j;
}

bool GetString(const Json& j, const char* key, std::string* out, std::string* bad) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return false;
  if (!it->is_string()) {
    *bad = key;
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

void GetStrings(const Json& j, const char* key, std::vector<std::string>* out, std::string* bad) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if (!it->is_array()) {
    *bad = key;
    return;
  }
  for (const auto& v : *it) {
    if (!v.is_string()) {
      *bad = key;
      return;
    }
    out->push_back(v.get<std::string>());
  }
}

void GetTime(const Json& j, const char* key, ArticleTime* t, std::string* bad) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if (!it->is_object()) {
    *bad = key;
    return;
  }
  t->present = true;
  GetString(*it, "jalali", &t->jalali, bad);
  GetString(*it, "gregorian", &t->gregorian, bad);
  GetString(*it, "iso", &t->iso, bad);
  GetString(*it, "utc", &t->utc, bad);
  GetString(*it, "origin", &t->origin, bad);
  GetString(*it, "raw", &t->raw, bad);
  if (auto u = it->find("unix_seconds"); u != it->end() && u->is_number_integer())
    t->unix_seconds = u->get<int64_t>();
  if (auto h = it->find("has_time"); h != it->end() && h->is_boolean()) t->has_time = h->get<bool>();
}

std::string RefToJson(const Article& a, int indent = -1) {
  Json j;
  j["input_kind"] = a.input_kind;
  j["url"] = a.url;
  j["canonical_url"] = a.canonical_url;
  j["title"] = a.title;
  j["lead"] = a.lead;
  j["excerpt"] = !a.lead.empty() ? a.lead : (a.body.empty() ? std::string() : a.body.front());
  j["byline"] = a.byline;
  j["site_name"] = a.site_name;
  j["lang"] = a.lang;
  j["dir"] = a.dir;
  j["published_time"] = a.published.present
                            ? (a.published.has_time ? a.published.iso : a.published.gregorian)
                            : std::string();
  j["published"] = TimeToJson(a.published);
  j["updated"] = TimeToJson(a.updated);
  j["news_id"] = a.news_id;
  Json src;
  src["agency"] = a.source.agency;
  src["via"] = a.source.via;
  src["raw"] = a.source.raw;
  j["source"] = src;
  j["category"] = a.category;
  j["tags"] = a.tags;
  j["body"] = a.body;
  j["text_content"] = a.text_content;
  j["content"] = a.content_html;
  Json imgs = Json::array();
  for (const auto& im : a.images) imgs.push_back({{"src", im.src}, {"alt", im.alt}, {"caption", im.caption}});
  j["images"] = imgs;
  Json page;
  page["today"] = TimeToJson(a.page_today);
  page["site_updated"] = TimeToJson(a.site_updated);
  page["other_headlines"] = a.other_headlines;
  page["boilerplate"] = a.boilerplate;
  j["page"] = page;
  Json r;
  r["title"] = a.raw.title;
  r["lead"] = a.raw.lead;
  r["body"] = a.raw.body;
  r["byline"] = a.raw.byline;
  j["raw"] = r;
  j["warnings"] = a.warnings;
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Result<Article> RefFromJson(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("article JSON: malformed");
  if (!j.is_object()) return Status::InvalidArgument("article JSON: not an object");
  Article a;
  std::string bad;
  GetString(j, "input_kind", &a.input_kind, &bad);
  GetString(j, "url", &a.url, &bad);
  GetString(j, "canonical_url", &a.canonical_url, &bad);
  GetString(j, "title", &a.title, &bad);
  GetString(j, "lead", &a.lead, &bad);
  GetString(j, "byline", &a.byline, &bad);
  GetString(j, "site_name", &a.site_name, &bad);
  GetString(j, "lang", &a.lang, &bad);
  GetString(j, "dir", &a.dir, &bad);
  GetTime(j, "published", &a.published, &bad);
  GetTime(j, "updated", &a.updated, &bad);
  GetString(j, "news_id", &a.news_id, &bad);
  if (auto s = j.find("source"); s != j.end() && s->is_object()) {
    GetString(*s, "agency", &a.source.agency, &bad);
    GetStrings(*s, "via", &a.source.via, &bad);
    GetString(*s, "raw", &a.source.raw, &bad);
  }
  GetString(j, "category", &a.category, &bad);
  GetStrings(j, "tags", &a.tags, &bad);
  GetStrings(j, "body", &a.body, &bad);
  GetString(j, "text_content", &a.text_content, &bad);
  GetString(j, "content", &a.content_html, &bad);
  if (auto im = j.find("images"); im != j.end() && im->is_array()) {
    for (const auto& v : *im) {
      if (!v.is_object()) {
        bad = "images";
        break;
      }
      ArticleImage img;
      GetString(v, "src", &img.src, &bad);
      GetString(v, "alt", &img.alt, &bad);
      GetString(v, "caption", &img.caption, &bad);
      a.images.push_back(std::move(img));
    }
  }
  if (auto p = j.find("page"); p != j.end() && p->is_object()) {
    GetTime(*p, "today", &a.page_today, &bad);
    GetTime(*p, "site_updated", &a.site_updated, &bad);
    GetStrings(*p, "other_headlines", &a.other_headlines, &bad);
    GetStrings(*p, "boilerplate", &a.boilerplate, &bad);
  }
  if (auto r = j.find("raw"); r != j.end() && r->is_object()) {
    GetString(*r, "title", &a.raw.title, &bad);
    GetString(*r, "lead", &a.raw.lead, &bad);
    GetStrings(*r, "body", &a.raw.body, &bad);
    GetString(*r, "byline", &a.raw.byline, &bad);
  }
  GetStrings(j, "warnings", &a.warnings, &bad);
  if (!bad.empty()) return Status::InvalidArgument("article JSON: field '" + bad + "' has the wrong type");
  return a;
}

// ---- Generated articles -----------------------------------------------------

// Pieces strings are made of: Persian, ZWNJ, every JSON escape, controls,
// DEL, 4-byte UTF-8, and (rarely) bytes that are not UTF-8.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> p = {
      "کتاب", "\u200c", "ها", " ", "ایران", "Latin", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t",
      std::string(1, '\0'), "\x01", "\x1f", "\x7f", "\u00e9", "\U0001F600", "۱۴۰۲", "<p>", "&amp;", "'"};
  return p;
}

std::string RandomString(std::mt19937& rng, bool allow_invalid) {
  std::string s;
  const int n = std::uniform_int_distribution<int>(0, 6)(rng);
  for (int i = 0; i < n; ++i) s += Pieces()[rng() % Pieces().size()];
  if (allow_invalid && rng() % 40 == 0) s.insert(s.size() / 2, 1, static_cast<char>(0x80 + rng() % 0x80));
  return s;
}

std::vector<std::string> RandomStrings(std::mt19937& rng, bool allow_invalid) {
  std::vector<std::string> v(rng() % 4);
  for (auto& s : v) s = RandomString(rng, allow_invalid);
  return v;
}

ArticleTime RandomTime(std::mt19937& rng, bool allow_invalid) {
  ArticleTime t;
  if (rng() % 3 == 0) return t;
  t.present = true;
  t.has_time = rng() % 2;
  t.jalali = RandomString(rng, allow_invalid);
  t.gregorian = RandomString(rng, allow_invalid);
  if (t.has_time) {
    t.iso = RandomString(rng, allow_invalid);
    t.utc = RandomString(rng, allow_invalid);
  }
  const int64_t extremes[] = {0, -1, 1491741840, INT64_MIN, INT64_MAX};
  t.unix_seconds = rng() % 2 ? extremes[rng() % 5] : static_cast<int64_t>(rng());
  t.origin = RandomString(rng, allow_invalid);
  t.raw = RandomString(rng, allow_invalid);
  return t;
}

Article RandomArticle(std::mt19937& rng, bool allow_invalid) {
  auto s = [&] { return RandomString(rng, allow_invalid); };
  auto v = [&] { return RandomStrings(rng, allow_invalid); };
  Article a;
  a.input_kind = s(), a.url = s(), a.canonical_url = s(), a.title = s(), a.lead = s();
  a.byline = s(), a.site_name = s(), a.lang = s(), a.dir = s();
  a.body = v(), a.content_html = s(), a.text_content = s();
  for (int i = rng() % 3; i > 0; --i) a.images.push_back({s(), s(), s()});
  a.published = RandomTime(rng, allow_invalid);
  a.updated = RandomTime(rng, allow_invalid);
  a.news_id = s();
  a.source = {s(), v(), s()};
  a.tags = v(), a.category = s();
  a.page_today = RandomTime(rng, allow_invalid);
  a.site_updated = RandomTime(rng, allow_invalid);
  a.other_headlines = v(), a.boilerplate = v();
  a.raw = {s(), s(), v(), s()};
  a.warnings = v();
  return a;
}

TEST(ArticleJson, ToJsonIsTheReferenceByteForByte) {
  std::mt19937 rng(20261126);
  int invalid = 0;
  for (int i = 0; i < 3000; ++i) {
    Article a = RandomArticle(rng, /*allow_invalid=*/true);
    const std::string want = RefToJson(a);
    invalid += want.find("\xEF\xBF\xBD") != std::string::npos;  // U+FFFD: nlohmann replaced a byte
    ASSERT_EQ(a.ToJson(), want) << "article " << i;
    if (i % 100 == 0) {
      ASSERT_EQ(a.ToJson(2), RefToJson(a, 2)) << "article " << i;
    }
  }
  EXPECT_GT(invalid, 10);  // the fallback was exercised
  EXPECT_EQ(Article().ToJson(), RefToJson(Article()));
}

TEST(ArticleJson, ToJsonEscapes) {
  Article a;
  a.title = std::string("a\"b\\c/\b\f\n\r\t\x01\x1f\x7f", 14) + std::string(1, '\0') + "\u200c";
  const std::string j = a.ToJson();
  const std::string want = "\"title\":\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\\u0000\u200c\"";
  EXPECT_NE(j.find(want), std::string::npos) << j;
}

// Every document FromJson reads must give what the reference gives: the same
// article or the same error message.
void ExpectSameAsReference(const std::string& doc, const std::string& what) {
  auto got = Article::FromJson(doc);
  auto want = RefFromJson(doc);
  ASSERT_EQ(got.ok(), want.ok()) << what << ": " << doc << "\n"
                                 << (got.ok() ? want.status().ToString() : got.status().ToString());
  if (got.ok()) {
    ASSERT_EQ(*got, *want) << what << ": " << doc;
  } else {
    ASSERT_EQ(got.status().ToString(), want.status().ToString()) << what << ": " << doc;
  }
}

TEST(ArticleJson, FromJsonIsTheReferenceOnArticles) {
  std::mt19937 rng(7);
  for (int i = 0; i < 1000; ++i) {
    Article a = RandomArticle(rng, /*allow_invalid=*/false);
    const std::string j = a.ToJson();
    ExpectSameAsReference(j, "article " + std::to_string(i));
    auto back = Article::FromJson(j);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(*back, a) << "article " << i;
  }
}

// Texts past 1 MiB are parsed by a parser of their own (the thread's keeps
// its buffers); the result is the same.
TEST(ArticleJson, FromJsonOfALargeArticle) {
  Article a;
  a.title = "عنوان";
  for (int i = 0; i < 120000; ++i) a.text_content += "کتاب\u200cها ";
  ASSERT_GT(a.text_content.size(), size_t{1} << 20);
  const std::string j = a.ToJson();
  ASSERT_EQ(j, RefToJson(a));
  for (int round = 0; round < 2; ++round) {
    auto back = Article::FromJson(j);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, a);
    ExpectSameAsReference("{\"title\":\"t\"}", "small after large");
  }
}

// Each field replaced by a value of every type, duplicated keys, numbers past
// 64 bits, a BOM, deep nesting, broken documents.
TEST(ArticleJson, FromJsonIsTheReferenceOnOddDocuments) {
  const std::vector<std::string> values = {
      "null", "true", "false", "0", "-0", "-1", "1.0", "1e3", "9223372036854775807", "9223372036854775808",
      "18446744073709551615", "18446744073709551616", "-9223372036854775809", "123456789012345678901234567890",
      "\"x\"", "\"\\u00e9\\ud83d\\ude00\"", "[]", "[\"a\",\"b\"]", "[\"a\",1]", "[null]", "{}",
      "{\"jalali\":\"j\",\"unix_seconds\":5,\"has_time\":true}",
      "{\"unix_seconds\":18446744073709551615}", "{\"unix_seconds\":-0,\"has_time\":1}",
      "{\"unix_seconds\":\"5\",\"iso\":3}", "[{}]", "[{\"src\":\"s\"},3]", "[{\"alt\":[]}]",
      "{\"agency\":\"a\",\"via\":[\"v\"]}", "{\"via\":\"v\"}", "{\"today\":{},\"boilerplate\":[\"b\"]}",
      "{\"title\":\"t\",\"body\":[\"p\"],\"byline\":null}", "{\"body\":\"p\"}"};
  const std::vector<std::string> keys = {
      "input_kind", "url", "canonical_url", "title", "lead", "excerpt", "byline", "site_name", "lang", "dir",
      "published", "updated", "news_id", "source", "category", "tags", "body", "text_content", "content",
      "images", "page", "raw", "warnings", "unknown"};
  int n = 0;
  for (const auto& k : keys) {
    for (const auto& v : values) {
      ExpectSameAsReference("{\"" + k + "\":" + v + "}", "field");
      ExpectSameAsReference("{\"" + k + "\":" + v + ",\"title\":\"t\",\"" + k + "\":\"s\"}", "duplicate");
      ExpectSameAsReference("{\"" + k + "\":\"s\",\"" + k + "\":" + v + "}", "duplicate last");
      n += 3;
    }
  }
  const std::vector<std::string> docs = {
      "", " ", "{", "}", "[]", "\"x\"", "3", "null", "{} x", "{}{}", "\xEF\xBB\xBF{\"title\":\"t\"}",
      "{\"title\":\"\\ud800\"}", "{\"title\":\"\\udc00\"}", "{\"title\":\"\xC0\x80\"}", "{\"title\":\"a\tb\"}",
      "{\"title\":01}", "{\"title\":\"t\",}", " \r\n\t{\"title\" : \"t\" } \n",
      "{\"title\":\"t\",\"x\":" + std::string(2000, '[') + std::string(2000, ']') + "}",
      "{\"title\":\"\\u0000\"}", "{\"title\":\"t\",\"source\":\"site\"}"};
  for (const auto& d : docs) ExpectSameAsReference(d, "document");
  // Broken copies of real documents: cut, or one byte changed.
  std::mt19937 rng(11);
  for (int i = 0; i < 1500; ++i) {
    std::string j = RandomArticle(rng, false).ToJson();
    if (rng() % 2) {
      j.resize(rng() % j.size());
    } else {
      j[rng() % j.size()] = "{}[],:\"\\0a-e \x80"[rng() % 15];
    }
    ExpectSameAsReference(j, "mutated " + std::to_string(i));
  }
  EXPECT_GT(n, 1000);
}

}  // namespace
}  // namespace khabar
