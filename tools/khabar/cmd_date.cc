// khabar date: parse Persian date expressions, convert between calendars.
//
//   khabar date [--now ISO] [--json] [EXPR...|-]   one result per argument or input line
//   khabar date --to-jalali 2017-04-09             -> 1396-01-20
//   khabar date --to-gregorian 1396-01-20          -> 2017-04-09
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "command.h"
#include "khabar/chars.h"
#include "khabar/date_parser.h"
#include "khabar/jalali.h"

namespace khabar::cli {
namespace {

std::string Ymd(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// "YYYY-MM-DD" in any digit script (also with / or .) -> three ints.
bool SplitDate(const std::string& in, int* y, int* m, int* d) {
  std::string s = FoldForMatch(in);
  char sep1 = 0, sep2 = 0;
  char tail;
  if (std::sscanf(s.c_str(), "%d%c%d%c%d%c", y, &sep1, m, &sep2, d, &tail) != 5) return false;
  return sep1 == sep2 && (sep1 == '-' || sep1 == '/' || sep1 == '.');
}

int Convert(const std::string& input, bool to_jalali, bool json) {
  int y, m, d;
  if (!SplitDate(input, &y, &m, &d)) {
    Error(input, "expected a date written YYYY-MM-DD");
    return kExitError;
  }
  std::string jalali, gregorian;
  if (to_jalali) {
    auto r = GregorianToJalali({y, m, d});
    if (!r.ok()) {
      Error(input, r.status().message());
      return kExitError;
    }
    jalali = Ymd(r->year, r->month, r->day);
    gregorian = Ymd(y, m, d);
  } else {
    auto r = JalaliToGregorian({y, m, d});
    if (!r.ok()) {
      Error(input, r.status().message());
      return kExitError;
    }
    gregorian = Ymd(r->year, r->month, r->day);
    jalali = Ymd(y, m, d);
  }
  if (json) {
    nlohmann::json j = {
        {"type", "conversion"}, {"input", input}, {"jalali", jalali}, {"gregorian", gregorian}};
    Out(j.dump() + "\n");
  } else {
    Out((to_jalali ? jalali : gregorian) + "\n");
  }
  return kExitOk;
}

// One expression -> one output line; false on error (already reported).
bool Handle(const std::string& input, const DateParseOptions& opt, bool json) {
  Result<ParsedDate> r = ParseDate(input, opt);
  if (!r.ok()) {
    Error(input, r.status().message());
    if (json) {
      nlohmann::json j = {{"type", "error"}, {"input", input}, {"error", r.status().message()}};
      Out(j.dump() + "\n");
    }
    return false;
  }
  const ParsedDate& d = *r;
  if (json) {
    nlohmann::json j = {
        {"type", "date"},
        {"input", input},
        {"calendar", std::string(DateCalendarName(d.calendar))},
        {"jalali", d.JalaliString()},
        {"gregorian", Ymd(d.gregorian.year, d.gregorian.month, d.gregorian.day)},
        {"local", d.IsoString()},
        {"utc", d.has_time ? nlohmann::json(d.UtcString()) : nlohmann::json(nullptr)},
        {"precision", std::string(DatePrecisionName(d.precision))},
        {"label", d.label},
        {"persian", FormatJalaliPersian(d)},
        {"warnings", d.warnings},
    };
    Out(j.dump() + "\n");
  } else {
    std::string line = d.JalaliString() + "\t" + d.IsoString();
    if (d.has_time) line += "\t" + d.UtcString();
    Out(line + "\n");
    for (const auto& w : d.warnings) Warn(input, w);
  }
  return true;
}

int RunDate(int argc, char** argv) {
  CLI::App app{"Parse Persian date/time expressions (Jalali, Hijri, Gregorian, relative, ISO)",
               "khabar date"};
  std::string now_text, to_jalali, to_gregorian;
  bool json = false;
  std::vector<std::string> exprs;
  app.add_option("--now", now_text,
                 "reference time for relative expressions, ISO 8601 (default: the clock)");
  app.add_flag("--json", json,
               "JSON Lines output (type, input, calendar, jalali, gregorian, "
               "local, utc, precision, warnings | error)");
  app.add_option("--to-jalali", to_jalali, "convert a Gregorian YYYY-MM-DD to Jalali");
  app.add_option("--to-gregorian", to_gregorian, "convert a Jalali YYYY-MM-DD to Gregorian");
  app.add_option("expr", exprs, "expressions; '-' or none reads one per line from stdin");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  if (!to_jalali.empty()) return Convert(to_jalali, true, json);
  if (!to_gregorian.empty()) return Convert(to_gregorian, false, json);

  DateParseOptions opt;
  if (!now_text.empty()) {
    Result<ParsedDate> now = ParseDate(now_text);
    if (!now.ok() || !now->has_time) {
      Error(now_text, now.ok() ? "--now needs a time of day" : now.status().message());
      return kExitError;
    }
    opt.now_unix_seconds = now->utc_unix_seconds;
  } else {
    opt.now_unix_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  }
  bool all_ok = true;
  auto from_stream = [&](std::istream& in) {
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      all_ok &= Handle(line, opt, json);
    }
  };
  if (exprs.empty()) {
    from_stream(std::cin);
  } else {
    for (const std::string& e : exprs) {
      if (e == "-") {
        from_stream(std::cin);
      } else {
        all_ok &= Handle(e, opt, json);
      }
    }
  }
  return all_ok ? kExitOk : kExitError;
}

}  // namespace

KHABAR_COMMAND("date", "parse Persian date expressions; convert Jalali <-> Gregorian", RunDate);

}  // namespace khabar::cli
