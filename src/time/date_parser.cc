// Persian date/time expressions: a small recursive-descent matcher over the
// tokens of date_lexicon.h. Every entry point is O(tokens) with a bounded
// look-ahead per position.
#include "khabar/date_parser.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "khabar/chars.h"
#include "khabar/tehran_time.h"
#include "time/date_lexicon.h"

namespace khabar {

using time_internal::Lex;
using time_internal::Token;
using time_internal::Tokens;
using time_internal::TokType;

namespace {

constexpr int kMaxPhraseWords = 5;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }

std::string Two(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}
std::string Four(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", v);
  return buf;
}

// What a date core produced before it is turned into a ParsedDate.
struct Core {
  DateCalendar calendar = DateCalendar::kJalali;
  DatePrecision precision = DatePrecision::kDay;
  int64_t days = 0;  // local date, days since 1970-01-01
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  bool seconds_written = false;
  bool instant_known = false;  // utc below is exact (ISO with offset, «۲ ساعت پیش»)
  int64_t utc = 0;
  int weekday = -1;  // as written, 0 = Saturday
  time_internal::Label label = time_internal::kNoLabel;
  std::vector<std::string> warnings;
};

enum class Outcome { kNone, kOk, kInvalid };

struct Match {
  Outcome outcome = Outcome::kNone;
  size_t end = 0;      // one past the last token
  std::string reason;  // kInvalid
  Core core;
};

struct TimeOfDay {
  int hour = 0, minute = 0, second = 0;
  bool seconds_written = false;
  std::string warning;
};

class Matcher {
 public:
  Matcher(const Tokens& t, const DateParseOptions& opt) : tk_(t), t_(t.list), opt_(opt) {}

  // Tries to match one date expression starting at token i.
  Match At(size_t i) {
    start_ = i;
    size_t p = i;
    time_internal::Label label = time_internal::kNoLabel;
    size_t len = 0;
    const Lex* lex = Phrase(p, true, &len);
    if (lex != nullptr && lex->label != time_internal::kNoLabel) {
      label = lex->label;
      p += len;
      if (Punct(p, ':')) ++p;
    }
    int weekday = -1;
    lex = Phrase(p, p == i, &len);
    if (lex != nullptr && lex->weekday >= 0) {
      weekday = lex->weekday;
      p += len;
      p = SkipSeparators(p);
    }
    Match r = Iso(p);
    if (r.outcome == Outcome::kNone) r = Relative(p);
    if (r.outcome == Outcome::kNone) r = TimeThenDate(p);
    if (r.outcome == Outcome::kNone) r = DateThenTime(p);
    if (r.outcome == Outcome::kOk) {
      r.core.label = label;
      if (weekday >= 0) r.core.weekday = weekday;
    }
    return r;
  }

 private:
  // ---- token access (never across a line break inside one expression) ----
  bool Has(size_t i, bool first = false) const {
    return i < t_.size() && (first || i == start_ || !t_[i].newline_before);
  }
  bool Num(size_t i, int min_digits = 1, int max_digits = 10) const {
    return Has(i) && t_[i].type == TokType::kNumber && t_[i].ndigits >= min_digits &&
           t_[i].ndigits <= max_digits;
  }
  bool Punct(size_t i, char32_t c) const {
    return Has(i) && t_[i].type == TokType::kPunct && t_[i].punct == c;
  }
  bool Tight(size_t i) const { return Has(i) && !t_[i].space_before; }
  bool Word(size_t i, std::string_view w) const {
    return Has(i) && t_[i].type == TokType::kWord && tk_.Word(t_[i]) == w;
  }

  // The longest lexicon phrase of up to kMaxPhraseWords consecutive words at
  // i (memoized per token, so each position is looked up once).
  const Lex* Phrase(size_t i, bool first, size_t* len) const {
    if (!Has(i, first) || t_[i].type != TokType::kWord) return nullptr;
    if (phrase_cache_.empty()) phrase_cache_.assign(t_.size(), {nullptr, -1});
    auto& slot = phrase_cache_[i];
    if (slot.second < 0) {
      size_t n = 0;
      slot.first = LookupPhrase(i, &n);
      slot.second = static_cast<int>(n);
    }
    *len = static_cast<size_t>(slot.second);
    return slot.first;
  }

  const Lex* LookupPhrase(size_t i, size_t* len) const {
    size_t last = i;
    while (last + 1 < t_.size() && last + 1 - i < kMaxPhraseWords &&
           t_[last + 1].type == TokType::kWord && !t_[last + 1].newline_before) {
      ++last;
    }
    for (size_t e = last + 1; e > i; --e) {
      char buf[192];
      size_t n = 0;
      bool fits = true;
      for (size_t k = i; k < e; ++k) {
        std::string_view w = tk_.Word(t_[k]);
        if (n + w.size() > sizeof buf) {
          fits = false;
          break;
        }
        std::copy(w.begin(), w.end(), buf + n);
        n += w.size();
      }
      if (!fits) continue;
      if (const Lex* lex = time_internal::LookupLex(std::string_view(buf, n))) {
        *len = e - i;
        return lex;
      }
    }
    return nullptr;
  }

