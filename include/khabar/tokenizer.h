// Word and sentence tokenizers for Persian text (mixed with Latin, numbers,
// URLs and emoji). Stateless functions; linear time; byte offsets into the
// input, which is read as UTF-8 (invalid bytes are treated as symbols).
#ifndef KHABAR_TOKENIZER_H_
#define KHABAR_TOKENIZER_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace khabar {

enum class TokenKind {
  kWord,         // Persian/Arabic-script word; a ZWNJ compound is one token
  kLatin,        // Latin-script word (may contain digits, ' and -: «don't», «IBM-96»)
  kNumber,       // 12, ۱۲٬۵۴۳, ۳٫۵, 10.5, ۲۵٪
  kDate,         // ۱۳۹۶/۰۱/۲۰, 20-01-1396
  kTime,         // ۱۷:۱۴, 17:14:05
  kUrl,          // http(s)://…, www.…
  kEmail,        // name@host.tld
  kHashtag,      // #خبر
  kMention,      // @name
  kEmoji,        // one emoji cluster (with modifiers, ZWJ sequences, flags)
  kPunctuation,  // one punctuation mark (a run of the same mark, e.g. «!!!», «؟!» is one token)
  kSymbol,       // anything else that is not space
};

const char* TokenKindName(TokenKind kind);

struct Token {
  size_t begin;  // byte offset of the first byte
  size_t end;    // byte offset one past the last byte
  TokenKind kind;
  std::string_view text(std::string_view source) const { return source.substr(begin, end - begin); }
};

// Splits text into tokens; whitespace (including NBSP and stray ZWNJ at a word
// edge) separates tokens and is not returned.
std::vector<Token> TokenizeWords(std::string_view text);

struct Sentence {
  size_t begin, end;  // byte span, trimmed of surrounding whitespace
};

// Splits text into sentences at . ! ? ؟ … and line breaks between paragraphs;
// not after abbreviations («ق.ظ», «e.g.», single Latin initials), inside
// numbers («۳.۵»), URLs, or inside «» / "" quotes until they close.
std::vector<Sentence> SplitSentences(std::string_view text);

}  // namespace khabar

#endif  // KHABAR_TOKENIZER_H_
