// The words of Persian date expressions and the tokenizer. See date_lexicon.h.
#include "time/date_lexicon.h"

#include <algorithm>
#include <utility>

#include "khabar/chars.h"

namespace khabar::time_internal {
namespace {

bool IsLatinLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Whitespace and invisible format characters: token separators.
bool IsSpaceLike(char32_t c, bool* newline) {
  switch (c) {
    case '\n':
    case '\r':
    case 0x2028:
    case 0x2029:
    case 0x0B:
    case 0x0C:
    case 0x85:
      *newline = true;
      return true;
    case ' ':
    case '\t':
    case kNbsp:
    case kZwnj:
    case kZwj:
    case kLrm:
    case kRlm:
    case kSoftHyphen:
    case 0x061C:
    case 0x180E:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return (c >= 0x2000 && c <= 0x200B) || (c >= 0x202A && c <= 0x202E) ||
             (c >= 0x2066 && c <= 0x2069);
  }
}

char32_t NormalizePunct(char32_t c) {
  switch (c) {
    case 0x060C:
    case 0xFF0C:
      return ',';  // Arabic / fullwidth comma
    case 0x06D4:
      return '.';  // Arabic full stop
    case 0x061B:
      return ';';
    case 0xFF1A:
      return ':';
    case 0x2044:
    case 0x2215:
    case 0xFF0F:
      return '/';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
    case 0x06FD:
      return '-';
    default:
      return c;
  }
}

struct Entry {
  std::string key;
  Lex lex;
};

std::string FoldPhrase(std::string_view phrase) {
  std::string out;
  size_t i = 0;
  while (i < phrase.size()) {
    char32_t c = DecodeUtf8(phrase, &i);
    bool nl = false;
    if (IsSpaceLike(c, &nl)) continue;
    if (IsArabicMark(c) || IsTatweel(c)) continue;
    FoldLetterInto(c, &out);
  }
  return out;
}

class Builder {
 public:
  template <typename F>
  void Add(std::initializer_list<std::string_view> phrases, F set) {
    for (std::string_view p : phrases) {
      Entry e{FoldPhrase(p), Lex{}};
      set(e.lex);
      entries_.push_back(std::move(e));
    }
  }
  std::vector<Entry> Finish() {
    // Merge entries with the same key (a word with several meanings).
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.key < b.key; });
    std::vector<Entry> out;
    for (Entry& e : entries_) {
      if (!out.empty() && out.back().key == e.key) {
        Merge(e.lex, &out.back().lex);
      } else {
        out.push_back(std::move(e));
      }
    }
    return out;
  }

 private:
  static void Merge(const Lex& a, Lex* b) {
    if (a.jalali_month) {
      b->jalali_month = a.jalali_month;
      b->afghan = a.afghan;
    }
    if (a.gregorian_month) {
      b->gregorian_month = a.gregorian_month;
      b->weak_month = a.weak_month;
    }
    if (a.hijri_month) b->hijri_month = a.hijri_month;
    if (a.weekday >= 0) b->weekday = a.weekday;
    if (a.label) b->label = a.label;
    if (a.unit) b->unit = a.unit;
    if (a.number) b->number = a.number;
    if (a.ampm) b->ampm = a.ampm;
    b->ago |= a.ago;
    b->vague |= a.vague;
    if (a.has_day_offset) {
      b->has_day_offset = true;
      b->day_offset = a.day_offset;
    }
    b->now |= a.now;
    b->time_word |= a.time_word;
    b->year_suffix |= a.year_suffix;
    b->month_word |= a.month_word;
  }
  std::vector<Entry> entries_;
};

