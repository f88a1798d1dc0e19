// Site: pages, feeds and static files. See site.h.
#include "serve/site.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "khabar/jalali.h"
#include "serve/sanitize.h"
#include "serve/site_impl.h"
#include "serve/text_util.h"

#ifndef KHABAR_SERVE_RESOURCE_DIR
#define KHABAR_SERVE_RESOURCE_DIR KHABAR_SOURCE_DIR "/src/serve"
#endif
#ifndef KHABAR_SERVE_FONT_DIR
#define KHABAR_SERVE_FONT_DIR ""
#endif

namespace khabar::serve {

using kainjow::mustache::list;
using kainjow::mustache::mustache;

std::string DefaultResourceDir() { return KHABAR_SERVE_RESOURCE_DIR; }
std::string DefaultFontDir() { return KHABAR_SERVE_FONT_DIR; }

namespace {

std::atomic<uint64_t> g_generation{1};
constexpr const char* kTemplateNames[] = {"layout", "home", "article", "list", "search", "error"};
constexpr int kMaxListLimit = 50;

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::string SourceUrl(const std::string& source) { return "/source/" + UrlEncode(source); }

// One entry of a headline list.
Data ItemData(const StoredArticle& s) {
  Data d;
  const Article& a = s.article;
  d.set("id", PersianDigits(std::to_string(s.id)));
  d.set("url", "/news/" + std::to_string(s.id));
  d.set("title", a.title.empty() ? std::string("(بی\u200cعنوان)") : a.title);
  if (!a.lead.empty()) d.set("lead", a.lead);
  std::string src = SourceOf(s);
  if (!src.empty()) {
    d.set("source", src);
    d.set("source_url", SourceUrl(src));
  }
  if (!a.category.empty()) d.set("category", a.category);
  if (a.published.present) {
    d.set("time_iso", a.published.iso.empty() ? a.published.gregorian : a.published.iso);
    d.set("time_display", JalaliDisplay(a.published.jalali));
  }
  for (const auto& img : a.images) {
    if (img.src.starts_with("http://") || img.src.starts_with("https://") ||
        (img.src.starts_with("/") && !img.src.starts_with("//"))) {
      d.set("image", img.src);
      d.set("image_alt", img.alt.empty() ? (img.caption.empty() ? a.title : img.caption) : img.alt);
      break;
    }
  }
  return d;
}

Data ItemsData(const std::vector<StoredArticle>& v) {
  Data l{Data::type::list};
  for (const auto& s : v) l.push_back(ItemData(s));
  return l;
}

std::string Param(const std::map<std::string, std::string>& q, const std::string& k) {
  auto it = q.find(k);
  return it == q.end() ? std::string() : it->second;
}

ListQuery Lq(std::string source, int limit, std::string cursor = "") {
  ListQuery q;
  q.source = std::move(source);
  q.limit = limit;
  q.cursor = std::move(cursor);
  return q;
}

bool IsMedia(const StoredArticle& s) {
  static const char* kWords[] = {"عکس", "فیلم", "ویدئو", "ویدیو", "چندرسانه"};
  for (const char* w : kWords) {
    if (s.article.category.find(w) != std::string::npos) return true;
  }
  return !s.article.images.empty();
}

}  // namespace

std::string SourceOf(const StoredArticle& s) {
  // The archive's rule (Sources, List's source filter): agency, else site.
  if (!s.article.source.agency.empty()) return s.article.source.agency;
  return s.site;
}

void AddSecurityHeaders(HttpResponse* r) {
  r->headers.emplace_back("X-Content-Type-Options", "nosniff");
  r->headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
      "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
      "form-action 'self'");
  r->headers.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
  r->headers.emplace_back("X-Frame-Options", "DENY");
}

