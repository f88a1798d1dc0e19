// Archive: the embedded store of articles (SQLite, WAL) with Persian
// full-text search (FTS5 with khabar's own tokenizer).
//
// One writer, many readers: Put / BeginBatch / CommitBatch / LogIngest must
// be called from one thread at a time; Get, Search, List, Sources and Stats
// are thread-safe and may run concurrently with each other and with the
// writer (each reader call borrows its own read connection from a pool).
//
// The on-disk format (schema version, tables, keys, migrations) is documented
// in doc/archive-format.md; the query syntax and ranking in doc/search.md.
//
// Untrusted input: query text longer than ArchiveOptions::max_query_bytes
// fails with kResourceExhausted; at most kMaxQueryTerms terms are used; a
// search costs O(matches of the rarest term) when it ranks and O(limit +
// offset) index steps when a query is too common to rank (see doc/search.md).
#ifndef KHABAR_ARCHIVE_H_
#define KHABAR_ARCHIVE_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khabar/article.h"
#include "khabar/status.h"

namespace khabar {

inline constexpr int kArchiveSchemaVersion = 4;
inline constexpr int kMaxQueryTerms = 16;

struct ArchiveOptions {
  // Open without write access (no schema creation or migration; Put fails).
  // Default false.
  bool read_only = false;
  // SQLite page cache of each read connection (searches), in KiB. Default
  // 65536 (64 MiB).
  int cache_size_kib = 64 * 1024;
  // SQLite page cache of the writing connection, in KiB. Default 8192 (8
  // MiB). Ingest appends: rows, the outbox and most index entries go to the
  // right edge of their B-trees, and in WAL mode a transaction larger than
  // the cache spills to the log early at no extra cost. A 64 MiB cache made
  // ingest ~10 % slower (20k articles, doc/search.md): fresh memory for every
  // page, and no page reused while it is still in the CPU's cache. Raise it
  // for updates scattered over a large archive.
  int writer_cache_size_kib = 8 * 1024;
  // How long a call waits for a lock held by another connection/process
  // before failing with kIoError ("database is locked"), in ms. Default 5000.
  int busy_timeout_ms = 5000;
  // synchronous=FULL (every commit fsynced) instead of NORMAL (WAL: a commit
  // survives a process crash, the last commits may be lost on power loss).
  // Default false.
  bool sync_full = false;
  // Read connections kept for concurrent readers. Default 4.
  int reader_pool_size = 4;
  // Queries longer than this fail with kResourceExhausted. Default 1024.
  size_t max_query_bytes = 1024;
  // A query is "common" (newest first instead of ranked by BM25, so its cost
  // stays bounded) when it matches more than this many articles in its date
  // range. Default 1000 (p99 under 20 ms at 1M articles: doc/search.md).
  int64_t rank_max_matches = 1000;
  // A prefix query (word*) is searched as an OR of at most this many index
  // terms with the prefix, those with the most postings (like Elasticsearch's
  // max_expansions); SearchResult::prefix_capped says when terms were left
  // out, and such a search is never ranked (newest first). 0 runs FTS5's own
  // prefix query (exact, but it merges every posting list with the prefix
  // first: seconds at 1M articles). Default 50 (p99 within 20 ms at 1M for
  // one- and two-letter prefixes: doc/search.md).
  int max_prefix_terms = 50;
  // BM25 column weights for title, lead and body. Default 8, 3, 1.
  double weight_title = 8.0, weight_lead = 3.0, weight_body = 1.0;
  // Split the full-text index of new articles over this many side files
  // (`<path>-idx1` …), each written by its own thread, so that indexing runs
  // on several cores (doc/archive-format.md, "Index shards"). Taken when a
  // file archive is opened for writing and has no shards yet (articles
  // stored before stay in the main file's index); an archive with shards
  // keeps its number. In-memory archives have none. 0..8 (every read
  // connection attaches each shard; SQLite attaches at most 10). An archive
  // with shards has one writer at a time: a second fails with kIoError.
  // Default 0.
  int index_shards = 0;
};

// One stored article (its newest version).
struct StoredArticle {
  int64_t id = 0;
  Article article;
  std::string site;          // the site it was fetched from (host name)
  int64_t fetched_unix = 0;  // when the newest version was fetched (UTC seconds)
  int version = 1;           // 1 for the first text, +1 for every changed text
};

struct SearchQuery {
  // The query (doc/search.md): words (all must match), "a phrase", prefix*,
  // -excluded, a OR b. Normalized like the documents.
  std::string text;
  // Jalali bounds, inclusive, cut at Tehran midnight: "1396/01/01",
  // "1396-01-01", "۱۳۹۶/۰۱/۰۱", "فروردین ۱۳۹۶" (the whole month), "1396"
  // (the whole year). from_jalali may also hold a range "A..B". "" = open.
  std::string from_jalali, to_jalali;
  std::string source;    // source agency or site, exact (after normalization); "" = any
  std::string category;  // exact (after normalization); "" = any
  enum class Sort { kRank, kTime } sort = Sort::kRank;
  // Also match plural/affix variants through the guarded stemmer. Default true.
  bool stem = true;
  int limit = 10;      // 1..100
  std::string cursor;  // from SearchResult::next_cursor; "" = first page
};

struct SearchHit {
  int64_t id = 0;
  std::string title;
  // An HTML fragment: text escaped (& < > " '), matches in <mark>…</mark>.
  std::string snippet_html;
  std::string source;  // source agency, else site
  std::string published_iso;     // "2017-04-09T17:14:00+04:30", or ""
  std::string published_jalali;  // "1396-01-20 17:14", or ""
  double score = 0;  // higher is better; 0 when the query was sorted by time
};

struct SearchResult {
  std::vector<SearchHit> hits;
  // Matching articles: exact when there is no next page, else the count up to
  // rank_max_matches (a lower bound, rank_max_matches + 1, above it).
  int64_t total_estimate = 0;
  std::string next_cursor;     // "" when there is no next page
  bool ranked = true;          // false when the query was too common to rank
  // A prefix had more index terms than ArchiveOptions::max_prefix_terms: only
  // the most frequent were searched (rarer words with the prefix are missed),
  // newest first (ranked is false).
  bool prefix_capped = false;
};

struct ListQuery {
  std::string source;        // source agency or site; "" = any
  std::string category;      // "" = any
  std::string day_jalali;    // "1403-07-12" (Tehran day); "" = any
  std::string month_jalali;  // "1403-07"; "" = any
  int limit = 20;            // 1..100
  std::string cursor;        // from the previous call's *next_cursor
};

// What happened to one Put.
enum class PutKind {
  kNew,         // a new article
  kUnchanged,   // already stored with the same text (only the page was recorded)
  kNewVersion,  // known article, changed text: a new version was stored
};

struct PutResult {
  int64_t id = 0;
  int version = 1;
  PutKind kind = PutKind::kNew;
};

// The fetched page an article came from.
struct PageInfo {
  std::string url;
  int64_t fetched_unix = 0;
  std::string content_hash;  // xxh3-64 of the page bytes, 16 hex digits ("" = unknown)
  int64_t bytes = 0;
  // The article's JSON as the archive stores it, when the caller computed it
  // ahead (ingest does, on its workers: 25 µs an article less on the single
  // writer): archive::StoredArticleJson (src/archive/terms.h; the title, lead
  // and text_content are left to their columns, doc/archive-format.md); "" =
  // PutPage computes it. REQUIRES: exactly StoredArticleJson or a.ToJson() of
  // the article put (the latter is stored as given, with the text twice).
  std::string article_json;
  // The index terms of the title, lead and body (archive::ArticleTermStreams,
  // an internal format), when the caller computed them ahead — ingest does, on
  // its workers; empty = PutPage computes them. REQUIRES: exactly
  // ArticleTermStreams of the article put.
  std::vector<std::string> term_streams;
};

class Archive {
 public:
  // Opens or creates the database at path ("":  a private in-memory one),
  // creating or migrating the schema. Fails with kIoError when the file
  // cannot be opened, kCorruption when it is not a khabar archive, and
  // kUnimplemented for a schema newer than this build.
  static Result<std::unique_ptr<Archive>> Open(const std::string& path,
                                               const ArchiveOptions& options = {});
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Idempotent upsert keyed by site + news id, else canonical URL, else the
  // hash of the normalized text. Returns the article id. A known article with
  // changed text gets a new version (the old one stays in the history).
  Result<int64_t> Put(const Article& a, std::string_view site, int64_t fetched_unix);
  // As Put, also recording the page; says what happened.
  // page is taken by value: move it in to hand over its JSON and term
  // streams without a copy.
  Result<PutResult> PutPage(const Article& a, std::string_view site, PageInfo page);

