// The CLI as shipped: ingest / search / show / stats on the built binary,
// broken records, idempotent re-runs, and SIGKILL during ingest.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "khabar/archive.h"

extern char** environ;

namespace khabar {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int code = -1;
  std::string out, err;
};

fs::path Dir() {
  fs::path d = fs::temp_directory_path() / ("khabar-archive-cli-" + std::to_string(getpid()));
  fs::create_directories(d);
  return d;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RunResult Khabar(const std::string& args) {
  fs::path out = Dir() / "out.txt", err = Dir() / "err.txt";
  std::string cmd = std::string(KHABAR_BIN) + " " + args + " >" + out.string() + " 2>" + err.string();
  int rc = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

std::string FreshDb(const std::string& name) {
  fs::path p = Dir() / (name + ".db");
  for (const std::string s : {"", "-wal", "-shm"}) {
    fs::remove(p.string() + s);
    for (int k = 1; k <= 4; ++k) fs::remove(p.string() + "-idx" + std::to_string(k) + s);
  }
  return p.string();
}

void Write(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

std::string ArticleLine(int i) {
  return "{\"source\": \"site" + std::to_string(i % 3) + "\", \"url\": \"https://s.ir/n/" +
         std::to_string(i) + "\", \"news_id\": \"" + std::to_string(i) + "\", \"title\": \"خبر شماره " +
         std::to_string(i) + " درباره کتاب\\u200cها\", \"body\": [\"متن خبر " + std::to_string(i) +
         "\"]}\n";
}

TEST(ArchiveCli, JsonlBadLinesAreReportedAndTheBatchGoesOn) {
  std::string db = FreshDb("jsonl");
  fs::path in = Dir() / "in.jsonl";
  Write(in, ArticleLine(1) + "{not json\n" + ArticleLine(2) + "{\"url\": \"x\"}\n" +
                "{\"url\": \"https://s.ir/p\", \"html\": \"<html><head><title>عنوان صفحه</title></head>"
                "<body><article><h1>عنوان صفحه</h1><p>این یک متن خبری است که به اندازه کافی بلند است تا"
                " استخراج شود و درباره نمایشگاه کتاب تهران است.</p></article></body></html>\","
                " \"fetch_time\": \"2024-05-01T10:00:00Z\"}\n");
  RunResult r = Khabar("ingest --db " + db + " " + in.string());
  EXPECT_EQ(r.code, 0) << r.err;
  std::string p = in.string();
  EXPECT_EQ(r.err.substr(0, r.err.find("; ")),
            "khabar: " + p + ":2: not a JSON object\nkhabar: " + p +
                ":4: no html, text or title field\nkhabar: ingest: 5 records: 3 new, 0 new versions,"
                " 0 unchanged, 0 skipped (stored before), 2 errors");
  // Again: nothing new, nothing duplicated.
  r = Khabar("ingest -q --db " + db + " " + in.string());
  EXPECT_EQ(r.err.substr(0, r.err.find("; ")),
            "khabar: ingest: 5 records: 0 new, 0 new versions, 0 unchanged, 3 skipped (stored before), 2 errors");
  r = Khabar("stats --json --db " + db);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["articles"], 3);
  EXPECT_EQ(j["ingest_errors"], 4);
  // Search: exact JSON Lines, exit codes.
  r = Khabar("search --json --db " + db + " نمایشگاه");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"snippet_html\":\""), std::string::npos);
  EXPECT_NE(r.out.find("<mark>نمایشگاه</mark>"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("{\"next_cursor\":\"\",\"prefix_capped\":false,\"ranked\":true,\"total_estimate\":1,\"type\":\"summary\"}\n"),
            std::string::npos);
  r = Khabar("search --db " + db + " --source site1 کتاب\u200cها");
  EXPECT_EQ(r.code, 0);
  std::string id = r.out.substr(0, r.out.find('\t'));
  EXPECT_EQ(r.out.substr(r.out.find('\t'), r.out.find('\n') - r.out.find('\t')),
            "\t-\tsite1\tخبر شماره 1 درباره کتاب\u200cها");
  r = Khabar("search --db " + db + " ناموجود");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  r = Khabar("search --db " + db + " --from 1403/13/01 کتاب");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "khabar: search: date «1403/13/01»: no such Jalali month 13\n");
  r = Khabar("show --db " + db + " 999");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "khabar: 999: no article with id 999\n");
  r = Khabar("show --db " + db + " " + id);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "خبر شماره 1 درباره کتاب\u200cها");
  r = Khabar("stats --db " + (Dir() / "missing" / "x.db").string());
  EXPECT_EQ(r.code, 2);
}

