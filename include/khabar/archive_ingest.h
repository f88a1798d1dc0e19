// Ingest: pages (files, directories, JSON Lines, WARC / WARC.gz, stdin) →
// extraction on all cores → one writer into an Archive.
//
// Inputs: a directory is walked recursively (sorted); a file is read by its
// name (.warc, .warc.gz → WARC; .jsonl, .ndjson, .json → JSON Lines) or, for
// any other name and for "-" (stdin), by sniffing (gzip, "WARC/", "{", else
// one page). A JSON Lines record is {url, html | text, fetch_time,
// content_type?} (a page) or an already extracted article (the Article JSON,
// or a corpus line with "title" and "body"; a string "source" is the site).
//
// Re-running skips pages already stored (same URL and content hash) before
// extraction; storing is idempotent anyway (Archive::PutPage). A broken
// record is reported through on_error, logged in the archive's ingestion log,
// counted, and the batch goes on. Records larger than max_record_bytes are
// broken records. Commits every batch_size articles or commit_ms: a crash
// loses at most the uncommitted batch, never a committed one.
#ifndef KHABAR_ARCHIVE_INGEST_H_
#define KHABAR_ARCHIVE_INGEST_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "khabar/archive.h"
#include "khabar/status.h"

namespace khabar {

struct IngestProgress {
  int64_t records = 0;     // records read from the inputs
  int64_t stored = 0;      // new articles
  int64_t versions = 0;    // new versions of known articles
  int64_t unchanged = 0;   // known articles, same text
  int64_t skipped = 0;     // pages already stored (not extracted again)
  int64_t errors = 0;      // broken records and failed extractions
  uint64_t bytes_read = 0;   // input bytes consumed
  uint64_t bytes_total = 0;  // input bytes known in advance (0 for stdin)
  double seconds = 0;
  // Of seconds: merging the index's segments at the end (Archive::EndBulk).
  double index_merge_seconds = 0;
  // Set in the last progress call before that merge begins.
  bool merging_index = false;
};

struct IngestOptions {
  // Extraction threads; 0 = the number of cores. Default 0.
  int threads = 0;
  // A record (page, JSON line, WARC block) larger than this is a broken
  // record. Default 16 MiB.
  size_t max_record_bytes = size_t{16} << 20;
  // Articles per transaction. Default 500.
  int batch_size = 500;
  // A batch is committed at least this often, in ms. Default 500.
  int commit_ms = 500;
  // Skip pages stored before (same URL and content hash). Default true.
  bool skip_stored = true;
  // The run is one bulk write (Archive::BeginBulk … EndBulk): the index's
  // segments are merged once, at the end. false: merged as they are
  // written (FTS5's default), which keeps searches during the run fast and
  // makes a large run slower. Default true.
  bool bulk = true;
  // Called from the writer thread about every 200 ms and once at its end,
  // then (bulk) once more from the calling thread, with merging_index set,
  // before the index's segments are merged.
  std::function<void(const IngestProgress&)> on_progress;
  // Called for every broken record: where ("file.warc.gz: record 12",
  // "x.jsonl:34") and why.
  std::function<void(const std::string& where, const std::string& why)> on_error;
};

// Fails only when the archive cannot be written (the run stops; what was
// committed stays). Unreadable inputs and broken records are counted errors.
Result<IngestProgress> Ingest(Archive* archive, const std::vector<std::string>& inputs,
                              const IngestOptions& options = {});

}  // namespace khabar

#endif  // KHABAR_ARCHIVE_INGEST_H_