  // Groups the following writes into one transaction (much faster ingest).
  // Nothing is visible to readers, nor durable, before CommitBatch.
  Status BeginBatch();
  Status CommitBatch();
  // Waits until the full-text index holds every committed article (index
  // shards index on their own threads; searches through this object wait by
  // themselves, other processes see them when they are written). Returns
  // the error an index shard met; its writes are replayed at the next open.
  Status Flush();
  // Bulk writing, for a run of many writes (khabar ingest does this around
  // each run): between the two the index shards merge none of their FTS5
  // segments, and EndBulk merges what the run wrote, once (FTS5 merges as it
  // goes by default, writing a term's postings again at every level; at
  // 200k articles that was a fifth of the run, more on larger runs: see
  // doc/search.md). Searches meanwhile read more segments, so they are
  // slower until EndBulk. EndBulk flushes first, then takes time of the
  // order of writing the run's index again. A run cut short (an error, a
  // kill) leaves nothing wrong, only unmerged segments and merging off until
  // the next EndBulk or Open. No-ops without shards.
  Status BeginBulk();
  // merge false: merging back on, nothing merged now (after a failed run).
  Status EndBulk(bool merge = true);

  // True if a page with this URL and content hash was stored already.
  Result<bool> HasPage(std::string_view url, std::string_view content_hash) const;
  // Appends to the ingestion log (level "error" for a skipped record).
  Status LogIngest(std::string_view input, std::string_view level, std::string_view message);

