// Article <-> JSON (nlohmann-json, used with exceptions off at the boundary:
// parse errors are reported through Result).
#include "khabar/article.h"

#include <nlohmann/json.hpp>

namespace khabar {
namespace {

using Json = nlohmann::ordered_json;

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

// Reads j[key] into *out when present and of the right type; sets *bad when
// present with the wrong type.
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

}  // namespace

std::string Article::ToJson(int indent) const {
  Json j;
  j["input_kind"] = input_kind;
  j["url"] = url;
  j["canonical_url"] = canonical_url;
  j["title"] = title;
  j["lead"] = lead;
  // Readability's "excerpt": the lead, else the first paragraph.
  j["excerpt"] = !lead.empty() ? lead : (body.empty() ? std::string() : body.front());
  j["byline"] = byline;
  j["site_name"] = site_name;
  j["lang"] = lang;
  j["dir"] = dir;
  j["published_time"] = published.present ? (published.has_time ? published.iso : published.gregorian)
                                          : std::string();
  j["published"] = TimeToJson(published);
  j["updated"] = TimeToJson(updated);
  j["news_id"] = news_id;
  Json src;
  src["agency"] = source.agency;
  src["via"] = source.via;
  src["raw"] = source.raw;
  j["source"] = src;
  j["category"] = category;
  j["tags"] = tags;
  j["body"] = body;
  j["text_content"] = text_content;
  j["content"] = content_html;
  Json imgs = Json::array();
  for (const auto& im : images) imgs.push_back({{"src", im.src}, {"alt", im.alt}, {"caption", im.caption}});
  j["images"] = imgs;
  Json page;
  page["today"] = TimeToJson(page_today);
  page["site_updated"] = TimeToJson(site_updated);
  page["other_headlines"] = other_headlines;
  page["boilerplate"] = boilerplate;
  j["page"] = page;
  Json r;
  r["title"] = raw.title;
  r["lead"] = raw.lead;
  r["body"] = raw.body;
  r["byline"] = raw.byline;
  j["raw"] = r;
  j["warnings"] = warnings;
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Result<Article> Article::FromJson(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
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

}  // namespace khabar
