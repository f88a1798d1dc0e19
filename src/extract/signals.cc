#include "extract/signals.h"

#include <array>
#include <cstdio>

#include "khabar/chars.h"

#if KHABAR_TIME_AVAILABLE
#include "khabar/date_parser.h"
#endif

namespace khabar::extract {
namespace {

bool IsSpaceCp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == kNbsp ||
         c == 0x200B || c == kZwnj || c == kZwj || c == kLrm || c == kRlm || c == 0x202A ||
         c == 0x202B || c == 0x202C || c == 0x202F || c == 0x2009 || c == 0x3000 || c == 0xFEFF ||
         (c >= 0x2000 && c <= 0x200A);
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Skips spaces and ':' after a label; returns the rest.
std::string_view AfterLabel(std::string_view s) {
  while (!s.empty() && (s[0] == ' ' || s[0] == ':' || s[0] == '\t')) s.remove_prefix(1);
  if (StartsWith(s, "\xEF\xBC\x9A")) s.remove_prefix(3);  // fullwidth colon
  return Trim(s);
}

// The leading run of digits (any script) of s, in ASCII; *rest gets what follows.
std::string LeadingDigits(std::string_view s, std::string_view* rest) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    char32_t c = DecodeUtf8(s, &j);
    int d = DigitValue(c);
    if (d < 0) break;
    out.push_back(static_cast<char>('0' + d));
    i = j;
  }
  if (rest) *rest = s.substr(i);
  return out;
}

// Labels before a news code; the generic «کد» last.
constexpr std::array<std::string_view, 9> kIdLabels = {
    "کد خبر", "شناسه خبر", "کد مطلب", "شناسه مطلب", "کد گزارش", "News ID", "News Code", "کد",
    "شناسه"};

// Chrome phrases (the whole line, or the line is barely more than one).
constexpr std::array<std::string_view, 40> kChrome = {
    "ارسال به دوستان", "فیلم بیشتر", "عکس بیشتر", "نسخه چاپی", "چاپ خبر", "نسخه قابل چاپ",
    "اشتراک گذاری", "اشتراک\u200cگذاری", "ذخیره", "بازگشت", "صفحه اصلی", "نظرات", "ارسال نظر",
    "نظر شما", "لینک کوتاه", "کپی لینک", "پربازدیدها", "پربحث\u200cترین", "پربحث ترین",
    "آخرین اخبار", "اخبار مرتبط", "خبرهای مرتبط", "مطالب مرتبط", "برچسب\u200cها", "برچسب ها",
    "برچسبها", "کلیدواژه\u200cها", "کلید واژه ها", "تگ ها", "بیشتر بخوانید", "بیشتر", "مشاهده بیشتر",
    "آرشیو", "تماس با ما", "درباره ما", "جستجو", "ورود", "عضویت", "خروج", "منتشر شده"};

