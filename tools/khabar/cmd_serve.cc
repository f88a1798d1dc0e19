// khabar serve --db PATH [--bind 127.0.0.1] [--port 8080] [options]
// The news site and JSON API over an archive; a thin shell over khabar::Serve.
// Prints "khabar: serving http://ADDR:PORT/" on stdout once listening; stops
// gracefully on SIGTERM or SIGINT.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "archive_open.h"
#include "command.h"
#include "khabar/archive.h"
#include "khabar/serve.h"

namespace khabar::cli {
namespace {

int RunServe(int argc, char** argv) {
  CLI::App app{"Serve the news site and the JSON API over an archive.", "khabar serve"};
  ServeOptions o;
  std::string db;
  app.add_option("--db", db, "the archive (SQLite file)")->required();
  app.add_option("--bind", o.bind, "address to listen on (default 127.0.0.1)");
  app.add_option("--port", o.port, "TCP port, 0 = any free one (default 8080)")->check(CLI::Range(0, 65535));
  app.add_option("--threads", o.threads, "worker threads, 0 = every core (default 0)");
  app.add_option("--public-url", o.public_url, "base URL for share links and feeds (default: from Host)");
  app.add_option("--resource-dir", o.resource_dir, "templates/, static/, openapi.json (default: built in)");
  app.add_option("--font-dir", o.font_dir, "Vazirmatn .woff2 files (default: the build's npm install)");
  app.add_option("--access-log", o.access_log, "- = stderr (default), '' = none, else a file");
  app.add_option("--cache-ms", o.cache_ms, "keep GET answers this long, 0 = off (default 1000)");
  app.add_option("--read-timeout-ms", o.read_timeout_ms, "per-request read timeout (default 15000)");
  app.add_option("--write-timeout-ms", o.write_timeout_ms, "per-response write timeout (default 15000)");
  if (int rc = ParseArgs(app, argc, argv, "serve"); rc >= 0) return rc;
  auto archive = OpenForReading(db);
  if (!archive) return kExitError;
  Status st = Serve(*archive, o, [&](int port) {
    std::string host = o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind;
    Out("khabar: serving http://" + host + ":" + std::to_string(port) + "/\n");
    FlushOut();
  });
  if (!st.ok()) {
    Error("serve", st.message());
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

KHABAR_COMMAND("serve", "serve the news site and the JSON API over an archive", RunServe);

}  // namespace khabar::cli
