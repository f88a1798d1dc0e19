#include "archive/date_range.h"

#include <string>
#include <vector>

#include "khabar/chars.h"
#include "khabar/date_parser.h"
#include "khabar/jalali.h"
#include "khabar/tehran_time.h"

namespace khabar::archive {
namespace {

Result<int64_t> TehranMidnight(int64_t days) {
  auto r = TehranLocalToUtc(days * 86400);
  if (!r.ok()) return r.status();
  return r->utc_seconds;
}

Result<InstantRange> Period(int y, int m, int d, std::string_view expr) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("date «" + std::string(expr) + "»: " + why);
  };
  if (y < 1200 || y > 1600) return bad("year outside 1200..1600");
  int64_t first, after;
  if (m == 0) {
    first = JalaliNewYearDays(y);
    after = JalaliNewYearDays(y + 1);
  } else if (d == 0) {
    if (m < 1 || m > 12) return bad("no such month");
    first = JalaliToDays({y, m, 1});
    after = first + JalaliMonthLength(y, m);
  } else {
    Status s = ValidateJalali({y, m, d});
    if (!s.ok()) return bad(s.message());
    first = JalaliToDays({y, m, d});
    after = first + 1;
  }
  auto b = TehranMidnight(first);
  if (!b.ok()) return b.status();
  auto e = TehranMidnight(after);
  if (!e.ok()) return e.status();
  return InstantRange{*b, *e};
}

}  // namespace

Result<InstantRange> JalaliPeriod(std::string_view expr) {
  if (expr.size() > 200) return Status::InvalidArgument("date expression too long");
  std::string f = FoldForMatch(expr);
  while (!f.empty() && f.back() == ' ') f.pop_back();
  while (!f.empty() && f.front() == ' ') f.erase(0, 1);
  // Numeric: Y, Y-M, Y-M-D with - / . separators.
  std::vector<int> nums;
  bool numeric = !f.empty();
  int cur = -1;
  for (char c : f) {
    if (c >= '0' && c <= '9') {
      cur = (cur < 0 ? 0 : cur) * 10 + (c - '0');
      if (cur > 100000) numeric = false;
    } else if ((c == '-' || c == '/' || c == '.') && cur >= 0) {
      nums.push_back(cur);
      cur = -1;
    } else {
      numeric = false;
      break;
    }
  }
  if (numeric && cur >= 0) nums.push_back(cur);
  else numeric = false;
  if (numeric && !nums.empty() && nums.size() <= 3) {
    return Period(nums[0], nums.size() > 1 ? nums[1] : 0, nums.size() > 2 ? nums[2] : 0, expr);
  }
  auto p = ParseDate(expr);
  if (!p.ok() || p->calendar != DateCalendar::kJalali)
    return Status::InvalidArgument("date «" + std::string(expr) +
                                   "»: not a Jalali day, month or year");
  if (p->precision == DatePrecision::kYear) return Period(p->jalali.year, 0, 0, expr);
  if (p->precision == DatePrecision::kMonth) return Period(p->jalali.year, p->jalali.month, 0, expr);
  return Period(p->jalali.year, p->jalali.month, p->jalali.day, expr);
}

}  // namespace khabar::archive