Site::Site(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Site::~Site() = default;

Result<std::unique_ptr<Site>> Site::Create(const ServeOptions& options, const SiteData* data) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->data = data;
  impl->generation = g_generation.fetch_add(1);
  std::string dir = options.resource_dir.empty() ? DefaultResourceDir() : options.resource_dir;
  for (const char* name : kTemplateNames) {
    std::string path = dir + "/templates/" + name + ".mustache";
    std::string src;
    if (!ReadFile(path, &src)) return Status::NotFound("cannot read template " + path);
    mustache m(src);
    if (!m.is_valid()) return Status::InvalidArgument(path + ": " + m.error_message());
    impl->templates[name] = std::move(src);
  }
  std::string openapi_path = dir + "/openapi.json";
  if (!ReadFile(openapi_path, &impl->openapi))
    return Status::NotFound("cannot read " + openapi_path);
  if (!nlohmann::json::accept(impl->openapi)) {
    return Status::InvalidArgument(openapi_path + ": not valid JSON");
  }
  impl->static_dir = dir + "/static";
  impl->font_dir = options.font_dir.empty() ? DefaultFontDir() : options.font_dir;
  return std::unique_ptr<Site>(new Site(std::move(impl)));
}

std::string Site::Impl::Render(const std::string& name, const Data& d) const {
  // kainjow's render() is not const: one compiled copy per thread and Site.
  thread_local std::unordered_map<uint64_t, std::map<std::string, std::unique_ptr<mustache>>> cache;
  auto& mine = cache[generation];
  auto it = mine.find(name);
  if (it == mine.end()) {
    it = mine.emplace(name, std::make_unique<mustache>(templates.at(name))).first;
  }
  return it->second->render(d);
}

std::string Site::Impl::BaseUrl(const HttpRequest& req) const {
  if (!options.public_url.empty()) return options.public_url;
  std::string host(req.Header("host"));
  std::string clean;
  for (char c : host) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '-' ||
        c == '[' || c == ']')
      clean.push_back(c);
  }
  if (clean.empty() || clean.size() > 255) clean = "127.0.0.1";
  return "http://" + clean;
}

HttpResponse Site::Impl::Page(const HttpRequest& req, const std::string& name, Data& page,
                              const std::string& title, int status) const {
  Data layout;
  layout.set("title", title);
  layout.set("content", Render(name, page));
  if (page.get("feed_rss")) layout.set("feed_rss", *page.get("feed_rss"));
  if (page.get("feed_atom")) layout.set("feed_atom", *page.get("feed_atom"));
  if (page.get("description")) layout.set("description", *page.get("description"));
  int y, m, d;
  TehranToday(&y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "/archive/%04d/%02d", y, m);
  layout.set("month_url", std::string(buf));
  layout.set("today_display",
             JalaliDisplay(std::to_string(y) + "-" + std::to_string(m) + "-" + std::to_string(d)));
  HttpResponse r;
  r.status = status;
  r.body = Render("layout", layout);
  r.headers.emplace_back("Cache-Control", status == 200 ? "public, max-age=60" : "no-store");
  return r;
}

HttpResponse Site::Impl::ErrorPage(const HttpRequest& req, int status,
                                   const std::string& detail) const {
  Data d;
  d.set("code", PersianDigits(std::to_string(status)));
  if (status == 404) {
    d.set("heading", std::string("صفحه پیدا نشد"));
    d.set("message",
          std::string("نشانی\u200cای که خواستید در این سایت نیست یا خبر برداشته شده است."));
  } else if (status == 400) {
    d.set("heading", std::string("درخواست نادرست"));
    d.set("message", detail);
  } else {
    d.set("heading", std::string("خطای سرور"));
    d.set("message", std::string("مشکلی پیش آمد. چند لحظه دیگر دوباره امتحان کنید."));
  }
  return Page(req, "error", d, status == 404 ? "صفحه پیدا نشد" : "خطا", status);
}

