// Article <-> JSON.
//
// FromJson parses with simdjson (DOM; a parser per thread) and reads the
// fields from its tree; ToJson writes the JSON text directly. Both must give
// exactly what the nlohmann-json code gives (kept below as the reference and
// the fallback): FromJson falls back to it whenever simdjson rejects the text
// (so JSON that only nlohmann accepts — a leading BOM, integers beyond 64
// bits, nesting past simdjson's depth — and every error message stay as
// before), ToJson for indented output and for strings that are not valid
// UTF-8 (nlohmann replaces their bad bytes). The equality is tested against
// the reference on generated articles and documents
// (src/archive/article_json_test.cc). Ingest of extracted articles spent 60 %
// of its worker time in nlohmann (doc/search.md).
#include "khabar/article.h"

#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/article_json.h"

namespace khabar {
namespace {

using Json = nlohmann::ordered_json;

// ---- The reference (nlohmann-json) ----------------------------------------

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

std::string ToJsonNlohmann(const Article& a, int indent) {
  Json j;
  j["input_kind"] = a.input_kind;
  j["url"] = a.url;
  j["canonical_url"] = a.canonical_url;
  j["title"] = a.title;
  j["lead"] = a.lead;
  // Readability's "excerpt": the lead, else the first paragraph.
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

Result<Article> FromJsonNlohmann(std::string_view text) {
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

// ---- FromJson on simdjson's tree ------------------------------------------
// The same reads as the reference, in the same order (so the same field is
// named when several have the wrong type). nlohmann keeps the last of
// duplicate keys; Find does too.

namespace dom = simdjson::dom;
using simdjson::dom::element_type;

// An object's members, read off simdjson's tape once: each look-up is then
// a scan of a small flat array. (Scanning the tape for each of the ~40
// look-ups made FromJson about 50k instructions an article.)
struct Obj {
  Obj() = default;
  explicit Obj(dom::object o) {
    for (dom::key_value_pair kv : o) members.emplace_back(kv.key, kv.value);
  }
  std::vector<std::pair<std::string_view, dom::element>> members;
};

// The last value of key in o; false when absent.
bool Find(const Obj& o, std::string_view key, dom::element* out) {
  for (auto it = o.members.rbegin(); it != o.members.rend(); ++it) {
    if (it->first == key) {
      *out = it->second;
      return true;
    }
  }
  return false;
}

bool SjString(const Obj& o, const char* key, std::string* out, std::string* bad) {
  dom::element e;
  if (!Find(o, key, &e) || e.type() == element_type::NULL_VALUE) return false;
  if (e.type() != element_type::STRING) {
    *bad = key;
    return false;
  }
  std::string_view v;
  v = e.get_string().value_unsafe();
  out->assign(v.data(), v.size());
  return true;
}

void SjStrings(const Obj& o, const char* key, std::vector<std::string>* out, std::string* bad) {
  dom::element e;
  if (!Find(o, key, &e) || e.type() == element_type::NULL_VALUE) return;
  if (e.type() != element_type::ARRAY) {
    *bad = key;
    return;
  }
  dom::array arr;
  arr = e.get_array().value_unsafe();
  for (dom::element v : arr) {
    if (v.type() != element_type::STRING) {
      *bad = key;
      return;
    }
    std::string_view s;
    s = v.get_string().value_unsafe();
    out->emplace_back(s);
  }
}

void SjTime(const Obj& o, const char* key, ArticleTime* t, std::string* bad) {
  dom::element e;
  if (!Find(o, key, &e) || e.type() == element_type::NULL_VALUE) return;
  if (e.type() != element_type::OBJECT) {
    *bad = key;
    return;
  }
  const Obj to(e.get_object().value_unsafe());
  t->present = true;
  SjString(to, "jalali", &t->jalali, bad);
  SjString(to, "gregorian", &t->gregorian, bad);
  SjString(to, "iso", &t->iso, bad);
  SjString(to, "utc", &t->utc, bad);
  SjString(to, "origin", &t->origin, bad);
  SjString(to, "raw", &t->raw, bad);
  dom::element v;
  // nlohmann's is_number_integer() holds for signed and unsigned integers;
  // get<int64_t>() of an unsigned one is a cast.
  if (Find(to, "unix_seconds", &v)) {
    if (v.type() == element_type::INT64) t->unix_seconds = v.get_int64().value_unsafe();
    else if (v.type() == element_type::UINT64)
      t->unix_seconds = static_cast<int64_t>(v.get_uint64().value_unsafe());
  }
  if (Find(to, "has_time", &v) && v.type() == element_type::BOOL) t->has_time = v.get_bool().value_unsafe();
}

// The object e holds, when it is one.
bool SjObject(const Obj& o, const char* key, Obj* out) {
  dom::element e;
  if (!Find(o, key, &e) || e.type() != element_type::OBJECT) return false;
  *out = Obj(e.get_object().value_unsafe());
  return true;
}

// nullopt when simdjson rejects the text (the caller then asks the reference).
std::optional<Result<Article>> FromJsonSimd(std::string_view text) {
  // A parser keeps buffers sized to the largest text it parsed: the
  // thread's own one takes texts up to 1 MiB, a larger one gets its own.
  constexpr size_t kThreadParserMax = size_t{1} << 20;
  thread_local dom::parser thread_parser;
  std::unique_ptr<dom::parser> big;
  dom::parser* parser = &thread_parser;
  if (text.size() > kThreadParserMax) parser = (big = std::make_unique<dom::parser>()).get();
  dom::element root;
  if (parser->parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root) != simdjson::SUCCESS)
    return std::nullopt;
  return ArticleFromJsonElement(root);
}

}  // namespace

Result<Article> ArticleFromJsonElement(simdjson::dom::element root) {
  if (root.type() != element_type::OBJECT) return Result<Article>(Status::InvalidArgument("article JSON: not an object"));
  const Obj j(root.get_object().value_unsafe());
  Article a;
  std::string bad;
  SjString(j, "input_kind", &a.input_kind, &bad);
  SjString(j, "url", &a.url, &bad);
  SjString(j, "canonical_url", &a.canonical_url, &bad);
  SjString(j, "title", &a.title, &bad);
  SjString(j, "lead", &a.lead, &bad);
  SjString(j, "byline", &a.byline, &bad);
  SjString(j, "site_name", &a.site_name, &bad);
  SjString(j, "lang", &a.lang, &bad);
  SjString(j, "dir", &a.dir, &bad);
  SjTime(j, "published", &a.published, &bad);
  SjTime(j, "updated", &a.updated, &bad);
  SjString(j, "news_id", &a.news_id, &bad);
  if (Obj s; SjObject(j, "source", &s)) {
    SjString(s, "agency", &a.source.agency, &bad);
    SjStrings(s, "via", &a.source.via, &bad);
    SjString(s, "raw", &a.source.raw, &bad);
  }
  SjString(j, "category", &a.category, &bad);
  SjStrings(j, "tags", &a.tags, &bad);
  SjStrings(j, "body", &a.body, &bad);
  SjString(j, "text_content", &a.text_content, &bad);
  SjString(j, "content", &a.content_html, &bad);
  if (dom::element im; Find(j, "images", &im) && im.type() == element_type::ARRAY) {
    dom::array arr;
    arr = im.get_array().value_unsafe();
    for (dom::element v : arr) {
      if (v.type() != element_type::OBJECT) {
        bad = "images";
        break;
      }
      const Obj vo(v.get_object().value_unsafe());
      ArticleImage img;
      SjString(vo, "src", &img.src, &bad);
      SjString(vo, "alt", &img.alt, &bad);
      SjString(vo, "caption", &img.caption, &bad);
      a.images.push_back(std::move(img));
    }
  }
  if (Obj p; SjObject(j, "page", &p)) {
    SjTime(p, "today", &a.page_today, &bad);
    SjTime(p, "site_updated", &a.site_updated, &bad);
    SjStrings(p, "other_headlines", &a.other_headlines, &bad);
    SjStrings(p, "boilerplate", &a.boilerplate, &bad);
  }
  if (Obj r; SjObject(j, "raw", &r)) {
    SjString(r, "title", &a.raw.title, &bad);
    SjString(r, "lead", &a.raw.lead, &bad);
    SjStrings(r, "body", &a.raw.body, &bad);
    SjString(r, "byline", &a.raw.byline, &bad);
  }
  SjStrings(j, "warnings", &a.warnings, &bad);
  if (!bad.empty())
    return Result<Article>(Status::InvalidArgument("article JSON: field '" + bad + "' has the wrong type"));
  return Result<Article>(std::move(a));
}

namespace {

// ---- ToJson written directly ----------------------------------------------
// The bytes nlohmann's dump(-1) writes for valid UTF-8 (ensure_ascii off):
// " \ and the controls \b \t \n \f \r escaped by name, other bytes below
// 0x20 as \u00xx (lower-case hex), everything else as is.

// Whether one of the 8 bytes at p is below 0x20, '"' or '\\' (SWAR: a byte
// b is below n when (b - n) & ~b has its high bit set; b == x when b ^ x is
// below 1).
inline bool NeedsEscape8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto below = [&](uint64_t x, uint64_t n) { return (x - n * kOnes) & ~x & kHigh; };
  return (below(v, 0x20) | below(v ^ (kOnes * '"'), 1) | below(v ^ (kOnes * '\\'), 1)) != 0;
}

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  bool ok() const { return ok_; }

