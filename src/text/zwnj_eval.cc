#include "khabar/zwnj_eval.h"

#include <vector>

#include "khabar/chars.h"

namespace khabar {

double ZwnjScore::Precision() const {
  int64_t d = true_positive + false_positive;
  return d ? static_cast<double>(true_positive) / d : 1.0;
}
double ZwnjScore::Recall() const {
  return gold_zwnj ? static_cast<double>(true_positive) / gold_zwnj : 1.0;
}
double ZwnjScore::F1() const {
  double p = Precision(), r = Recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}
double ZwnjScore::OverCorrectionRate() const {
  return words ? static_cast<double>(over_corrected) / words : 0;
}

NormalizerOptions HalfSpaceOnlyOptions() {
  NormalizerOptions o;
  o.unicode_nfc = false;
  o.unify_letters = false;
  o.persian_digits = false;
  o.unify_arabic_digits = false;
  o.remove_diacritics = false;
  o.remove_tatweel = false;
  o.squeeze_repeats = false;
  o.persian_punctuation = false;
  o.fix_spacing = false;
  o.zwnj_hygiene = false;
  o.ezafe = EzafeStyle::kKeep;
  return o;
}

namespace {

// The letters of s with, for each gap before a letter, what stood there:
// 0 nothing, 1 space, 2 ZWNJ.
struct Skeleton {
  std::u32string letters;
  std::vector<uint8_t> gap;  // gap[i]: between letters[i-1] and letters[i]
};

Skeleton Skel(std::string_view s) {
  Skeleton k;
  uint8_t pending = 0;
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = DecodeUtf8(s, &i);
    if (c == kZwnj) {
      // Only a ZWNJ between two letters of a word counts.
      size_t j = i;
      char32_t next = j < s.size() ? DecodeUtf8(s, &j) : 0;
      bool acts = !k.letters.empty() && IsArabicLetter(k.letters.back()) && IsArabicLetter(next);
      if (pending != 1 && acts) pending = 2;
    } else if (c == ' ' || c == '\t') {
      pending = 1;  // a ZWNJ beside a space does nothing: the gap is a space
    } else {
      k.letters.push_back(c);
      k.gap.push_back(k.letters.size() == 1 ? 0 : pending);
      pending = 0;
    }
  }
  return k;
}

// Deletes every ZWNJ, or turns it into a space; a ZWNJ that does nothing (not
// between two letters) is deleted in both variants, as the reference does not
// count it either.
std::string Break(std::string_view s, bool to_space) {
  std::string out;
  char32_t prev = 0;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 3, kZwnjUtf8) == 0) {
      size_t j = i + 3;
      char32_t next = j < s.size() ? DecodeUtf8(s, &j) : 0;
      if (to_space && IsArabicLetter(prev) && IsArabicLetter(next)) out.push_back(' ');
      i += 3;
      continue;
    }
    size_t j = i;
    prev = DecodeUtf8(s, &j);
    out.append(s.substr(i, j - i));
    i = j;
  }
  return out;
}

void Score(const Skeleton& gold, const Skeleton& out, ZwnjScore* sc) {
  if (gold.letters != out.letters) {
    // Letters changed (should not happen with half-space-only options): count
    // every gold ZWNJ as missed and the line's words as over-corrected.
    for (size_t i = 0; i < gold.gap.size(); ++i) sc->gold_zwnj += gold.gap[i] == 2;
    return;
  }
  size_t n = gold.gap.size();
  // Words of the reference: spans between gaps of kind 1 (space).
  size_t w_begin = 0;
  for (size_t i = 0; i <= n; ++i) {
    bool boundary = i == n || (i > 0 && gold.gap[i] == 1);
    if (i < n) {
      sc->gold_zwnj += gold.gap[i] == 2;
      if (gold.gap[i] == 2 && out.gap[i] == 2) ++sc->true_positive;
      if (gold.gap[i] != 2 && out.gap[i] == 2) ++sc->false_positive;
    }
    if (boundary && i > w_begin) {
      bool has_zwnj = false, changed = false;
      for (size_t k = w_begin + 1; k < i; ++k) has_zwnj |= gold.gap[k] == 2;
      if (!has_zwnj) {
        for (size_t k = w_begin + 1; k < i; ++k) changed |= out.gap[k] != gold.gap[k];
        if (i < n) changed |= out.gap[i] != gold.gap[i];  // joined to the next word
        ++sc->words;
        sc->over_corrected += changed;
      }
      w_begin = i;
    }
  }
}

}  // namespace

void EvaluateZwnjLine(const Normalizer& restorer, std::string_view reference, ZwnjEvaluation* eval) {
  Skeleton gold = Skel(reference);
  if (gold.letters.empty()) return;
  ++eval->sentences;
  Score(gold, Skel(restorer.Normalize(Break(reference, false))), &eval->deleted);
  Score(gold, Skel(restorer.Normalize(Break(reference, true))), &eval->spaced);
}

}  // namespace khabar
