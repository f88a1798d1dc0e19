// Index shards (index_shards.h): searches give what one index gives, and the
// side files survive what a crash or a user can do to them.
#include "archive/index_shards.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "khabar/archive.h"

namespace khabar {
namespace {

namespace fs = std::filesystem;

std::string TempDb(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("khabar-shards-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string p = (dir / (name + ".db")).string();
  for (const std::string s : {"", "-wal", "-shm"}) {
    fs::remove(p + s);
    for (int k = 1; k <= 4; ++k) fs::remove(archive::ShardPath(p, k) + s);
  }
  return p;
}

std::unique_ptr<Archive> OpenOrDie(const std::string& path, int shards) {
  ArchiveOptions o;
  o.index_shards = shards;
  auto r = Archive::Open(path, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

// Our own small newsroom: words that repeat across articles, so that words,
// phrases, prefixes and filters all have several matches.
const std::vector<std::string> kWords = {
    "بازار", "بورس",    "تهران",     "کتاب",   "کتاب\u200cها", "مجلس", "وزیر",      "نفت",
    "قیمت",  "دانشگاه", "دانشجویان", "فوتبال", "باشگاه",       "بانک", "مرکزی",     "باران",
    "سیل",   "جاده",    "شهر",       "روستا",  "مدرسه",        "معلم", "بیمارستان", "پزشک",
    "واکسن", "هوا",     "آلودگی",    "خودرو",  "۱۴۰۲",         "2024"};
const std::vector<std::string> kSources = {"ایسنا", "ایرنا", "مهر", ""};

Article Synth(int i, std::mt19937* rng) {
  auto word = [&] { return kWords[(*rng)() % kWords.size()]; };
  Article a;
  a.news_id = std::to_string(1000 + i);
  a.url = "https://news.example/" + a.news_id;
  a.title = word() + " " + word() + " و " + word();
  a.lead = "به گزارش خبرنگار، " + word() + " " + word() + " " + word() + ".";
  std::string body;
  const int n = 20 + static_cast<int>((*rng)() % 60);
  for (int w = 0; w < n; ++w) body += (w ? (w % 9 == 0 ? ". " : " ") : "") + word();
  if (i % 5 == 0) body += " بانک مرکزی اعلام کرد";
  a.text_content = body;
  a.body = {body};
  a.source.agency = kSources[static_cast<size_t>(i) % kSources.size()];
  a.category = i % 3 == 0 ? "اقتصادی" : "اجتماعی";
  a.published.present = i % 17 != 0;  // some with no publish time
  a.published.unix_seconds = 1672531200 + static_cast<int64_t>((*rng)() % (400 * 86400));
  a.published.has_time = true;
  return a;
}

// Articles 0..n-1 from a generator seeded with `seed`.
std::vector<Article> SynthArticles(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Article> arts;
  for (int i = 0; i < n; ++i) arts.push_back(Synth(i, &rng));
  return arts;
}

// The same articles, in the same batches, with later versions of some.
void Fill(Archive* ar, int n) {
  std::mt19937 rng(7);
  for (int i = 0; i < n;) {
    ASSERT_TRUE(ar->BeginBatch().ok());
    for (int k = 0; k < 37 && i < n; ++k, ++i)
      ASSERT_TRUE(ar->Put(Synth(i, &rng), "news.example", 1).ok());
    ASSERT_TRUE(ar->CommitBatch().ok());
  }
  std::mt19937 rng2(11);
  for (int i = 0; i < n; i += 7) {  // new texts under the same news codes
    Article a = Synth(i, &rng2);
    a.news_id = std::to_string(1000 + i);
    ASSERT_TRUE(ar->Put(a, "news.example", 2).ok());
  }
  ASSERT_TRUE(ar->Flush().ok());
}

struct Got {
  std::vector<std::pair<int64_t, std::string>> hits;  // id, snippet
  bool ranked = false;
  int64_t total = 0;
};

// Every page of a search.
Got All(const Archive& ar, SearchQuery q) {
  Got g;
  q.limit = 25;
  for (int page = 0; page < 100; ++page) {
    auto r = ar.Search(q);
    EXPECT_TRUE(r.ok()) << q.text << ": " << r.status().ToString();
    if (!r.ok()) break;
    if (page == 0) {
      g.ranked = r->ranked;
      g.total = r->total_estimate;
    }
    for (const auto& h : r->hits) g.hits.emplace_back(h.id, h.snippet_html);
    if (r->next_cursor.empty()) break;
    q.cursor = r->next_cursor;
  }
  return g;
}

std::vector<int64_t> Ids(const Got& g) {
  std::vector<int64_t> ids;
  for (const auto& h : g.hits) ids.push_back(h.first);
  return ids;
}

TEST(IndexShards, SearchesFindWhatOneIndexFinds) {
  constexpr int kArticles = 400;
  auto one = OpenOrDie(TempDb("one"), 0);
  auto two = OpenOrDie(TempDb("two"), 2);
  auto three = OpenOrDie(TempDb("three"), 3);
  ASSERT_TRUE(one && two && three);
  Fill(one.get(), kArticles);
  Fill(two.get(), kArticles);
  Fill(three.get(), kArticles);
  EXPECT_EQ((*two->Stats())["index_shards"], 2);
  EXPECT_EQ((*one->Stats())["articles"], kArticles);
  EXPECT_EQ((*three->Stats())["articles"], kArticles);
  const std::vector<std::string> queries = {
      "بورس",       "کتاب",  "کتابها", "کتاب ها",      "\"بانک مرکزی\"",
      "بانک مرکزی", "دانش*", "کتا*",   "سیل OR باران", "بازار -بورس",
      "۱۴۰۲",       "1402",  "2024",   "واکسن پزشک",   "هیچ\u200cکجا"};
  int compared = 0;
  for (const std::string& text : queries) {
    for (int variant = 0; variant < 5; ++variant) {
      SearchQuery q;
      q.text = text;
      if (variant == 1) q.sort = SearchQuery::Sort::kTime;
      if (variant == 2) q.source = "ایسنا";
      if (variant == 3) q.from_jalali = "1402/03/01..1402/08/30";
      if (variant == 4) q.stem = false;
      SCOPED_TRACE(text + " variant " + std::to_string(variant));
      Got a = All(*one, q);
      for (const Archive* other : {two.get(), three.get()}) {
        Got b = All(*other, q);
        EXPECT_EQ(a.ranked, b.ranked);
        EXPECT_EQ(a.total, b.total);
        if (!a.ranked) {
          // Newest first: the same hits in the same order, the same snippets.
          EXPECT_EQ(a.hits, b.hits);
        } else {
          // Each shard ranks with its own statistics: the same hits and
          // snippets, in an order that may differ where scores are close.
          auto sa = a.hits, sb = b.hits;
          std::sort(sa.begin(), sa.end());
          std::sort(sb.begin(), sb.end());
          EXPECT_EQ(sa, sb);
        }
      }
      compared += static_cast<int>(a.hits.size());
    }
  }
  EXPECT_GT(compared, 2000);  // the queries do match
}

TEST(IndexShards, ReplaysWhatAShardMissed) {
  const std::string path = TempDb("replay");
  const std::string shard1 = archive::ShardPath(path, 1), saved = path + ".saved";
  const std::vector<Article> arts = SynthArticles(120, 3);
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    ASSERT_TRUE(ar->BeginBatch().ok());
    for (int i = 0; i < 60; ++i) ASSERT_TRUE(ar->Put(arts[i], "news.example", 1).ok());
    ASSERT_TRUE(ar->CommitBatch().ok());
  }
  // Shard 1 as it was after the first batch (closed: no WAL to copy).
  fs::copy_file(shard1, saved, fs::copy_options::overwrite_existing);
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    ASSERT_TRUE(ar->BeginBatch().ok());
    for (int i = 60; i < 120; ++i) ASSERT_TRUE(ar->Put(arts[i], "news.example", 1).ok());
    // New versions of first-batch articles: their old texts leave the index.
    for (int i = 0; i < 60; i += 3) {
      Article a = arts[i];
      a.title = "نسخه\u200cی دوم " + a.title;
      a.text_content = a.body[0] = "متن بازنویسی\u200cشده " + std::to_string(i);
      ASSERT_TRUE(ar->Put(a, "news.example", 2).ok());
    }
    ASSERT_TRUE(ar->CommitBatch().ok());
  }
  // A crash after the main file's commit, before shard 1's: shard 1 lacks
  // the second batch, which index_pending still lists.
  fs::copy_file(saved, shard1, fs::copy_options::overwrite_existing);
  auto ar = OpenOrDie(path, 2);
  ASSERT_TRUE(ar);
  SearchQuery q;
  q.text = "بازنویسی";
  q.limit = 100;
  auto r = ar->Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->hits.size(), 20u);
  // Every article once, old texts gone: compare with a one-index archive.
  const std::string ref_path = TempDb("replay-ref");
  auto ref = OpenOrDie(ref_path, 0);
  ASSERT_TRUE(ref);
  for (int i = 0; i < 120; ++i) ASSERT_TRUE(ref->Put(arts[i], "news.example", 1).ok());
  for (int i = 0; i < 60; i += 3) {
    Article a = arts[i];
    a.title = "نسخه\u200cی دوم " + a.title;
    a.text_content = a.body[0] = "متن بازنویسی\u200cشده " + std::to_string(i);
    ASSERT_TRUE(ref->Put(a, "news.example", 2).ok());
  }
  for (const std::string& w : kWords) {
    SearchQuery s;
    s.text = w;
    s.sort = SearchQuery::Sort::kTime;
    Got a = All(*ref, s), b = All(*ar, s);
    EXPECT_EQ(Ids(a), Ids(b)) << w;
    EXPECT_EQ(a.hits, b.hits) << w;
  }
}

TEST(IndexShards, MissingShardIsRebuiltByAWriter) {
  const std::string path = TempDb("missing");
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    Fill(ar.get(), 200);
  }
  ASSERT_TRUE(fs::remove(archive::ShardPath(path, 2)));
  ArchiveOptions ro;
  ro.read_only = true;
  auto r = Archive::Open(path, ro);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("-idx2: index shard missing"), std::string::npos)
      << r.status().message();
  auto ar = OpenOrDie(path, 0);  // the archive's own number of shards counts
  ASSERT_TRUE(ar);
  EXPECT_EQ((*ar->Stats())["index_shards"], 2);
  auto ref = OpenOrDie(TempDb("missing-ref"), 0);
  ASSERT_TRUE(ref);
  Fill(ref.get(), 200);
  for (const std::string& w : kWords) {
    SearchQuery s;
    s.text = w;
    s.sort = SearchQuery::Sort::kTime;
    EXPECT_EQ(All(*ref, s).hits, All(*ar, s).hits) << w;
  }
}