HttpResponse Site::Impl::Home(const HttpRequest& req) const {
  std::string next;
  auto latest = data->List(Lq("", 60), &next);
  if (!latest.ok()) return ErrorPage(req, 500, latest.status().message());
  Data d;
  std::vector<StoredArticle> top(latest->begin(),
                                 latest->begin() + std::min<size_t>(12, latest->size()));
  d.set("latest", ItemsData(top));
  if (!top.empty()) d.set("has_latest", true);
  // By category, in order of the newest article of each.
  std::vector<std::string> cats;
  std::map<std::string, std::vector<StoredArticle>> by_cat;
  for (const auto& s : *latest) {
    if (s.article.category.empty()) continue;
    auto& v = by_cat[s.article.category];
    if (v.empty()) cats.push_back(s.article.category);
    if (v.size() < 4) v.push_back(s);
  }
  Data cl{Data::type::list};
  for (size_t i = 0; i < cats.size() && i < 6; ++i) {
    Data c;
    c.set("name", cats[i]);
    c.set("items", ItemsData(by_cat[cats[i]]));
    cl.push_back(c);
  }
  d.set("categories", cl);
  auto sources = data->Sources();
  Data sl{Data::type::list};
  if (sources.ok()) {
    for (size_t i = 0; i < sources->size() && i < 6; ++i) {
      const auto& [name, count] = (*sources)[i];
      auto items = data->List(Lq(name, 4), nullptr);
      Data s;
      s.set("name", name);
      s.set("url", SourceUrl(name));
      s.set("count", PersianDigits(std::to_string(count)));
      if (items.ok()) s.set("items", ItemsData(*items));
      sl.push_back(s);
    }
  }
  d.set("sources", sl);
  d.set("feed_rss", std::string("/feed.rss"));
  d.set("feed_atom", std::string("/feed.atom"));
  d.set("description", std::string("تازه\u200cترین خبرها، به تفکیک موضوع و منبع"));
  return Page(req, "home", d, "تازه\u200cترین خبرها");
}

HttpResponse Site::Impl::ArticlePage(const HttpRequest& req, int64_t id) const {
  auto got = data->Get(id);
  if (!got.ok()) {
    return ErrorPage(req, got.status().code() == StatusCode::kNotFound ? 404 : 500,
                     got.status().message());
  }
  const StoredArticle& s = *got;
  const Article& a = s.article;
  Data d;
  d.set("title", a.title.empty() ? std::string("(بی\u200cعنوان)") : a.title);
  if (!a.lead.empty()) d.set("lead", a.lead);
  if (!a.byline.empty()) d.set("byline", a.byline);
  if (!a.category.empty()) d.set("category", a.category);
  d.set("news_id", PersianDigits(a.news_id.empty() ? std::to_string(s.id) : a.news_id));
  if (a.published.present) {
    d.set("published_iso", a.published.iso.empty() ? a.published.gregorian : a.published.iso);
    d.set("published_display", JalaliDisplay(a.published.jalali));
  }
  if (a.updated.present) {
    d.set("updated_iso", a.updated.iso.empty() ? a.updated.gregorian : a.updated.iso);
    d.set("updated_display", JalaliDisplay(a.updated.jalali));
  }
  std::string src = SourceOf(s);
  d.set("source", src);
  d.set("source_url", SourceUrl(src));
  Data via{Data::type::list};
  for (const auto& v : a.source.via) {
    Data x;
    x.set("name", v);
    via.push_back(x);
  }
  d.set("via", via);
  if (!a.source.via.empty()) d.set("has_via", true);
  // Body: the sanitized HTML when there is one, else the paragraphs.
  if (!a.content_html.empty()) {
    d.set("body_html", SanitizeHtml(a.content_html));
  } else {
    Data paras{Data::type::list};
    for (const auto& p : a.body) {
      Data x;
      x.set("text", p);
      paras.push_back(x);
    }
    d.set("paragraphs", paras);
  }
  Data imgs{Data::type::list};
  // The images go above the body unless the body HTML shows them itself.
  if (a.content_html.find("<img") == std::string::npos) {
    for (const auto& img : a.images) {
      if (!(img.src.starts_with("https://") || img.src.starts_with("http://"))) continue;
      Data x;
      x.set("src", img.src);
      x.set("alt", img.alt.empty() ? a.title : img.alt);
      if (!img.caption.empty()) x.set("caption", img.caption);
      imgs.push_back(x);
    }
  }
  d.set("images", imgs);
  Data tags{Data::type::list};
  for (const auto& t : a.tags) {
    Data x;
    x.set("name", t);
    x.set("url", "/search?q=" + UrlEncode(t));
    tags.push_back(x);
  }
  d.set("tags", tags);
  if (!a.tags.empty()) d.set("has_tags", true);
  // Share.
  std::string url = BaseUrl(req) + "/news/" + std::to_string(s.id);
  std::string t = a.title;
  d.set("share_url", url);
  d.set("share_telegram", "https://t.me/share/url?url=" + UrlEncode(url) + "&text=" + UrlEncode(t));
  d.set("share_whatsapp", "https://wa.me/?text=" + UrlEncode(t + " " + url));
  d.set("share_x", "https://x.com/intent/post?url=" + UrlEncode(url) + "&text=" + UrlEncode(t));
  d.set("share_email", "mailto:?subject=" + UrlEncode(t) + "&body=" + UrlEncode(t + "\n" + url));
  if (!a.url.empty() && (a.url.starts_with("http://") || a.url.starts_with("https://"))) {
    d.set("original_url", a.url);
  }
  // Other stories: the page's own list, then more from the same source.
  Data other{Data::type::list};
  for (size_t i = 0; i < a.other_headlines.size() && i < 8; ++i) {
    Data x;
    x.set("title", a.other_headlines[i]);
    x.set("url", "/search?q=" + UrlEncode(a.other_headlines[i]));
    other.push_back(x);
  }
  d.set("other_headlines", other);
  if (!a.other_headlines.empty()) d.set("has_other_headlines", true);
  auto more = data->List(Lq(src, 7), nullptr);
  std::vector<StoredArticle> more_v;
  if (more.ok()) {
    for (auto& m : *more) {
      if (m.id != s.id && more_v.size() < 6) more_v.push_back(std::move(m));
    }
  }
  d.set("more", ItemsData(more_v));
  if (!more_v.empty()) d.set("has_more", true);
  d.set("description", a.lead.empty() ? a.title : a.lead);
  return Page(req, "article", d, a.title);
}

