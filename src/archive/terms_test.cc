// FoldTerm and the stemmer against the code they replaced (kept here as the
// reference): FoldTerm looks U+0600..U+06FF up in a table and ForEachWord
// stems from the folded forms it already has, and neither may change a term
// (the index on disk was built with the reference).
#include "archive/terms.h"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <random>

#include "khabar/chars.h"
#include "khabar/lexicon.h"
#include "khabar/tokenizer.h"

namespace khabar::archive {
namespace {

// ---- The reference: terms.cc before 2026-11-26 -----------------------------

std::string RefFoldTerm(std::string_view word) {
  std::string out;
  size_t i = 0;
  while (i < word.size()) {
    char32_t c = DecodeUtf8(word, &i);
    if (c == kZwnj || c == kZwj || c == kSoftHyphen || c == kLrm || c == kRlm || IsArabicMark(c) ||
        IsTatweel(c))
      continue;
    int d = DigitValue(c);
    if (d >= 0) {
      out.push_back(static_cast<char>('0' + d));
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      continue;
    }
    if (c == 0x066B) {
      out.push_back('.');
      continue;
    }
    if (c == 0x066C) {
      out.push_back(',');
      continue;
    }
    if (c == 0x06C0 || c == 0x0629) c = 0x0647;
    AppendUtf8(UnifyLetter(c), &out);
  }
  return out;
}

constexpr std::array<std::string_view, 16> kSuffixParts = {
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "تر", "ترین", "ی", "ای", "ام", "ات", "اش", "مان", "تان", "شان"};
constexpr std::array<std::string_view, 4> kJoinedSuffixes = {"هایی", "های", "ترین", "ها"};
constexpr std::array<std::string_view, 6> kFalseFriends = {"تنها", "رها", "بها", "انتها", "سها", "فقها"};

template <size_t N>
bool In(const std::array<std::string_view, N>& a, std::string_view s) {
  for (auto x : a)
    if (x == s) return true;
  return false;
}

std::string RefStemWord(std::string_view word) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t z = word.find(kZwnjUtf8, start);
    std::string_view piece = word.substr(start, z == std::string_view::npos ? z : z - start);
    std::string f = RefFoldTerm(piece);
    if (!f.empty()) parts.push_back(std::move(f));
    if (z == std::string_view::npos) break;
    start = z + kZwnjUtf8.size();
  }
  if (parts.empty()) return {};
  if (parts.size() > 1) {
    size_t b = 0, e = parts.size();
    while (e - b > 1 && In(kSuffixParts, parts[e - 1])) --e;
    std::string s;
    for (size_t k = b; k < e; ++k) s += parts[k];
    return s;
  }
  const std::string& w = parts[0];
  if (In(kFalseFriends, w)) return w;
  static const std::shared_ptr<const Lexicon> lex = Lexicon::Default();
  if (!lex) return w;
  for (std::string_view suf : kJoinedSuffixes) {
    if (w.size() <= suf.size() || w.compare(w.size() - suf.size(), suf.size(), suf) != 0) continue;
    std::string rest = w.substr(0, w.size() - suf.size());
    size_t cps = 0;
    for (unsigned char c : rest) cps += (c & 0xC0) != 0x80;
    if (cps < 2) continue;
    if (lex->ContainsLoose(w)) return w;
    if (lex->ContainsLoose(rest)) return rest;
    return w;
  }
  return w;
}

// ---- Tests ------------------------------------------------------------------

TEST(ArchiveTerms, FoldTermIsTheReferenceOnEveryCodePoint) {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string s = "A" + Utf8(cp) + "z";
    ASSERT_EQ(FoldTerm(s), RefFoldTerm(s)) << "U+" << std::hex << static_cast<uint32_t>(cp);
  }
}

TEST(ArchiveTerms, FoldTermIsTheReferenceOnBrokenUtf8) {
  std::mt19937 rng(3);
  // Bytes around the Arabic block's lead bytes, cut sequences, stray
  // continuation bytes.
  const unsigned char bytes[] = {0x00, 'A', 'z', '0', 0x7F, 0x80, 0x8C, 0xBF, 0xC0, 0xC2, 0xD7, 0xD8, 0xD9,
                                 0xDA, 0xDB, 0xDC, 0xE2, 0x80, 0x8C, 0xEF, 0xF0, 0xF4, 0xFF, 0xA9, 0x8A};
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 9, '\0');
    for (char& c : s) c = static_cast<char>(bytes[rng() % sizeof bytes]);
    ASSERT_EQ(FoldTerm(s), RefFoldTerm(s)) << i;
  }
}

