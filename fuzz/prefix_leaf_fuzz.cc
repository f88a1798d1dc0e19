// libFuzzer target: the FTS5 leaf-page reader behind prefix search
// (src/archive/prefix_terms.h), on arbitrary bytes as a damaged archive could
// hold them. Must never crash or read outside the page; sizes never negative.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "archive/prefix_terms.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // First byte: the prefix's length (0-7), then the prefix, then the page.
  const size_t k = std::min<size_t>(data[0] % 8, size - 1);
  std::string key = "0" + std::string(reinterpret_cast<const char*>(data + 1), k);
  const size_t off = 1 + k;
  std::map<std::string, int64_t> sizes;
  khabar::archive::ScanLeafPage(data + off, size - off, key, data[0] & 0x80 ? 4000 : 0, &sizes);
  for (const auto& [term, bytes] : sizes) {
    if (bytes < 0 || term.compare(0, key.size(), key) != 0) __builtin_trap();
  }
  return 0;
}
