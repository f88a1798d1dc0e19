// The JSON API under /api/v1/ (doc/api.md, openapi.json). Errors are problem
// details (RFC 9457, application/problem+json).
#include <algorithm>
#include <charconv>

#include "khabar/date_parser.h"
#include "khabar/normalizer.h"
#include "serve/site_impl.h"
#include "serve/text_util.h"

namespace khabar::serve {

using nlohmann::json;

HttpResponse Problem(int status, const std::string& title, const std::string& detail,
                     const std::string& instance) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/problem+json";
  json j = {{"type", "about:blank"},
            {"title", title},
            {"status", status},
            {"detail", CleanUtf8(detail)},
            {"instance", CleanUtf8(instance.substr(0, 512))}};
  r.body = j.dump();
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

namespace {

HttpResponse JsonResponse(const json& j, int status = 200) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = j.dump(-1, ' ', false, json::error_handler_t::replace);
  r.headers.emplace_back("Cache-Control", "public, max-age=30");
  return r;
}

std::string Param(const std::map<std::string, std::string>& q, const std::string& k) {
  auto it = q.find(k);
  return it == q.end() ? std::string() : it->second;
}

// limit: absent → def; 1..max; else an error message.
bool ParseLimit(const std::string& s, int def, int max, int* out, std::string* why) {
  if (s.empty()) {
    *out = def;
    return true;
  }
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 1 || v > max) {
    *why = "limit must be an integer from 1 to " + std::to_string(max);
    return false;
  }
  *out = v;
  return true;
}

json TimeJson(const ArticleTime& t) {
  if (!t.present) return nullptr;
  return {{"jalali", t.jalali}, {"iso", t.iso}, {"utc", t.utc}, {"unix", t.unix_seconds}};
}

json DateJson(const ParsedDate& d) {
  json j = {{"jalali", d.JalaliString()},
            {"iso", d.IsoString()},
            {"calendar", std::string(DateCalendarName(d.calendar))},
            {"precision", std::string(DatePrecisionName(d.precision))},
            {"display", FormatJalaliPersian(d)},
            {"warnings", d.warnings}};
  j["utc"] = d.has_time ? json(d.UtcString()) : json(nullptr);
  j["label"] = d.label;
  return j;
}

}  // namespace

json ArticleSummaryJson(const StoredArticle& s) {
  const Article& a = s.article;
  return {{"id", s.id},
          {"title", a.title},
          {"lead", a.lead},
          {"source", SourceOf(s)},
          {"site", s.site},
          {"category", a.category},
          {"news_id", a.news_id},
          {"published", TimeJson(a.published)},
          {"url", "/news/" + std::to_string(s.id)}};
}

