// Tehran wall-clock time <-> UTC, from the system time zone database
// (Asia/Tehran read through Howard Hinnant's date/tz built with USE_OS_TZDB,
// i.e. /usr/share/zoneinfo from Debian's tzdata).
//
// Iran kept daylight saving time in 1977-80, 1991-2005 and 2008-2022 (clocks
// forward at 00:00 on 2 Farvardin, back at 24:00 on 30 Shahrivar), paused it in
// 2006-07 and abolished it from 1402 (2023). The zone's history is read once,
// on first use, into an immutable table; every call after that is a binary
// search, allocation-free and thread-safe.
//
// Policy for wall times that do not map to exactly one instant ("compatible",
// as in RFC 9557 / JavaScript Temporal):
//   - nonexistent (the skipped hour 00:00-00:59 on 2 Farvardin of a DST year):
//     read with the offset in force before the jump (+03:30), which is the
//     instant the clock would show one hour later (01:xx +04:30);
//   - ambiguous (the repeated hour 23:00-23:59 on 30 Shahrivar): the earlier
//     of the two instants (still +04:30).
// Both cases are reported in LocalTimeResolution::kind so callers can flag them.
#ifndef KHABAR_TEHRAN_TIME_H_
#define KHABAR_TEHRAN_TIME_H_

#include <cstdint>
#include <string>

#include "khabar/status.h"

namespace khabar {

enum class LocalTimeKind {
  kUnique,       // exactly one instant
  kNonexistent,  // in a gap (clocks jumped forward)
  kAmbiguous,    // in an overlap (clocks went back)
};

struct LocalTimeResolution {
  LocalTimeKind kind = LocalTimeKind::kUnique;
  int64_t utc_seconds = 0;  // the instant chosen by the policy above
  int offset_seconds = 0;   // offset used for utc_seconds (local - utc)
  // The readings with the offset before and after the transition; both equal
  // utc_seconds / offset_seconds when kind == kUnique.
  int64_t utc_pre = 0, utc_post = 0;
  int offset_pre_seconds = 0, offset_post_seconds = 0;
};

// `local_seconds` is a Tehran wall-clock time written as seconds since
// 1970-01-01T00:00:00 *local* (days * 86400 + seconds of day).
// Error (IoError) only if the time zone database cannot be read.
Result<LocalTimeResolution> TehranLocalToUtc(int64_t local_seconds);

// Tehran's UTC offset in seconds at an instant (e.g. 12600 for +03:30).
Result<int> TehranUtcOffset(int64_t utc_seconds);

// "+03:30", "+04:30", "-05:00"; "+03:25:44" when the offset has seconds.
std::string FormatUtcOffset(int offset_seconds);

}  // namespace khabar

#endif  // KHABAR_TEHRAN_TIME_H_
