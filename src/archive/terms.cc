#include "archive/terms.h"

#include <array>
#include <string_view>

#include "khabar/archive.h"
#include "khabar/chars.h"
#include "khabar/lexicon.h"
#include "khabar/tokenizer.h"

namespace khabar::archive {
namespace {

// Suffix parts after a ZWNJ that inflect rather than derive.
constexpr std::array<std::string_view, 16> kSuffixParts = {
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "تر", "ترین", "ی", "ای", "ام", "ات", "اش", "مان", "تان", "شان"};
// Run-together plural endings, longest first.
constexpr std::array<std::string_view, 4> kJoinedSuffixes = {"هایی", "های", "ترین", "ها"};
// Words that end like a plural but are not one (checked before the lexicon).
constexpr std::array<std::string_view, 6> kFalseFriends = {"تنها", "رها", "بها", "انتها", "سها", "فقها"};

template <size_t N>
bool In(const std::array<std::string_view, N>& a, std::string_view s) {
  for (auto x : a)
    if (x == s) return true;
  return false;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool Indexable(TokenKind k) {
  switch (k) {
    case TokenKind::kWord:
    case TokenKind::kLatin:
    case TokenKind::kNumber:
    case TokenKind::kDate:
    case TokenKind::kTime:
    case TokenKind::kHashtag:
      return true;
    default:
      return false;
  }
}

const Lexicon* Lex() {
  static const std::shared_ptr<const Lexicon> lex = Lexicon::Default();
  return lex.get();
}

}  // namespace

std::string FoldTerm(std::string_view word) {
  std::string out;
  out.reserve(word.size());
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
    if (c == 0x066B) {  // ٫ Arabic decimal separator
      out.push_back('.');
      continue;
    }
    if (c == 0x066C) {  // ٬ thousands separator
      out.push_back(',');
      continue;
    }
    if (c == 0x06C0 || c == 0x0629) c = 0x0647;  // ۀ ة → ه
    AppendUtf8(UnifyLetter(c), &out);
  }
  return out;
}

std::string StemWord(std::string_view word) {
  // Split at ZWNJ.
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t z = word.find(kZwnjUtf8, start);
    std::string_view piece = word.substr(start, z == std::string_view::npos ? z : z - start);
    std::string f = FoldTerm(piece);
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
  const Lexicon* lex = Lex();
  if (!lex) return w;
  for (std::string_view suf : kJoinedSuffixes) {
    if (w.size() <= suf.size() || w.compare(w.size() - suf.size(), suf.size(), suf) != 0) continue;
    std::string rest = w.substr(0, w.size() - suf.size());
    if (CodePoints(rest) < 2) continue;
    if (lex->ContainsLoose(w)) return w;
    if (lex->ContainsLoose(rest)) return rest;
    return w;
  }
  return w;
}

void ForEachWord(std::string_view text, const std::function<void(const WordTerms&)>& fn) {
  WordTerms t;
  for (const Token& tok : TokenizeWords(text)) {
    if (!Indexable(tok.kind)) continue;
    std::string_view w = tok.text(text);
    if (tok.kind == TokenKind::kHashtag && !w.empty()) w.remove_prefix(1);
    t.begin = tok.begin;
    t.end = tok.end;
    t.joined = FoldTerm(w);
    if (t.joined.empty()) continue;
    t.parts.clear();
    if (w.find(kZwnjUtf8) != std::string_view::npos) {
      size_t start = 0;
      while (true) {
        size_t z = w.find(kZwnjUtf8, start);
        std::string f = FoldTerm(w.substr(start, z == std::string_view::npos ? z : z - start));
        if (!f.empty()) t.parts.push_back(std::move(f));
        if (z == std::string_view::npos) break;
        start = z + kZwnjUtf8.size();
      }
      if (t.parts.size() < 2) t.parts.clear();
    }
    t.stem.clear();
    if (tok.kind == TokenKind::kWord) {
      std::string s = StemWord(w);
      if (s != t.joined) t.stem = std::move(s);
    }
    fn(t);
  }
}

std::string TermStream(std::string_view text) {
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
  ForEachWord(text, [&](const WordTerms& t) {
    put(kTermNext, t.joined);
    for (const std::string& p : t.parts)
      if (p != t.joined) put(kTermColocated, p);
    if (!t.stem.empty()) put(kTermColocated, t.stem, true);
  });
  if (!ok) return {};
  return out;
}

std::string ArticleBodyText(const Article& a) {
  if (!a.text_content.empty()) return a.text_content;
  std::string body;
  for (const auto& p : a.body) body += (body.empty() ? "" : "\n\n") + p;
  return body;
}

std::vector<std::string> ArticleTermStreams(const Article& a) {
  return {TermStream(a.title), TermStream(a.lead), TermStream(ArticleBodyText(a))};
}

}  // namespace khabar::archive

namespace khabar {

std::vector<std::string> ArchiveTerms(std::string_view text) {
  std::vector<std::string> out;
  archive::ForEachWord(text, [&](const archive::WordTerms& t) { out.push_back(t.joined); });
  return out;
}

std::string ArchiveStem(std::string_view word) { return archive::StemWord(word); }

}  // namespace khabar
