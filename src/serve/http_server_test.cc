// HttpServer on a real socket: keep-alive, gzip, caps, graceful stop.
// clang-format off
#include <utility>  // before Beast: GCC 12 in C++20 needs it
// clang-format on
#include "serve/http_server.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <thread>

namespace khabar::serve {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Runs every test with one io_context per thread and with one shared.
class ServerTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    HttpServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.io_context_per_thread = GetParam();
    o.access_log = nullptr;
    o.handle_signals = false;
    o.max_header_bytes = 2048;
    o.max_target_bytes = 1024;
    o.max_body_bytes = 1000;
    o.read_timeout_ms = 2000;
    auto s = HttpServer::Create(o, [](const HttpRequest& r) {
      HttpResponse resp;
      resp.content_type = "text/plain; charset=utf-8";
      if (r.path == "/big") {
        resp.body = std::string(5000, 'x');
      } else if (r.path == "/slow") {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        resp.body = "slow done";
      } else if (r.path == "/throw") {
        throw std::runtime_error("boom");
      } else if (r.path == "/prepared") {
        HttpResponse p;
        p.body = std::string(3000, 'p');
        p.headers.emplace_back("Cache-Control", "public, max-age=60");
        static const std::shared_ptr<const PreparedResponse> kept =
            PrepareResponse(p, 1024, 784111777);
        resp = HttpResponse{};
        resp.prepared = kept;
      } else if (r.path == "/inject") {
        resp.headers.emplace_back("X-Test", "a\r\nSet-Cookie: evil=1");
        resp.body = "ok";
      } else {
        resp.body = r.method + " " + r.path + " " + r.query + " " + std::to_string(r.body.size());
      }
      return resp;
    });
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
    port_ = server_->port();
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }

  // Sends raw bytes on a connection and reads until `responses` responses or EOF.
  std::string Exchange(tcp::socket& s, const std::string& req) {
    net::write(s, net::buffer(req));
    std::string got;
    char buf[8192];
    boost::system::error_code ec;
    // One read is enough for our small responses; loop until the headers and
    // declared body are in.
    while (true) {
      size_t n = s.read_some(net::buffer(buf), ec);
      got.append(buf, n);
      if (ec) break;
      size_t he = got.find("\r\n\r\n");
      if (he == std::string::npos) continue;
      size_t cl = got.find("Content-Length: ");
      if (cl == std::string::npos || cl > he) break;
      size_t len = std::stoul(got.substr(cl + 16));
      if (got.size() >= he + 4 + len) break;
    }
    return got;
  }
  tcp::socket Connect() {
    tcp::socket s(ioc_);
    s.connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)));
    return s;
  }

  net::io_context ioc_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_P(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  auto s = Connect();
  std::string a = Exchange(s, "GET /a?x=1 HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_NE(a.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(a.find("GET /a x=1 0"), std::string::npos);
  std::string b = Exchange(s, "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_NE(b.find("POST /b  3"), std::string::npos);
}

TEST_P(ServerTest, GzipWhenAccepted) {
  auto s = Connect();
  std::string r = Exchange(s, "GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip, br\r\n\r\n");
  EXPECT_NE(r.find("Content-Encoding: gzip"), std::string::npos);
  std::string body = r.substr(r.find("\r\n\r\n") + 4);
  std::string out(6000, '\0');
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(body.data());
  zs.avail_in = static_cast<uInt>(body.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  EXPECT_EQ(out, std::string(5000, 'x'));
  auto s2 = Connect();
  std::string plain = Exchange(s2, "GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(plain.find("Content-Encoding"), std::string::npos);
}

TEST_P(ServerTest, Caps) {
  {
    auto s = Connect();
    std::string r = Exchange(s, "GET /" + std::string(1500, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_NE(r.find("HTTP/1.1 414"), std::string::npos) << r.substr(0, 40);
  }
  {
    auto s = Connect();
    std::string r =
        Exchange(s, "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");
    EXPECT_NE(r.find("HTTP/1.1 431"), std::string::npos) << r.substr(0, 40);
  }
  {
    auto s = Connect();
    std::string r = Exchange(
        s, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
    EXPECT_NE(r.find("HTTP/1.1 413"), std::string::npos) << r.substr(0, 40);
  }
  {
    auto s = Connect();
    std::string r = Exchange(s, "NOT HTTP\r\n\r\n");
    EXPECT_NE(r.find("HTTP/1.1 400"), std::string::npos) << r.substr(0, 40);
  }
}

TEST_P(ServerTest, HandlerExceptionBecomes500) {
  auto s = Connect();
  std::string r = Exchange(s, "GET /throw HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_NE(r.find("HTTP/1.1 500"), std::string::npos);
}

TEST_P(ServerTest, GracefulStopFinishesRequestsInFlight) {
  auto s = Connect();
  net::write(s, net::buffer(std::string("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->Stop();  // while /slow is being handled
  std::string got;
  char buf[4096];
  boost::system::error_code ec;
  while (!ec) {
    size_t n = s.read_some(net::buffer(buf), ec);
    got.append(buf, n);
  }
  EXPECT_NE(got.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(got.find("Connection: close"), std::string::npos);
  EXPECT_NE(got.find("slow done"), std::string::npos);
  // New connections are refused once stopped.
  thread_.join();
  tcp::socket s2(ioc_);
  s2.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)),
             ec);
  EXPECT_TRUE(ec);
  thread_ = std::thread([] {});
}

TEST_P(ServerTest, EtagAndConditionalRequests) {
  auto s = Connect();
  std::string a = Exchange(s, "GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
  size_t e = a.find("ETag: \"");
  ASSERT_NE(e, std::string::npos) << a;
  std::string etag = a.substr(e + 6, a.find("\r\n", e) - e - 6);
  EXPECT_NE(a.find("\r\nDate: "), std::string::npos);
  EXPECT_NE(a.find("\r\nServer: khabar\r\n"), std::string::npos);
  std::string b =
      Exchange(s, "GET /a HTTP/1.1\r\nHost: t\r\nIf-None-Match: W/\"x\", " + etag + "\r\n\r\n");
  EXPECT_EQ(b.substr(0, 25), "HTTP/1.1 304 Not Modified") << b;
  EXPECT_NE(b.find("ETag: " + etag), std::string::npos);
  EXPECT_EQ(b.find("Content-Length"), std::string::npos);
  EXPECT_TRUE(b.ends_with("\r\n\r\n"));  // no body
  std::string c = Exchange(s, "GET /a HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\"\r\n\r\n");
  EXPECT_EQ(c.substr(0, 15), "HTTP/1.1 200 OK");
  // The connection still works after a 304.
  std::string d = Exchange(s, "GET /a?y HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_NE(d.find("GET /a y 0"), std::string::npos);
}

TEST_P(ServerTest, PreparedResponsesAndLastModified) {
  auto s = Connect();
  std::string a = Exchange(s, "GET /prepared HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n");
  EXPECT_NE(a.find("Content-Encoding: gzip"), std::string::npos) << a.substr(0, 400);
  EXPECT_NE(a.find("Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT\r\n"), std::string::npos)
      << a.substr(0, 400);
  EXPECT_NE(a.find("-gz\"\r\n"), std::string::npos);  // the gzip form has its own ETag
  std::string b = Exchange(s,
                           "GET /prepared HTTP/1.1\r\nHost: t\r\n"
                           "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n");
  EXPECT_EQ(b.substr(0, 25), "HTTP/1.1 304 Not Modified") << b;
  EXPECT_NE(b.find("Cache-Control: public, max-age=60\r\n"), std::string::npos);
  std::string c = Exchange(s,
                           "GET /prepared HTTP/1.1\r\nHost: t\r\n"
                           "If-Modified-Since: Sun, 06 Nov 1994 08:49:36 GMT\r\n\r\n");
  EXPECT_EQ(c.substr(0, 15), "HTTP/1.1 200 OK");
  EXPECT_NE(c.find(std::string(3000, 'p')), std::string::npos);
  std::string h = Exchange(s, "HEAD /prepared HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_NE(h.find("Content-Length: 3000\r\n"), std::string::npos);
  EXPECT_TRUE(h.ends_with("\r\n\r\n"));
}

TEST_P(ServerTest, Http10KeepAliveAndNoHeaderInjection) {
  auto s = Connect();
  std::string a = Exchange(s, "GET /inject HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_NE(a.find("Connection: keep-alive\r\n"), std::string::npos) << a;
  EXPECT_EQ(a.find("\r\nSet-Cookie"), std::string::npos) << a;
  EXPECT_NE(a.find("X-Test: aSet-Cookie: evil=1\r\n"), std::string::npos) << a;
  std::string b = Exchange(s, "GET /a HTTP/1.0\r\n\r\n");
  EXPECT_NE(b.find("Connection: close\r\n"), std::string::npos) << b;
}

INSTANTIATE_TEST_SUITE_P(IoModes, ServerTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "PerThread" : "Shared"; });

TEST(PercentDecode, Cases) {
  std::string out;
  EXPECT_TRUE(PercentDecode("/a%20b", &out, false));
  EXPECT_EQ(out, "/a b");
  EXPECT_FALSE(PercentDecode("/a%2", &out, false));
  EXPECT_FALSE(PercentDecode("/a%zz", &out, false));
  EXPECT_TRUE(PercentDecode("a+b", &out, true));
  EXPECT_EQ(out, "a b");
}

}  // namespace
}  // namespace khabar::serve
