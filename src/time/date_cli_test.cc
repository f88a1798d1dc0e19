// Runs the built `khabar date` binary and checks stdout, stderr and exit code.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct CliRun {
  int code;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Runs `khabar date <args>` with `input` on stdin.
CliRun Date(const std::string& args, const std::string& input = "") {
  // ctest runs each test as its own process, in parallel: one set of files per test.
  std::string dir = ::testing::TempDir() + "/khabar_date_" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::string in = dir + "_in", out = dir + "_out", err = dir + "_err";
  std::ofstream(in, std::ios::binary) << input;
  std::string cmd = std::string("'") + KHABAR_CLI + "' date " + args + " <'" + in + "' >'" + out +
                    "' 2>'" + err + "'";
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(out), Slurp(err)};
}

TEST(DateCli, ParsesArguments) {
  CliRun r =
      Date("--now 2026-02-22T18:36:00+03:30 'تاریخ انتشار: ۱۷:۱۴ - ۲۰-۰۱-۱۳۹۶' '۱ روز  قبل'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "1396-01-20 17:14\t2017-04-09T17:14:00+04:30\t2017-04-09T12:44:00Z\n"
            "1404-12-02 18:36\t2026-02-21T18:36:00+03:30\t2026-02-21T15:06:00Z\n");
  EXPECT_EQ(r.err, "");
}

TEST(DateCli, JsonLinesFromStdin) {
  CliRun r = Date("--json -", "۰۳ اسفند ۱۴۰۴\n۳۰ اسفند ۱۴۰۲\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out,
            "{\"calendar\":\"jalali\",\"gregorian\":\"2026-02-22\",\"input\":\"۰۳ اسفند ۱۴۰۴\","
            "\"jalali\":\"1404-12-03\",\"label\":\"\",\"local\":\"2026-02-22\",\"persian\":"
            "\"یک\u200cشنبه ۳ اسفند ۱۴۰۴\",\"precision\":\"day\",\"type\":\"date\",\"utc\":null,"
            "\"warnings\":[]}\n"
            "{\"error\":\"no such Jalali date 1402-12-30: 1402 is not a leap year\",\"input\":"
            "\"۳۰ اسفند ۱۴۰۲\",\"type\":\"error\"}\n");
  EXPECT_EQ(r.err,
            "khabar: ۳۰ اسفند ۱۴۰۲: no such Jalali date 1402-12-30: 1402 is not a leap year\n");
}

TEST(DateCli, Conversions) {
  struct Case {
    const char* args;
    int code;
    const char* out;
    const char* err;
  };
  const Case kCases[] = {
      {"--to-jalali 2017-04-09", 0, "1396-01-20\n", ""},
      {"--to-gregorian 1396-01-20", 0, "2017-04-09\n", ""},
      {"--to-gregorian ۱۴۰۳/۱۲/۳۰", 0, "2025-03-20\n", ""},
      {"--to-gregorian 1402-12-30", 2, "",
       "khabar: 1402-12-30: no such Jalali date 1402-12-30: 1402 is not a leap year\n"},
      {"--to-jalali 2017-13-01", 2, "", "khabar: 2017-13-01: no such Gregorian month 13\n"},
      {"--to-jalali yesterday", 2, "", "khabar: yesterday: expected a date written YYYY-MM-DD\n"},
      {"--now nonsense x", 2, "", "khabar: nonsense: no date found\n"},
  };
  for (const Case& c : kCases) {
    CliRun r = Date(c.args);
    EXPECT_EQ(r.code, c.code) << c.args;
    EXPECT_EQ(r.out, c.out) << c.args;
    EXPECT_EQ(r.err, c.err) << c.args;
  }
}

}  // namespace
