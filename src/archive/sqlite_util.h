// Thin RAII helpers over the SQLite C API: a prepared statement that binds
// and reads by position, and Status conversion. Internal to src/archive.
#ifndef KHABAR_ARCHIVE_SQLITE_UTIL_H_
#define KHABAR_ARCHIVE_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "khabar/status.h"

namespace khabar::archive {

// The Status for an SQLite result code on db ("what: message").
inline Status SqlStatus(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::Corruption(msg);
  if (rc == SQLITE_NOMEM) return Status::ResourceExhausted(msg);
  return Status::IoError(msg);
}

// Turns off SQLite's memory statistics, once, before the process's first
// connection: with them every sqlite3_malloc takes one global mutex, which
// the writer and the index shards' threads (FTS5 allocates for each term)
// then queue on. Does nothing when SQLite was initialized already (by the
// host program, e.g. Python's sqlite3 module): the setting is SQLite's to
// refuse then, and only speed depends on it.
inline void ConfigureSqliteOnce() {
  static const bool done = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)done;
}

// The page size of a new archive file and of new index shards (existing
// files keep theirs; doc/archive-format.md). 16 KiB rather than SQLite's 4
// KiB: an article row (~4 kB of text) fits in a page instead of spilling to
// overflow pages, and the log and the checkpoints move the same bytes in a
// quarter of the system calls (a 20k-article ingest: 195k pwrite and 100k
// pread calls with 4 KiB pages, 37k and 15k with 16 KiB).
inline constexpr int kNewFilePageSize = 16384;
// The pragma that asks for it; run before the file is first written (before
// journal_mode=WAL): SQLite ignores it on an existing file.
inline std::string NewFilePageSizePragma() {
  return "PRAGMA page_size=" + std::to_string(kNewFilePageSize) + ";";
}

// A prepared statement. Reset() before reuse; Bind* are 1-based.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept {
    if (this != &o) {
      if (s_) sqlite3_finalize(s_);
      db_ = o.db_;
      s_ = o.s_;
      o.s_ = nullptr;
    }
    return *this;
  }
  ~Stmt() {
    if (s_) sqlite3_finalize(s_);
  }

  Status Prepare(sqlite3* db, std::string_view sql) {
    db_ = db;
    if (s_) sqlite3_finalize(s_);
    s_ = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
    if (rc != SQLITE_OK) return SqlStatus(db, rc, "prepare");
    return Status::Ok();
  }
  bool prepared() const { return s_ != nullptr; }

  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, int v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, double v) { sqlite3_bind_double(s_, i, v); }
  void Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void Bind(int i, const char* v) { Bind(i, std::string_view(v)); }
  // REQUIRES: v outlives the statement's next Step (no copy is made).
  void BindStatic(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void Bind(int i, const std::string& v) { Bind(i, std::string_view(v)); }
  void BindNull(int i) { sqlite3_bind_null(s_, i); }
  // Binds v, or NULL when v is empty.
  void BindOrNull(int i, std::string_view v) {
    if (v.empty()) BindNull(i); else Bind(i, v);
  }

  // SQLITE_ROW, SQLITE_DONE, or an error code.
  int Step() { return sqlite3_step(s_); }
  // Runs to completion; OK on SQLITE_DONE.
  Status Exec(std::string_view what) {
    int rc = Step();
    while (rc == SQLITE_ROW) rc = Step();
    if (rc != SQLITE_DONE) return SqlStatus(db_, rc, what);
    return Status::Ok();
  }

  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Double(int col) const { return sqlite3_column_double(s_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string Text(int col) const {
    const unsigned char* p = sqlite3_column_text(s_, col);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(s_, col)));
  }
  sqlite3_stmt* get() { return s_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
};

// Runs SQL text without parameters (schema, pragmas). Never with user data.
inline Status ExecScript(sqlite3* db, const char* sql, std::string_view what) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = std::string(what) + ": " + (err ? err : sqlite3_errstr(rc));
    sqlite3_free(err);
    if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::Corruption(msg);
    return Status::IoError(msg);
  }
  return Status::Ok();
}

// Runs body (returning Status) in one immediate transaction of db, rolled
// back when body or the commit fails.
template <typename Body>
Status InTransaction(sqlite3* db, const std::string& what, Body body) {
  if (Status st = ExecScript(db, "BEGIN IMMEDIATE", what); !st.ok()) return st;
  Status st = body();
  if (st.ok()) st = ExecScript(db, "COMMIT", what);
  if (!st.ok()) ExecScript(db, "ROLLBACK", "rollback");
  return st;
}

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_SQLITE_UTIL_H_
