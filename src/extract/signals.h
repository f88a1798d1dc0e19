// Persian news-page signals shared by the HTML and text-dump paths: news
// codes, attribution («به گزارش … به نقل از …»), chrome phrases, and the
// glue to the time module. All functions are pure and linear in their input.
#ifndef KHABAR_EXTRACT_SIGNALS_H_
#define KHABAR_EXTRACT_SIGNALS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/article.h"

namespace khabar::extract {

// Whitespace (ASCII, NBSP, ZW chars at the ends) trimmed from both ends.
std::string_view Trim(std::string_view s);
// Runs of whitespace collapsed to one space, ends trimmed.
std::string CollapseSpace(std::string_view s);
// Number of code points.
size_t CodePoints(std::string_view s);
// The digits of s in ASCII (Persian and Arabic-Indic folded).
std::string AsciiDigits(std::string_view s);

// A line that is only a news code: «کد خبر ۵۳۲۹۹۰», «کد خبر: 123», «شناسه خبر: 12»,
// «کد مطلب: 12», «کد ۵۳۲۹۹۰», «News ID: 12». Returns the id in ASCII digits,
// or "" (also for longer lines that merely mention one).
std::string NewsIdFromLine(std::string_view line);
// The first news code anywhere in text («کد خبر: ۱۲۳» inside a longer line), or "".
std::string NewsIdInText(std::string_view text);
// The numeric id in a news URL: /news/1353889/…, /fa/news/7349926/…, ?id=…, or "".
std::string NewsIdFromUrl(std::string_view url);

// «به گزارش ایسنا به نقل از X،» → agency «ایسنا», via {X}; «منبع: X» → agency X.
// Returns false when the paragraph carries no attribution.
bool ParseAttribution(std::string_view paragraph, ArticleSource* source);

// Page-chrome phrases («ارسال به دوستان», «فیلم بیشتر», «نسخه چاپی», …): true
// when the line is one of them (or short and dominated by one).
bool IsChromeLine(std::string_view line);

// True when the line ends like a sentence (. ! ? ؟ … or a closing quote after one).
bool EndsSentence(std::string_view line);

// True when Arabic-script letters outnumber Latin ones in (the first 20 KB of) s.
bool MostlyArabicScript(std::string_view s);

// True when s holds letters only Persian uses (پ چ ژ گ ک ی).
bool HasPersianLetters(std::string_view s);

// A date found in text with its label, via the time module.
struct FoundDate {
  size_t begin = 0, end = 0;
  std::string label;  // "published", "updated" or ""
  ArticleTime time;
};
// Every date expression in text (empty when the time module is not built).
std::vector<FoundDate> FindDatesIn(std::string_view text, int64_t now_unix_seconds);
// Parses one machine-readable or visible expression (ISO 8601 from JSON-LD or
// meta tags, Jalali with Persian digits, …) into *t. False if not a date.
bool ParseDateExpr(std::string_view expr, int64_t now_unix_seconds, ArticleTime* t);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_SIGNALS_H_
