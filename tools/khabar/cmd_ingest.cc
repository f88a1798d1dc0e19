// khabar ingest --db PATH INPUT...
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <string>

#include "command.h"
#include "khabar/archive.h"
#include "khabar/archive_ingest.h"

namespace khabar::cli {
namespace {

std::string Eta(const IngestProgress& p) {
  if (p.bytes_total == 0 || p.bytes_read == 0 || p.bytes_read >= p.bytes_total) return "--";
  double left = p.seconds * (static_cast<double>(p.bytes_total) / p.bytes_read - 1);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d", static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  return buf;
}

int RunIngest(int argc, char** argv) {
  CLI::App app{"Extract pages and store them in an archive (files, directories, JSON Lines, WARC).",
               "khabar ingest"};
  std::string db;
  std::vector<std::string> inputs;
  IngestOptions o;
  bool quiet = false, no_skip = false;
  app.add_option("--db", db, "archive file (created if missing)")->required();
  app.add_option("--threads", o.threads, "extraction threads (default: all cores)");
  app.add_option("--batch-size", o.batch_size, "articles per transaction (default 500)");
  app.add_option("--max-record-bytes", o.max_record_bytes, "larger records are skipped (default 16 MiB)");
  int index_shards = -1;
  app.add_option(
         "--index-shards", index_shards,
         "split the full-text index of a new archive over N side files, indexed in parallel "
         "(default 2; 0: one file)")
      ->check(CLI::Range(0, 8));
  bool merge_as_written = false;
  app.add_flag("--merge-as-written", merge_as_written,
               "merge the full-text index's segments as they are written, as FTS5 does by "
               "default: searches stay fast during the run, the run is slower (default: merged "
               "once, at the end)");
  app.add_flag("--no-skip-stored", no_skip, "extract pages again even when stored");
  app.add_flag("-q,--quiet", quiet, "no progress, no per-record errors (the summary stays)");
  app.add_option("inputs", inputs, "files, directories, or - for stdin")->required();
  if (int rc = ParseArgs(app, argc, argv, "ingest"); rc >= 0) return rc;
  o.skip_stored = !no_skip;
  o.bulk = !merge_as_written;
  ArchiveOptions ao;
  // The default applies to a new archive: an existing one keeps its layout
  // unless asked (shards then index what comes next).
  if (index_shards >= 0)
    ao.index_shards = index_shards;
  else
    ao.index_shards = std::filesystem::exists(db) ? 0 : 2;
  auto ar = Archive::Open(db, ao);
  if (!ar.ok()) {
    Error(db, ar.status().message());
    return kExitError;
  }
  // An archive with shards keeps their number (archive.h): say so rather
  // than ignore the option.
  if (const int have = (*ar)->IndexShardCount(); index_shards >= 0 && have != index_shards)
    std::fprintf(stderr,
                 "khabar: ingest: %s keeps its %d index shards (--index-shards applies to an "
                 "archive without shards)\n",
                 db.c_str(), have);
  const bool tty = !quiet && isatty(2);
  bool bar_shown = false;
  o.on_error = [&](const std::string& where, const std::string& why) {
    if (quiet) return;
    if (bar_shown) std::fputs("\r\x1b[K", stderr);
    Error(where, why);
  };
  o.on_progress = [&](const IngestProgress& p) {
    if (!tty) return;
    if (p.merging_index) {
      std::fputs("\r\x1b[Kingest: merging the index's segments", stderr);
      bar_shown = true;
      return;
    }
    int64_t pages = p.stored + p.versions + p.unchanged + p.skipped;
    double rate = p.seconds > 0 ? pages / p.seconds : 0;
    std::fprintf(stderr, "\r\x1b[Kingest: %" PRId64 " pages  %.0f pages/s  %" PRId64 " errors  ETA %s",
                 pages, rate, p.errors, Eta(p).c_str());
    bar_shown = true;
  };
  auto r = Ingest(ar->get(), inputs, o);
  if (bar_shown) std::fputs("\r\x1b[K", stderr);
  if (!r.ok()) {
    Error(db, r.status().message());
    return kExitError;
  }
  const IngestProgress& p = *r;
  int64_t pages = p.stored + p.versions + p.unchanged;
  std::string merging;
  if (p.index_merge_seconds >= 0.05) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " (%.1f s of them merging the index)", p.index_merge_seconds);
    merging = buf;
  }
  std::fprintf(stderr,
               "khabar: ingest: %" PRId64 " records: %" PRId64 " new, %" PRId64
               " new versions, %" PRId64 " unchanged, %" PRId64 " skipped (stored before), %" PRId64
               " errors; %.1f s%s, %.0f pages/s\n",
               p.records, p.stored, p.versions, p.unchanged, p.skipped, p.errors, p.seconds,
               merging.c_str(), p.seconds > 0 ? (pages + p.skipped) / p.seconds : 0.0);
  return kExitOk;
}

}  // namespace

KHABAR_COMMAND("ingest", "extract pages and store them in an archive", RunIngest);

}  // namespace khabar::cli
