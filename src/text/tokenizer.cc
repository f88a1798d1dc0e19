// Word and sentence tokenizers. One left-to-right scan each; O(n) time.
#include "khabar/tokenizer.h"

#include <cctype>

#include "khabar/chars.h"

namespace khabar {

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord: return "word";
    case TokenKind::kLatin: return "latin";
    case TokenKind::kNumber: return "number";
    case TokenKind::kDate: return "date";
    case TokenKind::kTime: return "time";
    case TokenKind::kUrl: return "url";
    case TokenKind::kEmail: return "email";
    case TokenKind::kHashtag: return "hashtag";
    case TokenKind::kMention: return "mention";
    case TokenKind::kEmoji: return "emoji";
    case TokenKind::kPunctuation: return "punctuation";
    case TokenKind::kSymbol: return "symbol";
  }
  return "symbol";
}

namespace {

struct Cursor {
  std::string_view s;
  // Code point at byte i and its length.
  char32_t At(size_t i, size_t* len) const {
    size_t p = i;
    char32_t c = DecodeUtf8(s, &p);
    *len = p - i;
    return c;
  }
  char32_t At(size_t i) const {
    size_t len;
    return i < s.size() ? At(i, &len) : 0;
  }
  size_t Next(size_t i) const {
    size_t len;
    At(i, &len);
    return i + len;
  }
};

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == kNbsp ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF ||
         c == kRlm || c == kLrm;
}
bool IsLatin(char32_t c) {
  return (c < 128 && std::isalpha(static_cast<int>(c))) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
bool IsWordLetter(char32_t c) { return IsArabicLetter(c) || IsArabicMark(c) || IsTatweel(c); }

// IsWordLetter of every code point U+0600..U+06FF (two UTF-8 bytes, lead
// 0xD8..0xDB): the letters of a word are read from this table, two bytes at
// a time, without decoding.
struct ArabicBlock {
  bool word[256];
  ArabicBlock() {
    for (char32_t c = 0; c < 256; ++c) word[c] = IsWordLetter(0x0600 + c);
  }
};
const ArabicBlock& Block() {
  static const ArabicBlock block;
  return block;
}
// The length (2) of a word letter of the Arabic block at s[j], else 0.
// (block is Block(), fetched once by the caller: the static's guard cost a
// check a letter.)
inline size_t WordLetterAt(std::string_view s, size_t j, const ArabicBlock& block) {
  if (j + 1 >= s.size()) return 0;
  const auto b0 = static_cast<unsigned char>(s[j]), b1 = static_cast<unsigned char>(s[j + 1]);
  if (b0 < 0xD8 || b0 > 0xDB || (b1 & 0xC0) != 0x80) return 0;
  return block.word[((b0 & 0x03) << 6) | (b1 & 0x3F)] ? 2 : 0;
}
bool IsEmojiBase(char32_t c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x1F1E6 && c <= 0x1F1FF) ||
         (c >= 0x2B00 && c <= 0x2BFF) || c == 0x2B50 || c == 0x2764;
}
bool IsEmojiModifier(char32_t c) {
  return (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0xFE0F || c == 0xFE0E || c == 0x20E3 ||
         (c >= 0xE0020 && c <= 0xE007F);
}
bool IsUrlChar(char32_t c) {
  return !(IsSpace(c) || c == '"' || c == '<' || c == '>' || c == 0x00AB || c == 0x00BB);
}
bool IsTrailingPunct(char32_t c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
         c == 0x060C || c == 0x061B || c == 0x061F || c == '\'' || c == ']';
}
bool IsSentenceEnd(char32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x2026; }

bool StartsWithCi(std::string_view s, size_t i, std::string_view t) {
  if (i + t.size() > s.size()) return false;
  for (size_t k = 0; k < t.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(s[i + k])) != t[k]) return false;
  return true;
}

size_t MatchUrl(const Cursor& cur, size_t i) {
  std::string_view s = cur.s;
  if (!(StartsWithCi(s, i, "http://") || StartsWithCi(s, i, "https://") || StartsWithCi(s, i, "www.") ||
        StartsWithCi(s, i, "ftp://")))
    return i;
  size_t j = i;
  size_t last_good = i;
  while (j < s.size()) {
    size_t len;
    char32_t c = cur.At(j, &len);
    if (!IsUrlChar(c)) break;
    j += len;
    if (!IsTrailingPunct(c)) last_good = j;
  }
  return last_good;
}

