#include "archive/prefix_terms.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "archive/fts_tokenizer.h"
#include "khabar/archive.h"

namespace khabar {
namespace {

namespace fs = std::filesystem;

std::string TempDb(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("khabar-prefix-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path p = dir / (name + ".db");
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(p.string() + s);
  return p.string();
}

Article Make(int id, const std::string& title, const std::string& body, int64_t published) {
  Article a;
  a.news_id = std::to_string(id);
  a.title = title;
  a.text_content = body;
  a.body = {body};
  a.url = "https://example.ir/news/" + a.news_id;
  a.published.present = true;
  a.published.unix_seconds = published;
  return a;
}

// Words with shared prefixes: «کتاب», «کتابخانه», «کتابی», …, and Latin ones.
const std::vector<std::string>& Words() {
  static const std::vector<std::string> w = {
      "کتاب", "کتابخانه", "کتابی",    "کتابدار", "کتابفروشی", "کتک", "کت",    "کاتب",   "مکتب",
      "book", "books",    "bookshop", "boo",     "bo",        "ب",   "بکتاب", "کتابها", "کتابخوان"};
  return w;
}

// Article i's text: a deterministic mix, word k in article i when (i*7+k*3) % (k+2) == 0.
std::string Text(int i) {
  std::string t = "خبر";
  const auto& w = Words();
  for (size_t k = 0; k < w.size(); ++k)
    if ((i * 7 + static_cast<int>(k) * 3) % (static_cast<int>(k) + 2) == 0) t += " " + w[k];
  return t;
}

// fts5vocab's terms with the prefix: the reference.
std::vector<std::string> VocabTerms(sqlite3* db, const std::string& prefix) {
  std::vector<std::string> out;
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT term FROM temp.v WHERE term>=?1 ORDER BY term", -1, &st,
                               nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, prefix.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string t(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    if (t.compare(0, prefix.size(), prefix) != 0) break;
    out.push_back(t);
  }
  sqlite3_finalize(st);
  return out;
}

// Every term with the prefix, checked against fts5vocab while FTS5's pages
// are tiny (many pages and segments, posting lists across pages) and while an
// incremental merge has consumed the first pages of some segments.
TEST(PrefixTerms, ListsTheSameTermsAsFts5Vocab) {
  const std::string path = TempDb("vocab");
  {
    auto ar = Archive::Open(path);
    ASSERT_TRUE(ar.ok()) << ar.status().ToString();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(archive::RegisterTokenizer(db).ok());
    ASSERT_EQ(sqlite3_exec(db,
                           "INSERT INTO articles_fts(articles_fts, rank) VALUES ('pgsz', 64);"
                           "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 0);",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    for (int i = 0; i < 300; ++i) {
      if (i % 20 == 0) {
        ASSERT_TRUE((*ar)->BeginBatch().ok());
      }
      ASSERT_TRUE(
          (*ar)
              ->Put(Make(i, Words()[i % Words().size()], Text(i), 1500000000 + i), "a.ir", 1)
              .ok());
      if (i % 20 == 19) {
        ASSERT_TRUE((*ar)->CommitBatch().ok());
      }
    }
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(archive::RegisterTokenizer(db).ok());
  ASSERT_EQ(
      sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, 'articles_fts', 'row')",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  const std::vector<std::string> prefixes = {"کتاب", "کت", "ک",   "ب", "book",
                                             "bo",   "b",  "خبر", "x", "کتابخانه"};
  int trimmed = 0;  // segments an incremental merge has begun to consume
  for (int step = 0; step < 4; ++step) {
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM (SELECT id>>37 AS s, min(id & 2147483647) AS m"
                           " FROM articles_fts_data WHERE id>10 GROUP BY s) WHERE m>1",
                           -1, &st, nullptr),
        SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    trimmed = std::max(trimmed, sqlite3_column_int(st, 0));
    sqlite3_finalize(st);
    for (const std::string& p : prefixes) {
      auto r = archive::ExpandPrefix(db, "articles_fts", p, 1000);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_FALSE(r->capped) << p;
      EXPECT_EQ(r->terms, VocabTerms(db, p)) << "prefix " << p << ", step " << step;
    }
    // A few pages of incremental merge: segments then start past page 1.
    ASSERT_EQ(sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts, rank) VALUES ('merge', -4)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  EXPECT_GT(trimmed, 0);
  // The cap keeps the terms with the most postings: «کتاب» (in half the
  // articles) and «کتابخانه» (a third), not «کتابی» (a quarter).
  auto capped = archive::ExpandPrefix(db, "articles_fts", "کتاب", 2);
  ASSERT_TRUE(capped.ok());
  EXPECT_TRUE(capped->capped);
  EXPECT_EQ(capped->terms, (std::vector<std::string>{"کتاب", "کتابخانه"}));
  sqlite3_close(db);
}

std::vector<int64_t> Ids(const Archive& ar, const std::string& text, bool* capped = nullptr,
                         bool stem = true) {
  SearchQuery q;
  q.text = text;
  q.stem = stem;
  q.limit = 100;
  auto r = ar.Search(q);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  std::vector<int64_t> ids;
  if (!r.ok()) return ids;
  for (const auto& h : r->hits) ids.push_back(h.id);
  std::sort(ids.begin(), ids.end());
  if (capped) *capped = r->prefix_capped;
  return ids;
}

// Expanded prefixes find exactly what FTS5's own prefix query finds (below
// the cap), in search, phrase-prefix and ranked form; past the cap, only the
// articles of the most frequent terms, and the result says so.
TEST(PrefixTerms, SearchMatchesFts5PrefixAndReportsTheCap) {
  const std::string path = TempDb("search");
  {
    auto ar = Archive::Open(path);
    ASSERT_TRUE(ar.ok());
    for (int i = 0; i < 120; ++i)
      ASSERT_TRUE((*ar)->Put(Make(i, "عنوان", Text(i), 1500000000 + i * 3600), "a.ir", 1).ok());
  }
  ArchiveOptions expand, native, cap2;
  native.max_prefix_terms = 0;
  cap2.max_prefix_terms = 2;
  auto a = Archive::Open(path, expand);
  auto b = Archive::Open(path, native);
  auto c = Archive::Open(path, cap2);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  for (const char* q : {"کتاب*", "کت*", "ک*", "book*", "bo*", "b*", "«خبر کتاب*»",
                               "خبر کتابخ*", "کتابخانه* -book*", "zz*"}) {
    bool capped = true;
    const auto got = Ids(**a, q, &capped);
    EXPECT_EQ(got, Ids(**b, q)) << q;
    EXPECT_FALSE(capped) << q;
  }
  EXPECT_FALSE(Ids(**a, "کتاب*").empty());
  // «کتاب*» with two terms: «کتاب» and «کتابخانه» (the most postings), so
  // the articles with only «کتابی», «کتابدار», … are left out.
  bool capped = false;
  const std::vector<int64_t> want = Ids(**a, "کتاب OR کتابخانه", nullptr, /*stem=*/false);
  EXPECT_EQ(Ids(**c, "کتاب*", &capped), want);
  EXPECT_TRUE(capped);
  EXPECT_LT(want.size(), Ids(**a, "کتاب*").size());
  // A capped prefix is never ranked: newest first, with a lower-bound total.
  SearchQuery sq;
  sq.text = "کتاب*";
  sq.limit = 5;
  auto r = (*c)->Search(sq);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->prefix_capped);
  EXPECT_FALSE(r->ranked);
  ASSERT_EQ(r->hits.size(), 5u);
  EXPECT_EQ(r->hits[0].id, want.back());
  EXPECT_EQ(r->total_estimate, 6);
  sq.limit = 100;
  r = (*a)->Search(sq);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->prefix_capped);
  EXPECT_TRUE(r->ranked);
  // Negated prefixes are never cut (FTS5's own): «خبر -کتاب*» finds only
  // articles with no word starting with «کتاب».
  EXPECT_EQ(Ids(**c, "خبر -کتاب*"), Ids(**b, "خبر -کتاب*"));
}

// Inside the writer's open batch (an in-memory archive searches on the
// writer's connection) FTS5's pending terms are not in the segments yet:
// the prefix is then FTS5's own, and finds them.
TEST(PrefixTerms, InsideAnOpenBatchFindsPendingArticles) {
  auto ar = Archive::Open("");
  ASSERT_TRUE(ar.ok());
  ASSERT_TRUE((*ar)->Put(Make(1, "کتابخانه", "متن", 1500000000), "a.ir", 1).ok());
  ASSERT_TRUE((*ar)->BeginBatch().ok());
  ASSERT_TRUE((*ar)->Put(Make(2, "کتابدار", "متن", 1500000100), "a.ir", 1).ok());
  EXPECT_EQ(Ids(**ar, "کتاب*"), (std::vector<int64_t>{1, 2}));
  ASSERT_TRUE((*ar)->CommitBatch().ok());
  EXPECT_EQ(Ids(**ar, "کتاب*"), (std::vector<int64_t>{1, 2}));
}

// A leaf page cut short or with offsets past its end adds nothing it cannot
// read (the fuzz target fuzz/prefix_leaf_fuzz.cc tries arbitrary bytes).
TEST(PrefixTerms, DamagedLeafPagesAreSkipped) {
  std::map<std::string, int64_t> sizes;
  // Header: no rowid, footer at 12; "0ab" (3 bytes) at 4, then 5 bytes of
  // posting list; footer: the term at offset 4.
  const unsigned char page[] = {0, 0, 0, 12, 3, '0', 'a', 'b', 1, 2, 3, 4, 4};
  EXPECT_TRUE(archive::ScanLeafPage(page, sizeof page, "0a", 0, &sizes));
  EXPECT_EQ(sizes, (std::map<std::string, int64_t>{{"0ab", 4}}));
  for (size_t n = 0; n < sizeof page; ++n) {
    std::map<std::string, int64_t> s;
    archive::ScanLeafPage(page, n, "0a", 0, &s);
    EXPECT_TRUE(s.empty()) << n;
  }
  const unsigned char bad[] = {0, 0, 0, 12, 3, '0', 'a', 'b', 1, 2, 3, 4, 40};
  sizes.clear();
  archive::ScanLeafPage(bad, sizeof bad, "0a", 0, &sizes);
  EXPECT_TRUE(sizes.empty());
}

}  // namespace
}  // namespace khabar
