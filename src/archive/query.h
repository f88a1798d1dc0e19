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
#include <functional>
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
  // A prefix was searched as its expansion, and it was cut to the cap.
  bool prefix_expanded = false;
  bool prefix_capped = false;
};

// The index terms that start with a folded prefix (prefix_terms.h), in
// byte order; sets *capped when some were left out. An empty list keeps
// FTS5's own prefix query.
using PrefixExpander = std::function<Result<std::vector<std::string>>(const std::string& prefix, bool* capped)>;

// InvalidArgument when the query has no positive word; ResourceExhausted
// when it is longer than max_bytes; the expander's error. With an expander,
// a positive `word*` becomes an OR of the terms it lists, and `"a b"*` an OR
// of the phrases «a t» for its terms t of b*: FTS5 then walks the matches
// lazily instead of merging every posting list of the prefix first. A
// negated prefix stays FTS5's (a capped list would exclude too little).
Result<ParsedQuery> ParseQuery(std::string_view text, bool stem, size_t max_bytes,
                               const PrefixExpander& expand = nullptr);

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_QUERY_H_