bool IsEmailLocal(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

size_t MatchEmail(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && IsEmailLocal(s[j])) ++j;
  if (j == i || j >= s.size() || s[j] != '@') return i;
  size_t k = j + 1, dot = 0;
  while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '.' || s[k] == '-')) {
    if (s[k] == '.') dot = k;
    ++k;
  }
  while (k > j + 1 && (s[k - 1] == '.' || s[k - 1] == '-')) --k;
  if (dot == 0 || dot + 2 > k) return i;
  return k;
}

}  // namespace

std::vector<Token> TokenizeWords(std::string_view text) {
  std::vector<Token> out;
  out.reserve(text.size() / 8);
  const ArabicBlock& block = Block();
  Cursor cur{text};
  size_t i = 0, n = text.size();
  while (i < n) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    // Most tokens are Persian words: letters of the Arabic block, read two
    // bytes at a time.
    if (size_t l = WordLetterAt(text, i, block)) {
      size_t j = i + l;
      for (;;) {
        if (size_t m = WordLetterAt(text, j, block)) {
          j += m;
        } else if (j + 3 <= n && text[j] == kZwnjUtf8[0] && text[j + 1] == kZwnjUtf8[1] &&
                   text[j + 2] == kZwnjUtf8[2] && WordLetterAt(text, j + 3, block)) {
          // (bytes compared in place: compare() cost a memcmp call a word)
          j += kZwnjUtf8.size();  // a ZWNJ compound is one word
        } else {
          break;
        }
      }
      // (the general loop below would end this word at the same byte: every
      // word letter is in the block)
      out.push_back({i, j, TokenKind::kWord});
      i = j;
      continue;
    }
    size_t len;
    char32_t c = cur.At(i, &len);
    if (IsSpace(c) || c == kZwnj || c == 0) {
      i += len;
      continue;
    }
    size_t j = i + len;
    TokenKind kind;
    // URLs start with an ASCII letter, e-mails with an ASCII letter or digit.
    const bool ascii_alnum = c < 128 && std::isalnum(static_cast<int>(c));
    if (size_t e = ascii_alnum ? MatchUrl(cur, i) : i; e > i) {
      j = e;
      kind = TokenKind::kUrl;
    } else if (size_t e2 = ascii_alnum || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
                               ? MatchEmail(text, i)
                               : i;
               e2 > i) {
      j = e2;
      kind = TokenKind::kEmail;
    } else if ((c == '#' || c == '@') && j < n &&
               (IsWordLetter(cur.At(j)) || IsLatin(cur.At(j)) || IsDigit(cur.At(j)) ||
                cur.At(j) == '_')) {
      kind = c == '#' ? TokenKind::kHashtag : TokenKind::kMention;
      while (j < n) {
        char32_t d = cur.At(j, &len);
        if (!(IsWordLetter(d) || IsLatin(d) || IsDigit(d) || d == '_' || d == kZwnj)) break;
        j += len;
      }
    } else if (IsWordLetter(c)) {
      kind = TokenKind::kWord;
      while (j < n) {
        char32_t d = cur.At(j, &len);
        if (IsWordLetter(d)) {
          j += len;
        } else if (d == kZwnj && j + len < n && IsWordLetter(cur.At(j + len))) {
          j += len;  // a ZWNJ compound is one word
        } else {
          break;
        }
      }
    } else if (IsLatin(c)) {
      kind = TokenKind::kLatin;
      while (j < n) {
        char32_t d = cur.At(j, &len);
        if (IsLatin(d) || (d < 128 && std::isdigit(static_cast<int>(d))) || d == '_') {
          j += len;
        } else if ((d == '\'' || d == '-' || d == 0x2019) && j + len < n &&
                   (IsLatin(cur.At(j + len)) || std::isdigit(static_cast<unsigned char>(text[j + len])))) {
          j += len;
        } else {
          break;
        }
      }
    } else if (IsDigit(c)) {
      kind = TokenKind::kNumber;
      int colons = 0, slashes = 0, dashes = 0, dots = 0;
      while (j < n) {
        char32_t d = cur.At(j, &len);
        if (IsDigit(d)) {
          j += len;
          continue;
        }
        size_t l2;
        char32_t after = j + len < n ? cur.At(j + len, &l2) : 0;
        if ((d == ':' || d == '/' || d == '-' || d == '.' || d == ',' || d == 0x066B || d == 0x066C ||
             d == 0x060C) && IsDigit(after)) {
          colons += d == ':';
          slashes += d == '/';
          dashes += d == '-';
          dots += d == '.';
          j += len;
          continue;
        }
        if (d == '%' || d == 0x066A) j += len;  // ۲۵٪
        break;
      }
      if (colons > 0 && slashes == 0 && dashes == 0) kind = TokenKind::kTime;
      else if (slashes == 2 || dashes == 2 || (dots == 2 && colons == 0)) kind = TokenKind::kDate;
    } else if (IsEmojiBase(c)) {
      kind = TokenKind::kEmoji;
      bool flag = c >= 0x1F1E6 && c <= 0x1F1FF;
      while (j < n) {
        char32_t d = cur.At(j, &len);
        if (IsEmojiModifier(d)) {
          j += len;
        } else if (d == kZwj && j + len < n && IsEmojiBase(cur.At(j + len))) {
          j += len;
          size_t l3;
          cur.At(j, &l3);
          j += l3;
        } else if (flag && d >= 0x1F1E6 && d <= 0x1F1FF) {
          j += len;
          flag = false;
        } else {
          break;
        }
      }
    } else if (c < 128 ? std::ispunct(static_cast<int>(c)) != 0
                       : (c == 0x060C || c == 0x061B || c == 0x061F || c == 0x00AB || c == 0x00BB ||
                          c == 0x2026 || c == 0x066A || (c >= 0x2010 && c <= 0x201F))) {
      kind = TokenKind::kPunctuation;
      // «!!!», «؟!», «...» stay one token
      auto terminal = [](char32_t x) { return x == '!' || x == '?' || x == 0x061F || x == '.'; };
      while (j < n) {
        char32_t d = cur.At(j, &len);
        if (d == c || (terminal(c) && terminal(d))) j += len;
        else break;
      }
    } else {
      kind = TokenKind::kSymbol;
    }
    out.push_back({i, j, kind});
    i = j;
  }
  return out;
}