TEST(IndexShards, ShardOfAnotherArchiveIsRefused) {
  const std::string a = TempDb("a"), b = TempDb("b");
  OpenOrDie(a, 2);
  OpenOrDie(b, 2);
  fs::copy_file(archive::ShardPath(a, 1), archive::ShardPath(b, 1),
                fs::copy_options::overwrite_existing);
  ArchiveOptions o;
  auto r = Archive::Open(b, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("-idx1: an index shard of another archive"),
            std::string::npos)
      << r.status().message();
}

TEST(IndexShards, LeftoverShardsOfADeletedArchiveAreTaken) {
  const std::string path = TempDb("leftover");
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    Article a;
    a.news_id = "1";
    a.title = "خبر قدیمی واترپلو";
    a.text_content = a.lead = "متن قدیمی";
    ASSERT_TRUE(ar->Put(a, "old.example", 1).ok());
  }
  // The archive is deleted, its -idx files are not: a new archive of the
  // same name empties and takes them (an existing one would refuse them).
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path + s);
  auto ar = OpenOrDie(path, 2);
  ASSERT_TRUE(ar);
  Article b;
  b.news_id = "2";
  b.title = "خبر تازه بسکتبال";
  b.text_content = b.lead = "متن تازه";
  ASSERT_TRUE(ar->Put(b, "new.example", 1).ok());
  SearchQuery q;
  q.text = "واترپلو";
  auto r = ar->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->hits.empty());
  q.text = "بسکتبال";
  r = ar->Search(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].title, "خبر تازه بسکتبال");
}

