// Tests what ships: runs the built `khabar extract` and checks stdout, stderr
// and the exit code.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct CliRun {
  std::string out, err;
  int code = -1;
};

CliRun Khabar(const std::string& args) {
  // One stderr file per test: ctest runs the tests in parallel.
  std::string err_file = testing::TempDir() + "/khabar_cli_err_" +
                         testing::UnitTest::GetInstance()->current_test_info()->name() + ".txt";
  std::string cmd = std::string(KHABAR_BIN) + " " + args + " 2>" + err_file;
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  FILE* e = fopen(err_file.c_str(), "r");
  if (e) {
    while ((n = fread(buf.data(), 1, buf.size(), e)) > 0) r.err.append(buf.data(), n);
    fclose(e);
  }
  return r;
}

const std::string kDir = std::string(KHABAR_TESTDATA_DIR) + "/extract/cli/";

TEST(CliExtract, OneJsonLinePerInput) {
  CliRun r = Khabar("extract " + kDir + "page.html " + kDir + "page.html");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::istringstream lines(r.out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["type"], "article");
    EXPECT_EQ(j["input"], kDir + "page.html");
    EXPECT_EQ(j["news_id"], "42424");
    EXPECT_EQ(j["source"]["agency"], "ایرنا");
    EXPECT_EQ(j["body"].size(), 2u);
    ++count;
  }
  EXPECT_EQ(count, 2);
}

TEST(CliExtract, BadFilesReportedAndBatchGoesOn) {
  CliRun r = Khabar("extract " + kDir + "missing.html " + kDir + "broken.html.gz " + kDir + "page.html");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "khabar: " + kDir + "missing.html: No such file or directory\n" + "khabar: " + kDir +
                       "broken.html.gz: gzip: incorrect header check\n");
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
}

TEST(CliExtract, TextFormatAndStdin) {
  CliRun r = Khabar("extract --format text - < " + kDir + "page.html");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "آزمون خط فرمان");
}

TEST(CliExtract, BadFlag) {
  CliRun r = Khabar("extract --format yaml " + kDir + "page.html");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
}

}  // namespace