namespace {

// Abbreviations after which a '.' does not end a sentence (compared on the
// token before the dot).
bool IsAbbreviation(std::string_view tok) {
  static const char* const kAbbr[] = {"e.g", "i.e", "etc", "Mr", "Mrs", "Ms", "Dr", "Prof", "vs",
                                      "St", "Jr", "Sr", "Inc", "Ltd", "Co", "No", "ق.ظ", "ب.ظ",
                                      "ق.م", "ه.ش", "ه.ق", "ج.ا.ا", "ص", "ع", "ره", "س"};
  for (const char* a : kAbbr)
    if (tok == a) return true;
  // single letters: «A. Smith», «م. رضایی»
  size_t p = 0;
  if (!tok.empty()) {
    DecodeUtf8(tok, &p);
    if (p == tok.size()) return true;
  }
  return false;
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view text) {
  std::vector<Sentence> out;
  std::vector<Token> toks = TokenizeWords(text);
  size_t start_tok = 0;
  int quote_depth = 0;
  auto push = [&](size_t first, size_t last) {  // token indices, inclusive
    if (first > last || last >= toks.size()) return;
    out.push_back({toks[first].begin, toks[last].end});
  };
  for (size_t k = 0; k < toks.size(); ++k) {
    const Token& t = toks[k];
    std::string_view tx = t.text(text);
    if (t.kind == TokenKind::kPunctuation) {
      if (tx == "\u00AB" || tx == "\u201C") ++quote_depth;
      else if ((tx == "\u00BB" || tx == "\u201D") && quote_depth > 0) --quote_depth;
    }
    // Paragraph breaks always end a sentence.
    if (k + 1 < toks.size()) {
      std::string_view gap = text.substr(t.end, toks[k + 1].begin - t.end);
      if (gap.find('\n') != std::string_view::npos) {
        bool end_here = true;
        if (end_here) {
          push(start_tok, k);
          start_tok = k + 1;
          quote_depth = 0;
          continue;
        }
      }
    }
    if (t.kind != TokenKind::kPunctuation || quote_depth > 0) continue;
    char32_t first;
    {
      size_t p = 0;
      first = DecodeUtf8(tx, &p);
    }
    if (!IsSentenceEnd(first)) continue;
    if (first == '.' && tx.size() == 1 && k > start_tok) {
      const Token& prev = toks[k - 1];
      if (prev.end == t.begin && IsAbbreviation(prev.text(text))) continue;
    }
    // Absorb closing quotes/brackets that follow.
    size_t last = k;
    while (last + 1 < toks.size() && toks[last + 1].kind == TokenKind::kPunctuation) {
      std::string_view nx = toks[last + 1].text(text);
      if (nx == "\u00BB" || nx == ")" || nx == "\"" || nx == "\u201D" || nx == "]") ++last;
      else break;
    }
    push(start_tok, last);
    start_tok = last + 1;
    k = last;
  }
  if (start_tok < toks.size()) push(start_tok, toks.size() - 1);
  return out;
}

}  // namespace khabar