TEST(IndexShards, OneWriterAtATime) {
  const std::string path = TempDb("writers");
  auto a = OpenOrDie(path, 2);
  ASSERT_TRUE(a);
  auto b = Archive::Open(path);  // the archive's shards count, not the option
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kIoError);
  EXPECT_NE(b.status().message().find("another writer has this archive open"), std::string::npos)
      << b.status().message();
  ArchiveOptions ro;
  ro.read_only = true;
  EXPECT_TRUE(Archive::Open(path, ro).ok());  // readers are welcome
  a.reset();
  EXPECT_TRUE(Archive::Open(path).ok());
}

// For every word of kWords, the ids of a newest-first search and the total
// its first page gives (the index's own count when there are more pages).
std::vector<std::vector<int64_t>> Everything(const Archive& ar) {
  std::vector<std::vector<int64_t>> out;
  for (const std::string& w : kWords) {
    SearchQuery s;
    s.text = w;
    s.sort = SearchQuery::Sort::kTime;
    Got g = All(ar, s);
    out.push_back(Ids(g));
    out.back().push_back(g.total);  // counted by the index itself
  }
  return out;
}

void PutBatch(Archive* ar, const std::vector<Article>& arts, size_t from, size_t to) {
  ASSERT_TRUE(ar->BeginBatch().ok());
  for (size_t i = from; i < to; ++i) ASSERT_TRUE(ar->Put(arts[i], "news.example", 1).ok());
  ASSERT_TRUE(ar->CommitBatch().ok());
  ASSERT_TRUE(ar->Flush().ok());
}

