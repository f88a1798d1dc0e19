#include "archive/index_shards.h"

#include <fcntl.h>
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
// FTS5 segment that its merges rewrite later, so fewer commits, less work.
constexpr size_t kGatherOps = 4096;
constexpr auto kGatherTime = std::chrono::milliseconds(1000);
// Dispatch blocks while a shard has this many writes queued (memory: a
// write holds its terms, about 10 kB an article).
constexpr size_t kMaxQueued = 3 * kGatherOps;

constexpr const char* kShardSchema = R"sql(
CREATE TABLE IF NOT EXISTS shard_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  title, lead, body, content='', tokenize='khabar');
)sql";
// As the main file's index (archive.cc): one segment a batch.
constexpr const char* kSqlShardHashSize =
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 67108864)";
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

Status MetaPut(sqlite3* db, const char* key, const std::string& value) {
  Stmt st;
  if (Status s = st.Prepare(db, kSqlShardMetaPut); !s.ok()) return s;
  st.Bind(1, key);
  st.Bind(2, value);
  return st.Exec("index shard meta");
}

}  // namespace

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
    int rc =
        sqlite3_open_v2(file.c_str(), &sh->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    // Owned from here: the destructor closes it on every path.
    Shard* s = sh.get();
    out->shards_.push_back(std::move(sh));
    if (rc != SQLITE_OK) return SqlStatus(s->db, rc, "open index shard " + file);
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    std::string pragmas = "PRAGMA journal_mode=WAL;";
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
    if (id->empty() || *state != "ok" || (other && fresh)) {
      // New, a rebuild that never finished, or left by a deleted archive of
      // this name: emptied, to be rebuilt.
      if (Status st = ExecScript(s->db, "BEGIN", file); !st.ok()) return st;
      Status st =
          ExecScript(s->db, "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')", file);
      if (st.ok() && other && !fresh)
        st = Status::Corruption(file + ": an index shard of another archive (archive_id " + *id +
                                ", expected " + archive_id + ")");
      if (st.ok()) st = MetaPut(s->db, "archive_id", archive_id);
      if (st.ok()) st = MetaPut(s->db, "applied_seq", "0");
      if (st.ok()) st = MetaPut(s->db, "state", "rebuild");
      if (st.ok()) st = ExecScript(s->db, kSqlShardHashSize, file + ": fts config");
      if (st.ok()) st = ExecScript(s->db, "COMMIT", file);
      if (!st.ok()) {
        ExecScript(s->db, "ROLLBACK", "rollback");
        return st;
      }
      created->push_back(n);
    } else if (*id != archive_id) {
      return Status::Corruption(file + ": an index shard of another archive (archive_id " + *id +
                                ", expected " + archive_id + ")");
    }
    auto applied = MetaGet(s->db, "applied_seq");
    if (!applied.ok()) return applied.status();
    s->applied = s->dispatched = std::atoll(applied->c_str());
  }
  for (auto& sh : out->shards_) {
    Shard* s = sh.get();
    IndexShards* self = out.get();
    s->thread = std::thread([self, s] { self->Loop(s); });
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
  if (Status st = ExecScript(s->db, "BEGIN IMMEDIATE", "index shard"); !st.ok()) return st;
  Stmt ins, del;
  Status st = ins.Prepare(s->db, kSqlShardInsert);
  if (st.ok()) st = del.Prepare(s->db, kSqlShardDelete);
  // In time-key order: FTS5 keeps a transaction's terms in memory only while
  // rowids ascend (a smaller one writes them out as a segment first), and
  // articles come with their publish times in any order. Writes to one key
  // keep their order.
  std::vector<const IndexOp*> order;
  order.reserve(ops.size());
  for (const IndexOp& op : ops) order.push_back(&op);
  std::stable_sort(order.begin(), order.end(),
                   [](const IndexOp* a, const IndexOp* b) { return a->tkey < b->tkey; });
  for (const IndexOp* opp : order) {
    const IndexOp& op = *opp;
    if (!st.ok()) break;
    Stmt& w = op.insert ? ins : del;
    w.Reset();
    w.Bind(1, op.tkey);
    // The texts outlive the statement's step: no copy.
    for (int c = 0; c < 3; ++c)
      sqlite3_bind_text(w.get(), 2 + c, op.texts[c].data(), static_cast<int>(op.texts[c].size()),
                        SQLITE_STATIC);
    st = w.Exec(op.insert ? "index article" : "unindex old version");
  }
  if (st.ok()) st = MetaPut(s->db, "applied_seq", std::to_string(applied_seq));
  if (st.ok()) st = ExecScript(s->db, "COMMIT", "index shard");
  if (!st.ok()) {
    ExecScript(s->db, "ROLLBACK", "rollback");
    return Status(st.code(), "index shard " + std::to_string(s->number) + ": " + st.message());
  }
  return Status::Ok();
}

Status IndexShards::Reset(int s) {
  Shard* sh = shards_.at(static_cast<size_t>(s - 1)).get();
  if (Status st = ExecScript(sh->db, "BEGIN IMMEDIATE", "index shard"); !st.ok()) return st;
  Status st = ExecScript(sh->db, "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')",
                         "index shard");
  if (st.ok()) st = MetaPut(sh->db, "applied_seq", "0");
  if (st.ok()) st = MetaPut(sh->db, "state", "rebuild");
  if (st.ok()) st = ExecScript(sh->db, "COMMIT", "index shard");
  if (!st.ok()) {
    ExecScript(sh->db, "ROLLBACK", "rollback");
    return st;
  }
  std::lock_guard<std::mutex> g(mu_);
  sh->applied = sh->dispatched = 0;
  return Status::Ok();
}

Status IndexShards::MarkRebuilt(int s, int64_t applied_seq) {
  Shard* sh = shards_.at(static_cast<size_t>(s - 1)).get();
  if (Status st = ExecScript(sh->db, "BEGIN IMMEDIATE", "index shard"); !st.ok()) return st;
  Status st = MetaPut(sh->db, "applied_seq", std::to_string(applied_seq));
  if (st.ok()) st = MetaPut(sh->db, "state", "ok");
  if (st.ok()) st = ExecScript(sh->db, "COMMIT", "index shard");
  if (!st.ok()) {
    ExecScript(sh->db, "ROLLBACK", "rollback");
    return st;
  }
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

Status IndexShards::Error() const {
  std::lock_guard<std::mutex> g(mu_);
  for (auto& s : shards_)
    if (!s->error.ok()) return s->error;
  return Status::Ok();
}

void IndexShards::Loop(Shard* s) {
  std::unique_lock<std::mutex> l(mu_);
  while (true) {
    work_cv_.wait(l, [&] { return !s->queue.empty() || stop_; });
    if (s->queue.empty()) return;  // stopped, and everything applied
    const auto deadline = std::chrono::steady_clock::now() + kGatherTime;
    while (!stop_ && waiting_ == 0 && s->queue.size() < kGatherOps && s->error.ok()) {
      if (work_cv_.wait_until(l, deadline) == std::cv_status::timeout) break;
    }
    std::vector<IndexOp> ops;
    ops.swap(s->queue);
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