// Words that name a reporter's desk or the reporter, never an agency:
// «خبرنگار سیاسی»، «خبرنگار ما»، «گروه بین\u200cالملل».
bool IsDeskWord(std::string_view w) {
  static constexpr std::string_view kDesk[] = {
      "ما", "سیاسی", "اقتصادی", "ورزشی", "فرهنگی", "اجتماعی", "هنری", "علمی", "پزشکی", "سلامت",
      "بین\u200cالملل", "الملل", "بین\u200cالمللی", "المللی", "پارلمانی", "استانی", "اعزامی",
      "حوزه", "دانشگاهی", "دانشگاه", "شهری", "حوادث", "جامعه", "دفاعی", "نظامی", "مجازی",
      "فناوری", "آموزشی", "انرژی", "اعزامی", "مستقر", "خبرنگار", "گروه", "سرویس", "اخبار"};
  for (std::string_view d : kDesk)
    if (w == d) return true;
  return false;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t j = b;
    if (!IsSpaceCp(DecodeUtf8(s, &j))) break;
    b = j;
  }
  size_t e = s.size();
  while (e > b) {
    // Step back to the start of the last code point.
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    size_t j = k;
    if (!IsSpaceCp(DecodeUtf8(s, &j))) break;
    e = k;
  }
  return s.substr(b, e - b);
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        space = true;
      } else {
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    size_t j = i;
    char32_t cp = DecodeUtf8(s, &j);
    if (cp == kNbsp || cp == 0x202F || cp == 0x2009 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A)) {
      space = true;
    } else {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.append(s.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string AsciiDigits(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = DecodeUtf8(s, &i);
    int d = DigitValue(c);
    if (d >= 0) out.push_back(static_cast<char>('0' + d));
  }
  return out;
}

std::string NewsIdFromLine(std::string_view line) {
  line = Trim(line);
  for (std::string_view label : kIdLabels) {
    if (!StartsWith(line, label)) continue;
    std::string_view rest;
    std::string id = LeadingDigits(AfterLabel(line.substr(label.size())), &rest);
    if (id.size() >= 3 && Trim(rest).empty()) return id;
  }
  return "";
}

std::string NewsIdInText(std::string_view text) {
  for (size_t li = 0; li < kIdLabels.size() - 2; ++li) {  // not the bare «کد»/«شناسه»
    std::string_view label = kIdLabels[li];
    size_t p = text.find(label);
    while (p != std::string_view::npos) {
      std::string id = LeadingDigits(AfterLabel(text.substr(p + label.size())), nullptr);
      if (id.size() >= 3) return id;
      p = text.find(label, p + label.size());
    }
  }
  return "";
}

std::string NewsIdFromUrl(std::string_view url) {
  // The first path segment of 4+ digits after a /news/-like segment, or ?id=.
  for (std::string_view key : {"/news/", "/News/", "/fa/news/", "/content/", "/article/", "/post/"}) {
    size_t p = url.find(key);
    if (p == std::string_view::npos) continue;
    std::string_view rest;
    std::string id = LeadingDigits(url.substr(p + key.size()), &rest);
    if (id.size() >= 4 && (rest.empty() || rest[0] == '/' || rest[0] == '-' || rest[0] == '?'))
      return id;
  }
  for (std::string_view key : {"?id=", "&id=", "?ID=", "&ID="}) {
    size_t p = url.find(key);
    if (p == std::string_view::npos) continue;
    std::string id = LeadingDigits(url.substr(p + key.size()), nullptr);
    if (id.size() >= 3) return id;
  }
  return "";
}

bool ParseAttribution(std::string_view paragraph, ArticleSource* source) {
  std::string_view p = Trim(paragraph);
  constexpr std::string_view kReport = "به گزارش";
  constexpr std::string_view kQuote = "به نقل از";
  constexpr std::string_view kComma = "،";
  if (StartsWith(p, kReport)) {
    // The clause ends at the first «،» (or ',' / ':').
    size_t end = p.find(kComma);
    for (std::string_view alt : {",", ":"}) {
      size_t e = p.find(alt);
      if (e != std::string_view::npos && (end == std::string_view::npos || e < end)) end = e;
    }
    if (end == std::string_view::npos || end > 600) return false;
    std::string_view clause = Trim(p.substr(kReport.size(), end - kReport.size()));
    std::vector<std::string_view> parts;
    size_t q;
    while ((q = clause.find(kQuote)) != std::string_view::npos) {
      parts.push_back(Trim(clause.substr(0, q)));
      clause = clause.substr(q + kQuote.size());
    }
    parts.push_back(Trim(clause));
    if (parts.empty() || parts[0].empty()) return false;
    std::string agency(parts[0]);
    // «خبرنگار ایسنا», «خبرنگار سیاسی ایسنا»: the reporter's desk is not the
    // agency. «خبرنگار», «خبرنگار ما», «خبرنگار اقتصادی»: a reporter or a desk
    // and no agency (issue 5).
    for (std::string_view pre : {"خبرنگار", "گروه", "سرویس"}) {
      if (agency == pre) {
        agency.clear();
        break;
      }
      if (StartsWith(agency, std::string(pre) + " ")) {
        size_t sp = agency.rfind(' ');
        // Keep the last word, or «خبرگزاری X» / «باشگاه …» when present.
        size_t kh = agency.find("خبرگزاری");
        if (kh == std::string::npos) kh = agency.find("باشگاه");
        agency = kh != std::string::npos ? agency.substr(kh) : agency.substr(sp + 1);
        if (kh == std::string::npos && IsDeskWord(agency)) agency.clear();
        break;
      }
    }
    // «… از یزد», «ایرنا از نیویورک»: where the report was filed, not the agency.
    if (size_t from = agency.find(" از "); from != std::string::npos) agency.resize(from);
    std::vector<std::string> via;
    for (size_t i = 1; i < parts.size(); ++i)
      if (!parts[i].empty()) via.emplace_back(parts[i]);
    if (agency.empty() && via.empty()) return false;
    source->agency = agency;
    source->via = std::move(via);
    source->raw = std::string(p.substr(0, end));
    return true;
  }
  for (std::string_view label : {"منبع:", "منبع :", "منبع خبر:"}) {
    if (StartsWith(p, label)) {
      std::string_view rest = Trim(p.substr(label.size()));
      if (rest.empty() || CodePoints(rest) > 80) return false;
      source->agency = std::string(rest);
      source->via.clear();
      source->raw = std::string(p);
      return true;
    }
  }
  return false;
}

bool IsChromeLine(std::string_view line) {
  std::string_view l = Trim(line);
  // Strip trailing arrows and guillemets: «فیلم بیشتر »»».
  while (!l.empty()) {
    std::string_view t = l;
    bool cut = false;
    for (std::string_view tail : {"»", "«", ">", "<", "›", "‹", " ", "|"}) {
      if (t.size() >= tail.size() && t.substr(t.size() - tail.size()) == tail) {
        l = t.substr(0, t.size() - tail.size());
        cut = true;
        break;
      }
    }
    if (!cut) break;
  }
  l = Trim(l);
  if (l.empty()) return !Trim(line).empty();
  for (std::string_view c : kChrome)
    if (l == c) return true;
  // The agencies' end marker: «انتهای پیام», «انتهای پیام/ی», «انتهای\u200cپیام».
  for (std::string_view end : {"انتهای پیام", "انتهای\u200cپیام", "انتهای خبر"})
    if (StartsWith(l, end) && CodePoints(l) <= CodePoints(end) + 6) return true;
  return false;
}

bool MostlyArabicScript(std::string_view s) {
  size_t arabic = 0, latin = 0, i = 0;
  while (i < s.size() && i < 20000) {
    char32_t c = DecodeUtf8(s, &i);
    if (IsArabicLetter(c)) {
      ++arabic;
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      ++latin;
    }
  }
  return arabic > latin;
}

bool HasPersianLetters(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && i < 20000) {
    char32_t c = DecodeUtf8(s, &i);
    if (c == 0x067E || c == 0x0686 || c == 0x0698 || c == 0x06AF || c == 0x06A9 || c == 0x06CC)
      return true;
  }
  return false;
}

