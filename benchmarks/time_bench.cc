// Time module kernels: Jalali <-> Gregorian conversions (khabar vs ICU's
// PersianCalendar, side by side, with the ratio printed) and date-expression
// parses. Before timing, the two converters are checked to agree on every day
// used, and every expression is checked to parse.
//
//   build-*/benchmarks/time_bench [--benchmark_min_time=0.5]
#include <benchmark/benchmark.h>
#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "khabar/date_parser.h"
#include "khabar/jalali.h"

namespace {

using khabar::GregorianDate;
using khabar::JalaliDate;

// Every day of 1300-1499 AP (about 73,000 dates).
const std::vector<JalaliDate>& JalaliDays() {
  static const std::vector<JalaliDate> days = [] {
    std::vector<JalaliDate> v;
    for (int y = 1300; y < 1500; ++y) {
      for (int m = 1; m <= 12; ++m) {
        for (int d = 1; d <= khabar::JalaliMonthLength(y, m); ++d) v.push_back({y, m, d});
      }
    }
    return v;
  }();
  return days;
}

const std::vector<GregorianDate>& GregorianDays() {
  static const std::vector<GregorianDate> days = [] {
    std::vector<GregorianDate> v;
    for (const JalaliDate& j : JalaliDays()) v.push_back(*khabar::JalaliToGregorian(j));
    return v;
  }();
  return days;
}

struct Icu {
  std::unique_ptr<icu::Calendar> persian;
  std::unique_ptr<icu::Calendar> gregorian;
  Icu() {
    UErrorCode err = U_ZERO_ERROR;
    persian.reset(icu::Calendar::createInstance(*icu::TimeZone::getGMT(),
                                                icu::Locale("fa_IR@calendar=persian"), err));
    gregorian.reset(icu::Calendar::createInstance(*icu::TimeZone::getGMT(),
                                                  icu::Locale("en@calendar=gregorian"), err));
    if (U_FAILURE(err)) {
      std::fprintf(stderr, "time_bench: ICU: %s\n", u_errorName(err));
      std::exit(2);
    }
    // Proleptic Gregorian, as khabar's.
    if (auto* g = dynamic_cast<icu::GregorianCalendar*>(gregorian.get())) {
      g->setGregorianChange(-1e300, err);
    }
  }
  GregorianDate ToGregorian(const JalaliDate& j) {
    UErrorCode err = U_ZERO_ERROR;
    persian->clear();
    persian->set(UCAL_EXTENDED_YEAR, j.year);
    persian->set(UCAL_MONTH, j.month - 1);
    persian->set(UCAL_DATE, j.day);
    gregorian->setTime(persian->getTime(err), err);
    return {gregorian->get(UCAL_EXTENDED_YEAR, err), gregorian->get(UCAL_MONTH, err) + 1,
            gregorian->get(UCAL_DATE, err)};
  }
  JalaliDate ToJalali(const GregorianDate& g) {
    UErrorCode err = U_ZERO_ERROR;
    gregorian->clear();
    gregorian->set(UCAL_EXTENDED_YEAR, g.year);
    gregorian->set(UCAL_MONTH, g.month - 1);
    gregorian->set(UCAL_DATE, g.day);
    persian->setTime(gregorian->getTime(err), err);
    return {persian->get(UCAL_EXTENDED_YEAR, err), persian->get(UCAL_MONTH, err) + 1,
            persian->get(UCAL_DATE, err)};
  }
};

void CheckAgreement() {
  Icu icu;
  const auto& j = JalaliDays();
  const auto& g = GregorianDays();
  size_t bad = 0;
  for (size_t i = 0; i < j.size(); ++i) {
    bad += !(icu.ToGregorian(j[i]) == g[i]) || !(icu.ToJalali(g[i]) == j[i]) ||
           !(*khabar::GregorianToJalali(g[i]) == j[i]);
  }
  std::fprintf(stderr, "time_bench: khabar and ICU agree on %zu of %zu days (1300-1499 AP)\n",
               j.size() - bad, j.size());
  if (bad != 0) std::exit(1);
}

void BM_Khabar_JalaliToGregorian(benchmark::State& state) {
  const auto& days = JalaliDays();
  size_t i = 0;
  for (auto _ : state) {
    auto g = khabar::JalaliToGregorian(days[i]);
    benchmark::DoNotOptimize(g);
    if (++i == days.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Khabar_JalaliToGregorian);

void BM_Icu_JalaliToGregorian(benchmark::State& state) {
  Icu icu;
  const auto& days = JalaliDays();
  size_t i = 0;
  for (auto _ : state) {
    auto g = icu.ToGregorian(days[i]);
    benchmark::DoNotOptimize(g);
    if (++i == days.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Icu_JalaliToGregorian);

void BM_Khabar_GregorianToJalali(benchmark::State& state) {
  const auto& days = GregorianDays();
  size_t i = 0;
  for (auto _ : state) {
    auto j = khabar::GregorianToJalali(days[i]);
    benchmark::DoNotOptimize(j);
    if (++i == days.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Khabar_GregorianToJalali);

void BM_Icu_GregorianToJalali(benchmark::State& state) {
  Icu icu;
  const auto& days = GregorianDays();
  size_t i = 0;
  for (auto _ : state) {
    auto j = icu.ToJalali(days[i]);
    benchmark::DoNotOptimize(j);
    if (++i == days.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Icu_GregorianToJalali);

const std::vector<std::string>& Expressions() {
  static const std::vector<std::string> e = {
      "۰۳ اسفند ۱۴۰۴",
      "به روز شده در: ۰۳ اسفند ۱۴۰۴ - ۱۸:۳۶",
      "تاریخ انتشار: ۱۷:۱۴ - ۲۰-۰۱-۱۳۹۶",
      "انتشار: ۱۷:۱۴ - ۲۰-۰۱-۱۳۹۶",
      "دوشنبه ۲۱ فروردین ۱۳۹۶ ساعت ۱۷:۱۴",
      "06/04/1404 03:06:48 ب.ظ",
      "۲۰ فروردین ۱۳۹۶، ۱۷:۱۴",
      "شنبه / ۲۲ آذر ۱۴۰۴ / ۱۳:۱۹",
      "2017-04-09T17:14:00+04:30",
      "۱۳۹۶-۰۱-۲۰ ۱۷:۱۴:۰۰",
      "۱۰ آگوست ۲۰۱۲",
      "۲ ساعت پیش",
  };
  return e;
}

void BM_Khabar_ParseDate(benchmark::State& state) {
  const auto& exprs = Expressions();
  khabar::DateParseOptions opt;
  opt.now_unix_seconds = 1771772760;  // 2026-02-22T15:06:00Z
  for (const auto& e : exprs) {
    if (!khabar::ParseDate(e, opt).ok()) {
      std::fprintf(stderr, "time_bench: does not parse: %s\n", e.c_str());
      std::exit(1);
    }
  }
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    auto d = khabar::ParseDate(exprs[i], opt);
    benchmark::DoNotOptimize(d);
    bytes += exprs[i].size();
    if (++i == exprs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Khabar_ParseDate);

// FindDates over running text: the seed page when the shared data is present,
// else a synthetic page of the same shape.
void BM_Khabar_FindDates(benchmark::State& state) {
  std::string text;
  if (FILE* f = std::fopen(KHABAR_SHARED_DIR "/seed/000_b7f31bdd2f87d96a.txt", "rb")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
  } else {
    for (int i = 0; i < 20; ++i) text += "متن خبر در این بخش آمده است و ادامه دارد. ";
    text += "\nتاریخ انتشار: ۱۷:۱۴ - ۲۰-۰۱-۱۳۹۶\n";
  }
  if (khabar::FindDates(text).empty()) {
    std::fprintf(stderr, "time_bench: FindDates found nothing\n");
    std::exit(1);
  }
  for (auto _ : state) {
    auto found = khabar::FindDates(text);
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Khabar_FindDates);

// Prints as usual, then the khabar/ICU ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      auto it = r.counters.find("items_per_second");
      if (it != r.counters.end()) rate_[r.benchmark_name()] = it->second.value;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    for (const char* dir : {"JalaliToGregorian", "GregorianToJalali"}) {
      double k = rate_[std::string("BM_Khabar_") + dir], i = rate_[std::string("BM_Icu_") + dir];
      if (k > 0 && i > 0) {
        std::printf("%-20s khabar %.2fM/s  ICU PersianCalendar %.2fM/s  ratio %.1fx\n", dir,
                    k / 1e6, i / 1e6, k / i);
      }
    }
    double p = rate_["BM_Khabar_ParseDate"];
    if (p > 0) std::printf("%-20s khabar %.2fM/s\n", "ParseDate", p / 1e6);
  }

 private:
  std::map<std::string, double> rate_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  CheckAgreement();
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
