// HttpServer on Boost.Beast. See http_server.h.
// clang-format off
#include <utility>  // before Beast: GCC 12 in C++20 needs it
// clang-format on
#include "serve/http_server.h"

#include <zlib.h>

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace khabar::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string_view HttpRequest::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

bool GzipCompress(std::string_view in, std::string* out) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  out->resize(deflateBound(&zs, in.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data());
  zs.avail_out = static_cast<uInt>(out->size());
  int rc = deflate(&zs, Z_FINISH);
  out->resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END;
}

static int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(std::string_view in, std::string* out, bool plus_is_space) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int h = HexValue(in[i + 1]), l = HexValue(in[i + 2]);
      if (h < 0 || l < 0) return false;
      out->push_back(static_cast<char>(h * 16 + l));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

namespace {

std::string_view SV(beast::string_view s) { return std::string_view(s.data(), s.size()); }

bool IsCompressibleType(std::string_view ct) {
  return ct.starts_with("text/") || ct.starts_with("application/json") ||
         ct.starts_with("application/problem+json") || ct.starts_with("application/xml") ||
         ct.starts_with("application/rss+xml") || ct.starts_with("application/atom+xml") ||
         ct.starts_with("application/javascript") || ct.starts_with("image/svg+xml");
}

bool AcceptsGzip(std::string_view ae) {
  // Good enough for real clients: "gzip" present and not "gzip;q=0".
  size_t p = ae.find("gzip");
  if (p == std::string_view::npos) return false;
  std::string_view rest = ae.substr(p + 4);
  size_t comma = rest.find(',');
  rest = rest.substr(0, comma);
  return rest.find("q=0") == std::string_view::npos || rest.find("q=0.") != std::string_view::npos;
}

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 IMF-fixdate; no locale).
std::string ImfDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

// Parses an IMF-fixdate; -1 when it is not one (the obsolete forms are not
// read: the answer is then a full 200, which is always correct).
int64_t ParseImfDate(std::string_view s) {
  if (s.size() != 29 || s[3] != ',' || s.substr(25) != " GMT") return -1;
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  std::tm tm{};
  tm.tm_mday = num(5, 2);
  tm.tm_mon = -1;
  for (int m = 0; m < 12; ++m) {
    if (s.substr(8, 3) == kMonths[m]) tm.tm_mon = m;
  }
  int year = num(12, 4);
  tm.tm_hour = num(17, 2);
  tm.tm_min = num(20, 2);
  tm.tm_sec = num(23, 2);
  if (tm.tm_mday < 1 || tm.tm_mon < 0 || year < 1970 || tm.tm_hour < 0 || tm.tm_min < 0 ||
      tm.tm_sec < 0 || s[16] != ' ' || s[19] != ':' || s[22] != ':') {
    return -1;
  }
  tm.tm_year = year - 1900;
  return static_cast<int64_t>(timegm(&tm));
}

// If-None-Match: "*" or a list of (weak or strong) tags; weak comparison.
bool EtagMatches(std::string_view inm, const PreparedResponse& p) {
  size_t i = 0;
  while (i < inm.size()) {
    size_t comma = inm.find(',', i);
    std::string_view tag =
        inm.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
    i = comma == std::string_view::npos ? inm.size() : comma + 1;
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (!tag.empty() && (tag == p.etag || tag == p.etag_gzip)) return true;
  }
  return false;
}

