#include "serve/text_util.h"

#include <cstdio>
#include <ctime>

#include "khabar/jalali.h"
#include "khabar/tehran_time.h"

namespace khabar::serve {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string PersianDigits(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      out += "\xDB";
      out.push_back(static_cast<char>(0xB0 + (c - '0')));  // U+06F0..U+06F9
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string AsciiDigits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char a = s[i];
    if (i + 1 < s.size()) {
      unsigned char b = s[i + 1];
      if (a == 0xDB && b >= 0xB0 && b <= 0xB9) {  // Persian
        out.push_back(static_cast<char>('0' + (b - 0xB0)));
        ++i;
        continue;
      }
      if (a == 0xD9 && b >= 0xA0 && b <= 0xA9) {  // Arabic-Indic
        out.push_back(static_cast<char>('0' + (b - 0xA0)));
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(a));
  }
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

static int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static std::string DecodeComponent(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out.push_back(' ');
    } else if (in[i] == '%' && i + 2 < in.size() && Hex(in[i + 1]) >= 0 && Hex(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(Hex(in[i + 1]) * 16 + Hex(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query, size_t max_pairs) {
  std::map<std::string, std::string> out;
  size_t n = 0;
  while (!query.empty() && n < max_pairs) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = DecodeComponent(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : DecodeComponent(pair.substr(eq + 1));
    out[CleanUtf8(key)] = CleanUtf8(value);
    ++n;
  }
  return out;
}

std::string CleanUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c >= 0x20 || c == '\t' || c == '\n') out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && c < 0xC2) || (len == 4 && c > 0xF4)) {
      ++i;
      continue;
    }
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) ok = false;
    }
    if (ok && len == 3) {
      unsigned char c1 = s[i + 1];
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) ok = false;
    }
    if (ok && len == 4) {
      unsigned char c1 = s[i + 1];
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) ok = false;
    }
    if (!ok) {
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string JalaliMonthDisplay(int year, int month) {
  if (month < 1 || month > 12) return "";
  return std::string(JalaliMonthName(month)) + " " + PersianDigits(std::to_string(year));
}

std::string JalaliDisplay(std::string_view jalali) {
  std::string a = AsciiDigits(jalali);
  int y = 0, m = 0, d = 0, hh = -1, mm = -1;
  int n = std::sscanf(a.c_str(), "%d-%d-%d %d:%d", &y, &m, &d, &hh, &mm);
  if (n < 3) return "";
  JalaliDate jd{y, m, d};
  if (!ValidateJalali(jd).ok()) return "";
  std::string out = std::string(WeekdayName(WeekdayOfDays(JalaliToDays(jd)))) + " " +
                    PersianDigits(std::to_string(d)) + " " + std::string(JalaliMonthName(m)) + " " +
                    PersianDigits(std::to_string(y));
  if (n == 5) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", hh, mm);
    out += "، ساعت " + PersianDigits(buf);
  }
  return out;
}

void TehranToday(int* year, int* month, int* day) {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto off = TehranUtcOffset(now);
  int64_t local = now + (off.ok() ? *off : 12600);
  int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  auto j = DaysToJalali(days);
  if (j.ok()) {
    *year = j->year;
    *month = j->month;
    *day = j->day;
  } else {
    *year = 1403, *month = 1, *day = 1;
  }
}

std::string Rfc822(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string Rfc3339(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace khabar::serve
