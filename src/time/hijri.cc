// Hijri lunar dates in the Umm al-Qura calendar, via ICU's
// "islamic-umalqura". ICU is asked once, on first use, for the first day and
// length of every month 1300-1600 AH; lookups after that are table reads.
#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <memory>
#include <string>
#include <vector>

#include "khabar/date_parser.h"

namespace khabar {
namespace {

constexpr int kFirstYear = 1300;
constexpr int kLastYear = 1600;

struct HijriTable {
  Status status;
  std::vector<int64_t> month_start;  // days since 1970-01-01, index (y - first) * 12 + m - 1
  std::vector<int8_t> month_length;
};

HijriTable Build() {
  HijriTable t;
  UErrorCode err = U_ZERO_ERROR;
  icu::Locale loc("en@calendar=islamic-umalqura");
  std::unique_ptr<icu::Calendar> cal(
      icu::Calendar::createInstance(*icu::TimeZone::getGMT(), loc, err));
  if (U_FAILURE(err) || cal == nullptr) {
    t.status = Status::Internal(std::string("ICU islamic-umalqura: ") + u_errorName(err));
    return t;
  }
  const int months = (kLastYear - kFirstYear + 1) * 12;
  t.month_start.reserve(months);
  t.month_length.reserve(months);
  for (int y = kFirstYear; y <= kLastYear; ++y) {
    for (int m = 0; m < 12; ++m) {
      cal->clear();
      cal->set(UCAL_EXTENDED_YEAR, y);
      cal->set(UCAL_MONTH, m);
      cal->set(UCAL_DATE, 1);
      UDate ms = cal->getTime(err);
      int32_t len = cal->getActualMaximum(UCAL_DATE, err);
      if (U_FAILURE(err)) {
        t.status = Status::Internal(std::string("ICU islamic-umalqura: ") + u_errorName(err));
        return t;
      }
      int64_t days = static_cast<int64_t>(ms / 86400000.0);
      if (ms < 0 && static_cast<double>(days) * 86400000.0 != ms) --days;
      t.month_start.push_back(days);
      t.month_length.push_back(static_cast<int8_t>(len));
    }
  }
  return t;
}

const HijriTable& Table() {
  static const HijriTable* table = new HijriTable(Build());
  return *table;
}

}  // namespace

Result<int64_t> HijriToDays(const HijriDate& d) {
  if (d.year < kFirstYear || d.year > kLastYear) {
    return Status::OutOfRange("Hijri year " + std::to_string(d.year) +
                              " outside the Umm al-Qura table 1300..1600");
  }
  if (d.month < 1 || d.month > 12) {
    return Status::InvalidArgument("no such Hijri month " + std::to_string(d.month));
  }
  const HijriTable& t = Table();
  if (!t.status.ok()) return t.status;
  size_t i = static_cast<size_t>(d.year - kFirstYear) * 12 + d.month - 1;
  if (d.day < 1 || d.day > t.month_length[i]) {
    return Status::InvalidArgument("no such Hijri date " + std::to_string(d.year) + "-" +
                                   std::to_string(d.month) + "-" + std::to_string(d.day) +
                                   ": month has " + std::to_string(t.month_length[i]) +
                                   " days (Umm al-Qura)");
  }
  return t.month_start[i] + d.day - 1;
}

}  // namespace khabar
