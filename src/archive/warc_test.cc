#include "khabar/archive_warc.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <sstream>

namespace khabar {
namespace {

std::string Record(const std::string& type, const std::string& uri, const std::string& ctype,
                   const std::string& block, const std::string& length = "") {
  std::string r = "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
                  "\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: " + ctype +
                  "\r\nContent-Length: " + (length.empty() ? std::to_string(block.size()) : length) +
                  "\r\n\r\n" + block + "\r\n\r\n";
  return r;
}

std::string Gzip(const std::string& s) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(s.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

const std::string kHttp =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>سلام</body></html>";
const std::string kChunked =
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n"
    "4\r\n<p>a\r\n5\r\nb</p>\r\n0\r\n\r\n";

struct Got {
  std::vector<std::string> lines;
};

std::vector<std::string> ReadAll(const std::string& bytes, WarcReaderOptions o = {}) {
  std::istringstream in(bytes);
  WarcReader r(in, o);
  std::vector<std::string> out;
  WarcRecord rec;
  for (int guard = 0; guard < 100; ++guard) {
    auto n = r.Next(&rec);
    if (!n.ok()) {
      out.push_back("error: " + n.status().message());
      continue;
    }
    if (!*n) break;
    out.push_back(rec.type + " " + rec.target_uri + " " + rec.content_type + " " +
                  std::to_string(rec.http_status) + " " + std::to_string(rec.date_unix) + " " +
                  rec.payload);
  }
  return out;
}

TEST(Warc, ReadsResponseResourceAndChunked) {
  std::string w = Record("warcinfo", "", "application/warc-fields", "software: test\r\n") +
                  Record("response", "<https://a.ir/1>", "application/http; msgtype=response", kHttp) +
                  Record("resource", "https://a.ir/2.txt", "text/plain", "متن") +
                  Record("response", "https://a.ir/3", "application/http;msgtype=response", kChunked);
  std::vector<std::string> want = {
      "warcinfo  application/warc-fields 0 1714557600 software: test\r\n",
      "response https://a.ir/1 text/html; charset=utf-8 200 1714557600 <html><body>سلام</body></html>",
      "resource https://a.ir/2.txt text/plain 0 1714557600 متن",
      "response https://a.ir/3 text/html 200 1714557600 <p>ab</p>"};
  EXPECT_EQ(ReadAll(w), want);
  // Per-record gzip members and one member for the whole file read the same.
  std::string members;
  for (const std::string& part :
       {Record("warcinfo", "", "application/warc-fields", "software: test\r\n"),
        Record("response", "<https://a.ir/1>", "application/http; msgtype=response", kHttp),
        Record("resource", "https://a.ir/2.txt", "text/plain", "متن"),
        Record("response", "https://a.ir/3", "application/http;msgtype=response", kChunked)})
    members += Gzip(part);
  EXPECT_EQ(ReadAll(members), want);
  EXPECT_EQ(ReadAll(Gzip(w)), want);
}

TEST(Warc, BrokenRecordsAreReportedAndSkipped) {
  std::string w = Record("resource", "https://a.ir/1", "text/plain", "one") +
                  Record("resource", "https://a.ir/2", "text/plain", "two", "abc") +
                  Record("resource", "https://a.ir/3", "text/plain", "three") +
                  Record("resource", "https://a.ir/4", "text/plain", std::string(100, 'x')) +
                  Record("resource", "https://a.ir/5", "text/plain", "five", "999");
  WarcReaderOptions o;
  o.max_record_bytes = 50;
  std::vector<std::string> want = {
      "resource https://a.ir/1 text/plain 0 1714557600 one",
      "error: record 1: bad Content-Length «abc»",
      "error: record 2: 1 stray lines before it (skipped)",
      "resource https://a.ir/3 text/plain 0 1714557600 three",
      "error: record 3: block of 100 bytes is past the cap of 50",
      "error: record 4: block of 999 bytes is past the cap of 50"};
  EXPECT_EQ(ReadAll(w, o), want);
}

TEST(Warc, IsoInstants) {
  int64_t t = 0;
  ASSERT_TRUE(ParseIsoInstant("2017-04-09T17:14:00+04:30", &t));
  EXPECT_EQ(t, 1491741840);
  ASSERT_TRUE(ParseIsoInstant("2024-05-01T10:00:00.123Z", &t));
  EXPECT_EQ(t, 1714557600);
  EXPECT_FALSE(ParseIsoInstant("2024-13-01", &t));
  EXPECT_FALSE(ParseIsoInstant("yesterday", &t));
}

}  // namespace
}  // namespace khabar
