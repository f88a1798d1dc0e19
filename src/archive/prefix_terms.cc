#include "archive/prefix_terms.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>

#include "archive/sqlite_util.h"

namespace khabar::archive {
namespace {

// FTS5's leaf page ids: segment id above the page number (fts5_index.c,
// FTS5_SEGMENT_ROWID); %_idx.pgno is the page number << 1 | doclist-index flag.
constexpr int kPageBits = 31 + 5 + 1;
// Terms of the main index start with this byte (FTS5_MAIN_PREFIX).
constexpr char kMainIndex = '0';
// Longer terms are not believed (FTS5's own limit is far below a page).
constexpr uint64_t kMaxTermBytes = 4096;
// A page a posting list continues on counts as this many bytes (pgsz 4050).
constexpr int64_t kContinuationBytes = 4000;

// An SQLite varint (as FTS5 writes them). Returns false past the end.
bool GetVarint(const unsigned char* p, size_t n, size_t* i, uint64_t* v) {
  uint64_t x = 0;
  for (int k = 0; k < 9; ++k) {
    if (*i >= n) return false;
    unsigned char c = p[(*i)++];
    if (k == 8) {
      *v = (x << 8) | c;
      return true;
    }
    x = (x << 7) | (c & 0x7f);
    if (!(c & 0x80)) {
      *v = x;
      return true;
    }
  }
  return false;
}

class Query {
 public:
  ~Query() { sqlite3_finalize(s_); }
  Status Prepare(sqlite3* db, const std::string& sql) {
    db_ = db;
    int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s_, nullptr);
    return rc == SQLITE_OK ? Status::Ok() : SqlStatus(db, rc, "prefix terms: prepare");
  }
  sqlite3_stmt* s() { return s_; }
  // SQLITE_ROW → true; SQLITE_DONE → false; else an error in *st.
  bool Step(Status* st) {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) *st = SqlStatus(db_, rc, "prefix terms");
    return false;
  }
  void Reset() { sqlite3_reset(s_); }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace

bool ScanLeafPage(const unsigned char* p, size_t n, std::string_view key, int64_t tail,
                  std::map<std::string, int64_t>* sizes) {
  if (n < 4) return true;
  const size_t sz_leaf = (static_cast<size_t>(p[2]) << 8) | p[3];
  if (sz_leaf < 4 || sz_leaf > n) return true;
  // The footer: each term's offset, delta-coded.
  std::vector<size_t> offs;
  size_t i = sz_leaf;
  uint64_t off = 0;
  while (i < n) {
    uint64_t d;
    if (!GetVarint(p, n, &i, &d)) return true;
    off += d;
    if (off < 4 || off >= sz_leaf) return true;
    offs.push_back(static_cast<size_t>(off));
  }
  std::string term;
  for (size_t t = 0; t < offs.size(); ++t) {
    size_t j = offs[t];
    uint64_t keep = 0, fresh = 0;
    if (t > 0 && !GetVarint(p, sz_leaf, &j, &keep)) return true;
    if (!GetVarint(p, sz_leaf, &j, &fresh)) return true;
    if (keep > term.size() || fresh > sz_leaf - j || keep + fresh > kMaxTermBytes) return true;
    term.resize(static_cast<size_t>(keep));
    term.append(reinterpret_cast<const char*>(p + j), static_cast<size_t>(fresh));
    j += static_cast<size_t>(fresh);
    const size_t end = t + 1 < offs.size() ? offs[t + 1] : sz_leaf;
    if (term.compare(0, key.size(), key) == 0) {
      int64_t bytes = end > j ? static_cast<int64_t>(end - j) : 0;
      if (t + 1 == offs.size()) bytes += tail;
      (*sizes)[term] += bytes;
    } else if (term.compare(key) > 0) {
      return false;
    }
  }
  return true;
}

namespace {

// Adds the posting-list bytes of the terms of one FTS5 table that start with
// key to *sizes; *pages_read counts leaves across tables, *capped is set
// past kMaxLeafPages. table may name its schema: "idx1.articles_fts".
Status ScanTable(sqlite3* db, std::string_view table, const std::string& key,
                 std::map<std::string, int64_t>* sizes_out, int* pages_read_io, bool* capped) {
  std::map<std::string, int64_t>& sizes = *sizes_out;
  int& pages_read = *pages_read_io;
  const size_t dot = table.find('.');
  const std::string schema =
      dot == std::string_view::npos ? "" : "\"" + std::string(table.substr(0, dot)) + "\".";
  const std::string t(dot == std::string_view::npos ? table : table.substr(dot + 1));
  Query segs, first, start, pages, block;
  const std::string idx = schema + "\"" + t + "_idx\"", data = schema + "\"" + t + "_data\"";
  for (auto [q, sql] :
       {std::pair{&segs, "SELECT segid FROM " + idx + " WHERE segid>?1 ORDER BY segid LIMIT 1"},
        // A segment an incremental merge has begun to consume starts past
        // page 1; %_idx keeps the keys of its deleted pages, so they are
        // skipped by page number.
        std::pair{&first, "SELECT min(id) FROM " + data + " WHERE id>=?1 AND id<?2"},
        std::pair{&start,
                  "SELECT term, pgno FROM " + idx +
                      " WHERE segid=?1 AND term<=?2 AND pgno>=?3 ORDER BY term DESC LIMIT 1"},
        std::pair{&pages, "SELECT pgno FROM " + idx +
                              " WHERE segid=?1 AND term>?2 AND pgno>?3 ORDER BY term"},
        std::pair{&block, "SELECT block FROM " + data + " WHERE id=?1"}}) {
    if (Status s = q->Prepare(db, sql); !s.ok()) return s;
  }

  Status st = Status::Ok();
  int64_t seg = -1;
  while (!*capped) {
    sqlite3_bind_int64(segs.s(), 1, seg);
    const bool more = segs.Step(&st);
    if (more) seg = sqlite3_column_int64(segs.s(), 0);
    segs.Reset();
    if (!st.ok()) return st;
    if (!more) break;
    const int64_t base = seg << kPageBits;
    sqlite3_bind_int64(first.s(), 1, base);
    sqlite3_bind_int64(first.s(), 2, base + (int64_t{1} << 31));
    int64_t pg = -1;
    if (first.Step(&st) && sqlite3_column_type(first.s(), 0) != SQLITE_NULL)
      pg = sqlite3_column_int64(first.s(), 0) - base;
    first.Reset();
    if (!st.ok()) return st;
    if (pg < 0) continue;  // no leaves
    // The last page whose first term is at or before the prefix: where its
    // terms begin (else the segment's first page).
    sqlite3_bind_int64(start.s(), 1, seg);
    sqlite3_bind_blob(start.s(), 2, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_int64(start.s(), 3, pg << 1);
    std::string from;
    if (start.Step(&st)) {
      from.assign(static_cast<const char*>(sqlite3_column_blob(start.s(), 0)),
                  static_cast<size_t>(sqlite3_column_bytes(start.s(), 0)));
      pg = sqlite3_column_int64(start.s(), 1) >> 1;
    }
    start.Reset();
    if (!st.ok()) return st;
    // Then the later pages where a term starts: the pages between hold only
    // the continuation of the previous page's last posting list.
    sqlite3_bind_int64(pages.s(), 1, seg);
    sqlite3_bind_blob(pages.s(), 2, from.data(), static_cast<int>(from.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(pages.s(), 3, (pg << 1) | 1);
    while (true) {
      const bool have_next = pages.Step(&st);
      if (!st.ok()) break;
      const int64_t next = have_next ? sqlite3_column_int64(pages.s(), 0) >> 1 : pg + 1;
      if (++pages_read > kMaxLeafPages) {
        *capped = true;
        break;
      }
      sqlite3_bind_int64(block.s(), 1, base + pg);
      bool in_range = true;
      if (block.Step(&st)) {
        const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(block.s(), 0));
        const size_t n = static_cast<size_t>(sqlite3_column_bytes(block.s(), 0));
        in_range = ScanLeafPage(p, n, key, std::max<int64_t>(next - pg - 1, 0) * kContinuationBytes,
                                &sizes);
      }
      block.Reset();
      if (!st.ok() || !in_range || !have_next) break;
      pg = next;
    }
    pages.Reset();
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace

Result<PrefixTerms> ExpandPrefix(sqlite3* db, std::string_view table, std::string_view prefix,
                                 size_t cap) {
  return ExpandPrefix(db, std::vector<std::string>{std::string(table)}, prefix, cap);
}

Result<PrefixTerms> ExpandPrefix(sqlite3* db, const std::vector<std::string>& tables,
                                 std::string_view prefix, size_t cap) {
  const std::string key = std::string(1, kMainIndex) + std::string(prefix);
  std::map<std::string, int64_t> sizes;  // index term (with its index byte) → bytes
  PrefixTerms out;
  int pages_read = 0;
  for (const std::string& t : tables) {
    if (Status s = ScanTable(db, t, key, &sizes, &pages_read, &out.capped); !s.ok()) return s;
  }
  std::vector<std::pair<int64_t, std::string>> by_size;
  by_size.reserve(sizes.size());
  for (auto& [term, bytes] : sizes) by_size.emplace_back(bytes, term.substr(1));
  if (by_size.size() > cap) {
    out.capped = true;
    std::partial_sort(by_size.begin(), by_size.begin() + static_cast<std::ptrdiff_t>(cap),
                      by_size.end(), [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    by_size.resize(cap);
  }
  for (auto& e : by_size) out.terms.push_back(std::move(e.second));
  std::sort(out.terms.begin(), out.terms.end());
  return out;
}

}  // namespace khabar::archive
