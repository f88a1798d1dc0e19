// libFuzzer target: the WARC reader on arbitrary bytes (plain or gzip).
// Must never crash, hang or read past its caps; broken records are errors.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "khabar/archive_warc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  khabar::WarcReaderOptions o;
  o.max_record_bytes = 1 << 16;
  o.max_header_bytes = 1 << 12;
  khabar::WarcReader r(in, o);
  khabar::WarcRecord rec;
  for (int i = 0; i < 10000; ++i) {
    auto n = r.Next(&rec);
    if (n.ok() && !*n) break;
    if (n.ok() && rec.payload.size() > o.max_record_bytes) __builtin_trap();
  }
  return 0;
}
