// Archive benchmarks: ingest of already-extracted articles (articles/s) and
// search latency (p50/p99 for top-10) on an archive synthesized from the
// shared corpus (../shared/data/corpus/news.jsonl).
//
// Size: KHABAR_BENCH_ARTICLES (default 1,000,000 — the figure; run by
// `make bench`). The archive is built once into
// $TMPDIR/khabar-archive-bench-<N>.db and reused by later runs; the ingest
// benchmark always writes a fresh 100k-article database.
//
// Synthesis: article j takes its title from corpus article j mod C, its lead
// from (j/C + j) mod C and its body from (31 j) mod C, a news id j, and a
// publish time spread over ten years, so terms keep the corpus's frequencies.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "khabar/archive.h"

namespace {

namespace fs = std::filesystem;

const std::vector<khabar::Article>& Corpus() {
  static std::vector<khabar::Article> c = [] {
    std::vector<khabar::Article> out;
    std::ifstream in(std::string(KHABAR_SHARED_DIR) + "/data/corpus/news.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      khabar::Article a;
      if (j["title"].is_string()) a.title = j["title"];
      if (j["lead"].is_string()) a.lead = j["lead"];
      if (j["body"].is_array())
        for (auto& p : j["body"])
          if (p.is_string()) a.body.push_back(p);
      for (size_t i = 0; i < a.body.size(); ++i) a.text_content += (i ? "\n\n" : "") + a.body[i];
      if (j["url"].is_string()) a.url = j["url"];
      out.push_back(std::move(a));
    }
    return out;
  }();
  return c;
}

khabar::Article Synth(int64_t j) {
  const auto& c = Corpus();
  const int64_t n = static_cast<int64_t>(c.size());
  khabar::Article a;
  a.title = c[j % n].title;
  a.lead = c[(j / n + j) % n].lead;
  a.text_content = c[(31 * j) % n].text_content;
  a.news_id = std::to_string(j);
  a.url = "https://bench.example/news/" + std::to_string(j);
  a.source.agency = (j % 5 == 0) ? "ایسنا" : (j % 5 == 1) ? "فارس" : "مهر";
  a.published.present = true;
  a.published.unix_seconds = 1262304000 + (j * 7919) % (10LL * 365 * 86400);
  return a;
}

int64_t Articles() {
  const char* e = std::getenv("KHABAR_BENCH_ARTICLES");
  return e ? std::max<int64_t>(1000, std::atoll(e)) : 1000000;
}

// Puts articles [from, to) in batches of 2000.
bool Fill(khabar::Archive* ar, int64_t from, int64_t to) {
  for (int64_t j = from; j < to;) {
    if (!ar->BeginBatch().ok()) return false;
    for (int64_t k = 0; k < 2000 && j < to; ++k, ++j)
      if (!ar->Put(Synth(j), "bench.example", 1).ok()) return false;
    if (!ar->CommitBatch().ok()) return false;
  }
  return true;
}

void BM_IngestExtracted(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("no shared corpus");
    return;
  }
  const int64_t n = state.range(0);
  std::vector<khabar::Article> arts;
  for (int64_t j = 0; j < n; ++j) arts.push_back(Synth(j));
  int64_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::path p = fs::temp_directory_path() / "khabar-archive-bench-ingest.db";
    for (const char* s : {"", "-wal", "-shm"}) fs::remove(p.string() + s);
    auto ar = khabar::Archive::Open(p.string());
    state.ResumeTiming();
    for (int64_t j = 0; j < n;) {
      (*ar)->BeginBatch();
      for (int64_t k = 0; k < 2000 && j < n; ++k, ++j) (*ar)->Put(arts[j], "bench.example", 1);
      (*ar)->CommitBatch();
    }
    state.PauseTiming();
    bytes = static_cast<int64_t>((*ar)->Stats().value()["db_bytes"]);
    ar = khabar::Result<std::unique_ptr<khabar::Archive>>(khabar::Status::Internal("closed"));
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["bytes_per_article"] = static_cast<double>(bytes) / n;
}
BENCHMARK(BM_IngestExtracted)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_Search(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("no shared corpus");
    return;
  }
  const int64_t n = Articles();
  fs::path p = fs::temp_directory_path() / ("khabar-archive-bench-" + std::to_string(n) + ".db");
  {
    auto ar = khabar::Archive::Open(p.string());
    if (!ar.ok()) {
      state.SkipWithError(ar.status().ToString().c_str());
      return;
    }
    int64_t have = (*ar)->Stats().value()["articles"];
    if (have < n && !Fill(ar->get(), have, n)) {
      state.SkipWithError("fill failed");
      return;
    }
  }
  khabar::ArchiveOptions ro;
  ro.read_only = true;
  auto ar = khabar::Archive::Open(p.string(), ro);
  // Single- and two-word queries from rare to very common.
  const std::vector<std::string> queries = {
      "ایران", "تهران", "بانک مرکزی", "کتاب\u200cها", "فوتبال", "مجلس", "نفت", "رئیس جمهور",
      "هسته\u200cای", "دانشگاه", "واترپلو", "بورس", "گفت", "سازمان ملل", "انتخابات", "قیمت",
      "وزیر", "خبرگزاری فارس", "امریکا", "آب"};
  // Warm-up: the first search of a process loads the lexicon and opens a read
  // connection; each query once also brings its pages into the cache.
  for (const auto& w : queries) {
    khabar::SearchQuery q;
    q.text = w;
    (void)(*ar)->Search(q);
  }
  std::vector<double> ms;
  size_t i = 0;
  int64_t ranked = 0;
  for (auto _ : state) {
    khabar::SearchQuery q;
    q.text = queries[i++ % queries.size()];
    auto t0 = std::chrono::steady_clock::now();
    auto r = (*ar)->Search(q);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    ranked += r->ranked;
    benchmark::DoNotOptimize(r->hits.size());
  }
  std::sort(ms.begin(), ms.end());
  state.counters["articles"] = static_cast<double>(n);
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  state.counters["ranked_frac"] = static_cast<double>(ranked) / ms.size();
  state.counters["bytes_per_article"] =
      static_cast<double>((*ar)->Stats().value()["db_bytes"].get<int64_t>()) / n;
}
BENCHMARK(BM_Search)->Unit(benchmark::kMillisecond)->Iterations(400);

}  // namespace

BENCHMARK_MAIN();
