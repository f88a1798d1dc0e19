// Internal to the time module: the words of Persian date expressions, keyed by
// their folded form (see FoldWordInto), and the tokenizer the parser runs on.
#ifndef KHABAR_SRC_TIME_DATE_LEXICON_H_
#define KHABAR_SRC_TIME_DATE_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::time_internal {

enum Unit : int8_t {
  kNoUnit = 0,
  kSecondUnit,
  kMinuteUnit,
  kHourUnit,
  kDayUnit,
  kWeekUnit,
  kMonthUnit,
  kYearUnit,
  kMomentUnit,  // «لحظه»: zero length
};

enum Label : int8_t { kNoLabel = 0, kPublished, kUpdated, kPlainLabel };

// What one word or phrase can mean; a phrase may mean several things
// («ساعت» is both the time word and the hour unit).
struct Lex {
  int8_t jalali_month = 0;  // 1..12
  bool afghan = false;      // jalali_month given by an Afghan (Dari) name
  int8_t gregorian_month = 0;
  bool weak_month = false;  // a common word too (می, مه): needs a day before it
  int8_t hijri_month = 0;
  int8_t weekday = -1;  // 0 = Saturday .. 6 = Friday
  Label label = kNoLabel;
  Unit unit = kNoUnit;
  int8_t number = 0;      // number words; -1 = «چند» (some)
  int8_t ampm = 0;        // 1 = before noon, 2 = after noon
  bool ago = false;       // «پیش», «قبل»
  bool vague = false;     // «لحظاتی», «دقایقی»: a vague count of `unit`
  int8_t day_offset = 0;  // «دیروز» = -1, «پریروز» = -2, with has_day_offset
  bool has_day_offset = false;
  bool now = false;          // «اکنون», «همین الان»
  bool time_word = false;    // «ساعت»
  bool year_suffix = false;  // «شمسی», «میلادی», «هجری قمری» ...
  bool month_word = false;   // «ماه» after a month name
};

// Appends the folded form of code point c (a letter) to out: Arabic ي/ى/ك and
// أ/إ/آ/ٱ/ة/ۀ/ؤ variants unified, Latin lower-cased. Marks/tatweel dropped.
void FoldLetterInto(char32_t c, std::string* out);

// The entry for a folded phrase key (words concatenated without spaces), or
// nullptr.
const Lex* LookupLex(std::string_view key);

enum class TokType : uint8_t { kNumber, kWord, kPunct };

struct Token {
  TokType type;
  bool space_before = false;            // whitespace between this and the previous token
  bool newline_before = false;          // a line break between this and the previous token
  uint32_t begin = 0, end = 0;          // byte span in the source
  int64_t value = 0;                    // kNumber: value (capped at 10^10)
  int ndigits = 0;                      // kNumber
  uint32_t word_off = 0, word_len = 0;  // kWord: folded text in Tokens::folded
  char32_t punct = 0;                   // kPunct: normalized code point ('-', ',', '.', ...)
};

struct Tokens {
  std::vector<Token> list;
  std::string folded;  // the folded words, back to back
  std::string_view Word(const Token& t) const {
    return std::string_view(folded).substr(t.word_off, t.word_len);
  }
};

// Splits UTF-8 text into numbers (any digit script), words (letters; ZWNJ
// inside a word and Arabic marks dropped) and single punctuation marks;
// whitespace and invisible format characters separate tokens. O(n).
void Tokenize(std::string_view text, Tokens* out);

}  // namespace khabar::time_internal

#endif  // KHABAR_SRC_TIME_DATE_LEXICON_H_