  // Separators between the parts of one expression: - , / | @ and «ساعت».
  size_t SkipSeparators(size_t i) const {
    for (int k = 0; k < 3 && Has(i) && t_[i].type == TokType::kPunct; ++k) {
      char32_t c = t_[i].punct;
      if (c == '-' || c == ',' || c == '/' || c == '|' || c == '@' || c == 0x2022) {
        ++i;
      } else {
        break;
      }
    }
    return i;
  }

  // ---- times ----

  // [ساعت] H:MM[:SS] [ق.ظ|ب.ظ|صبح|عصر|AM|PM]. Sets *end past it.
  Outcome Time(size_t i, size_t* end, TimeOfDay* tod, std::string* reason) const {
    size_t len = 0;
    const Lex* lex = Phrase(i, true, &len);
    if (lex != nullptr && lex->time_word) i += len;
    if (!Num(i, 1, 2) || !Punct(i + 1, ':') || !Tight(i + 1) || !Num(i + 2, 2, 2) ||
        !Tight(i + 2)) {
      return Outcome::kNone;
    }
    int h = static_cast<int>(t_[i].value), mi = static_cast<int>(t_[i + 2].value), s = 0;
    size_t p = i + 3;
    bool with_seconds = false;
    if (Punct(p, ':') && Tight(p) && Num(p + 1, 2, 2) && Tight(p + 1)) {
      s = static_cast<int>(t_[p + 1].value);
      with_seconds = true;
      p += 2;
    }
    if (Punct(p, ':') && Tight(p) && Num(p + 1) && Tight(p + 1)) return Outcome::kNone;  // 1:2:3:4
    int ampm = AmPm(p, &p);
    if (mi > 59 || s > 59) {
      *reason = "no such time " + Two(h) + ":" + Two(mi) + (with_seconds ? ":" + Two(s) : "");
      *end = p;
      return Outcome::kInvalid;
    }
    if (ampm != 0) {
      if (h >= 1 && h <= 12) {
        if (ampm == 1 && h == 12) h = 0;
        if (ampm == 2 && h != 12) h += 12;
      } else if (h > 12 && h <= 23 && ampm == 2) {
        tod->warning = "redundant after-noon marker on a 24-hour time";
      } else {
        *reason = "no such time " + Two(h) + ":" + Two(mi) + " with a 12-hour marker";
        *end = p;
        return Outcome::kInvalid;
      }
    }
    if (h > 23) {
      *reason = "no such time " + Two(h) + ":" + Two(mi);
      *end = p;
      return Outcome::kInvalid;
    }
    tod->hour = h;
    tod->minute = mi;
    tod->second = s;
    tod->seconds_written = with_seconds;
    *end = p;
    return Outcome::kOk;
  }

  // 1 (before noon), 2 (after noon) or 0; advances *end past the marker.
  int AmPm(size_t i, size_t* end) const {
    // «ق.ظ» «ب.ظ» «ق ظ» «قظ», optionally with a final dot.
    if (Has(i) && t_[i].type == TokType::kWord) {
      std::string_view w = tk_.Word(t_[i]);
      int v = 0;
      size_t p = i + 1;
      if (w == "ق" || w == "ب") {
        v = w == "ق" ? 1 : 2;
        if (Punct(p, '.')) ++p;
        if (!Word(p, "ظ")) v = 0;
        ++p;
      } else if (w == "قظ" || w == "بظ") {
        v = w == "قظ" ? 1 : 2;
      }
      if (v != 0) {
        if (Punct(p, '.') && Tight(p)) ++p;
        *end = p;
        return v;
      }
      size_t len = 0;
      const Lex* lex = Phrase(i, false, &len);
      if (lex != nullptr && lex->ampm != 0) {
        *end = i + len;
        return lex->ampm;
      }
    }
    return 0;
  }

  // ---- dates ----

  // Validates and converts a Jalali/Gregorian/Hijri date to days.
  Outcome DateDays(DateCalendar cal, int y, int m, int d, int64_t* days,
                   std::string* reason) const {
    if (cal == DateCalendar::kJalali) {
      Status s = ValidateJalali({y, m, d});
      if (!s.ok()) {
        *reason = s.message();
        return Outcome::kInvalid;
      }
      *days = JalaliToDays({y, m, d});
    } else if (cal == DateCalendar::kHijri) {
      Result<int64_t> r = HijriToDays({y, m, d});
      if (!r.ok()) {
        *reason = r.status().message();
        return Outcome::kInvalid;
      }
      *days = *r;
    } else {
      Status s = ValidateGregorian({y, m, d});
      if (!s.ok()) {
        *reason = s.message();
        return Outcome::kInvalid;
      }
      *days = GregorianToDays({y, m, d});
      if (*days < MinJalaliDays() || *days > MaxJalaliDays()) {
        *reason = "Gregorian date " + Four(y) + "-" + Two(m) + "-" + Two(d) +
                  " is outside Jalali years 1..3177";
        return Outcome::kInvalid;
      }
    }
    return Outcome::kOk;
  }

  // A two-digit Jalali year: 00-49 -> 14xx, 50-99 -> 13xx.
  static int ExpandYear(int yy, std::vector<std::string>* warnings) {
    int y = yy < 50 ? 1400 + yy : 1300 + yy;
    warnings->push_back("two-digit year " + Two(yy) + " read as " + std::to_string(y));
    return y;
  }

