// libFuzzer target: any bytes through the text-dump line classifier.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khabar/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const khabar::Extractor* ex = [] {
    khabar::ExtractorOptions o;
    o.max_input_bytes = 1 << 20;
    o.max_line_bytes = 4096;
    return new khabar::Extractor(o);
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = ex->ExtractText(text);
  if (r.ok()) {
    auto back = khabar::Article::FromJson(r->ToJson());
    if (!back.ok() || !(*back == *r)) __builtin_trap();
  }
  return 0;
}
