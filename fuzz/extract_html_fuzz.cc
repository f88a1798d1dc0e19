// libFuzzer target: any bytes through the HTML path (encoding detection,
// nesting cap, myhtml, scoring, metadata). Must return a result or a clean
// error, never crash, in bounded time (small caps keep each run short).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khabar/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const khabar::Extractor* ex = [] {
    khabar::ExtractorOptions o;
    o.max_input_bytes = 1 << 20;
    o.max_open_elements = 512;
    return new khabar::Extractor(o);
  }();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  khabar::ExtractRequest req;
  req.base_url = "https://example.ir/news/123/x";
  // The first byte picks a declared charset, to reach the ICU paths too.
  static const char* kTypes[] = {"", "text/html; charset=windows-1256", "text/html; charset=utf-16le",
                                 "text/html; charset=iso-8859-1"};
  if (size > 0) req.content_type = kTypes[data[0] & 3];
  auto r = ex->ExtractHtml(bytes, req);
  if (r.ok()) {
    std::string j = r->ToJson();
    auto back = khabar::Article::FromJson(j);
    if (!back.ok()) __builtin_trap();
  }
  return 0;
}
