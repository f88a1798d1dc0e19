// The "khabar" FTS5 tokenizer, registered through the FTS5 C API.
//
// Documents: every word gives its folded joined form; a ZWNJ word also gives
// its folded parts COLOCATED at the same position («کتاب\u200cها» → «کتابها»,
// «کتاب», «ها» at one position), and a word with a stem gives kStemMarker +
// stem, also colocated. Queries: the query parser (query.h) has already
// folded every term, so query text is split at spaces only and passed through.
// A document text that is a term stream (terms.h: TermStream, computed ahead,
// possibly on another thread) is replayed as it stands.
#ifndef KHABAR_ARCHIVE_FTS_TOKENIZER_H_
#define KHABAR_ARCHIVE_FTS_TOKENIZER_H_

#include <sqlite3.h>

#include "khabar/status.h"

namespace khabar::archive {

inline constexpr const char* kTokenizerName = "khabar";

// Registers the tokenizer on db (once per connection).
Status RegisterTokenizer(sqlite3* db);

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_FTS_TOKENIZER_H_
