#include "archive/terms.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
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
// The last 4 bytes of s (4 or more), as a number.
constexpr uint32_t Last4(std::string_view s) {
  const size_t k = s.size() - 4;
  return static_cast<uint32_t>(static_cast<uint8_t>(s[k])) |
         static_cast<uint32_t>(static_cast<uint8_t>(s[k + 1])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[k + 2])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[k + 3])) << 24;
}
// Last4 of each of kJoinedSuffixes (all 4 bytes or more).
constexpr std::array<uint32_t, kJoinedSuffixes.size()> kJoinedTails = [] {
  std::array<uint32_t, kJoinedSuffixes.size()> t{};
  for (size_t k = 0; k < t.size(); ++k) t[k] = Last4(kJoinedSuffixes[k]);
  return t;
}();
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
// bytes are in this block. Indexed by the code point's two UTF-8 bytes, big
// end first, masked with 0x3FF (the lead byte's low two bits, then the
// continuation byte); an entry holds the folded bytes in its low 16 bits,
// first byte lowest, and their count (0, 1 or 2) above them.
const std::array<uint32_t, 1024>& ArabicFolds() {
  static const std::array<uint32_t, 1024> table = [] {
    std::array<uint32_t, 1024> t{};
    for (int k = 0; k < 256; ++k) {
      std::string out;
      FoldCodePoint(0x0600 + k, &out);
      uint32_t e = static_cast<uint32_t>(out.size()) << 16;  // 0, 1 or 2
      for (size_t b = 0; b < out.size() && b < 2; ++b)
        e |= static_cast<uint32_t>(static_cast<uint8_t>(out[b])) << (8 * b);
      t[((k >> 6) << 8) | 0x80 | (k & 0x3F)] = e;
    }
    return t;
  }();
  return table;
}

// Where FoldOther left off: the input and the output after the code point.
struct Folded {
  const unsigned char* p;
  char* q;
};

// FoldCodePoint of the code point at p (before end), written at q. For what
// FoldRaw does not do itself (rare in Persian text).
[[gnu::noinline]] Folded FoldOther(const unsigned char* p, const unsigned char* end, char* q) {
  size_t i = 0;
  std::string cp;
  FoldCodePoint(DecodeUtf8(std::string_view(reinterpret_cast<const char*>(p), end - p), &i), &cp);
  std::memcpy(q, cp.data(), cp.size());
  return {p + i, q + cp.size()};
}

// FoldTerm of p[0, n) written at q, which has room for 3 * n bytes (a byte
// folds to at most 3: a bad byte becomes U+FFFD). Returns the end of what was
// written. arabic is ArabicFolds(). When cuts is not null, the offset from q
// of the output at each ZWNJ is appended to it (the ZWNJ itself folds to
// nothing). Sets *flag_byte when the output holds a kTermNext or
// kTermColocated byte (only an ASCII byte of the input can fold to one).
// Inlined: TermStream calls it for every word.
[[gnu::always_inline]] inline char* FoldRaw(const unsigned char* p, size_t n, char* q,
                                            const uint32_t* arabic, std::vector<size_t>* cuts,
                                            bool* flag_byte) {
  if (n == 0) return q;
  char* const q0 = q;
  const unsigned char* const end = p + n;
  const unsigned char* const last = end - 1;
  while (p < end) {
    // Two-byte code points of the Arabic block (lead byte D8..DB, then a
    // continuation byte): most of a Persian word.
    while (p < last) {
      uint16_t two;  // the two bytes, big end first
      std::memcpy(&two, p, 2);
      if constexpr (std::endian::native == std::endian::little) two = __builtin_bswap16(two);
      if ((two & 0xFCC0) != 0xD880) break;
      const uint32_t f = arabic[two & 0x3FF];
      q[0] = static_cast<char>(f);
      q[1] = static_cast<char>(f >> 8);
      q += f >> 16;
      p += 2;
    }
    if (p == end) break;
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c == static_cast<unsigned char>(kTermNext) ||
          c == static_cast<unsigned char>(kTermColocated))
        *flag_byte = true;
      *q++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      ++p;
    } else if (c == 0xE2 && end - p >= 3 && p[1] == 0x80 && p[2] == 0x8C) {  // ZWNJ
      if (cuts) cuts->push_back(static_cast<size_t>(q - q0));
      p += 3;
    } else {
      const Folded f = FoldOther(p, end, q);
      p = f.p;
      q = f.q;
    }
  }
  return q;
}

// FoldTerm(word) appended to out.
void FoldInto(std::string_view word, std::string* out) {
  const size_t base = out->size();
  out->resize(base + 3 * word.size());
  bool flag_byte = false;
  char* end = FoldRaw(reinterpret_cast<const unsigned char*>(word.data()), word.size(),
                      out->data() + base, ArabicFolds().data(), nullptr, &flag_byte);
  out->resize(static_cast<size_t>(end - out->data()));
}

// Whether w ends with the last 4 bytes of one of kJoinedSuffixes (a word
// that does not cannot lose one: every ending is 4 bytes or more, and only a
// longer word can lose one). Rules out most words cheaply.
inline bool MayLoseEnding(std::string_view w) {
  if (w.size() <= 4) return false;
  const uint32_t tail = Last4(w);
  return std::any_of(kJoinedTails.begin(), kJoinedTails.end(),
                     [&](uint32_t t) { return t == tail; });
}