  void Key(std::string_view k) {  // k: plain ASCII, no escapes
    Comma();
    out_->push_back('"');
    out_->append(k);
    out_->append("\":", 2);
    first_ = true;  // the value follows the colon without a comma
    after_key_ = true;
  }
  void String(std::string_view s) {
    Comma();
    if (!simdjson::validate_utf8(s.data(), s.size())) ok_ = false;  // the caller falls back
    out_->push_back('"');
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      // Eight bytes at a time while none needs an escape.
      while (i + 8 <= s.size() && !NeedsEscape8(s.data() + i)) i += 8;
      if (i >= s.size()) break;
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_->append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out_->append("\\\"", 2); break;
        case '\\': out_->append("\\\\", 2); break;
        case '\b': out_->append("\\b", 2); break;
        case '\t': out_->append("\\t", 2); break;
        case '\n': out_->append("\\n", 2); break;
        case '\f': out_->append("\\f", 2); break;
        case '\r': out_->append("\\r", 2); break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out_->append(u, 6);
        }
      }
    }
    out_->append(s.data() + run, s.size() - run);
    out_->push_back('"');
  }
  void Strings(const std::vector<std::string>& v) {
    Open('[');
    for (const auto& s : v) String(s);
    Close(']');
  }
  void Int(int64_t v) {
    Comma();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_->append(buf, r.ptr);
  }
  void Bool(bool v) {
    Comma();
    out_->append(v ? "true" : "false");
  }
  void Null() {
    Comma();
    out_->append("null", 4);
  }
  void Open(char c) {
    Comma();
    out_->push_back(c);
    first_ = true;
  }
  void Close(char c) {
    out_->push_back(c);
    first_ = false;
  }

 private:
  void Comma() {
    if (after_key_) {
      after_key_ = false;
      first_ = false;
      return;
    }
    if (!first_) out_->push_back(',');
    first_ = false;
  }

  std::string* out_;
  bool first_ = true, after_key_ = false, ok_ = true;
};

