// Site: routes one HttpRequest to a page, feed, static file or API answer.
// A shell over the archive's read calls (through SiteData, so tests can use a
// small in-memory store). Built once, immutable, thread-safe: templates are
// read at Create and compiled once per thread.
#ifndef KHABAR_SERVE_SITE_H_
#define KHABAR_SERVE_SITE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "khabar/archive.h"
#include "khabar/extractor.h"
#include "khabar/serve.h"
#include "serve/http_server.h"

namespace khabar::serve {

// The archive calls the site uses (Archive's read API, same contracts).
class SiteData {
 public:
  virtual ~SiteData() = default;
  virtual Result<StoredArticle> Get(int64_t id) const = 0;
  virtual Result<SearchResult> Search(const SearchQuery& q) const = 0;
  virtual Result<std::vector<StoredArticle>> List(const ListQuery& q, std::string* next) const = 0;
  virtual Result<std::vector<std::pair<std::string, int64_t>>> Sources() const = 0;
  virtual Result<nlohmann::json> Stats() const = 0;
};

class ArchiveSiteData : public SiteData {
 public:
  explicit ArchiveSiteData(const Archive& a) : a_(a) {}
  Result<StoredArticle> Get(int64_t id) const override { return a_.Get(id); }
  Result<SearchResult> Search(const SearchQuery& q) const override { return a_.Search(q); }
  Result<std::vector<StoredArticle>> List(const ListQuery& q, std::string* next) const override {
    return a_.List(q, next);
  }
  Result<std::vector<std::pair<std::string, int64_t>>> Sources() const override {
    return a_.Sources();
  }
  Result<nlohmann::json> Stats() const override { return a_.Stats(); }

 private:
  const Archive& a_;
};

class Site {
 public:
  // Reads templates/, static/ and openapi.json from options.resource_dir.
  // Fails with kNotFound / kInvalidArgument naming the file.
  static Result<std::unique_ptr<Site>> Create(const ServeOptions& options, const SiteData* data);
  ~Site();

  // Never throws (errors become 4xx/5xx pages or problem details). With
  // the micro-cache on (ServeOptions::cache_ms), GET/HEAD answers with status
  // 200 or 404 come back prepared (HttpResponse::prepared set, the other
  // fields empty): headers, gzip form, ETag and Last-Modified made once and
  // shared by every request for that Host and target until it expires.
  HttpResponse Handle(const HttpRequest& req) const;

  struct Impl;

 private:
  explicit Site(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The name an article is listed under, as the archive lists it: its source
// agency, else its site.
std::string SourceOf(const StoredArticle& s);

// Where the sources' resources are (compiled in).
std::string DefaultResourceDir();
std::string DefaultFontDir();

}  // namespace khabar::serve

#endif  // KHABAR_SERVE_SITE_H_
