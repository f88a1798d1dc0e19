// Archive benchmarks: ingest of already-extracted articles (articles/s) and
// search latency (p50/p99 for top-10) on an archive synthesized from the
// shared corpus (../shared/data/corpus/news.jsonl).
//
// Size: KHABAR_BENCH_ARTICLES (default 1,000,000 — the figure; run by
// `make bench`). The archive is built once into
// $TMPDIR/khabar-archive-bench-<N>-v<schema>.db (about 11 kB an article:
// 11 GB for 1M; building it takes a few minutes) and reused by later runs.
// The ingest benchmarks write a fresh 20k-article database each time
// (KHABAR_BENCH_INGEST_ARTICLES overrides the 20k, e.g. for callgrind).
//
// Synthesis: article j takes its title from corpus article j mod C, its lead
// from (j/C + j) mod C and its body from (31 j) mod C, a news id j, and a
// publish time spread over ten years (not in j's order), so terms keep the
// corpus's frequencies.
//
// Figures: ingest rates are wall-clock articles/s (`items_per_second`, real
// time) with the whole process's CPU seconds beside them (`cpu_s`: every
// thread); search rows give p50/p99/max in ms over every query of the set.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "archive/terms.h"
#include "khabar/archive.h"
#include "khabar/archive_ingest.h"

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

// Articles an ingest benchmark writes: state.range(0), or
// KHABAR_BENCH_INGEST_ARTICLES.
int64_t IngestArticles(const benchmark::State& state) {
  const char* e = std::getenv("KHABAR_BENCH_INGEST_ARTICLES");
  return e ? std::max<int64_t>(100, std::atoll(e)) : state.range(0);
}

