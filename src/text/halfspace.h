// Half-space (ZWNJ) decisions: restoring ZWNJs in run-together words
// («میداند» → «می\u200cداند») and joining words that a space split
// («می فرستیم» → «می\u200cفرستیم», «کتاب ها» → «کتاب\u200cها»).
//
// Immutable after construction; safe for concurrent use.
#ifndef KHABAR_TEXT_HALFSPACE_H_
#define KHABAR_TEXT_HALFSPACE_H_

#include <memory>
#include <string>
#include <string_view>

#include "khabar/lexicon.h"
#include "khabar/normalizer.h"

namespace khabar::text {

class ZwnjModel;

class HalfSpace {
 public:
  HalfSpace(std::shared_ptr<const Lexicon> lexicon, const NormalizerOptions& options);
  ~HalfSpace();

  // For a word of Arabic-script letters (UTF-8, may already hold ZWNJs): if it
  // should be spelled with (more) ZWNJs, writes that spelling to *out and
  // returns true. prev/next are the neighbouring words ("" if none), used for
  // words with two readings.
  bool Restore(std::string_view prev, std::string_view word, std::string_view next,
               std::string* out) const;

  // For two words separated by a space: if they are one word, writes it
  // (with ZWNJ or joined, per orthography) to *out and returns true.
  bool Join(std::string_view prev, std::string_view w1, std::string_view w2,
            std::string_view next, std::string* out) const;

  // A cheap necessary condition of Join: when it is false, Join(…, w1, w2, …)
  // is false too. One lookup for most pairs (the second word among the
  // suffixes, compound tails and second parts of the corpus's ZWNJ forms).
  bool MayJoin(std::string_view w1, std::string_view w2) const;

  // True when the corpus writes `form` (with its ZWNJs) far more often than
  // run together: such a restoration needs no further plausibility check.
  bool CorpusBacked(std::string_view form) const;

  // The «تر/ترین» and «ها» joins of the house style, applied to a finished word.
  const NormalizerOptions& options() const { return options_; }

 private:
  bool Known(std::string_view w) const;
  bool Analyze(std::string_view word, std::string* out, int depth) const;
  bool VerbAfterMi(std::string_view w, std::string* out) const;
  bool PluralWins(std::string_view w, std::string_view plural_stem, std::string_view suf,
                  std::string* heh_form) const;
  std::shared_ptr<const Lexicon> lexicon_;
  const NormalizerOptions& options_;
  std::unique_ptr<ZwnjModel> model_;
};

}  // namespace khabar::text

#endif  // KHABAR_TEXT_HALFSPACE_H_
