#include "archive/index_shards.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "archive/fts_tokenizer.h"
#include "archive/sqlite_util.h"

namespace khabar::archive {
namespace {

// A shard gathers writes into transactions of up to kGatherOps, waiting at
// most kGatherMs for them (unless someone waits in Wait): each commit is an
// FTS5 segment that its merges rewrite later, so fewer commits, less work;
// but FTS5's term hash grows with the transaction, and its look-ups miss the
// CPU's cache more: 2048 was fastest (20k articles, 2 shards: 4096 and 1024
// ~5 % slower, 512 ~10 %).
constexpr size_t kGatherOps = 2048;
constexpr auto kGatherTime = std::chrono::milliseconds(1000);
// Dispatch blocks while a shard has this many writes queued (memory: a
// write holds its terms, about 10 kB an article). A transaction takes at
// most kGatherOps of them: a shard that fell behind would otherwise take
// the whole queue, and a larger FTS5 term hash is slower a term, so it would
// fall further behind.
constexpr size_t kMaxQueued = 3 * kGatherOps;

constexpr const char* kShardSchema = R"sql(
CREATE TABLE IF NOT EXISTS shard_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  title, lead, body, content='', tokenize='khabar');
)sql";
// As the main file's index (archive.cc): one segment a batch.
constexpr const char* kSqlShardHashSize =
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 67108864)";
// FTS5's own merge settings, set again when a bulk run ends or was cut
// short.
constexpr int kDefaultAutomerge = 4, kDefaultCrisisMerge = 16;
constexpr const char* kSqlSetMerging =
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', ?1)";
constexpr const char* kSqlSetCrisisMerge =
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('crisismerge', ?1)";
// A row when a bulk run's settings are there (automerge 0, or crisismerge
// ?1 = kBulkCrisisMerge).
constexpr const char* kSqlBulkConfigGet =
    "SELECT 1 FROM articles_fts_config WHERE (k='automerge' AND v=0) OR "
    "(k='crisismerge' AND v=?1)";
// The next segment id after ?1 (the FTS5 table's %_idx holds a row for the
// first leaf of every segment): a skip scan, O(segments × log index).
constexpr const char* kSqlNextSegment =
    "SELECT segid FROM articles_fts_idx WHERE segid > ?1 ORDER BY segid LIMIT 1";
constexpr const char* kSqlShardMetaGet = "SELECT value FROM shard_meta WHERE key=?1";
constexpr const char* kSqlShardMetaPut =
    "INSERT OR REPLACE INTO shard_meta(key, value) VALUES (?1, ?2)";
constexpr const char* kSqlShardInsert =
    "INSERT INTO articles_fts(rowid, title, lead, body) VALUES (?1,?2,?3,?4)";
constexpr const char* kSqlShardDelete =
    "INSERT INTO articles_fts(articles_fts, rowid, title, lead, body) VALUES "
    "('delete',?1,?2,?3,?4)";

// One value of shard_meta, "" when absent.
Result<std::string> MetaGet(sqlite3* db, const char* key) {
  Stmt st;
  if (Status s = st.Prepare(db, kSqlShardMetaGet); !s.ok()) return s;
  st.Bind(1, key);
  int rc = st.Step();
  if (rc == SQLITE_ROW) return st.Text(0);
  if (rc != SQLITE_DONE) return SqlStatus(db, rc, "index shard meta");
  return std::string();
}

// The shard table's FTS5 automerge and crisismerge, in one transaction.
Status SetMerging(sqlite3* db, const std::string& name, int automerge, int crisismerge) {
  return InTransaction(db, name, [&] {
    Stmt am, cm;
    Status r = am.Prepare(db, kSqlSetMerging);
    if (r.ok()) r = cm.Prepare(db, kSqlSetCrisisMerge);
    if (!r.ok()) return r;
    am.Bind(1, automerge);
    cm.Bind(1, crisismerge);
    r = am.Exec(name + ": fts config");
    return r.ok() ? cm.Exec(name + ": fts config") : r;
  });
}

