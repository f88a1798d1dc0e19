// Golden cases: testdata/extract/golden/<case>/input.{html,txt} → expected.json
// (Article::ToJson with indent 1, fields not normalized so the cases do not
// move when the text core changes). To add a case: make the folder with its
// input, run this test once with KHABAR_UPDATE_GOLDEN=1, read expected.json
// by eye, commit both.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "khabar/extractor.h"

namespace khabar {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Golden, Cases) {
  fs::path root = fs::path(KHABAR_TESTDATA_DIR) / "extract" / "golden";
  ASSERT_TRUE(fs::exists(root)) << root;
  bool update = std::getenv("KHABAR_UPDATE_GOLDEN") != nullptr;
  ExtractorOptions o;
  o.normalize = false;
  o.now_unix_seconds = 1771772160;  // 2026-02-22T18:36:00+03:30, for relative dates
  const Extractor ex(o);
  int cases = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    fs::path html = dir.path() / "input.html", txt = dir.path() / "input.txt";
    Result<Article> r = Status::NotFound("no input");
    if (fs::exists(html)) {
      r = ex.ExtractHtml(Read(html));
    } else if (fs::exists(txt)) {
      r = ex.ExtractText(Read(txt));
    } else {
      continue;
    }
    ASSERT_TRUE(r.ok()) << dir.path() << ": " << r.status().ToString();
    std::string got = r->ToJson(1) + "\n";
    fs::path expected = dir.path() / "expected.json";
    if (update) {
      std::ofstream(expected, std::ios::binary) << got;
    } else {
      EXPECT_EQ(got, Read(expected)) << dir.path() << " (KHABAR_UPDATE_GOLDEN=1 rewrites it)";
    }
    ++cases;
  }
  EXPECT_GE(cases, 3);
}

}  // namespace
}  // namespace khabar