  // 1396-01-20, 20-01-1396, 1396/1/20, 20.01.1396, ۰۲/۰۷/۲۴ (YY/MM/DD).
  Match NumericDate(size_t i) const {
    Match r;
    if (!Num(i, 1, 4) || !Has(i + 1) || t_[i + 1].type != TokType::kPunct) return r;
    char32_t sep = t_[i + 1].punct;
    if (sep != '-' && sep != '/' && sep != '.') return r;
    if (Tight(i + 1) && Num(i + 2, 1, 4) && Tight(i + 2) && Punct(i + 3, sep) && Tight(i + 3) &&
        Num(i + 4, 1, 4) && Tight(i + 4)) {
      // the usual, compact form
    } else if (sep == '/' && Num(i + 2, 2, 2) && Punct(i + 3, sep) && Num(i + 4, 2, 4) &&
               (t_[i].ndigits == 4 || t_[i + 4].ndigits == 4) &&
               (t_[i].ndigits == 4 ? t_[i + 4].ndigits == 2 : t_[i].ndigits == 2)) {
      // «۱۴۰۴ / ۰۹ / ۲۲»: spaced slashes, only with a 4-digit year and padded fields
    } else {
      return r;
    }
    // Part of a longer run (1.2.3.4, 021-1234-5678-9)?
    if (Punct(i + 5, sep) && Tight(i + 5) && Num(i + 6) && Tight(i + 6)) return r;
    if (i >= 2 && t_[i - 1].type == TokType::kPunct && t_[i - 1].punct == sep &&
        !t_[i].space_before && t_[i - 2].type == TokType::kNumber && !t_[i - 1].space_before) {
      return r;
    }
    const Token &a = t_[i], &b = t_[i + 2], &c = t_[i + 4];
    int y, m, d;
    Core core;
    if (a.ndigits == 4 && b.ndigits <= 2 && c.ndigits <= 2) {
      y = static_cast<int>(a.value), m = static_cast<int>(b.value), d = static_cast<int>(c.value);
    } else if (c.ndigits == 4 && a.ndigits <= 2 && b.ndigits <= 2) {
      d = static_cast<int>(a.value), m = static_cast<int>(b.value), y = static_cast<int>(c.value);
    } else if (a.ndigits == 2 && b.ndigits == 2 && c.ndigits == 2) {
      if (c.value > 31 && a.value <= 31) {
        d = static_cast<int>(a.value), m = static_cast<int>(b.value);
        y = ExpandYear(static_cast<int>(c.value), &core.warnings);
      } else {
        y = ExpandYear(static_cast<int>(a.value), &core.warnings);
        m = static_cast<int>(b.value), d = static_cast<int>(c.value);
      }
    } else {
      return r;
    }
    r.end = i + 5;
    DateCalendar cal = y >= 1700 ? DateCalendar::kGregorian : DateCalendar::kJalali;
    if (cal == DateCalendar::kGregorian && c.ndigits == 4 && d <= 12 && m <= 12 && d != m) {
      core.warnings.push_back("day/month order assumed day first");
    }
    Outcome o = DateDays(cal, y, m, d, &core.days, &r.reason);
    r.outcome = o;
    if (o != Outcome::kOk) return r;
    core.calendar = cal;
    core.precision = DatePrecision::kDay;
    r.core = std::move(core);
    return r;
  }

  // Skips an optional year suffix («ه.ش», «شمسی», «میلادی», «ه.ق»...).
  size_t SkipYearSuffix(size_t i) const {
    if (Word(i, "ه") || Word(i, "هـ")) {
      size_t p = i + 1;
      if (Punct(p, '.')) ++p;
      if (Word(p, "ش") || Word(p, "ق")) {
        ++p;
        if (Punct(p, '.') && Tight(p)) ++p;
        return p;
      }
    }
    size_t len = 0;
    const Lex* lex = Phrase(i, false, &len);
    if (lex != nullptr && lex->year_suffix) return i + len;
    return i;
  }

