// Small text helpers for the site: escaping, Persian digits, Jalali display,
// URL query parsing. All pure functions, linear in their input.
#ifndef KHABAR_SERVE_TEXT_UTIL_H_
#define KHABAR_SERVE_TEXT_UTIL_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace khabar::serve {

// & < > " ' escaped for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);
// & < > " ' escaped for XML (feeds).
inline std::string XmlEscape(std::string_view s) { return HtmlEscape(s); }
// ASCII digits 0-9 → Persian ۰-۹ (other bytes unchanged).
std::string PersianDigits(std::string_view s);
// Persian ۰-۹ and Arabic-Indic ٠-٩ digits → ASCII.
std::string AsciiDigits(std::string_view s);
// Percent-encodes everything but unreserved ASCII (RFC 3986).
std::string UrlEncode(std::string_view s);
// Parses "a=1&b=%D8..." (+ as space). Later keys win; malformed escapes are
// kept literally. At most `max_pairs` pairs are read.
std::map<std::string, std::string> ParseQuery(std::string_view query, size_t max_pairs = 64);
// Drops bytes that are not valid UTF-8 and C0 controls other than \t \n.
std::string CleanUtf8(std::string_view s);

// "1403-07-12 20:10" (or a bare day) → «پنجشنبه ۱۲ مهر ۱۴۰۳، ساعت ۲۰:۱۰».
// Returns "" when the string is not a Jalali date.
std::string JalaliDisplay(std::string_view jalali);
// "1403-07" → «مهر ۱۴۰۳»; "" when malformed.
std::string JalaliMonthDisplay(int year, int month);
// Today's Jalali date in Tehran as {year, month, day}.
void TehranToday(int* year, int* month, int* day);
// unix seconds → "Tue, 02 Oct 2024 16:40:00 GMT" (RFC 822 for RSS and HTTP).
std::string Rfc822(int64_t unix_seconds);
// unix seconds → "2024-10-02T16:40:00Z" (RFC 3339 for Atom).
std::string Rfc3339(int64_t unix_seconds);

}  // namespace khabar::serve

#endif  // KHABAR_SERVE_TEXT_UTIL_H_
