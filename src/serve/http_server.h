// HttpServer: a small HTTP/1.1 server on Boost.Beast, kept apart from what it
// serves. Beast stays inside http_server.cc; callers see plain structs.
//
// One io_context run by `threads` threads (default: every core). Each
// connection reads one request at a time (keep-alive, no pipelining past
// Beast's buffer), with a read timeout per request and a write timeout per
// response. Untrusted input caps: request target (414), request line plus
// headers (431), body (413); a malformed request gets 400 and the connection
// is closed. The handler runs on an io thread and must not throw (an exception
// that escapes it is caught here and becomes a 500).
#ifndef KHABAR_SERVE_HTTP_SERVER_H_
#define KHABAR_SERVE_HTTP_SERVER_H_

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khabar/status.h"

namespace khabar::serve {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: "/search?q=..."
  std::string path;    // percent-decoded path, no query
  std::string query;   // raw query string after '?', or ""
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::string remote;  // peer address

  // The first header with this lowercase name, or "".
  std::string_view Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  // Compress with gzip when the client accepts it (text types only).
  bool compressible = true;
  // body, already gzip-compressed (e.g. by a cache); used instead of
  // compressing again when the client accepts gzip. May be null.
  std::shared_ptr<const std::string> gzip_body;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  // Address to listen on. Default 127.0.0.1.
  std::string bind = "127.0.0.1";
  // TCP port; 0 picks a free one (see HttpServer::port()). Default 8080.
  int port = 8080;
  // io threads; 0 = std::thread::hardware_concurrency(). Default 0.
  int threads = 0;
  // Time allowed to receive one whole request (also the keep-alive idle
  // time). Default 15 s.
  int read_timeout_ms = 15000;
  // Time allowed to send one response. Default 15 s.
  int write_timeout_ms = 15000;
  // Longest request target (path + query). Past it: 414. Default 8 KiB.
  size_t max_target_bytes = 8192;
  // Request line plus headers. Past it: 431. Default 16 KiB.
  size_t max_header_bytes = 16384;
  // Request body. Past it: 413. Default 4 MiB.
  size_t max_body_bytes = size_t{4} << 20;
  // Responses smaller than this are never compressed. Default 1 KiB.
  size_t gzip_min_bytes = 1024;
  // One line per request (combined-log-like) goes here; nullptr = no log.
  // Default stderr.
  FILE* access_log = stderr;
  // After SIGTERM/SIGINT (or Stop()), requests in flight get this long to
  // finish before the server returns. Default 5 s.
  int shutdown_grace_ms = 5000;
  // Install SIGTERM/SIGINT handlers for graceful shutdown. Default true.
  bool handle_signals = true;
  // Value of the Server header. Default "khabar".
  std::string server_name = "khabar";
};

class HttpServer {
 public:
  // Binds and listens. Fails with kIoError when the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Create(const HttpServerOptions& options,
                                                    HttpHandler handler);
  ~HttpServer();

  // Serves until a signal or Stop(); returns when the threads are joined.
  Status Run();
  // Thread-safe; may be called from any thread (or a handler).
  void Stop();
  // The bound port (useful with port 0).
  int port() const;

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// gzip-compresses `in` (zlib, level 6). Returns false on a zlib error.
bool GzipCompress(std::string_view in, std::string* out);
// Percent-decodes (and '+' as space when `plus_is_space`). Returns false on
// a malformed escape.
bool PercentDecode(std::string_view in, std::string* out, bool plus_is_space);

}  // namespace khabar::serve

#endif  // KHABAR_SERVE_HTTP_SERVER_H_
