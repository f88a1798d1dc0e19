// A buffered reader over a std::istream that inflates gzip transparently
// (any number of concatenated members, as in .warc.gz) and reads lines with a
// cap. Internal to src/archive. Memory: O(buffer + cap).
#ifndef KHABAR_ARCHIVE_BYTE_READER_H_
#define KHABAR_ARCHIVE_BYTE_READER_H_

#include <zlib.h>

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

namespace khabar::archive {

class ByteReader {
 public:
  // Sniffs the gzip magic (1f 8b) at the start of in.
  explicit ByteReader(std::istream& in);
  ~ByteReader();
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;

  // The next line without its "\n" (and a trailing "\r"). A line longer than
  // cap is consumed whole but *line keeps only its first cap bytes and
  // *too_long is set. False at end of input (and nothing read).
  bool ReadLine(std::string* line, size_t cap, bool* too_long);
  // Appends up to n bytes to *out; returns how many were appended.
  size_t Read(size_t n, std::string* out);
  // Skips n bytes; false if the input ended first.
  bool Skip(size_t n);
  // Up to n bytes ahead without consuming them.
  std::string_view Peek(size_t n);
  bool gzip() const { return gzip_; }
  // "" or why decompression failed (the input then reads as ended).
  const std::string& error() const { return error_; }
  // Input bytes consumed from the stream (compressed bytes for gzip).
  uint64_t raw_consumed() const { return raw_consumed_; }

 private:
  bool Fill();  // appends to buf_; false at end
  std::istream& in_;
  bool gzip_ = false;
  bool eof_ = false;
  z_stream z_{};
  bool z_init_ = false;
  std::string raw_;     // compressed bytes not yet inflated
  size_t raw_pos_ = 0;
  std::string buf_;     // decoded bytes
  size_t pos_ = 0;
  std::string error_;
  uint64_t raw_consumed_ = 0;
};

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_BYTE_READER_H_
