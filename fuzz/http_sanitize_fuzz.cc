// Fuzz the site's untrusted-input parsers: the HTML allow-list sanitizer,
// the query-string parser and percent-decoding. Checks that sanitized output
// never holds a script element or a javascript: link.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "serve/http_server.h"
#include "serve/sanitize.h"
#include "serve/text_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string out = khabar::serve::SanitizeHtml(in);
  std::string lower;
  for (char c : out) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower.find("<script") != std::string::npos) std::abort();
  if (lower.find("href=\"javascript:") != std::string::npos) std::abort();
  auto q = khabar::serve::ParseQuery(in);
  (void)q;
  std::string decoded;
  khabar::serve::PercentDecode(in, &decoded, true);
  return 0;
}
