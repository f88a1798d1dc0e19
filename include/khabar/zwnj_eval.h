// Evaluation of half-space restoration: given text with correct ZWNJs, break
// it two ways (every ZWNJ deleted; every ZWNJ turned into a space), restore
// both with a Normalizer, and score ZWNJ positions.
#ifndef KHABAR_ZWNJ_EVAL_H_
#define KHABAR_ZWNJ_EVAL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "khabar/normalizer.h"

namespace khabar {

struct ZwnjScore {
  int64_t gold_zwnj = 0;        // ZWNJ positions in the reference
  int64_t true_positive = 0;    // restored where the reference has one
  int64_t false_positive = 0;   // put where the reference has none
  int64_t words = 0;            // reference words without ZWNJ (they arrive intact)
  int64_t over_corrected = 0;   // of those, how many the restorer changed
  double Precision() const;
  double Recall() const;
  double F1() const;
  double OverCorrectionRate() const;  // over_corrected / words
};

struct ZwnjEvaluation {
  int64_t sentences = 0;
  ZwnjScore deleted;  // variant: every ZWNJ deleted
  ZwnjScore spaced;   // variant: every ZWNJ turned into a space
};

// Scores one reference sentence (one line, correct ZWNJs) into *eval.
// restorer: the normalizer under test (its other steps should be off, so that
// only half-spaces change); the reference is compared letter by letter, so
// any other change counts against the restorer.
void EvaluateZwnjLine(const Normalizer& restorer, std::string_view reference, ZwnjEvaluation* eval);

// Normalizer options that only repair half-spaces (everything else off).
NormalizerOptions HalfSpaceOnlyOptions();

}  // namespace khabar

#endif  // KHABAR_ZWNJ_EVAL_H_