  // kNotFound when there is no such id.
  Result<StoredArticle> Get(int64_t id) const;
  // Every version of an article, oldest first (version 1 ..).
  Result<std::vector<StoredArticle>> Versions(int64_t id) const;
  // kInvalidArgument for a malformed query, date or cursor; an empty result
  // when nothing matches.
  Result<SearchResult> Search(const SearchQuery& q) const;
  // Newest first (published time, then id). *next_cursor (may be null) gets
  // the cursor for the next page, "" at the end.
  Result<std::vector<StoredArticle>> List(const ListQuery& q, std::string* next_cursor) const;
  // (source agency, else site) → article count, most articles first.
  Result<std::vector<std::pair<std::string, int64_t>>> Sources() const;
  // {"schema_version", "articles", "versions", "pages", "sites", "sources",
  //  "ingest_errors", "first_published", "last_published", "db_bytes"}.
  Result<nlohmann::json> Stats() const;
  // The number of index shards (0: the whole index in the main file), as
  // this handle opened the archive. Cheap, unlike Stats.
  int IndexShardCount() const;

 private:
  struct Impl;
  explicit Archive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The terms the archive's tokenizer makes of text, in order: folded surface
// forms (ي→ی, ك→ک, digits→ASCII, ZWNJ removed, marks dropped, Latin lower
// case). Exposed for tests and tools.
std::vector<std::string> ArchiveTerms(std::string_view text);
// The guarded stemmer: the folded stem of a word as written (ZWNJ kept), or
// the folded word itself when no rule applies safely. Never maps two
// different words of the tested false-friend list together.
std::string ArchiveStem(std::string_view term);

}  // namespace khabar

#endif  // KHABAR_ARCHIVE_H_