void AppendHeader(std::string* h, std::string_view name, std::string_view value) {
  // No CR, LF or NUL ever reaches the wire from a header (no response splitting).
  for (char c : name) {
    if (c != '\r' && c != '\n' && c != '\0' && c != ':') h->push_back(c);
  }
  *h += ": ";
  for (char c : value) {
    if (c != '\r' && c != '\n' && c != '\0') h->push_back(c);
  }
  *h += "\r\n";
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// The wall clock as the access log and the Date header print it, formatted
// once a second per thread.
struct SecondClock {
  std::time_t second = -1;
  char clf[32] = {};  // "25/Nov/2026:17:14:00 +0000"
  std::string imf;    // "Wed, 25 Nov 2026 17:14:00 GMT"
};

const SecondClock& WallClock() {
  thread_local SecondClock c;
  std::time_t t = std::time(nullptr);
  if (t != c.second) {
    c.second = t;
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::snprintf(c.clf, sizeof c.clf, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday,
                  kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    c.imf = ImfDate(t);
  }
  return c;
}

}  // namespace

void PreparedResponse::SetLastModified(int64_t unix_seconds) {
  last_modified_unix = unix_seconds;
  last_modified = unix_seconds > 0 ? ImfDate(unix_seconds) : std::string();
}

std::shared_ptr<PreparedResponse> PrepareResponse(HttpResponse r, size_t gzip_min_bytes,
                                                  int64_t last_modified_unix) {
  auto p = std::make_shared<PreparedResponse>();
  r.prepared.reset();
  bool compress = r.compressible && IsCompressibleType(r.content_type);
  std::string& h = p->head;
  h.reserve(160 + r.content_type.size() + r.headers.size() * 64);
  int status = r.status;
  if (status < 100 || status > 999) status = 500;
  r.status = status;
  h += "HTTP/1.1 ";
  h += std::to_string(status);
  h += ' ';
  h += SV(http::obsolete_reason(static_cast<http::status>(status)));
  h += "\r\n";
  AppendHeader(&h, "Content-Type", r.content_type);
  for (const auto& [k, v] : r.headers) AppendHeader(&h, k, v);
  if (compress) h += "Vary: Accept-Encoding\r\n";
  p->body_hash = std::hash<std::string_view>{}(r.body);
  if (status == 200) {
    // RFC 9110 15.4.5: a 304 carries what the 200 would have in
    // Cache-Control, Content-Location, Expires and Vary (plus Date, ETag).
    p->head_304 = "HTTP/1.1 304 Not Modified\r\n";
    for (const auto& [k, v] : r.headers) {
      if (IEquals(k, "cache-control") || IEquals(k, "expires") || IEquals(k, "content-location")) {
        AppendHeader(&p->head_304, k, v);
      }
    }
    if (compress) p->head_304 += "Vary: Accept-Encoding\r\n";
    char buf[48];
    std::snprintf(buf, sizeof buf, "\"%016llx-%zx", static_cast<unsigned long long>(p->body_hash),
                  r.body.size());
    p->etag = std::string(buf) + "\"";
    p->etag_gzip = std::string(buf) + "-gz\"";
  }
  if (compress && r.body.size() >= gzip_min_bytes) {
    std::string z;
    if (GzipCompress(r.body, &z) && z.size() < r.body.size()) p->gzip_body = std::move(z);
  }
  p->response = std::move(r);
  p->SetLastModified(last_modified_unix);
  return p;
}

using IoExecutor = net::io_context::executor_type;
using StrandExecutor = net::strand<IoExecutor>;

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  // One io_context per thread. Declared first: destroyed last, after
  // everything that uses them.
  std::vector<std::unique_ptr<net::io_context>> iocs;
  std::vector<net::executor_work_guard<IoExecutor>> guards;
  std::atomic<size_t> next_ioc{0};
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer shutdown_timer;
  net::steady_timer log_timer;
  std::atomic<bool> stopping{false};        // BeginShutdown has run
  std::atomic<bool> stop_requested{false};  // Stop() or a signal: answer with Connection: close
  std::atomic<int> in_flight{0};
  std::chrono::steady_clock::time_point stop_deadline;
  std::mutex log_mu;
  std::string log_buf;  // guarded by log_mu

  static std::vector<std::unique_ptr<net::io_context>> MakeIocs(int threads, bool per_thread) {
    std::vector<std::unique_ptr<net::io_context>> v;
    if (!per_thread) {
      v.push_back(std::make_unique<net::io_context>(threads));
      return v;
    }
    for (int i = 0; i < threads; ++i) v.push_back(std::make_unique<net::io_context>(1));
    return v;
  }
  Impl(int threads, bool per_thread)
      : iocs(MakeIocs(threads, per_thread)),
        acceptor(*iocs[0]),
        signals(*iocs[0]),
        shutdown_timer(*iocs[0]),
        log_timer(*iocs[0]) {
    for (auto& c : iocs) guards.push_back(net::make_work_guard(*c));
  }

  void Accept();
  void BeginShutdown();
  void PollShutdown();
  void StopAll() {
    for (auto& g : guards) g.reset();
    for (auto& c : iocs) c->stop();
  }
  void Log(std::string_view line) {
    std::lock_guard<std::mutex> lock(log_mu);
    log_buf.append(line);
    if (log_buf.size() >= 16384) FlushLogLocked();
  }
  void FlushLog() {
    std::lock_guard<std::mutex> lock(log_mu);
    FlushLogLocked();
  }
  void FlushLogLocked() {
    if (log_buf.empty() || !options.access_log) return;
    std::fwrite(log_buf.data(), 1, log_buf.size(), options.access_log);
    std::fflush(options.access_log);
    log_buf.clear();
  }
  void TickLog() {
    log_timer.expires_after(std::chrono::seconds(1));
    log_timer.async_wait([this](beast::error_code ec) {
      if (ec) return;
      FlushLog();
      if (!stopping.load()) TickLog();
    });
  }
};