TEST(ArchiveTerms, StemsAreTheReference) {
  std::vector<std::string> words = {
      "کتاب\u200cها", "کتاب\u200cهای", "بزرگ\u200cترین", "خانه\u200cای", "می\u200cروم", "کتابها", "کتابهای",
      "تنها", "رها", "بها", "انتها", "ایران", "جوان", "مردان", "کتابی", "علی", "پایان", "شهرستان",
      "\u200cها", "ها\u200c", "\u200c", "دانشگاهها", "كتابها", "كشورهاي", "ايران", "گفت\u200cوگو",
      "کتاب\u200c\u200cها", "قیمت\u200cها\u200cی", "۱۴۰۲ها", "ABCها"};
  // And every word of the shared corpus's first articles.
  std::ifstream in(std::filesystem::path(KHABAR_SHARED_DIR) / "data/corpus/news.jsonl");
  std::string line;
  for (int n = 0; n < 200 && std::getline(in, line); ++n) {
    ForEachWord(line, [&](const WordTerms& t) { words.emplace_back(line.substr(t.begin, t.end - t.begin)); });
  }
  EXPECT_GT(words.size(), 1000u);
  for (const auto& w : words) ASSERT_EQ(StemWord(w), RefStemWord(w)) << w;
}

// The words of a text as the reference ForEachWord made them.
std::vector<WordTerms> RefWords(std::string_view text) {
  std::vector<WordTerms> out;
  for (const Token& tok : TokenizeWords(text)) {
    switch (tok.kind) {
      case TokenKind::kWord: case TokenKind::kLatin: case TokenKind::kNumber: case TokenKind::kDate:
      case TokenKind::kTime: case TokenKind::kHashtag: break;
      default: continue;
    }
    std::string_view w = tok.text(text);
    if (tok.kind == TokenKind::kHashtag && !w.empty()) w.remove_prefix(1);
    WordTerms t;
    t.begin = tok.begin;
    t.end = tok.end;
    t.joined = RefFoldTerm(w);
    if (t.joined.empty()) continue;
    if (w.find(kZwnjUtf8) != std::string_view::npos) {
      size_t start = 0;
      while (true) {
        size_t z = w.find(kZwnjUtf8, start);
        std::string f = RefFoldTerm(w.substr(start, z == std::string_view::npos ? z : z - start));
        if (!f.empty()) t.parts.push_back(std::move(f));
        if (z == std::string_view::npos) break;
        start = z + kZwnjUtf8.size();
      }
      if (t.parts.size() < 2) t.parts.clear();
    }
    if (tok.kind == TokenKind::kWord) {
      std::string st = RefStemWord(w);
      if (st != t.joined) t.stem = std::move(st);
    }
    out.push_back(std::move(t));
  }
  return out;
}

TEST(ArchiveTerms, ForEachWordIsTheReference) {
  std::vector<std::string> texts = {
      "کتاب\u200cهای بزرگ\u200cترین خانه\u200cای می\u200cروم کتابها تنها #کتاب\u200cها ۱۴۰۲ Latin WORDS 12:30",
      "كتابهاي ايران، دانشگاهها و گفت\u200cوگو؛ قیمت\u200cها\u200cی نفت"};
  std::ifstream in(std::filesystem::path(KHABAR_SHARED_DIR) / "data/corpus/news.jsonl");
  std::string line;
  for (int n = 0; n < 200 && std::getline(in, line); ++n) texts.push_back(line);
  size_t words = 0, stems = 0;
  for (const auto& text : texts) {
    std::vector<WordTerms> want = RefWords(text);
    size_t k = 0;
    ForEachWord(text, [&](const WordTerms& t) {
      ASSERT_LT(k, want.size());
      const WordTerms& w = want[k++];
      ASSERT_EQ(t.begin, w.begin);
      ASSERT_EQ(t.end, w.end);
      ASSERT_EQ(t.joined, w.joined);
      ASSERT_EQ(t.parts, w.parts);
      ASSERT_EQ(t.stem, w.stem) << t.joined;
      stems += !t.stem.empty();
    });
    ASSERT_EQ(k, want.size());
    words += k;
  }
  EXPECT_GT(words, 10000u);
  EXPECT_GT(stems, 100u);
}

}  // namespace
}  // namespace khabar::archive
