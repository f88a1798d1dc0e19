// Extractor: a news page (HTML bytes or a text dump) → Article.
//
// An Extractor is built once, is immutable after construction and is safe to
// use from many threads at once (each call keeps its own state). Each thread
// keeps one myhtml parser and one DOM buffer for reuse across calls (a DOM
// past 8 MiB of text is released after the call).
//
// Untrusted input: every call first checks the size cap (max_input_bytes) and
// fails with kResourceExhausted past it; a byte scan then cuts HTML where more
// than max_open_elements would be open (warning "… document cut at byte N"),
// and the rest is parsed by myhtml behind
// src/extract/dom.h. Elements nested deeper than max_depth are not walked (their
// text is dropped, with a warning), and past max_nodes elements the rest of the
// document is ignored (with a warning). Work after parsing is linear in the
// number of nodes plus the text size. Text dumps are processed line by line in
// linear time; lines longer than max_line_bytes are cut into chunks.
#ifndef KHABAR_EXTRACTOR_H_
#define KHABAR_EXTRACTOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "khabar/article.h"
#include "khabar/status.h"

namespace khabar {

struct ExtractorOptions {
  // Inputs larger than this fail with kResourceExhausted before any parsing.
  // Default 16 MiB.
  size_t max_input_bytes = size_t{16} << 20;
  // Elements deeper than this in the DOM are skipped. Default 256.
  int max_depth = 256;
  // Before parsing, a byte scan estimates element nesting; the document is cut
  // where more than this many elements would be open (HTML5 tree building is
  // quadratic in depth). Default 2048.
  int max_open_elements = 2048;
  // At most this many DOM nodes are visited. Default 1,000,000.
  size_t max_nodes = 1'000'000;
  // Text-dump lines longer than this are split. Default 64 KiB.
  size_t max_line_bytes = size_t{64} << 10;
  // Normalize text fields with the text core's default Normalizer (the page's
  // own text stays in Article::raw). Default true.
  bool normalize = true;
  // Fill Article::content_html. Default true.
  bool content_html = true;
  // "Now" for relative dates («۲ ساعت پیش»); 0 = the system clock. Default 0.
  int64_t now_unix_seconds = 0;
};

// What the caller knows about one input besides its bytes.
struct ExtractRequest {
  // The page's URL; resolves relative links and is searched for a news id.
  std::string base_url;
  // The HTTP Content-Type header ("text/html; charset=windows-1256"), or "".
  std::string content_type;
};

class Extractor {
 public:
  explicit Extractor(ExtractorOptions options = {});

  // HTML bytes in any encoding (BOM, Content-Type charset, <meta charset>;
  // UTF-8 by default) → Article. Fails on input past the size cap, or when
  // the bytes hold no parseable document (kInvalidArgument).
  Result<Article> ExtractHtml(std::string_view bytes, const ExtractRequest& request = {}) const;
  // A text dump (UTF-8, one block per line) → Article, by classifying lines.
  Result<Article> ExtractText(std::string_view text, const ExtractRequest& request = {}) const;
  // Chooses by content_type ("text/html", "text/plain") and, failing that, by
  // sniffing the bytes (a tag near the start → HTML).
  Result<Article> Extract(std::string_view bytes, const ExtractRequest& request = {}) const;

  const ExtractorOptions& options() const { return options_; }

 private:
  ExtractorOptions options_;
};

}  // namespace khabar

#endif  // KHABAR_EXTRACTOR_H_