namespace {

// One connection. Executor: IoExecutor when its io_context has one thread
// (no strand needed), StrandExecutor when one io_context is shared by all.
template <class Executor>
class Session : public std::enable_shared_from_this<Session<Executor>> {
 public:
  using Socket = net::basic_stream_socket<tcp, Executor>;
  using Stream = beast::basic_stream<tcp, Executor, beast::unlimited_rate_policy>;
  using std::enable_shared_from_this<Session<Executor>>::shared_from_this;

  Session(Socket&& socket, HttpServer::Impl* server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_->options.max_header_bytes));
    parser_->body_limit(server_->options.max_body_bytes);
    stream_.expires_after(std::chrono::milliseconds(server_->options.read_timeout_ms));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  static std::shared_ptr<const PreparedResponse> PlainError(int status, const char* body) {
    HttpResponse resp;
    resp.status = status;
    resp.content_type = "text/plain; charset=utf-8";
    resp.body = body;
    resp.compressible = false;
    return PrepareResponse(std::move(resp), SIZE_MAX);
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      return Close();
    }
    if (ec) {
      int status = 400;
      if (ec == http::error::header_limit) status = 431;
      if (ec == http::error::body_limit) status = 413;
      return SendError(status);
    }
    started_ = std::chrono::steady_clock::now();
    server_->in_flight.fetch_add(1);
    auto& req = parser_->get();
    bool accepts_gzip = AcceptsGzip(SV(req[http::field::accept_encoding]));
    size_t gzip_min = accepts_gzip ? server_->options.gzip_min_bytes : SIZE_MAX;
    std::shared_ptr<const PreparedResponse> prepared;
    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    if (r.target.size() > server_->options.max_target_bytes) {
      prepared = PlainError(414, "URI too long\n");
    } else {
      size_t q = r.target.find('?');
      std::string_view raw_path = std::string_view(r.target).substr(0, q);
      if (q != std::string::npos) r.query = r.target.substr(q + 1);
      if (!PercentDecode(raw_path, &r.path, false) || r.path.empty() || r.path[0] != '/') {
        prepared = PlainError(400, "bad request target\n");
      } else {
        r.headers.reserve(std::distance(req.begin(), req.end()));
        for (const auto& f : req) {
          std::string name(f.name_string());
          for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          r.headers.emplace_back(std::move(name), std::string(f.value()));
        }
        r.body = std::move(req.body());
        r.remote = remote_;
        try {
          HttpResponse resp = server_->handler(r);
          prepared =
              resp.prepared ? std::move(resp.prepared) : PrepareResponse(std::move(resp), gzip_min);
        } catch (...) {
          prepared = PlainError(500, "internal error\n");
        }
      }
    }
    bool keep_alive = req.keep_alive() && !server_->stop_requested.load();
    bool head = req.method() == http::verb::head;
    bool not_modified = false;
    if (!prepared->head_304.empty() && (req.method() == http::verb::get || head)) {
      std::string_view inm = SV(req[http::field::if_none_match]);
      if (!inm.empty()) {
        not_modified = EtagMatches(inm, *prepared);
      } else if (prepared->last_modified_unix > 0) {
        std::string_view ims = SV(req[http::field::if_modified_since]);
        int64_t t = ims.empty() ? -1 : ParseImfDate(ims);
        not_modified = t >= 0 && prepared->last_modified_unix <= t;
      }
    }
    Send(std::move(prepared), r.method, r.target, req.version(), keep_alive, head, accepts_gzip,
         not_modified);
  }

  // REQUIRES: in_flight was incremented for this response.
  void Send(std::shared_ptr<const PreparedResponse> p, std::string_view method,
            std::string_view target, unsigned version, bool keep_alive, bool head,
            bool accepts_gzip, bool not_modified) {
    const SecondClock& clock = WallClock();
    bool gz = accepts_gzip && !p->gzip_body.empty();
    const std::string& body = gz ? p->gzip_body : p->response.body;
    int status = not_modified ? 304 : p->response.status;
    bool bodiless = status == 304 || status == 204 || status < 200;
    std::string& t = tail_;
    t.clear();
    t += "Date: ";
    t += clock.imf;
    t += "\r\nServer: ";
    t += server_->options.server_name;
    t += "\r\n";
    if (!p->etag.empty()) {
      t += "ETag: ";
      t += gz ? p->etag_gzip : p->etag;
      t += "\r\n";
    }
    if (!p->last_modified.empty()) {
      t += "Last-Modified: ";
      t += p->last_modified;
      t += "\r\n";
    }
    if (!bodiless) {
      if (gz) t += "Content-Encoding: gzip\r\n";
      char num[24];
      auto [end, err] = std::to_chars(num, num + sizeof num, body.size());
      t += "Content-Length: ";
      t.append(num, end);
      t += "\r\n";
    }
    if (!keep_alive) {
      t += "Connection: close\r\n";
    } else if (version == 10) {
      t += "Connection: keep-alive\r\n";
    }
    t += "\r\n";
    bool send_body = !head && !bodiless;
    size_t bytes = send_body ? body.size() : 0;
    if (server_->options.access_log) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started_)
                    .count();
      std::string_view tg = target.substr(0, 512);
      char line[1024];
      int n = std::snprintf(
          line, sizeof line, "%s - - [%s] \"%.*s %.*s%s HTTP/%u.%u\" %d %zu %lldus\n",
          remote_.c_str(), clock.clf, static_cast<int>(std::min<size_t>(method.size(), 32)),
          method.data(), static_cast<int>(tg.size()), tg.data(), target.size() > 512 ? "..." : "",
          version / 10, version % 10, status, bytes, static_cast<long long>(us));
      n = std::clamp(n, 0, static_cast<int>(sizeof line) - 1);
      // Control characters never reach the log raw.
      for (int i = 0; i < n - 1; ++i) {
        if (static_cast<unsigned char>(line[i]) < 0x20) line[i] = '?';
      }
      if (n > 0) line[n - 1] = '\n';
      server_->Log(std::string_view(line, static_cast<size_t>(n)));
    }
    prepared_ = std::move(p);
    buffers_[0] = net::buffer(not_modified ? prepared_->head_304 : prepared_->head);
    buffers_[1] = net::buffer(tail_);
    buffers_[2] = send_body ? net::buffer(body) : net::const_buffer();
    stream_.expires_after(std::chrono::milliseconds(server_->options.write_timeout_ms));
    net::async_write(stream_, buffers_,
                     beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive));
  }

  void SendError(int status) {
    std::string body = std::string(http::obsolete_reason(static_cast<http::status>(status))) + "\n";
    started_ = std::chrono::steady_clock::now();
    server_->in_flight.fetch_add(1);
    Send(PlainError(status, body.c_str()), "-", "-", 11, false, false, false, false);
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    server_->in_flight.fetch_sub(1);
    prepared_.reset();
    if (ec) return Close();
    if (!keep_alive) return Close();
    Read();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  HttpServer::Impl* server_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<const PreparedResponse> prepared_;  // being written
  std::string tail_;                                  // Date ... CRLF CRLF, being written
  std::array<net::const_buffer, 3> buffers_;
  std::string remote_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

void HttpServer::Impl::Accept() {
  net::io_context& target = *iocs[next_ioc.fetch_add(1) % iocs.size()];
  if (!options.io_context_per_thread) {
    acceptor.async_accept(net::make_strand(target), [this](beast::error_code ec,
                                                           Session<StrandExecutor>::Socket socket) {
      if (ec) {
        if (!acceptor.is_open()) return;  // shutting down
      } else {
        std::make_shared<Session<StrandExecutor>>(std::move(socket), this)->Start();
      }
      if (!stopping.load()) Accept();
    });
    return;
  }
  acceptor.async_accept(target, [this](beast::error_code ec, Session<IoExecutor>::Socket socket) {
    if (ec) {
      if (!acceptor.is_open()) return;  // shutting down
    } else {
      std::make_shared<Session<IoExecutor>>(std::move(socket), this)->Start();
    }
    if (!stopping.load()) Accept();
  });
}

void HttpServer::Impl::BeginShutdown() {
  stop_requested.store(true);
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  stop_deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options.shutdown_grace_ms);
  PollShutdown();
}

