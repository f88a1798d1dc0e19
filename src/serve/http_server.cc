// HttpServer on Boost.Beast. See http_server.h.
#include <utility>  // before Beast: GCC 12 in C++20 needs it

#include "serve/http_server.h"

#include <zlib.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <ctime>
#include <exception>
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

std::string ClfTime() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  net::steady_timer shutdown_timer{ioc};
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
  std::chrono::steady_clock::time_point stop_deadline;
  std::mutex log_mu;

  explicit Impl(int threads) : ioc(threads) {}

  void Accept();
  void BeginShutdown();
  void PollShutdown();
  void Log(const std::string& line) {
    if (!options.access_log) return;
    std::lock_guard<std::mutex> lock(log_mu);
    std::fwrite(line.data(), 1, line.size(), options.access_log);
    std::fflush(options.access_log);
  }
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl* server)
      : stream_(std::move(socket)), server_(server) {
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

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      return Close();
    }
    if (ec) {
      int status = 400;
      if (ec == http::error::header_limit) status = 431;
      if (ec == http::error::body_limit) status = 413;
      return SendError(status, ec.message());
    }
    started_ = std::chrono::steady_clock::now();
    server_->in_flight.fetch_add(1);
    auto& req = parser_->get();
    HttpResponse resp;
    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    if (r.target.size() > server_->options.max_target_bytes) {
      resp.status = 414;
      resp.content_type = "text/plain; charset=utf-8";
      resp.body = "URI too long\n";
    } else {
      size_t q = r.target.find('?');
      std::string_view raw_path = std::string_view(r.target).substr(0, q);
      if (q != std::string::npos) r.query = r.target.substr(q + 1);
      if (!PercentDecode(raw_path, &r.path, false) || r.path.empty() || r.path[0] != '/') {
        resp.status = 400;
        resp.content_type = "text/plain; charset=utf-8";
        resp.body = "bad request target\n";
      } else {
        for (const auto& f : req) {
          std::string name(f.name_string());
          for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          r.headers.emplace_back(std::move(name), std::string(f.value()));
        }
        r.body = std::move(req.body());
        r.remote = remote_;
        try {
          resp = server_->handler(r);
        } catch (const std::exception& e) {
          resp = HttpResponse{};
          resp.status = 500;
          resp.content_type = "text/plain; charset=utf-8";
          resp.body = "internal error\n";
        } catch (...) {
          resp = HttpResponse{};
          resp.status = 500;
          resp.content_type = "text/plain; charset=utf-8";
          resp.body = "internal error\n";
        }
      }
    }
    bool keep_alive = req.keep_alive() && !server_->stopping.load();
    bool head = req.method() == http::verb::head;
    std::string accept_encoding(req[http::field::accept_encoding]);
    Send(std::move(resp), r.method, r.target, req.version(), keep_alive, head, accept_encoding);
  }

  void Send(HttpResponse resp, const std::string& method, const std::string& target, unsigned version,
            bool keep_alive, bool head, const std::string& accept_encoding) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version);
    res->result(static_cast<unsigned>(resp.status));
    res->set(http::field::server, server_->options.server_name);
    res->set(http::field::content_type, resp.content_type);
    for (auto& [k, v] : resp.headers) res->insert(k, v);
    bool compress = resp.compressible && IsCompressibleType(resp.content_type);
    if (compress) res->set(http::field::vary, "Accept-Encoding");
    if (compress && resp.body.size() >= server_->options.gzip_min_bytes &&
        AcceptsGzip(accept_encoding)) {
      std::string z;
      if (resp.gzip_body) {
        resp.body = *resp.gzip_body;
        res->set(http::field::content_encoding, "gzip");
      } else if (GzipCompress(resp.body, &z)) {
        resp.body = std::move(z);
        res->set(http::field::content_encoding, "gzip");
      }
    }
    size_t bytes = resp.body.size();
    if (head) {
      res->content_length(bytes);
    } else {
      res->body() = std::move(resp.body);
      res->prepare_payload();
    }
    res->keep_alive(keep_alive);
    if (server_->options.access_log) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started_)
                    .count();
      std::string line = remote_ + " - - [" + ClfTime() + "] \"" + method + " " +
                         (target.size() > 512 ? target.substr(0, 512) + "..." : target) + " HTTP/" +
                         std::to_string(version / 10) + "." + std::to_string(version % 10) + "\" " +
                         std::to_string(resp.status) + " " + std::to_string(bytes) + " " +
                         std::to_string(us) + "us\n";
      // Control characters never reach the log raw.
      for (char& c : line) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n') c = '?';
      }
      server_->Log(line);
    }
    res_ = res;
    stream_.expires_after(std::chrono::milliseconds(server_->options.write_timeout_ms));
    http::async_write(stream_, *res,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive));
  }

  void SendError(int status, const std::string& why) {
    HttpResponse resp;
    resp.status = status;
    resp.content_type = "text/plain; charset=utf-8";
    resp.body = std::string(http::obsolete_reason(static_cast<http::status>(status))) + "\n";
    resp.compressible = false;
    started_ = std::chrono::steady_clock::now();
    server_->in_flight.fetch_add(1);
    Send(std::move(resp), "-", "-", 11, false, false, "");
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    server_->in_flight.fetch_sub(1);
    res_.reset();
    if (ec) return Close();
    if (!keep_alive) return Close();
    Read();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  HttpServer::Impl* server_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<void> res_;
  std::string remote_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!acceptor.is_open()) return;  // shutting down
    } else {
      std::make_shared<Session>(std::move(socket), this)->Start();
    }
    if (!stopping.load()) Accept();
  });
}

void HttpServer::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  stop_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.shutdown_grace_ms);
  PollShutdown();
}

void HttpServer::Impl::PollShutdown() {
  if (in_flight.load() == 0 || std::chrono::steady_clock::now() >= stop_deadline) {
    ioc.stop();
    return;
  }
  shutdown_timer.expires_after(std::chrono::milliseconds(20));
  shutdown_timer.async_wait([this](beast::error_code) { PollShutdown(); });
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const HttpServerOptions& options,
                                                       HttpHandler handler) {
  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto impl = std::make_unique<Impl>(threads);
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
  net::post(impl_->ioc, [impl = impl_.get()] { impl->BeginShutdown(); });
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
  std::vector<std::thread> pool;
  for (int i = 1; i < impl->options.threads; ++i) {
    pool.emplace_back([impl] { impl->ioc.run(); });
  }
  impl->ioc.run();
  for (auto& t : pool) t.join();
  return Status::Ok();
}

}  // namespace khabar::serve
