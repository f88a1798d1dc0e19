#include "archive/fts_tokenizer.h"

#include <string>

#include "archive/sqlite_util.h"
#include "archive/terms.h"

namespace khabar::archive {
namespace {

struct Tok {};  // stateless

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  static Tok tok;
  *out = reinterpret_cast<Fts5Tokenizer*>(&tok);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer*) {}

using TokenFn = int (*)(void*, int, const char*, int, int, int);

int Tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int n, TokenFn emit) {
  std::string_view s(text ? text : "", text ? static_cast<size_t>(n) : 0);
  if (flags & FTS5_TOKENIZE_QUERY) {
    // Already folded by the query parser: split at ASCII spaces.
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      size_t j = i;
      while (j < s.size() && s[j] != ' ') ++j;
      if (j > i) {
        int rc = emit(ctx, 0, s.data() + i, static_cast<int>(j - i), static_cast<int>(i),
                      static_cast<int>(j));
        if (rc != SQLITE_OK) return rc;
      }
      i = j;
    }
    return SQLITE_OK;
  }
  if ((flags & FTS5_TOKENIZE_DOCUMENT) && s.substr(0, kTermStreamMagic.size()) == kTermStreamMagic) {
    // A term stream (terms.h): replay it. Offsets are not used when indexing.
    size_t i = kTermStreamMagic.size();
    int pos_flag = 0;
    while (i < s.size()) {
      pos_flag = s[i] == kTermColocated ? FTS5_TOKEN_COLOCATED : 0;
      size_t j = i + 1;
      while (j < s.size() && s[j] != kTermNext && s[j] != kTermColocated) ++j;
      if (j > i + 1) {
        int rc = emit(ctx, pos_flag, s.data() + i + 1, static_cast<int>(j - i - 1),
                      static_cast<int>(i + 1), static_cast<int>(j));
        if (rc != SQLITE_OK) return rc;
      }
      i = j;
    }
    return SQLITE_OK;
  }
  int rc = SQLITE_OK;
  std::string stem;
  ForEachWord(s, [&](const WordTerms& t) {
    if (rc != SQLITE_OK) return;
    int b = static_cast<int>(t.begin), e = static_cast<int>(t.end);
    rc = emit(ctx, 0, t.joined.data(), static_cast<int>(t.joined.size()), b, e);
    for (const std::string& p : t.parts) {
      if (rc != SQLITE_OK) return;
      if (p == t.joined) continue;
      rc = emit(ctx, FTS5_TOKEN_COLOCATED, p.data(), static_cast<int>(p.size()), b, e);
    }
    if (rc == SQLITE_OK && !t.stem.empty()) {
      stem.assign(1, kStemMarker);
      stem += t.stem;
      rc = emit(ctx, FTS5_TOKEN_COLOCATED, stem.data(), static_cast<int>(stem.size()), b, e);
    }
  });
  return rc;
}

fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

}  // namespace

Status RegisterTokenizer(sqlite3* db) {
  fts5_api* api = GetFts5Api(db);
  if (!api) return Status::Internal("this SQLite has no FTS5 (ENABLE_FTS5)");
  fts5_tokenizer t{Create, Delete, Tokenize};
  int rc = api->xCreateTokenizer(api, kTokenizerName, nullptr, &t, nullptr);
  if (rc != SQLITE_OK) return SqlStatus(db, rc, "register tokenizer");
  return Status::Ok();
}

}  // namespace khabar::archive