// The number of segments of the shard's FTS5 table.
Result<int> SegmentCount(sqlite3* db) {
  Stmt st;
  if (Status s = st.Prepare(db, kSqlNextSegment); !s.ok()) return s;
  int n = 0;
  int64_t segid = -1;
  while (true) {
    st.Reset();
    st.Bind(1, segid);
    int rc = st.Step();
    if (rc == SQLITE_DONE) return n;
    if (rc != SQLITE_ROW) return SqlStatus(db, rc, "index shard segments");
    segid = st.Int(0);
    ++n;
  }
}

// Pages of the file in use (not on the free list).
Result<int64_t> PagesInUse(sqlite3* db) {
  Stmt count, free;
  if (Status s = count.Prepare(db, "PRAGMA page_count"); !s.ok()) return s;
  if (Status s = free.Prepare(db, "PRAGMA freelist_count"); !s.ok()) return s;
  if (count.Step() != SQLITE_ROW || free.Step() != SQLITE_ROW)
    return SqlStatus(db, sqlite3_errcode(db), "index shard page count");
  return count.Int(0) - free.Int(0);
}

Status MetaPut(sqlite3* db, const char* key, const std::string& value) {
  Stmt st;
  if (Status s = st.Prepare(db, kSqlShardMetaPut); !s.ok()) return s;
  st.Bind(1, key);
  st.Bind(2, value);
  return st.Exec("index shard meta");
}

}  // namespace

std::vector<const IndexOp*> InKeyOrder(const std::vector<IndexOp>& ops) {
  std::vector<const IndexOp*> order;
  order.reserve(ops.size());
  for (const IndexOp& op : ops) order.push_back(&op);
  std::stable_sort(order.begin(), order.end(),
                   [](const IndexOp* a, const IndexOp* b) { return a->tkey < b->tkey; });
  return order;
}

std::string ShardPath(const std::string& archive_path, int k) {
  return archive_path + "-idx" + std::to_string(k);
}

