#include "archive/byte_reader.h"

#include <cstring>

namespace khabar::archive {
namespace {
constexpr size_t kChunk = 1 << 16;
}

ByteReader::ByteReader(std::istream& in) : in_(in) {
  raw_.resize(kChunk);
  in_.read(raw_.data(), static_cast<std::streamsize>(raw_.size()));
  raw_.resize(static_cast<size_t>(in_.gcount()));
  raw_consumed_ = raw_.size();
  if (raw_.size() >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f &&
      static_cast<unsigned char>(raw_[1]) == 0x8b) {
    gzip_ = true;
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) {
      error_ = "zlib init failed";
      eof_ = true;
    } else {
      z_init_ = true;
    }
  } else {
    buf_ = std::move(raw_);
    raw_.clear();
  }
}

ByteReader::~ByteReader() {
  if (z_init_) inflateEnd(&z_);
}

bool ByteReader::Fill() {
  if (eof_) return false;
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  if (!gzip_) {
    size_t old = buf_.size();
    buf_.resize(old + kChunk);
    in_.read(buf_.data() + old, static_cast<std::streamsize>(kChunk));
    size_t got = static_cast<size_t>(in_.gcount());
    buf_.resize(old + got);
    raw_consumed_ += got;
    if (got == 0) eof_ = true;
    return got > 0;
  }
  while (true) {
    if (raw_pos_ >= raw_.size()) {
      raw_.resize(kChunk);
      in_.read(raw_.data(), static_cast<std::streamsize>(kChunk));
      raw_.resize(static_cast<size_t>(in_.gcount()));
      raw_pos_ = 0;
      raw_consumed_ += raw_.size();
      if (raw_.empty()) {
        eof_ = true;
        return false;
      }
    }
    size_t old = buf_.size();
    buf_.resize(old + kChunk);
    z_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
    z_.avail_in = static_cast<uInt>(raw_.size() - raw_pos_);
    z_.next_out = reinterpret_cast<Bytef*>(buf_.data() + old);
    z_.avail_out = static_cast<uInt>(kChunk);
    int rc = inflate(&z_, Z_NO_FLUSH);
    raw_pos_ = raw_.size() - z_.avail_in;
    size_t produced = kChunk - z_.avail_out;
    buf_.resize(old + produced);
    if (rc == Z_STREAM_END) {
      inflateReset(&z_);  // the next gzip member, if any
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error_ = std::string("gzip: ") + (z_.msg ? z_.msg : "data error");
      eof_ = true;
      return produced > 0;
    }
    if (produced > 0) return true;
    if (rc == Z_BUF_ERROR && z_.avail_in != 0) {
      error_ = "gzip: stalled";
      eof_ = true;
      return false;
    }
  }
}

std::string_view ByteReader::Peek(size_t n) {
  while (buf_.size() - pos_ < n && Fill()) {
  }
  return std::string_view(buf_).substr(pos_, n);
}

bool ByteReader::ReadLine(std::string* line, size_t cap, bool* too_long) {
  line->clear();
  *too_long = false;
  bool any = false;
  while (true) {
    if (pos_ >= buf_.size() && !Fill()) return any;
    any = true;
    const char* start = buf_.data() + pos_;
    size_t avail = buf_.size() - pos_;
    const void* nl = std::memchr(start, '\n', avail);
    size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : avail;
    size_t room = line->size() < cap ? cap - line->size() : 0;
    if (take > room) *too_long = true;
    line->append(start, std::min(take, room));
    pos_ += take;
    if (nl) {
      ++pos_;
      if (!line->empty() && line->back() == '\r') line->pop_back();
      return true;
    }
  }
}

size_t ByteReader::Read(size_t n, std::string* out) {
  size_t done = 0;
  while (done < n) {
    if (pos_ >= buf_.size() && !Fill()) break;
    size_t take = std::min(n - done, buf_.size() - pos_);
    out->append(buf_, pos_, take);
    pos_ += take;
    done += take;
  }
  return done;
}

bool ByteReader::Skip(size_t n) {
  while (n > 0) {
    if (pos_ >= buf_.size() && !Fill()) return false;
    size_t take = std::min(n, buf_.size() - pos_);
    pos_ += take;
    n -= take;
  }
  return true;
}

}  // namespace khabar::archive
