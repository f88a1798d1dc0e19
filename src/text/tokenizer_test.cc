#include "khabar/tokenizer.h"

#include <gtest/gtest.h>

#include "khabar/chars.h"

namespace khabar {
namespace {

const std::string Z(kZwnjUtf8);

std::string Show(std::string_view text) {
  std::string s;
  for (const Token& t : TokenizeWords(text)) {
    if (!s.empty()) s += " | ";
    s += std::string(t.text(text)) + "/" + TokenKindName(t.kind);
  }
  return s;
}

TEST(Tokenizer, Words) {
  struct {
    std::string in, want;
  } cases[] = {
      {"کتاب" + Z + "ها را خواندم.", "کتاب" + Z + "ها/word | را/word | خواندم/word | ./punctuation"},
      {"قیمت ۱۲٬۵۴۳ و ۳٫۵ و 10.5", "قیمت/word | ۱۲٬۵۴۳/number | و/word | ۳٫۵/number | و/word | 10.5/number"},
      {"تاریخ ۱۳۹۶/۰۱/۲۰ ساعت ۱۷:۱۴", "تاریخ/word | ۱۳۹۶/۰۱/۲۰/date | ساعت/word | ۱۷:۱۴/time"},
      {"۲۰-۰۱-۱۳۹۶", "۲۰-۰۱-۱۳۹۶/date"},
      {"رشد ۲۵٪", "رشد/word | ۲۵٪/number"},
      {"https://fa.wikipedia.org/wiki/ایران، خوب", "https://fa.wikipedia.org/wiki/ایران/url | ،/punctuation | خوب/word"},
      {"test@example.com را", "test@example.com/email | را/word"},
      {"#خبر_فوری @khabar", "#خبر_فوری/hashtag | @khabar/mention"},
      {"iPhone don't", "iPhone/latin | don't/latin"},
      {"عالی 😂😂 👍🏽", "عالی/word | 😂/emoji | 😂/emoji | 👍🏽/emoji"},
      {"واقعا؟!", "واقعا/word | ؟!/punctuation"},
  };
  for (const auto& c : cases) EXPECT_EQ(Show(c.in), c.want) << c.in;
}

TEST(Tokenizer, Offsets) {
  std::string s = "من  رفتم";
  auto t = TokenizeWords(s);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 4u);
  EXPECT_EQ(t[1].begin, 6u);
  EXPECT_EQ(t[1].end, s.size());
}

std::vector<std::string> Sents(std::string_view s) {
  std::vector<std::string> out;
  for (const Sentence& x : SplitSentences(s)) out.emplace_back(s.substr(x.begin, x.end - x.begin));
  return out;
}

TEST(Tokenizer, Sentences) {
  EXPECT_EQ(Sents("جدا کردن ساده است. تقریبا البته!"),
            (std::vector<std::string>{"جدا کردن ساده است.", "تقریبا البته!"}));
  EXPECT_EQ(Sents("ناصر گفت: «من می" + Z + "روم. تو بمان.» و رفت."),
            (std::vector<std::string>{"ناصر گفت: «من می" + Z + "روم. تو بمان.» و رفت."}));
  EXPECT_EQ(Sents("نرخ ۳.۵ درصد شد. خوب است؟ بله…"),
            (std::vector<std::string>{"نرخ ۳.۵ درصد شد.", "خوب است؟", "بله…"}));
  EXPECT_EQ(Sents("Dr. Smith came. He left."),
            (std::vector<std::string>{"Dr. Smith came.", "He left."}));
  EXPECT_EQ(Sents("ساعت ۱۰ ق.ظ آمد. رفت"), (std::vector<std::string>{"ساعت ۱۰ ق.ظ آمد.", "رفت"}));
  EXPECT_EQ(Sents("خط اول\n\nخط دوم"), (std::vector<std::string>{"خط اول", "خط دوم"}));
}

}  // namespace
}  // namespace khabar
