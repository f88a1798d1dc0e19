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
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "khabar/status.h"

namespace khabar::archive {

// While a shard writes in bulk (IndexShards::BeginBulk), FTS5 still merges
// a level that reaches this many segments (its 'crisismerge'): a bound on
// the segments a search reads during a long run (one segment is about 2,000
// articles: a level fills at about 500k articles a shard).
inline constexpr int kBulkCrisisMerge = 256;
// EndBulk leaves a shard of at most this many segments as it is: a search
// reads them all, but FTS5 merging by fours leaves as many on a large
// index (10 at 1M articles), and a merge at the end would cost a run of
// 20k articles a tenth of its time.
inline constexpr int kBulkKeepSegments = 8;
// The fewest segments of a level that EndBulk merges when the run was small
// beside the shard (FTS5's 'usermerge', default 4).
inline constexpr int kUserMerge = 4;

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

  // Bulk writing (an ingest run). FTS5 merges a table's segments as it goes
  // (automerge 4: every level of four is merged into one), so a term's
  // postings are written again at every level, and the levels grow with the
  // index: at 1M articles merging was about a third of the shards' work.
  // While bulk writing is on, the shards merge nothing (automerge 0; FTS5
  // still merges a level that reaches kBulkCrisisMerge segments), and
  // EndBulk merges what the run wrote, once. Each runs on the shard threads
  // (in parallel) between their transactions and returns when all are done.
  // REQUIRES: no Dispatch while BeginBulk or EndBulk runs (their tasks wait
  // for an empty queue). Nested calls: the outermost pair counts.
  Status BeginBulk();
  // Waits for what was dispatched, turns merging back on (FTS5's defaults)
  // and, with `merge` and when everything was written, merges each shard of
  // more than kBulkKeepSegments segments: all into one (FTS5 'optimize')
  // when the run wrote at least half of the shard, else by FTS5's own merge
  // of every level of kUserMerge or more segments, with a page budget of
  // about four times what the run wrote (a small run does not rewrite a big
  // index). O(pages the merge writes). Without a BeginBulk: nothing.
  Status EndBulk(bool merge = true);

 private:
  struct Shard {
    int number = 0;
    sqlite3* db = nullptr;
    std::thread thread;
    std::vector<IndexOp> queue;
    int64_t dispatched = 0, applied = 0;
    Status error;
    // A task of RunOnShards: run by the shard's thread when its queue is
    // empty; task_done and task_status are set under mu_ when it returns.
    std::function<Status(Shard*)> task;
    bool task_done = true;
    Status task_status;
    int64_t bulk_pages = 0;  // pages in use when BeginBulk ran
  };
  IndexShards() = default;
  void Loop(Shard* s);
  static Status Apply(Shard* s, const std::vector<IndexOp>& ops, int64_t applied_seq);
  // Runs fn on every shard's thread and waits for all; the first error.
  Status RunOnShards(const std::function<Status(Shard*)>& fn);

  std::mutex task_mu_;  // one RunOnShards at a time
  std::mutex bulk_mu_;  // guards bulk_depth_; taken before task_mu_
  int bulk_depth_ = 0;  // BeginBulk calls not yet ended
  int lock_fd_ = -1;  // flock on <archive>-idx.lock: one writer at a time
  mutable std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  bool stop_ = false;
  int waiting_ = 0;  // threads in Wait
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_INDEX_SHARDS_H_