TEST(IndexShards, ShardsAheadOfTheMainFileAreRebuilt) {
  const std::string path = TempDb("ahead");
  const std::vector<Article> arts = SynthArticles(120, 13);
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    PutBatch(ar.get(), arts, 0, 60);
  }
  fs::copy_file(path, path + ".saved", fs::copy_options::overwrite_existing);
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    PutBatch(ar.get(), arts, 60, 120);
  }
  // The main file loses its last batch (a power loss, or a copy restored
  // alone); the shards still hold it.
  fs::copy_file(path + ".saved", path, fs::copy_options::overwrite_existing);
  auto ar = OpenOrDie(path, 2);
  ASSERT_TRUE(ar);
  auto ref = OpenOrDie(TempDb("ahead-ref"), 0);
  ASSERT_TRUE(ref);
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(ref->Put(arts[i], "news.example", 1).ok());
  EXPECT_EQ(Everything(*ref), Everything(*ar));
}

TEST(IndexShards, ShardBehindWhatWasDeletedFromTheOutboxIsRebuilt) {
  const std::string path = TempDb("behind");
  const std::string shard1 = archive::ShardPath(path, 1);
  const std::vector<Article> arts = SynthArticles(180, 17);
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    PutBatch(ar.get(), arts, 0, 60);
  }
  fs::copy_file(shard1, path + ".saved", fs::copy_options::overwrite_existing);
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    PutBatch(ar.get(), arts, 60, 120);
    PutBatch(ar.get(), arts, 120, 180);  // its BeginBatch deletes the second batch's entries
  }
  // Shard 1 loses two batches, one of them no longer in index_pending.
  fs::copy_file(path + ".saved", shard1, fs::copy_options::overwrite_existing);
  auto ar = OpenOrDie(path, 2);
  ASSERT_TRUE(ar);
  auto ref = OpenOrDie(TempDb("behind-ref"), 0);
  ASSERT_TRUE(ref);
  for (int i = 0; i < 180; ++i) ASSERT_TRUE(ref->Put(arts[i], "news.example", 1).ok());
  EXPECT_EQ(Everything(*ref), Everything(*ar));
}

TEST(IndexShards, OneFileArchiveGetsShardsForWhatComesNext) {
  const std::string path = TempDb("later");
  const std::vector<Article> arts = SynthArticles(100, 5);
  {
    auto ar = OpenOrDie(path, 0);
    ASSERT_TRUE(ar);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(ar->Put(arts[i], "news.example", 1).ok());
  }
  auto ar = OpenOrDie(path, 2);
  ASSERT_TRUE(ar);
  EXPECT_EQ((*ar->Stats())["index_shards"], 2);
  for (int i = 50; i < 100; ++i) ASSERT_TRUE(ar->Put(arts[i], "news.example", 1).ok());
  // A new version of an article from before: it stays in the main index.
  Article a = arts[4];
  a.text_content = a.body[0] = "گزارش تازه\u200cتر";
  ASSERT_TRUE(ar->Put(a, "news.example", 2).ok());
  auto ref = OpenOrDie(TempDb("later-ref"), 0);
  ASSERT_TRUE(ref);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(ref->Put(arts[i], "news.example", 1).ok());
  ASSERT_TRUE(ref->Put(a, "news.example", 2).ok());
  std::vector<std::string> words = kWords;
  words.push_back("تازه\u200cتر");
  for (const std::string& w : words) {
    SearchQuery s;
    s.text = w;
    s.sort = SearchQuery::Sort::kTime;
    EXPECT_EQ(All(*ref, s).hits, All(*ar, s).hits) << w;
  }
}

int PageSize(const std::string& file) {
  sqlite3* db = nullptr;
  int size = -1;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      size = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return size;
}

