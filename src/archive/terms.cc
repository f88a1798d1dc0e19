#include "archive/terms.h"

#include <array>
#include <cstdint>
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

namespace {

// FoldTerm of one code point, appended to out.
void FoldCodePoint(char32_t c, std::string* out) {
  if (c == kZwnj || c == kZwj || c == kSoftHyphen || c == kLrm || c == kRlm || IsArabicMark(c) ||
      IsTatweel(c))
    return;
  int d = DigitValue(c);
  if (d >= 0) {
    out->push_back(static_cast<char>('0' + d));
    return;
  }
  if (c >= 'A' && c <= 'Z') {
    out->push_back(static_cast<char>(c - 'A' + 'a'));
    return;
  }
  if (c == 0x066B) {  // ٫ Arabic decimal separator
    out->push_back('.');
    return;
  }
  if (c == 0x066C) {  // ٬ thousands separator
    out->push_back(',');
    return;
  }
  if (c == 0x06C0 || c == 0x0629) c = 0x0647;  // ۀ ة → ه
  AppendUtf8(UnifyLetter(c), out);
}

// FoldCodePoint of U+0600..U+06FF (UTF-8 D8 80 .. DB BF), computed once by
// FoldCodePoint itself: at most two bytes each. Most of a Persian text's
// bytes are in this block.
struct ArabicFold {
  uint8_t n;
  char bytes[2];
};
const std::array<ArabicFold, 256>& ArabicFolds() {
  static const std::array<ArabicFold, 256> table = [] {
    std::array<ArabicFold, 256> t{};
    for (int k = 0; k < 256; ++k) {
      std::string out;
      FoldCodePoint(0x0600 + k, &out);
      t[k].n = static_cast<uint8_t>(out.size());  // 0, 1 or 2
      for (size_t b = 0; b < out.size() && b < 2; ++b) t[k].bytes[b] = out[b];
    }
    return t;
  }();
  return table;
}

// FoldTerm(word) appended to out.
void FoldInto(std::string_view word, std::string* out) {
  const auto& arabic = ArabicFolds();
  const auto* p = reinterpret_cast<const unsigned char*>(word.data());
  const size_t n = word.size(), base = out->size();
  // A byte folds to at most 3 (a bad byte becomes U+FFFD); written in place.
  out->resize(base + 3 * n);
  char* q = out->data() + base;
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      *q++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      ++i;
    } else if (c >= 0xD8 && c <= 0xDB && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      const ArabicFold& f = arabic[((c & 0x03) << 6) | (p[i + 1] & 0x3F)];
      q[0] = f.bytes[0];
      q[1] = f.bytes[1];
      q += f.n;
      i += 2;
    } else {
      std::string cp;
      FoldCodePoint(DecodeUtf8(word, &i), &cp);
      for (char b : cp) *q++ = b;
    }
  }
  out->resize(static_cast<size_t>(q - out->data()));
}

// StemWord of a word already folded: joined, and its folded ZWNJ parts when
// it has two or more (else parts is empty). Sets *stem and returns true when
// the stem is not joined itself.
bool StemFolded(const std::string& joined, const std::vector<std::string>& parts, std::string* stem) {
  if (parts.size() > 1) {
    size_t e = parts.size();
    while (e > 1 && In(kSuffixParts, parts[e - 1])) --e;
    stem->clear();
    for (size_t k = 0; k < e; ++k) *stem += parts[k];
    return *stem != joined;
  }
  const std::string& w = joined;
  for (std::string_view suf : kJoinedSuffixes) {
    if (w.size() <= suf.size() || w.compare(w.size() - suf.size(), suf.size(), suf) != 0) continue;
    // Only a word with such an ending can lose it (the false friends all
    // have one).
    if (In(kFalseFriends, w)) return false;
    const Lexicon* lex = Lex();
    if (!lex) return false;
    std::string_view rest(w.data(), w.size() - suf.size());
    if (CodePoints(rest) < 2) continue;
    if (lex->ContainsLoose(w)) return false;
    if (lex->ContainsLoose(rest)) {
      stem->assign(rest);
      return true;
    }
    return false;
  }
  return false;
}

}  // namespace

std::string FoldTerm(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  FoldInto(word, &out);
  return out;
}

std::string StemWord(std::string_view word) {
  // Split at ZWNJ (a ZWNJ is never part of another sequence, so folding the
  // pieces is folding the word).
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
  std::string joined, stem;
  if (parts.size() == 1) joined = std::move(parts[0]), parts.clear();
  return StemFolded(joined, parts, &stem) ? stem : joined;
}

void ForEachWord(std::string_view text, const std::function<void(const WordTerms&)>& fn) {
  WordTerms t;
  for (const Token& tok : TokenizeWords(text)) {
    if (!Indexable(tok.kind)) continue;
    std::string_view w = tok.text(text);
    if (tok.kind == TokenKind::kHashtag && !w.empty()) w.remove_prefix(1);
    t.begin = tok.begin;
    t.end = tok.end;
    t.joined.clear();
    FoldInto(w, &t.joined);
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
      // StemWord(w), from the folded forms at hand; kept when it differs.
      if (!StemFolded(t.joined, t.parts, &t.stem)) t.stem.clear();
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

std::string StoredArticleJson(Article* a, int* omits) {
  *omits = a->text_content.empty() ? 1 : 2;
  std::string title = std::move(a->title), lead = std::move(a->lead), text = std::move(a->text_content);
  a->title.clear();
  a->lead.clear();
  a->text_content.clear();
  std::string json = a->ToJson();
  a->title = std::move(title);
  a->lead = std::move(lead);
  a->text_content = std::move(text);
  return json;
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
