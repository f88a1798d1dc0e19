#include "khabar/tehran_time.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "khabar/jalali.h"
#include "time/test_util.h"

namespace khabar {
namespace {

// "YYYY-MM-DDTHH:MM:SS[Z]" -> seconds since the epoch of that clock.
int64_t Seconds(const std::string& s) {
  int y, mo, d, h, mi, se;
  EXPECT_EQ(std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se), 6) << s;
  return GregorianToDays({y, mo, d}) * 86400 + h * 3600 + mi * 60 + se;
}

int OffsetSeconds(const std::string& s) {  // "+03:30"
  int h, m;
  EXPECT_EQ(std::sscanf(s.c_str() + 1, "%d:%d", &h, &m), 2) << s;
  int v = h * 3600 + m * 60;
  return s[0] == '-' ? -v : v;
}

TEST(TehranTime, OffsetHistory) {
  struct Case {
    const char* utc;
    const char* offset;
  };
  const Case kCases[] = {
      {"1977-07-01T00:00:00", "+04:30"},  // DST at +03:30 standard
      {"1978-07-01T00:00:00", "+05:00"},  // DST at +04:00 standard
      {"1991-07-01T00:00:00", "+04:30"}, {"2005-07-01T00:00:00", "+04:30"},
      {"2006-07-01T00:00:00", "+03:30"},  // the 2006-07 pause
      {"2007-07-01T00:00:00", "+03:30"}, {"2008-07-01T00:00:00", "+04:30"},
      {"2022-07-01T00:00:00", "+04:30"}, {"2023-07-01T00:00:00", "+03:30"},  // abolished
      {"2026-02-22T15:06:00", "+03:30"}, {"2017-04-09T12:44:00", "+04:30"},
      {"2150-07-01T00:00:00", "+03:30"},
  };
  for (const Case& c : kCases) {
    auto off = TehranUtcOffset(Seconds(c.utc));
    ASSERT_TRUE(off.ok()) << off.status().ToString();
    EXPECT_EQ(FormatUtcOffset(*off), c.offset) << c.utc;
  }
  EXPECT_EQ(FormatUtcOffset(12344), "+03:25:44");
  EXPECT_EQ(FormatUtcOffset(-18000), "-05:00");
}

TEST(TehranTime, PolicyForGapAndOverlap) {
  // 2017-03-22 00:30 does not exist; read at +03:30 (= 01:30 +04:30).
  auto gap = TehranLocalToUtc(Seconds("2017-03-22T00:30:00"));
  ASSERT_TRUE(gap.ok());
  EXPECT_EQ(gap->kind, LocalTimeKind::kNonexistent);
  EXPECT_EQ(gap->utc_seconds, Seconds("2017-03-21T21:00:00"));
  EXPECT_EQ(gap->offset_seconds, 12600);
  // 2017-09-21 23:30 happens twice; the earlier (+04:30) is chosen.
  auto overlap = TehranLocalToUtc(Seconds("2017-09-21T23:30:00"));
  ASSERT_TRUE(overlap.ok());
  EXPECT_EQ(overlap->kind, LocalTimeKind::kAmbiguous);
  EXPECT_EQ(overlap->utc_seconds, Seconds("2017-09-21T19:00:00"));
  EXPECT_EQ(overlap->offset_seconds, 16200);
  // After the abolition the same wall time is ordinary.
  auto plain = TehranLocalToUtc(Seconds("2023-03-22T00:30:00"));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->kind, LocalTimeKind::kUnique);
  EXPECT_EQ(plain->utc_seconds, Seconds("2023-03-21T21:00:00"));
}

// Every row of tehran_tz_vectors.tsv: kind, the compatible reading, both
// readings around a transition, both offsets, and the Jalali date.
TEST(TehranTime, SharedVectors) {
  std::string path = testing::SharedFile("data/jalali/tehran_tz_vectors.tsv");
  if (path.empty()) GTEST_SKIP() << "shared data absent (set KHABAR_SHARED_DIR): tehran_tz_vectors";
  std::string text;
  ASSERT_TRUE(testing::ReadFileGz(path, &text));
  int rows = 0, gaps = 0, overlaps = 0;
  for (const auto& f : testing::ParseTsv(text)) {
    if (f.size() < 8 || f[0] == "local") continue;
    int64_t local = Seconds(f[0]);
    auto r = TehranLocalToUtc(local);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const char* kind = r->kind == LocalTimeKind::kUnique        ? "unique"
                       : r->kind == LocalTimeKind::kNonexistent ? "nonexistent"
                                                                : "ambiguous";
    EXPECT_EQ(kind, f[2]) << f[0];
    EXPECT_EQ(r->utc_seconds, Seconds(f[3])) << f[0];
    EXPECT_EQ(r->utc_pre, Seconds(f[4])) << f[0];
    EXPECT_EQ(r->utc_post, Seconds(f[5])) << f[0];
    EXPECT_EQ(r->offset_pre_seconds, OffsetSeconds(f[6])) << f[0];
    EXPECT_EQ(r->offset_post_seconds, OffsetSeconds(f[7])) << f[0];
    auto j = DaysToJalali(local / 86400);
    ASSERT_TRUE(j.ok());
    char jal[16];
    std::snprintf(jal, sizeof jal, "%04d-%02d-%02d", j->year, j->month, j->day);
    EXPECT_EQ(jal, f[1]) << f[0];
    gaps += r->kind == LocalTimeKind::kNonexistent;
    overlaps += r->kind == LocalTimeKind::kAmbiguous;
    ++rows;
  }
  EXPECT_EQ(rows, 349);
  std::printf("[tehran_tz] %d rows checked (%d nonexistent, %d ambiguous)\n", rows, gaps, overlaps);
}

}  // namespace
}  // namespace khabar
