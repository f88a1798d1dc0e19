#include "text/char_map.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include <array>
#include <mutex>

#include "khabar/chars.h"

namespace khabar::text {

namespace {

// Compatibility decompositions of the Arabic presentation forms, computed once
// from ICU's NFKC data (FB50–FDFF and FE70–FEFF).
struct PresentationTable {
  static constexpr char32_t kLoA = 0xFB50, kHiA = 0xFDFF, kLoB = 0xFE70, kHiB = 0xFEFF;
  std::array<std::u32string, (kHiA - kLoA + 1) + (kHiB - kLoB + 1)> map;

  PresentationTable() {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2* nfkc = unorm2_getNFKCInstance(&err);
    if (U_FAILURE(err)) return;
    auto fill = [&](char32_t lo, char32_t hi, size_t base) {
      for (char32_t c = lo; c <= hi; ++c) {
        UChar buf[32];
        UErrorCode e = U_ZERO_ERROR;
        int32_t n = unorm2_getDecomposition(nfkc, static_cast<UChar32>(c), buf, 32, &e);
        if (U_FAILURE(e) || n <= 0) continue;
        std::u32string s;
        for (int32_t i = 0; i < n;) {
          UChar32 cp;
          U16_NEXT(buf, i, n, cp);
          s.push_back(static_cast<char32_t>(cp));
        }
        map[base + (c - lo)] = std::move(s);
      }
    };
    fill(kLoA, kHiA, 0);
    fill(kLoB, kHiB, kHiA - kLoA + 1);
  }

  const std::u32string* Find(char32_t c) const {
    const std::u32string* s = nullptr;
    if (c >= kLoA && c <= kHiA) s = &map[c - kLoA];
    else if (c >= kLoB && c <= kHiB) s = &map[(kHiA - kLoA + 1) + (c - kLoB)];
    return s && !s->empty() ? s : nullptr;
  }
};

const PresentationTable& Presentation() {
  static const PresentationTable table;
  return table;
}

const UNormalizer2* NfcInstance() {
  static const UNormalizer2* nfc = [] {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2* n = unorm2_getNFCInstance(&err);
    return U_FAILURE(err) ? nullptr : n;
  }();
  return nfc;
}

bool IsSpaceLike(char32_t c) {
  return c == '\t' || c == 0x0B || c == 0x0C || c == kNbsp || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Invisible characters that writers use in place of a half-space.
// ZWSP, ZWNJ, ZWJ, LRM, RLM (U+200B..U+200F) and the soft hyphen.
bool IsPseudoZwnj(char32_t c) {
  static_assert(kZwnj == 0x200C && kZwj == 0x200D && kLrm == 0x200E && kRlm == 0x200F && kSoftHyphen == 0x00AD);
  return (c - 0x200B) <= 4 || c == kSoftHyphen;
}

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x061C;
}

// Letter variants written in Persian text that have a Persian letter.
char32_t PersianLetter(char32_t c) {
  switch (c) {
    case 0x064A: case 0x0649: case 0x06D0: case 0x06CD: case 0x06CE: case 0x06D2:
      return 0x06CC;                                                   // ي ى ې ۍ ێ ے → ی
    case 0x06B1: return 0x06AF;                                        // ڱ → گ
    case 0x06C3: return 0x0629;                                        // ۃ → ة (Urdu form)
    case 0x0643: case 0x06AA: return 0x06A9;                           // ك ڪ → ک
    case 0x0671: return 0x0627;                                        // ٱ → ا
    case 0x06BE: case 0x06C1: case 0x06D5: return 0x0647;              // ھ ہ ە → ه
    default: return c;
  }
}

bool NeedsNfc(char32_t c) {
  if (c < 0x0300) return false;
  if (c >= 0x0600 && c <= 0x06FF) {
    // Within Arabic, only the combining hamza/madda marks compose.
    return c == 0x0653 || c == 0x0654 || c == 0x0655;
  }
  return u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_NFC_QUICK_CHECK) != UNORM_YES;
}

// A tatweel that does not stretch a join is a dash: one standing alone between
// spaces, one between digits («۱۱ـ۲۳»), or a pair that brackets a phrase
// («ـکه … می\u200cبالیمـ»: one before a word, a later one after a word; or
// one of them standing alone).
bool TatweelIsDash(const std::vector<Char>& v, size_t start, size_t k) {
  auto at = [&](long i) -> char32_t { return i >= static_cast<long>(start) && i < static_cast<long>(v.size()) ? v[i].c : 0; };
  long i = static_cast<long>(k);
  if (IsTatweel(at(i - 1)) || IsTatweel(at(i + 1))) return false;  // a stretch
  char32_t l = at(i - 1), r = at(i + 1);
  bool l_letter = IsArabicLetter(l), r_letter = IsArabicLetter(r);
  if (!l_letter && !r_letter) return (l == 0 || l == ' ' || IsDigit(l)) && (r == 0 || r == ' ' || IsDigit(r));
  if (l_letter && r_letter) return false;
  // At one edge of a word: a dash only as one of a pair on this line.
  bool opening = r_letter;
  long step = opening ? 1 : -1;
  for (long j = i + step; j >= static_cast<long>(start) && j < static_cast<long>(v.size()); j += step) {
    if (!IsTatweel(v[j].c)) continue;
    char32_t jl = at(j - 1), jr = at(j + 1);
    if (IsTatweel(jl) || IsTatweel(jr)) continue;
    bool j_opening = IsArabicLetter(jr) && !IsArabicLetter(jl);
    bool j_closing = IsArabicLetter(jl) && !IsArabicLetter(jr);
    bool j_alone = (jl == 0 || jl == ' ') && (jr == 0 || jr == ' ');  // «ـ … اختیارـ»
    return opening ? (j_closing || j_alone) : (j_opening || j_alone);
  }
  return false;
}

}  // namespace