HttpResponse Site::Impl::SourcePage(const HttpRequest& req, const std::string& source) const {
  auto q = ParseQuery(req.query);
  std::string next;
  auto items = data->List(Lq(source, 20, Param(q, "cursor")), &next);
  if (!items.ok()) return ErrorPage(req, 400, items.status().message());
  if (items->empty() && Param(q, "cursor").empty()) return ErrorPage(req, 404, "no such source");
  Data d;
  d.set("heading", "خبرهای " + source);
  d.set("items", ItemsData(*items));
  if (!next.empty()) d.set("next_url", SourceUrl(source) + "?cursor=" + UrlEncode(next));
  d.set("feed_rss", SourceUrl(source) + "/feed.rss");
  d.set("feed_atom", SourceUrl(source) + "/feed.atom");
  d.set("has_feeds", true);
  return Page(req, "list", d, "خبرهای " + source);
}

HttpResponse Site::Impl::ArchivePage(const HttpRequest& req, int year, int month, int day) const {
  auto q = ParseQuery(req.query);
  if (month < 1 || month > 12 || year < 1 || year > 3177) return ErrorPage(req, 404, "bad date");
  char buf[32];
  ListQuery lq;
  lq.limit = 30;
  lq.cursor = Param(q, "cursor");
  std::string heading, self;
  if (day > 0) {
    if (!ValidateJalali({year, month, day}).ok()) return ErrorPage(req, 404, "bad date");
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    lq.day_jalali = buf;
    heading = "خبرهای " + JalaliDisplay(buf);
    std::snprintf(buf, sizeof buf, "/archive/%04d/%02d/%02d", year, month, day);
    self = buf;
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    lq.month_jalali = buf;
    heading = "خبرهای " + JalaliMonthDisplay(year, month);
    std::snprintf(buf, sizeof buf, "/archive/%04d/%02d", year, month);
    self = buf;
  }
  std::string next;
  auto items = data->List(lq, &next);
  if (!items.ok()) return ErrorPage(req, 400, items.status().message());
  Data d;
  d.set("heading", heading);
  d.set("items", ItemsData(*items));
  if (items->empty()) d.set("empty", true);
  if (!next.empty()) d.set("next_url", self + "?cursor=" + UrlEncode(next));
  // Navigation: the days of the month, previous and next month.
  Data days{Data::type::list};
  for (int k = 1; k <= JalaliMonthLength(year, month); ++k) {
    Data x;
    std::snprintf(buf, sizeof buf, "/archive/%04d/%02d/%02d", year, month, k);
    x.set("url", std::string(buf));
    x.set("label", PersianDigits(std::to_string(k)));
    if (k == day) x.set("current", true);
    days.push_back(x);
  }
  d.set("days", days);
  d.set("has_days", true);
  d.set("month_label", JalaliMonthDisplay(year, month));
  int py = month == 1 ? year - 1 : year, pm = month == 1 ? 12 : month - 1;
  int ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
  std::snprintf(buf, sizeof buf, "/archive/%04d/%02d", py, pm);
  d.set("prev_month_url", std::string(buf));
  d.set("prev_month_label", JalaliMonthDisplay(py, pm));
  std::snprintf(buf, sizeof buf, "/archive/%04d/%02d", ny, nm);
  d.set("next_month_url", std::string(buf));
  d.set("next_month_label", JalaliMonthDisplay(ny, nm));
  return Page(req, "list", d, heading);
}

