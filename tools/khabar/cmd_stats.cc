// khabar stats --db PATH [--json]
#include <CLI/CLI.hpp>

#include "archive_open.h"
#include "command.h"
#include "khabar/archive.h"

namespace khabar::cli {
namespace {

int RunStats(int argc, char** argv) {
  CLI::App app{"Counts of an archive: articles, versions, pages, sources.", "khabar stats"};
  std::string db;
  bool json = false;
  app.add_option("--db", db, "archive file")->required();
  app.add_flag("--json", json, "one JSON object with a \"type\": \"stats\" field");
  if (int rc = ParseArgs(app, argc, argv, "stats"); rc >= 0) return rc;
  auto ar = OpenForReading(db);
  if (!ar) return kExitError;
  auto st = ar->Stats();
  auto src = ar->Sources();
  if (!st.ok() || !src.ok()) {
    Error(db, (!st.ok() ? st.status() : src.status()).message());
    return kExitError;
  }
  nlohmann::json j = *st;
  if (json) {
    j["type"] = "stats";
    nlohmann::json s = nlohmann::json::array();
    for (const auto& [name, n] : *src) s.push_back({{"source", name}, {"articles", n}});
    j["by_source"] = s;
    Out(j.dump() + "\n");
    return kExitOk;
  }
  for (auto it = j.begin(); it != j.end(); ++it) Out(it.key() + "\t" + it.value().dump() + "\n");
  Out("by source:\n");
  for (const auto& [name, n] : *src) Out("  " + std::to_string(n) + "\t" + name + "\n");
  return kExitOk;
}

}  // namespace

KHABAR_COMMAND("stats", "counts of an archive (articles, versions, pages, sources)", RunStats);

}  // namespace khabar::cli