CharMapper::CharMapper(const NormalizerOptions& options) : options_(options) {
  (void)Presentation();
  const NormalizerOptions& o = options_;
  for (char32_t c = 0x0600; c <= 0x06FF; ++c) {
    uint8_t f = 0;
    if (IsBidiControl(c)) f |= kDrop;
    if (NeedsNfc(c)) f |= kNfc;
    if ((o.unify_letters && PersianLetter(c) != c) || c == 0x06C0 || IsTatweel(c) || IsArabicMark(c)) f |= kLetterMap;
    if (c == 0x0629) f |= kTehMarbuta;
    arabic_flags_[c - 0x0600] = f;
  }
}

void CharMapper::Nfc(std::vector<Char>* chars, size_t from) const {
  // Recompose each combining sequence that needs it, keeping spans.
  const UNormalizer2* nfc = NfcInstance();
  if (!nfc) return;
  std::vector<Char>& v = *chars;
  std::vector<Char> out;
  out.reserve(v.size() - from);
  size_t i = from;
  while (i < v.size()) {
    size_t j = i + 1;
    bool need = NeedsNfc(v[i].c);
    while (j < v.size() && (u_getCombiningClass(static_cast<UChar32>(v[j].c)) != 0 || NeedsNfc(v[j].c))) {
      need = true;
      ++j;
    }
    if (!need) {
      out.push_back(v[i]);
      i = j;
      continue;
    }
    UChar src[64], dst[64];
    int32_t n = 0;
    bool fits = true;
    for (size_t k = i; k < j; ++k) {
      if (n + 2 > 64) { fits = false; break; }
      U16_APPEND_UNSAFE(src, n, static_cast<UChar32>(v[k].c));
    }
    UErrorCode err = U_ZERO_ERROR;
    int32_t m = fits ? unorm2_normalize(nfc, src, n, dst, 64, &err) : -1;
    if (!fits || U_FAILURE(err) || m < 0) {
      for (size_t k = i; k < j; ++k) out.push_back(v[k]);
    } else {
      uint32_t b = v[i].begin, e = v[j - 1].end;
      for (int32_t k = 0; k < m;) {
        UChar32 cp;
        U16_NEXT(dst, k, m, cp);
        out.push_back({static_cast<char32_t>(cp), b, e});
      }
    }
    i = j;
  }
  v.resize(from);
  v.insert(v.end(), out.begin(), out.end());
}