HttpResponse Site::Impl::MediaPage(const HttpRequest& req) const {
  auto items = data->List(Lq("", 100), nullptr);
  if (!items.ok()) return ErrorPage(req, 500, items.status().message());
  std::vector<StoredArticle> media;
  for (auto& s : *items) {
    if (IsMedia(s) && media.size() < 30) media.push_back(std::move(s));
  }
  Data d;
  d.set("heading", std::string("گزارش\u200cهای تصویری و ویدئویی"));
  d.set("items", ItemsData(media));
  d.set("gallery", true);
  if (media.empty()) d.set("empty", true);
  return Page(req, "list", d, "چندرسانه\u200cای");
}

HttpResponse Site::Impl::SearchPage(const HttpRequest& req) const {
  auto q = ParseQuery(req.query);
  std::string text = Param(q, "q");
  Data d;
  d.set("q", text);
  d.set("from", Param(q, "from"));
  d.set("to", Param(q, "to"));
  std::string source = Param(q, "source"), sort = Param(q, "sort");
  if (sort == "time") d.set("sort_time", true);
  auto sources = data->Sources();
  Data sl{Data::type::list};
  if (sources.ok()) {
    for (const auto& [name, count] : *sources) {
      Data x;
      x.set("name", name);
      if (name == source) x.set("selected", true);
      sl.push_back(x);
    }
  }
  d.set("sources", sl);
  if (text.empty()) return Page(req, "search", d, "جست\u200cوجو");
  if (text.size() > options.max_query_bytes)
    return ErrorPage(req, 400, "عبارت جست\u200cوجو بیش از حد بلند است.");
  SearchQuery sq;
  sq.text = text;
  sq.from_jalali = Param(q, "from");
  sq.to_jalali = Param(q, "to");
  sq.source = source;
  sq.category = Param(q, "category");
  sq.sort = sort == "time" ? SearchQuery::Sort::kTime : SearchQuery::Sort::kRank;
  sq.limit = 20;
  sq.cursor = Param(q, "cursor");
  auto res = data->Search(sq);
  if (!res.ok()) {
    StatusCode c = res.status().code();
    if (c != StatusCode::kInvalidArgument && c != StatusCode::kResourceExhausted) {
      return ErrorPage(req, 500, res.status().message());
    }
    d.set("error", "این جست\u200cوجو انجام نشد: " + res.status().message());
    return Page(req, "search", d, "جست\u200cوجو", 400);
  }
  Data hits{Data::type::list};
  for (const auto& h : res->hits) {
    Data x;
    x.set("url", "/news/" + std::to_string(h.id));
    x.set("title", h.title);
    x.set("snippet_html", SanitizeHtml(h.snippet_html));
    if (!h.source.empty()) {
      x.set("source", h.source);
      x.set("source_url", SourceUrl(h.source));
    }
    if (!h.published_jalali.empty()) {
      x.set("time_iso", h.published_iso);
      x.set("time_display", JalaliDisplay(h.published_jalali));
    }
    hits.push_back(x);
  }
  d.set("hits", hits);
  d.set("searched", true);
  d.set("total", PersianDigits(std::to_string(res->total_estimate)));
  if (res->hits.empty()) d.set("no_hits", true);
  if (res->prefix_capped) d.set("prefix_capped", true);
  std::string self_q = "q=" + UrlEncode(text);
  for (const char* k : {"from", "to", "source", "category", "sort"}) {
    if (!Param(q, k).empty()) self_q += std::string("&") + k + "=" + UrlEncode(Param(q, k));
  }
  if (!res->next_cursor.empty())
    d.set("next_url", "/search?" + self_q + "&cursor=" + UrlEncode(res->next_cursor));
  d.set("feed_rss", "/search/feed.rss?" + self_q);
  d.set("feed_atom", "/search/feed.atom?" + self_q);
  return Page(req, "search", d, "جست\u200cوجوی «" + text + "»");
}

