// The archive's query syntax (doc/search.md) → an FTS5 MATCH expression in
// which every term is quoted and folded, so user text never reaches FTS5's
// own syntax. Internal to src/archive.
//
//   words        all must match («کتاب\u200cها», «کتاب ها», «کتابها» are one word)
//   "a phrase"   or «a phrase»: the words in order
//   word*        prefix
//   -word        must not match (also -"a phrase")
//   a OR b       either (binds tighter than the implicit AND)
//
// Complexity O(query size); at most kMaxQueryTerms positive terms are kept.
#ifndef KHABAR_ARCHIVE_QUERY_H_
#define KHABAR_ARCHIVE_QUERY_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::archive {

struct ParsedQuery {
  std::string match;  // the FTS5 expression
  // For each AND clause, the single tokens whose document counts estimate the
  // clause's matches (summed); a clause with a prefix or phrase lists its
  // first token only.
  std::vector<std::vector<std::string>> clause_tokens;
  std::vector<std::string> prefixes;  // clauses that are prefix queries (estimated as common)
};

// InvalidArgument when the query has no positive word; ResourceExhausted
// when it is longer than max_bytes.
Result<ParsedQuery> ParseQuery(std::string_view text, bool stem, size_t max_bytes);

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_QUERY_H_
