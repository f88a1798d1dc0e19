// Asia/Tehran from the OS tz database, flattened into a transition table.
#include "khabar/tehran_time.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <limits>
#include <vector>

namespace khabar {
namespace {

struct Segment {
  int64_t start;  // first UTC second with this offset
  int offset;     // seconds east of UTC
};

struct Zone {
  Status status;
  std::vector<Segment> segments;  // sorted by start; segments[0].start = min
};

// Reads the zone's history from 1800 to 2200 (the last rule in Asia/Tehran,
// fixed +03:30 since 2023, holds for every later instant).
Zone LoadZone() {
  Zone z;
  try {
    const date::time_zone* tz = date::locate_zone("Asia/Tehran");
    using std::chrono::seconds;
    date::sys_seconds t = date::sys_days{date::year{1800} / 1 / 1};
    const date::sys_seconds stop = date::sys_days{date::year{2200} / 1 / 1};
    while (t < stop) {
      date::sys_info info = tz->get_info(t);
      int offset = static_cast<int>(info.offset.count());
      if (z.segments.empty() || z.segments.back().offset != offset) {
        int64_t start = z.segments.empty() ? std::numeric_limits<int64_t>::min() / 4
                                           : info.begin.time_since_epoch().count();
        z.segments.push_back({start, offset});
      }
      if (info.end <= t) break;
      t = info.end;
    }
    if (z.segments.empty()) z.status = Status::Internal("Asia/Tehran: empty zone history");
  } catch (const std::exception& e) {
    z.status = Status::IoError(std::string("time zone database: Asia/Tehran: ") + e.what());
  } catch (...) {
    z.status = Status::IoError("time zone database: Asia/Tehran: unknown failure");
  }
  return z;
}

const Zone& TheZone() {
  static const Zone* zone = new Zone(LoadZone());  // never destroyed: usable at exit
  return *zone;
}

// Index of the segment containing utc.
size_t SegmentAt(const std::vector<Segment>& s, int64_t utc) {
  auto it = std::upper_bound(s.begin(), s.end(), utc,
                             [](int64_t v, const Segment& seg) { return v < seg.start; });
  return it == s.begin() ? 0 : static_cast<size_t>(it - s.begin()) - 1;
}

}  // namespace

Result<int> TehranUtcOffset(int64_t utc_seconds) {
  const Zone& z = TheZone();
  if (!z.status.ok()) return z.status;
  return z.segments[SegmentAt(z.segments, utc_seconds)].offset;
}

Result<LocalTimeResolution> TehranLocalToUtc(int64_t local_seconds) {
  const Zone& z = TheZone();
  if (!z.status.ok()) return z.status;
  const auto& s = z.segments;
  // Offsets are within +-1 day, so only segments meeting [L - 1d, L + 1d] matter.
  size_t first = SegmentAt(s, local_seconds - 86400);
  size_t last = SegmentAt(s, local_seconds + 86400);
  size_t found[2];
  int n = 0;
  for (size_t i = first; i <= last && n < 2; ++i) {
    int64_t utc = local_seconds - s[i].offset;
    bool after_start = utc >= s[i].start;
    bool before_end = i + 1 == s.size() || utc < s[i + 1].start;
    if (after_start && before_end) found[n++] = i;
  }
  LocalTimeResolution r;
  if (n == 1) {
    r.kind = LocalTimeKind::kUnique;
    r.offset_seconds = r.offset_pre_seconds = r.offset_post_seconds = s[found[0]].offset;
    r.utc_seconds = r.utc_pre = r.utc_post = local_seconds - r.offset_seconds;
    return r;
  }
  if (n == 2) {
    r.kind = LocalTimeKind::kAmbiguous;
    r.offset_pre_seconds = s[found[0]].offset;
    r.offset_post_seconds = s[found[1]].offset;
  } else {
    // A gap: the transition whose pre-offset reading lands after it while
    // the post-offset reading lands before it.
    r.kind = LocalTimeKind::kNonexistent;
    size_t k = first + 1;
    for (; k <= last; ++k) {
      if (local_seconds - s[k - 1].offset >= s[k].start &&
          local_seconds - s[k].offset < s[k].start) {
        break;
      }
    }
    if (k > last || k >= s.size()) return Status::Internal("Asia/Tehran: inconsistent zone table");
    r.offset_pre_seconds = s[k - 1].offset;
    r.offset_post_seconds = s[k].offset;
  }
  r.utc_pre = local_seconds - r.offset_pre_seconds;
  r.utc_post = local_seconds - r.offset_post_seconds;
  // Compatible: gap -> pre offset (later instant); overlap -> earlier instant (pre offset).
  r.utc_seconds = r.utc_pre;
  r.offset_seconds = r.offset_pre_seconds;
  return r;
}

std::string FormatUtcOffset(int offset_seconds) {
  char sign = offset_seconds < 0 ? '-' : '+';
  int a = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  char buf[16];
  if (a % 60 != 0) {
    std::snprintf(buf, sizeof buf, "%c%02d:%02d:%02d", sign, a / 3600, a / 60 % 60, a % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 3600, a / 60 % 60);
  }
  return buf;
}

}  // namespace khabar
