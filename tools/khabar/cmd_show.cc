// khabar show --db PATH [--json] [--versions] ID
#include <CLI/CLI.hpp>

#include "archive_open.h"
#include "command.h"
#include "khabar/archive.h"

namespace khabar::cli {
namespace {

std::string Text(const StoredArticle& s) {
  const Article& a = s.article;
  std::string o = a.title + "\n";
  if (a.published.present) o += "انتشار: " + a.published.jalali + "  (" + a.published.iso + ")\n";
  if (!a.source.agency.empty()) o += "منبع: " + a.source.agency + "\n";
  if (!a.news_id.empty()) o += "کد خبر: " + a.news_id + "\n";
  o += "site: " + s.site + "  id: " + std::to_string(s.id) + "  version: " + std::to_string(s.version) + "\n";
  if (!a.url.empty()) o += a.url + "\n";
  o += "\n";
  if (!a.lead.empty()) o += a.lead + "\n\n";
  if (!a.text_content.empty()) {
    o += a.text_content + "\n";
  } else {
    for (const auto& p : a.body) o += p + "\n\n";
  }
  return o;
}

int RunShow(int argc, char** argv) {
  CLI::App app{"Show one stored article.", "khabar show"};
  std::string db;
  int64_t id = 0;
  bool json = false, versions = false;
  app.add_option("--db", db, "archive file")->required();
  app.add_flag("--json", json, "JSON Lines: {type: article, id, site, version, fetched_unix, article}");
  app.add_flag("--versions", versions, "every stored version, oldest first");
  app.add_option("id", id, "article id")->required();
  if (int rc = ParseArgs(app, argc, argv, "show"); rc >= 0) return rc;
  auto ar = OpenForReading(db);
  if (!ar) return kExitError;
  std::vector<StoredArticle> list;
  if (versions) {
    auto r = ar->Versions(id);
    if (!r.ok()) {
      Error(std::to_string(id), r.status().message());
      return r.status().code() == StatusCode::kNotFound ? kExitNothing : kExitError;
    }
    list = std::move(r).value();
  } else {
    auto r = ar->Get(id);
    if (!r.ok()) {
      Error(std::to_string(id), r.status().message());
      return r.status().code() == StatusCode::kNotFound ? kExitNothing : kExitError;
    }
    list.push_back(std::move(r).value());
  }
  for (const auto& s : list) {
    if (json) {
      nlohmann::json j = {{"type", "article"},       {"id", s.id},
                          {"site", s.site},          {"version", s.version},
                          {"fetched_unix", s.fetched_unix},
                          {"article", nlohmann::json::parse(s.article.ToJson(), nullptr, false)}};
      Out(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    } else {
      Out(Text(s));
      if (list.size() > 1) Out("----\n");
    }
  }
  return kExitOk;
}

}  // namespace

KHABAR_COMMAND("show", "show one stored article", RunShow);

}  // namespace khabar::cli
