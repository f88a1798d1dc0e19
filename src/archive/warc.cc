#include "khabar/archive_warc.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "archive/byte_reader.h"
#include "khabar/jalali.h"

namespace khabar {
namespace {

std::string Lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits an HTTP message into status, content type and the (de-chunked) body.
// False when it is not an HTTP response.
bool ParseHttp(std::string_view block, size_t cap, int* status, std::string* ctype,
               std::string* body) {
  if (block.substr(0, 5) != "HTTP/") return false;
  size_t end = block.find("\r\n\r\n");
  size_t sep = 4;
  if (end == std::string_view::npos) {
    end = block.find("\n\n");
    sep = 2;
  }
  if (end == std::string_view::npos) return false;
  std::string_view head = block.substr(0, end);
  std::string_view rest = block.substr(end + sep);
  size_t sp = head.find(' ');
  *status = sp == std::string_view::npos ? 0 : std::atoi(std::string(head.substr(sp + 1, 3)).c_str());
  bool chunked = false;
  size_t pos = head.find('\n');
  while (pos != std::string_view::npos && pos < head.size()) {
    size_t nl = head.find('\n', pos + 1);
    std::string_view line = head.substr(pos + 1, nl == std::string_view::npos ? nl : nl - pos - 1);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name = Lower(Trim(line.substr(0, colon)));
      std::string_view value = Trim(line.substr(colon + 1));
      if (name == "content-type") *ctype = std::string(value);
      if (name == "transfer-encoding" && Lower(value).find("chunked") != std::string::npos)
        chunked = true;
    }
    pos = nl;
  }
  if (!chunked) {
    body->assign(rest.substr(0, cap));
    return true;
  }
  body->clear();
  size_t i = 0;
  while (i < rest.size()) {
    size_t nl = rest.find('\n', i);
    if (nl == std::string_view::npos) break;
    unsigned long n = std::strtoul(std::string(rest.substr(i, nl - i)).c_str(), nullptr, 16);
    i = nl + 1;
    if (n == 0 || n > rest.size() - i) break;
    if (body->size() + n > cap) break;
    body->append(rest.substr(i, n));
    i += n;
    if (i < rest.size() && rest[i] == '\r') ++i;
    if (i < rest.size() && rest[i] == '\n') ++i;
  }
  return true;
}

}  // namespace

bool ParseIsoInstant(std::string_view s, int64_t* out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  std::string str(Trim(s).substr(0, 64));
  int n = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3) return false;
  std::string_view rest = std::string_view(str).substr(static_cast<size_t>(n));
  int offset = 0;
  if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ')) {
    int m = 0;
    if (std::sscanf(std::string(rest).c_str() + 1, "%2d:%2d%n", &h, &mi, &m) != 2) return false;
    rest.remove_prefix(1 + static_cast<size_t>(m));
    if (!rest.empty() && rest[0] == ':') {
      int k = 0;
      if (std::sscanf(std::string(rest).c_str() + 1, "%2d%n", &se, &k) != 1) return false;
      rest.remove_prefix(1 + static_cast<size_t>(k));
    }
    if (!rest.empty() && rest[0] == '.') {
      rest.remove_prefix(1);
      while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) rest.remove_prefix(1);
    }
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
      int oh = 0, om = 0;
      if (std::sscanf(std::string(rest).c_str() + 1, "%2d:%2d", &oh, &om) < 1) return false;
      offset = (rest[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    }
  }
  GregorianDate g{y, mo, d};
  if (!ValidateGregorian(g).ok() || h > 23 || mi > 59 || se > 60) return false;
  *out = GregorianToDays(g) * 86400 + h * 3600 + mi * 60 + se - offset;
  return true;
}

struct WarcReader::Impl {
  explicit Impl(std::istream& in, WarcReaderOptions o) : r(in), opt(o) {}
  archive::ByteReader r;
  WarcReaderOptions opt;
  uint64_t count = 0;
  bool have_version = false;  // the "WARC/" line of the next record was read already
  std::string line;
};

