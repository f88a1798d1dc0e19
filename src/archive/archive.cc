// Archive: SQLite (WAL) store + FTS5 search. See include/khabar/archive.h.
#include "khabar/archive.h"

#include <pthread.h>
#include <xxhash.h>

#include <algorithm>
#include <cinttypes>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "archive/date_range.h"
#include "archive/fts_tokenizer.h"
#include "archive/index_shards.h"
#include "archive/prefix_terms.h"
#include "archive/query.h"
#include "archive/schema.h"
#include "archive/sqlite_util.h"
#include "archive/terms.h"
#include "khabar/chars.h"

namespace khabar {

using archive::ExecScript;
using archive::SqlStatus;
using archive::Stmt;

namespace {

constexpr int64_t kNoTime = INT64_MIN / 2;  // sorts a missing publish time last
constexpr int kMaxOffset = 10000;
constexpr const char* kMarkOpen = "\x02";
constexpr const char* kMarkClose = "\x03";
// Each read connection attaches every shard, and SQLite as Debian builds it
// attaches at most 10 databases (SQLITE_MAX_ATTACHED).
constexpr int kMaxIndexShards = 8;

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
  return buf;
}

std::string HostOf(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return {};
  url.remove_prefix(p + 3);
  size_t e = url.find_first_of("/?#:");
  std::string host(url.substr(0, e));
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

// The full-text index's rowid (schema.h, version 2): orders like the publish
// time (unknown first), then the id; unique below 2^28 articles a second.
constexpr int64_t kTimeKeyIdBits = 28;
constexpr int64_t kTimeKeyMaxAbs = (int64_t{1} << 33) - 1;
int64_t TimeKeyOfTime(int64_t t) {
  t = std::clamp(t, -kTimeKeyMaxAbs, kTimeKeyMaxAbs);
  return (t + kTimeKeyMaxAbs + 1) << kTimeKeyIdBits;
}
int64_t TimeKey(bool has_time, int64_t t, int64_t id) {
  return (has_time ? TimeKeyOfTime(t) : 0) + (id & ((int64_t{1} << kTimeKeyIdBits) - 1));
}

// Escapes text for HTML and turns the snippet markers into <mark>.
std::string SnippetHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 32);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\x02': out += "<mark>"; break;
      case '\x03': out += "</mark>"; break;
      default: out += c;
    }
  }
  return out;
}

// A connection with its own statement cache (keyed by the SQL text's address:
// every statement is a string constant).
struct Conn {
  sqlite3* db = nullptr;
  std::unordered_map<const char*, Stmt> stmts;
  ~Conn() {
    stmts.clear();
    if (db) sqlite3_close_v2(db);
  }
  Result<Stmt*> Get(const char* sql) {
    auto it = stmts.find(sql);
    if (it != stmts.end()) {
      it->second.Reset();
      return &it->second;
    }
    Stmt st;
    Status s = st.Prepare(db, sql);
    if (!s.ok()) return s;
    return &stmts.emplace(sql, std::move(st)).first->second;
  }
};

// cache_kib: the connection's page cache (at least 256 KiB).
Result<std::unique_ptr<Conn>> OpenConn(const std::string& path, const ArchiveOptions& o,
                                       bool read_only, int cache_kib) {
  archive::ConfigureSqliteOnce();
  auto c = std::make_unique<Conn>();
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  std::string p = path.empty() ? ":memory:" : path;
  int rc = sqlite3_open_v2(p.c_str(), &c->db, flags, nullptr);
  if (rc != SQLITE_OK) return SqlStatus(c->db, rc, "open " + p);
  sqlite3_extended_result_codes(c->db, 1);
  sqlite3_busy_timeout(c->db, o.busy_timeout_ms);
  std::string pragmas = "PRAGMA cache_size=-" + std::to_string(std::max(cache_kib, 256)) +
                        ";PRAGMA temp_store=MEMORY;";
  if (!read_only) {
    // A new file gets 16 KiB pages (kNewFilePageSize); an existing one keeps
    // its own (SQLite ignores the pragma then).
    pragmas = archive::NewFilePageSizePragma() + pragmas;
    pragmas += "PRAGMA journal_mode=WAL;";
    pragmas += o.sync_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
  }
  if (Status s = ExecScript(c->db, pragmas.c_str(), "pragmas " + p); !s.ok()) return s;
  if (Status s = archive::RegisterTokenizer(c->db); !s.ok()) return s;
  return c;
}

// ---- SQL (constants only) ------------------------------------------------

// Index shards (index_shards.h). The side files are attached to every read
// connection as idx1, idx2, …
constexpr const char* kSqlMetaGet = "SELECT value FROM meta WHERE key=?1";
constexpr const char* kSqlMetaSet = "UPDATE meta SET value=?2 WHERE key=?1";
constexpr const char* kSqlAttach = "ATTACH DATABASE ?1 AS ?2";
constexpr const char* kSqlPendingPut =
    "INSERT INTO index_pending(shard, op, article_id, version, tkey) VALUES (?1,?2,?3,?4,?5)";
constexpr const char* kSqlPendingPrune = "DELETE FROM index_pending WHERE shard=?1 AND seq<=?2";
constexpr const char* kSqlPendingOf =
    "SELECT seq, op, article_id, version, tkey FROM index_pending WHERE shard=?1 AND seq>?2"
    " ORDER BY seq";
// The last seq ever given (AUTOINCREMENT's counter, rolled back with its
// transaction).
constexpr const char* kSqlPendingIssued =
    "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name='index_pending'), 0)";
// meta 'index_pruned_<k>': index_pending was emptied up to here for shard k.
constexpr const char* kSqlMetaPut = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)";
constexpr const char* kSqlTextNow = "SELECT version, title, lead, body FROM articles WHERE id=?1";
constexpr const char* kSqlTextOfVersion =
    "SELECT article_json FROM article_versions WHERE article_id=?1 AND version=?2";
constexpr const char* kSqlShardArticles =
    "SELECT id, tkey, title, lead, body FROM articles WHERE id>=?1 AND id%?2=?3 AND id>?4"
    " ORDER BY id LIMIT 2000";
// Snippets of hits in index shards: FTS5 cannot read a contentless table's
// text, so the hits' texts are indexed in a temporary table of the read
// connection and snippet() runs there (the same tokenizer and query: the
// same snippet as the main file's index gives).
constexpr const char* kSqlSnipTable =
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.khabar_snip USING fts5(title, lead, body,"
    " tokenize='khabar')";
constexpr const char* kSqlSnipFill =
    "INSERT INTO temp.khabar_snip(rowid, title, lead, body) SELECT tkey, title, lead, body"
    " FROM main.articles WHERE tkey IN (SELECT value FROM json_each(?1))";
constexpr const char* kSqlSnipGet =
    "SELECT rowid, snippet(khabar_snip, -1, ?2, ?3, '…', 24) FROM temp.khabar_snip"
    " WHERE khabar_snip MATCH ?1";
constexpr const char* kSqlSnipClear = "DELETE FROM temp.khabar_snip";

constexpr const char* kSqlSchemaVersion = "SELECT value FROM meta WHERE key='schema_version'";
constexpr const char* kSqlHasMeta =
    "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'";
constexpr const char* kSqlTableCount = "SELECT count(*) FROM sqlite_master";
constexpr int64_t kFtsHashBytes = 64 << 20;
constexpr const char* kSqlFtsHashSize =
    "SELECT (SELECT v FROM articles_fts_config WHERE k='hashsize')";
constexpr const char* kSqlSetFtsHashSize =
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 67108864)";
constexpr const char* kSqlBegin = "BEGIN IMMEDIATE";
constexpr const char* kSqlCommit = "COMMIT";
constexpr const char* kSqlRollback = "ROLLBACK";
constexpr const char* kSqlSiteGet = "SELECT id FROM sites WHERE name=?1";
constexpr const char* kSqlSitePut = "INSERT INTO sites(name) VALUES (?1)";
constexpr const char* kSqlSourceGet = "SELECT id FROM sources WHERE name=?1";
constexpr const char* kSqlSourcePut = "INSERT INTO sources(name) VALUES (?1)";
constexpr const char* kSqlFindKey = "SELECT id, version, text_hash FROM articles WHERE key=?1";
constexpr const char* kSqlNextId = "SELECT COALESCE(max(id), 0) + 1 FROM articles";
constexpr const char* kSqlInsert =
    "INSERT INTO articles(key, site_id, source_id, version, text_hash, title, lead, body, category,"
    " news_id, url, canonical_url, published_unix, published_iso, published_jalali, fetched_unix,"
    " article_json, id, tkey, json_omits)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)";
constexpr const char* kSqlOldText = "SELECT title, lead, body, tkey FROM articles WHERE id=?1";
constexpr const char* kSqlFtsInsert =
    "INSERT INTO articles_fts(rowid, title, lead, body) VALUES (?1,?2,?3,?4)";
constexpr const char* kSqlFtsDelete =
    "INSERT INTO articles_fts(articles_fts, rowid, title, lead, body)"
    " VALUES ('delete',?1,?2,?3,?4)";
// A superseded version keeps its whole JSON (article_versions has no text
// columns): the current row is read back whole (RestoreText) and copied.
constexpr const char* kSqlCurrentRow =
    "SELECT article_json, json_omits, title, lead, body, version, text_hash, fetched_unix"
    " FROM articles WHERE id=?1";
constexpr const char* kSqlArchiveVersion =
    "INSERT INTO article_versions(article_id, version, text_hash, fetched_unix, article_json)"
    " VALUES (?1,?2,?3,?4,?5)";
