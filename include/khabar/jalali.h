// The Jalali (Solar Hijri, Iranian) calendar and the proleptic Gregorian
// calendar as civil dates, and exact conversion between them.
//
// The Jalali leap years follow the 33-year arithmetic rule
//   leap(y) <=> (25 y + 11) mod 33 < 8
// with a table of 78 corrections (years 1502..2987) where the astronomical
// rule (vernal equinox before noon at 52.5 degrees east) puts the leap day one
// year later. This agrees with the official table of the University of Tehran
// Calendar Center for 1206-1498 AP and with jalaali-js on every day 1900-2100;
// see doc/calendar.md for where and why it differs from jalaali-js outside.
//
// Supported range: Jalali years 1..3177 (Gregorian 622-03-21 .. 3799-03-20).
// All functions are pure, allocation-free and thread-safe.
#ifndef KHABAR_JALALI_H_
#define KHABAR_JALALI_H_

#include <cstdint>
#include <string_view>

#include "khabar/status.h"

namespace khabar {

struct JalaliDate {
  int year = 0, month = 0, day = 0;  // month 1..12, day 1..31
  friend bool operator==(const JalaliDate&, const JalaliDate&) = default;
};

struct GregorianDate {
  int year = 0, month = 0, day = 0;  // proleptic Gregorian, month 1..12
  friend bool operator==(const GregorianDate&, const GregorianDate&) = default;
};

inline constexpr int kMinJalaliYear = 1;
inline constexpr int kMaxJalaliYear = 3177;

// ---- Jalali -------------------------------------------------------------

// True if Esfand has 30 days in `year`. Outside 1..3177 the plain 33-year rule.
bool IsJalaliLeapYear(int year);
// 31 for months 1-6, 30 for 7-11, 29 or 30 for 12; 0 if month is not 1..12.
int JalaliMonthLength(int year, int month);
// OK, or InvalidArgument/OutOfRange naming the bad field, e.g.
// "no such Jalali date 1402-12-30: 1402 is not a leap year".
Status ValidateJalali(const JalaliDate& d);
// Days since 1970-01-01 of 1 Farvardin `year`. REQUIRES: 1 <= year <= 3178.
int64_t JalaliNewYearDays(int year);
// Day of the year, 1..366. REQUIRES: d valid.
int JalaliDayOfYear(const JalaliDate& d);

// ---- Gregorian ----------------------------------------------------------

bool IsGregorianLeapYear(int year);
// 28..31; 0 if month is not 1..12.
int GregorianMonthLength(int year, int month);
Status ValidateGregorian(const GregorianDate& d);

// ---- Day numbers (days since 1970-01-01, the Unix epoch) ----------------

// REQUIRES: d valid (ValidateGregorian). Any year that fits in int works.
int64_t GregorianToDays(const GregorianDate& d);
GregorianDate DaysToGregorian(int64_t days);
// REQUIRES: d valid (ValidateJalali).
int64_t JalaliToDays(const JalaliDate& d);
// OutOfRange if days falls outside Jalali years 1..3177.
Result<JalaliDate> DaysToJalali(int64_t days);
// The first and last day numbers representable as Jalali dates.
int64_t MinJalaliDays();
int64_t MaxJalaliDays();

// ---- Conversion -----------------------------------------------------------

// Error (with the reason) for an invalid or out-of-range date.
Result<GregorianDate> JalaliToGregorian(const JalaliDate& d);
Result<JalaliDate> GregorianToJalali(const GregorianDate& d);

// ---- Weekdays -----------------------------------------------------------

// The Iranian week starts on Saturday.
enum class Weekday { kSaturday = 0, kSunday, kMonday, kTuesday, kWednesday, kThursday, kFriday };
Weekday WeekdayOfDays(int64_t days);
// ISO 8601 weekday: 1 = Monday .. 7 = Sunday.
int IsoWeekdayOfDays(int64_t days);

// ---- Names (UTF-8, static storage) ----------------------------------------

// «فروردین» .. «اسفند»; "" if month is not 1..12.
std::string_view JalaliMonthName(int month);
// «شنبه», «یک<ZWNJ>شنبه», «دوشنبه», «سه<ZWNJ>شنبه», «چهارشنبه», «پنج<ZWNJ>شنبه», «جمعه»
// (<ZWNJ> = U+200C, written as an escape in the code).
std::string_view WeekdayName(Weekday w);

}  // namespace khabar

#endif  // KHABAR_JALALI_H_
