#include "khabar/lexicon.h"

#include <gtest/gtest.h>

#include "khabar/chars.h"

namespace khabar {
namespace {

const std::string Z(kZwnjUtf8);

TEST(Lexicon, FromWordsUnifiesArabicLetters) {
  auto lex = Lexicon::FromWords({"كتاب", "می" + Z + "داند", "آنها"});
  EXPECT_EQ(lex->size(), 3u);
  EXPECT_TRUE(lex->Contains("کتاب"));
  EXPECT_FALSE(lex->Contains("كتاب"));
  EXPECT_TRUE(lex->Contains("می" + Z + "داند"));
  EXPECT_FALSE(lex->Contains("میداند"));
  EXPECT_TRUE(lex->ContainsLoose("میداند"));
  EXPECT_EQ(lex->ZwnjSpelling("میداند"), "می" + Z + "داند");
  EXPECT_EQ(lex->ZwnjSpelling("آنها"), "");
}

// The word list's own spelling of a hamza seat and the one news text uses are
// both known; the word list's stays the ZWNJ spelling of its own form.
TEST(Lexicon, HamzaSpellingsAreKnown) {
  auto lex = Lexicon::FromWords(
      {"مسؤول", "ارایه" + Z + "دهنده", "ارایه", "ایران", "برای", "پاییز", "کتابهایش"});
  EXPECT_TRUE(lex->Contains("مسئول"));
  EXPECT_TRUE(lex->Contains("ارائه"));
  EXPECT_TRUE(lex->Contains("ارائه" + Z + "دهنده"));
  EXPECT_EQ(lex->ZwnjSpelling("ارائهدهنده"), "ارائه" + Z + "دهنده");
  EXPECT_EQ(lex->ZwnjSpelling("ارایهدهنده"), "ارایه" + Z + "دهنده");
  EXPECT_TRUE(lex->Contains("پائیز"));
  EXPECT_FALSE(lex->Contains("ائران"));  // «ای» at the start of a word is no hamza seat
  EXPECT_FALSE(lex->Contains("برائ"));   // nor at its end
  EXPECT_FALSE(lex->Contains("کتابهائش"));  // nor the plural «ها» + «یش»
  EXPECT_EQ(lex->size(), 11u);
}

TEST(Lexicon, LoadMissingFileIsNotFound) {
  auto r = Lexicon::Load("/nonexistent/fa.dic");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/fa.dic"), std::string::npos);
}

TEST(Lexicon, DefaultIsMyspellFa) {
  auto lex = Lexicon::Default();
  if (!lex) GTEST_SKIP() << "myspell-fa is not installed (scripts/install-deps installs it)";
  EXPECT_GT(lex->size(), 300000u);
  EXPECT_TRUE(lex->Contains("گفت" + Z + "وگو"));
  EXPECT_EQ(lex->ZwnjSpelling("بینالمللی"), "بین" + Z + "المللی");
}

}  // namespace
}  // namespace khabar