// New files get 16 KiB pages (sqlite_util.h: kNewFilePageSize); a file made
// with SQLite's 4 KiB pages keeps them, works as before, and the shards it
// gains later are new files.
TEST(IndexShards, NewFilesGet16KiBPagesOldOnesKeepTheirs) {
  const std::vector<Article> arts = SynthArticles(60, 3);
  const std::string fresh = TempDb("pages-new");
  {
    auto ar = OpenOrDie(fresh, 2);
    ASSERT_TRUE(ar);
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(ar->Put(arts[i], "news.example", 1).ok());
    ASSERT_TRUE(ar->Flush().ok());
  }
  EXPECT_EQ(PageSize(fresh), 16384);
  EXPECT_EQ(PageSize(archive::ShardPath(fresh, 1)), 16384);
  EXPECT_EQ(PageSize(archive::ShardPath(fresh, 2)), 16384);

  const std::string old = TempDb("pages-old");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(old.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; CREATE TABLE t(x)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DROP TABLE t", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  ASSERT_EQ(PageSize(old), 4096);
  {
    auto ar = OpenOrDie(old, 0);
    ASSERT_TRUE(ar);
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(ar->Put(arts[i], "news.example", 1).ok());
  }
  auto ar = OpenOrDie(old, 2);
  ASSERT_TRUE(ar);
  for (int i = 30; i < 60; ++i) ASSERT_TRUE(ar->Put(arts[i], "news.example", 1).ok());
  ASSERT_TRUE(ar->Flush().ok());
  EXPECT_EQ(PageSize(old), 4096);
  EXPECT_EQ(PageSize(archive::ShardPath(old, 1)), 16384);
  // Both files find the same articles.
  auto ref = OpenOrDie(TempDb("pages-ref"), 0);
  ASSERT_TRUE(ref);
  for (const Article& a : arts) ASSERT_TRUE(ref->Put(a, "news.example", 1).ok());
  for (const std::string& w : kWords) {
    SearchQuery s;
    s.text = w;
    s.sort = SearchQuery::Sort::kTime;
    EXPECT_EQ(All(*ref, s).hits, All(*ar, s).hits) << w;
  }
}

// A shard file's FTS5 segments and its automerge and crisismerge settings
// ("" when FTS5's default), read with plain SQLite (the tables are ordinary).
struct MergeState {
  int segments = -1;
  std::string automerge, crisismerge;
};
MergeState ReadMergeState(const std::string& file) {
  MergeState m;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    auto one = [&](const char* sql) {
      std::string v;
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      sqlite3_finalize(st);
      return v;
    };
    m.segments = std::stoi(one("SELECT count(DISTINCT segid) FROM articles_fts_idx"));
    m.automerge = one("SELECT v FROM articles_fts_config WHERE k='automerge'");
    m.crisismerge = one("SELECT v FROM articles_fts_config WHERE k='crisismerge'");
  }
  sqlite3_close(db);
  return m;
}

// Puts arts[from, to) in batches of `batch`, each flushed (PutBatch): one
// FTS5 segment a batch in each shard.
void PutFlushed(Archive* ar, const std::vector<Article>& arts, size_t from, size_t to,
                size_t batch) {
  for (size_t i = from; i < to; i += batch) PutBatch(ar, arts, i, std::min(to, i + batch));
}