  // [D] MonthName [ماه] [,] [YYYY | YY] with Jalali, Afghan, Gregorian or Hijri names.
  Match NamedDate(size_t i) const {
    Match r;
    size_t p = i;
    int day = 0;
    if (Num(p, 1, 2)) {
      day = static_cast<int>(t_[p].value);
      ++p;
      if (Word(p, "ام") && Tight(p)) ++p;  // «۲۰ام»
    }
    size_t len = 0;
    const Lex* lex = Phrase(p, p == i, &len);
    if (lex == nullptr) return r;
    DateCalendar cal;
    int month;
    if (lex->jalali_month) {
      cal = DateCalendar::kJalali, month = lex->jalali_month;
    } else if (lex->gregorian_month) {
      cal = DateCalendar::kGregorian, month = lex->gregorian_month;
    } else if (lex->hijri_month) {
      cal = DateCalendar::kHijri, month = lex->hijri_month;
    } else {
      return r;
    }
    // Without a day, only the unambiguous month names stand alone («تیر ۱۴۰۲»).
    bool weak = lex->afghan || lex->weak_month || cal == DateCalendar::kHijri;
    if (day == 0 && weak) return r;
    p += len;
    size_t mlen = 0;
    const Lex* mw = Phrase(p, false, &mlen);
    if (mw != nullptr && mw->month_word && mlen == 1) ++p;  // «دی ماه»
    size_t before_year = p;
    if (Punct(p, ',')) ++p;
    Core core;
    core.calendar = cal;
    int year = 0;
    if (Num(p, 4, 4)) {
      year = static_cast<int>(t_[p].value);
      ++p;
    } else if (Num(p, 2, 2) && cal == DateCalendar::kJalali && day != 0 &&
               !(Punct(p + 1, ':') && Tight(p + 1))) {
      year = ExpandYear(static_cast<int>(t_[p].value), &core.warnings);
      ++p;
    } else {
      p = before_year;
    }
    if (year == 0 && day == 0) return r;
    if (year != 0) p = SkipYearSuffix(p);
    r.end = p;
    if (year == 0) {
      // «۲۱ فروردین»: the year comes from the reference time.
      if (opt_.now_unix_seconds == 0) {
        r.outcome = Outcome::kInvalid;
        r.reason = "no year given and no reference time";
        return r;
      }
      if (cal != DateCalendar::kJalali) return r;  // rare; not guessed
      int64_t today = LocalDays(opt_.now_unix_seconds);
      auto j = DaysToJalali(today);
      if (!j.ok()) return r;
      year = j->year;
      int64_t days;
      std::string why;
      if (DateDays(cal, year, month, day, &days, &why) != Outcome::kOk || days > today + 1) {
        --year;
      }
      core.warnings.push_back("year " + std::to_string(year) + " taken from the reference time");
    }
    if (day == 0) {
      core.precision = DatePrecision::kMonth;
      day = 1;
    } else {
      core.precision = DatePrecision::kDay;
    }
    r.outcome = DateDays(cal, year, month, day, &core.days, &r.reason);
    if (r.outcome == Outcome::kOk) r.core = std::move(core);
    return r;
  }

  Match AnyDate(size_t i) const {
    Match r = NumericDate(i);
    if (r.outcome == Outcome::kNone) r = NamedDate(i);
    return r;
  }

  static void AddTime(const TimeOfDay& tod, Core* core) {
    core->has_time = true;
    core->hour = tod.hour;
    core->minute = tod.minute;
    core->second = tod.second;
    core->seconds_written = tod.seconds_written;
    if (!tod.warning.empty()) core->warnings.push_back(tod.warning);
  }

  Match DateThenTime(size_t i) const {
    Match r = AnyDate(i);
    if (r.outcome != Outcome::kOk || r.core.precision != DatePrecision::kDay) return r;
    size_t p = SkipSeparators(r.end);
    TimeOfDay tod;
    size_t end;
    std::string why;
    Outcome o = Time(p, &end, &tod, &why);
    if (o == Outcome::kOk) {
      AddTime(tod, &r.core);
      r.end = end;
    } else if (o == Outcome::kInvalid) {
      r.outcome = Outcome::kInvalid;
      r.reason = why;
      r.end = end;
    }
    return r;
  }

  Match TimeThenDate(size_t i) const {
    Match none;
    TimeOfDay tod;
    size_t end;
    std::string why;
    Outcome o = Time(i, &end, &tod, &why);
    if (o == Outcome::kNone) return none;
    Match d = AnyDate(SkipSeparators(end));
    if (d.outcome == Outcome::kNone) return none;
    if (d.outcome == Outcome::kOk && d.core.precision != DatePrecision::kDay) return none;
    if (o == Outcome::kInvalid) {
      d.outcome = Outcome::kInvalid;
      d.reason = why;
      return d;
    }
    if (d.outcome == Outcome::kOk) AddTime(tod, &d.core);
    return d;
  }

