// Google Benchmark of the text core: the default normalizer pipeline and the
// tokenizers, on Persian news text (../shared/data/corpus/news.jsonl when
// present, otherwise text generated here). Reports bytes/s.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

#include "khabar/lexicon.h"
#include "khabar/normalizer.h"
#include "khabar/tokenizer.h"

namespace {

const std::string& Text() {
  static const std::string text = [] {
    std::string t;
    std::ifstream in(std::string(KHABAR_SHARED_DIR) + "/data/corpus/news.jsonl");
    std::string line;
    while (std::getline(in, line) && t.size() < (4 << 20)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) continue;
      for (const char* k : {"title", "lead"})
        if (j.contains(k) && j[k].is_string()) t += j[k].get<std::string>() + "\n";
      if (j.contains("body") && j["body"].is_array())
        for (auto& p : j["body"])
          if (p.is_string()) t += p.get<std::string>() + "\n";
    }
    if (t.empty()) {  // no shared corpus: our own generated sentences
      const char* words[] = {"گفتوگوی", "کتاب ها", "می روم", "بینالمللی", "۱۳۹۶/۰۱/۲۰", "سلام,", "و",
                             "تروریستها", "مهم ترین", "در", "سال 1400", "خبرگزاری", "ایران"};
      for (int i = 0; t.size() < (4 << 20); ++i) {
        t += words[(i * 7) % 13];
        t += (i % 17 == 16) ? ".\n" : " ";
      }
    }
    return t;
  }();
  return text;
}

void BM_Normalize(benchmark::State& state) {
  const std::string& t = Text();
  const khabar::Normalizer& n = khabar::Normalizer::Default();
  for (auto _ : state) benchmark::DoNotOptimize(n.Normalize(t));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * t.size()));
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);

void BM_NormalizeNoHalfSpace(benchmark::State& state) {
  const std::string& t = Text();
  khabar::NormalizerOptions o;
  o.restore_zwnj = false;
  o.join_affixes = false;
  auto n = khabar::Normalizer::Create(o, khabar::Lexicon::Default());
  for (auto _ : state) benchmark::DoNotOptimize((*n)->Normalize(t));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * t.size()));
}
BENCHMARK(BM_NormalizeNoHalfSpace)->Unit(benchmark::kMillisecond);

// Start-up: loading the word list from its text (range 0) or from the
// compiled image in the user's cache (range 1; the first load writes it).
void BM_LexiconLoad(benchmark::State& state) {
  const char* env = std::getenv("KHABAR_LEXICON");
  const std::string path = env && *env ? env : KHABAR_DEFAULT_LEXICON;
  if (state.range(0) == 0) setenv("KHABAR_NO_CACHE", "1", 1);
  size_t forms = 0;
  for (auto _ : state) {
    auto r = khabar::Lexicon::Load(path);
    if (!r.ok()) {
      state.SkipWithError("word list not found");
      break;
    }
    forms = r.value()->size();
  }
  unsetenv("KHABAR_NO_CACHE");
  state.counters["forms"] = static_cast<double>(forms);
}
BENCHMARK(BM_LexiconLoad)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_TokenizeWords(benchmark::State& state) {
  const std::string& t = Text();
  for (auto _ : state) benchmark::DoNotOptimize(khabar::TokenizeWords(t));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * t.size()));
}
BENCHMARK(BM_TokenizeWords)->Unit(benchmark::kMillisecond);

void BM_SplitSentences(benchmark::State& state) {
  const std::string& t = Text();
  for (auto _ : state) benchmark::DoNotOptimize(khabar::SplitSentences(t));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * t.size()));
}
BENCHMARK(BM_SplitSentences)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