std::vector<Entry> BuildLexicon() {
  Builder b;
  // Jalali months, with the spellings seen on sites (no madda, «امرداد», «دی ماه»...).
  const std::initializer_list<std::string_view> kJalali[12] = {{"فروردین"},
                                                               {"اردیبهشت", "اردی بهشت"},
                                                               {"خرداد"},
                                                               {"تیر"},
                                                               {"مرداد", "امرداد"},
                                                               {"شهریور"},
                                                               {"مهر"},
                                                               {"آبان"},
                                                               {"آذر"},
                                                               {"دی"},
                                                               {"بهمن"},
                                                               {"اسفند"}};
  for (int m = 0; m < 12; ++m) {
    b.Add(kJalali[m], [m](Lex& l) { l.jalali_month = m + 1; });
    // «اردیبهشت<ZWNJ>ماه»: with a ZWNJ the month word joins the name into one word.
    for (std::string_view name : kJalali[m]) {
      std::string joined = std::string(name) + "ماه";
      b.Add({joined}, [m](Lex& l) { l.jalali_month = m + 1; });
    }
  }
  // Afghan (Dari) names of the same solar months.
  const std::initializer_list<std::string_view> kAfghan[12] = {
      {"حمل"},   {"ثور"},  {"جوزا", "جوزاء"}, {"سرطان"}, {"اسد"}, {"سنبله"},
      {"میزان"}, {"عقرب"}, {"قوس"},           {"جدی"},   {"دلو"}, {"حوت"}};
  for (int m = 0; m < 12; ++m) {
    b.Add(kAfghan[m], [m](Lex& l) {
      l.jalali_month = m + 1;
      l.afghan = true;
    });
  }
  const std::initializer_list<std::string_view> kGregorian[12] = {
      {"ژانویه", "ژانویهٔ", "جنوری", "ژانوئیه"},
      {"فوریه", "فبروری", "فوریهٔ"},
      {"مارس", "مارچ"},
      {"آوریل", "اپریل", "آپریل"},
      {},
      {"ژوئن", "جون", "ژوین"},
      {"ژوئیه", "جولای", "ژوییه", "جولائی"},
      {"اوت", "آگوست", "اگوست", "آگست", "اوگوست"},
      {"سپتامبر", "سپتمبر"},
      {"اکتبر", "اکتوبر"},
      {"نوامبر", "نومبر"},
      {"دسامبر", "دسمبر"}};
  for (int m = 0; m < 12; ++m) b.Add(kGregorian[m], [m](Lex& l) { l.gregorian_month = m + 1; });
  b.Add({"مه", "می", "مئی"}, [](Lex& l) {
    l.gregorian_month = 5;
    l.weak_month = true;
  });
  const std::initializer_list<std::string_view> kHijri[12] = {
      {"محرم", "محرم الحرام"},
      {"صفر", "صفر المظفر"},
      {"ربیع الاول", "ربیع الأول", "ربیع اول", "ربیع الاولی"},
      {"ربیع الثانی", "ربیع الآخر", "ربیع ثانی", "ربیع الاخر"},
      {"جمادی الاول", "جمادی الاولی", "جمادی الأولى", "جمادی اول"},
      {"جمادی الثانی", "جمادی الثانیه", "جمادی الآخر", "جمادی الاخره", "جمادی ثانی"},
      {"رجب", "رجب المرجب"},
      {"شعبان", "شعبان المعظم"},
      {"رمضان", "رمضان المبارک", "ماه رمضان"},
      {"شوال", "شوال المکرم"},
      {"ذی القعده", "ذیقعده", "ذو القعده", "ذی القعدة", "ذوالقعده"},
      {"ذی الحجه", "ذیحجه", "ذو الحجه", "ذی الحجة", "ذوالحجه"}};
  for (int m = 0; m < 12; ++m) b.Add(kHijri[m], [m](Lex& l) { l.hijri_month = m + 1; });
  const std::initializer_list<std::string_view> kWeekdays[7] = {
      {"شنبه"},
      {"یکشنبه", "یک شنبه", "یک\u200cشنبه"},
      {"دوشنبه", "دو شنبه"},
      {"سه شنبه", "سه\u200cشنبه", "سهشنبه"},
      {"چهارشنبه", "چهار شنبه"},
      {"پنجشنبه", "پنج شنبه", "پنج\u200cشنبه"},
      {"جمعه", "آدینه"}};
  for (int w = 0; w < 7; ++w) b.Add(kWeekdays[w], [w](Lex& l) { l.weekday = w; });
  b.Add({"تاریخ انتشار", "انتشار", "زمان انتشار", "منتشر شده", "منتشر شده در", "منتشرشده در",
         "تاریخ و ساعت انتشار", "انتشار یافته در"},
        [](Lex& l) { l.label = kPublished; });
  b.Add({"به روز شده در", "به روز شده", "بروز شده در", "به روزرسانی", "به روز رسانی", "بروزرسانی",
         "بروز رسانی", "آخرین بروزرسانی", "آخرین به روز رسانی", "آخرین به روزرسانی",
         "آخرین بروز رسانی", "تاریخ بروزرسانی", "تاریخ به روز رسانی", "آخرین ویرایش",
         "ویرایش شده در", "به روز شده در تاریخ"},
        [](Lex& l) { l.label = kUpdated; });
  b.Add({"تاریخ", "تاریخ خبر", "زمان", "تاریخ مخابره", "مخابره"},
        [](Lex& l) { l.label = kPlainLabel; });
  b.Add({"ثانیه"}, [](Lex& l) { l.unit = kSecondUnit; });
  b.Add({"دقیقه"}, [](Lex& l) { l.unit = kMinuteUnit; });
  b.Add({"ساعت"}, [](Lex& l) {
    l.unit = kHourUnit;
    l.time_word = true;
  });
  b.Add({"روز"}, [](Lex& l) { l.unit = kDayUnit; });
  b.Add({"هفته"}, [](Lex& l) { l.unit = kWeekUnit; });
  b.Add({"ماه"}, [](Lex& l) {
    l.unit = kMonthUnit;
    l.month_word = true;
  });
  b.Add({"سال"}, [](Lex& l) { l.unit = kYearUnit; });
  b.Add({"لحظه"}, [](Lex& l) { l.unit = kMomentUnit; });
  b.Add({"لحظاتی", "چند لحظه"}, [](Lex& l) {
    l.unit = kMomentUnit;
    l.vague = true;
  });
  b.Add({"ثانیه هایی", "چند ثانیه"}, [](Lex& l) {
    l.unit = kSecondUnit;
    l.vague = true;
  });
  b.Add({"دقایقی", "چند دقیقه"}, [](Lex& l) {
    l.unit = kMinuteUnit;
    l.vague = true;
  });
  b.Add({"ساعاتی", "چند ساعت"}, [](Lex& l) {
    l.unit = kHourUnit;
    l.vague = true;
  });
  b.Add({"روزهایی", "چند روز"}, [](Lex& l) {
    l.unit = kDayUnit;
    l.vague = true;
  });
  b.Add({"پیش", "قبل", "پیشتر"}, [](Lex& l) { l.ago = true; });
  const std::pair<std::string_view, int> kNumbers[] = {
      {"یک", 1},      {"یه", 1},      {"دو", 2},     {"سه", 3},     {"چهار", 4},    {"پنج", 5},
      {"شش", 6},      {"شیش", 6},     {"هفت", 7},    {"هشت", 8},    {"نه", 9},      {"ده", 10},
      {"یازده", 11},  {"دوازده", 12}, {"دوازه", 12}, {"سیزده", 13}, {"چهارده", 14}, {"پانزده", 15},
      {"پونزده", 15}, {"شانزده", 16}, {"هفده", 17},  {"هجده", 18},  {"هیجده", 18},  {"نوزده", 19},
      {"بیست", 20},   {"سی", 30}};
  for (const auto& [w, v] : kNumbers)
    b.Add({w}, [v = v](Lex& l) { l.number = static_cast<int8_t>(v); });
  b.Add({"امروز", "امشب"}, [](Lex& l) {
    l.has_day_offset = true;
    l.day_offset = 0;
  });
  b.Add({"دیروز", "دیشب"}, [](Lex& l) {
    l.has_day_offset = true;
    l.day_offset = -1;
  });
  b.Add({"پریروز", "پریشب"}, [](Lex& l) {
    l.has_day_offset = true;
    l.day_offset = -2;
  });
  b.Add({"فردا"}, [](Lex& l) {
    l.has_day_offset = true;
    l.day_offset = 1;
  });
  b.Add({"پس فردا", "پسفردا"}, [](Lex& l) {
    l.has_day_offset = true;
    l.day_offset = 2;
  });
  b.Add({"اکنون", "هم اکنون", "همین الان", "الان", "همین حالا", "هم اینک", "اینک", "لحظاتی قبل"},
        [](Lex& l) { l.now = true; });
  b.Add({"قبل از ظهر", "قبلازظهر", "صبح", "بامداد", "am"}, [](Lex& l) { l.ampm = 1; });
  b.Add({"بعد از ظهر", "بعدازظهر", "عصر", "شب", "pm"}, [](Lex& l) { l.ampm = 2; });
  b.Add({"شمسی", "هجری شمسی", "هجری خورشیدی", "خورشیدی", "میلادی", "قمری", "هجری قمری", "هجری"},
        [](Lex& l) { l.year_suffix = true; });
  return b.Finish();
}

