// Article from JSON already parsed by simdjson: for a caller that parsed
// the text itself (ingest reads a JSON line's url and fetch time first), so
// that the text is not parsed twice. Internal to khabar.
#ifndef KHABAR_EXTRACT_ARTICLE_JSON_H_
#define KHABAR_EXTRACT_ARTICLE_JSON_H_

#include <simdjson.h>

#include "khabar/article.h"
#include "khabar/status.h"

namespace khabar {

// What Article::FromJson gives for the text root was parsed from, when
// simdjson parsed it (Article::FromJson tries simdjson first and the same
// function then builds the article).
Result<Article> ArticleFromJsonElement(simdjson::dom::element root);

}  // namespace khabar

#endif  // KHABAR_EXTRACT_ARTICLE_JSON_H_