WarcReader::WarcReader(std::istream& in, WarcReaderOptions options)
    : impl_(std::make_unique<Impl>(in, options)) {}
WarcReader::~WarcReader() = default;
uint64_t WarcReader::raw_consumed() const { return impl_->r.raw_consumed(); }

Result<bool> WarcReader::Next(WarcRecord* rec) {
  auto& r = impl_->r;
  std::string& line = impl_->line;
  bool too_long = false;
  // Find the version line (skipping blank lines between records).
  size_t skipped = 0;
  while (!impl_->have_version) {
    if (!r.ReadLine(&line, 256, &too_long)) {
      if (!r.error().empty()) return Status::Corruption(r.error());
      if (skipped) return Status::Corruption("trailing garbage after the last record");
      return false;
    }
    if (line.rfind("WARC/", 0) == 0 && !too_long) break;
    if (!line.empty()) ++skipped;
  }
  if (skipped) {
    impl_->have_version = true;  // read the record that follows on the next call
    return Status::Corruption("record " + std::to_string(impl_->count) + ": " +
                              std::to_string(skipped) + " stray lines before it (skipped)");
  }
  impl_->have_version = false;
  uint64_t index = impl_->count++;
  *rec = WarcRecord();
  rec->offset = index;
  std::string where = "record " + std::to_string(index);
  int64_t length = -1;
  size_t header_bytes = 0;
  while (true) {
    if (!r.ReadLine(&line, impl_->opt.max_header_bytes, &too_long))
      return Status::Corruption(where + ": input ends inside the header");
    header_bytes += line.size() + 2;
    if (too_long || header_bytes > impl_->opt.max_header_bytes)
      return Status::ResourceExhausted(where + ": header block larger than " +
                                       std::to_string(impl_->opt.max_header_bytes) + " bytes");
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;  // tolerate (continuation lines are rare)
    std::string name = Lower(Trim(std::string_view(line).substr(0, colon)));
    std::string value(Trim(std::string_view(line).substr(colon + 1)));
    if (name == "warc-type") {
      rec->type = value;
    } else if (name == "warc-target-uri") {
      if (value.size() >= 2 && value.front() == '<' && value.back() == '>')
        value = value.substr(1, value.size() - 2);
      rec->target_uri = value;
    } else if (name == "warc-date") {
      rec->date = value;
      if (!ParseIsoInstant(value, &rec->date_unix)) rec->date_unix = 0;
    } else if (name == "content-type") {
      rec->content_type = value;
    } else if (name == "content-length") {
      char* end = nullptr;
      errno = 0;
      long long v = std::strtoll(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || v < 0 || errno != 0)
        return Status::Corruption(where + ": bad Content-Length «" + value + "»");
      length = v;
    }
  }
  if (length < 0) return Status::Corruption(where + ": no Content-Length");
  if (static_cast<uint64_t>(length) > impl_->opt.max_record_bytes) {
    r.Skip(static_cast<size_t>(length));
    return Status::ResourceExhausted(where + ": block of " + std::to_string(length) +
                                     " bytes is past the cap of " +
                                     std::to_string(impl_->opt.max_record_bytes));
  }
  std::string block;
  block.reserve(static_cast<size_t>(length));
  if (r.Read(static_cast<size_t>(length), &block) != static_cast<size_t>(length))
    return Status::Corruption(where + ": input ends inside the block (" +
                              std::to_string(block.size()) + " of " + std::to_string(length) +
                              " bytes)");
  if (rec->type == "response" && Lower(rec->content_type).find("application/http") == 0) {
    std::string ctype, body;
    if (!ParseHttp(block, impl_->opt.max_record_bytes, &rec->http_status, &ctype, &body))
      return Status::Corruption(where + ": response block is not an HTTP message");
    rec->content_type = ctype;
    rec->payload = std::move(body);
  } else {
    rec->payload = std::move(block);
  }
  return true;
}

}  // namespace khabar