HttpResponse Site::Impl::Feed(const HttpRequest& req, const std::string& kind,
                              const std::string& source, bool search) const {
  std::string base = BaseUrl(req);
  struct Entry {
    int64_t id;
    std::string title, summary, source;
    int64_t time;
  };
  std::vector<Entry> entries;
  std::string title = "خبر: تازه\u200cترین خبرها", self_path;
  if (search) {
    auto q = ParseQuery(req.query);
    SearchQuery sq;
    sq.text = Param(q, "q");
    if (sq.text.empty() || sq.text.size() > options.max_query_bytes) {
      return Problem(
          400, "bad query",
          "q is required and at most " + std::to_string(options.max_query_bytes) + " bytes",
          req.target);
    }
    sq.from_jalali = Param(q, "from");
    sq.to_jalali = Param(q, "to");
    sq.source = Param(q, "source");
    sq.category = Param(q, "category");
    sq.sort = SearchQuery::Sort::kTime;
    sq.limit = 30;
    auto res = data->Search(sq);
    if (!res.ok()) return Problem(400, "bad query", res.status().message(), req.target);
    for (const auto& h : res->hits) {
      auto g = data->Get(h.id);
      int64_t t = g.ok() && g->article.published.present ? g->article.published.unix_seconds
                                                         : (g.ok() ? g->fetched_unix : 0);
      entries.push_back({h.id, h.title, g.ok() ? g->article.lead : "", h.source, t});
    }
    title = "خبر: جست\u200cوجوی «" + sq.text + "»";
    self_path = "/search/feed." + kind + "?" + req.query;
  } else {
    auto items = data->List(Lq(source, 30), nullptr);
    if (!items.ok()) return Problem(500, "archive error", items.status().message(), req.target);
    if (!source.empty() && items->empty())
      return Problem(404, "no such source", source, req.target);
    for (const auto& s : *items) {
      entries.push_back(
          {s.id, s.article.title, s.article.lead, SourceOf(s),
           s.article.published.present ? s.article.published.unix_seconds : s.fetched_unix});
    }
    if (!source.empty()) {
      title = "خبر: " + source;
      self_path = SourceUrl(source) + "/feed." + kind;
    } else {
      self_path = "/feed." + kind;
    }
  }
  int64_t newest = 0;
  for (const auto& e : entries) newest = std::max(newest, e.time);
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  HttpResponse r;
  if (kind == "rss") {
    r.content_type = "application/rss+xml; charset=utf-8";
    x += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n";
    x += "<title>" + XmlEscape(title) + "</title>\n<link>" + XmlEscape(base + "/") + "</link>\n";
    x += "<description>" + XmlEscape(title) + "</description>\n<language>fa</language>\n";
    x += "<atom:link href=\"" + XmlEscape(base + self_path) +
         "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
    if (newest) x += "<lastBuildDate>" + Rfc822(newest) + "</lastBuildDate>\n";
    for (const auto& e : entries) {
      std::string link = base + "/news/" + std::to_string(e.id);
      x += "<item>\n<title>" + XmlEscape(CleanUtf8(e.title)) + "</title>\n<link>" +
           XmlEscape(link) + "</link>\n<guid isPermaLink=\"true\">" + XmlEscape(link) + "</guid>\n";
      if (!e.summary.empty())
        x += "<description>" + XmlEscape(CleanUtf8(e.summary)) + "</description>\n";
      if (!e.source.empty()) x += "<category>" + XmlEscape(CleanUtf8(e.source)) + "</category>\n";
      if (e.time) x += "<pubDate>" + Rfc822(e.time) + "</pubDate>\n";
      x += "</item>\n";
    }
    x += "</channel>\n</rss>\n";
  } else {
    r.content_type = "application/atom+xml; charset=utf-8";
    x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fa\">\n";
    x += "<title>" + XmlEscape(title) + "</title>\n<id>" + XmlEscape(base + self_path) + "</id>\n";
    x += "<link rel=\"self\" href=\"" + XmlEscape(base + self_path) + "\"/>\n";
    x += "<link rel=\"alternate\" href=\"" + XmlEscape(base + "/") + "\"/>\n";
    x += "<updated>" + Rfc3339(newest) + "</updated>\n<author><name>khabar</name></author>\n";
    for (const auto& e : entries) {
      std::string link = base + "/news/" + std::to_string(e.id);
      x += "<entry>\n<title>" + XmlEscape(CleanUtf8(e.title)) + "</title>\n<id>" + XmlEscape(link) +
           "</id>\n<link rel=\"alternate\" href=\"" + XmlEscape(link) + "\"/>\n<updated>" +
           Rfc3339(e.time) + "</updated>\n";
      if (!e.summary.empty()) x += "<summary>" + XmlEscape(CleanUtf8(e.summary)) + "</summary>\n";
      if (!e.source.empty())
        x += "<author><name>" + XmlEscape(CleanUtf8(e.source)) + "</name></author>\n";
      x += "</entry>\n";
    }
    x += "</feed>\n";
  }
  r.body = std::move(x);
  r.headers.emplace_back("Cache-Control", "public, max-age=120");
  return r;
}

