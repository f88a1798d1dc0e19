// HTML → Article: metadata (meta tags, JSON-LD, visible Persian signals) and
// main content found by our own scoring of text density, link density,
// structure and class/id hints. Linear in the number of DOM nodes times a
// small constant (ancestor propagation is bounded to 5 levels).
#ifndef KHABAR_EXTRACT_HTML_EXTRACT_H_
#define KHABAR_EXTRACT_HTML_EXTRACT_H_

#include "extract/dom.h"
#include "khabar/article.h"
#include "khabar/extractor.h"

namespace khabar::extract {

// Fills the raw fields, metadata and signals of *a from a parsed page.
// aside: what ScanHtml took out of the parser's input (its JSON-LD is read
// before that in the DOM), or null.
void ExtractFromDom(const Dom& dom, const ExtractorOptions& options, const ExtractRequest& request,
                    Article* a, const ScanAside* aside = nullptr);

// base + relative → absolute URL ("" base leaves ref as is).
std::string ResolveUrl(std::string_view base, std::string_view ref);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_HTML_EXTRACT_H_
