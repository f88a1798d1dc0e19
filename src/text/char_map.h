// Character-level pass of the normalizer: decoding, NFC, letter unification,
// presentation forms, diacritics, tatweel, whitespace and invisible characters.
#ifndef KHABAR_TEXT_CHAR_MAP_H_
#define KHABAR_TEXT_CHAR_MAP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/normalizer.h"

namespace khabar::text {

// A decoded character with the input byte span it came from.
struct Char {
  char32_t c;
  uint32_t begin, end;  // input bytes, relative to the start of the line
};

class CharMapper {
 public:
  explicit CharMapper(const NormalizerOptions& options);
  // Decodes line (no '\n') and applies the character-level steps, appending to
  // *out. Invalid UTF-8 becomes U+FFFD and is reported in *warnings (offsets
  // relative to line, plus base).
  void Map(std::string_view line, size_t base, std::vector<Char>* out,
           std::vector<NormalizeWarning>* warnings) const;

 private:
  void Nfc(std::vector<Char>* chars, size_t from) const;
  void PseudoZwnj(std::vector<Char>* chars, size_t start, size_t end) const;

  // Per character of U+0600..U+06FF: what the passes after decoding must do.
  enum : uint8_t { kDrop = 1, kNfc = 2, kLetterMap = 4, kTehMarbuta = 8 };
  const NormalizerOptions& options_;
  uint8_t arabic_flags_[256];
};

}  // namespace khabar::text

#endif  // KHABAR_TEXT_CHAR_MAP_H_
