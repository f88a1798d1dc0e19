// libFuzzer target: the normalizer on arbitrary bytes must not crash, must
// keep the line count, must produce valid UTF-8, and its offset map must stay
// inside both texts and in order. The first byte picks the options (the house
// styles and steps switched off), the rest is the text.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/chars.h"
#include "khabar/lexicon.h"
#include "khabar/normalizer.h"

namespace {

const khabar::Normalizer& ForFlags(uint8_t f) {
  static std::unique_ptr<khabar::Normalizer> cache[256];
  std::unique_ptr<khabar::Normalizer>& n = cache[f];
  if (!n) {
    khabar::NormalizerOptions o;
    static constexpr khabar::EzafeStyle kStyles[] = {khabar::EzafeStyle::kHamza, khabar::EzafeStyle::kYeh,
                                                     khabar::EzafeStyle::kLigature, khabar::EzafeStyle::kKeep};
    o.ezafe = kStyles[f & 3];
    o.joined_tar = f & 4;
    o.separated_compounds = f & 4;  // the two house styles together
    o.remove_diacritics = !(f & 8);
    o.persian_punctuation = !(f & 16);
    o.fix_spacing = !(f & 32);
    o.restore_zwnj = !(f & 64);
    o.persian_digits = !(f & 128);
    n = std::move(khabar::Normalizer::Create(o, khabar::Lexicon::Default()).value());
  }
  return *n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (1 << 16)) return 0;
  const khabar::Normalizer& norm = ForFlags(data[0]);
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<khabar::OffsetSpan> map;
  std::string out = norm.Normalize(in, &map, nullptr);
  size_t nl_in = 0, nl_out = 0;
  for (char c : in) nl_in += c == '\n';
  for (char c : out) nl_out += c == '\n';
  if (nl_in != nl_out) __builtin_trap();
  for (size_t i = 0; i < out.size();) {
    size_t before = i;
    char32_t c = khabar::DecodeUtf8(out, &i);
    if (c == khabar::kReplacement && out.compare(before, 3, "\xEF\xBF\xBD") != 0) __builtin_trap();
  }
  size_t last_out = 0;
  for (const khabar::OffsetSpan& s : map) {
    if (s.out_begin > s.out_end || s.out_end > out.size() || s.in_begin > s.in_end || s.in_end > in.size())
      __builtin_trap();
    if (s.out_begin < last_out) __builtin_trap();
    last_out = s.out_end;
  }
  return 0;
}
