// Jalali and Gregorian civil dates. See include/khabar/jalali.h and doc/calendar.md.
#include "khabar/jalali.h"

#include <array>
#include <string>

namespace khabar {
namespace {

// Floor division for a possibly negative numerator and a positive divisor.
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }

// Years (AP) in which the 33-year rule says "leap" but the astronomical rule
// (equinox before/after noon at the 52.5 E meridian) makes the year common and
// the following one leap. Taken as data from ICU4X's calendrical_calculations
// (persian.rs, matched there against the astronomical calendar for 1178-3000
// AP); our own tests check it against the official table 1206-1498 and
// jalaali-js 1900-2100. doc/calendar.md lists the consequences.
constexpr std::array<int, 78> kNonLeapCorrections = {
    1502, 1601, 1634, 1667, 1700, 1733, 1766, 1799, 1832, 1865, 1898, 1931, 1964, 1997, 2030, 2059,
    2063, 2096, 2129, 2158, 2162, 2191, 2195, 2224, 2228, 2257, 2261, 2290, 2294, 2323, 2327, 2356,
    2360, 2389, 2393, 2422, 2426, 2455, 2459, 2488, 2492, 2521, 2525, 2554, 2558, 2587, 2591, 2620,
    2624, 2653, 2657, 2686, 2690, 2719, 2723, 2748, 2752, 2756, 2781, 2785, 2789, 2818, 2822, 2847,
    2851, 2855, 2880, 2884, 2888, 2913, 2917, 2921, 2946, 2950, 2954, 2979, 2983, 2987};
constexpr int kFirstCorrection = 1502;
constexpr int kLastCorrection = 2987;
constexpr int kCorrectionSpan = kLastCorrection - kFirstCorrection + 1;

// A bitset over [kFirstCorrection, kLastCorrection] for O(1) lookups.
struct CorrectionBits {
  std::array<uint64_t, (kCorrectionSpan + 63) / 64> words{};
  constexpr CorrectionBits() {
    for (int y : kNonLeapCorrections) {
      int i = y - kFirstCorrection;
      words[i / 64] |= uint64_t{1} << (i % 64);
    }
  }
};
constexpr CorrectionBits kCorrectionBits;

inline bool IsCorrected(int year) {
  if (year < kFirstCorrection || year > kLastCorrection) return false;
  int i = year - kFirstCorrection;
  return (kCorrectionBits.words[i / 64] >> (i % 64)) & 1;
}

inline bool RuleLeap(int64_t year) {
  int64_t r = (25 * year + 11) % 33;
  if (r < 0) r += 33;
  return r < 8;
}

// Days since 1970-01-01 of 1 Farvardin 1 AP (= Julian 622-03-19, JDN 1948320 + 1).
constexpr int64_t kJalaliEpochDays = -492268;

// Days since 1970-01-01 of 1 Farvardin `year`, for any year.
inline int64_t NewYearDays(int64_t year) {
  // floor((8y + 21) / 33) counts the 33-year-rule leap years among 1..y-1.
  int64_t days = kJalaliEpochDays + 365 * (year - 1) + FloorDiv(8 * year + 21, 33);
  if (IsCorrected(static_cast<int>(year - 1))) --days;
  return days;
}

// Days before the first of `month` (1..12) in a Jalali year.
inline int DaysBeforeJalaliMonth(int month) {
  return month <= 7 ? 31 * (month - 1) : 30 * (month - 1) + 6;
}

std::string Pad(int v, int width) {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return v < 0 ? "-" + s : s;
}

}  // namespace

bool IsJalaliLeapYear(int year) {
  if (IsCorrected(year)) return false;
  if (IsCorrected(year - 1)) return true;
  return RuleLeap(year);
}

int JalaliMonthLength(int year, int month) {
  if (month < 1 || month > 12) return 0;
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return IsJalaliLeapYear(year) ? 30 : 29;
}

Status ValidateJalali(const JalaliDate& d) {
  if (d.year < kMinJalaliYear || d.year > kMaxJalaliYear) {
    return Status::OutOfRange("Jalali year " + std::to_string(d.year) + " outside " +
                              std::to_string(kMinJalaliYear) + ".." +
                              std::to_string(kMaxJalaliYear));
  }
  if (d.month < 1 || d.month > 12) {
    return Status::InvalidArgument("no such Jalali month " + std::to_string(d.month));
  }
  int len = JalaliMonthLength(d.year, d.month);
  if (d.day < 1 || d.day > len) {
    std::string what =
        "no such Jalali date " + Pad(d.year, 4) + "-" + Pad(d.month, 2) + "-" + Pad(d.day, 2);
    if (d.month == 12 && d.day == 30) {
      what += ": " + std::to_string(d.year) + " is not a leap year";
    } else {
      what += ": month " + std::to_string(d.month) + " has " + std::to_string(len) + " days";
    }
    return Status::InvalidArgument(what);
  }
  return Status::Ok();
}

int64_t JalaliNewYearDays(int year) { return NewYearDays(year); }

int JalaliDayOfYear(const JalaliDate& d) { return DaysBeforeJalaliMonth(d.month) + d.day; }

bool IsGregorianLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int GregorianMonthLength(int year, int month) {
  static constexpr int kLen[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsGregorianLeapYear(year)) return 29;
  return kLen[month];
}

