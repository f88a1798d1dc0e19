// libFuzzer target for the date parser and finder: never crash, never hang,
// and every result is internally consistent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "khabar/date_parser.h"
#include "khabar/jalali.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;  // FindDates is linear; keep runs fast
  std::string_view text(reinterpret_cast<const char*>(data), size);
  khabar::DateParseOptions opt;
  opt.now_unix_seconds = 1771772760;  // 2026-02-22T15:06:00Z
  auto d = khabar::ParseDate(text, opt);
  if (d.ok()) {
    // A returned date is always a valid date in both calendars.
    if (!khabar::ValidateJalali(d->jalali).ok() || !khabar::ValidateGregorian(d->gregorian).ok()) {
      std::abort();
    }
    (void)d->JalaliString();
    (void)d->IsoString();
    (void)d->UtcString();
    (void)khabar::FormatJalaliPersian(*d);
  } else if (size <= khabar::kMaxDateExpressionBytes && d.status().message().empty()) {
    std::abort();  // every error carries a reason
  }
  size_t last_end = 0;
  for (const auto& m : khabar::FindDates(text, opt)) {
    if (m.begin < last_end || m.end <= m.begin || m.end > size) std::abort();
    last_end = m.end;
    if (!khabar::ValidateJalali(m.date.jalali).ok()) std::abort();
  }
  return 0;
}
