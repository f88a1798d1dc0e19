// khabar::Serve: Site + HttpServer. See include/khabar/serve.h.
#include "khabar/serve.h"

#include <cstdio>

#include "serve/http_server.h"
#include "serve/site.h"

namespace khabar {

Status Serve(const Archive& archive, const ServeOptions& options,
             const std::function<void(int port)>& on_listening) {
  serve::ArchiveSiteData data(archive);
  auto site = serve::Site::Create(options, &data);
  if (!site.ok()) return site.status();
  serve::HttpServerOptions ho;
  ho.bind = options.bind;
  ho.port = options.port;
  ho.threads = options.threads;
  ho.read_timeout_ms = options.read_timeout_ms;
  ho.write_timeout_ms = options.write_timeout_ms;
  ho.max_body_bytes = options.max_body_bytes;
  FILE* log = nullptr;
  if (options.access_log == "-") {
    ho.access_log = stderr;
  } else if (options.access_log.empty()) {
    ho.access_log = nullptr;
  } else {
    log = std::fopen(options.access_log.c_str(), "a");
    if (!log) return Status::IoError("cannot open access log " + options.access_log);
    ho.access_log = log;
  }
  const serve::Site* s = site->get();
  auto server = serve::HttpServer::Create(ho, [s](const serve::HttpRequest& r) { return s->Handle(r); });
  if (!server.ok()) {
    if (log) std::fclose(log);
    return server.status();
  }
  if (on_listening) on_listening((*server)->port());
  Status st = (*server)->Run();
  if (log) std::fclose(log);
  return st;
}

}  // namespace khabar
