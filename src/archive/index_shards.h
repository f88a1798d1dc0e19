// Index shards: the full-text index of an archive split over side files
// (`<archive>-idx1`, `-idx2`, …), each written by its own thread, so that
// FTS5's work — about 70 % of a single writer's time (doc/search.md) — runs
// on several cores. One SQLite file has one writer at a time; K files have K.
// Internal to src/archive; the layout is in doc/archive-format.md.
//
// Each shard file holds a contentless FTS5 table `articles_fts` (title, lead,
// body; rowid = the article's time key, as the main file's index) and
// `shard_meta` (archive_id: the archive it belongs to; applied_seq: the last
// index_pending entry it holds). The main file's writer records every shard
// write in index_pending in its own transaction (a transactional outbox) and
// hands the writes to the shard threads once that transaction commits; a
// shard commits them with applied_seq in one transaction. So after a crash
// the entries past a shard's applied_seq are exactly what it lacks: Open
// replays them. Nothing is indexed twice, nothing committed is lost.
#ifndef KHABAR_ARCHIVE_INDEX_SHARDS_H_
#define KHABAR_ARCHIVE_INDEX_SHARDS_H_

#include <sqlite3.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "khabar/status.h"

namespace khabar::archive {

// One write to a shard's index.
struct IndexOp {
  int64_t seq = 0;     // index_pending.seq in the main file
  int shard = 0;       // 1..K
  bool insert = true;  // false: FTS5 'delete' of what was indexed
  int64_t tkey = 0;    // the FTS rowid
  // Title, lead, body: term streams (terms.h) or the texts themselves; a
  // delete needs the texts (or streams) that were indexed.
  std::array<std::string, 3> texts;
};

// ops in the order an FTS5 transaction should get them: by time key, writes
// to one key in their own order (a version's delete before the next
// insert). FTS5 keeps a transaction's terms in memory only while rowids
// ascend — a smaller one writes them all out as a segment first — and
// articles come with their publish times in any order: in arrival order,
// about every other article made a segment (half the speed, a 50 % larger
// file: doc/search.md).
std::vector<const IndexOp*> InKeyOrder(const std::vector<IndexOp>& ops);

// The file of shard k (1-based) of the archive at path.
std::string ShardPath(const std::string& archive_path, int k);

// The shard of an article: 0 (the main file's index) for ids below
// `from` (written before the archive had shards) or when k is 0, else
// 1 + id mod k. Stable: an article's versions stay in one shard.
inline int ShardOf(int64_t id, int k, int64_t from) {
  return k <= 0 || id < from ? 0 : 1 + static_cast<int>(id % k);
}

// The shards of one archive, open for writing. Thread-safe: Dispatch, Wait
// and MinApplied may be called from any thread.
class IndexShards {
 public:
  // Opens shard files 1..k of the archive at path, creating the missing
  // ones. The numbers of those and of shards whose rebuild never finished
  // (emptied now) go to *created: the caller rebuilds them, then calls
  // MarkRebuilt. A file of another archive (archive_id differs) fails with
  // Corruption, naming it — unless the archive is new (`fresh`: created by
  // this Open), when such a file is a leftover of a deleted archive of the
  // same name and is emptied and taken.
  // Only one IndexShards of an archive exists at a time, in any process
  // (an flock on `<archive>-idx.lock`): another fails with kIoError. Two
  // writers would each believe their own applied_seq.
  // synchronous_full: PRAGMA synchronous=FULL instead of NORMAL.
  static Result<std::unique_ptr<IndexShards>> Open(const std::string& path, int k,
                                                   const std::string& archive_id, bool fresh,
                                                   bool synchronous_full,
                                                   std::vector<int>* created);
  // Applies everything dispatched, then stops the threads.
  ~IndexShards();
  IndexShards(const IndexShards&) = delete;
  IndexShards& operator=(const IndexShards&) = delete;

  int count() const { return static_cast<int>(shards_.size()); }
  // The last index_pending seq shard s (1-based) holds.
  int64_t Applied(int s) const;

  // Writes ops (all of shard s) on the calling thread in one transaction,
  // recording applied_seq. For recovery before the threads have work.
  Status ApplyNow(int s, const std::vector<IndexOp>& ops, int64_t applied_seq);

  // Empties shard s to be rebuilt (its state 'rebuild'): it is out of step
  // with the main file (restored from elsewhere, or a power loss kept one
  // file's last commits and not the other's).
  Status Reset(int s);

  // Records that shard s holds every article of its own, as of index_pending
  // entry applied_seq (state 'ok' in shard_meta).
  Status MarkRebuilt(int s, int64_t applied_seq);

  // Hands committed ops (any shards, ascending seq) to the shard threads.
  void Dispatch(std::vector<IndexOp> ops);

  // Blocks until every dispatched op is in its shard's file. Returns the
  // first error a shard thread met (its ops stay in index_pending, so the
  // next Open replays them).
  Status Wait();
  // The first error a shard thread met, without waiting.
  Status Error() const;

 private:
  struct Shard {
    int number = 0;
    sqlite3* db = nullptr;
    std::thread thread;
    std::vector<IndexOp> queue;
    int64_t dispatched = 0, applied = 0;
    Status error;
  };
  IndexShards() = default;
  void Loop(Shard* s);
  static Status Apply(Shard* s, const std::vector<IndexOp>& ops, int64_t applied_seq);

  int lock_fd_ = -1;  // flock on <archive>-idx.lock: one writer at a time
  mutable std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  bool stop_ = false;
  int waiting_ = 0;  // threads in Wait
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_INDEX_SHARDS_H_
