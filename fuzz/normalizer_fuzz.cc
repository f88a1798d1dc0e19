// libFuzzer target: the normalizer on arbitrary bytes must not crash, must
// keep the line count, and must produce valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "khabar/chars.h"
#include "khabar/normalizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string out = khabar::Normalizer::Default().Normalize(in);
  size_t nl_in = 0, nl_out = 0;
  for (char c : in) nl_in += c == '\n';
  for (char c : out) nl_out += c == '\n';
  if (nl_in != nl_out) __builtin_trap();
  for (size_t i = 0; i < out.size();) {
    size_t before = i;
    char32_t c = khabar::DecodeUtf8(out, &i);
    if (c == khabar::kReplacement && out.compare(before, 3, "\xEF\xBF\xBD") != 0) __builtin_trap();
  }
  return 0;
}