void HttpServer::Impl::PollShutdown() {
  if (in_flight.load() == 0 || std::chrono::steady_clock::now() >= stop_deadline) {
    log_timer.cancel();
    StopAll();
    return;
  }
  shutdown_timer.expires_after(std::chrono::milliseconds(20));
  shutdown_timer.async_wait([this](beast::error_code) { PollShutdown(); });
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const HttpServerOptions& options,
                                                       HttpHandler handler) {
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto impl = std::make_unique<Impl>(threads, options.io_context_per_thread);
  impl->options = options;
  impl->options.threads = threads;
  impl->handler = std::move(handler);
  beast::error_code ec;
  auto addr = net::ip::make_address(options.bind, ec);
  if (ec) return Status::InvalidArgument("bad bind address " + options.bind + ": " + ec.message());
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("bad port " + std::to_string(options.port));
  }
  tcp::endpoint ep(addr, static_cast<unsigned short>(options.port));
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IoError("cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                           ": " + ec.message());
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HttpServer::Stop() {
  // Seen at once by every thread, even while the first one is busy.
  impl_->stop_requested.store(true);
  net::post(*impl_->iocs[0], [impl = impl_.get()] { impl->BeginShutdown(); });
}

Status HttpServer::Run() {
  Impl* impl = impl_.get();
  if (impl->options.handle_signals) {
    impl->signals.add(SIGTERM);
    impl->signals.add(SIGINT);
    impl->signals.async_wait([impl](beast::error_code ec, int) {
      if (!ec) impl->BeginShutdown();
    });
  }
  impl->Accept();
  if (impl->options.access_log) impl->TickLog();
  std::vector<std::thread> pool;
  for (int i = 1; i < impl->options.threads; ++i) {
    net::io_context* ioc = impl->iocs[static_cast<size_t>(i) % impl->iocs.size()].get();
    pool.emplace_back([ioc] { ioc->run(); });
  }
  impl->iocs[0]->run();
  for (auto& t : pool) t.join();
  impl->FlushLog();
  return Status::Ok();
}

}  // namespace khabar::serve