// A JSON line past 1 MiB (parsed by a parser of its own, not the worker's).
// --index-shards on an archive that has shards: the archive keeps its
// number, and the run says so.
TEST(ArchiveCli, IndexShardsOfAnArchiveWithShardsAreKeptAndSaid) {
  const std::string db = FreshDb("keep-shards");
  const fs::path in = Dir() / "keep-shards.jsonl";
  Write(in, ArticleLine(1) + ArticleLine(2));
  RunResult r = Khabar("ingest -q --index-shards 2 --db " + db + " " + in.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("keeps its"), std::string::npos) << r.err;
  Write(in, ArticleLine(3));
  r = Khabar("ingest -q --index-shards 3 --db " + db + " " + in.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(
      r.err.find(db +
                 " keeps its 2 index shards (--index-shards applies to an archive without shards)"),
      std::string::npos)
      << r.err;
  auto ar = Archive::Open(db);
  ASSERT_TRUE(ar.ok()) << ar.status().ToString();
  EXPECT_EQ((*ar)->IndexShardCount(), 2);
  EXPECT_EQ((*(*ar)->Stats())["articles"], 3);
}

TEST(ArchiveCli, LargeJsonLine) {
  std::string db = FreshDb("large");
  fs::path in = Dir() / "large.jsonl";
  std::string text;
  while (text.size() <= (size_t{1} << 20)) text += "متن بسیار بلند درباره کتاب ";
  Write(in, ArticleLine(1) + "{\"source\": \"s.ir\", \"news_id\": \"7\", \"title\": \"خبر بلند\", \"body\": [\"" +
                text + "\"]}\n" + ArticleLine(2));
  RunResult r = Khabar("ingest -q --db " + db + " " + in.string());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.substr(0, r.err.find("; ")),
            "khabar: ingest: 3 records: 3 new, 0 new versions, 0 unchanged, 0 skipped (stored before), 0 errors");
  r = Khabar("search --db " + db + " بلند");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\ts.ir\tخبر بلند"), std::string::npos) << r.out;
}

// Workers finish out of order; the writer must not. Errors come in input
// order and a URL seen again later in the input ends as its newest version.
TEST(ArchiveCli, RecordsAreStoredInInputOrder) {
  std::string db = FreshDb("order");
  fs::path in = Dir() / "order.jsonl";
  std::string lines, want_err;
  for (int i = 1; i <= 200; ++i) {
    if (i % 10 == 0) {
      lines += "{broken\n";
      want_err += "khabar: " + in.string() + ":" + std::to_string(i) + ": not a JSON object\n";
      continue;
    }
    lines += "{\"source\": \"s\", \"url\": \"https://s.ir/same\", \"title\": \"نسخه " +
             std::to_string(i) + "\", \"body\": [\"متن نسخه " + std::to_string(i) + "\"]}\n";
  }
  Write(in, lines);
  RunResult r = Khabar("ingest --threads 4 --db " + db + " " + in.string());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.substr(0, want_err.size()), want_err);
  r = Khabar("search --db " + db + " نسخه");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(r.out.rfind('\t') + 1), "نسخه 199\n");
}

// The articles a search for a word of every ArticleLine finds (each page).
int64_t Indexed(const Archive& ar) {
  SearchQuery q;
  q.text = "شماره";
  q.sort = SearchQuery::Sort::kTime;
  q.limit = 100;
  std::set<int64_t> ids;
  int64_t hits = 0;
  while (true) {
    auto r = ar.Search(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return -1;
    for (const auto& h : r->hits) ids.insert(h.id);
    hits += static_cast<int64_t>(r->hits.size());
    if (r->next_cursor.empty()) break;
    q.cursor = r->next_cursor;
  }
  EXPECT_EQ(hits, static_cast<int64_t>(ids.size()));  // none twice
  return hits;
}

TEST(ArchiveCli, SigkillDuringIngestLosesNothingCommitted) {
  const int kArticles = 3000;
  fs::path in = Dir() / "kill.jsonl";
  {
    std::ofstream o(in, std::ios::binary);
    for (int i = 0; i < kArticles; ++i) o << ArticleLine(i);
  }
  std::string db = FreshDb("kill");
  std::mt19937 rng(20241125);
  int64_t committed = 0;
  const auto t0 = std::chrono::steady_clock::now();
  int kills = 0;
  for (int round = 0; round < 20; ++round) {
    std::string bin = KHABAR_BIN;
    std::vector<std::string> args = {bin, "ingest", "-q", "--batch-size", "100", "--index-shards",
                                     "2", "--db",   db,   in.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 900)(rng)));
    if (kill(pid, SIGKILL) == 0) ++kills;
    int status = 0;
    waitpid(pid, &status, 0);
    // The database opens, and holds at least what was committed before.
    auto ar = Archive::Open(db);
    ASSERT_TRUE(ar.ok()) << "round " << round << ": " << ar.status().ToString();
    auto st = (*ar)->Stats();
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    int64_t n = (*st)["articles"];
    EXPECT_GE(n, committed) << "round " << round;
    committed = n;
    // And its full-text index (index shards included) holds each once.
    EXPECT_EQ(Indexed(**ar), n) << "round " << round;
  }
  EXPECT_GE(kills, 15);
  RunResult r = Khabar("ingest -q --db " + db + " " + in.string());
  EXPECT_EQ(r.code, 0) << r.err;
  auto ar = Archive::Open(db);
  ASSERT_TRUE(ar.ok());
  auto st = (*ar)->Stats();
  EXPECT_EQ((*st)["articles"], kArticles);
  EXPECT_EQ((*st)["versions"], kArticles);  // no article stored twice
  EXPECT_EQ((*st)["index_shards"], 2);      // khabar ingest's default for a new archive
  EXPECT_EQ(Indexed(**ar), kArticles);
  SearchQuery q;
  q.text = "شماره";
  q.limit = 1;
  auto s = (*ar)->Search(q);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->hits.size(), 1u);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("sigkill test: %d kills, %.1f s\n", kills, secs);
}

}  // namespace
}  // namespace khabar