int64_t Articles() {
  const char* e = std::getenv("KHABAR_BENCH_ARTICLES");
  return e ? std::max<int64_t>(1000, std::atoll(e)) : 1000000;
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

fs::path FreshDb(const std::string& name) {
  fs::path p = fs::temp_directory_path() / name;
  for (const std::string s : {"", "-wal", "-shm"}) {
    fs::remove(p.string() + s);
    for (int k = 1; k <= 8; ++k) fs::remove(p.string() + "-idx" + std::to_string(k) + s);
  }
  return p;
}

// One timed `khabar::Ingest` of jsonl into a fresh archive with
// state.range(1) index shards, 2000 articles a transaction: the clock runs
// for Ingest alone. Adds its CPU to *cpu. Returns false (the benchmark
// skipped, with the error) when it fails.
bool TimedIngest(benchmark::State& state, const std::string& db_name, const fs::path& jsonl,
                 double* cpu, khabar::IngestProgress* progress, int64_t* db_bytes) {
  state.PauseTiming();
  fs::path p = FreshDb(db_name);
  khabar::ArchiveOptions ao;
  ao.index_shards = static_cast<int>(state.range(1));
  auto ar = khabar::Archive::Open(p.string(), ao);
  if (!ar.ok()) {
    state.SkipWithError(ar.status().ToString().c_str());
    return false;
  }
  khabar::IngestOptions o;
  o.batch_size = 2000;
  o.commit_ms = 5000;
  double c0 = CpuSeconds();
  state.ResumeTiming();
  auto r = khabar::Ingest(ar->get(), {jsonl.string()}, o);
  state.PauseTiming();
  *cpu += CpuSeconds() - c0;
  if (!r.ok()) {
    state.SkipWithError(r.status().ToString().c_str());
    return false;
  }
  *progress = *r;
  *db_bytes = static_cast<int64_t>((*ar)->Stats().value()["db_bytes"]);
  ar = khabar::Result<std::unique_ptr<khabar::Archive>>(khabar::Status::Internal("closed"));
  state.ResumeTiming();
  return true;
}

// Puts articles [from, to) in batches of 2000, as khabar ingest does: two
// threads synthesize the articles and compute their index terms ahead
// (terms.h), this thread writes them in the order they come.
bool Fill(khabar::Archive* ar, int64_t from, int64_t to) {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::pair<khabar::Article, khabar::PageInfo>> ready;
  int64_t next = from;
  bool stop = false;
  constexpr size_t kAhead = 512;
  auto work = [&] {
    while (true) {
      int64_t j;
      {
        std::unique_lock<std::mutex> l(mu);
        cv.wait(l, [&] { return ready.size() < kAhead || stop; });
        if (stop || next >= to) return;
        j = next++;
      }
      khabar::Article a = Synth(j);
      khabar::PageInfo page;
      page.url = a.url;
      page.fetched_unix = 1;
      page.term_streams = khabar::archive::ArticleTermStreams(a);
      std::lock_guard<std::mutex> l(mu);
      ready.emplace_back(std::move(a), std::move(page));
      cv.notify_all();
    }
  };
  std::thread t1(work), t2(work);
  bool ok = true;
  int64_t written = from;
  while (written < to && ok) {
    ok = ar->BeginBatch().ok();
    for (int k = 0; k < 2000 && written < to && ok; ++k, ++written) {
      std::pair<khabar::Article, khabar::PageInfo> item;
      {
        std::unique_lock<std::mutex> l(mu);
        cv.wait(l, [&] { return !ready.empty(); });
        item = std::move(ready.front());
        ready.pop_front();
        cv.notify_all();
      }
      ok = ar->PutPage(item.first, "bench.example", item.second).ok();
    }
    if (ok) ok = ar->CommitBatch().ok();
    if (written % 100000 < 2000)
      std::fprintf(stderr, "fill: %lld / %lld\n", static_cast<long long>(written),
                   static_cast<long long>(to));
  }
  {
    std::lock_guard<std::mutex> l(mu);
    stop = true;
    cv.notify_all();
  }
  t1.join();
  t2.join();
  return ok;
}

// The public API on one thread: Archive::Put, 2000 articles a transaction
// (the writer's share of the work, tokenizing included).
void BM_IngestExtracted_Put(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("no shared corpus");
    return;
  }
  const int64_t n = IngestArticles(state);
  std::vector<khabar::Article> arts;
  for (int64_t j = 0; j < n; ++j) arts.push_back(Synth(j));
  int64_t bytes = 0;
  double cpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::path p = FreshDb("khabar-archive-bench-ingest.db");
    auto ar = khabar::Archive::Open(p.string());
    double c0 = CpuSeconds();
    state.ResumeTiming();
    for (int64_t j = 0; j < n;) {
      (*ar)->BeginBatch();
      for (int64_t k = 0; k < 2000 && j < n; ++k, ++j) (*ar)->Put(arts[j], "bench.example", 1);
      (*ar)->CommitBatch();
    }
    state.PauseTiming();
    cpu += CpuSeconds() - c0;
    bytes = static_cast<int64_t>((*ar)->Stats().value()["db_bytes"]);
    ar = khabar::Result<std::unique_ptr<khabar::Archive>>(khabar::Status::Internal("closed"));
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["cpu_s"] = cpu / state.iterations();
  state.counters["bytes_per_article"] = static_cast<double>(bytes) / n;
}
BENCHMARK(BM_IngestExtracted_Put)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// The single writer's own cost: as BM_IngestExtracted_Put, but each batch's
// index terms are computed before the clock runs (as ingest's workers do), so
// and so is each article's JSON: this is what one writer thread can store
// (SQLite: the rows and their B-trees, FTS5, the WAL).
void BM_IngestExtracted_Writer(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("no shared corpus");
    return;
  }
  const int64_t n = IngestArticles(state);
  std::vector<khabar::Article> arts;
  std::vector<khabar::PageInfo> pages;
  for (int64_t j = 0; j < n; ++j) {
    arts.push_back(Synth(j));
    khabar::PageInfo p;
    p.url = arts.back().url;
    p.fetched_unix = 1;
    int omits;
    p.article_json = khabar::archive::StoredArticleJson(&arts.back(), &omits);
    pages.push_back(std::move(p));
  }
  double cpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::path p = FreshDb("khabar-archive-bench-ingest.db");
    auto ar = khabar::Archive::Open(p.string());
    for (int64_t j = 0; j < n;) {
      const int64_t end = std::min<int64_t>(n, j + 2000);
      for (int64_t k = j; k < end; ++k) pages[k].term_streams = khabar::archive::ArticleTermStreams(arts[k]);
      double c0 = CpuSeconds();
      state.ResumeTiming();
      (*ar)->BeginBatch();
      for (; j < end; ++j) (*ar)->PutPage(arts[j], "bench.example", pages[j]);
      (*ar)->CommitBatch();
      state.PauseTiming();
      cpu += CpuSeconds() - c0;
    }
    ar = khabar::Result<std::unique_ptr<khabar::Archive>>(khabar::Status::Internal("closed"));
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["cpu_s"] = cpu / state.iterations();
  state.counters["cpu_us_per_article"] = 1e6 * cpu / state.iterations() / n;
}
BENCHMARK(BM_IngestExtracted_Writer)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// What `khabar ingest articles.jsonl` does with extracted articles (one JSON
// object a line, the Article schema): read, parse and tokenize on all cores,
// one writer, 2000 articles a transaction; the second argument is the
// number of index shards (ArchiveOptions::index_shards: 0 = FTS5 in the
// main file, written by the one writer; `khabar ingest` makes 2).
void BM_IngestExtracted_Jsonl(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("no shared corpus");
    return;
  }
  const int64_t n = IngestArticles(state);
  fs::path jsonl = fs::temp_directory_path() / ("khabar-archive-bench-" + std::to_string(n) + ".jsonl");
  {
    std::ofstream out(jsonl, std::ios::binary | std::ios::trunc);
    for (int64_t j = 0; j < n; ++j) out << Synth(j).ToJson() << '\n';
  }
  int64_t bytes = 0, stored = 0;
  double cpu = 0;
  for (auto _ : state) {
    khabar::IngestProgress r;
    if (!TimedIngest(state, "khabar-archive-bench-ingest.db", jsonl, &cpu, &r, &bytes)) return;
    stored = r.stored;
  }
  if (!std::getenv("KHABAR_BENCH_KEEP_JSONL")) fs::remove(jsonl);
  if (stored != n) state.SkipWithError("not every article was stored");
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["cpu_s"] = cpu / state.iterations();
  state.counters["threads"] = std::thread::hardware_concurrency();
  state.counters["bytes_per_article"] = static_cast<double>(bytes) / n;
}
BENCHMARK(BM_IngestExtracted_Jsonl)
    ->Args({20000, 0})
    ->Args({20000, 2})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

