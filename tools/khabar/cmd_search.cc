// khabar search --db PATH [--from J] [--to J] [--source S] [--sort rank|time] [--json] QUERY
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "archive_open.h"
#include "command.h"
#include "khabar/archive.h"

namespace khabar::cli {
namespace {

// The snippet HTML as terminal text: entities decoded, marks bold on a tty.
std::string PlainSnippet(const std::string& html, bool colour) {
  std::string out;
  for (size_t i = 0; i < html.size();) {
    auto eat = [&](std::string_view s, std::string_view rep) {
      if (html.compare(i, s.size(), s) != 0) return false;
      out += rep;
      i += s.size();
      return true;
    };
    if (eat("<mark>", colour ? "\x1b[1;31m" : "") || eat("</mark>", colour ? "\x1b[0m" : "") ||
        eat("&amp;", "&") || eat("&lt;", "<") || eat("&gt;", ">") || eat("&quot;", "\"") ||
        eat("&#39;", "'"))
      continue;
    out += html[i++] == '\n' ? ' ' : html[i - 1];
  }
  return out;
}

int RunSearch(int argc, char** argv) {
  CLI::App app{"Search an archive.", "khabar search"};
  std::string db, sort = "rank";
  SearchQuery q;
  bool json = false, no_stem = false;
  std::vector<std::string> words;
  app.add_option("--db", db, "archive file")->required();
  app.add_option("--from", q.from_jalali, "from this Jalali day/month/year (1396/01/01, «فروردین ۱۳۹۶»); A..B for a range");
  app.add_option("--to", q.to_jalali, "up to this Jalali day/month/year, inclusive");
  app.add_option("--source", q.source, "source agency or site");
  app.add_option("--category", q.category, "category");
  app.add_option("--sort", sort, "rank or time")->check(CLI::IsMember({"rank", "time"}));
  app.add_flag("--no-stem", no_stem, "match the words as written (no plural/affix variants)");
  app.add_option("--limit", q.limit, "results per page, 1..100 (default 10)");
  app.add_option("--cursor", q.cursor, "the next_cursor of a previous search");
  app.add_flag("--json", json, "JSON Lines: {type: hit} ... {type: summary}");
  app.add_option("query", words, "the query (doc/search.md)")->required();
  if (int rc = ParseArgs(app, argc, argv, "search"); rc >= 0) return rc;
  for (const auto& w : words) q.text += (q.text.empty() ? "" : " ") + w;
  q.sort = sort == "time" ? SearchQuery::Sort::kTime : SearchQuery::Sort::kRank;
  q.stem = !no_stem;
  auto ar = OpenForReading(db);
  if (!ar) return kExitError;
  auto r = ar->Search(q);
  if (!r.ok()) {
    Error("search", r.status().message());
    return kExitError;
  }
  const bool colour = !json && isatty(1) && !std::getenv("NO_COLOR");
  for (const SearchHit& h : r->hits) {
    if (json) {
      nlohmann::json j = {{"type", "hit"},
                          {"id", h.id},
                          {"title", h.title},
                          {"snippet_html", h.snippet_html},
                          {"source", h.source},
                          {"published_iso", h.published_iso},
                          {"published_jalali", h.published_jalali},
                          {"score", h.score}};
      Out(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    } else {
      std::string date = h.published_jalali.empty() ? "-" : h.published_jalali;
      Out(std::to_string(h.id) + "\t" + date + "\t" + h.source + "\t" + h.title + "\n");
      Out("\t" + PlainSnippet(h.snippet_html, colour) + "\n");
    }
  }
  if (json) {
    nlohmann::json j = {{"type", "summary"},
                        {"total_estimate", r->total_estimate},
                        {"next_cursor", r->next_cursor},
                        {"ranked", r->ranked},
                        {"prefix_capped", r->prefix_capped}};
    Out(j.dump() + "\n");
  }
  return r->hits.empty() ? kExitNothing : kExitOk;
}

}  // namespace

KHABAR_COMMAND("search", "search an archive (Persian full text, Jalali date filters)", RunSearch);

}  // namespace khabar::cli