// The stem of a folded word without ZWNJ parts (StemFolded's second half):
// sets *stem to a prefix of w and returns true when there is one.
// REQUIRES: MayLoseEnding(w) (else the answer is false; callers skip the call).
bool StemJoined(std::string_view w, std::string_view* stem) {
  for (std::string_view suf : kJoinedSuffixes) {
    if (w.size() <= suf.size() || w.substr(w.size() - suf.size()) != suf) continue;
    // Only a word with such an ending can lose it (the false friends all
    // have one).
    if (In(kFalseFriends, w)) return false;
    const Lexicon* lex = Lex();
    if (!lex) return false;
    std::string_view rest(w.data(), w.size() - suf.size());
    if (CodePoints(rest) < 2) continue;
    if (lex->ContainsLoose(w)) return false;
    if (lex->ContainsLoose(rest)) {
      *stem = rest;
      return true;
    }
    return false;
  }
  return false;
}

// StemWord of a word already folded: joined, and its folded ZWNJ parts when
// it has two or more (else parts is empty). Sets *stem and returns true when
// the stem is not joined itself.
bool StemFolded(const std::string& joined, const std::vector<std::string>& parts,
                std::string* stem) {
  if (parts.size() > 1) {
    size_t e = parts.size();
    while (e > 1 && In(kSuffixParts, parts[e - 1])) --e;
    stem->clear();
    for (size_t k = 0; k < e; ++k) *stem += parts[k];
    return *stem != joined;
  }
  std::string_view s;
  if (!MayLoseEnding(joined) || !StemJoined(joined, &s)) return false;
  stem->assign(s);
  return true;
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
  // ForEachWord's terms, written straight into the stream: each word is
  // folded once, in place, and its ZWNJ parts and stem are spans of what was
  // written (a part or a stem is a piece of the folded word), so a word costs
  // no allocation. Same output as writing out ForEachWord's WordTerms
  // (terms_test.cc keeps that code and compares).
  const std::vector<Token> tokens = TokenizeWords(text);
  std::string out;
  // Grown as needed below; the final size is about the text's.
  out.resize(kTermStreamMagic.size() + text.size() + text.size() / 2 + 64);
  std::memcpy(out.data(), kTermStreamMagic.data(), kTermStreamMagic.size());
  size_t pos = kTermStreamMagic.size();
  std::vector<size_t> cuts;  // a word's ZWNJ offsets in its folded form
  struct Span {
    size_t begin, end;
  };
  std::vector<Span> parts;  // a word's non-empty folded parts
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const uint32_t* arabic = ArabicFolds().data();
  for (const Token& tok : tokens) {
    if (!Indexable(tok.kind)) continue;
    // The word (a hashtag without its '#'): w[0, n).
    const size_t skip = tok.kind == TokenKind::kHashtag && tok.end > tok.begin;
    const unsigned char* w = bytes + tok.begin + skip;
    const size_t n = tok.end - tok.begin - skip;
    // Room for the word: its flag and folded form (3 bytes a byte at most),
    // its parts (a flag each, at most n / 3 + 1 parts, and the folded form
    // again) and its stem (flag, marker, less than the folded form).
    const size_t room = 10 * n + 3;
    if (pos + room > out.size()) out.resize(std::max(2 * out.size(), pos + room));
    char* const buf = out.data();
    const size_t start = pos + 1;
    bool flag_byte = false;
    const size_t end =
        static_cast<size_t>(FoldRaw(w, n, buf + start, arabic, &cuts, &flag_byte) - buf);
    if (end == start) {
      cuts.clear();
      continue;
    }
    if (flag_byte) return {};
    buf[pos] = kTermNext;
    pos = end;
    // The non-empty parts between ZWNJs, when there are two or more; each is
    // shorter than the word, so none equals it (ForEachWord's check).
    if (!cuts.empty()) {
      parts.clear();
      size_t from = 0;
      for (size_t k = 0; k <= cuts.size(); ++k) {
        const size_t to = k < cuts.size() ? cuts[k] : end - start;
        if (to > from) parts.push_back({from, to});
        from = to;
      }
      cuts.clear();
      if (parts.size() < 2) {
        parts.clear();
      } else {
        for (const Span& p : parts) {
          buf[pos++] = kTermColocated;
          std::memcpy(buf + pos, buf + start + p.begin, p.end - p.begin);
          pos += p.end - p.begin;
        }
      }
    }
    if (tok.kind != TokenKind::kWord) {
      parts.clear();
      continue;
    }
    // The stem (StemFolded): a prefix of the folded word when there is one.
    const std::string_view joined(buf + start, end - start);
    size_t stem_size = 0;
    if (!parts.empty()) {
      // The parts but the trailing suffixes (never the first), when some are.
      size_t e = parts.size();
      while (e > 1 && In(kSuffixParts,
                         joined.substr(parts[e - 1].begin, parts[e - 1].end - parts[e - 1].begin)))
        --e;
      if (e < parts.size()) stem_size = parts[e - 1].end;
      parts.clear();
    } else if (std::string_view stem; MayLoseEnding(joined) && StemJoined(joined, &stem)) {
      stem_size = stem.size();
    }
    if (stem_size > 0) {
      buf[pos++] = kTermColocated;
      buf[pos++] = kStemMarker;
      std::memcpy(buf + pos, buf + start, stem_size);
      pos += stem_size;
    }
  }
  out.resize(pos);
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
  // Moved in (a braced list would copy each stream); the body as
  // ArticleBodyText has it, without copying text_content.
  std::vector<std::string> streams;
  streams.reserve(3);
  streams.push_back(TermStream(a.title));
  streams.push_back(TermStream(a.lead));
  streams.push_back(a.text_content.empty() ? TermStream(ArticleBodyText(a))
                                           : TermStream(a.text_content));
  return streams;
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