// `khabar ingest` of HTML pages: extraction included. The pages are the
// shared extraction test sets (../shared/data/extract: ScrapingHub's
// benchmark, Readability's test pages, Persian and Arabic news pages), each
// given as a JSON line {url, html} under its own host, with its canonical
// and og:url links renamed, so that every copy is an article of its own;
// the set is repeated to 4,000 records. Arguments: records, index shards.
void BM_IngestPages(benchmark::State& state) {
  std::vector<std::string> pages;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(std::string(KHABAR_SHARED_DIR) + "/data/extract", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool gz = name.size() > 8 && name.compare(name.size() - 8, 8, ".html.gz") == 0;
    if (!gz && it->path().extension() != ".html") continue;
    gzFile f = gzopen(it->path().c_str(), "rb");  // reads plain files too
    if (!f) continue;
    std::string h;
    char buf[1 << 16];
    for (int got; (got = gzread(f, buf, sizeof buf)) > 0;) h.append(buf, static_cast<size_t>(got));
    gzclose(f);
    pages.push_back(std::move(h));
  }
  if (pages.empty()) {
    state.SkipWithError("no shared extraction pages");
    return;
  }
  std::sort(pages.begin(), pages.end());
  auto rename = [](std::string h, const std::string& from, const std::string& to) {
    for (size_t p = h.find(from); p != std::string::npos; p = h.find(from, p + to.size())) h.replace(p, from.size(), to);
    return h;
  };
  const int64_t n = state.range(0);
  fs::path jsonl = fs::temp_directory_path() / ("khabar-archive-bench-pages-" + std::to_string(n) + ".jsonl");
  int64_t page_bytes = 0;
  {
    std::ofstream out(jsonl, std::ios::binary | std::ios::trunc);
    for (int64_t j = 0; j < n; ++j) {
      std::string h = pages[static_cast<size_t>(j) % pages.size()];
      h = rename(rename(rename(h, "canonical", "x-canonical"), "og:url", "og:x-url"), "twitter:url", "twitter:x-url");
      page_bytes += static_cast<int64_t>(h.size());
      nlohmann::json line = {{"url", "https://copy" + std::to_string(j) + ".example/page"}, {"html", h}};
      out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
  }
  int64_t stored = 0, errors = 0, bytes = 0;
  double cpu = 0;
  for (auto _ : state) {
    khabar::IngestProgress r;
    if (!TimedIngest(state, "khabar-archive-bench-pages.db", jsonl, &cpu, &r, &bytes)) return;
    stored = r.stored + r.versions;
    errors = r.errors;
  }
  fs::remove(jsonl);
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["cpu_s"] = cpu / state.iterations();
  state.counters["stored"] = static_cast<double>(stored);
  state.counters["errors"] = static_cast<double>(errors);
  state.counters["distinct_pages"] = static_cast<double>(pages.size());
  state.counters["MB_per_s"] = benchmark::Counter(static_cast<double>(page_bytes) / 1e6 * state.iterations(),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IngestPages)->Args({4000, 0})->Args({4000, 2})->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// The search archive, opened read-only; built on first use.
khabar::Archive* SearchArchive(std::string* error) {
  static std::unique_ptr<khabar::Archive> archive;
  static std::string err;
  static bool tried = false;
  if (!tried) {
    tried = true;
    const int64_t n = Articles();
    // KHABAR_BENCH_INDEX_SHARDS: the archive's index shards (default 2, as
    // khabar ingest makes a new archive).
    const char* ks = std::getenv("KHABAR_BENCH_INDEX_SHARDS");
    const int shards = ks ? std::atoi(ks) : 2;
    fs::path p = fs::temp_directory_path() /
                 ("khabar-archive-bench-" + std::to_string(n) + "-v" +
                  std::to_string(khabar::kArchiveSchemaVersion) + "-k" + std::to_string(shards) + ".db");
    {
      khabar::ArchiveOptions wo;
      wo.index_shards = shards;
      auto ar = khabar::Archive::Open(p.string(), wo);
      if (!ar.ok()) {
        err = ar.status().ToString();
        return nullptr;
      }
      int64_t have = (*ar)->Stats().value()["articles"];
      if (have < n) {
        std::fprintf(stderr, "building %s: %lld articles (once)\n", p.c_str(), static_cast<long long>(n));
        auto t0 = std::chrono::steady_clock::now();
        double c0 = CpuSeconds();
        if (!Fill(ar->get(), have, n) || !(*ar)->Flush().ok()) {
          err = "fill failed";
          return nullptr;
        }
        std::fprintf(stderr, "built in %.0f s wall, %.0f s CPU\n",
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                     CpuSeconds() - c0);
      }
    }
    khabar::ArchiveOptions ro;
    ro.read_only = true;
    // KHABAR_BENCH_RANK_MAX overrides ArchiveOptions::rank_max_matches.
    if (const char* e = std::getenv("KHABAR_BENCH_RANK_MAX")) ro.rank_max_matches = std::atoll(e);
    // KHABAR_BENCH_PREFIX_TERMS overrides ArchiveOptions::max_prefix_terms.
    if (const char* e = std::getenv("KHABAR_BENCH_PREFIX_TERMS")) ro.max_prefix_terms = std::atoi(e);
    auto ar = khabar::Archive::Open(p.string(), ro);
    if (!ar.ok()) {
      err = ar.status().ToString();
      return nullptr;
    }
    archive = std::move(ar).value();
  }
  if (!archive) *error = err;
  return archive.get();
}

// Single- and two-word query sets, from very common to rare terms.
struct QuerySet {
  const char* name;
  std::vector<std::string> texts;
  std::string from_jalali = {}, to_jalali = {}, source = {};
  khabar::SearchQuery::Sort sort = khabar::SearchQuery::Sort::kRank;
};

const std::vector<QuerySet>& QuerySets() {
  using Sort = khabar::SearchQuery::Sort;
  static const std::vector<QuerySet> sets = {
      {"common_word", {"ایران", "تهران", "گفت", "وزیر", "قیمت", "مجلس", "دانشگاه", "آب"}},
      {"rare_word", {"واترپلو", "کتاب\u200cها", "فوتبال", "بورس", "هسته\u200cای", "نفت", "امریکا"}},
      {"two_words", {"بانک مرکزی", "رئیس جمهور", "سازمان ملل", "خبرگزاری فارس", "شورای امنیت",
                     "ایران گفت", "تیم ملی", "قیمت نفت"}},
      {"phrase", {"«بانک مرکزی»", "«رئیس جمهور»", "«سازمان ملل»", "«شورای امنیت»", "«تیم ملی»"}},
      {"prefix", {"اقتصاد*", "فوتبال*", "دانشگا*", "انتخاب*", "بورس*"}},
      {"common_word_year", {"ایران", "تهران", "گفت", "وزیر"}, "1392", "1392"},
      {"rare_word_month", {"فوتبال", "بورس", "نفت", "واترپلو"}, "1393/05/01", "1393/05/31"},
      {"common_word_source", {"ایران", "تهران", "گفت", "وزیر"}, "", "", "ایسنا"},
      {"two_words_source_year", {"بانک مرکزی", "رئیس جمهور", "قیمت نفت"}, "1390..1391", "", "فارس"},
      {"rare_word_by_time", {"فوتبال", "بورس", "نفت", "واترپلو"}, "", "", "", Sort::kTime},
      // Prefixes of one or two letters: hundreds of terms each, cut to
      // ArchiveOptions::max_prefix_terms.
      {"short_prefix", {"ب*", "کت*", "ا*", "مس*", "ف*"}},
      {"rare_prefix_ranked", {"واترپل*", "فوتبالیست*", "بورسیه*"}},
  };
  return sets;
}

void BM_Search(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("no shared corpus");
    return;
  }
  std::string error;
  khabar::Archive* ar = SearchArchive(&error);
  if (!ar) {
    state.SkipWithError(error.c_str());
    return;
  }
  const QuerySet& set = QuerySets()[state.range(0)];
  state.SetLabel(set.name);
  auto query = [&](size_t i) {
    khabar::SearchQuery q;
    q.text = set.texts[i % set.texts.size()];
    q.from_jalali = set.from_jalali;
    q.to_jalali = set.to_jalali;
    q.source = set.source;
    q.sort = set.sort;
    return q;
  };
  // Warm-up: each query once (the first search of a process also loads the
  // lexicon and opens a read connection).
  for (size_t i = 0; i < set.texts.size(); ++i) (void)ar->Search(query(i));
  std::vector<double> ms;
  size_t i = 0;
  int64_t ranked = 0, hits = 0, capped = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = ar->Search(query(i++));
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    ranked += r->ranked;
    capped += r->prefix_capped;
    hits += static_cast<int64_t>(r->hits.size());
  }
  std::sort(ms.begin(), ms.end());
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  state.counters["max_ms"] = ms.back();
  state.counters["ranked"] = static_cast<double>(ranked) / ms.size();
  state.counters["hits"] = static_cast<double>(hits) / ms.size();
  state.counters["capped"] = static_cast<double>(capped) / ms.size();
}
BENCHMARK(BM_Search)->DenseRange(0, 11)->Unit(benchmark::kMillisecond)->Iterations(300);

// Index size: the whole database per article, and the full-text index's share.
void BM_ArchiveSize(benchmark::State& state) {
  std::string error;
  khabar::Archive* ar = SearchArchive(&error);
  if (!ar) {
    state.SkipWithError(error.c_str());
    return;
  }
  nlohmann::json st;
  for (auto _ : state) st = ar->Stats().value();
  const double n = st["articles"].get<double>();
  state.counters["articles"] = n;
  state.counters["bytes_per_article"] = st["db_bytes"].get<double>() / n;
}
BENCHMARK(BM_ArchiveSize)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
