// Character encoding of HTML bytes → UTF-8.
#ifndef KHABAR_EXTRACT_ENCODING_H_
#define KHABAR_EXTRACT_ENCODING_H_

#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::extract {

// The charset label the bytes declare, by precedence: a BOM, the HTTP
// Content-Type header's charset, a <meta charset> / <meta http-equiv> in the
// first 4 KiB. Lowercase; "" when nothing is declared.
std::string DetectCharset(std::string_view bytes, std::string_view content_type);

// Converts bytes to UTF-8. Declared UTF-8 (or nothing declared and the bytes
// are valid UTF-8) is passed through with a BOM stripped; nothing declared and
// invalid UTF-8 is read as windows-1256 when that looks Arabic-script, else as
// windows-1252. Other charsets go through ICU. Appends a note to *warnings
// when a conversion happened. Fails (kInvalidArgument) on an unknown charset
// label that ICU does not know either — after falling back to UTF-8, so the
// caller may go on with *out.
Status ToUtf8(std::string_view bytes, std::string_view content_type, std::string* out,
              std::vector<std::string>* warnings);
// As above without a copy when the bytes are already UTF-8: *view points into
// bytes, or into *storage after a conversion.
Status ToUtf8View(std::string_view bytes, std::string_view content_type, std::string* storage,
                  std::string_view* view, std::vector<std::string>* warnings);

// True when s is valid UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_ENCODING_H_
