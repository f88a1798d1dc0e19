// khabar extract: news pages (.html, .html.gz, .txt, or stdin) → one JSON
// object per input (JSON Lines), or the article as text or sanitized HTML.
#include <zlib.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "command.h"
#include "khabar/extractor.h"

namespace {

using khabar::Extractor;
using khabar::Result;
using khabar::Status;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Inflates gzip data, failing past cap bytes of output.
Status Gunzip(const std::string& in, size_t cap, std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Internal("zlib init failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  out->clear();
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return Status::InvalidArgument(std::string("gzip: ") + (zs.msg ? zs.msg : "corrupt data"));
    }
    out->append(buf, sizeof buf - zs.avail_out);
    if (out->size() > cap) {
      inflateEnd(&zs);
      return Status::ResourceExhausted("gzip: inflates past the cap of " + std::to_string(cap) +
                                       " bytes");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return Status::InvalidArgument("gzip: truncated");
    }
  }
  inflateEnd(&zs);
  return Status::Ok();
}

int Run(int argc, char** argv) {
  CLI::App app{"Extract articles from news pages (HTML, HTML.gz, or text dumps).", "khabar extract"};
  std::string format = "json";
  std::string base_url;
  std::vector<std::string> inputs;
  bool no_normalize = false;
  app.add_option("--format", format, "json (JSON Lines, default), text, or html")
      ->check(CLI::IsMember({"json", "text", "html"}));
  app.add_option("--base-url", base_url, "URL of the page(s), for links and the news id");
  app.add_flag("--no-normalize", no_normalize, "keep the page's text as is in the main fields");
  app.add_option("inputs", inputs, "files (.html, .html.gz, .txt) or - for stdin");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? khabar::cli::kExitOk : khabar::cli::kExitError;
  }
  khabar::ExtractorOptions options;
  options.normalize = !no_normalize;
  const Extractor extractor(options);
  bool any_failed = false;
  bool ok = khabar::cli::ForEachInput(inputs, [&](const std::string& name, std::istream& in) {
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
      khabar::cli::Error(name, "read error");
      any_failed = true;
      return;
    }
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool gz = EndsWith(lower, ".gz") || (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b');
    if (gz) {
      std::string raw;
      if (Status s = Gunzip(bytes, options.max_input_bytes, &raw); !s.ok()) {
        khabar::cli::Error(name, s.message());
        any_failed = true;
        return;
      }
      bytes.swap(raw);
      lower.resize(lower.size() - (EndsWith(lower, ".gz") ? 3 : 0));
    }
    khabar::ExtractRequest req;
    req.base_url = base_url;
    Result<khabar::Article> r = Status::Internal("unset");
    if (EndsWith(lower, ".html") || EndsWith(lower, ".htm") || EndsWith(lower, ".xhtml")) {
      r = extractor.ExtractHtml(bytes, req);
    } else if (EndsWith(lower, ".txt")) {
      r = extractor.ExtractText(bytes, req);
    } else {
      r = extractor.Extract(bytes, req);
    }
    if (!r.ok()) {
      khabar::cli::Error(name, r.status().ToString());
      any_failed = true;
      return;
    }
    const khabar::Article& a = *r;
    if (format == "json") {
      std::string j = a.ToJson();
      nlohmann::json head = {{"type", "article"}, {"input", name}};
      std::string h = head.dump();
      h.pop_back();  // '}'
      khabar::cli::Out(h);
      khabar::cli::Out(",");
      khabar::cli::Out(std::string_view(j).substr(1));
      khabar::cli::Out("\n");
    } else if (format == "text") {
      std::string t = a.title + "\n\n";
      if (!a.lead.empty()) t += a.lead + "\n\n";
      t += a.text_content + "\n";
      khabar::cli::Out(t);
    } else {
      khabar::cli::Out(a.content_html + "\n");
    }
  });
  return (ok && !any_failed) ? khabar::cli::kExitOk : khabar::cli::kExitError;
}

}  // namespace

KHABAR_COMMAND("extract", "extract articles from news pages (JSON Lines)", Run);
