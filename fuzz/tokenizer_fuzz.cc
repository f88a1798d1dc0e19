// libFuzzer target: word tokens and sentences must be in bounds, ordered and
// non-overlapping on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khabar/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t last = 0;
  for (const khabar::Token& t : khabar::TokenizeWords(in)) {
    if (t.begin < last || t.end <= t.begin || t.end > in.size()) __builtin_trap();
    last = t.end;
  }
  last = 0;
  for (const khabar::Sentence& s : khabar::SplitSentences(in)) {
    if (s.begin < last || s.end < s.begin || s.end > in.size()) __builtin_trap();
    last = s.end;
  }
  return 0;
}
