// Labelled pages under ../shared/data/extract: Persian publication dates
// (htmldate's set; the aryanews label is wrong — the page and its URL say
// 1399-04-02 = 2020-06-22), and Readability's test pages as regression cases.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "khabar/extractor.h"

namespace khabar {
namespace {

std::string SharedDir() {
  const char* env = std::getenv("KHABAR_SHARED_DIR");
  return env ? env : KHABAR_SHARED_DIR;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

TEST(PersianPages, PublicationDates) {
  const struct {
    const char* file;
    const char* gregorian;
    const char* jalali_day;
    const char* news_id;
  } cases[] = {
      {"1523806243.html", "2020-02-18", "1398-11-29", "1353889"},
      {"1602557452.html", "2020-05-10", "1399-02-21", "7349926"},
      {"1641304459.html", "2020-06-22", "1399-04-02", "120200622120908039"},  // label corrected
  };
  std::string dir = SharedDir() + "/data/extract/persian_htmldate/";
  std::string probe;
  if (!ReadFile(dir + cases[0].file, &probe)) GTEST_SKIP() << "shared pages not found in " << dir;
  Extractor ex;
  for (const auto& c : cases) {
    std::string html;
    ASSERT_TRUE(ReadFile(dir + c.file, &html)) << c.file;
    auto r = ex.ExtractHtml(html);
    ASSERT_TRUE(r.ok()) << c.file << ": " << r.status().ToString();
    EXPECT_EQ(r->published.gregorian, c.gregorian) << c.file;
    EXPECT_EQ(r->published.jalali.substr(0, 10), c.jalali_day) << c.file;
    EXPECT_EQ(r->news_id, c.news_id) << c.file;
    // None of the three was updated after publication (their "modified" stamps
    // are at or before it), and each shows the site's own date before the title.
    EXPECT_FALSE(r->updated.present) << c.file << ": " << r->updated.raw;
    EXPECT_EQ(r->page_today.jalali, c.jalali_day) << c.file;
    EXPECT_EQ(r->lang.substr(0, 2), "fa") << c.file;
    EXPECT_EQ(r->dir, "rtl") << c.file;
    EXPECT_GE(r->body.size(), 3u) << c.file;
    // No view counters, end markers or kickers in the body.
    for (const auto& p : r->raw.body) {
      EXPECT_GT(p.size(), 8u) << c.file << ": " << p;
      EXPECT_EQ(p.find("انتهای"), std::string::npos) << c.file << ": " << p;
      EXPECT_NE(p, "رییس سازمان بورس اعلام کرد:") << c.file;
    }
    // Related-headline lists stay out of the body.
    for (const auto& h : r->other_headlines)
      for (const auto& p : r->body) EXPECT_NE(p, h) << c.file;
  }
}

TEST(ReadabilityPages, TitleAndBodyOverlap) {
  namespace fs = std::filesystem;
  fs::path base = fs::path(SharedDir()) / "data/extract/readability_testpages";
  if (!fs::exists(base)) GTEST_SKIP() << "shared pages not found in " << base;
  Extractor ex;
  int pages = 0, titles = 0;
  for (const auto& e : fs::directory_iterator(base)) {
    std::string html, meta;
    if (!ReadFile((e.path() / "source.html").string(), &html) ||
        !ReadFile((e.path() / "expected-metadata.json").string(), &meta))
      continue;
    auto r = ex.ExtractHtml(html);
    ASSERT_TRUE(r.ok()) << e.path();
    auto m = nlohmann::json::parse(meta, nullptr, false);
    ++pages;
    if (m.is_object() && m.contains("title") && m["title"].is_string() &&
        m["title"].get<std::string>() == r->raw.title)
      ++titles;
    EXPECT_FALSE(r->text_content.empty()) << e.path();
  }
  // Regression floor: measured 2026-11-25.
  EXPECT_GE(titles * 100, pages * 50) << titles << "/" << pages << " titles equal Readability's";
}

}  // namespace
}  // namespace khabar

namespace khabar {
namespace {

TEST(ArabicPages, BodySnippetsAndText) {
  std::string dir = SharedDir() + "/data/extract/";
  std::string entry, html;
  if (!ReadFile(dir + "trafilatura_arabic/evaldata_entry.json", &entry) ||
      !ReadFile(dir + "trafilatura_arabic/assabah.com.tn.article.html", &html))
    GTEST_SKIP() << "shared pages not found in " << dir;
  Extractor ex;
  auto r = ex.ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  auto v = nlohmann::json::parse(entry).begin().value();
  for (const auto& s : v["with"]) EXPECT_NE(r->text_content.find(s.get<std::string>()), std::string::npos) << s;
  for (const auto& s : v["without"]) EXPECT_EQ(r->text_content.find(s.get<std::string>()), std::string::npos) << s;
  EXPECT_EQ(r->lang, "ar");  // Arabic keeps its letters: no Persian normalization
  EXPECT_NE(r->text_content.find("ي"), std::string::npos);

  std::string cnn, expected;
  ASSERT_TRUE(ReadFile(dir + "newspaper4k_arabic/html_arabic_article.html", &cnn));
  ASSERT_TRUE(ReadFile(dir + "newspaper4k_arabic/txt_arabic_article.txt", &expected));
  auto c = ex.ExtractHtml(cnn);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->title, "معارضون يسيطرون على مخازن للصواريخ بريف دمشق");
  EXPECT_EQ(c->dir, "rtl");
  std::istringstream lines(expected);
  std::string line;
  while (std::getline(lines, line)) {
    std::string_view t = line;
    while (!t.empty() && (t.back() == ' ' || t.back() == '\r')) t.remove_suffix(1);
    if (!t.empty()) {
      EXPECT_NE(c->text_content.find(t), std::string::npos) << t;
    }
  }
}

}  // namespace
}  // namespace khabar