  // 2017-04-09, 2017-04-09T17:14:00+04:30, 2017-04-09 12:44:00Z (years >= 1700).
  Match Iso(size_t i) const {
    Match r;
    if (!Num(i, 4, 4) || t_[i].value < 1700 || !Punct(i + 1, '-') || !Tight(i + 1) ||
        !Num(i + 2, 2, 2) || !Tight(i + 2) || !Punct(i + 3, '-') || !Tight(i + 3) ||
        !Num(i + 4, 2, 2) || !Tight(i + 4)) {
      return r;
    }
    Core core;
    core.calendar = DateCalendar::kIso;
    int y = static_cast<int>(t_[i].value), m = static_cast<int>(t_[i + 2].value),
        d = static_cast<int>(t_[i + 4].value);
    size_t p = i + 5;
    r.end = p;
    r.outcome = DateDays(DateCalendar::kGregorian, y, m, d, &core.days, &r.reason);
    if (r.outcome != Outcome::kOk) return r;
    // Time: "T" glued on both sides, or a space.
    size_t q = p;
    bool sep_ok;
    if (Word(q, "t") && Tight(q)) {
      ++q;
      sep_ok = Tight(q);
    } else {
      sep_ok = Has(q) && t_[q].space_before;
    }
    if (sep_ok) {
      if (Num(q, 2, 2) && Punct(q + 1, ':') && Tight(q + 1) && Num(q + 2, 2, 2) && Tight(q + 2)) {
        int h = static_cast<int>(t_[q].value), mi = static_cast<int>(t_[q + 2].value), s = 0;
        bool with_s = false;
        size_t e = q + 3;
        if (Punct(e, ':') && Tight(e) && Num(e + 1, 2, 2) && Tight(e + 1)) {
          s = static_cast<int>(t_[e + 1].value);
          with_s = true;
          e += 2;
          if ((Punct(e, '.') || Punct(e, ',')) && Tight(e) && Num(e + 1) && Tight(e + 1)) e += 2;
        }
        if (h > 23 || mi > 59 || s > 60) {
          r.outcome = Outcome::kInvalid;
          r.reason = "no such time " + Two(h) + ":" + Two(mi) + ":" + Two(s);
          r.end = e;
          return r;
        }
        if (s == 60) s = 59;  // a leap second is read as the second before it
        TimeOfDay tod{h, mi, s, with_s, ""};
        AddTime(tod, &core);
        // Offset: Z, +HH:MM, +HHMM, +HH.
        int offset = 0;
        bool has_offset = false, zulu = false;
        if (Word(e, "z") && Tight(e)) {
          has_offset = zulu = true;
          ++e;
        } else if ((Punct(e, '+') || Punct(e, '-')) && Tight(e) && Num(e + 1) && Tight(e + 1)) {
          int sign = t_[e].punct == '-' ? -1 : 1;
          int oh = -1, om = 0;
          size_t f = e + 1;
          if (t_[f].ndigits == 2) {
            oh = static_cast<int>(t_[f].value);
            ++f;
            if (Punct(f, ':') && Tight(f) && Num(f + 1, 2, 2) && Tight(f + 1)) {
              om = static_cast<int>(t_[f + 1].value);
              f += 2;
            }
          } else if (t_[f].ndigits == 4) {
            oh = static_cast<int>(t_[f].value / 100);
            om = static_cast<int>(t_[f].value % 100);
            ++f;
          }
          if (oh < 0 || oh > 14 || om > 59) {
            r.outcome = Outcome::kInvalid;
            r.reason = "bad UTC offset";
            r.end = f;
            return r;
          }
          offset = sign * (oh * 3600 + om * 60);
          has_offset = true;
          e = f;
        }
        if (has_offset) {
          core.instant_known = true;
          core.utc = core.days * 86400 + h * 3600 + mi * 60 + s - offset;
          Result<int> tehran = TehranUtcOffset(core.utc);
          if (tehran.ok() && *tehran != offset && !zulu) {
            core.warnings.push_back("offset " + FormatUtcOffset(offset) + " is not Tehran's (" +
                                    FormatUtcOffset(*tehran) + "); shown in Tehran time");
          }
        } else {
          core.warnings.push_back("no UTC offset; read as Tehran time");
        }
        r.end = e;
      }
    }
    r.core = std::move(core);
    return r;
  }

  // Local Tehran date (days) of an instant.
  static int64_t LocalDays(int64_t utc) {
    Result<int> off = TehranUtcOffset(utc);
    return FloorDiv(utc + (off.ok() ? *off : 12600), 86400);
  }