HttpResponse Site::Impl::Static(const HttpRequest& req, const std::string& rel, bool fonts) const {
  // rel is percent-decoded. Only [A-Za-z0-9._-] segments, no "..", no
  // leading dot: nothing outside the asset folder can be named.
  if (rel.empty() || rel.size() > 200) return ErrorPage(req, 404, "");
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    std::string seg =
        rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg.empty() || seg[0] == '.') return ErrorPage(req, 404, "");
    for (char c : seg) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) {
        return ErrorPage(req, 404, "");
      }
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string root = fonts ? font_dir : static_dir;
  if (root.empty()) return ErrorPage(req, 404, "");
  std::string body;
  if (!ReadFile(root + "/" + rel, &body)) return ErrorPage(req, 404, "");
  HttpResponse r;
  std::string ext = rel.substr(rel.rfind('.') + 1);
  static const std::map<std::string, std::string> kTypes = {
      {"css", "text/css; charset=utf-8"},
      {"js", "application/javascript; charset=utf-8"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"ttf", "font/ttf"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"}};
  auto it = kTypes.find(ext);
  r.content_type = it == kTypes.end() ? "application/octet-stream" : it->second;
  r.body = std::move(body);
  // Fonts never change under one name; our CSS/JS may, so an hour.
  r.headers.emplace_back("Cache-Control",
                         fonts ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  return r;
}

HttpResponse Site::Impl::Route(const HttpRequest& req) const {
  const std::string& p = req.path;
  bool api = p.starts_with("/api/");
  if (api) return Api(req);
  if (req.method != "GET" && req.method != "HEAD") {
    HttpResponse r = ErrorPage(req, 405, "");
    r.status = 405;
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (p == "/" || p == "/index.html") return Home(req);
  if (p.starts_with("/news/")) {
    std::string id = p.substr(6);
    if (id.empty() || id.size() > 18 || !std::all_of(id.begin(), id.end(), ::isdigit)) {
      return ErrorPage(req, 404, "");
    }
    return ArticlePage(req, std::stoll(id));
  }
  if (p == "/search") return SearchPage(req);
  if (p == "/search/feed.rss") return Feed(req, "rss", "", true);
  if (p == "/search/feed.atom") return Feed(req, "atom", "", true);
  if (p == "/feed.rss" || p == "/rss") return Feed(req, "rss", "", false);
  if (p == "/feed.atom" || p == "/atom") return Feed(req, "atom", "", false);
  if (p == "/media") return MediaPage(req);
  if (p.starts_with("/source/")) {
    std::string rest = p.substr(8);
    if (rest.ends_with("/feed.rss"))
      return Feed(req, "rss", rest.substr(0, rest.size() - 9), false);
    if (rest.ends_with("/feed.atom"))
      return Feed(req, "atom", rest.substr(0, rest.size() - 10), false);
    if (rest.empty() || rest.size() > 200) return ErrorPage(req, 404, "");
    return SourcePage(req, CleanUtf8(rest));
  }
  if (p == "/archive" || p == "/archive/") {
    int y, m, d;
    TehranToday(&y, &m, &d);
    return ArchivePage(req, y, m, 0);
  }
  if (p.starts_with("/archive/")) {
    std::string a = AsciiDigits(p.substr(9));
    int y = 0, m = 0, d = 0;
    char extra = 0;
    int n = std::sscanf(a.c_str(), "%4d/%2d/%2d%c", &y, &m, &d, &extra);
    if (n == 3) return ArchivePage(req, y, m, d);
    n = std::sscanf(a.c_str(), "%4d/%2d%c", &y, &m, &extra);
    if (n == 2) return ArchivePage(req, y, m, 0);
    return ErrorPage(req, 404, "");
  }
  if (p.starts_with("/static/fonts/")) return Static(req, p.substr(14), true);
  if (p.starts_with("/static/")) return Static(req, p.substr(8), false);
  if (p == "/favicon.ico") return Static(req, "favicon.svg", false);
  if (p == "/healthz") {
    HttpResponse r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok\n";
    return r;
  }
  return ErrorPage(req, 404, "");
}

HttpResponse Site::Handle(const HttpRequest& req) const {
  const Impl& im = *impl_;
  bool cacheable = im.options.cache_ms > 0 && (req.method == "GET" || req.method == "HEAD") &&
                   !req.path.starts_with("/static/");
  std::string key;
  Impl::CacheShard* shard = nullptr;
  std::shared_ptr<const PreparedResponse> previous;
  if (cacheable) {
    // Share links and feeds use the Host when there is no public URL.
    if (im.options.public_url.empty()) key = req.Header("host");
    key += '\n';
    key += req.target;
    shard = &im.cache[std::hash<std::string>{}(key) % Impl::kCacheShards];
    auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(shard->mu);
    auto it = shard->map.find(key);
    if (it != shard->map.end()) {
      HttpResponse hit;
      hit.prepared = it->second.response;
      if (it->second.expires > now) return hit;
      // Expired: the first thread here renders it again, the others keep
      // getting the old answer meanwhile (no stampede on the archive).
      if (it->second.refreshing) return hit;
      it->second.refreshing = true;
      previous = it->second.response;
    }
  }
  HttpResponse r;
  try {
    r = impl_->Route(req);
  } catch (const std::exception& e) {
    try {
      r = impl_->ErrorPage(req, 500, e.what());
    } catch (...) {
      r = HttpResponse{};
      r.status = 500;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "internal error\n";
    }
  }
  AddSecurityHeaders(&r);
  if (shard && (r.status == 200 || r.status == 404) && r.body.size() <= Impl::kCacheMaxBody) {
    // Kept ready to send: headers serialized, gzip made, ETag computed, once.
    // Last-Modified is when this content was first rendered: it survives a
    // refresh that renders the same bytes.
    int64_t now_unix = static_cast<int64_t>(std::time(nullptr));
    auto p = PrepareResponse(std::move(r), Impl::kGzipMinBytes);
    bool same = previous && previous->body_hash == p->body_hash &&
                previous->response.body.size() == p->response.body.size() &&
                previous->response.status == p->response.status;
    if (p->response.status == 200)
      p->SetLastModified(same ? previous->last_modified_unix : now_unix);
    std::shared_ptr<const PreparedResponse> entry = std::move(p);
    auto expires =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(im.options.cache_ms);
    {
      std::lock_guard<std::mutex> lock(shard->mu);
      if (shard->map.size() >= Impl::kCacheEntriesPerShard && !shard->map.count(key)) {
        // Full: drop the expired entries; if none, one other entry (bounded
        // memory; a flood of distinct targets cannot empty the whole cache).
        auto now = std::chrono::steady_clock::now();
        std::erase_if(shard->map, [&](const auto& kv) {
          return kv.second.expires <= now && !kv.second.refreshing;
        });
        if (shard->map.size() >= Impl::kCacheEntriesPerShard) shard->map.erase(shard->map.begin());
      }
      shard->map[key] = Impl::CacheEntry{expires, entry};
    }
    HttpResponse out;
    out.prepared = std::move(entry);
    return out;
  } else if (shard) {
    std::lock_guard<std::mutex> lock(shard->mu);
    shard->map.erase(key);  // an error is never cached nor served stale
  }
  return r;
}

}  // namespace khabar::serve