bool EndsSentence(std::string_view line) {
  std::string_view l = Trim(line);
  while (!l.empty()) {
    bool cut = false;
    for (std::string_view q : {"»", "\"", "”", ")", "'"}) {
      if (l.size() >= q.size() && l.substr(l.size() - q.size()) == q) {
        l.remove_suffix(q.size());
        cut = true;
        break;
      }
    }
    if (!cut) break;
  }
  for (std::string_view e : {".", "!", "?", "؟", "…"})
    if (l.size() >= e.size() && l.substr(l.size() - e.size()) == e) return true;
  return false;
}

#if KHABAR_TIME_AVAILABLE
namespace {
void FromParsed(const ParsedDate& d, ArticleTime* t) {
  t->present = true;
  t->has_time = d.has_time;
  t->jalali = d.JalaliString();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.gregorian.year, d.gregorian.month,
                d.gregorian.day);
  t->gregorian = buf;
  if (d.has_time) {
    t->iso = d.IsoString();
    t->utc = d.UtcString();
  } else {
    t->iso.clear();
    t->utc.clear();
  }
  t->unix_seconds = d.utc_unix_seconds;
}
}  // namespace

std::vector<FoundDate> FindDatesIn(std::string_view text, int64_t now) {
  DateParseOptions opt;
  opt.now_unix_seconds = now;
  std::vector<FoundDate> out;
  for (const DateMatch& m : FindDates(text, opt)) {
    FoundDate f;
    f.begin = m.begin;
    f.end = m.end;
    f.label = m.date.label;
    FromParsed(m.date, &f.time);
    f.time.raw = std::string(Trim(text.substr(m.begin, m.end - m.begin)));
    f.time.origin = "text";
    out.push_back(std::move(f));
  }
  return out;
}

bool ParseDateExpr(std::string_view expr, int64_t now, ArticleTime* t) {
  DateParseOptions opt;
  opt.now_unix_seconds = now;
  auto r = ParseDate(Trim(expr), opt);
  if (!r.ok()) return false;
  FromParsed(*r, t);
  t->raw = std::string(Trim(expr));
  return true;
}
#else
std::vector<FoundDate> FindDatesIn(std::string_view, int64_t) { return {}; }
bool ParseDateExpr(std::string_view, int64_t, ArticleTime*) { return false; }
#endif

}  // namespace khabar::extract
