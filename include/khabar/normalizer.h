// Normalizer: Persian text → the orthography of the Academy of Persian
// Language and Literature (دستور خط فارسی), or a chosen house style.
//
// A Normalizer is built once, is immutable and is safe to use from many
// threads at once. Normalize() runs in time linear in its input and keeps
// line structure: the output has exactly as many '\n' as the input.
#ifndef KHABAR_NORMALIZER_H_
#define KHABAR_NORMALIZER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/lexicon.h"
#include "khabar/status.h"

namespace khabar {

// How the ezafe after a word ending in silent «ه» is written.
enum class EzafeStyle {
  kHamza,      // «خانهٔ من» (Academy default): ۀ and «ه ی» become «هٔ»
  kYeh,        // «خانه\u200cی من»: ۀ and «هٔ» become «ه» + ZWNJ + «ی»
  kKeep,       // leave ezafe forms as written (only ۀ U+06C0 → هٔ NFC-wise)
  kLigature,   // «خانۀ من» (U+06C0, a common house style): «هٔ», «ه ی» and «ه\u200cی» become «ۀ»
};

// kHamza and kLigature both read and build the ezafe as «هٔ»; kLigature only
// writes it as «ۀ» when the text is emitted.
constexpr bool BuildsHamzaEzafe(EzafeStyle s) { return s == EzafeStyle::kHamza || s == EzafeStyle::kLigature; }

// Every field can be switched off alone. The CLI flag of a field is its name
// with '-' for '_' («--no-persian-digits»); the Python keyword is the name.
struct NormalizerOptions {
  // Unicode NFC (ICU). Default true.
  bool unicode_nfc = true;
  // ي ى ك → ی ک, Arabic presentation forms and ligatures → letters, ﷼ → ریال. Default true.
  bool unify_letters = true;
  // Latin and Arabic-Indic digits → Persian in Persian text (never in URLs,
  // e-mails, Latin words, code or version strings); «٫» decimal, «٬» thousands, «٪». Default true.
  bool persian_digits = true;
  // Arabic-Indic digits → Persian even where Latin digits would stay. Default true.
  bool unify_arabic_digits = true;
  // Harakat, tanwin, shadda, sukun removed (hamza forms, «هٔ» and the Academy's «ـاً» of
  // «لطفاً» kept; «لطفًا» → «لطفاً»). Default true.
  bool remove_diacritics = true;
  // Tatweel «ـ» removed. Default true.
  bool remove_tatweel = true;
  // A letter repeated three or more times squeezed, only when the squeezed form
  // is a known word («خیلییییی» → «خیلی»). Default true.
  bool squeeze_repeats = true;
  // , ; ? → ، ؛ ؟ in Persian context; "..." → «…»; straight quotes → «». Default true.
  bool persian_punctuation = true;
  // Spaces around punctuation and brackets; runs of spaces collapsed; lines and
  // paragraphs kept. Default true.
  bool fix_spacing = true;
  // Doubled or useless ZWNJ removed; RLM, ZWJ, soft hyphen misused as half-space → ZWNJ. Default true.
  bool zwnj_hygiene = true;
  // A space inside one word → ZWNJ: «می روم» → «می\u200cروم», «کتاب ها» → «کتاب\u200cها»,
  // «بی طرف» → «بی\u200cطرف», «تکیه گاه» → «تکیه\u200cگاه». Default true.
  bool join_affixes = true;
  // Run-together words get their ZWNJ back: «میداند» → «می\u200cداند», «دهههای» → «دهه\u200cهای». Default true.
  bool restore_zwnj = true;
  // How ezafe on silent «ه» is written. Default kHamza («خانهٔ»).
  EzafeStyle ezafe = EzafeStyle::kHamza;
  // «تر/ترین» joined to the adjective («بزرگتر») instead of the Academy's «بزرگ\u200cتر». Default false.
  bool joined_tar = false;
  // House style «separated»: expressions the Academy writes as one word or apart are
  // written with a ZWNJ («این\u200cجا», «هم\u200cچنین», «به\u200cعنوان»; list in
  // data/separated_forms.txt). Default false.
  bool separated_compounds = false;
  // Minimum confidence (0..1) for a ZWNJ restoration; below it the word is left alone. Default 0.5.
  double restore_threshold = 0.5;
};

// One entry of the offset map: output bytes [out_begin, out_end) came from
// input bytes [in_begin, in_end).
struct OffsetSpan {
  size_t out_begin, out_end, in_begin, in_end;
};

struct NormalizeWarning {
  size_t offset;        // byte offset in the input
  std::string message;  // e.g. "invalid UTF-8 byte 0xff"
};

class Normalizer {
 public:
  // Builds a normalizer. lexicon may be null (no lexicon-driven steps then);
  // it must outlive the Normalizer. Fails only on inconsistent options.
  static Result<std::unique_ptr<Normalizer>> Create(const NormalizerOptions& options,
                                                    std::shared_ptr<const Lexicon> lexicon);
  // A normalizer with default options and the default lexicon (loaded once per
  // process; if it cannot be loaded, the lexicon-driven steps are skipped).
  static const Normalizer& Default();

  ~Normalizer();

  // Returns the normalized text. Invalid UTF-8 becomes U+FFFD.
  std::string Normalize(std::string_view text) const;
  // As above; also fills *map (may be null) with spans in output order and
  // appends to *warnings (may be null).
  std::string Normalize(std::string_view text, std::vector<OffsetSpan>* map,
                        std::vector<NormalizeWarning>* warnings) const;

  const NormalizerOptions& options() const;

 private:
  struct Impl;
  explicit Normalizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar

#endif  // KHABAR_NORMALIZER_H_
