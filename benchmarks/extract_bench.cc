// Extraction speed on one core over the ScrapingHub benchmark pages (181
// pages, decompressed in memory before timing). Reports pages/s as
// items_per_second and MB/s as bytes_per_second. The run checks its output:
// it aborts if fewer than 170 pages give a body.
//
//   build-rel/benchmarks/extract_bench --benchmark_min_time=3
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "extract/dom.h"
#include "khabar/extractor.h"

namespace {

std::string SharedDir() {
  const char* env = std::getenv("KHABAR_SHARED_DIR");
  return env ? env : KHABAR_SHARED_DIR;
}

bool Gunzip(const std::string& path, std::string* out) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out->append(buf, n);
  gzclose(f);
  return n == 0;
}

const std::vector<std::string>& Pages() {
  static std::vector<std::string> pages = [] {
    std::vector<std::string> v;
    namespace fs = std::filesystem;
    fs::path dir = fs::path(SharedDir()) / "data/extract/aeb_scrapinghub/html";
    if (!fs::exists(dir)) return v;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      std::string s;
      if (Gunzip(p.string(), &s)) v.push_back(std::move(s));
    }
    return v;
  }();
  return pages;
}

void BM_ExtractScrapingHub(benchmark::State& state) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("ScrapingHub pages not found (set KHABAR_SHARED_DIR)");
    return;
  }
  const khabar::Extractor ex;
  size_t bytes = 0;
  for (const auto& p : pages) bytes += p.size();
  int with_body = 0;
  for (auto _ : state) {
    with_body = 0;
    for (const auto& p : pages) {
      auto r = ex.ExtractHtml(p);
      if (r.ok() && !r->text_content.empty()) ++with_body;
      benchmark::DoNotOptimize(r);
    }
  }
  if (with_body < 170) {
    std::fprintf(stderr, "extract_bench: only %d of %zu pages gave a body\n", with_body, pages.size());
    std::abort();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["pages"] = static_cast<double>(pages.size());
}
BENCHMARK(BM_ExtractScrapingHub)->Unit(benchmark::kMillisecond)->UseRealTime();

// The ceiling: what ExtractHtml does before extraction proper (the pre-scan
// that drops what the extractor never reads and takes JSON-LD, the kept
// attributes and the text between tags aside, myhtml, the copy into our DOM).
void BM_ParseOnlyScrapingHub(benchmark::State& state) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("ScrapingHub pages not found (set KHABAR_SHARED_DIR)");
    return;
  }
  khabar::extract::Dom dom;
  std::string input;
  khabar::extract::ScanAside aside;
  size_t bytes = 0;
  for (const auto& p : pages) bytes += p.size();
  for (auto _ : state) {
    for (const auto& p : pages) {
      bool cut = false;
      khabar::extract::ScanHtml(p, 2048, &input, &cut, &aside);
      auto s = khabar::extract::BuildDomMyhtml(input, {}, &dom, &aside);
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ParseOnlyScrapingHub)->Unit(benchmark::kMillisecond)->UseRealTime();

// myhtml and the copy alone, on inputs the pre-scan prepared beforehand: the
// floor for this parser.
void BM_ParseScannedScrapingHub(benchmark::State& state) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("ScrapingHub pages not found (set KHABAR_SHARED_DIR)");
    return;
  }
  std::vector<std::string> inputs(pages.size());
  std::vector<khabar::extract::ScanAside> asides(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) {
    bool cut = false;
    khabar::extract::ScanHtml(pages[i], 2048, &inputs[i], &cut, &asides[i]);
  }
  khabar::extract::Dom dom;
  for (auto _ : state) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      auto s = khabar::extract::BuildDomMyhtml(inputs[i], {}, &dom, &asides[i]);
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
}
BENCHMARK(BM_ParseScannedScrapingHub)->Unit(benchmark::kMillisecond)->UseRealTime();

// myhtml and the copy on the whole page, script and style text included.
void BM_ParseWholePageScrapingHub(benchmark::State& state) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("ScrapingHub pages not found (set KHABAR_SHARED_DIR)");
    return;
  }
  khabar::extract::Dom dom;
  size_t bytes = 0;
  for (const auto& p : pages) bytes += p.size();
  for (auto _ : state) {
    for (const auto& p : pages) {
      auto s = khabar::extract::BuildDomMyhtml(p, {}, &dom);
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ParseWholePageScrapingHub)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
