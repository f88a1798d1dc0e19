// Site internals shared by site.cc (pages, feeds, static files) and api.cc.
#ifndef KHABAR_SERVE_SITE_IMPL_H_
#define KHABAR_SERVE_SITE_IMPL_H_

#include <chrono>
#include <kainjow/mustache.hpp>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "khabar/extractor.h"
#include "serve/site.h"

namespace khabar::serve {

using Data = kainjow::mustache::data;

struct Site::Impl {
  ServeOptions options;
  const SiteData* data = nullptr;
  uint64_t generation = 0;                       // keys the per-thread template cache
  std::map<std::string, std::string> templates;  // name → source
  std::string static_dir, font_dir;
  std::string openapi;  // the document, as read
  Extractor extractor;

  // The micro-cache (ServeOptions::cache_ms): key → answer, in shards.
  struct CacheEntry {
    std::chrono::steady_clock::time_point expires;
    std::shared_ptr<const PreparedResponse> response;
    bool refreshing = false;  // one thread renders anew; the others get this one
  };
  struct CacheShard {
    std::mutex mu;
    std::unordered_map<std::string, CacheEntry> map;
  };
  static constexpr int kCacheShards = 16;
  static constexpr size_t kCacheEntriesPerShard = 256;
  static constexpr size_t kCacheMaxBody = size_t{1} << 20;
  // Cached answers of at least this size keep a gzip form (the server's
  // default gzip_min_bytes).
  static constexpr size_t kGzipMinBytes = 1024;
  mutable CacheShard cache[kCacheShards];

  // Pages.
  HttpResponse Route(const HttpRequest& req) const;
  HttpResponse Home(const HttpRequest& req) const;
  HttpResponse ArticlePage(const HttpRequest& req, int64_t id) const;
  HttpResponse SourcePage(const HttpRequest& req, const std::string& source) const;
  HttpResponse ArchivePage(const HttpRequest& req, int year, int month, int day) const;
  HttpResponse SearchPage(const HttpRequest& req) const;
  HttpResponse MediaPage(const HttpRequest& req) const;
  HttpResponse Feed(const HttpRequest& req, const std::string& kind, const std::string& source,
                    bool search) const;
  HttpResponse Static(const HttpRequest& req, const std::string& rel, bool fonts) const;
  HttpResponse ErrorPage(const HttpRequest& req, int status, const std::string& detail) const;
  // Renders `name` into the layout. REQUIRES: the template exists.
  HttpResponse Page(const HttpRequest& req, const std::string& name, Data& page,
                    const std::string& title, int status = 200) const;
  std::string Render(const std::string& name, const Data& d) const;
  std::string BaseUrl(const HttpRequest& req) const;

  // API (api.cc).
  HttpResponse Api(const HttpRequest& req) const;
};

// Problem details (RFC 9457) as an HttpResponse.
HttpResponse Problem(int status, const std::string& title, const std::string& detail,
                     const std::string& instance);
// Security headers every response carries.
void AddSecurityHeaders(HttpResponse* r);
// {"id", "title", "lead", "source", "category", "url", "published", ...}: the
// summary of a stored article used by lists and feeds.
nlohmann::json ArticleSummaryJson(const StoredArticle& s);

}  // namespace khabar::serve

#endif  // KHABAR_SERVE_SITE_IMPL_H_
