// The index terms that start with a prefix, read from FTS5's own segment
// b-tree, so that a prefix query can be run as an OR of words (which FTS5
// walks lazily, newest first, stopping at the LIMIT) instead of FTS5's
// prefix scan (which merges the whole posting list of every term with the
// prefix before it returns a row: 0.2-2.7 s at 1M articles). Internal to
// src/archive.
//
// Why not fts5vocab: with SQLite 3.40 a term range on fts5vocab is a seek,
// but each row's counts come from reading the term's whole posting list, so
// listing the terms of «فوتبال*» costs about as much as the prefix query.
//
// How: for each segment, %_idx (segid, term, pgno) gives the leaf page where
// the prefix would start; the leaves' page footers give every term's offset,
// so no posting list is decoded. A term's size is the bytes its posting
// lists take (the page space up to the next term, plus whole pages the list
// continues on), summed over segments: a stand-in for its document count.
// The FTS5 leaf format is the one documented at the top of SQLite's
// fts5_index.c (stable since 3.14).
//
// Cost: O(segments × (log index + leaf pages holding the prefix's terms)); no
// posting list is read. Never more than kMaxLeafPages leaf pages a call.
#ifndef KHABAR_ARCHIVE_PREFIX_TERMS_H_
#define KHABAR_ARCHIVE_PREFIX_TERMS_H_

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::archive {

// Leaf pages read at most by one ExpandPrefix (then it reports capped).
inline constexpr int kMaxLeafPages = 400;

struct PrefixTerms {
  // Up to `cap` terms that start with the prefix, those with the largest
  // posting lists, in byte order. Empty when the index has none.
  std::vector<std::string> terms;
  // More terms had the prefix than `cap` (or than kMaxLeafPages pages hold):
  // the rest were left out.
  bool capped = false;
};

// One FTS5 leaf page (block of %_data): adds the posting-list bytes of each
// term that starts with `key` (an index term: the index byte '0', then the
// folded prefix) to *sizes; `tail` is what the page's last posting list takes
// on later pages. Returns false once a term past the prefix's range is seen.
// The page is untrusted (a damaged file): every offset is checked, a page that
// does not parse adds what it read so far. O(n).
bool ScanLeafPage(const unsigned char* p, size_t n, std::string_view key, int64_t tail,
                  std::map<std::string, int64_t>* sizes);

// The terms of FTS5 table `table` (its %_idx and %_data tables) that start
// with `prefix` (folded, as indexed). REQUIRES: db has no uncommitted FTS5
// writes (pending terms live only in the writer's memory) and reads in one
// transaction if other connections write. Returns IoError/Corruption on SQL
// errors; a page it cannot parse is skipped.
Result<PrefixTerms> ExpandPrefix(sqlite3* db, std::string_view table, std::string_view prefix,
                                 size_t cap);
// The same over several FTS5 tables (index shards; a name may hold its
// schema: "idx1.articles_fts"): a term's size is summed over them, and
// kMaxLeafPages counts the leaves of all.
Result<PrefixTerms> ExpandPrefix(sqlite3* db, const std::vector<std::string>& tables,
                                 std::string_view prefix, size_t cap);

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_PREFIX_TERMS_H_