  // «۲ ساعت پیش», «یک روز قبل», «لحظاتی پیش», «دیروز [ساعت ۱۰:۳۰]», «اکنون».
  Match Relative(size_t i) const {
    Match r;
    size_t len = 0;
    const Lex* lex = Phrase(i, true, &len);
    int64_t amount = 0;
    bool vague = false;
    time_internal::Unit unit = time_internal::kNoUnit;
    size_t p = i;
    if (lex != nullptr && lex->has_day_offset) {
      p = i + len;
      if (!NeedNow(&r, p)) return r;
      Core core;
      core.calendar = DateCalendar::kRelative;
      core.precision = DatePrecision::kDay;
      core.days = LocalDays(opt_.now_unix_seconds) + lex->day_offset;
      size_t q = SkipSeparators(p);
      TimeOfDay tod;
      size_t end;
      std::string why;
      Outcome o = Time(q, &end, &tod, &why);
      if (o == Outcome::kOk) {
        AddTime(tod, &core);
        p = end;
      } else if (o == Outcome::kInvalid) {
        r.outcome = Outcome::kInvalid;
        r.reason = why;
        r.end = end;
        return r;
      }
      r.outcome = Outcome::kOk;
      r.end = p;
      r.core = std::move(core);
      return r;
    }
    if (lex != nullptr && lex->now) {
      p = i + len;
      if (!NeedNow(&r, p)) return r;
      return Instant(opt_.now_unix_seconds, DatePrecision::kMinute, p, false);
    }
    if (Num(i, 1, 4)) {
      amount = t_[i].value;
      p = i + 1;
      lex = Phrase(p, false, &len);
      if (lex == nullptr || lex->unit == time_internal::kNoUnit || lex->vague) return r;
      unit = lex->unit;
      p += len;
    } else if (lex != nullptr && lex->number != 0) {
      amount = lex->number;
      p = i + len;
      const Lex* u = Phrase(p, false, &len);
      if (u == nullptr || u->unit == time_internal::kNoUnit || u->vague) return r;
      unit = u->unit;
      p += len;
    } else if (lex != nullptr && lex->vague) {
      vague = true;
      unit = lex->unit;
      amount = 0;  // «دقایقی پیش»: the reference time itself, flagged
      p = i + len;
    } else {
      return r;
    }
    // «۲ ساعت و ۱۵ دقیقه پیش»: further parts joined by «و» (units up to a week).
    int64_t extra_seconds = 0;
    time_internal::Unit smallest = unit;
    while (!vague && UnitSeconds(unit) > 0 && Word(p, "و")) {
      size_t q = p + 1, l2 = 0;
      int64_t n2;
      if (Num(q, 1, 4)) {
        n2 = t_[q].value;
        ++q;
      } else {
        const Lex* w = Phrase(q, false, &l2);
        if (w == nullptr || w->number <= 0) break;
        n2 = w->number;
        q += l2;
      }
      const Lex* u2 = Phrase(q, false, &l2);
      if (u2 == nullptr || u2->vague || UnitSeconds(u2->unit) <= 0) break;
      extra_seconds += n2 * UnitSeconds(u2->unit);
      if (UnitSeconds(u2->unit) < UnitSeconds(smallest)) smallest = u2->unit;
      p = q + l2;
    }
    const Lex* ago = Phrase(p, false, &len);
    if (ago == nullptr || !ago->ago) return r;
    p += len;
    if (!NeedNow(&r, p)) return r;
    int64_t now = opt_.now_unix_seconds;
    DatePrecision prec = DatePrecision::kMinute;
    int64_t utc = now;
    if (extra_seconds > 0) {
      utc = now - amount * UnitSeconds(unit) - extra_seconds;
      prec = smallest == time_internal::kSecondUnit ? DatePrecision::kSecond
             : smallest >= time_internal::kDayUnit  ? DatePrecision::kDay
                                                    : DatePrecision::kMinute;
      return Instant(utc, prec, p, false);
    }
    switch (unit) {
      case time_internal::kSecondUnit:
        utc = now - amount;
        prec = DatePrecision::kSecond;
        break;
      case time_internal::kMinuteUnit:
        utc = now - amount * 60;
        break;
      case time_internal::kHourUnit:
        utc = now - amount * 3600;
        break;
      case time_internal::kDayUnit:
        utc = now - amount * 86400;
        prec = DatePrecision::kDay;
        break;
      case time_internal::kWeekUnit:
        utc = now - amount * 7 * 86400;
        prec = DatePrecision::kDay;
        break;
      case time_internal::kMomentUnit:
        break;
      case time_internal::kMonthUnit:
      case time_internal::kYearUnit: {
        // Calendar months/years in the Jalali calendar, same wall time.
        Result<int> off = TehranUtcOffset(now);
        int64_t local = now + (off.ok() ? *off : 12600);
        int64_t day = FloorDiv(local, 86400), sod = local - day * 86400;
        auto j = DaysToJalali(day);
        if (!j.ok()) return r;
        int64_t months = j->year * 12LL + (j->month - 1) -
                         (unit == time_internal::kMonthUnit ? amount : amount * 12);
        int y = static_cast<int>(FloorDiv(months, 12)), m = static_cast<int>(months - y * 12LL) + 1;
        if (y < kMinJalaliYear) {
          r.outcome = Outcome::kInvalid;
          r.reason = "relative date before Jalali year 1";
          r.end = p;
          return r;
        }
        int d = std::min(j->day, JalaliMonthLength(y, m));
        int64_t target = JalaliToDays({y, m, d}) * 86400 + sod;
        Result<LocalTimeResolution> res = TehranLocalToUtc(target);
        utc = res.ok() ? res->utc_seconds : target - 12600;
        prec = unit == time_internal::kMonthUnit ? DatePrecision::kMonth : DatePrecision::kYear;
        break;
      }
      default:
        return r;
    }
    return Instant(utc, prec, p, vague);
  }

  // Seconds in a unit of at most a week; 0 for «لحظه», -1 for months/years.
  static int64_t UnitSeconds(time_internal::Unit u) {
    switch (u) {
      case time_internal::kSecondUnit:
        return 1;
      case time_internal::kMinuteUnit:
        return 60;
      case time_internal::kHourUnit:
        return 3600;
      case time_internal::kDayUnit:
        return 86400;
      case time_internal::kWeekUnit:
        return 7 * 86400;
      case time_internal::kMomentUnit:
        return 0;
      default:
        return -1;
    }
  }

  bool NeedNow(Match* r, size_t end) const {
    if (opt_.now_unix_seconds != 0) return true;
    r->outcome = Outcome::kInvalid;
    r->reason = "relative date needs a reference time";
    r->end = end;
    return false;
  }

  Match Instant(int64_t utc, DatePrecision prec, size_t end, bool vague) const {
    Match r;
    r.outcome = Outcome::kOk;
    r.end = end;
    r.core.calendar = DateCalendar::kRelative;
    r.core.precision = prec;
    r.core.instant_known = true;
    r.core.utc = utc;
    r.core.has_time = true;
    if (vague) r.core.warnings.push_back("vague relative time; approximated by the reference time");
    return r;
  }