constexpr const char* kSqlUpdate =
    "UPDATE articles SET site_id=?2, source_id=?3, version=?4, text_hash=?5, title=?6, lead=?7,"
    " body=?8, category=?9, news_id=?10, url=?11, canonical_url=?12, published_unix=?13,"
    " published_iso=?14, published_jalali=?15, fetched_unix=?16, article_json=?17, tkey=?19,"
    " json_omits=?20 WHERE id=?1";
constexpr const char* kSqlPagePut =
    "INSERT OR IGNORE INTO pages(url, content_hash, fetched_unix, bytes, article_id)"
    " VALUES (?1,?2,?3,?4,?5)";
constexpr const char* kSqlHasPage = "SELECT 1 FROM pages WHERE url=?1 AND content_hash=?2";
constexpr const char* kSqlLog =
    "INSERT INTO ingest_log(at_unix, input, level, message) VALUES (?1,?2,?3,?4)";
constexpr const char* kSqlGet =
    "SELECT a.article_json, s.name, a.fetched_unix, a.version, a.json_omits, a.title, a.lead, a.body"
    " FROM articles a JOIN sites s ON s.id=a.site_id WHERE a.id=?1";
constexpr const char* kSqlVersions =
    "SELECT article_json, fetched_unix, version FROM article_versions WHERE article_id=?1"
    " ORDER BY version";
constexpr const char* kSqlProbe =
    "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?1"
    " AND rowid>=?2 AND rowid<?3 LIMIT ?4)";
// Search runs in two steps: the candidates (FTS rowid = tkey, score), then
// for each of the at most limit + 1 hits its row and its snippet. So snippet()
// never runs on a row that is not shown. Date filters are rowid bounds (?5,
// ?6): the time key orders like the publish time.
#define KHABAR_CAND_FILTER                                                                    \
  " JOIN articles a ON a.tkey=articles_fts.rowid JOIN sites s ON s.id=a.site_id"                        \
  " LEFT JOIN sources src ON src.id=a.source_id"                                             \
  " WHERE articles_fts MATCH ?1 AND articles_fts.rowid>=?5 AND articles_fts.rowid<?6"                            \
  " AND (?7 IS NULL OR src.name=?7 OR s.name=?7) AND (?8 IS NULL OR a.category=?8)"
#define KHABAR_CAND_PLAIN \
  " WHERE articles_fts MATCH ?1 AND articles_fts.rowid>=?5 AND articles_fts.rowid<?6 AND ?7 IS NULL AND ?8 IS NULL"
#define KHABAR_CAND_RANK \
  "SELECT articles_fts.rowid, -bm25(articles_fts, ?2, ?3, ?4) AS score FROM articles_fts"
// Newest first walks the index in its own order and stops at the limit, so
// the snippet is computed here, for the returned rows only (OFFSET rows are
// skipped before result columns), while FTS5's term iterators are open.
#define KHABAR_CAND_TIME \
  "SELECT articles_fts.rowid, 0.0 + 0*?2*?3*?4, snippet(articles_fts, -1, ?11, ?12, '…', 24)" \
  " FROM articles_fts"
// Ranked by BM25 (the query is selective: at most rank_max_matches matches).
constexpr const char* kSqlCandRank =
    KHABAR_CAND_RANK KHABAR_CAND_PLAIN " ORDER BY score DESC, articles_fts.rowid DESC LIMIT ?9 OFFSET ?10";
constexpr const char* kSqlCandRankFiltered =
    KHABAR_CAND_RANK KHABAR_CAND_FILTER " ORDER BY score DESC, articles_fts.rowid DESC LIMIT ?9 OFFSET ?10";
// Newest published first: the index's own order, no sort, stops at the limit.
constexpr const char* kSqlCandTime =
    KHABAR_CAND_TIME KHABAR_CAND_PLAIN " ORDER BY articles_fts.rowid DESC LIMIT ?9 OFFSET ?10";
constexpr const char* kSqlCandTimeFiltered =
    KHABAR_CAND_TIME KHABAR_CAND_FILTER " ORDER BY articles_fts.rowid DESC LIMIT ?9 OFFSET ?10";
constexpr const char* kSqlHitRow =
    "SELECT a.id, a.title, COALESCE(src.name, s.name), a.published_iso, a.published_jalali"
    " FROM articles a JOIN sites s ON s.id=a.site_id LEFT JOIN sources src ON src.id=a.source_id"
    " WHERE a.tkey=?1";
// Ranked queries (newest-first ones get their snippets from the candidate
// query): the snippets of all shown hits in one pass over the rowid range they span
// (?4..?5), so the query's terms are looked up once, not once a hit (64
// lookups a hit for an expanded prefix). `+rowid` keeps the planner from
// turning the IN list into one FTS5 lookup per hit; snippet() runs only on
// the rows the WHERE keeps. The range holds no more matches than the
// candidate query already walked (a ranked query has at most
// rank_max_matches; a newest-first one, those above its last hit).
constexpr const char* kSqlHitSnippets =
    "SELECT rowid, snippet(articles_fts, -1, ?2, ?3, '…', 24) FROM articles_fts"
    " WHERE articles_fts MATCH ?1 AND rowid>=?4 AND rowid<=?5"
    " AND +rowid IN (SELECT value FROM json_each(?6))";
constexpr const char* kSqlList =
    "SELECT a.id, a.article_json, s.name, a.fetched_unix, a.version,"
    " COALESCE(a.published_unix, -4611686018427387904) AS t, a.json_omits, a.title, a.lead, a.body"
    " FROM articles a JOIN sites s ON s.id=a.site_id LEFT JOIN sources src ON src.id=a.source_id"
    " WHERE (?1 IS NULL OR COALESCE(src.name, s.name)=?1) AND (?2 IS NULL OR a.category=?2)"
    " AND (?3 IS NULL OR a.tkey>=?3) AND (?4 IS NULL OR a.tkey<?4)"
    " AND (?5 IS NULL OR a.tkey<?5)"
    // Newest published first, straight down the time-key index (tkey orders
    // by publish time, then id; no time sorts last), so a page costs LIMIT
    // rows, not a sort of the whole table.
    " ORDER BY a.tkey DESC LIMIT ?6";
constexpr const char* kSqlSources =
    "SELECT COALESCE(src.name, s.name) AS n, count(*) AS c FROM articles a"
    " JOIN sites s ON s.id=a.site_id LEFT JOIN sources src ON src.id=a.source_id"
    " GROUP BY n ORDER BY c DESC, n";
constexpr const char* kSqlCounts =
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_versions),"
    " (SELECT count(*) FROM pages), (SELECT count(*) FROM sites), (SELECT count(*) FROM sources),"
    " (SELECT count(*) FROM ingest_log WHERE level='error'),"
    " (SELECT min(published_unix) FROM articles), (SELECT max(published_unix) FROM articles),"
    " (SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size())";

Status StepRow(Stmt* st, sqlite3* db, std::string_view what, bool* row) {
  int rc = st->Step();
  if (rc == SQLITE_ROW) {
    *row = true;
    return Status::Ok();
  }
  *row = false;
  if (rc == SQLITE_DONE) return Status::Ok();
  return SqlStatus(db, rc, what);
}

// The article of a row: article_json, with what it leaves to the columns put
// back (schema.h, version 3: json_omits 1 = title and lead, 2 = and
// text_content, which is the body column). Columns at st's json, omits,
// title, lead, body.
Result<Article> RowArticle(Stmt* st, int json, int omits, int title, int lead, int body) {
  auto a = Article::FromJson(st->Text(json));
  if (!a.ok()) return a.status();
  const int64_t what = st->Int(omits);
  if (what >= 1) {
    a->title = st->Text(title);
    a->lead = st->Text(lead);
  }
  if (what >= 2) a->text_content = st->Text(body);
  return a;
}

}  // namespace

struct Archive::Impl {
  std::string path;
  ArchiveOptions options;
  std::unique_ptr<Conn> writer;  // null when read-only
  std::mutex writer_mu;          // guards writer when it also serves reads (":memory:")
  bool shared_writer = false;    // readers use the writer connection
  bool in_batch = false;
  std::mutex pool_mu;
  std::vector<std::unique_ptr<Conn>> pool;

  // Index shards (index_shards.h); shard_count 0: the index is articles_fts.
  int shard_count = 0;
  int64_t shard_from = 0;
  std::string archive_id;
  std::unique_ptr<archive::IndexShards> shards;
  std::vector<archive::IndexOp> staged;  // the open transaction's shard writes
  // A batch's writes to articles_fts, applied in time-key order at commit
  // (ApplyMainIndex).
  std::vector<archive::IndexOp> main_staged;
  std::vector<int64_t> pruned;           // index_pending deleted up to, per shard
  // The indexes a search reads and their statements (stable strings: a Conn
  // caches statements by the text's address).
  struct IndexTable {
    std::string probe, rank, rank_filtered, time, time_filtered, name;
  };
  std::vector<IndexTable> tables;

  // WAL checkpoints on their own thread and connection (file archives with a
  // writer), so the writer does not stop to copy pages into the database
  // (12 % of ingest wall time with SQLite's automatic checkpoint). The
  // writer's WAL hook wakes it past kCheckpointBytes; past kWriterCheckpoint
  // Bytes (the checkpointer is behind or blocked) the writer checkpoints
  // itself, so the WAL stays bounded. In bytes, as files differ in page size
  // (sqlite_util.h: kNewFilePageSize).
  static constexpr int64_t kCheckpointBytes = 16 << 20;
  static constexpr int64_t kWriterCheckpointBytes = 64 << 20;
  int64_t page_size = 4096;  // of the main file
  std::unique_ptr<Conn> checkpointer;
  std::thread checkpoint_thread;
  std::mutex checkpoint_mu;
  std::condition_variable checkpoint_cv;
  bool checkpoint_wanted = false, checkpoint_stop = false;