Status ValidateGregorian(const GregorianDate& d) {
  if (d.month < 1 || d.month > 12) {
    return Status::InvalidArgument("no such Gregorian month " + std::to_string(d.month));
  }
  int len = GregorianMonthLength(d.year, d.month);
  if (d.day < 1 || d.day > len) {
    return Status::InvalidArgument(
        "no such Gregorian date " + Pad(d.year, 4) + "-" + Pad(d.month, 2) + "-" + Pad(d.day, 2) +
        ": month " + std::to_string(d.month) + " has " + std::to_string(len) + " days");
  }
  return Status::Ok();
}

// Days from the 400-year Gregorian cycle: shift the year to start on 1 March
// so the leap day is the last day of the shifted year.
int64_t GregorianToDays(const GregorianDate& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  int64_t cycle = FloorDiv(y, 400);
  int64_t year_of_cycle = y - cycle * 400;                          // 0..399
  int64_t shifted_month = d.month > 2 ? d.month - 3 : d.month + 9;  // March = 0
  int64_t day_of_year = (153 * shifted_month + 2) / 5 + d.day - 1;  // 0..365
  int64_t day_of_cycle =
      year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
  return cycle * 146097 + day_of_cycle - 719468;  // 719468 = days 0000-03-01 .. 1970-01-01
}

GregorianDate DaysToGregorian(int64_t days) {
  int64_t z = days + 719468;
  int64_t cycle = FloorDiv(z, 146097);
  int64_t day_of_cycle = z - cycle * 146097;  // 0..146096
  int64_t year_of_cycle =
      (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36524 - day_of_cycle / 146096) / 365;
  int64_t day_of_year =
      day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
  int64_t shifted_month = (5 * day_of_year + 2) / 153;  // March = 0
  int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  int64_t year = year_of_cycle + cycle * 400 + (month <= 2 ? 1 : 0);
  return GregorianDate{static_cast<int>(year), month, day};
}

int64_t JalaliToDays(const JalaliDate& d) {
  return NewYearDays(d.year) + DaysBeforeJalaliMonth(d.month) + d.day - 1;
}

int64_t MinJalaliDays() { return NewYearDays(kMinJalaliYear); }
int64_t MaxJalaliDays() { return NewYearDays(kMaxJalaliYear + 1) - 1; }

Result<JalaliDate> DaysToJalali(int64_t days) {
  if (days < MinJalaliDays() || days > MaxJalaliDays()) {
    GregorianDate g = DaysToGregorian(days);
    return Status::OutOfRange("Gregorian date " + Pad(g.year, 4) + "-" + Pad(g.month, 2) + "-" +
                              Pad(g.day, 2) + " is outside Jalali years 1..3177");
  }
  // 12053 days per 33 years; the estimate is off by at most one year.
  int64_t since = days - kJalaliEpochDays;
  int year = static_cast<int>(FloorDiv(33 * since + 3, 12053) + 1);
  while (year > kMinJalaliYear && NewYearDays(year) > days) --year;
  while (NewYearDays(year + 1) <= days) ++year;
  int day_of_year = static_cast<int>(days - NewYearDays(year));  // 0-based
  int month, day;
  if (day_of_year < 186) {
    month = day_of_year / 31 + 1;
    day = day_of_year % 31 + 1;
  } else {
    int rest = day_of_year - 186;
    month = rest / 30 + 7;
    day = rest % 30 + 1;
  }
  return JalaliDate{year, month, day};
}

Result<GregorianDate> JalaliToGregorian(const JalaliDate& d) {
  Status s = ValidateJalali(d);
  if (!s.ok()) return s;
  return DaysToGregorian(JalaliToDays(d));
}

Result<JalaliDate> GregorianToJalali(const GregorianDate& d) {
  Status s = ValidateGregorian(d);
  if (!s.ok()) return s;
  if (d.year < 600 || d.year > 3900) {
    return Status::OutOfRange("Gregorian year " + std::to_string(d.year) +
                              " is outside Jalali years 1..3177");
  }
  return DaysToJalali(GregorianToDays(d));
}

Weekday WeekdayOfDays(int64_t days) {
  // 1970-01-01 was a Thursday (Weekday 5 counting from Saturday = 0).
  int64_t w = (days + 5) % 7;
  if (w < 0) w += 7;
  return static_cast<Weekday>(w);
}

int IsoWeekdayOfDays(int64_t days) {
  int64_t w = (days + 3) % 7;  // Thursday -> 3 (Monday = 0)
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

std::string_view JalaliMonthName(int month) {
  static constexpr std::string_view kNames[12] = {"فروردین", "اردیبهشت", "خرداد", "تیر",
                                                  "مرداد",   "شهریور",   "مهر",   "آبان",
                                                  "آذر",     "دی",       "بهمن",  "اسفند"};
  if (month < 1 || month > 12) return "";
  return kNames[month - 1];
}

std::string_view WeekdayName(Weekday w) {
  // U+200C (ZWNJ) written as an escape, never raw.
  static constexpr std::string_view kNames[7] = {
      "شنبه", "یک\u200cشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنج\u200cشنبه", "جمعه"};
  int i = static_cast<int>(w);
  if (i < 0 || i > 6) return "";
  return kNames[i];
}

}  // namespace khabar
