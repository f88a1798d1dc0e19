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
  const NormalizerOptions& options_;
};

}  // namespace khabar::text

#endif  // KHABAR_TEXT_CHAR_MAP_H_