  ~Impl() {
    // Readers first: they attach the index shards read-only, and the shards'
    // own connections, closed last, then checkpoint and remove their WALs.
    pool.clear();
    if (checkpoint_thread.joinable()) {
      {
        std::lock_guard<std::mutex> g(checkpoint_mu);
        checkpoint_stop = true;
      }
      checkpoint_cv.notify_all();
      checkpoint_thread.join();
    }
  }

  static int OnWalCommit(void* arg, sqlite3* db, const char* schema, int pages) {
    auto* impl = static_cast<Impl*>(arg);
    const int64_t bytes = static_cast<int64_t>(pages) * impl->page_size;
    if (bytes >= kWriterCheckpointBytes) {
      sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (bytes >= kCheckpointBytes) {
      {
        std::lock_guard<std::mutex> g(impl->checkpoint_mu);
        impl->checkpoint_wanted = true;
      }
      impl->checkpoint_cv.notify_one();
    }
    return SQLITE_OK;
  }

  void CheckpointLoop() {
    std::unique_lock<std::mutex> l(checkpoint_mu);
    while (true) {
      checkpoint_cv.wait(l, [&] { return checkpoint_wanted || checkpoint_stop; });
      if (checkpoint_stop) return;
      checkpoint_wanted = false;
      l.unlock();
      sqlite3_wal_checkpoint_v2(checkpointer->db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      l.lock();
    }
  }

  // A read connection for the duration of one call.
  class Lease {
   public:
    Lease(Impl* impl, std::unique_ptr<Conn> c) : impl_(impl), c_(std::move(c)) {
      if (!c_) {
        impl_->writer_mu.lock();
        locked_ = true;
      }
    }
    ~Lease() {
      if (locked_) {
        impl_->writer_mu.unlock();
        return;
      }
      if (!c_) return;
      std::lock_guard<std::mutex> g(impl_->pool_mu);
      if (impl_->pool.size() < static_cast<size_t>(std::max(impl_->options.reader_pool_size, 1)))
        impl_->pool.push_back(std::move(c_));
    }
    Conn* conn() { return c_ ? c_.get() : impl_->writer.get(); }

   private:
    Impl* impl_;
    std::unique_ptr<Conn> c_;
    bool locked_ = false;
  };

  Result<std::unique_ptr<Lease>> Read() {
    if (shared_writer) return std::make_unique<Lease>(this, nullptr);
    {
      std::lock_guard<std::mutex> g(pool_mu);
      if (!pool.empty()) {
        auto c = std::move(pool.back());
        pool.pop_back();
        return std::make_unique<Lease>(this, std::move(c));
      }
    }
    auto c = OpenConn(path, options, true, options.cache_size_kib);
    if (!c.ok()) return c.status();
    Status s = ExecScript((*c)->db,
                          "CREATE VIRTUAL TABLE IF NOT EXISTS temp.khabar_vocab USING "
                          "fts5vocab(main, 'articles_fts', 'row')",
                          "vocab");
    if (s.ok()) s = PrepareReader(c->get());
    if (!s.ok()) return s;
    return std::make_unique<Lease>(this, std::move(c).value());
  }

  // Writer-side caches: site and source ids (never deleted nor renumbered,
  // so an id seen stays right; a rolled-back transaction may have made some,
  // so a rollback forgets them all) and the next article id (known only
  // inside the transaction that holds the write lock).
  std::unordered_map<std::string, int64_t> site_ids, source_ids;
  int64_t next_id = 0;  // 0: ask
  void ForgetTransaction(bool rolled_back) {
    next_id = 0;
    if (rolled_back) {
      site_ids.clear();
      source_ids.clear();
    }
  }

  Result<int64_t> IdFor(const char* get_sql, const char* put_sql, std::string_view name) {
    auto& cache = get_sql == kSqlSiteGet ? site_ids : source_ids;
    if (auto it = cache.find(std::string(name)); it != cache.end()) return it->second;
    auto id = IdForUncached(get_sql, put_sql, name);
    if (id.ok()) cache.emplace(std::string(name), *id);
    return id;
  }

  Result<int64_t> IdForUncached(const char* get_sql, const char* put_sql, std::string_view name) {
    auto g = writer->Get(get_sql);
    if (!g.ok()) return g.status();
    (*g)->Bind(1, name);
    bool row;
    if (Status s = StepRow(*g, writer->db, "lookup", &row); !s.ok()) return s;
    const int64_t id = row ? (*g)->Int(0) : 0;
    // Reset now: a statement left on a row keeps its connection's read
    // snapshot, and WAL checkpoints cannot pass it (the WAL grew without end).
    (*g)->Reset();
    if (row) return id;
    auto p = writer->Get(put_sql);
    if (!p.ok()) return p.status();
    (*p)->Bind(1, name);
    if (Status s = (*p)->Exec("insert name"); !s.ok()) return s;
    return static_cast<int64_t>(sqlite3_last_insert_rowid(writer->db));
  }

  Status Simple(const char* sql, std::string_view what) {
    auto st = writer->Get(sql);
    if (!st.ok()) return st.status();
    return (*st)->Exec(what);
  }

  Result<PutResult> PutLocked(const Article& a, std::string_view site, PageInfo& page);

  // Reads the index shards' meta entries (absent before schema 4: none).
  Status LoadShardMeta(Conn* c) {
    for (const char* key : {"index_shards", "index_shard_from", "archive_id"}) {
      auto st = c->Get(kSqlMetaGet);
      if (!st.ok()) return st.status();
      (*st)->Bind(1, key);
      bool row;
      if (Status s = StepRow(*st, c->db, "meta", &row); !s.ok()) return s;
      std::string v = row ? (*st)->Text(0) : std::string();
      (*st)->Reset();
      if (std::string_view(key) == "index_shards")
        shard_count = std::atoi(v.c_str());
      else if (std::string_view(key) == "index_shard_from")
        shard_from = std::atoll(v.c_str());
      else
        archive_id = v;
    }
    if (shard_count < 0 || shard_count > kMaxIndexShards)
      return Status::Corruption(path + ": index_shards " + std::to_string(shard_count));
    BuildTables();
    return Status::Ok();
  }

  void BuildTables() {
    const bool sharded = shard_count > 0;
    auto make = [sharded](const std::string& name) {
      auto sub = [&](const char* sql) {
        std::string out(sql);
        const std::string from = "FROM articles_fts";
        for (size_t p = out.find(from); p != std::string::npos; p = out.find(from, p + 1))
          out.replace(p, from.size(), "FROM " + name);
        return out;
      };
      IndexTable t;
      t.name = name;
      t.probe = sub(kSqlProbe);
      t.rank = sub(kSqlCandRank);
      t.rank_filtered = sub(kSqlCandRankFiltered);
      t.time = sub(kSqlCandTime);
      t.time_filtered = sub(kSqlCandTimeFiltered);
      if (sharded) {  // snippets come from the temporary table (Search)
        const std::string snip = "snippet(articles_fts, -1, ?11, ?12, '…', 24)";
        for (std::string* q : {&t.time, &t.time_filtered}) {
          size_t p = q->find(snip);
          if (p != std::string::npos) q->replace(p, snip.size(), "substr(?11 || ?12, 1, 0)");
        }
      }
      return t;
    };
    tables.clear();
    // A sharded archive's own index holds the articles stored before it had
    // shards (none in one created with them).
    if (shard_count == 0 || shard_from > 1) tables.push_back(make("articles_fts"));
    for (int k = 1; k <= shard_count; ++k)
      tables.push_back(make("idx" + std::to_string(k) + ".articles_fts"));
  }

  // A new read connection: the shards attached, the snippet table made.
  Status PrepareReader(Conn* c) {
    for (int k = 1; k <= shard_count; ++k) {
      const std::string file = archive::ShardPath(path, k);
      std::error_code ec;
      if (!std::filesystem::exists(file, ec))
        return Status::Corruption(file +
                                  ": index shard missing (opening the archive for writing, "
                                  "e.g. khabar ingest, rebuilds it)");
      Stmt st;
      if (Status s = st.Prepare(c->db, kSqlAttach); !s.ok()) return s;
      st.Bind(1, file);
      st.Bind(2, "idx" + std::to_string(k));
      if (Status s = st.Exec("attach " + file); !s.ok()) return s;
    }
    if (shard_count > 0) return ExecScript(c->db, kSqlSnipTable, "snippet table");
    return Status::Ok();
  }

  // One op's texts: version `version` of article id, from its row or from
  // article_versions.
  Result<std::array<std::string, 3>> TextOf(int64_t id, int64_t version) {
    auto now = writer->Get(kSqlTextNow);
    if (!now.ok()) return now.status();
    (*now)->Bind(1, id);
    bool row;
    if (Status s = StepRow(*now, writer->db, "index text", &row); !s.ok()) return s;
    if (row && (*now)->Int(0) == version) {
      std::array<std::string, 3> t = {(*now)->Text(1), (*now)->Text(2), (*now)->Text(3)};
      (*now)->Reset();
      return t;
    }
    (*now)->Reset();
    auto old = writer->Get(kSqlTextOfVersion);
    if (!old.ok()) return old.status();
    (*old)->Bind(1, id);
    (*old)->Bind(2, version);
    if (Status s = StepRow(*old, writer->db, "index text", &row); !s.ok()) return s;
    if (!row)
      return Status::Corruption("article " + std::to_string(id) + " version " +
                                std::to_string(version) + ": no text for the index");
    auto a = Article::FromJson((*old)->Text(0));
    (*old)->Reset();
    if (!a.ok())
      return Status::Corruption("article " + std::to_string(id) + ": " + a.status().message());
    return std::array<std::string, 3>{a->title, a->lead, archive::ArticleBodyText(*a)};
  }

  // Brings every shard up to the main file: rebuilds the `created` ones
  // from the articles, replays index_pending past each other's applied_seq.
  Status RecoverShards(std::vector<int> created) {
    sqlite3* db = writer->db;
    auto mx = writer->Get(kSqlPendingIssued);
    if (!mx.ok()) return mx.status();
    bool row;
    if (Status s = StepRow(*mx, db, "index_pending", &row); !s.ok()) return s;
    const int64_t issued = row ? (*mx)->Int(0) : 0;
    (*mx)->Reset();
    // A shard out of step with this file is built again: it holds entries
    // past the last one given (this file lost its last commits: a power
    // loss, or a copy restored alone), or it lacks entries deleted from
    // index_pending already (the shard lost its last commits, or was
    // restored alone).
    for (int k = 1; k <= shard_count; ++k) {
      if (std::find(created.begin(), created.end(), k) != created.end()) continue;
      auto st = writer->Get(kSqlMetaGet);
      if (!st.ok()) return st.status();
      (*st)->Bind(1, "index_pruned_" + std::to_string(k));
      if (Status s = StepRow(*st, db, "meta", &row); !s.ok()) return s;
      const int64_t pruned_to = row ? std::atoll((*st)->Text(0).c_str()) : 0;
      (*st)->Reset();
      const int64_t applied = shards->Applied(k);
      if (applied > issued || applied < pruned_to) {
        if (Status s = shards->Reset(k); !s.ok()) return s;
        created.push_back(k);
      }
    }
    for (int k = 1; k <= shard_count; ++k) {
      std::vector<archive::IndexOp> ops;
      if (std::find(created.begin(), created.end(), k) != created.end()) {
        for (int64_t last = 0;;) {
          auto st = writer->Get(kSqlShardArticles);
          if (!st.ok()) return st.status();
          (*st)->Bind(1, shard_from);
          (*st)->Bind(2, static_cast<int64_t>(shard_count));
          (*st)->Bind(3, static_cast<int64_t>(k - 1));
          (*st)->Bind(4, last);
          ops.clear();
          while (true) {
            if (Status s = StepRow(*st, db, "rebuild index shard", &row); !s.ok()) return s;
            if (!row) break;
            archive::IndexOp op;
            op.shard = k;
            last = (*st)->Int(0);
            op.tkey = (*st)->Int(1);
            for (int c = 0; c < 3; ++c) op.texts[c] = (*st)->Text(2 + c);
            ops.push_back(std::move(op));
          }
          (*st)->Reset();
          if (ops.empty()) break;
          if (Status s = shards->ApplyNow(k, ops, shards->Applied(k)); !s.ok()) return s;
        }
        if (Status s = shards->MarkRebuilt(k, issued); !s.ok()) return s;
        continue;
      }
      auto st = writer->Get(kSqlPendingOf);
      if (!st.ok()) return st.status();
      (*st)->Bind(1, static_cast<int64_t>(k));
      (*st)->Bind(2, shards->Applied(k));
      struct Pending {
        int64_t seq, op, id, version, tkey;
      };
      std::vector<Pending> todo;
      while (true) {
        if (Status s = StepRow(*st, db, "index_pending", &row); !s.ok()) return s;
        if (!row) break;
        todo.push_back({(*st)->Int(0), (*st)->Int(1), (*st)->Int(2), (*st)->Int(3), (*st)->Int(4)});
      }
      (*st)->Reset();
      // In chunks: after a long run with a failed shard the texts would not
      // all fit in memory.
      for (size_t i = 0; i < todo.size(); ++i) {
        const Pending& p = todo[i];
        auto text = TextOf(p.id, p.version);
        if (!text.ok()) return text.status();
        archive::IndexOp op;
        op.seq = p.seq;
        op.shard = k;
        op.insert = p.op == 1;
        op.tkey = p.tkey;
        op.texts = std::move(text).value();
        ops.push_back(std::move(op));
        if (ops.size() == 2000 || i + 1 == todo.size()) {
          if (Status s = shards->ApplyNow(k, ops, ops.back().seq); !s.ok()) return s;
          ops.clear();
        }
      }
    }
    // The deletes and their watermarks in one transaction.
    return archive::InTransaction(db, "index_pending", [&] { return Prune(); });
  }

  // Deletes the index_pending entries every shard holds.
  Status Prune() {
    pruned.resize(static_cast<size_t>(shard_count), 0);
    for (int k = 1; k <= shard_count; ++k) {
      const int64_t applied = shards->Applied(k);
      if (applied <= pruned[k - 1]) continue;
      auto st = writer->Get(kSqlPendingPrune);
      if (!st.ok()) return st.status();
      (*st)->Bind(1, static_cast<int64_t>(k));
      (*st)->Bind(2, applied);
      if (Status s = (*st)->Exec("index_pending"); !s.ok()) return s;
      auto mark = writer->Get(kSqlMetaPut);
      if (!mark.ok()) return mark.status();
      (*mark)->Bind(1, "index_pruned_" + std::to_string(k));
      (*mark)->Bind(2, std::to_string(applied));
      if (Status s = (*mark)->Exec("index_pending"); !s.ok()) return s;
      pruned[k - 1] = applied;
    }
    return Status::Ok();
  }

  // Records a shard write in index_pending (this transaction) and keeps it
  // for the shard's thread, which gets it once the transaction commits.
  Status Stage(archive::IndexOp op, int64_t article_id, int64_t version) {
    auto st = writer->Get(kSqlPendingPut);
    if (!st.ok()) return st.status();
    (*st)->Bind(1, static_cast<int64_t>(op.shard));
    (*st)->Bind(2, static_cast<int64_t>(op.insert ? 1 : 0));
    (*st)->Bind(3, article_id);
    (*st)->Bind(4, version);
    (*st)->Bind(5, op.tkey);
    if (Status s = (*st)->Exec("index_pending"); !s.ok()) return s;
    op.seq = static_cast<int64_t>(sqlite3_last_insert_rowid(writer->db));
    staged.push_back(std::move(op));
    return Status::Ok();
  }

  // One write to articles_fts.
  Status WriteMainIndex(const archive::IndexOp& op) {
    auto st = writer->Get(op.insert ? kSqlFtsInsert : kSqlFtsDelete);
    if (!st.ok()) return st.status();
    (*st)->Bind(1, op.tkey);
    for (int c = 0; c < 3; ++c) (*st)->BindStatic(2 + c, op.texts[c]);
    return (*st)->Exec(op.insert ? "index article" : "unindex old version");
  }

  // An index write of version `version` of article `article_id`: to its
  // shard (Stage), or to articles_fts — at CommitBatch inside a batch
  // (ApplyMainIndex: in time-key order), else now.
  Status IndexWrite(archive::IndexOp op, int64_t article_id, int64_t version) {
    if (op.shard > 0) return Stage(std::move(op), article_id, version);
    if (in_batch && !shared_writer) {
      main_staged.push_back(std::move(op));
      return Status::Ok();
    }
    return WriteMainIndex(op);
  }

  // Writes a batch's articles_fts changes in time-key order (InKeyOrder).
  // REQUIRES: the batch's transaction is open.
  Status ApplyMainIndex() {
    std::vector<archive::IndexOp> ops;
    ops.swap(main_staged);
    for (const archive::IndexOp* op : archive::InKeyOrder(ops))
      if (Status s = WriteMainIndex(*op); !s.ok()) return s;
    return Status::Ok();
  }

  // After COMMIT (ok) or ROLLBACK: the staged shard writes go to the shards'
  // threads, or are dropped with the transaction.
  Status EndTransaction(bool committed) {
    main_staged.clear();
    ForgetTransaction(!committed);
    if (!shards) return Status::Ok();
    if (committed) shards->Dispatch(std::move(staged));
    staged.clear();
    return committed ? shards->Error() : Status::Ok();
  }
};

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::~Archive() = default;

Result<std::unique_ptr<Archive>> Archive::Open(const std::string& path,
                                               const ArchiveOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  impl->shared_writer = path.empty() || path == ":memory:";
  if (options.read_only && impl->shared_writer)
    return Status::InvalidArgument("an in-memory archive cannot be read-only");
  if (options.read_only) {
    auto r = impl->Read();
    if (!r.ok()) return r.status();
    auto st = (*r)->conn()->Get(kSqlSchemaVersion);
    if (!st.ok()) return Status::Corruption(path + ": not a khabar archive (" + st.status().message() + ")");
    // This first connection was made before the shards were known.
    if (Status s = impl->LoadShardMeta((*r)->conn()); !s.ok()) return s;
    if (Status s = impl->PrepareReader((*r)->conn()); !s.ok()) return s;
    r->reset();
    return std::unique_ptr<Archive>(new Archive(std::move(impl)));
  }
  auto w = OpenConn(path, options, false, options.writer_cache_size_kib);
  if (!w.ok()) return w.status();
  impl->writer = std::move(w).value();
  sqlite3* db = impl->writer->db;
  // Schema: create, check or migrate.
  auto has_meta = impl->writer->Get(kSqlHasMeta);
  if (!has_meta.ok()) return has_meta.status();
  bool row;
  if (Status s = StepRow(*has_meta, db, "schema", &row); !s.ok()) return s;
  bool fresh = row && (*has_meta)->Int(0) == 0;
  (*has_meta)->Reset();
  if (fresh) {
    auto tc = impl->writer->Get(kSqlTableCount);
    if (!tc.ok()) return tc.status();
    if (Status s = StepRow(*tc, db, "schema", &row); !s.ok()) return s;
    if ((*tc)->Int(0) != 0) return Status::Corruption(path + ": not a khabar archive (other tables)");
    (*tc)->Reset();
    std::string script = std::string("BEGIN;") + archive::kSchemaV1 + "COMMIT;";
    if (Status s = ExecScript(db, script.c_str(), "create schema"); !s.ok()) {
      ExecScript(db, "ROLLBACK", "rollback");
      return s;
    }
  }
  auto ver = impl->writer->Get(kSqlSchemaVersion);
  if (!ver.ok()) return ver.status();
  if (Status s = StepRow(*ver, db, "schema version", &row); !s.ok()) return s;
  if (!row) return Status::Corruption(path + ": no schema_version");
  int version = std::atoi((*ver)->Text(0).c_str());
  (*ver)->Reset();
  if (version > kArchiveSchemaVersion)
    return Status::Unimplemented(path + ": schema version " + std::to_string(version) +
                                 " is newer than this build's " +
                                 std::to_string(kArchiveSchemaVersion));
  while (version < kArchiveSchemaVersion) {
    const char* m = archive::kMigrations[version];
    if (!m) return Status::Internal("no migration from schema version " + std::to_string(version));
    std::string script = std::string("BEGIN;") + m + "COMMIT;";
    if (Status s = ExecScript(db, script.c_str(), "migrate"); !s.ok()) return s;
    ++version;
  }
  // FTS5 keeps a transaction's new terms in a hash and writes them out as a
  // segment when the hash passes 'hashsize' (default 1 MB: every 100-200
  // articles, each segment then merged again). 64 MB holds a 2000-article
  // batch: one segment a batch, 9 % less writer CPU (doc/search.md).
  // Stored in articles_fts_config; written only when it differs.
  {
    auto hs = impl->writer->Get(kSqlFtsHashSize);
    if (!hs.ok()) return hs.status();
    if (Status s = StepRow(*hs, db, "fts config", &row); !s.ok()) return s;
    const bool set = row && (*hs)->Int(0) == kFtsHashBytes;
    (*hs)->Reset();
    if (!set) {
      if (Status s = ExecScript(db, kSqlSetFtsHashSize, "fts config"); !s.ok()) return s;
    }
  }
  if (options.index_shards < 0 || options.index_shards > kMaxIndexShards)
    return Status::InvalidArgument("index_shards must be 0.." + std::to_string(kMaxIndexShards));
  if (Status s = impl->LoadShardMeta(impl->writer.get()); !s.ok()) return s;
  if (impl->shard_count == 0 && options.index_shards > 0 && !impl->shared_writer) {
    // From now on new articles are indexed in shards; older ones stay.
    Status s = ExecScript(db, "BEGIN IMMEDIATE", "index shards");
    int64_t from = 1;
    if (s.ok()) {
      auto next = impl->writer->Get(kSqlNextId);
      if (!next.ok()) return next.status();
      s = StepRow(*next, db, "index shards", &row);
      if (s.ok() && row) from = (*next)->Int(0);
      (*next)->Reset();
    }
    for (auto [key, value] : {std::pair<const char*, int64_t>{"index_shards", options.index_shards},
                              std::pair<const char*, int64_t>{"index_shard_from", from}}) {
      if (!s.ok()) break;
      auto set = impl->writer->Get(kSqlMetaSet);
      if (!set.ok()) return set.status();
      (*set)->Bind(1, key);
      (*set)->Bind(2, std::to_string(value));
      s = (*set)->Exec("index shards");
    }
    if (s.ok()) s = ExecScript(db, "COMMIT", "index shards");
    if (!s.ok()) {
      ExecScript(db, "ROLLBACK", "rollback");
      return s;
    }
    impl->shard_count = options.index_shards;
    impl->shard_from = from;
    impl->BuildTables();
  }
  if (impl->shard_count > 0) {
    std::vector<int> created;
    auto sh = archive::IndexShards::Open(path, impl->shard_count, impl->archive_id, fresh,
                                         options.sync_full, &created);
    if (!sh.ok()) return sh.status();
    impl->shards = std::move(sh).value();
    if (Status s = impl->RecoverShards(created); !s.ok()) return s;
  }
  if (!impl->shared_writer) {
    // Checkpoints copy the log into the file: they need no cache.
    auto cp = OpenConn(path, options, false, 256);
    if (!cp.ok()) return cp.status();
    impl->checkpointer = std::move(cp).value();
    Impl* ip = impl.get();
    if (Stmt ps; ps.Prepare(db, "PRAGMA page_size").ok() && ps.Step() == SQLITE_ROW)
      ip->page_size = std::max<int64_t>(512, ps.Int(0));
    sqlite3_wal_hook(db, &Impl::OnWalCommit, ip);
    impl->checkpoint_thread = std::thread([ip] {
      pthread_setname_np(pthread_self(), "khabar-ckpt");
      ip->CheckpointLoop();
    });
  }
  if (impl->shared_writer) {
    Status s = ExecScript(db,
                          "CREATE VIRTUAL TABLE IF NOT EXISTS temp.khabar_vocab USING "
                          "fts5vocab(main, 'articles_fts', 'row')",
                          "vocab");
    if (!s.ok()) return s;
  }
  return std::unique_ptr<Archive>(new Archive(std::move(impl)));
}

Status Archive::BeginBatch() {
  if (!impl_->writer) return Status::InvalidArgument("archive is read-only");
  std::lock_guard<std::mutex> g(impl_->writer_mu);
  if (impl_->in_batch) return Status::InvalidArgument("a batch is already open");
  if (Status s = impl_->Simple(kSqlBegin, "begin"); !s.ok()) return s;
  impl_->in_batch = true;
  if (impl_->shards) {
    if (Status s = impl_->Prune(); !s.ok()) {
      impl_->in_batch = false;
      impl_->Simple(kSqlRollback, "rollback");
      impl_->EndTransaction(false);
      return s;
    }
  }
  return Status::Ok();
}

Status Archive::CommitBatch() {
  if (!impl_->writer) return Status::InvalidArgument("archive is read-only");
  std::lock_guard<std::mutex> g(impl_->writer_mu);
  if (!impl_->in_batch) return Status::InvalidArgument("no batch is open");
  impl_->in_batch = false;
  Status s = impl_->ApplyMainIndex();
  if (s.ok()) s = impl_->Simple(kSqlCommit, "commit");
  if (!s.ok()) impl_->Simple(kSqlRollback, "rollback");
  Status ix = impl_->EndTransaction(s.ok());
  return s.ok() ? ix : s;
}

Status Archive::Flush() {
  if (!impl_->shards) return Status::Ok();
  return impl_->shards->Wait();
}

Status Archive::BeginBulk() {
  if (!impl_->writer) return Status::InvalidArgument("archive is read-only");
  if (!impl_->shards) return Status::Ok();
  return impl_->shards->BeginBulk();
}

Status Archive::EndBulk(bool merge) {
  if (!impl_->writer) return Status::InvalidArgument("archive is read-only");
  if (!impl_->shards) return Status::Ok();
  return impl_->shards->EndBulk(merge);
}

Result<int64_t> Archive::Put(const Article& a, std::string_view site, int64_t fetched_unix) {
  PageInfo p;
  p.url = a.url;
  p.fetched_unix = fetched_unix;
  auto r = PutPage(a, site, std::move(p));
  if (!r.ok()) return r.status();
  return r->id;
}

Result<PutResult> Archive::PutPage(const Article& a, std::string_view site, PageInfo page) {
  if (!impl_->writer) return Status::InvalidArgument("archive is read-only");
  std::lock_guard<std::mutex> g(impl_->writer_mu);
  if (impl_->in_batch) {
    auto r = impl_->PutLocked(a, site, page);
    if (!r.ok() && sqlite3_get_autocommit(impl_->writer->db)) {
      // SQLite rolled the whole batch back (a full disk, an I/O error): so
      // are its index writes; what follows is not in a batch any more.
      impl_->in_batch = false;
      impl_->EndTransaction(false);
      return Status(r.status().code(), r.status().message() + " (the batch was rolled back)");
    }
    return r;
  }
  if (Status s = impl_->Simple(kSqlBegin, "begin"); !s.ok()) return s;
  Status pr = impl_->shards ? impl_->Prune() : Status::Ok();
  auto r = pr.ok() ? impl_->PutLocked(a, site, page) : Result<PutResult>(pr);
  if (!r.ok()) {
    impl_->Simple(kSqlRollback, "rollback");
    impl_->EndTransaction(false);
    return r;
  }
  if (Status s = impl_->Simple(kSqlCommit, "commit"); !s.ok()) {
    impl_->Simple(kSqlRollback, "rollback");
    impl_->EndTransaction(false);
    return s;
  }
  if (Status s = impl_->EndTransaction(true); !s.ok()) return s;
  return r;
}

Result<PutResult> Archive::Impl::PutLocked(const Article& a, std::string_view site_in,
                                           PageInfo& page) {
  sqlite3* db = writer->db;
  std::string site(site_in);
  if (site.empty()) site = HostOf(a.canonical_url.empty() ? a.url : a.canonical_url);
  if (site.empty()) site = HostOf(page.url);
  if (site.empty()) site = a.site_name;
  // Without a site a news code says nothing (two sites' «کد خبر ۱۰۱» are two
  // articles): such an article is keyed by URL or content instead, and filed
  // under a site named «نامشخص» ("not given"), which the news site shows as is.
  const bool site_known = !site.empty();
  if (site.empty()) site = "نامشخص";
  // xxh3-64 of title "\n" lead "\n" text_content (or each paragraph and
  // "\n\n"), hashed in pieces: the same value, without a copy of the text.
  // (The state from the library, not on the stack: its layout is the
  // library's own, outside xxhash's stable API.)
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> hash_state(XXH3_createState(),
                                                                      &XXH3_freeState);
  if (!hash_state) return Status::ResourceExhausted("out of memory (text hash)");
  XXH3_64bits_reset(hash_state.get());
  auto hash_add = [&](std::string_view piece) {
    XXH3_64bits_update(hash_state.get(), piece.data(), piece.size());
  };
  hash_add(a.title);
  hash_add("\n");
  hash_add(a.lead);
  hash_add("\n");
  hash_add(a.text_content);
  if (a.text_content.empty()) {
    for (const auto& p : a.body) {
      hash_add(p);
      hash_add("\n\n");
    }
  }
  std::string text_hash = Hex64(XXH3_64bits_digest(hash_state.get()));
  std::string key;
  if (!a.news_id.empty() && site_known) {
    key = "id:" + site + ":" + FoldForMatch(a.news_id);
  } else if (!a.canonical_url.empty()) {
    key = "url:" + a.canonical_url;
  } else if (!a.url.empty()) {
    key = "url:" + a.url;
  } else {
    key = "hash:" + text_hash;
  }
  auto site_id = IdFor(kSqlSiteGet, kSqlSitePut, site);
  if (!site_id.ok()) return site_id.status();
  int64_t source_id = 0;
  if (!a.source.agency.empty()) {
    auto sid = IdFor(kSqlSourceGet, kSqlSourcePut, a.source.agency);
    if (!sid.ok()) return sid.status();
    source_id = *sid;
  }
  auto find = writer->Get(kSqlFindKey);
  if (!find.ok()) return find.status();
  (*find)->Bind(1, key);
  bool row;
  if (Status s = StepRow(*find, db, "find", &row); !s.ok()) return s;
  PutResult res;
  const char* sql = kSqlInsert;
  if (row) {
    res.id = (*find)->Int(0);
    res.version = static_cast<int>((*find)->Int(1));
    std::string old_hash = (*find)->Text(2);
    (*find)->Reset();
    if (old_hash == text_hash) {
      res.kind = PutKind::kUnchanged;
    } else {
      auto cur = writer->Get(kSqlCurrentRow);
      if (!cur.ok()) return cur.status();
      (*cur)->Bind(1, res.id);
      if (Status e = StepRow(*cur, db, "old version", &row); !e.ok()) return e;
      if (!row) return Status::Internal("article " + std::to_string(res.id) + " vanished");
      auto old = RowArticle(*cur, 0, 1, 2, 3, 4);
      if (!old.ok()) {
        (*cur)->Reset();
        return Status::Corruption("article " + std::to_string(res.id) + ": " + old.status().message());
      }
      const int64_t old_version = (*cur)->Int(5), old_fetched = (*cur)->Int(7);
      const std::string old_text_hash = (*cur)->Text(6);
      (*cur)->Reset();
      auto arch = writer->Get(kSqlArchiveVersion);
      if (!arch.ok()) return arch.status();
      (*arch)->Bind(1, res.id);
      (*arch)->Bind(2, old_version);
      (*arch)->Bind(3, old_text_hash);
      (*arch)->Bind(4, old_fetched);
      (*arch)->Bind(5, old->ToJson());
      if (Status s = (*arch)->Exec("keep old version"); !s.ok()) return s;
      res.kind = PutKind::kNewVersion;
      res.version += 1;
      sql = kSqlUpdate;
    }
  } else {
    (*find)->Reset();
  }
  if (res.kind != PutKind::kUnchanged) {
    // The body as stored and indexed (terms.h: ArticleBodyText), copied only
    // when it has to be joined from paragraphs.
    std::string joined_body;
    if (a.text_content.empty()) joined_body = archive::ArticleBodyText(a);
    const std::string& body = a.text_content.empty() ? joined_body : a.text_content;
    // Set below for a new article (its id is not known yet).
    int shard = archive::ShardOf(res.id, shard_count, shard_from);
    if (sql == kSqlInsert) {
      if (next_id == 0) {
        auto next = writer->Get(kSqlNextId);
        if (!next.ok()) return next.status();
        if (Status e = StepRow(*next, db, "next id", &row); !e.ok()) return e;
        next_id = (*next)->Int(0);
        (*next)->Reset();
      }
      res.id = next_id++;
      shard = archive::ShardOf(res.id, shard_count, shard_from);
    } else {
      // The index forgets the old text (FTS5 needs the values it indexed).
      auto old = writer->Get(kSqlOldText);
      if (!old.ok()) return old.status();
      (*old)->Bind(1, res.id);
      if (Status e = StepRow(*old, db, "old text", &row); !e.ok()) return e;
      if (!row) return Status::Internal("article " + std::to_string(res.id) + " vanished");
      archive::IndexOp op;
      op.shard = shard;
      op.insert = false;
      op.tkey = (*old)->Int(3);
      for (int c = 0; c < 3; ++c) op.texts[c] = (*old)->Text(c);
      (*old)->Reset();
      if (Status e = IndexWrite(std::move(op), res.id, res.version - 1); !e.ok()) return e;
    }
    const int64_t tkey = TimeKey(a.published.present, a.published.unix_seconds, res.id);
    auto st = writer->Get(sql);
    if (!st.ok()) return st.status();
    Stmt* s = *st;
    if (sql == kSqlInsert) {
      s->Bind(1, key);
      s->Bind(18, res.id);
    } else {
      s->Bind(1, res.id);
    }
    s->Bind(2, *site_id);
    if (source_id) s->Bind(3, source_id); else s->BindNull(3);
    s->Bind(4, res.version);
    s->Bind(5, text_hash);
    // The long texts outlive the statement's step: bound without a copy.
    s->BindStatic(6, a.title);
    s->BindStatic(7, a.lead);
    s->BindStatic(8, body);
    s->Bind(9, a.category);
    s->Bind(10, a.news_id);
    s->Bind(11, a.url.empty() ? page.url : a.url);
    s->Bind(12, a.canonical_url);
    if (a.published.present) s->Bind(13, a.published.unix_seconds); else s->BindNull(13);
    s->Bind(14, a.published.iso.empty() ? a.published.gregorian : a.published.iso);
    s->Bind(15, a.published.jalali);
    s->Bind(16, page.fetched_unix);
    // The text once: the JSON leaves title, lead and text_content to the
    // columns (a.ToJson() given by a caller holds them too: harmless).
    int omits = a.text_content.empty() ? 1 : 2;
    std::string json;
    if (page.article_json.empty()) {
      Article copy = a;
      json = archive::StoredArticleJson(&copy, &omits);
    }
    s->BindStatic(17, page.article_json.empty() ? json : page.article_json);
    s->Bind(19, tkey);
    s->Bind(20, omits);
    if (Status e = s->Exec("store article"); !e.ok()) return e;
    // The index: the terms the caller computed ahead (ingest's workers),
    // else computed here; the text itself if it has no stream (terms.h).
    const std::string* texts[3] = {&a.title, &a.lead, &body};
    const bool ahead = page.term_streams.size() == 3;
    archive::IndexOp op;
    op.shard = shard;
    op.tkey = tkey;
    for (int c = 0; c < 3; ++c) {
      op.texts[c] = ahead ? std::move(page.term_streams[c]) : archive::TermStream(*texts[c]);
      if (op.texts[c].empty()) op.texts[c] = *texts[c];
    }
    if (Status e = IndexWrite(std::move(op), res.id, res.version); !e.ok()) return e;
  }
  std::string purl = page.url.empty() ? (a.url.empty() ? a.canonical_url : a.url) : page.url;
  if (!purl.empty() || !page.content_hash.empty()) {
    auto pg = writer->Get(kSqlPagePut);
    if (!pg.ok()) return pg.status();
    (*pg)->Bind(1, purl);
    (*pg)->Bind(2, page.content_hash.empty() ? text_hash : page.content_hash);
    (*pg)->Bind(3, page.fetched_unix);
    (*pg)->Bind(4, page.bytes);
    (*pg)->Bind(5, res.id);
    if (Status e = (*pg)->Exec("store page"); !e.ok()) return e;
  }
  return res;
}

int Archive::IndexShardCount() const { return impl_->shard_count; }

Result<bool> Archive::HasPage(std::string_view url, std::string_view content_hash) const {
  auto lease = impl_->Read();
  if (!lease.ok()) return lease.status();
  auto st = (*lease)->conn()->Get(kSqlHasPage);
  if (!st.ok()) return st.status();
  (*st)->Bind(1, url);
  (*st)->Bind(2, content_hash);
  bool row;
  if (Status s = StepRow(*st, (*lease)->conn()->db, "page", &row); !s.ok()) return s;
  (*st)->Reset();
  return row;
}

Status Archive::LogIngest(std::string_view input, std::string_view level, std::string_view message) {
  if (!impl_->writer) return Status::InvalidArgument("archive is read-only");
  std::lock_guard<std::mutex> g(impl_->writer_mu);
  auto st = impl_->writer->Get(kSqlLog);
  if (!st.ok()) return st.status();
  (*st)->Bind(1, static_cast<int64_t>(std::time(nullptr)));
  (*st)->Bind(2, input);
  (*st)->Bind(3, level);
  (*st)->Bind(4, message);
  return (*st)->Exec("log");
}

Result<StoredArticle> Archive::Get(int64_t id) const {
  auto lease = impl_->Read();
  if (!lease.ok()) return lease.status();
  Conn* c = (*lease)->conn();
  auto st = c->Get(kSqlGet);
  if (!st.ok()) return st.status();
  (*st)->Bind(1, id);
  bool row;
  if (Status s = StepRow(*st, c->db, "get", &row); !s.ok()) return s;
  if (!row) return Status::NotFound("no article with id " + std::to_string(id));
  auto a = RowArticle(*st, 0, 4, 5, 6, 7);
  if (!a.ok()) {
    (*st)->Reset();
    return Status::Corruption("article " + std::to_string(id) + ": " + a.status().message());
  }
  StoredArticle out;
  out.id = id;
  out.article = std::move(a).value();
  out.site = (*st)->Text(1);
  out.fetched_unix = (*st)->Int(2);
  out.version = static_cast<int>((*st)->Int(3));
  (*st)->Reset();
  return out;
}

Result<std::vector<StoredArticle>> Archive::Versions(int64_t id) const {
  auto cur = Get(id);
  if (!cur.ok()) return cur.status();
  auto lease = impl_->Read();
  if (!lease.ok()) return lease.status();
  Conn* c = (*lease)->conn();
  auto st = c->Get(kSqlVersions);
  if (!st.ok()) return st.status();
  (*st)->Bind(1, id);
  std::vector<StoredArticle> out;
  while (true) {
    bool row;
    if (Status s = StepRow(*st, c->db, "versions", &row); !s.ok()) return s;
    if (!row) break;
    auto a = Article::FromJson((*st)->Text(0));
    if (!a.ok()) {
      (*st)->Reset();
      return Status::Corruption("article version: " + a.status().message());
    }
    StoredArticle v;
    v.id = id;
    v.article = std::move(a).value();
    v.site = cur->site;
    v.fetched_unix = (*st)->Int(1);
    v.version = static_cast<int>((*st)->Int(2));
    out.push_back(std::move(v));
  }
  (*st)->Reset();
  out.push_back(std::move(cur).value());
  return out;
}

Result<SearchResult> Archive::Search(const SearchQuery& q) const {
  if (q.limit < 1 || q.limit > 100) return Status::InvalidArgument("limit must be 1..100");
  if (q.text.size() > impl_->options.max_query_bytes)  // before any database work
    return archive::ParseQuery(q.text, q.stem, impl_->options.max_query_bytes).status();
  int64_t offset = 0;
  if (!q.cursor.empty()) {
    if (q.cursor[0] != 'o' || q.cursor.size() > 8 ||
        q.cursor.find_first_not_of("0123456789", 1) != std::string::npos || q.cursor.size() < 2)
      return Status::InvalidArgument("bad cursor «" + q.cursor + "»");
    offset = std::atoll(q.cursor.c_str() + 1);
    if (offset > kMaxOffset) return Status::InvalidArgument("cursor past the last page allowed");
  }
  bool has_from = false, has_to = false;
  int64_t from = 0, to = 0;
  std::string from_expr = q.from_jalali, to_expr = q.to_jalali;
  if (size_t dots = from_expr.find(".."); dots != std::string::npos && to_expr.empty()) {
    to_expr = from_expr.substr(dots + 2);
    from_expr.resize(dots);
  }
  if (!from_expr.empty()) {
    auto r = archive::JalaliPeriod(from_expr);
    if (!r.ok()) return r.status();
    has_from = true;
    from = r->begin;
  }
  if (!to_expr.empty()) {
    auto r = archive::JalaliPeriod(to_expr);
    if (!r.ok()) return r.status();
    has_to = true;
    to = r->end;
  }
  // Every article this object committed is searchable (index shards write
  // on their own threads). A shard's failure is CommitBatch's and Flush's
  // to report: the search reads what the index holds.
  if (impl_->shards) impl_->shards->Wait();
  auto lease = impl_->Read();
  if (!lease.ok()) return lease.status();
  Conn* c = (*lease)->conn();
  // One read transaction: the prefix expansion and the queries see the same
  // index. (Not inside the writer's open batch: FTS5's pending terms are not
  // in the segments ExpandPrefix reads, so there FTS5 runs the prefix itself.)
  const bool own_txn = sqlite3_get_autocommit(c->db) != 0;
  if (own_txn) {
    if (Status s = ExecScript(c->db, "BEGIN", "search"); !s.ok()) return s;
  }
  struct EndTxn {
    sqlite3* db;
    bool on;
    ~EndTxn() {
      if (on) ExecScript(db, "COMMIT", "search");
    }
  } end_txn{c->db, own_txn};
  archive::PrefixExpander expand;
  if (own_txn && impl_->options.max_prefix_terms > 0) {
    expand = [&](const std::string& prefix, bool* capped) -> Result<std::vector<std::string>> {
      std::vector<std::string> names;
      for (const auto& t : impl_->tables) names.push_back(t.name);
      auto r = archive::ExpandPrefix(c->db, names, prefix,
                                     static_cast<size_t>(impl_->options.max_prefix_terms));
      if (!r.ok()) return r.status();
      *capped = r->capped;
      return std::move(r->terms);
    };
  }
  auto parsed = archive::ParseQuery(q.text, q.stem, impl_->options.max_query_bytes, expand);
  if (!parsed.ok()) return parsed.status();
  int64_t lo = INT64_MIN, hi = INT64_MAX;  // the date filter as time-key bounds
  if (has_from) lo = TimeKeyOfTime(from);
  else if (has_to) lo = TimeKeyOfTime(-kTimeKeyMaxAbs);  // a bound excludes unknown times
  if (has_to) hi = TimeKeyOfTime(to);
  auto fts_error = [&](const Status& e) {
    if (e.message().find("fts5") != std::string::npos || e.message().find("syntax") != std::string::npos)
      return Status::InvalidArgument("query «" + q.text + "»: " + e.message());
    return e;
  };
  // Is the query selective? Count its matches in the date range, stopping
  // past rank_max_matches: O(min(matches, rank_max_matches)) index steps.
  // (fts5vocab's document counts read a term's whole posting list: 5-50 ms
  // for a common word at 1M articles, and seconds for a prefix.)
  // A prefix cut to max_prefix_terms is common by definition (ranking a
  // truncated OR would mean little): no probe, newest first. The probe would
  // open every term's iterators once more (0.06 ms a term at 1M articles).
  // With index shards: the sum of the shards' counts, each stopping past
  // rank_max_matches.
  int64_t estimate = parsed->prefix_capped ? INT64_MAX : 0;
  for (size_t t = 0; !parsed->prefix_capped && t < impl_->tables.size(); ++t) {
    auto st = c->Get(impl_->tables[t].probe.c_str());
    if (!st.ok()) return st.status();
    (*st)->Bind(1, parsed->match);
    (*st)->Bind(2, lo);
    (*st)->Bind(3, hi);
    (*st)->Bind(4, impl_->options.rank_max_matches + 1);
    bool row;
    if (Status e = StepRow(*st, c->db, "search", &row); !e.ok()) {
      (*st)->Reset();
      return fts_error(e);
    }
    estimate += row ? (*st)->Int(0) : 0;
    (*st)->Reset();
  }
  SearchResult out;
  out.ranked = estimate <= impl_->options.rank_max_matches;
  out.prefix_capped = parsed->prefix_capped;
  const bool filtered = !q.source.empty() || !q.category.empty();
  const bool by_time = !out.ranked || q.sort == SearchQuery::Sort::kTime;
  // 1. Candidates: (time key, score), at most limit + 1. With several
  // indexes (shards), each gives its best offset + limit + 1 and they are
  // merged here; a shard's BM25 uses its own statistics (the shards split
  // the articles evenly by id, so they are alike).
  const bool merged = impl_->tables.size() > 1;
  const bool shard_snippets = impl_->shard_count > 0;
  std::vector<std::pair<int64_t, double>> cands;
  std::vector<std::string> cand_snippets;  // by_time: each candidate's snippet
  struct Cand {
    int64_t tkey;
    double score;
    std::string snippet;
  };
  std::vector<Cand> all;
  for (const auto& table : impl_->tables) {
    const std::string& sql = by_time ? (filtered ? table.time_filtered : table.time)
                                     : (filtered ? table.rank_filtered : table.rank);
    auto st = c->Get(sql.c_str());
    if (!st.ok()) return st.status();
    Stmt* s = *st;
    s->Bind(1, parsed->match);
    s->Bind(2, impl_->options.weight_title);
    s->Bind(3, impl_->options.weight_lead);
    s->Bind(4, impl_->options.weight_body);
    s->Bind(5, lo);
    s->Bind(6, hi);
    s->BindOrNull(7, q.source);
    s->BindOrNull(8, q.category);
    s->Bind(9, merged ? offset + q.limit + 1 : q.limit + 1);
    s->Bind(10, merged ? 0 : offset);
    if (by_time) {
      s->Bind(11, kMarkOpen);
      s->Bind(12, kMarkClose);
    }
    while (true) {
      bool row;
      if (Status e = StepRow(s, c->db, "search", &row); !e.ok()) {
        s->Reset();
        return fts_error(e);
      }
      if (!row) break;
      all.push_back({s->Int(0), by_time ? 0.0 : s->Double(1),
                     by_time && !shard_snippets ? s->Text(2) : std::string()});
    }
    s->Reset();
  }
  if (merged) {
    // The order each index's query has: score, then newest; or newest.
    std::sort(all.begin(), all.end(), [&](const Cand& x, const Cand& y) {
      if (!by_time && x.score != y.score) return x.score > y.score;
      return x.tkey > y.tkey;
    });
    all.erase(all.begin(),
              all.begin() + std::min<ptrdiff_t>(offset, static_cast<ptrdiff_t>(all.size())));
    if (all.size() > static_cast<size_t>(q.limit) + 1) all.resize(static_cast<size_t>(q.limit) + 1);
  }
  for (Cand& x : all) {
    cands.emplace_back(x.tkey, x.score);
    cand_snippets.push_back(std::move(x.snippet));
  }
  if (static_cast<int>(cands.size()) > q.limit) {
    cands.resize(q.limit);
    out.next_cursor = "o" + std::to_string(offset + q.limit);
  }
  // 2. The hits: row of each candidate, then the snippets of all in one pass.
  std::unordered_map<int64_t, size_t> hit_of;  // time key → index in out.hits
  std::string keys = "[";
  int64_t kmin = INT64_MAX, kmax = INT64_MIN;
  for (size_t ci = 0; ci < cands.size(); ++ci) {
    const auto& [tkey, score] = cands[ci];
    auto row_st = c->Get(kSqlHitRow);
    if (!row_st.ok()) return row_st.status();
    Stmt* r = *row_st;
    r->Bind(1, tkey);
    bool row;
    if (Status e = StepRow(r, c->db, "hit", &row); !e.ok()) return e;
    if (!row) {  // written after the candidates were read: skip
      r->Reset();
      continue;
    }
    SearchHit h;
    h.id = r->Int(0);
    h.title = r->Text(1);
    h.source = r->Text(2);
    h.published_iso = r->Text(3);
    h.published_jalali = r->Text(4);
    h.score = score;
    r->Reset();
    if (by_time && !shard_snippets) h.snippet_html = SnippetHtml(cand_snippets[ci]);
    hit_of[tkey] = out.hits.size();
    keys += (keys.size() > 1 ? "," : "") + std::to_string(tkey);
    kmin = std::min(kmin, tkey);
    kmax = std::max(kmax, tkey);
    out.hits.push_back(std::move(h));
  }
  if (!out.hits.empty() && shard_snippets) {
    // The hits' texts indexed in the connection's temporary table.
    Status e = Status::Ok();
    {
      auto fill = c->Get(kSqlSnipFill);
      if (!fill.ok()) return fill.status();
      (*fill)->Bind(1, keys + "]");
      e = (*fill)->Exec("snippet");
    }
    auto sn_st = c->Get(kSqlSnipGet);
    if (e.ok() && !sn_st.ok()) e = sn_st.status();
    if (e.ok()) {
      Stmt* sn = *sn_st;
      sn->Bind(1, parsed->match);
      sn->Bind(2, kMarkOpen);
      sn->Bind(3, kMarkClose);
      while (e.ok()) {
        bool row;
        e = StepRow(sn, c->db, "snippet", &row);
        if (!e.ok() || !row) break;
        auto it = hit_of.find(sn->Int(0));
        if (it != hit_of.end()) out.hits[it->second].snippet_html = SnippetHtml(sn->Text(1));
      }
      sn->Reset();
    }
    Status cleared = ExecScript(c->db, kSqlSnipClear, "snippet");
    if (!e.ok()) return fts_error(e);
    if (!cleared.ok()) return cleared;
  } else if (!out.hits.empty() && !by_time) {
    auto sn_st = c->Get(kSqlHitSnippets);
    if (!sn_st.ok()) return sn_st.status();
    Stmt* sn = *sn_st;
    sn->Bind(1, parsed->match);
    sn->Bind(2, kMarkOpen);
    sn->Bind(3, kMarkClose);
    sn->Bind(4, kmin);
    sn->Bind(5, kmax);
    sn->Bind(6, keys + "]");
    while (true) {
      bool row;
      if (Status e = StepRow(sn, c->db, "snippet", &row); !e.ok()) {
        sn->Reset();
        return fts_error(e);
      }
      if (!row) break;
      auto it = hit_of.find(sn->Int(0));
      if (it != hit_of.end()) out.hits[it->second].snippet_html = SnippetHtml(sn->Text(1));
    }
    sn->Reset();
  }
  // Exact when everything fit on this page; else the probe's count: exact up
  // to rank_max_matches, a lower bound (rank_max_matches + 1) above it, so a
  // search never counts all matches.
  if (out.next_cursor.empty()) {
    out.total_estimate = offset + static_cast<int64_t>(out.hits.size());
  } else {
    out.total_estimate = estimate == INT64_MAX ? offset + q.limit + 1 : std::max(estimate, offset + q.limit + 1);
  }
  return out;
}

Result<std::vector<StoredArticle>> Archive::List(const ListQuery& q, std::string* next_cursor) const {
  if (q.limit < 1 || q.limit > 100) return Status::InvalidArgument("limit must be 1..100");
  if (next_cursor) next_cursor->clear();
  bool has_range = false;
  archive::InstantRange range;
  if (!q.day_jalali.empty() || !q.month_jalali.empty()) {
    auto r = archive::JalaliPeriod(q.day_jalali.empty() ? q.month_jalali : q.day_jalali);
    if (!r.ok()) return r.status();
    range = *r;
    has_range = true;
  }
  bool has_cursor = false;
  int64_t ct = 0, cid = 0;
  if (!q.cursor.empty()) {
    long long a = 0, b = 0;
    char tail = 0;
    if (std::sscanf(q.cursor.c_str(), "t%lld:%lld%c", &a, &b, &tail) != 2)
      return Status::InvalidArgument("bad cursor «" + q.cursor + "»");
    has_cursor = true;
    ct = a;
    cid = b;
  }
  auto lease = impl_->Read();
  if (!lease.ok()) return lease.status();
  Conn* c = (*lease)->conn();
  auto st = c->Get(kSqlList);
  if (!st.ok()) return st.status();
  Stmt* s = *st;
  s->BindOrNull(1, q.source);
  s->BindOrNull(2, q.category);
  if (has_range) {  // an article in the period has a publish time: its key is in this range
    s->Bind(3, TimeKeyOfTime(range.begin));
    s->Bind(4, TimeKeyOfTime(range.end));
  }
  if (has_cursor) s->Bind(5, TimeKey(ct != kNoTime, ct, cid));
  s->Bind(6, q.limit + 1);
  std::vector<StoredArticle> out;
  int64_t last_t = 0;
  while (true) {
    bool row;
    if (Status e = StepRow(s, c->db, "list", &row); !e.ok()) return e;
    if (!row) break;
    if (static_cast<int>(out.size()) == q.limit) {
      if (next_cursor)
        *next_cursor = "t" + std::to_string(last_t) + ":" + std::to_string(out.back().id);
      break;
    }
    auto a = RowArticle(s, 1, 6, 7, 8, 9);
    if (!a.ok()) {
      s->Reset();
      return Status::Corruption("article: " + a.status().message());
    }
    StoredArticle sa;
    sa.id = s->Int(0);
    sa.article = std::move(a).value();
    sa.site = s->Text(2);
    sa.fetched_unix = s->Int(3);
    sa.version = static_cast<int>(s->Int(4));
    last_t = s->Int(5);
    out.push_back(std::move(sa));
  }
  s->Reset();
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> Archive::Sources() const {
  auto lease = impl_->Read();
  if (!lease.ok()) return lease.status();
  Conn* c = (*lease)->conn();
  auto st = c->Get(kSqlSources);
  if (!st.ok()) return st.status();
  std::vector<std::pair<std::string, int64_t>> out;
  while (true) {
    bool row;
    if (Status e = StepRow(*st, c->db, "sources", &row); !e.ok()) return e;
    if (!row) break;
    out.emplace_back((*st)->Text(0), (*st)->Int(1));
  }
  (*st)->Reset();
  return out;
}

Result<nlohmann::json> Archive::Stats() const {
  auto lease = impl_->Read();
  if (!lease.ok()) return lease.status();
  Conn* c = (*lease)->conn();
  auto st = c->Get(kSqlCounts);
  if (!st.ok()) return st.status();
  bool row;
  if (Status e = StepRow(*st, c->db, "stats", &row); !e.ok()) return e;
  nlohmann::json j;
  j["schema_version"] = kArchiveSchemaVersion;
  j["articles"] = (*st)->Int(0);
  j["versions"] = (*st)->Int(0) + (*st)->Int(1);
  j["pages"] = (*st)->Int(2);
  j["sites"] = (*st)->Int(3);
  j["sources"] = (*st)->Int(4);
  j["ingest_errors"] = (*st)->Int(5);
  j["first_published"] = (*st)->IsNull(6) ? nlohmann::json() : nlohmann::json((*st)->Int(6));
  j["last_published"] = (*st)->IsNull(7) ? nlohmann::json() : nlohmann::json((*st)->Int(7));
  // The main file and its index shards.
  int64_t bytes = (*st)->Int(8);
  (*st)->Reset();
  for (int k = 1; k <= impl_->shard_count; ++k) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(archive::ShardPath(impl_->path, k), ec);
    if (!ec) bytes += static_cast<int64_t>(n);
  }
  j["db_bytes"] = bytes;
  j["index_shards"] = impl_->shard_count;
  return j;
}

}  // namespace khabar
