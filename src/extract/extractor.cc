#include "khabar/extractor.h"

#include <cctype>

#include "extract/dom.h"
#include "extract/encoding.h"
#include "extract/html_extract.h"
#include "extract/signals.h"
#include "extract/text_extract.h"
#include "khabar/chars.h"

#if KHABAR_TEXT_AVAILABLE
#include "khabar/normalizer.h"
#endif

namespace khabar {
namespace {

std::string NormalizeText(const std::string& s) {
#if KHABAR_TEXT_AVAILABLE
  return Normalizer::Default().Normalize(s);
#else
  return s;
#endif
}

// The normalized fields from the raw ones, and text_content.
void Finish(const ExtractorOptions& options, Article* a) {
  // The Persian normalizer is for Persian (Arabic-script) pages only.
  std::string sample = a->raw.title;
  for (size_t i = 0; i < a->raw.body.size() && sample.size() < 4000; ++i) sample += a->raw.body[i];
  // Arabic pages keep their letters (ي ك are right in Arabic).
  std::string lang;
  for (char c : a->lang) lang.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  bool persian = lang.rfind("fa", 0) == 0 || lang.rfind("per", 0) == 0 ||
                 (lang.empty() && extract::MostlyArabicScript(sample) && extract::HasPersianLetters(sample));
  const bool normalize = options.normalize && persian;
  auto norm = [&](const std::string& s) { return normalize ? NormalizeText(s) : s; };
  a->title = norm(a->raw.title);
  a->lead = norm(a->raw.lead);
  a->byline = norm(a->raw.byline);
  a->body.clear();
  a->body.reserve(a->raw.body.size());
  for (const auto& p : a->raw.body) a->body.push_back(norm(p));
  a->text_content.clear();
  for (const auto& p : a->body) {
    if (!a->text_content.empty()) a->text_content += "\n\n";
    a->text_content += p;
  }
  if (normalize) {
    for (auto& h : a->other_headlines) h = norm(h);
    for (auto& t : a->tags) t = norm(t);
    a->source.agency = norm(a->source.agency);
    for (auto& v : a->source.via) v = norm(v);
  }
#if !KHABAR_TEXT_AVAILABLE
  if (options.normalize) a->warnings.push_back("text core not built: text fields not normalized");
#endif
#if !KHABAR_TIME_AVAILABLE
  a->warnings.push_back("time module not built: dates not read");
#endif
}

Status CheckSize(std::string_view bytes, const ExtractorOptions& o) {
  if (bytes.size() > o.max_input_bytes)
    return Status::ResourceExhausted("input of " + std::to_string(bytes.size()) +
                                     " bytes exceeds the cap of " +
                                     std::to_string(o.max_input_bytes));
  return Status::Ok();
}

bool LooksLikeHtml(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 2048);
  for (std::string_view tag : {"<html", "<HTML", "<!DOCTYPE", "<!doctype", "<head", "<body", "<div",
                               "<meta", "<p>", "<title", "<?xml"})
    if (head.find(tag) != std::string_view::npos) return true;
  return false;
}

}  // namespace

Extractor::Extractor(ExtractorOptions options) : options_(std::move(options)) {}

Result<Article> Extractor::ExtractHtml(std::string_view bytes, const ExtractRequest& request) const {
  if (Status s = CheckSize(bytes, options_); !s.ok()) return s;
  Article a;
  std::string storage;
  std::string_view utf8;
  if (Status s = extract::ToUtf8View(bytes, request.content_type, &storage, &utf8, &a.warnings);
      !s.ok())
    a.warnings.push_back(s.message() + "; read as UTF-8");
  // NUL characters are dropped first. HTML ignores them in text and replaces
  // them elsewhere, and myhtml handles them inconsistently: with a NUL in a
  // text, the same markup could give two different texts (found by
  // extract_html_fuzz).
  std::string nul_free;
  if (utf8.find('\0') != std::string_view::npos) {
    nul_free.reserve(utf8.size());
    for (char c : utf8)
      if (c != '\0') nul_free.push_back(c);
    utf8 = nul_free;
    a.warnings.push_back("NUL characters removed");
  }
  // One DOM per thread, reused: its buffers keep their capacity between pages.
  thread_local extract::Dom dom;
  extract::DomLimits limits;
  limits.max_depth = options_.max_depth;
  limits.max_nodes = options_.max_nodes;
  bool cut = false;
  // The parser's input: the nesting-safe prefix without what the extractor
  // never reads; JSON-LD and attribute values go aside.
  thread_local std::string parse_input;
  thread_local extract::ScanAside aside;  // views into utf8
  size_t safe = extract::ScanHtml(utf8, options_.max_open_elements, &parse_input, &cut, &aside);
  if (cut) {
    a.warnings.push_back("elements nested deeper than " + std::to_string(options_.max_open_elements) +
                         " open: document cut at byte " + std::to_string(safe));
  }
  if (Status s = extract::BuildDomMyhtml(parse_input, limits, &dom, &aside); !s.ok()) return s;
  extract::ExtractFromDom(dom, options_, request, &a, &aside);
  aside.Clear();  // views into this call's input
  // Do not pin a huge page's memory.
  if (dom.arena.capacity() > (size_t{8} << 20)) dom = extract::Dom();
  if (parse_input.capacity() > (size_t{8} << 20)) std::string().swap(parse_input);
  Finish(options_, &a);
  return a;
}

Result<Article> Extractor::ExtractText(std::string_view text, const ExtractRequest& request) const {
  if (Status s = CheckSize(text, options_); !s.ok()) return s;
  Article a;
  std::string utf8;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!extract::IsValidUtf8(text)) {
    // Repair invalid bytes to U+FFFD so every field is valid UTF-8.
    utf8.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) AppendUtf8(DecodeUtf8(text, &i), &utf8);
    text = utf8;
    a.warnings.push_back("invalid UTF-8 bytes replaced");
  }
  extract::ExtractTextDump(text, options_, request, &a);
  Finish(options_, &a);
  return a;
}

Result<Article> Extractor::Extract(std::string_view bytes, const ExtractRequest& request) const {
  std::string ct;
  for (char c : request.content_type) ct.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (ct.find("html") != std::string::npos || ct.find("xml") != std::string::npos)
    return ExtractHtml(bytes, request);
  if (ct.find("text/plain") != std::string::npos) return ExtractText(bytes, request);
  return LooksLikeHtml(bytes) ? ExtractHtml(bytes, request) : ExtractText(bytes, request);
}

}  // namespace khabar