HttpResponse Site::Impl::Api(const HttpRequest& req) const {
  const std::string& p = req.path;
  const std::string& m = req.method;
  auto q = ParseQuery(req.query);
  auto bad = [&](const std::string& detail) { return Problem(400, "Bad Request", detail, req.target); };
  auto method_not_allowed = [&](const char* allow) {
    HttpResponse r = Problem(405, "Method Not Allowed", "use " + std::string(allow), req.target);
    r.headers.emplace_back("Allow", allow);
    return r;
  };
  bool get = m == "GET" || m == "HEAD";

  if (p == "/api/v1/openapi.json") {
    if (!get) return method_not_allowed("GET");
    HttpResponse r;
    r.content_type = "application/json";
    r.body = openapi;
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
  }
  if (p == "/api/v1/articles") {
    if (!get) return method_not_allowed("GET");
    ListQuery lq;
    std::string why;
    if (!ParseLimit(Param(q, "limit"), 20, options.max_page_size, &lq.limit, &why)) return bad(why);
    lq.source = Param(q, "source");
    lq.category = Param(q, "category");
    lq.day_jalali = AsciiDigits(Param(q, "day"));
    lq.month_jalali = AsciiDigits(Param(q, "month"));
    lq.cursor = Param(q, "cursor");
    std::string next;
    auto items = data->List(lq, &next);
    if (!items.ok()) {
      return items.status().code() == StatusCode::kInvalidArgument
                 ? bad(items.status().message())
                 : Problem(500, "Internal Server Error", items.status().message(), req.target);
    }
    json arr = json::array();
    for (const auto& s : *items) arr.push_back(ArticleSummaryJson(s));
    return JsonResponse({{"items", arr}, {"next_cursor", next}});
  }
  if (p.starts_with("/api/v1/articles/")) {
    if (!get) return method_not_allowed("GET");
    std::string id_s = p.substr(17);
    int64_t id = 0;
    auto [e, ec] = std::from_chars(id_s.data(), id_s.data() + id_s.size(), id);
    if (id_s.empty() || ec != std::errc() || e != id_s.data() + id_s.size() || id < 1) {
      return Problem(404, "Not Found", "no article " + id_s, req.target);
    }
    auto got = data->Get(id);
    if (!got.ok()) {
      return got.status().code() == StatusCode::kNotFound
                 ? Problem(404, "Not Found", "no article " + id_s, req.target)
                 : Problem(500, "Internal Server Error", got.status().message(), req.target);
    }
    json a = json::parse(got->article.ToJson(), nullptr, false);
    return JsonResponse({{"id", got->id},
                         {"site", got->site},
                         {"source", SourceOf(*got)},
                         {"fetched_unix", got->fetched_unix},
                         {"version", got->version},
                         {"article", a}});
  }
  if (p == "/api/v1/search") {
    if (!get) return method_not_allowed("GET");
    SearchQuery sq;
    sq.text = Param(q, "q");
    if (sq.text.empty()) return bad("q is required");
    if (sq.text.size() > options.max_query_bytes) {
      return bad("q is longer than " + std::to_string(options.max_query_bytes) + " bytes");
    }
    std::string why;
    if (!ParseLimit(Param(q, "limit"), 10, options.max_page_size, &sq.limit, &why)) return bad(why);
    sq.from_jalali = Param(q, "from");
    sq.to_jalali = Param(q, "to");
    sq.source = Param(q, "source");
    sq.category = Param(q, "category");
    std::string sort = Param(q, "sort");
    if (sort.empty() || sort == "rank") {
      sq.sort = SearchQuery::Sort::kRank;
    } else if (sort == "time") {
      sq.sort = SearchQuery::Sort::kTime;
    } else {
      return bad("sort must be rank or time");
    }
    std::string stem = Param(q, "stem");
    if (stem == "false" || stem == "0") sq.stem = false;
    sq.cursor = Param(q, "cursor");
    auto res = data->Search(sq);
    if (!res.ok()) {
      return res.status().code() == StatusCode::kInternal || res.status().code() == StatusCode::kIoError
                 ? Problem(500, "Internal Server Error", res.status().message(), req.target)
                 : bad(res.status().message());
    }
    json hits = json::array();
    for (const auto& h : res->hits) {
      hits.push_back({{"id", h.id},
                      {"title", h.title},
                      {"snippet_html", h.snippet_html},
                      {"source", h.source},
                      {"published_iso", h.published_iso},
                      {"published_jalali", h.published_jalali},
                      {"score", h.score},
                      {"url", "/news/" + std::to_string(h.id)}});
    }
    return JsonResponse({{"hits", hits},
                         {"total_estimate", res->total_estimate},
                         {"next_cursor", res->next_cursor},
                         {"ranked", res->ranked},
                         {"prefix_capped", res->prefix_capped}});
  }
  if (p == "/api/v1/sources") {
    if (!get) return method_not_allowed("GET");
    auto s = data->Sources();
    if (!s.ok()) return Problem(500, "Internal Server Error", s.status().message(), req.target);
    json arr = json::array();
    for (const auto& [name, count] : *s) arr.push_back({{"name", name}, {"count", count}});
    return JsonResponse({{"sources", arr}});
  }
  if (p == "/api/v1/stats") {
    if (!get) return method_not_allowed("GET");
    auto s = data->Stats();
    if (!s.ok()) return Problem(500, "Internal Server Error", s.status().message(), req.target);
    return JsonResponse(*s);
  }
  if (p == "/api/v1/normalize") {
    if (m != "POST") return method_not_allowed("POST");
    std::string text = req.body;
    if (req.Header("content-type").starts_with("application/json")) {
      json j = json::parse(req.body, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string()) {
        return bad("expected {\"text\": string}");
      }
      text = j["text"].get<std::string>();
    }
    if (text.size() > options.max_body_bytes) {
      return Problem(413, "Content Too Large", "text is too long", req.target);
    }
    std::vector<NormalizeWarning> warnings;
    std::string out = Normalizer::Default().Normalize(text, nullptr, &warnings);
    json w = json::array();
    for (const auto& x : warnings) w.push_back({{"offset", x.offset}, {"message", x.message}});
    return JsonResponse({{"text", out}, {"warnings", w}});
  }
  if (p == "/api/v1/extract") {
    if (m != "POST") return method_not_allowed("POST");
    if (req.body.empty()) return bad("the request body must hold the page");
    ExtractRequest er;
    er.base_url = Param(q, "url");
    er.content_type = std::string(req.Header("content-type"));
    if (er.content_type.starts_with("application/x-www-form-urlencoded") ||
        er.content_type.starts_with("application/octet-stream")) {
      er.content_type.clear();
    }
    auto a = extractor.Extract(req.body, er);
    if (!a.ok()) {
      return a.status().code() == StatusCode::kResourceExhausted
                 ? Problem(413, "Content Too Large", a.status().message(), req.target)
                 : Problem(422, "Unprocessable Content", a.status().message(), req.target);
    }
    HttpResponse r;
    r.content_type = "application/json";
    r.body = a->ToJson();
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }
  if (p == "/api/v1/date") {
    if (!get) return method_not_allowed("GET");
    std::string expr = Param(q, "q");
    if (expr.empty()) return bad("q is required");
    if (expr.size() > kMaxDateExpressionBytes) return bad("q is too long");
    DateParseOptions o;
    std::string now = Param(q, "now");
    if (!now.empty()) {
      auto n = ParseDate(now);
      if (!n.ok() || !n->has_time) return bad("now must be an ISO 8601 instant with a time");
      o.now_unix_seconds = n->utc_unix_seconds;
    }
    auto d = ParseDate(expr, o);
    if (!d.ok()) return Problem(422, "Unprocessable Content", d.status().message(), req.target);
    return JsonResponse(DateJson(*d));
  }
  return Problem(404, "Not Found", "no such endpoint", req.target);
}

}  // namespace khabar::serve
