// FoldTerm, the stemmer and TermStream against the code they replaced (kept
// here as the reference): FoldTerm looks U+0600..U+06FF up in a table,
// ForEachWord stems from the folded forms it already has, and TermStream
// folds each word once straight into the stream; none may change a term (the
// index on disk was built with the reference).
#include "archive/terms.h"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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

// ---- The reference TermStream: terms.cc at dec07ee ---------------------------
// Verbatim but for its words, which come from RefWords (ForEachWord as it
// was) rather than ForEachWord.

std::string RefTermStream(std::string_view text) {
  std::string out;
  out.reserve(kTermStreamMagic.size() + text.size() + text.size() / 2);
  out += kTermStreamMagic;
  bool ok = true;
  auto put = [&](char flag, std::string_view term, bool stem = false) {
    if (term.find(kTermNext) != std::string_view::npos ||
        term.find(kTermColocated) != std::string_view::npos)
      ok = false;
    out += flag;
    if (stem) out += kStemMarker;
    out += term;
  };
  for (const WordTerms& t : RefWords(text)) {
    put(kTermNext, t.joined);
    for (const std::string& p : t.parts)
      if (p != t.joined) put(kTermColocated, p);
    if (!t.stem.empty()) put(kTermColocated, t.stem, true);
  }
  if (!ok) return {};
  return out;
}

// A term stream made readable for a failure message: flags as | and +, the
// stem marker as ~.
std::string Readable(const std::string& s) {
  std::string r;
  for (char c : s)
    r += c == kTermNext        ? std::string("|")
         : c == kTermColocated ? "+"
         : c == kStemMarker    ? "~"
                               : std::string(1, c);
  return r;
}

TEST(ArchiveTerms, TermStreamIsTheReferenceOnAdversarialText) {
  const std::string z = "\u200c";
  std::vector<std::string> texts = {
      "", " ", "\n\n", "#", "##", "#\u200c", z, z + z + z,
      // ZWNJ runs, at the edges and inside words and hashtags
      "کتاب" + z + z + "ها", "کتاب" + z + z + z + "های" + z + "ش", z + "ها " + "ها" + z,
      "#کتاب" + z + z + "ها", "#" + z + "ها", "#خبر" + z, "#خبر" + z + z + "فوری" + z,
      "می" + z + "روم", "بزرگ" + z + "تر" + z + "ین", "قیمت" + z + "ها" + z + "ی",
      "خانه" + z + "ای" + z, "ـ" + z + "ها", "ـــ" + z + "ــ",
      // digits of three scripts, separators, dates and times
      "۱۲3٤ 12٫5 ۱۲٬۵۴۳ ۳٫۵ 10.5 ۲۵٪ 25% ٢٠٢٤",
      "۱۴۰۲/۰۱/۲۰ 20-01-1396 1.2.3 ۱۷:۱۴ 17:14:05 ۱۲:۳۰:۴۵", "۱۴۰۲ها ABCها ۱۲۳ترین",
      "#۱۴۰۲ #12ab #_x", "٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ 0123456789",
      // Arabic letters and spellings, marks, tatweel, hamza
      "كتابهاي ايران ي ى ك ة ۀ مدرسة خانۀ", "کِتابٌ مُعَلِّم الْكِتاب ـــها کتـــاب قرآن ٰ",
      "سؤال مسئله رئیس هیأت", "تنها رها بها انتها سها فقها کتابها دانشگاهها مردان جوان ایران",
      "تنهای رهایی بهای",
      // Latin, mixed case, apostrophes, e-mails and URLs (not indexed)
      "KHABAR Don't IBM-96 ÀÉÎ naïve Straße",
      "https://khabar.ir/x?y=1 www.example.com a@b.ir @user",
      // flag bytes and other controls inside text
      "abc\x1d"
      "def",
      "x\x1eyz",
      "#a\x1f"
      "b",
      "کتاب\x1dها", "\x1f\x1fkhabar-terms\x1f", "A\x1e", "\x01\x02\x1d\x1e",
      // broken UTF-8
      "\xD8", "\xD8\xD8", "کتاب\xD8ها", "\xE2\x80", "\xE2\x80ها", "\xDB\xDB\xDB", "ها\xC0\x80ها",
      "\xFF\xFEکتاب", "کتاب\xE2\x80\x8D\xE2\x80", "#\xD8\xA7\xE2\x80\x8C\xD8",
      "\xF0\x9F\x98\x80کتاب\xF0\x9F",
      // emoji, RLM, NBSP, ZWJ
      "خبر\U0001F600فوری \u200f\u00a0کتاب\u200dها \u200eabc"};
  // And random strings of those pieces, broken bytes included.
  const std::vector<std::string> pieces = {
      "کتاب",    "ها",       "های",  "هایی", "ترین", "تر",   "ی",    "ای",   "تنها",
      "دانشگاه", "كتاب",     "ي",    "ة",    "ۀ",    "ِ",     "ـ",    z,      z,
      "\u200d",  "\u200f",   " ",    "\n",   "#",    "@",    "۱",    "٢",    "3",
      "٫",       "٬",        ".",    ":",    "/",    "-",    "%",    "٪",    "A",
      "b",       "'",        "_",    "\x1d", "\x1e", "\x1f", "\x01", "\xD8", "\xDB",
      "\x80",    "\xE2\x80", "\xC0", "\xFF", "،",    "؟"};
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (int k = rng() % 12; k > 0; --k) s += pieces[rng() % pieces.size()];
    texts.push_back(std::move(s));
  }
  // (None of them gives "": the tokenizer puts no control byte in a word, so
  // no term holds a flag byte.)
  for (const auto& text : texts) {
    const std::string want = RefTermStream(text);
    ASSERT_EQ(TermStream(text), want) << Readable(text) << "\nwant " << Readable(want);
  }
}

// Every article of the shared corpus: its title, lead and body paragraphs
// joined by blank lines, as ArticleTermStreams takes them.
TEST(ArchiveTerms, ArticleTermStreamsIsTheReferenceOnTheCorpus) {
  const std::filesystem::path path =
      std::filesystem::path(KHABAR_SHARED_DIR) / "data/corpus/news.jsonl";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "no shared corpus at " << path << " (set KHABAR_SHARED_DIR)";
  std::string line;
  size_t articles = 0, bytes = 0;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << articles;
    Article a;
    if (j.contains("title") && j["title"].is_string()) a.title = j["title"];
    if (j.contains("lead") && j["lead"].is_string()) a.lead = j["lead"];
    if (j.contains("body") && j["body"].is_array())
      for (const auto& p : j["body"])
        if (p.is_string()) a.body.push_back(p);
    std::string body;
    for (const auto& p : a.body) body += (body.empty() ? "" : "\n\n") + p;
    const std::vector<std::string> want = {RefTermStream(a.title), RefTermStream(a.lead),
                                           RefTermStream(body)};
    ASSERT_EQ(ArticleTermStreams(a), want) << a.title;
    a.text_content = body;  // the body as text_content instead
    ASSERT_EQ(ArticleTermStreams(a), want) << a.title;
    ++articles;
    bytes += want[2].size();
  }
  EXPECT_GT(articles, 3000u);
  EXPECT_GT(bytes, 1000000u);
}

}  // namespace
}  // namespace khabar::archive
