#include "khabar/date_parser.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "time/test_util.h"

namespace khabar {
namespace {

// The crawl time of the seed page: 2026-02-22T18:36:00+03:30.
int64_t SeedNow() { return GregorianToDays({2026, 2, 22}) * 86400 + 15 * 3600 + 6 * 60; }

DateParseOptions WithNow() {
  DateParseOptions o;
  o.now_unix_seconds = SeedNow();
  return o;
}

bool HasWarning(const ParsedDate& d, std::string_view needle) {
  for (const auto& w : d.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(DateParser, Expressions) {
  struct Case {
    const char* expr;
    const char* jalali;  // JalaliString
    const char* iso;     // IsoString
    const char* utc;     // UtcString
    const char* label;
    DateCalendar calendar;
  };
  const Case kCases[] = {
      {"۰۳ اسفند ۱۴۰۴", "1404-12-03", "2026-02-22", "", "", DateCalendar::kJalali},
      {"به روز شده در: ۰۳ اسفند ۱۴۰۴ - ۱۸:۳۶", "1404-12-03 18:36", "2026-02-22T18:36:00+03:30",
       "2026-02-22T15:06:00Z", "updated", DateCalendar::kJalali},
      {"تاریخ انتشار: ۱۷:۱۴ - ۲۰-۰۱-۱۳۹۶", "1396-01-20 17:14", "2017-04-09T17:14:00+04:30",
       "2017-04-09T12:44:00Z", "published", DateCalendar::kJalali},
      {"انتشار: ۱۷:۱۴ - ۲۰-۰۱-۱۳۹۶", "1396-01-20 17:14", "2017-04-09T17:14:00+04:30",
       "2017-04-09T12:44:00Z", "published", DateCalendar::kJalali},
      {"آخرین بروزرسانی: 1396/01/20", "1396-01-20", "2017-04-09", "", "updated",
       DateCalendar::kJalali},
      {"بروزرسانی ۱۳۹۶.۱.۲۰", "1396-01-20", "2017-04-09", "", "updated", DateCalendar::kJalali},
      {"۱۲ رجب ۱۴۳۸", "1396-01-20", "2017-04-09", "", "", DateCalendar::kHijri},
      {"۹ آوریل ۲۰۱۷", "1396-01-20", "2017-04-09", "", "", DateCalendar::kGregorian},
      {"آوریل ۲۰۱۷", "1396-01-12", "2017-04", "", "", DateCalendar::kGregorian},
      {"فروردین ۱۳۹۶", "1396-01", "2017-03-21", "", "", DateCalendar::kJalali},
      {"۱۵ دی ماه ۱۴۰۲", "1402-10-15", "2024-01-05", "", "", DateCalendar::kJalali},
      {"۱۲:۰۰ ب.ظ ۱۴۰۴/۰۵/۱۰", "1404-05-10 12:00", "2025-08-01T12:00:00+03:30",
       "2025-08-01T08:30:00Z", "", DateCalendar::kJalali},
      {"2017-04-09T12:44:00Z", "1396-01-20 17:14", "2017-04-09T17:14:00+04:30",
       "2017-04-09T12:44:00Z", "", DateCalendar::kIso},
      {"2017-04-09", "1396-01-20", "2017-04-09", "", "", DateCalendar::kIso},
      {"1920-01-01T12:00:00Z", "1298-10-10 15:25:44", "1920-01-01T15:25:44+03:25:44",
       "1920-01-01T12:00:00Z", "", DateCalendar::kIso},
      {"۲۹ اردیبهشت\u200cماه ۱۴۰۴", "1404-02-29", "2025-05-19", "", "", DateCalendar::kJalali},
      {"۱۴۰۴ / ۰۹ / ۲۲", "1404-09-22", "2025-12-13", "", "", DateCalendar::kJalali},
      {"۱۲ ربیع\u200cالاول ۱۴۴۶ ه.ق", "1403-06-25", "2024-09-15", "", "", DateCalendar::kHijri},
      {"۲۳ مارس ۲۰۲۵", "1404-01-03", "2025-03-23", "", "", DateCalendar::kGregorian},
      {"۰۹:۱۵:۰۲ ق.ظ ۱۴۰۴/۰۴/۰۶", "1404-04-06 09:15:02", "2025-06-27T09:15:02+03:30",
       "2025-06-27T05:45:02Z", "", DateCalendar::kJalali},
      {"۲۹ اردیبهشت ۱۴۰۴ ساعت ۴:۳۰ بعد از ظهر", "1404-02-29 16:30", "2025-05-19T16:30:00+03:30",
       "2025-05-19T13:00:00Z", "", DateCalendar::kJalali},
      {"زمان انتشار : ۲۴ مهر ۱۴۰۲ | ۱۰:۲۰", "1402-07-24 10:20", "2023-10-16T10:20:00+03:30",
       "2023-10-16T06:50:00Z", "published", DateCalendar::kJalali},
      {"دقایقی پیش", "1404-12-03 18:36", "2026-02-22T18:36:00+03:30", "2026-02-22T15:06:00Z", "",
       DateCalendar::kRelative},
      {"۲ ماه پیش", "1404-10-03 18:36", "2025-12-24T18:36:00+03:30", "2025-12-24T15:06:00Z", "",
       DateCalendar::kRelative},
      {"دیروز", "1404-12-02", "2026-02-21", "", "", DateCalendar::kRelative},
      {"۲ ساعت و ۱۵ دقیقه پیش", "1404-12-03 16:21", "2026-02-22T16:21:00+03:30",
       "2026-02-22T12:51:00Z", "", DateCalendar::kRelative},
      {"۲ ساعت پیش", "1404-12-03 16:36", "2026-02-22T16:36:00+03:30", "2026-02-22T13:06:00Z", "",
       DateCalendar::kRelative},
  };
  for (const Case& c : kCases) {
    auto d = ParseDate(c.expr, WithNow());
    ASSERT_TRUE(d.ok()) << c.expr << ": " << d.status().ToString();
    EXPECT_EQ(d->JalaliString(), c.jalali) << c.expr;
    EXPECT_EQ(d->IsoString(), c.iso) << c.expr;
    EXPECT_EQ(d->UtcString(), c.utc) << c.expr;
    EXPECT_EQ(d->label, c.label) << c.expr;
    EXPECT_EQ(d->calendar, c.calendar) << c.expr;
  }
}

TEST(DateParser, ErrorsCarryTheReason) {
  struct Case {
    const char* expr;
    const char* message;
  };
  const Case kCases[] = {
      {"۳۰ اسفند ۱۴۰۲", "no such Jalali date 1402-12-30: 1402 is not a leap year"},
      {"1402/07/31", "no such Jalali date 1402-07-31: month 7 has 30 days"},
      {"۱۴۰۲/۱۳/۰۱", "no such Jalali month 13"},
      {"۲۵:۱۰ - ۱۴۰۲/۰۱/۰۱", "no such time 25:10"},
      {"۱۰:۶۱ ۱۴۰۲/۰۱/۰۱", "no such time 10:61"},
      {"2023-02-29", "no such Gregorian date 2023-02-29: month 2 has 28 days"},
      {"۳۱ فوریه ۲۰۲۳", "no such Gregorian date 2023-02-31: month 2 has 28 days"},
      {"۳۰ ذی\u200cالحجه ۱۲۰۰", "Hijri year 1200 outside the Umm al-Qura table 1300..1600"},
      {"۲ ساعت پیش", "relative date needs a reference time"},
      {"سلام دنیا", "no date found"},
      {"", "empty expression"},
      {"۱۲۳۴۵", "no date found"},
      {"۱۳۹۶/۰۱/۲۰/۰۵", "no date found"},
  };
  for (const Case& c : kCases) {
    auto d = ParseDate(c.expr);
    ASSERT_FALSE(d.ok()) << c.expr << " gave " << d->IsoString();
    EXPECT_EQ(d.status().message(), c.message) << c.expr;
  }
  std::string huge(kMaxDateExpressionBytes + 1, '1');
  EXPECT_EQ(ParseDate(huge).status().code(), StatusCode::kResourceExhausted);
}

TEST(DateParser, WarningsAndPolicy) {
  auto gap = ParseDate("۲ فروردین ۱۳۹۶ ساعت ۰۰:۳۰");
  ASSERT_TRUE(gap.ok());
  EXPECT_EQ(gap->UtcString(), "2017-03-21T21:00:00Z");
  EXPECT_TRUE(HasWarning(*gap, "nonexistent local time"));
  auto overlap = ParseDate("۳۰ شهریور ۱۳۹۶ - ۲۳:۳۰");
  ASSERT_TRUE(overlap.ok());
  EXPECT_EQ(overlap->UtcString(), "2017-09-21T19:00:00Z");
  EXPECT_TRUE(HasWarning(*overlap, "ambiguous local time"));
  auto wd = ParseDate("یکشنبه ۳۱ شهریور ۱۴۰۳");
  ASSERT_TRUE(wd.ok());
  EXPECT_EQ(wd->IsoString(), "2024-09-21");
  ASSERT_EQ(wd->warnings.size(), 1u);
  EXPECT_EQ(wd->warnings[0], "weekday یک\u200cشنبه does not match 1403-06-31, a شنبه");
  auto two = ParseDate("۰۲/۰۷/۲۴");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->warnings, std::vector<std::string>{"two-digit year 02 read as 1402"});
  auto junk = ParseDate("کد خبر: ۱۸۲۷۵۶۳ | ۱۴ مهر ۱۴۰۲، ۱۰:۲۰");
  ASSERT_TRUE(junk.ok());
  EXPECT_EQ(junk->IsoString(), "2023-10-06T10:20:00+03:30");
  EXPECT_TRUE(HasWarning(*junk, "ignored text before the date"));
  auto offset = ParseDate("2017-04-09T17:14:00+00:00");
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(offset->IsoString(), "2017-04-09T21:44:00+04:30");
  EXPECT_TRUE(HasWarning(*offset, "is not Tehran's"));
  auto noyear = ParseDate("۲۱ فروردین", WithNow());
  ASSERT_TRUE(noyear.ok());
  EXPECT_EQ(noyear->JalaliString(), "1404-01-21");
}

TEST(DateParser, Formatting) {
  auto d = ParseDate("۲۱ فروردین ۱۳۹۶ ساعت ۱۷:۱۴");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(FormatJalaliPersian(*d), "دوشنبه ۲۱ فروردین ۱۳۹۶ - ۱۷:۱۴");
  auto m = ParseDate("اسفند ۱۴۰۲");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(FormatJalaliPersian(*m), "اسفند ۱۴۰۲");
  JalaliDate j{1396, 1, 20};
  EXPECT_EQ(FormatJalaliNumeric(j, NumericDateStyle::kIsoLike), "1396-01-20");
  EXPECT_EQ(FormatJalaliNumeric(j, NumericDateStyle::kSlashes), "1396/01/20");
  EXPECT_EQ(FormatJalaliNumeric(j, NumericDateStyle::kPersianSlashes), "۱۳۹۶/۰۱/۲۰");
}

TEST(DateParser, FinderSpansAndSkips) {
  std::string text =
      "امروز ۱۴۰۲/۰۱/۰۱ و نسخه 1.2.3 و تلفن 021-1234-5678؛ ۳۰ اسفند ۱۴۰۲ نبود.\n"
      "ساعت ۱۰:۲۰\n۵ ابان ۱۴۰۱";
  auto found = FindDates(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), "۱۴۰۲/۰۱/۰۱");
  EXPECT_EQ(found[0].date.JalaliString(), "1402-01-01");
  EXPECT_EQ(text.substr(found[1].begin, found[1].end - found[1].begin), "۵ ابان ۱۴۰۱");
}

// The finder stays linear and exact on long, date-dense and adversarial text.
TEST(DateParser, FinderOnLongText) {
  std::string line = "خبر ۱۴۰۲/۰۷/۲۴ - ۱۰:۲۰ و ۱/۱/۱/۱/ ۱۲:۱۲:۱۲:۱۲ ۳۰ اسفند ۱۴۰۲ ساعت ساعت : - / ";
  std::string text;
  for (int i = 0; i < 2000; ++i) text += line;  // ~160 KB
  auto found = FindDates(text);
  ASSERT_EQ(found.size(), 2000u);
  EXPECT_EQ(found[1999].date.IsoString(), "2023-10-16T10:20:00+03:30");
  std::string digits(1 << 16, '7');
  EXPECT_TRUE(FindDates(digits).empty());
  std::string seps;
  for (int i = 0; i < 10000; ++i) seps += "1/";
  EXPECT_TRUE(FindDates(seps).empty());
}

// ASCII text can hold only numeric dates (n sep n sep n): the rest is ruled
// out before tokenizing; the numeric ones are still found, spaces and all.
TEST(DateParser, FinderOnAsciiText) {
  EXPECT_TRUE(FindDates("Updated 10:30 pm, items 5-6 and 7/8, v1.2").empty());
  EXPECT_TRUE(FindDates("1-2/3 and 4.5-6").empty());
  for (const char* s : {"on 2019-11-18 at noon", "18.11.2019", "27/09/2018", "1404 / 09 / 22"}) {
    auto found = FindDates(s);
    ASSERT_EQ(found.size(), 1u) << s;
  }
  EXPECT_EQ(FindDates("on 2019-11-18 at noon")[0].date.IsoString().substr(0, 10), "2019-11-18");
}

// Every row of date_expressions.tsv, through ParseDate and through FindDates.
TEST(DateParser, SharedExpressions) {
  std::string path = testing::SharedFile("data/dates/date_expressions.tsv");
  if (path.empty()) GTEST_SKIP() << "shared data absent (set KHABAR_SHARED_DIR): date_expressions";
  std::string text;
  ASSERT_TRUE(testing::ReadFileGz(path, &text));
  int rows = 0;
  for (const auto& f : testing::ParseTsv(text)) {
    if (f.size() < 6 || f[0] == "id") continue;
    ++rows;
    const std::string &expr = f[1], &kind = f[2], &iso = f[3], &utc = f[4], &notes = f[5];
    auto d = ParseDate(expr, WithNow());
    auto found = FindDates(expr, WithNow());
    if (iso == "INVALID") {
      EXPECT_FALSE(d.ok()) << f[0] << " " << expr;
      EXPECT_TRUE(found.empty()) << f[0] << " " << expr;
      continue;
    }
    ASSERT_TRUE(d.ok()) << f[0] << " " << expr << ": " << d.status().ToString();
    EXPECT_EQ(d->IsoString(), iso) << f[0] << " " << expr;
    EXPECT_EQ(d->UtcString(), utc) << f[0] << " " << expr;
    DateCalendar want = kind == "iso8601"        ? DateCalendar::kIso
                        : kind == "gregorian_fa" ? DateCalendar::kGregorian
                        : kind == "hijri"        ? DateCalendar::kHijri
                        : kind == "relative"     ? DateCalendar::kRelative
                                                 : DateCalendar::kJalali;
    EXPECT_EQ(d->calendar, want) << f[0] << " " << expr;
    if (notes.find("WEEKDAY MISMATCH") != std::string::npos) {
      EXPECT_TRUE(HasWarning(*d, "weekday")) << f[0];
    } else {
      EXPECT_FALSE(HasWarning(*d, "weekday")) << f[0];
    }
    ASSERT_EQ(found.size(), 1u) << f[0] << " " << expr;
    EXPECT_EQ(found[0].date.IsoString(), iso) << f[0];
  }
  EXPECT_EQ(rows, 42);
  std::printf("[date_expressions] %d rows checked\n", rows);
}

// The seed page's three stamps, against gold/seed.article.json.
TEST(DateParser, SeedPageStamps) {
  std::string seed = testing::SharedFile("seed/000_b7f31bdd2f87d96a.txt");
  std::string gold = testing::SharedFile("gold/seed.article.json");
  if (seed.empty() || gold.empty())
    GTEST_SKIP() << "shared data absent (set KHABAR_SHARED_DIR): seed";
  std::string text, gold_text;
  ASSERT_TRUE(testing::ReadFileGz(seed, &text));
  ASSERT_TRUE(testing::ReadFileGz(gold, &gold_text));
  auto g = nlohmann::json::parse(gold_text);
  auto found = FindDates(text);
  ASSERT_EQ(found.size(), 4u);
  // Header date, the update stamp, the published stamp twice (desktop + mobile).
  EXPECT_EQ(found[0].date.label, "");
  EXPECT_EQ(found[0].date.JalaliString(), g["page"]["today"]["jalali"]);
  EXPECT_EQ(found[0].date.IsoString(), g["page"]["today"]["gregorian"]);
  EXPECT_EQ(found[1].date.label, "updated");
  EXPECT_EQ(found[1].date.JalaliString(), g["page"]["site_updated"]["jalali"]);
  EXPECT_EQ(found[1].date.IsoString(), g["page"]["site_updated"]["iso"]);
  EXPECT_EQ(found[1].date.UtcString(), g["page"]["site_updated"]["utc"]);
  for (int k : {2, 3}) {
    EXPECT_EQ(found[k].date.label, "published");
    EXPECT_EQ(found[k].date.JalaliString(), g["article"]["published"]["jalali"]);
    EXPECT_EQ(found[k].date.IsoString(), g["article"]["published"]["iso"]);
    EXPECT_EQ(found[k].date.UtcString(), g["article"]["published"]["utc"]);
  }
  EXPECT_EQ(text.substr(found[1].begin, found[1].end - found[1].begin),
            "به روز شده در: ۰۳ اسفند ۱۴۰۴ - ۱۸:۳۶");
  EXPECT_EQ(text.substr(found[2].begin, found[2].end - found[2].begin),
            "تاریخ انتشار: ۱۷:۱۴ - ۲۰-۰۱-۱۳۹۶");
}

}  // namespace
}  // namespace khabar
