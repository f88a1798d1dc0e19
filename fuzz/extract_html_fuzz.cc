// libFuzzer target: any bytes through the HTML path (encoding detection,
// nesting cap, myhtml, scoring, metadata). Must return a result or a clean
// error, never crash, in bounded time (small caps keep each run short).
// Also checks that the DOM built from the pre-scan's copy with its aside
// (attributes and text out of the parser's input, put back by
// BuildDomMyhtml) is the DOM built from the copy without it, node for node
// (when the page has no JSON-LD, which the aside takes out whole).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/dom.h"
#include "khabar/extractor.h"

namespace {

void CheckAside(std::string_view input) {
  using namespace khabar::extract;
  // As Extractor::ExtractHtml does before it scans.
  std::string html(input);
  html.erase(std::remove(html.begin(), html.end(), '\0'), html.end());
  std::string plain, with;
  bool cut = false;
  ScanAside aside;
  ScanHtml(html, 512, &plain, &cut, nullptr);
  ScanHtml(html, 512, &with, &cut, &aside);
  if (!aside.json_ld.empty()) return;
  Dom a, b;
  if (!BuildDomMyhtml(plain, {}, &a).ok() || !BuildDomMyhtml(with, {}, &b, &aside).ok()) return;
  if (a.nodes.size() != b.nodes.size()) __builtin_trap();
  for (int k = 0; k < static_cast<int>(a.nodes.size()); ++k) {
    if (a.nodes[k].tag != b.nodes[k].tag || a.nodes[k].end != b.nodes[k].end) __builtin_trap();
    if (a.nodes[k].tag == Tag::kText) {
      // Whitespace-only text is never behind a token; myhtml sometimes gives
      // such a node split off a longer text (in <head>) bytes of a later
      // text instead (its buffer reused), so there it is not compared.
      auto space = [](std::string_view t) { return t.find_first_not_of(" \t\n\f\r") == std::string_view::npos; };
      if (a.Text(k) != b.Text(k) && !space(a.Text(k)) && !space(b.Text(k))) __builtin_trap();
      continue;
    }
    for (int key = 0; key < static_cast<int>(Attr::kCount); ++key) {
      bool fa = false, fb = false;
      if (a.GetAttr(k, static_cast<Attr>(key), &fa) != b.GetAttr(k, static_cast<Attr>(key), &fb) || fa != fb)
        __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const khabar::Extractor* ex = [] {
    khabar::ExtractorOptions o;
    o.max_input_bytes = 1 << 20;
    o.max_open_elements = 512;
    return new khabar::Extractor(o);
  }();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  khabar::ExtractRequest req;
  req.base_url = "https://example.ir/news/123/x";
  // The first byte picks a declared charset, to reach the ICU paths too.
  static const char* kTypes[] = {"", "text/html; charset=windows-1256", "text/html; charset=utf-16le",
                                 "text/html; charset=iso-8859-1"};
  if (size > 0) req.content_type = kTypes[data[0] & 3];
  if (size <= 1 << 16) CheckAside(bytes);
  auto r = ex->ExtractHtml(bytes, req);
  if (r.ok()) {
    std::string j = r->ToJson();
    auto back = khabar::Article::FromJson(j);
    if (!back.ok()) __builtin_trap();
  }
  return 0;
}