void WriteTime(Writer& w, const ArticleTime& t) {
  if (!t.present) {
    w.Null();
    return;
  }
  w.Open('{');
  w.Key("jalali"), w.String(t.jalali);
  w.Key("gregorian"), w.String(t.gregorian);
  if (t.has_time) {
    w.Key("iso"), w.String(t.iso);
    w.Key("utc"), w.String(t.utc);
  }
  w.Key("unix_seconds"), w.Int(t.unix_seconds);
  w.Key("has_time"), w.Bool(t.has_time);
  w.Key("origin"), w.String(t.origin);
  w.Key("raw"), w.String(t.raw);
  w.Close('}');
}

size_t TextBytes(const Article& a) {
  size_t n = a.title.size() + 2 * a.lead.size() + a.text_content.size() + a.content_html.size() + 1024;
  for (const auto& p : a.body) n += p.size() + 4;
  for (const auto& p : a.raw.body) n += p.size() + 4;
  return n + n / 8;
}

// "" when a string is not valid UTF-8 (the caller then uses the reference).
std::string ToJsonDirect(const Article& a) {
  std::string out;
  out.reserve(TextBytes(a));
  Writer w(&out);
  w.Open('{');
  w.Key("input_kind"), w.String(a.input_kind);
  w.Key("url"), w.String(a.url);
  w.Key("canonical_url"), w.String(a.canonical_url);
  w.Key("title"), w.String(a.title);
  w.Key("lead"), w.String(a.lead);
  w.Key("excerpt"), w.String(!a.lead.empty() ? std::string_view(a.lead)
                                             : (a.body.empty() ? std::string_view() : a.body.front()));
  w.Key("byline"), w.String(a.byline);
  w.Key("site_name"), w.String(a.site_name);
  w.Key("lang"), w.String(a.lang);
  w.Key("dir"), w.String(a.dir);
  w.Key("published_time"),
      w.String(a.published.present ? (a.published.has_time ? a.published.iso : a.published.gregorian)
                                   : std::string());
  w.Key("published"), WriteTime(w, a.published);
  w.Key("updated"), WriteTime(w, a.updated);
  w.Key("news_id"), w.String(a.news_id);
  w.Key("source"), w.Open('{');
  w.Key("agency"), w.String(a.source.agency);
  w.Key("via"), w.Strings(a.source.via);
  w.Key("raw"), w.String(a.source.raw);
  w.Close('}');
  w.Key("category"), w.String(a.category);
  w.Key("tags"), w.Strings(a.tags);
  w.Key("body"), w.Strings(a.body);
  w.Key("text_content"), w.String(a.text_content);
  w.Key("content"), w.String(a.content_html);
  w.Key("images"), w.Open('[');
  for (const auto& im : a.images) {
    w.Open('{');
    w.Key("src"), w.String(im.src);
    w.Key("alt"), w.String(im.alt);
    w.Key("caption"), w.String(im.caption);
    w.Close('}');
  }
  w.Close(']');
  w.Key("page"), w.Open('{');
  w.Key("today"), WriteTime(w, a.page_today);
  w.Key("site_updated"), WriteTime(w, a.site_updated);
  w.Key("other_headlines"), w.Strings(a.other_headlines);
  w.Key("boilerplate"), w.Strings(a.boilerplate);
  w.Close('}');
  w.Key("raw"), w.Open('{');
  w.Key("title"), w.String(a.raw.title);
  w.Key("lead"), w.String(a.raw.lead);
  w.Key("body"), w.Strings(a.raw.body);
  w.Key("byline"), w.String(a.raw.byline);
  w.Close('}');
  w.Key("warnings"), w.Strings(a.warnings);
  w.Close('}');
  if (!w.ok()) return {};
  return out;
}

}  // namespace

std::string Article::ToJson(int indent) const {
  if (indent < 0) {
    std::string s = ToJsonDirect(*this);
    if (!s.empty()) return s;
  }
  return ToJsonNlohmann(*this, indent);
}

Result<Article> Article::FromJson(std::string_view text) {
  if (auto r = FromJsonSimd(text)) return std::move(*r);
  return FromJsonNlohmann(text);
}

}  // namespace khabar
