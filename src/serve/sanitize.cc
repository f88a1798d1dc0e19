#include "serve/sanitize.h"

#include <algorithm>
#include <array>
#include <vector>

#include "serve/text_util.h"

namespace khabar::serve {
namespace {

constexpr std::array<std::string_view, 36> kAllowed = {
    "p",  "br", "b",  "strong", "i",  "em",         "u",      "s",     "sub",   "sup",   "ul", "ol",
    "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img", "a", "table",
    "thead", "tbody", "tr", "td", "th", "code", "pre", "hr", "span", "small", "cite", "mark"};
constexpr std::array<std::string_view, 13> kDropWhole = {
    "script", "style", "iframe", "object", "embed", "noscript", "template",
    "svg",    "math",  "textarea", "select", "title", "frameset"};
constexpr size_t kMaxDepth = 64;

bool IsAllowed(std::string_view t) {
  return std::find(kAllowed.begin(), kAllowed.end(), t) != kAllowed.end();
}
bool IsDropWhole(std::string_view t) {
  return std::find(kDropWhole.begin(), kDropWhole.end(), t) != kDropWhole.end();
}
bool IsVoid(std::string_view t) { return t == "br" || t == "img" || t == "hr"; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Decodes the few entities that matter for URL scheme checks (&#..; and
// &colon; style tricks) so "jav&#x61;script:" cannot slip through.
std::string DecodeForUrl(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '&') {
      size_t semi = v.find(';', i);
      if (semi != std::string_view::npos && semi - i < 12) {
        std::string_view ent = v.substr(i + 1, semi - i - 1);
        long code = -1;
        if (!ent.empty() && ent[0] == '#') {
          code = (ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X'))
                     ? std::strtol(std::string(ent.substr(2)).c_str(), nullptr, 16)
                     : std::strtol(std::string(ent.substr(1)).c_str(), nullptr, 10);
        } else if (ent == "amp") {
          code = '&';
        } else if (ent == "colon") {
          code = ':';
        } else if (ent == "Tab" || ent == "NewLine") {
          code = ' ';
        }
        if (code > 0 && code < 128) {
          out.push_back(static_cast<char>(code));
          i = semi;
          continue;
        }
        if (code >= 128) {  // non-ASCII: irrelevant for the scheme
          out.push_back('?');
          i = semi;
          continue;
        }
      }
    }
    out.push_back(v[i]);
  }
  return out;
}

// True for http:, https:, mailto: (when allow_mailto) or a path on our site.
bool SafeUrl(std::string_view raw, bool allow_mailto) {
  std::string v = DecodeForUrl(raw);
  std::string s;
  for (char c : v) {
    if (static_cast<unsigned char>(c) > 0x20) s.push_back(Lower(c));
  }
  if (s.starts_with("http://") || s.starts_with("https://")) return true;
  if (allow_mailto && s.starts_with("mailto:")) return true;
  if (s.starts_with("/") && !s.starts_with("//") && !s.starts_with("/\\")) return true;
  return false;
}

// An attribute value as the browser reads it: the five basic entities
// decoded (so escaping it again does not double-escape).
std::string DecodeBasicEntities(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '&') {
      static const std::pair<std::string_view, char> kEnt[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
      bool hit = false;
      for (const auto& [e, c] : kEnt) {
        if (v.substr(i, e.size()) == e) {
          out.push_back(c);
          i += e.size() - 1;
          hit = true;
          break;
        }
      }
      if (hit) continue;
    }
    out.push_back(v[i]);
  }
  return out;
}

struct Attr {
  std::string name, value;
};

}  // namespace

std::string SanitizeHtml(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::vector<std::string> open;
  size_t i = 0;
  const size_t n = in.size();
  auto emit_text_char = [&](size_t& k) {
    char c = in[k];
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '\'') {
      out += "&#39;";
    } else if (c == '&') {
      // Keep a well-formed entity, escape a bare ampersand.
      size_t j = k + 1;
      while (j < n && j - k < 12 && (IsAlpha(in[j]) || (in[j] >= '0' && in[j] <= '9') || in[j] == '#'))
        ++j;
      if (j < n && in[j] == ';' && j > k + 1) {
        out.append(in.substr(k, j - k + 1));
        k = j;
      } else {
        out += "&amp;";
      }
    } else {
      out.push_back(c);
    }
    ++k;
  };
  while (i < n) {
    if (in[i] != '<') {
      emit_text_char(i);
      continue;
    }
    // Comment or declaration.
    if (in.substr(i, 4) == "<!--") {
      size_t e = in.find("-->", i + 4);
      i = e == std::string_view::npos ? n : e + 3;
      continue;
    }
    if (i + 1 < n && (in[i + 1] == '!' || in[i + 1] == '?')) {
      size_t e = in.find('>', i);
      i = e == std::string_view::npos ? n : e + 1;
      continue;
    }
    bool end_tag = i + 1 < n && in[i + 1] == '/';
    size_t j = i + (end_tag ? 2 : 1);
    if (j >= n || !IsAlpha(in[j])) {
      emit_text_char(i);  // a lone '<'
      continue;
    }
    std::string name;
    while (j < n && !IsSpace(in[j]) && in[j] != '>' && in[j] != '/') name.push_back(Lower(in[j++]));
    // Attributes.
    std::vector<Attr> attrs;
    bool self_closing = false;
    while (j < n && in[j] != '>') {
      if (IsSpace(in[j])) {
        ++j;
        continue;
      }
      if (in[j] == '/') {
        self_closing = true;
        ++j;
        continue;
      }
      Attr a;
      while (j < n && !IsSpace(in[j]) && in[j] != '>' && in[j] != '=' && in[j] != '/')
        a.name.push_back(Lower(in[j++]));
      if (a.name.empty()) {  // e.g. a stray '='
        ++j;
        continue;
      }
      while (j < n && IsSpace(in[j])) ++j;
      if (j < n && in[j] == '=') {
        ++j;
        while (j < n && IsSpace(in[j])) ++j;
        if (j < n && (in[j] == '"' || in[j] == '\'')) {
          char q = in[j++];
          size_t e = in.find(q, j);
          if (e == std::string_view::npos) e = n;
          a.value = std::string(in.substr(j, e - j));
          j = e < n ? e + 1 : n;
        } else {
          while (j < n && !IsSpace(in[j]) && in[j] != '>') a.value.push_back(in[j++]);
        }
      }
      if (attrs.size() < 32) attrs.push_back(std::move(a));
    }
    i = j < n ? j + 1 : n;  // past '>'
    if (!end_tag && IsDropWhole(name)) {
      // Skip to the matching end tag (case-insensitive), or the end.
      std::string close = "</" + name;
      size_t k = i;
      while (true) {
        size_t e = k;
        // case-insensitive search
        while (e < n) {
          if (in[e] == '<' && e + close.size() <= n) {
            bool m = true;
            for (size_t t = 0; t < close.size() && m; ++t) m = Lower(in[e + t]) == close[t];
            if (m) break;
          }
          ++e;
        }
        if (e >= n) {
          i = n;
          break;
        }
        size_t gt = in.find('>', e);
        i = gt == std::string_view::npos ? n : gt + 1;
        break;
      }
      continue;
    }
    if (!IsAllowed(name)) continue;  // tag dropped, its text kept
    if (end_tag) {
      auto it = std::find(open.rbegin(), open.rend(), name);
      if (it == open.rend()) continue;  // stray
      while (!open.empty()) {
        std::string top = open.back();
        open.pop_back();
        out += "</" + top + ">";
        if (top == name) break;
      }
      continue;
    }
    if (!IsVoid(name) && open.size() >= kMaxDepth) continue;
    out += "<" + name;
    if (name == "a") {
      for (const auto& a : attrs) {
        if (a.name == "href" && SafeUrl(a.value, true)) {
          out += " href=\"" + HtmlEscape(CleanUtf8(DecodeBasicEntities(a.value))) + "\"";
        }
      }
      out += " rel=\"nofollow noopener\"";
    } else if (name == "img") {
      for (const auto& a : attrs) {
        if (a.name == "src" && SafeUrl(a.value, false)) {
          out += " src=\"" + HtmlEscape(CleanUtf8(DecodeBasicEntities(a.value))) + "\"";
        } else if (a.name == "alt") {
          out += " alt=\"" + HtmlEscape(CleanUtf8(DecodeBasicEntities(a.value))) + "\"";
        }
      }
      out += " loading=\"lazy\"";
    }
    out += ">";
    (void)self_closing;
    if (!IsVoid(name)) open.push_back(name);
  }
  while (!open.empty()) {
    out += "</" + open.back() + ">";
    open.pop_back();
  }
  return out;
}

}  // namespace khabar::serve
