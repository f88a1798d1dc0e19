#include "extract/encoding.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "khabar/chars.h"

namespace khabar::extract {
namespace {

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return r;
}

// The value after "charset=" in s (quotes and spaces stripped), or "".
std::string CharsetParam(std::string_view lower) {
  size_t p = lower.find("charset");
  while (p != std::string_view::npos) {
    size_t q = p + 7;
    while (q < lower.size() && (lower[q] == ' ' || lower[q] == '\t')) ++q;
    if (q < lower.size() && lower[q] == '=') {
      ++q;
      while (q < lower.size() && (lower[q] == ' ' || lower[q] == '"' || lower[q] == '\'')) ++q;
      size_t e = q;
      while (e < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[e])) ||
                                  lower[e] == '-' || lower[e] == '_' || lower[e] == ':' ||
                                  lower[e] == '.'))
        ++e;
      if (e > q) return std::string(lower.substr(q, e - q));
    }
    p = lower.find("charset", p + 7);
  }
  return "";
}

bool IsUtf8Label(std::string_view l) { return l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8"; }

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  auto cont = [&](size_t k, unsigned char lo, unsigned char hi) { return k < n && p[k] >= lo && p[k] <= hi; };
  while (i < n) {
    // ASCII fast path, 32 bytes at a time, then 8.
    while (i + 32 <= n) {
#if defined(__SSE2__)
      __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
      if (_mm_movemask_epi8(_mm_or_si128(a, b))) break;
#else
      uint64_t w[4];
      std::memcpy(w, p + i, 32);
      if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL) break;
#endif
      i += 32;
    }
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    // A run of mixed bytes (Arabic-script text is two-byte sequences and
    // spaces), one sequence a step (RFC 3629: no overlong forms, no
    // surrogates, up to U+10FFFF), until eight ASCII bytes in a row.
    size_t ascii = 0;
    while (i < n && ascii < 8) {
      unsigned char c = p[i];
      if (c < 0x80) {
        ++i;
        ++ascii;
        continue;
      }
      ascii = 0;
      if (c >= 0xC2 && c <= 0xDF) {
        if (!cont(i + 1, 0x80, 0xBF)) return false;
        i += 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(i + 1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF) || !cont(i + 2, 0x80, 0xBF))
          return false;
        i += 3;
      } else if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(i + 1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF) || !cont(i + 2, 0x80, 0xBF) ||
            !cont(i + 3, 0x80, 0xBF))
          return false;
        i += 4;
      } else {
        return false;
      }
    }
  }
  return true;
}

std::string DetectCharset(std::string_view bytes, std::string_view content_type) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return "utf-8";
  if (bytes.substr(0, 2) == "\xFF\xFE") return "utf-16le";
  if (bytes.substr(0, 2) == "\xFE\xFF") return "utf-16be";
  std::string http = CharsetParam(Lower(content_type));
  if (!http.empty()) return http;
  std::string head = Lower(bytes.substr(0, 4096));
  size_t p = 0;
  while ((p = head.find("<meta", p)) != std::string::npos) {
    size_t e = head.find('>', p);
    if (e == std::string::npos) break;
    std::string cs = CharsetParam(std::string_view(head).substr(p, e - p));
    if (!cs.empty()) return cs;
    p = e;
  }
  return "";
}

Status ToUtf8(std::string_view bytes, std::string_view content_type, std::string* out,
              std::vector<std::string>* warnings) {
  std::string_view view;
  Status s = ToUtf8View(bytes, content_type, out, &view, warnings);
  if (view.data() != out->data() || view.size() != out->size()) out->assign(view);
  return s;
}

Status ToUtf8View(std::string_view bytes, std::string_view content_type, std::string* out,
                  std::string_view* view, std::vector<std::string>* warnings) {
  *view = bytes;
  std::string label = DetectCharset(bytes, content_type);
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  bool valid = IsValidUtf8(bytes);
  if (label.empty() || IsUtf8Label(label) || label == "us-ascii" || label == "ascii") {
    if (valid || IsUtf8Label(label)) {
      // Declared UTF-8 with bad bytes: the parser replaces them with U+FFFD.
      if (!valid) warnings->push_back("invalid UTF-8 bytes replaced");
      *view = bytes;
      return Status::Ok();
    }
    // Undeclared, not UTF-8: old Persian/Arabic sites are windows-1256.
    size_t high = std::count_if(bytes.begin(), bytes.end(),
                                [](char c) { return static_cast<unsigned char>(c) >= 0xC0; });
    label = high * 10 > bytes.size() / 20 ? "windows-1256" : "windows-1252";
    warnings->push_back("no charset declared and not UTF-8: read as " + label);
  } else if (valid && (label == "iso-8859-1" || label == "windows-1252" || label == "latin1") &&
             std::any_of(bytes.begin(), bytes.end(), [](char c) { return c & 0x80; })) {
    // A common lie: latin-1 declared, UTF-8 served.
    warnings->push_back("charset " + label + " declared but bytes are UTF-8");
    *view = bytes;
    return Status::Ok();
  }
  UErrorCode err = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(label.c_str(), &err);
  if (U_FAILURE(err) || !conv) {
    if (conv) ucnv_close(conv);
    *view = bytes;
    return Status::InvalidArgument("unknown charset '" + label + "'");
  }
  // Each input byte becomes at most 3 UTF-8 bytes (4 for UTF-16 surrogate pairs from 4 bytes).
  out->resize(bytes.size() * 3 + 16);
  UConverter* utf8 = ucnv_open("UTF-8", &err);
  char* target = out->data();
  const char* source = bytes.data();
  ucnv_convertEx(utf8, conv, &target, out->data() + out->size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true, &err);
  ucnv_close(utf8);
  ucnv_close(conv);
  if (U_FAILURE(err)) {
    *view = bytes;
    return Status::InvalidArgument("charset '" + label + "': conversion failed");
  }
  out->resize(target - out->data());
  *view = *out;
  warnings->push_back("charset " + label + " converted to UTF-8");
  return Status::Ok();
}

}  // namespace khabar::extract
