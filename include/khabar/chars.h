// Character facts for Persian text: UTF-8 decoding, digit scripts, letter
// variants. Header-only, no allocation; every other module builds on these.
#ifndef KHABAR_CHARS_H_
#define KHABAR_CHARS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace khabar {

// Invisible characters are never written raw in khabar's sources.
inline constexpr char32_t kZwnj = 0x200C;  // ZERO WIDTH NON-JOINER (half-space)
inline constexpr char32_t kZwj = 0x200D;   // ZERO WIDTH JOINER
inline constexpr char32_t kLrm = 0x200E;
inline constexpr char32_t kRlm = 0x200F;
inline constexpr char32_t kNbsp = 0x00A0;
inline constexpr char32_t kSoftHyphen = 0x00AD;
inline constexpr char32_t kReplacement = 0xFFFD;
inline constexpr std::string_view kZwnjUtf8 = "\xE2\x80\x8C";

// Decodes one code point from s at *pos and advances *pos. Malformed or
// truncated sequences, overlongs, surrogates and values past U+10FFFF yield
// kReplacement and advance by one byte (so decoding never stalls).
inline char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = *pos, n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  int len;
  char32_t cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    *pos = i + 1;
    return kReplacement;
  }
  if (i + len > n) {
    *pos = i + 1;
    return kReplacement;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = p[i + k];
    if ((cc & 0xC0) != 0x80) {
      *pos = i + 1;
      return kReplacement;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return kReplacement;
  }
  *pos = i + len;
  return cp;
}

// Appends the UTF-8 encoding of cp to out.
inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

inline std::string Utf8(char32_t cp) {
  std::string s;
  AppendUtf8(cp, &s);
  return s;
}

// The value 0-9 of a digit in any of the three scripts (Latin, Arabic-Indic
// U+0660.., Persian U+06F0..), or -1.
inline int DigitValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0x06F0 && c <= 0x06F9) return static_cast<int>(c - 0x06F0);
  if (c >= 0x0660 && c <= 0x0669) return static_cast<int>(c - 0x0660);
  return -1;
}
inline bool IsDigit(char32_t c) { return DigitValue(c) >= 0; }
inline bool IsPersianDigit(char32_t c) { return c >= 0x06F0 && c <= 0x06F9; }
inline bool IsArabicIndicDigit(char32_t c) { return c >= 0x0660 && c <= 0x0669; }

// Arabic-script letters used in Persian and Arabic text (not digits, not
// punctuation, not diacritics).
inline bool IsArabicLetter(char32_t c) {
  return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x066F) ||
         (c >= 0x0671 && c <= 0x06D3) || c == 0x06D5 || (c >= 0x06EE && c <= 0x06EF) ||
         (c >= 0x06FA && c <= 0x06FC) || c == 0x06FF;
}
// Arabic-script combining marks: harakat, tanwin, shadda, sukun, superscript alef, hamza above/below.
inline bool IsArabicMark(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x0610 && c <= 0x061A) ||
         (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) ||
         (c >= 0x06E7 && c <= 0x06E8) || (c >= 0x06EA && c <= 0x06ED);
}
inline bool IsTatweel(char32_t c) { return c == 0x0640; }

// The Persian letter for an Arabic variant (ي ى → ی, ك → ک), else c.
inline char32_t UnifyLetter(char32_t c) {
  switch (c) {
    case 0x064A:  // ي
    case 0x0649:  // ى
      return 0x06CC;
    case 0x0643:  // ك
      return 0x06A9;
    default:
      return c;
  }
}

// Letters that do not join to the following letter (so a ZWNJ after them does nothing):
// ا آ أ إ د ذ ر ز ژ و ؤ ة ء and the like.
inline bool IsNonJoiningLetter(char32_t c) {
  switch (c) {
    case 0x0621: case 0x0622: case 0x0623: case 0x0624: case 0x0625: case 0x0627:
    case 0x0629: case 0x062F: case 0x0630: case 0x0631: case 0x0632: case 0x0648:
    case 0x0698: case 0x0671: case 0x0672: case 0x0673: case 0x0675: case 0x0688:
    case 0x0691: case 0x06C0: case 0x06C4: case 0x06C5: case 0x06C6: case 0x06C7:
    case 0x06C8: case 0x06C9: case 0x06CA: case 0x06CB: case 0x06CD: case 0x06CF:
    case 0x06D2: case 0x06D3: case 0x06D5:
      return true;
    default:
      return false;
  }
}

// Folds a string for matching: Persian and Arabic-Indic digits → ASCII, ي ى → ی, ك → ک.
// Invalid UTF-8 bytes are copied through as U+FFFD.
inline std::string FoldForMatch(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = DecodeUtf8(s, &i);
    int d = DigitValue(c);
    if (d >= 0) {
      out.push_back(static_cast<char>('0' + d));
    } else {
      AppendUtf8(UnifyLetter(c), &out);
    }
  }
  return out;
}

}  // namespace khabar

#endif  // KHABAR_CHARS_H_