void CharMapper::Map(std::string_view line, size_t base, std::vector<Char>* out,
                     std::vector<NormalizeWarning>* warnings) const {
  const NormalizerOptions& o = options_;
  const size_t start = out->size();
  // What the later passes will have to do; each is skipped when it would
  // change nothing (most lines: plain letters, digits, spaces, punctuation).
  bool need_nfc = false, has_amp = false, letter_map = false, teh_marbuta = false, pseudo_zwnj = false;
  out->reserve(start + line.size());
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  const size_t n = line.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b0 = p[i];
    if (b0 < 0x80) {  // ASCII
      const uint32_t b = static_cast<uint32_t>(i++);
      char32_t c = b0;
      if (c < 0x20) {
        if (c == 0 || c == '\r') continue;  // NUL bytes carry nothing in text
        if (c == '\t' || c == 0x0B || c == 0x0C) c = ' ';
      } else if (c == '&') {
        has_amp = true;
      }
      out->push_back({c, b, b + 1});
      continue;
    }
    if (b0 >= 0xD8 && b0 <= 0xDB && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {  // U+0600..U+06FF
      const char32_t c = (static_cast<char32_t>(b0 & 0x1F) << 6) | (p[i + 1] & 0x3F);
      const uint32_t b = static_cast<uint32_t>(i);
      i += 2;
      if (const uint8_t f = arabic_flags_[c - 0x0600]) {
        if (f & kDrop) continue;
        need_nfc |= o.unicode_nfc && (f & kNfc);
        letter_map |= (f & kLetterMap) != 0;
        teh_marbuta |= (f & kTehMarbuta) != 0;
      }
      out->push_back({c, b, b + 2});
      continue;
    }
    uint32_t b = static_cast<uint32_t>(i);
    char32_t c = DecodeUtf8(line, &i);
    uint32_t e = static_cast<uint32_t>(i);
    if (c == kReplacement && (e - b != 3 || line.compare(b, 3, "\xEF\xBF\xBD") != 0)) {
      if (warnings) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "invalid UTF-8 byte 0x%02x",
                      static_cast<unsigned char>(line[b]));
        warnings->push_back({base + b, buf});
      }
    }
    if (c == 0) continue;  // NUL bytes carry nothing in text
    if (c == '\r' || c == 0xFEFF) continue;
    if (IsBidiControl(c)) continue;
    if (IsSpaceLike(c)) c = ' ';
    if (o.unicode_nfc && !need_nfc && NeedsNfc(c)) need_nfc = true;
    if (c >= 0x0600 && c <= 0x06FF) {  // not reached (two bytes above), kept for safety
      letter_map |= (arabic_flags_[c - 0x0600] & (kLetterMap | kTehMarbuta)) != 0;
    } else if (c >= PresentationTable::kLoA && c <= PresentationTable::kHiB) {
      letter_map = true;
    } else if (IsPseudoZwnj(c)) {
      pseudo_zwnj = true;
    }
    out->push_back({c, b, e});
  }
  if (need_nfc) Nfc(out, start);

  // HTML character references for quotes left in extracted text: «&quot;» and
  // «&apos;» (and their numeric forms) become the characters they stand for.
  if (o.persian_punctuation && has_amp) {
    static const std::pair<std::u32string_view, char32_t> kRefs[] = {
        {U"&quot;", '"'}, {U"&#34;", '"'}, {U"&apos;", '\''}, {U"&#39;", '\''}};
    size_t w = start;
    for (size_t r = start; r < out->size();) {
      bool hit = false;
      if ((*out)[r].c == '&') {
        for (const auto& [ref, ch] : kRefs) {
          if (r + ref.size() > out->size()) continue;
          bool eq = true;
          for (size_t k = 0; k < ref.size() && eq; ++k) eq = (*out)[r + k].c == ref[k];
          if (!eq) continue;
          (*out)[w++] = {ch, (*out)[r].begin, (*out)[r + ref.size() - 1].end};
          r += ref.size();
          hit = true;
          break;
        }
      }
      if (!hit) (*out)[w++] = (*out)[r++];
    }
    out->resize(w);
  }

  if (!need_nfc && !letter_map) {
    // Fast path: no letter changes, so the two passes below run in place.
    if (o.unify_letters && teh_marbuta) {
      for (size_t k = start; k < out->size(); ++k) {
        if ((*out)[k].c != 0x0629) continue;
        size_t r = k + 1;
        while (r < out->size() && IsArabicMark((*out)[r].c)) ++r;
        bool word_end = r == out->size() || !IsArabicLetter((*out)[r].c);
        if (word_end && k > start && IsArabicLetter((*out)[k - 1].c)) (*out)[k].c = 0x0647;
      }
    }
    if (pseudo_zwnj && o.zwnj_hygiene) PseudoZwnj(out, start, out->size());
    return;
  }

  // Letter-level mapping (may expand presentation forms).
  thread_local std::vector<Char> mapped;
  mapped.clear();
  mapped.reserve(out->size() - start);
  const PresentationTable& pres = Presentation();
  for (size_t k = start; k < out->size(); ++k) {
    Char ch = (*out)[k];
    char32_t c = ch.c;
    if (o.unify_letters && c == 0xFDFD) {  // ﷽ → «بسم الله الرحمن الرحیم»
      for (char32_t bc : std::u32string_view(U"بسم الله الرحمن الرحیم")) mapped.push_back({bc, ch.begin, ch.end});
      continue;
    }
    if (o.unify_letters) {
      if (const std::u32string* d = pres.Find(c)) {
        for (char32_t dc : *d) {
          if (dc == ' ' && d->size() > 1) continue;  // spacing forms of harakat
          char32_t m = PersianLetter(dc);
          if (o.remove_diacritics && IsArabicMark(m) && m != 0x0654) continue;
          mapped.push_back({m, ch.begin, ch.end});
        }
        continue;
      }
      c = PersianLetter(c);
    }
    if (c == 0x06C0) {  // ۀ (in the ligature style the words are read as «هٔ» and written back at the end)
      if (BuildsHamzaEzafe(o.ezafe)) {
        mapped.push_back({0x0647, ch.begin, ch.end});
        mapped.push_back({0x0654, ch.begin, ch.end});
        continue;
      }
      if (o.ezafe == EzafeStyle::kYeh) {
        mapped.push_back({0x0647, ch.begin, ch.end});
        mapped.push_back({kZwnj, ch.begin, ch.end});
        mapped.push_back({0x06CC, ch.begin, ch.end});
        continue;
      }
    }
    if (o.remove_tatweel && IsTatweel(c)) {
      if (TatweelIsDash(*out, start, k)) mapped.push_back({0x2013, ch.begin, ch.end});
      continue;
    }
    // The tanwin of «ـاً» is part of the Academy's spelling («لطفاً», «واقعاً»)
    // and stays; typed before its «ا» («لطفًا») it is put after it.
    if (c == 0x064B && k + 1 < out->size() && (*out)[k + 1].c == 0x0627 && !mapped.empty() &&
        IsArabicLetter(mapped.back().c) &&
        (k + 2 == out->size() || !IsArabicLetter((*out)[k + 2].c))) {
      const uint32_t b = ch.begin, e = (*out)[k + 1].end;  // both cover the pair: the map stays monotone
      mapped.push_back({0x0627, b, e});
      mapped.push_back({0x064B, b, e});
      ++k;
      continue;
    }
    const bool tanwin_after_alef = c == 0x064B && !mapped.empty() && mapped.back().c == 0x0627;
    if (o.remove_diacritics && IsArabicMark(c) && c != 0x0654 && c != 0x0655 && !tanwin_after_alef) continue;
    // A mark typed twice is one mark: «لطفاًً» → «لطفاً».
    if (IsArabicMark(c) && !mapped.empty() && mapped.back().c == c) continue;
    mapped.push_back({c, ch.begin, ch.end});
  }

  // ة at the end of a word is the Arabic spelling of silent «ه» («سایة» →
  // «سایه»); inside a word («رحمةالله») it is kept.
  if (o.unify_letters) {
    for (size_t k = 0; k < mapped.size(); ++k) {
      if (mapped[k].c != 0x0629) continue;
      size_t r = k + 1;
      while (r < mapped.size() && IsArabicMark(mapped[r].c)) ++r;
      bool word_end = r == mapped.size() || !IsArabicLetter(mapped[r].c);
      if (word_end && k > 0 && IsArabicLetter(mapped[k - 1].c)) mapped[k].c = 0x0647;
    }
  }

  out->resize(start);
  out->insert(out->end(), mapped.begin(), mapped.end());
  if (o.zwnj_hygiene) PseudoZwnj(out, start, out->size());
}