  const Tokens& tk_;
  const std::vector<Token>& t_;
  const DateParseOptions& opt_;
  size_t start_ = 0;  // the token At() started from (may follow a line break)
  mutable std::vector<std::pair<const Lex*, int>> phrase_cache_;
};

std::string_view LabelName(time_internal::Label l) {
  switch (l) {
    case time_internal::kPublished:
      return "published";
    case time_internal::kUpdated:
      return "updated";
    default:
      return "";
  }
}

// Turns a core into the public result: Tehran time, both calendars, checks.
Result<ParsedDate> Finish(Core&& c) {
  ParsedDate d;
  d.calendar = c.calendar;
  d.warnings = std::move(c.warnings);
  d.label = std::string(LabelName(c.label));
  int64_t days = c.days;
  if (c.instant_known) {
    Result<int> off = TehranUtcOffset(c.utc);
    if (!off.ok()) return off.status();
    int64_t local = c.utc + *off;
    days = FloorDiv(local, 86400);
    int64_t sod = local - days * 86400;
    d.has_time = true;
    d.hour = static_cast<int>(sod / 3600);
    d.minute = static_cast<int>(sod / 60 % 60);
    d.second = static_cast<int>(sod % 60);
    d.utc_unix_seconds = c.utc;
    d.utc_offset_minutes = *off / 60;
    d.utc_offset_seconds = *off;
    d.precision = c.has_time && c.calendar != DateCalendar::kRelative
                      ? (c.seconds_written ? DatePrecision::kSecond : DatePrecision::kMinute)
                      : c.precision;
  } else if (c.has_time) {
    d.has_time = true;
    d.hour = c.hour;
    d.minute = c.minute;
    d.second = c.second;
    int64_t local = days * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
    Result<LocalTimeResolution> res = TehranLocalToUtc(local);
    if (!res.ok()) return res.status();
    d.utc_unix_seconds = res->utc_seconds;
    d.utc_offset_minutes = res->offset_seconds / 60;
    d.utc_offset_seconds = res->offset_seconds;
    if (res->kind == LocalTimeKind::kNonexistent) {
      d.warnings.push_back("nonexistent local time (clocks went forward): read as " +
                           FormatUtcOffset(res->offset_seconds));
    } else if (res->kind == LocalTimeKind::kAmbiguous) {
      d.warnings.push_back("ambiguous local time (clocks went back): took the earlier, " +
                           FormatUtcOffset(res->offset_seconds));
    }
    d.precision = c.seconds_written ? DatePrecision::kSecond : DatePrecision::kMinute;
  } else {
    d.precision = c.precision;
  }
  Result<JalaliDate> j = DaysToJalali(days);
  if (!j.ok()) return j.status();
  d.jalali = *j;
  d.gregorian = DaysToGregorian(days);
  if (c.weekday >= 0 && d.precision >= DatePrecision::kDay) {
    int actual = static_cast<int>(WeekdayOfDays(days));
    if (actual != c.weekday) {
      d.warnings.push_back("weekday " + std::string(WeekdayName(static_cast<Weekday>(c.weekday))) +
                           " does not match " +
                           FormatJalaliNumeric(d.jalali, NumericDateStyle::kIsoLike) + ", a " +
                           std::string(WeekdayName(static_cast<Weekday>(actual))));
    }
  }
  return d;
}

bool IsSignificant(const Token& t) { return t.type != TokType::kPunct; }

}  // namespace

Result<ParsedDate> ParseDate(std::string_view expr, const DateParseOptions& opt) {
  if (expr.size() > kMaxDateExpressionBytes) {
    return Status::ResourceExhausted("expression longer than " +
                                     std::to_string(kMaxDateExpressionBytes) + " bytes");
  }
  thread_local Tokens tokens;
  time_internal::Tokenize(expr, &tokens);
  Matcher m(tokens, opt);
  const auto& t = tokens.list;
  for (size_t i = 0; i < t.size(); ++i) {
    Match r = m.At(i);
    if (r.outcome == Outcome::kNone) continue;
    if (r.outcome == Outcome::kInvalid) return Status::InvalidArgument(r.reason);
    Result<ParsedDate> d = Finish(std::move(r.core));
    if (!d.ok()) return d;
    // Words or numbers outside the match are reported, not silently dropped.
    bool before = false, after = false;
    for (size_t k = 0; k < i; ++k) before |= IsSignificant(t[k]);
    for (size_t k = r.end; k < t.size(); ++k) after |= IsSignificant(t[k]);
    if (before) {
      d->warnings.push_back("ignored text before the date: " +
                            std::string(expr.substr(0, t[i].begin)));
    }
    if (after) {
      d->warnings.push_back("ignored text after the date: " +
                            std::string(expr.substr(t[r.end - 1].end)));
    }
    return d;
  }
  return Status::InvalidArgument(t.empty() ? "empty expression" : "no date found");
}

namespace {

// Can FindDates find a date in s? false only when it surely cannot: s is
// ASCII and holds no number, separator, number, the same separator, number
// (separators "-", "/" or ".", spaces around them allowed). The grammar below
// knows no ASCII words but "am"/"pm" after a time, so an ASCII date is
// numeric: 2019-11-18, 18.11.2019, 27/09/2018, «1404 / 09 / 22» (a time alone
// is none). Most text of non-Persian pages fails this test in one linear
// pass, where tokenizing and matching cost ~24k instructions a call.
bool MayHoldDate(std::string_view s) {
  const size_t n = s.size();
  // The last tokens, spaces skipped: 'n' number, or the separator itself.
  char t[4] = {0, 0, 0, 0};
  size_t i = 0;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) return true;
    char tok;
    if (c >= '0' && c <= '9') {
      while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
      tok = 'n';
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    } else {
      tok = (c == '-' || c == '/' || c == '.') ? static_cast<char>(c) : 'x';
      ++i;
    }
    if (tok == 'n' && t[3] != 'n' && t[3] != 0 && t[3] != 'x' && t[2] == 'n' && t[1] == t[3] && t[0] == 'n')
      return true;  // n sep n sep n
    t[0] = t[1];
    t[1] = t[2];
    t[2] = t[3];
    t[3] = tok;
  }
  return false;
}

}  // namespace

