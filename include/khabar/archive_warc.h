// WarcReader: records of a WARC 1.0/1.1 file (ISO 28500), plain or gzip
// (record-per-member or whole-file), read with zlib — no other dependency.
//
// Untrusted input: a header block longer than max_header_bytes, a
// Content-Length past max_record_bytes, or a malformed record is reported as
// a broken record (Next returns an error Status) and the reader resynchronizes
// at the next line starting with "WARC/"; the caller may keep calling Next.
// Memory O(max_record_bytes); time linear in the input.
#ifndef KHABAR_ARCHIVE_WARC_H_
#define KHABAR_ARCHIVE_WARC_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>

#include "khabar/status.h"

namespace khabar {

struct WarcReaderOptions {
  // Records whose block is larger are skipped (kResourceExhausted). Default 32 MiB.
  size_t max_record_bytes = size_t{32} << 20;
  // A record header block larger than this is broken. Default 64 KiB.
  size_t max_header_bytes = size_t{64} << 10;
};

struct WarcRecord {
  std::string type;          // WARC-Type: "response", "resource", "request", "warcinfo", ...
  std::string target_uri;    // WARC-Target-URI (angle brackets removed)
  std::string date;          // WARC-Date as written ("2024-05-01T10:00:00Z")
  int64_t date_unix = 0;     // WARC-Date in UTC seconds; 0 when unparseable
  std::string content_type;  // of the payload: the HTTP Content-Type for a response, else WARC's
  int http_status = 0;       // for "response" records with an HTTP message; else 0
  std::string payload;       // response: the HTTP body (de-chunked); resource: the block
  uint64_t offset = 0;       // record number in the file, from 0
};

class WarcReader {
 public:
  // in must outlive the reader.
  explicit WarcReader(std::istream& in, WarcReaderOptions options = {});
  ~WarcReader();

  // Ok(true) with *rec filled; Ok(false) at the end; an error Status for a
  // broken record (the reader has moved past it).
  Result<bool> Next(WarcRecord* rec);
  // Input bytes consumed so far (compressed bytes for .warc.gz).
  uint64_t raw_consumed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses an ISO 8601 UTC-or-offset timestamp ("2024-05-01T10:00:00Z",
// "...+03:30", or a date) into UTC seconds; false when malformed.
bool ParseIsoInstant(std::string_view s, int64_t* out);

}  // namespace khabar

#endif  // KHABAR_ARCHIVE_WARC_H_