// Invisible half-space look-alikes: a ZWNJ between two letters where it can
// act (the left one joins), nothing elsewhere. ZWJ next to non-letters (emoji
// sequences) is kept. In place on (*v)[start, end), which ends *v.
void CharMapper::PseudoZwnj(std::vector<Char>* chars, size_t start, size_t end) const {
  std::vector<Char>& v = *chars;
  size_t k = start;
  while (k < end && !IsPseudoZwnj(v[k].c)) ++k;  // nothing moves before the first one
  size_t w = k;  // write index; w <= k always
  for (; k < end; ++k) {
    const Char ch = v[k];
    if (!IsPseudoZwnj(ch.c)) {
      if (w != k) v[w] = ch;
      ++w;
      continue;
    }
    // Find the letters on either side, skipping other pseudo-ZWNJs and marks.
    size_t l = w;
    while (l > start && IsArabicMark(v[l - 1].c)) --l;
    char32_t left = l > start ? v[l - 1].c : 0;
    size_t r = k + 1;
    while (r < end && IsPseudoZwnj(v[r].c)) ++r;
    char32_t right = r < end ? v[r].c : 0;
    bool left_letter = IsArabicLetter(left);
    bool right_letter = IsArabicLetter(right);
    if (ch.c == kZwj && !(left_letter && right_letter)) {
      v[w++] = ch;  // emoji and other scripts use ZWJ on purpose
      continue;
    }
    if (left_letter && right_letter && !IsNonJoiningLetter(left) && left != 0x0621) {
      v[w++] = {kZwnj, ch.begin, v[r - 1].end};
    }
    k = r - 1;  // the run of look-alikes is consumed
  }
  v.resize(w);
}

}  // namespace khabar::text