std::vector<DateMatch> FindDates(std::string_view text, const DateParseOptions& opt) {
  std::vector<DateMatch> out;
  if (!MayHoldDate(text)) return out;
  Tokens tokens;
  time_internal::Tokenize(text, &tokens);
  Matcher m(tokens, opt);
  const auto& t = tokens.list;
  size_t i = 0;
  while (i < t.size()) {
    Match r = m.At(i);
    if (r.outcome == Outcome::kNone) {
      ++i;
      continue;
    }
    size_t end = std::max(r.end, i + 1);
    if (r.outcome == Outcome::kOk) {
      Result<ParsedDate> d = Finish(std::move(r.core));
      if (d.ok()) out.push_back({t[i].begin, t[end - 1].end, std::move(*d)});
    }
    i = end;
  }
  return out;
}

std::string ParsedDate::JalaliString() const {
  std::string s = Four(jalali.year);
  bool written_jalali = calendar == DateCalendar::kJalali || calendar == DateCalendar::kRelative;
  if (precision == DatePrecision::kYear && !has_time && written_jalali) return s;
  s += "-" + Two(jalali.month);
  if (precision == DatePrecision::kMonth && !has_time && written_jalali) return s;
  s += "-" + Two(jalali.day);
  if (has_time) {
    s += " " + Two(hour) + ":" + Two(minute);
    if (second != 0) s += ":" + Two(second);
  }
  return s;
}

std::string ParsedDate::IsoString() const {
  std::string s = Four(gregorian.year);
  bool written_gregorian = calendar == DateCalendar::kGregorian || calendar == DateCalendar::kIso;
  if (!has_time && written_gregorian && precision == DatePrecision::kYear) return s;
  s += "-" + Two(gregorian.month);
  if (!has_time && written_gregorian && precision == DatePrecision::kMonth) return s;
  s += "-" + Two(gregorian.day);
  if (has_time) {
    s += "T" + Two(hour) + ":" + Two(minute) + ":" + Two(second) +
         FormatUtcOffset(utc_offset_seconds);
  }
  return s;
}

std::string ParsedDate::UtcString() const {
  if (!has_time) return "";
  int64_t days = FloorDiv(utc_unix_seconds, 86400);
  int64_t sod = utc_unix_seconds - days * 86400;
  GregorianDate g = DaysToGregorian(days);
  return Four(g.year) + "-" + Two(g.month) + "-" + Two(g.day) + "T" +
         Two(static_cast<int>(sod / 3600)) + ":" + Two(static_cast<int>(sod / 60 % 60)) + ":" +
         Two(static_cast<int>(sod % 60)) + "Z";
}

namespace {
std::string PersianDigits(std::string_view ascii) {
  std::string out;
  for (char ch : ascii) {
    if (ch >= '0' && ch <= '9') {
      AppendUtf8(0x06F0 + (ch - '0'), &out);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}
}  // namespace

std::string FormatJalaliPersian(const ParsedDate& d) {
  std::string s;
  std::string year = PersianDigits(std::to_string(d.jalali.year));
  if (d.precision == DatePrecision::kYear && !d.has_time) return year;
  std::string month(JalaliMonthName(d.jalali.month));
  if (d.precision == DatePrecision::kMonth && !d.has_time) return month + " " + year;
  auto days = JalaliToDays(d.jalali);
  s = std::string(WeekdayName(WeekdayOfDays(days))) + " " +
      PersianDigits(std::to_string(d.jalali.day)) + " " + month + " " + year;
  if (d.has_time) s += " - " + PersianDigits(Two(d.hour) + ":" + Two(d.minute));
  return s;
}

std::string FormatJalaliNumeric(const JalaliDate& d, NumericDateStyle style) {
  switch (style) {
    case NumericDateStyle::kIsoLike:
      return Four(d.year) + "-" + Two(d.month) + "-" + Two(d.day);
    case NumericDateStyle::kSlashes:
      return Four(d.year) + "/" + Two(d.month) + "/" + Two(d.day);
    case NumericDateStyle::kPersianSlashes:
      return PersianDigits(Four(d.year) + "/" + Two(d.month) + "/" + Two(d.day));
  }
  return "";
}

std::string_view DateCalendarName(DateCalendar c) {
  switch (c) {
    case DateCalendar::kJalali:
      return "jalali";
    case DateCalendar::kGregorian:
      return "gregorian";
    case DateCalendar::kHijri:
      return "hijri";
    case DateCalendar::kIso:
      return "iso";
    case DateCalendar::kRelative:
      return "relative";
  }
  return "";
}

std::string_view DatePrecisionName(DatePrecision p) {
  switch (p) {
    case DatePrecision::kYear:
      return "year";
    case DatePrecision::kMonth:
      return "month";
    case DatePrecision::kDay:
      return "day";
    case DatePrecision::kMinute:
      return "minute";
    case DatePrecision::kSecond:
      return "second";
  }
  return "";
}

}  // namespace khabar