// Bulk writing (archive.h): no merging during the run, the run's segments
// merged at its end (into one when the run wrote most of the shard, by
// FTS5's levels when it was small), FTS5's own settings back after it and
// after a run cut short; searches find the same articles all along.
TEST(IndexShards, BulkWritingMergesOnceAtTheEnd) {
  const std::vector<Article> arts = SynthArticles(330, 5);
  const std::string path = TempDb("bulk");
  const std::string shard1 = archive::ShardPath(path, 1), shard2 = archive::ShardPath(path, 2);
  auto ref = OpenOrDie(TempDb("bulk-ref"), 0);
  ASSERT_TRUE(ref);
  auto same = [&](const Archive& ar, size_t n) {
    PutBatch(ref.get(), arts, ref->Stats().value()["articles"].get<size_t>(), n);
    for (const std::string& w : {std::string("بورس"), std::string("کتاب\u200cها"),
                                 std::string("\"بانک مرکزی\""), std::string("دانش*")}) {
      SearchQuery s;
      s.text = w;
      s.sort = SearchQuery::Sort::kTime;
      EXPECT_EQ(All(*ref, s).hits, All(ar, s).hits) << w << " after " << n;
    }
  };
  {
    auto ar = OpenOrDie(path, 2);
    ASSERT_TRUE(ar);
    ASSERT_TRUE(ar->BeginBulk().ok());
    PutFlushed(ar.get(), arts, 0, 300, 15);  // 20 batches
    for (const std::string& f : {shard1, shard2}) {
      const MergeState m = ReadMergeState(f);
      EXPECT_EQ(m.segments, 20) << f;  // FTS5 would have merged them by fours
      EXPECT_EQ(m.automerge, "0");
      EXPECT_EQ(m.crisismerge, std::to_string(archive::kBulkCrisisMerge));
    }
    same(*ar, 300);
    ASSERT_TRUE(ar->EndBulk().ok());
    for (const std::string& f : {shard1, shard2}) {
      const MergeState m = ReadMergeState(f);
      EXPECT_EQ(m.segments, 1) << f;  // the run wrote all of it: one segment
      EXPECT_EQ(m.automerge, "4");
      EXPECT_EQ(m.crisismerge, "16");
    }
    same(*ar, 300);
    // A small run of few segments: left as they are.
    ASSERT_TRUE(ar->BeginBulk().ok());
    PutFlushed(ar.get(), arts, 300, 306, 2);
    ASSERT_TRUE(ar->EndBulk().ok());
    EXPECT_EQ(ReadMergeState(shard1).segments, 1 + 3);
    same(*ar, 306);
    // A small run of more: FTS5 merges the small ones, the large one kept.
    ASSERT_TRUE(ar->BeginBulk().ok());
    PutFlushed(ar.get(), arts, 306, 316, 2);
    EXPECT_EQ(ReadMergeState(shard1).segments, 4 + 5);
    ASSERT_TRUE(ar->EndBulk().ok());
    EXPECT_EQ(ReadMergeState(shard1).segments, 2);
    EXPECT_EQ(ReadMergeState(shard2).segments, 2);
    same(*ar, 316);
    // A run cut short (no EndBulk: the process was killed, say).
    ASSERT_TRUE(ar->BeginBulk().ok());
    PutFlushed(ar.get(), arts, 316, 330, 7);
  }
  EXPECT_EQ(ReadMergeState(shard1).automerge, "0");
  auto ar = OpenOrDie(path, 2);
  ASSERT_TRUE(ar);
  for (const std::string& f : {shard1, shard2}) {
    const MergeState m = ReadMergeState(f);
    EXPECT_EQ(m.automerge, "4") << f;
    EXPECT_EQ(m.crisismerge, "16") << f;
    EXPECT_EQ(m.segments, 4) << f;  // left as they were, merged as FTS5 goes on
  }
  same(*ar, 330);
  // Without shards there is nothing to do.
  ASSERT_TRUE(ref->BeginBulk().ok());
  ASSERT_TRUE(ref->EndBulk().ok());
}

// Bulk runs nest (the outermost pair counts), an EndBulk without a
// BeginBulk does nothing, and EndBulk(false) (a failed run) turns merging
// back on without merging.
TEST(IndexShards, BulkRunsNestAndCanEndWithoutMerging) {
  const std::vector<Article> arts = SynthArticles(20, 9);
  const std::string path = TempDb("bulk-nest");
  const std::string shard1 = archive::ShardPath(path, 1);
  auto ar = OpenOrDie(path, 2);
  ASSERT_TRUE(ar);
  ASSERT_TRUE(ar->EndBulk().ok());
  EXPECT_EQ(ReadMergeState(shard1).automerge, "");  // FTS5's default, never set
  ASSERT_TRUE(ar->BeginBulk().ok());
  ASSERT_TRUE(ar->BeginBulk().ok());
  PutFlushed(ar.get(), arts, 0, 20, 2);
  ASSERT_TRUE(ar->EndBulk().ok());  // the inner one
  EXPECT_EQ(ReadMergeState(shard1).automerge, "0");
  EXPECT_EQ(ReadMergeState(shard1).segments, 10);
  ASSERT_TRUE(ar->EndBulk(/*merge=*/false).ok());
  MergeState m = ReadMergeState(shard1);
  EXPECT_EQ(m.automerge, "4");
  EXPECT_EQ(m.crisismerge, "16");
  EXPECT_EQ(m.segments, 10);
  // The next run's end merges them (it wrote nothing: FTS5's level merge).
  ASSERT_TRUE(ar->BeginBulk().ok());
  ASSERT_TRUE(ar->EndBulk().ok());
  EXPECT_EQ(ReadMergeState(shard1).segments, 1);
  EXPECT_EQ(ReadMergeState(archive::ShardPath(path, 2)).segments, 1);
}

}  // namespace
}  // namespace khabar
