#include "khabar/article.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

Article Sample() {
  Article a;
  a.input_kind = "html";
  a.title = "عنوان";
  a.lead = "لید خبر";
  a.body = {"بند یک", "بند دو"};
  a.text_content = "بند یک\n\nبند دو";
  a.published.present = true;
  a.published.has_time = true;
  a.published.jalali = "1396-01-20 17:14";
  a.published.gregorian = "2017-04-09";
  a.published.iso = "2017-04-09T17:14:00+04:30";
  a.published.utc = "2017-04-09T12:44:00Z";
  a.published.unix_seconds = 1491741840;
  a.published.origin = "text";
  a.news_id = "532990";
  a.source.agency = "ایسنا";
  a.source.via = {"مرکز"};
  a.images.push_back({"https://x/a.jpg", "alt", "cap"});
  a.other_headlines = {"h1", "h2"};
  a.boilerplate = {"ارسال به دوستان"};
  a.raw.body = a.body;
  a.warnings = {"w"};
  return a;
}

TEST(Article, JsonRoundTrip) {
  Article a = Sample();
  auto back = Article::FromJson(a.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, a);
}

TEST(Article, AbsentTimesAreNull) {
  Article a;
  std::string j = a.ToJson();
  EXPECT_NE(j.find("\"published\":null"), std::string::npos) << j;
  EXPECT_NE(j.find("\"updated\":null"), std::string::npos) << j;
}

TEST(Article, FromJsonErrors) {
  const struct {
    const char* json;
    const char* error;
  } cases[] = {
      {"{", "invalid argument: article JSON: malformed"},
      {"[]", "invalid argument: article JSON: not an object"},
      {"{\"title\": 3}", "invalid argument: article JSON: field 'title' has the wrong type"},
      {"{\"body\": [1]}", "invalid argument: article JSON: field 'body' has the wrong type"},
  };
  for (const auto& c : cases) {
    auto r = Article::FromJson(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().ToString(), c.error);
  }
}

}  // namespace
}  // namespace khabar
