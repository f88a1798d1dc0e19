// Text dumps (no markup: WET records, copied pages) → Article, by a line
// classifier. Linear in the input; lines past max_line_bytes are split.
#ifndef KHABAR_EXTRACT_TEXT_EXTRACT_H_
#define KHABAR_EXTRACT_TEXT_EXTRACT_H_

#include <string_view>

#include "khabar/article.h"
#include "khabar/extractor.h"

namespace khabar::extract {

// Fills the raw fields and the signals of *a (title, lead, body, news id,
// dates, source, headlines, boilerplate) from text. Never fails.
void ExtractTextDump(std::string_view text, const ExtractorOptions& options,
                     const ExtractRequest& request, Article* a);

// Line classes, exposed for tests.
enum class LineClass { kChrome, kNewsId, kDate, kContent };

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_TEXT_EXTRACT_H_
