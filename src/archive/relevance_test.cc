// Relevance on the shared corpus: the queries of testdata/archive/relevance.tsv
// with the articles we judged relevant (testdata/archive/make-relevance.py
// states the rule), scored by MAP@10. A regression in folding, ZWNJ handling,
// stemming or title weighting lowers the score below the floor.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>
#include <set>
#include <sstream>

#include "khabar/archive.h"

namespace khabar {
namespace {

namespace fs = std::filesystem;

// The MAP@10 measured when the set was made; the floor leaves room for noise only.
constexpr double kMapFloor = 0.72;  // measured 0.756 (15 queries)

TEST(ArchiveRelevance, MapAt10OnTheSharedCorpus) {
  fs::path corpus = fs::path(KHABAR_SHARED_DIR) / "data/corpus/news.jsonl";
  if (!fs::exists(corpus)) GTEST_SKIP() << "shared corpus not found: " << corpus;
  fs::path db = fs::temp_directory_path() / ("khabar-relevance-" + std::to_string(getpid()) + ".db");
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(db.string() + s);
  auto ar = Archive::Open(db.string());
  ASSERT_TRUE(ar.ok());
  std::ifstream in(corpus);
  std::string line;
  ASSERT_TRUE((*ar)->BeginBatch().ok());
  std::map<int64_t, std::string> url_of;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    Article a;
    a.url = j["url"];
    if (j["title"].is_string()) a.title = j["title"];
    if (j["lead"].is_string()) a.lead = j["lead"];
    for (auto& p : j["body"])
      if (p.is_string()) a.text_content += (a.text_content.empty() ? "" : "\n\n") + p.get<std::string>();
    auto id = (*ar)->Put(a, "corpus", 0);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    url_of[*id] = a.url;
  }
  ASSERT_TRUE((*ar)->CommitBatch().ok());
  std::ifstream rel(std::string(KHABAR_TESTDATA_DIR) + "/archive/relevance.tsv");
  double sum = 0;
  int queries = 0;
  while (std::getline(rel, line)) {
    std::stringstream ss(line);
    std::string q, u;
    std::getline(ss, q, '\t');
    std::set<std::string> judged;
    while (std::getline(ss, u, '\t')) judged.insert(u);
    SearchQuery sq;
    sq.text = q;
    auto r = (*ar)->Search(sq);
    ASSERT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    double hits = 0, ap = 0;
    for (size_t k = 0; k < r->hits.size(); ++k) {
      if (judged.count(url_of[r->hits[k].id])) {
        hits += 1;
        ap += hits / static_cast<double>(k + 1);
      }
    }
    ap /= std::min<double>(10, std::max<size_t>(1, judged.size()));
    std::printf("AP@10 %.3f  %s (%zu judged)\n", ap, q.c_str(), judged.size());
    sum += ap;
    ++queries;
  }
  ASSERT_GT(queries, 10);
  double map = sum / queries;
  std::printf("MAP@10 %.3f over %d queries\n", map, queries);
  EXPECT_GE(map, kMapFloor);
  ar = Result<std::unique_ptr<Archive>>(Status::Internal("closed"));
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(db.string() + s);
}

}  // namespace
}  // namespace khabar