Result<std::unique_ptr<IndexShards>> IndexShards::Open(const std::string& path, int k,
                                                       const std::string& archive_id, bool fresh,
                                                       bool synchronous_full,
                                                       std::vector<int>* created) {
  std::unique_ptr<IndexShards> out(new IndexShards());
  const std::string lock = path + "-idx.lock";
  out->lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (out->lock_fd_ < 0) return Status::IoError(lock + ": " + std::strerror(errno));
  if (::flock(out->lock_fd_, LOCK_EX | LOCK_NB) != 0)
    return Status::IoError(path +
                           ": another writer has this archive open (an archive with index shards "
                           "has one writer at a time)");
  for (int n = 1; n <= k; ++n) {
    auto sh = std::make_unique<Shard>();
    sh->number = n;
    const std::string file = ShardPath(path, n);
    ConfigureSqliteOnce();
    int rc =
        sqlite3_open_v2(file.c_str(), &sh->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    // Owned from here: the destructor closes it on every path.
    Shard* s = sh.get();
    out->shards_.push_back(std::move(sh));
    if (rc != SQLITE_OK) return SqlStatus(s->db, rc, "open index shard " + file);
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    // (The page size before WAL mode: it is fixed when the file is first
    // written; an existing shard keeps its own.)
    std::string pragmas = NewFilePageSizePragma();
    pragmas += "PRAGMA journal_mode=WAL;";
    pragmas += synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
    if (Status st = ExecScript(s->db, pragmas.c_str(), file); !st.ok()) return st;
    if (Status st = RegisterTokenizer(s->db); !st.ok()) return st;
    std::string script = std::string("BEGIN;") + kShardSchema + "COMMIT;";
    if (Status st = ExecScript(s->db, script.c_str(), file + ": schema"); !st.ok()) {
      ExecScript(s->db, "ROLLBACK", "rollback");
      return st;
    }
    auto id = MetaGet(s->db, "archive_id");
    if (!id.ok()) return id.status();
    auto state = MetaGet(s->db, "state");
    if (!state.ok()) return state.status();
    const bool other = !id->empty() && *id != archive_id;
    if (other && !fresh)
      return Status::Corruption(file + ": an index shard of another archive (archive_id " + *id +
                                ", expected " + archive_id + ")");
    if (id->empty() || *state != "ok" || other) {
      // New, a rebuild that never finished, or left by a deleted archive of
      // this name: emptied, to be rebuilt.
      Status st = InTransaction(s->db, file, [&] {
        Status r =
            ExecScript(s->db, "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')", file);
        if (r.ok()) r = MetaPut(s->db, "archive_id", archive_id);
        if (r.ok()) r = MetaPut(s->db, "applied_seq", "0");
        if (r.ok()) r = MetaPut(s->db, "state", "rebuild");
        if (r.ok()) r = ExecScript(s->db, kSqlShardHashSize, file + ": fts config");
        return r;
      });
      if (!st.ok()) return st;
      created->push_back(n);
    }
    // A bulk run that was cut short left merging off (BeginBulk): on again.
    {
      Stmt cfg;
      if (Status st = cfg.Prepare(s->db, kSqlBulkConfigGet); !st.ok()) return st;
      cfg.Bind(1, kBulkCrisisMerge);
      const int rc = cfg.Step();
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlStatus(s->db, rc, file + ": fts config");
      const bool bulk_left = rc == SQLITE_ROW;
      cfg.Reset();
      if (bulk_left) {
        if (Status st = SetMerging(s->db, file, kDefaultAutomerge, kDefaultCrisisMerge); !st.ok())
          return st;
      }
    }
    auto applied = MetaGet(s->db, "applied_seq");
    if (!applied.ok()) return applied.status();
    s->applied = s->dispatched = std::atoll(applied->c_str());
  }
  for (auto& sh : out->shards_) {
    Shard* s = sh.get();
    IndexShards* self = out.get();
    s->thread = std::thread([self, s] {
      // Seen in top -H and perf: "khabar-idx1", ...
      pthread_setname_np(pthread_self(), ("khabar-idx" + std::to_string(s->number)).c_str());
      self->Loop(s);
    });
  }
  return out;
}

IndexShards::~IndexShards() {
  {
    std::lock_guard<std::mutex> g(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (auto& s : shards_) {
    if (s->thread.joinable()) s->thread.join();
    if (s->db) sqlite3_close_v2(s->db);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

int64_t IndexShards::Applied(int s) const {
  std::lock_guard<std::mutex> g(mu_);
  return shards_.at(static_cast<size_t>(s - 1))->applied;
}

Status IndexShards::Apply(Shard* s, const std::vector<IndexOp>& ops, int64_t applied_seq) {
  Status st = InTransaction(s->db, "index shard", [&] {
    Stmt ins, del;
    Status r = ins.Prepare(s->db, kSqlShardInsert);
    if (r.ok()) r = del.Prepare(s->db, kSqlShardDelete);
    for (const IndexOp* op : InKeyOrder(ops)) {
      if (!r.ok()) break;
      Stmt& w = op->insert ? ins : del;
      w.Reset();
      w.Bind(1, op->tkey);
      for (int c = 0; c < 3; ++c) w.BindStatic(2 + c, op->texts[c]);  // they outlive the step
      r = w.Exec(op->insert ? "index article" : "unindex old version");
    }
    if (r.ok()) r = MetaPut(s->db, "applied_seq", std::to_string(applied_seq));
    return r;
  });
  if (!st.ok())
    return Status(st.code(), "index shard " + std::to_string(s->number) + ": " + st.message());
  return Status::Ok();
}

Status IndexShards::Reset(int s) {
  Shard* sh = shards_.at(static_cast<size_t>(s - 1)).get();
  Status st = InTransaction(sh->db, "index shard", [&] {
    Status r = ExecScript(sh->db, "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')",
                          "index shard");
    if (r.ok()) r = MetaPut(sh->db, "applied_seq", "0");
    if (r.ok()) r = MetaPut(sh->db, "state", "rebuild");
    return r;
  });
  if (!st.ok()) return st;
  std::lock_guard<std::mutex> g(mu_);
  sh->applied = sh->dispatched = 0;
  return Status::Ok();
}

Status IndexShards::MarkRebuilt(int s, int64_t applied_seq) {
  Shard* sh = shards_.at(static_cast<size_t>(s - 1)).get();
  Status st = InTransaction(sh->db, "index shard", [&] {
    Status r = MetaPut(sh->db, "applied_seq", std::to_string(applied_seq));
    if (r.ok()) r = MetaPut(sh->db, "state", "ok");
    return r;
  });
  if (!st.ok()) return st;
  std::lock_guard<std::mutex> g(mu_);
  sh->applied = std::max(sh->applied, applied_seq);
  sh->dispatched = std::max(sh->dispatched, sh->applied);
  return Status::Ok();
}

Status IndexShards::ApplyNow(int s, const std::vector<IndexOp>& ops, int64_t applied_seq) {
  Shard* sh = shards_.at(static_cast<size_t>(s - 1)).get();
  Status st = Apply(sh, ops, applied_seq);
  std::lock_guard<std::mutex> g(mu_);
  if (st.ok()) {
    sh->applied = std::max(sh->applied, applied_seq);
    sh->dispatched = std::max(sh->dispatched, sh->applied);
  }
  return st;
}

void IndexShards::Dispatch(std::vector<IndexOp> ops) {
  if (ops.empty()) return;
  {
    std::unique_lock<std::mutex> l(mu_);
    done_cv_.wait(l, [&] {
      for (auto& s : shards_)
        if (s->queue.size() >= kMaxQueued && s->error.ok()) return false;
      return true;
    });
    for (IndexOp& op : ops) {
      Shard* s = shards_.at(static_cast<size_t>(op.shard - 1)).get();
      s->dispatched = std::max(s->dispatched, op.seq);
      s->queue.push_back(std::move(op));
    }
  }
  work_cv_.notify_all();
}

Status IndexShards::Wait() {
  std::unique_lock<std::mutex> l(mu_);
  ++waiting_;
  work_cv_.notify_all();  // no more gathering
  // What was dispatched by now: a writer going on does not keep us here.
  std::vector<int64_t> target;
  for (auto& s : shards_) target.push_back(s->dispatched);
  done_cv_.wait(l, [&] {
    for (size_t i = 0; i < shards_.size(); ++i)
      if (shards_[i]->applied < target[i] && shards_[i]->error.ok()) return false;
    return true;
  });
  --waiting_;
  for (auto& s : shards_)
    if (!s->error.ok()) return s->error;
  return Status::Ok();
}

Status IndexShards::RunOnShards(const std::function<Status(Shard*)>& fn) {
  std::lock_guard<std::mutex> one(task_mu_);
  std::unique_lock<std::mutex> l(mu_);
  for (auto& s : shards_) {
    s->task = fn;
    s->task_done = false;
  }
  work_cv_.notify_all();
  done_cv_.wait(l, [&] {
    for (auto& s : shards_)
      if (!s->task_done) return false;
    return true;
  });
  Status first;
  for (auto& s : shards_) {
    if (first.ok() && !s->task_status.ok()) first = s->task_status;
    s->task = nullptr;
  }
  return first;
}

Status IndexShards::BeginBulk() {
  std::lock_guard<std::mutex> g(bulk_mu_);
  if (bulk_depth_++ > 0) return Status::Ok();  // within a bulk run already
  return RunOnShards([](Shard* s) -> Status {
    const std::string name = "index shard " + std::to_string(s->number);
    auto pages = PagesInUse(s->db);
    if (!pages.ok()) return pages.status();
    s->bulk_pages = *pages;
    return SetMerging(s->db, name, 0, kBulkCrisisMerge);
  });
}

Status IndexShards::EndBulk(bool merge) {
  std::lock_guard<std::mutex> g(bulk_mu_);
  if (bulk_depth_ == 0) return Status::Ok();
  if (--bulk_depth_ > 0) return Status::Ok();  // an outer bulk run goes on
  const Status written = Wait();
  // The settings come back on every shard that can take them (a failed
  // shard skips its task); the merge only when everything was written.
  Status st = RunOnShards([merge = merge && written.ok()](Shard* s) -> Status {
    const std::string name = "index shard " + std::to_string(s->number);
    if (Status st = SetMerging(s->db, name, kDefaultAutomerge, kDefaultCrisisMerge); !st.ok())
      return st;
    if (!merge) return Status::Ok();
    auto segments = SegmentCount(s->db);
    if (!segments.ok()) return segments.status();
    auto pages = PagesInUse(s->db);
    if (!pages.ok()) return pages.status();
    std::string sql;
    if (*segments <= kBulkKeepSegments) {
      // Few enough for searches (a small run; FTS5 merges them later).
    } else if (*pages >= 2 * s->bulk_pages) {
      // The run wrote at least half of the shard: one pass over all of it.
      sql = "INSERT INTO articles_fts(articles_fts) VALUES ('optimize')";
    } else {
      // FTS5's merge of every level of kUserMerge or more segments, with a
      // budget in FTS5 leaf pages (about a quarter of a 16 KiB page) of
      // about four times what the run wrote: a merge that FTS5 began before
      // the run (it finishes those first) does not rewrite a large index
      // at once.
      const int64_t budget = std::max<int64_t>(256, 16 * (*pages - s->bulk_pages));
      sql = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('merge', " +
            std::to_string(std::min<int64_t>(budget, int64_t{1} << 30)) + ")";
    }
    if (!sql.empty()) {
      if (Status st = ExecScript(s->db, sql.c_str(), name + ": merging segments"); !st.ok())
        return st;
      // The merge was one transaction: its WAL is as large as what it
      // wrote. Copied into the file now, and the WAL file cut to nothing.
      if (Status st = ExecScript(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", name + ": checkpoint");
          !st.ok())
        return st;
    }
    return Status::Ok();
  });
  return written.ok() ? st : written;
}

Status IndexShards::Error() const {
  std::lock_guard<std::mutex> g(mu_);
  for (auto& s : shards_)
    if (!s->error.ok()) return s->error;
  return Status::Ok();
}

void IndexShards::Loop(Shard* s) {
  std::unique_lock<std::mutex> l(mu_);
  while (true) {
    work_cv_.wait(l, [&] { return !s->queue.empty() || stop_ || !s->task_done; });
    if (s->queue.empty()) {
      if (!s->task_done) {
        // A task (RunOnShards), after the writes dispatched before it.
        const std::function<Status(Shard*)> task = s->task;
        const Status failed = s->error;
        l.unlock();
        Status st = failed.ok() ? task(s) : failed;
        l.lock();
        s->task_status = st;
        s->task_done = true;
        done_cv_.notify_all();
        continue;
      }
      return;  // stopped, and everything applied
    }
    const auto deadline = std::chrono::steady_clock::now() + kGatherTime;
    while (!stop_ && waiting_ == 0 && s->task_done && s->queue.size() < kGatherOps &&
           s->error.ok()) {
      if (work_cv_.wait_until(l, deadline) == std::cv_status::timeout) break;
    }
    std::vector<IndexOp> ops;
    if (s->queue.size() > kGatherOps) {
      const auto cut = s->queue.begin() + kGatherOps;
      ops.assign(std::make_move_iterator(s->queue.begin()), std::make_move_iterator(cut));
      s->queue.erase(s->queue.begin(), cut);
    } else {
      ops.swap(s->queue);
    }
    done_cv_.notify_all();  // room in the queue
    const bool failed = !s->error.ok();
    l.unlock();
    // After a failure the shard takes nothing more: its ops stay in
    // index_pending for the next Open.
    Status st = failed ? Status::Ok() : Apply(s, ops, ops.back().seq);
    l.lock();
    if (!failed) {
      if (st.ok())
        s->applied = ops.back().seq;
      else
        s->error = st;
    }
    done_cv_.notify_all();
  }
}

}  // namespace khabar::archive