const std::vector<Entry>& Lexicon() {
  static const std::vector<Entry>* lex = new std::vector<Entry>(BuildLexicon());
  return *lex;
}

}  // namespace

void FoldLetterInto(char32_t c, std::string* out) {
  c = UnifyLetter(c);
  switch (c) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
      c = 0x0627;
      break;  // آ أ إ ٱ -> ا
    case 0x0629:
    case 0x06C0:
    case 0x06D5:
      c = 0x0647;
      break;  // ة ۀ ە -> ه
    case 0x0624:
      c = 0x0648;
      break;  // ؤ -> و
    case 0x0626:
      c = 0x06CC;
      break;  // ئ -> ی
    default:
      if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  }
  AppendUtf8(c, out);
}

const Lex* LookupLex(std::string_view key) {
  const auto& lex = Lexicon();
  auto it = std::lower_bound(lex.begin(), lex.end(), key,
                             [](const Entry& e, std::string_view k) { return e.key < k; });
  if (it != lex.end() && it->key == key) return &it->lex;
  return nullptr;
}

void Tokenize(std::string_view text, Tokens* out) {
  out->list.clear();
  out->folded.clear();
  bool space = false, newline = false;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    size_t start = i;
    char32_t c = DecodeUtf8(text, &i);
    if (IsSpaceLike(c, &newline)) {
      space = true;
      continue;
    }
    Token t;
    t.space_before = space;
    t.newline_before = newline;
    space = newline = false;
    t.begin = static_cast<uint32_t>(start);
    int d = DigitValue(c);
    if (d >= 0) {
      t.type = TokType::kNumber;
      int64_t v = d;
      int nd = 1;
      size_t j = i;
      while (j < n) {
        size_t k = j;
        int dd = DigitValue(DecodeUtf8(text, &k));
        if (dd < 0) break;
        if (v < 10000000000) v = v * 10 + dd;
        ++nd;
        j = k;
      }
      i = j;
      t.value = v;
      t.ndigits = nd;
    } else if (IsArabicLetter(c) || IsLatinLetter(c)) {
      t.type = TokType::kWord;
      t.word_off = static_cast<uint32_t>(out->folded.size());
      FoldLetterInto(c, &out->folded);
      size_t j = i;
      while (j < n) {
        size_t k = j;
        char32_t cc = DecodeUtf8(text, &k);
        if (IsArabicLetter(cc) || IsLatinLetter(cc)) {
          FoldLetterInto(cc, &out->folded);
        } else if (IsArabicMark(cc) || IsTatweel(cc)) {
          // dropped
        } else if (cc == kZwnj || cc == kZwj) {
          // inside a word only if a letter follows
          size_t m = k;
          if (m >= n) break;
          char32_t next = DecodeUtf8(text, &m);
          if (!IsArabicLetter(next)) break;
        } else {
          break;
        }
        j = k;
      }
      i = j;
      t.word_len = static_cast<uint32_t>(out->folded.size() - t.word_off);
    } else {
      t.type = TokType::kPunct;
      t.punct = NormalizePunct(c);
    }
    t.end = static_cast<uint32_t>(i);
    out->list.push_back(t);
  }
}

}  // namespace khabar::time_internal
