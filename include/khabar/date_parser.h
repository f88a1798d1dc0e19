// Persian date/time expressions as news sites write them: parsing one
// expression, finding every expression in running text, and formatting.
//
// Understood: Persian, Arabic-Indic and Latin digits; numeric Jalali dates
// with - / . in either order («۲۰-۰۱-۱۳۹۶», «1396/01/20», «۰۲/۰۷/۲۴»); Jalali,
// Afghan (حمل..حوت), Gregorian-in-Persian (آوریل, اوت, ژوئیه..) and Hijri lunar
// (محرم..ذی الحجه) month names with their spelling variants (Arabic ي/ك, no
// madda, with or without ZWNJ/space); weekday names (checked against the
// date, never used to shift it); times («۱۷:۱۴», «ساعت ۱۷:۱۴», «ق.ظ»/«ب.ظ»);
// labels («تاریخ انتشار:», «انتشار:» -> "published"; «به روز شده در:»,
// «آخرین بروزرسانی», «بروزرسانی» -> "updated"); relative times («۲ ساعت پیش»,
// «دیروز», «لحظاتی پیش») against DateParseOptions::now_unix_seconds; ISO 8601.
//
// Hijri lunar dates use the Umm al-Qura calendar (ICU's "islamic-umalqura",
// table-driven for 1300-1600 AH); Iran's official lunar dates follow moon
// sighting and may differ by a day. Times are Tehran wall-clock times, turned
// into UTC through khabar/tehran_time.h (see its DST policy).
//
// Size caps and complexity: ParseDate rejects expressions longer than
// kMaxDateExpressionBytes; FindDates is linear in the text (each position
// is tried with a bounded look-ahead). Both are thread-safe.
#ifndef KHABAR_DATE_PARSER_H_
#define KHABAR_DATE_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/jalali.h"
#include "khabar/status.h"

namespace khabar {

enum class DateCalendar { kJalali, kGregorian, kHijri, kIso, kRelative };
enum class DatePrecision { kYear, kMonth, kDay, kMinute, kSecond };

inline constexpr size_t kMaxDateExpressionBytes = 4096;

struct ParsedDate {
  DateCalendar calendar = DateCalendar::kJalali;  // how it was written
  // The day in both calendars (for month/year precision: the first day).
  JalaliDate jalali;
  GregorianDate gregorian;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;  // local Tehran wall time
  int utc_offset_minutes = 0;            // valid when has_time
  int utc_offset_seconds = 0;            // the same, exact (LMT before 1946 was +03:25:44)
  int64_t utc_unix_seconds = 0;          // valid when has_time
  DatePrecision precision = DatePrecision::kDay;
  // Normalized label if one preceded the date: "published", "updated", or "".
  std::string label;
  // Human-readable warnings: wrong weekday, DST gap/overlap, assumed century...
  std::vector<std::string> warnings;

  // "1396-01-20 17:14" (":SS" added when not zero), "1396-01-20",
  // or "1396-01" / "1396" by precision when written in the Jalali calendar.
  std::string JalaliString() const;
  // "2017-04-09T17:14:00+04:30" with a time, else "2017-04-09" (the Gregorian
  // day; "2017-04" / "2017" for Gregorian-written month/year precision).
  std::string IsoString() const;
  // "2017-04-09T12:44:00Z", or "" without a time.
  std::string UtcString() const;
};

struct DateParseOptions {
  // Reference instant for relative expressions («۲ ساعت پیش», «دیروز») and
  // for dates written without a year. 0 = none: such expressions are errors.
  int64_t now_unix_seconds = 0;
};

// Parses one expression (text around a single date, such as «کد خبر: ۱۲ |»,
// is skipped with a warning). Errors: InvalidArgument with the reason
// ("no such Jalali date 1402-12-30: 1402 is not a leap year", "no date found",
// "relative date needs a reference time"), ResourceExhausted past the cap.
Result<ParsedDate> ParseDate(std::string_view expr, const DateParseOptions& opt = {});

struct DateMatch {
  size_t begin = 0, end = 0;  // byte span in the text, label included
  ParsedDate date;
};

// Every well-formed date expression in `text`, in order, non-overlapping.
// Impossible dates (30 Esfand of a common year...) are skipped, never
// reported as some other date. O(text size).
std::vector<DateMatch> FindDates(std::string_view text, const DateParseOptions& opt = {});

// «دوشنبه ۲۱ فروردین ۱۳۹۶ - ۱۷:۱۴» (weekday only for day precision, time only
// when present), Persian digits.
std::string FormatJalaliPersian(const ParsedDate& d);

enum class NumericDateStyle {
  kIsoLike,        // 1396-01-20
  kSlashes,        // 1396/01/20
  kPersianSlashes  // ۱۳۹۶/۰۱/۲۰
};
std::string FormatJalaliNumeric(const JalaliDate& d, NumericDateStyle style);

// "jalali", "gregorian", "hijri", "iso", "relative".
std::string_view DateCalendarName(DateCalendar c);
// "year", "month", "day", "minute", "second".
std::string_view DatePrecisionName(DatePrecision p);

// Hijri (Umm al-Qura) <-> days since 1970-01-01. OutOfRange outside 1300-1600 AH.
struct HijriDate {
  int year = 0, month = 0, day = 0;
};
Result<int64_t> HijriToDays(const HijriDate& d);

}  // namespace khabar

#endif  // KHABAR_DATE_PARSER_H_
