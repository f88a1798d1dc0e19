// HttpServer: a small HTTP/1.1 server on Boost.Beast, kept apart from what it
// serves. Beast stays inside http_server.cc; callers see plain structs.
//
// `threads` threads (default: every core) run either one shared io_context
// (each connection on its own strand; a thread that the OS puts aside
// delays only the request it holds) or, with io_context_per_thread, one
// io_context each, the acceptor handing connections to them in turn (no
// strands, no locks on the hot path, but a thread put aside delays all its
// connections).
// Each connection reads one request at a time (keep-alive, no pipelining
// past Beast's buffer), with a read timeout per request and a write timeout
// per response. GET and HEAD answers with status 200 carry an ETag (and
// Last-Modified when the handler knows it); If-None-Match and
// If-Modified-Since get 304. Untrusted input caps: request target (414), request line plus
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
  std::string method;                                        // "GET", "POST", ...
  std::string target;                                        // as sent: "/search?q=..."
  std::string path;                                          // percent-decoded path, no query
  std::string query;                                         // raw query string after '?', or ""
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::string remote;  // peer address

  // The first header with this lowercase name, or "".
  std::string_view Header(std::string_view lower_name) const;
};

struct PreparedResponse;

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  // Compress with gzip when the client accepts it (text types only).
  bool compressible = true;
  // A response made ready earlier (by PrepareResponse, e.g. kept by a
  // cache). When set, the server sends it and ignores the fields above.
  std::shared_ptr<const PreparedResponse> prepared;
};

// A response made ready to be sent many times: the status line and headers
// serialized once, the body and its gzip form, the validators. Immutable once
// made; share it between threads as shared_ptr<const PreparedResponse>.
// The server adds per request only Date, Server, Content-Length,
// Content-Encoding, ETag, Last-Modified and Connection.
struct PreparedResponse {
  HttpResponse response;   // what it was made from (body kept here; prepared is null)
  std::string head;        // "HTTP/1.1 200 OK\r\n" + Content-Type, the extra headers, Vary
  std::string head_304;    // "HTTP/1.1 304 Not Modified\r\n" + Cache-Control, Vary; "" = never 304
  std::string gzip_body;   // the gzip form of response.body, or "" (send the body as it is)
  std::string etag;        // strong validator of the body, quoted; "" unless status is 200
  std::string etag_gzip;   // the same for gzip_body
  uint64_t body_hash = 0;  // of response.body
  int64_t last_modified_unix = 0;  // 0 = no Last-Modified
  std::string last_modified;       // IMF-fixdate of last_modified_unix, or ""

  // Sets last_modified_unix and last_modified (0 = none).
  void SetLastModified(int64_t unix_seconds);
};

// Prepares `r` (which must not itself be prepared): header names and values
// lose CR, LF and NUL; the body is gzip-compressed (level 6) when
// r.compressible, the type is text-like, the body has at least
// gzip_min_bytes and compression makes it smaller; status 200 gets ETags and
// a 304 head. last_modified_unix: 0 = no Last-Modified.
// Cost: one pass over the body (hash) plus the compression.
std::shared_ptr<PreparedResponse> PrepareResponse(HttpResponse r, size_t gzip_min_bytes,
                                                  int64_t last_modified_unix = 0);

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  // Address to listen on. Default 127.0.0.1.
  std::string bind = "127.0.0.1";
  // TCP port; 0 picks a free one (see HttpServer::port()). Default 8080.
  int port = 8080;
  // io threads; 0 = std::thread::hardware_concurrency(). Default 0.
  int threads = 0;
  // One io_context per thread instead of one shared by all (see above):
  // on the 2-core test machine it serves cached pages with ~20% less CPU per
  // request and more requests/s (doc/serve.md). Default true.
  bool io_context_per_thread = true;
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
  // Lines are buffered (written when 16 KiB have gathered, every second, and
  // at shutdown). Default stderr.
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
