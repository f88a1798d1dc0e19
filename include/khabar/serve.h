// khabar serve: the news site and the JSON API over an Archive.
//
// Serve() blocks: it listens, serves pages, feeds, static assets and
// /api/v1/ on all cores until SIGTERM or SIGINT, then lets requests in flight
// finish (graceful shutdown) and returns. The archive is only read (Get,
// Search, List, Sources, Stats are thread-safe). Pages, routes, limits and
// headers are described in doc/serve.md; the API in doc/api.md and in
// src/serve/openapi.json (served at /api/v1/openapi.json).
#ifndef KHABAR_SERVE_H_
#define KHABAR_SERVE_H_

#include <cstddef>
#include <functional>
#include <string>

#include "khabar/archive.h"
#include "khabar/status.h"

namespace khabar {

struct ServeOptions {
  // Address to listen on. Default 127.0.0.1.
  std::string bind = "127.0.0.1";
  // TCP port (0 picks a free one). Default 8080.
  int port = 8080;
  // Worker threads; 0 = every core. Default 0.
  int threads = 0;
  // The site's public base URL for share links and feeds
  // ("https://khabar.example"); "" = http:// + the request's Host. Default "".
  std::string public_url;
  // Where templates/, static/ and openapi.json are read from at start.
  // "" = the sources' src/serve (compiled in). Default "".
  std::string resource_dir;
  // Where the Vazirmatn font files are (served at /static/fonts/);
  // "" = the build dir's npm install, if any. Default "".
  std::string font_dir;
  // Access log: "-" = stderr, "" = none, else a file appended to. Default "-".
  std::string access_log = "-";
  // Per-request read and per-response write timeouts. Default 15 s each.
  int read_timeout_ms = 15000;
  int write_timeout_ms = 15000;
  // Longest accepted search query (bytes); longer gets 414/400. Default 512.
  size_t max_query_bytes = 512;
  // Largest page size (limit) the API accepts. Default 100.
  int max_page_size = 100;
  // GET answers (pages, feeds, API reads; 200 and 404 only) are kept this long
  // and served again without asking the archive ("micro-cache"; at most
  // 4096 entries of up to 1 MiB each). 0 = off. Default 1000 ms.
  int cache_ms = 1000;
  // Largest POST body for the tools API. Default 4 MiB.
  size_t max_body_bytes = size_t{4} << 20;
};

// Serves until a signal. Fails (before serving) when the resources cannot be
// read or the address cannot be bound. on_listening, if set, is called once
// with the bound port before serving starts.
Status Serve(const Archive& archive, const ServeOptions& options,
             const std::function<void(int port)>& on_listening = nullptr);

}  // namespace khabar

#endif  // KHABAR_SERVE_H_
