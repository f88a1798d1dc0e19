// Jalali periods → UTC instant ranges cut at Tehran midnight. Internal.
#ifndef KHABAR_ARCHIVE_DATE_RANGE_H_
#define KHABAR_ARCHIVE_DATE_RANGE_H_

#include <cstdint>
#include <string_view>

#include "khabar/status.h"

namespace khabar::archive {

// [begin, end) in UTC seconds.
struct InstantRange {
  int64_t begin = 0, end = 0;
};

// The period a Jalali expression names: "1396/01/01", "1396-01-01",
// "۱۳۹۶/۰۱/۰۱" (a day), "1396-01", "فروردین ۱۳۹۶" (a month), "1396" (a year).
// Each begins at 00:00 Tehran time of its first day and ends at 00:00 of the
// day after its last. InvalidArgument naming the expression otherwise.
Result<InstantRange> JalaliPeriod(std::string_view expr);

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_DATE_RANGE_H_
