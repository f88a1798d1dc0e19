#include "extract/dom.h"

// myhtml.h rather than api.h: its tree.h gives the node struct, whose links
// the copy reads directly (api.h repeats its declarations).
#include <myhtml/myhtml.h>
#include <myhtml/tree.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <memory>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace khabar::extract {
namespace {

constexpr std::string_view kTagNames[] = {
    "", "", "",
    "html", "head", "body", "title", "meta", "link", "base", "script", "style", "noscript", "template",
    "p", "div", "span", "a", "img", "picture", "source", "figure", "figcaption", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "td", "th", "caption",
    "article", "section", "main", "nav", "aside", "header", "footer", "address",
    "form", "button", "input", "select", "option", "textarea", "label", "fieldset",
    "iframe", "object", "embed", "video", "audio", "canvas", "svg", "math",
    "blockquote", "pre", "code", "em", "strong", "b", "i", "u", "small", "sub", "sup", "mark",
    "time", "cite", "q", "abbr", "font", "center", "menu", "dialog",
};
static_assert(std::size(kTagNames) == static_cast<size_t>(Tag::kCount));

constexpr std::string_view kAttrNames[] = {
    "class", "id", "href", "src", "data-src", "srcset", "alt", "title", "content", "name",
    "property", "rel", "itemprop", "type", "lang", "dir", "charset", "http-equiv", "datetime",
    "style", "hidden", "aria-hidden", "role",
};
static_assert(std::size(kAttrNames) == static_cast<size_t>(Attr::kCount));

// One myhtml parser per thread, reused (myhtml_init allocates a lot).
struct MyhtmlParser {
  myhtml_t* myhtml = nullptr;
  myhtml_tree_t* tree = nullptr;
  std::vector<Tag> tag_map;  // myhtml tag id → Tag
  bool ok = false;
  struct Open {
    int id;
    int last_child;
  };
  std::vector<Open> path;  // BuildDomMyhtml's walk, reused

  MyhtmlParser() {
    myhtml = myhtml_create();
    if (!myhtml || myhtml_init(myhtml, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK)
      return;
    tree = myhtml_tree_create();
    if (!tree || myhtml_tree_init(tree, myhtml) != MyHTML_STATUS_OK) return;
    tag_map.assign(MyHTML_TAG_LAST_ENTRY, Tag::kOther);
    for (size_t id = MyHTML_TAG_FIRST_ENTRY; id < MyHTML_TAG_LAST_ENTRY; ++id) {
      size_t len = 0;
      const char* name = myhtml_tag_name_by_id(tree, id, &len);
      if (name) tag_map[id] = TagFromName(std::string_view(name, len));
    }
    ok = true;
  }
  ~MyhtmlParser() {
    if (tree) myhtml_tree_destroy(tree);
    if (myhtml) myhtml_destroy(myhtml);
  }
};

}  // namespace

std::string_view TagName(Tag t) { return kTagNames[static_cast<size_t>(t)]; }

Tag TagFromName(std::string_view name) {
  for (size_t i = 3; i < std::size(kTagNames); ++i)
    if (kTagNames[i] == name) return static_cast<Tag>(i);
  return Tag::kOther;
}

Attr AttrFromName(std::string_view name, bool* known) {
  // Most attributes on real pages are not kept: a table by length and first
  // letter gives the (at most two) names to compare with.
  struct Index {
    int8_t cand[12][26][2];
    Index() {
      for (auto& l : cand)
        for (auto& f : l) f[0] = f[1] = -1;
      for (size_t i = 0; i < std::size(kAttrNames); ++i) {
        auto& f = cand[kAttrNames[i].size()][kAttrNames[i][0] - 'a'];
        f[f[0] < 0 ? 0 : 1] = static_cast<int8_t>(i);
      }
    }
  };
  static const Index index;
  *known = false;
  if (name.size() < 2 || name.size() > 11 || name[0] < 'a' || name[0] > 'z') return Attr::kClass;
  for (int8_t c : index.cand[name.size()][name[0] - 'a']) {
    if (c < 0) break;
    const std::string_view a = kAttrNames[c];
    size_t k = 1;
    while (k < a.size() && a[k] == name[k]) ++k;  // short: no memcmp call
    if (k == a.size()) {
      *known = true;
      return static_cast<Attr>(c);
    }
  }
  return Attr::kClass;
}

bool IsBlock(Tag t) {
  switch (t) {
    case Tag::kP: case Tag::kDiv: case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4:
    case Tag::kH5: case Tag::kH6: case Tag::kUl: case Tag::kOl: case Tag::kLi: case Tag::kDl:
    case Tag::kDt: case Tag::kDd: case Tag::kTable: case Tag::kThead: case Tag::kTbody:
    case Tag::kTr: case Tag::kTd: case Tag::kTh: case Tag::kCaption: case Tag::kArticle:
    case Tag::kSection: case Tag::kMain: case Tag::kNav: case Tag::kAside: case Tag::kHeader:
    case Tag::kFooter: case Tag::kAddress: case Tag::kForm: case Tag::kFieldset:
    case Tag::kBlockquote: case Tag::kPre: case Tag::kFigure: case Tag::kFigcaption:
    case Tag::kBr: case Tag::kHr: case Tag::kCenter: case Tag::kMenu: case Tag::kBody:
    case Tag::kHtml: case Tag::kDialog: case Tag::kTitle: case Tag::kOption:
      return true;
    default:
      return false;
  }
}

std::string_view Dom::GetAttr(int i, Attr a, bool* found) const {
  const Node& n = nodes[i];
  if (n.tag != Tag::kText) {
    for (uint32_t k = n.begin; k < n.begin + n.len; ++k) {
      if (attrs[k].key == a) {
        if (found) *found = true;
        return std::string_view(arena).substr(attrs[k].begin, attrs[k].len);
      }
    }
  }
  if (found) *found = false;
  return {};
}

const ScanAside::AttrList* ScanAside::AttrsAt(size_t pos, size_t* hint) const {
  // Elements come mostly in the order of their tags: try the next list first.
  const size_t h = *hint, n = attr_lists.size();
  if (h < n && attr_lists[h].pos == pos) return &attr_lists[(*hint)++];
  // Between the last list found and the next: an element without one.
  if ((h == n || attr_lists[h].pos > pos) && (h == 0 || attr_lists[h - 1].pos < pos)) return nullptr;
  auto it = std::lower_bound(attr_lists.begin(), attr_lists.end(), pos,
                             [](const AttrList& l, size_t p) { return l.pos < p; });
  if (it == attr_lists.end() || it->pos != pos) return nullptr;
  *hint = static_cast<size_t>(it - attr_lists.begin()) + 1;
  return &*it;
}

void ScanAside::AppendText(std::string_view text, std::string* out) const {
  size_t i = 0;
  while (i < text.size()) {
    const char* t = static_cast<const char*>(std::memchr(text.data() + i, kValueToken, text.size() - i));
    if (!t) break;
    size_t k = t - text.data();
    out->append(text.data() + i, k - i);
    size_t index = 0, j = k + 1;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9' && index < values.size()) {
      index = index * 10 + static_cast<size_t>(text[j] - '0');
      ++j;
    }
    if (j == k + 1 || j >= text.size() || text[j] != kTextTokenEnd || index >= values.size()) {
      out->push_back(kValueToken);  // not a token (cannot happen with ScanHtml's copy)
      i = k + 1;
      continue;
    }
    out->append(values[index]);
    i = j + 1;
  }
  out->append(text.data() + i, text.size() - i);
}

void Dom::Clear() {
  nodes.clear();
  attrs.clear();
  arena.clear();
  last_child_.clear();
  truncated_depth = truncated_nodes = false;
}

int Dom::AddNode(Tag tag, int parent, int depth) {
  int id = static_cast<int>(nodes.size());
  Node n;
  n.tag = tag;
  n.depth = static_cast<uint16_t>(depth);
  n.parent = parent;
  n.begin = static_cast<uint32_t>(attrs.size());
  nodes.push_back(n);
  last_child_.push_back(-1);
  if (parent >= 0) {
    int last = last_child_[parent];
    if (last < 0) {
      nodes[parent].first_child = id;
    } else {
      nodes[last].next_sibling = id;
    }
    last_child_[parent] = id;
  }
  return id;
}

void Dom::AddAttr(int node, Attr key, std::string_view value) {
  attrs.push_back({key, static_cast<uint32_t>(arena.size()), static_cast<uint32_t>(value.size())});
  arena.append(value);
  nodes[node].len++;
}

void Dom::SetText(int node, std::string_view text) {
  nodes[node].begin = static_cast<uint32_t>(arena.size());
  nodes[node].len = static_cast<uint32_t>(text.size());
  arena.append(text);
}

void Dom::Finish() {
  // Pre-order: a subtree ends where the next node at depth <= its own begins.
  std::vector<int32_t> stack;
  for (int32_t i = 0; i < static_cast<int32_t>(nodes.size()); ++i) {
    while (!stack.empty() && nodes[stack.back()].depth >= nodes[i].depth) {
      nodes[stack.back()].end = i;
      stack.pop_back();
    }
    stack.push_back(i);
  }
  for (int32_t s : stack) nodes[s].end = static_cast<int32_t>(nodes.size());
}

std::string Dom::SubtreeText(int i) const {
  std::string out;
  for (int k = i; k < nodes[i].end; ++k) {
    const Node& n = nodes[k];
    if (n.tag == Tag::kText) {
      out.append(Text(k));
    } else if (IsBlock(n.tag) && !out.empty() && out.back() != '\n') {
      out.push_back('\n');
    } else if (n.tag == Tag::kScript || n.tag == Tag::kStyle || n.tag == Tag::kTemplate) {
      k = n.end - 1;
    }
  }
  return out;
}

namespace {
std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& ch : r) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return r;
}

bool NameIs(std::string_view name, std::initializer_list<std::string_view> set) {
  for (auto s : set)
    if (name.size() == s.size() && std::equal(name.begin(), name.end(), s.begin(), [](char a, char b) {
          return (a | 0x20) == b;
        }))
      return true;
  return false;
}
}  // namespace

namespace {

inline bool IsAsciiAlpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Bytes that end an attribute name: tag spaces, '/', '>', '='.
struct NameEndTable {
  bool end[256] = {};
  constexpr NameEndTable() {
    for (unsigned char c : {' ', '\t', '\n', '\f', '\r', '/', '>', '='}) end[c] = true;
  }
};
constexpr NameEndTable kNameEnd;
inline bool EndsName(char c) { return kNameEnd.end[static_cast<unsigned char>(c)]; }

// The first byte in [p, end) that is no tag space (end if none). Sixteen
// bytes a step where SSE2 is there (text between tags is mostly indentation
// or starts with a letter).
const char* SkipTagSpace(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n'),
                ff = _mm_set1_epi8('\f'), cr = _mm_set1_epi8('\r');
  for (; end - p >= 16; p += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i sp = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)),
                              _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, ff)),
                                           _mm_cmpeq_epi8(v, cr)));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(sp)) ^ 0xFFFFu;
    if (mask) return p + __builtin_ctz(mask);
  }
#endif
  for (; p < end; ++p)
    if (!IsTagSpace(*p)) return p;
  return end;
}

// Does [p, end) hold a byte the parser changes in text or an attribute value
// ('&' starts a character reference; CR and NUL are replaced)?
bool HasParserChange(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();
  for (; end - p >= 16; p += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, cr)),
                               _mm_cmpeq_epi8(v, nul));
    if (_mm_movemask_epi8(hit)) return true;
  }
#endif
  for (; p < end; ++p)
    if (*p == '&' || *p == '\r' || *p == '\0') return true;
  return false;
}

// Does html[i..] start with "</name" (any case) followed by a space, '/' or
// '>' (an end tag that closes raw text)? name is lowercase.
bool ClosesAt(std::string_view html, size_t i, std::string_view name) {
  if (i + 2 + name.size() >= html.size() || html[i] != '<' || html[i + 1] != '/') return false;
  if (!NameIs(html.substr(i + 2, name.size()), {name})) return false;
  char c = html[i + 2 + name.size()];
  return IsTagSpace(c) || c == '/' || c == '>';
}

// The end of a start tag whose name ends at i: the index just past its '>',
// or npos when the input ends first. Follows the HTML5 tokenizer's attribute
// states, so a '>' inside a quoted value does not end the tag. Calls
// on_attr(name, value) for each attribute (raw, entities undecoded; "" for
// no value).
template <typename F>
size_t ReadStartTag(std::string_view html, size_t i, F&& on_attr) {
  const size_t n = html.size();
  while (i < n) {
    char c = html[i];
    if (IsTagSpace(c) || c == '/') {
      ++i;
      continue;
    }
    if (c == '>') return i + 1;
    // Attribute name (a leading '=' belongs to it).
    size_t ns = i++;
    while (i < n && !EndsName(html[i])) ++i;
    std::string_view name = html.substr(ns, i - ns);
    while (i < n && IsTagSpace(html[i])) ++i;
    if (i >= n || html[i] != '=') {
      on_attr(name, std::string_view());
      continue;
    }
    ++i;
    while (i < n && IsTagSpace(html[i])) ++i;
    if (i >= n) return std::string_view::npos;
    size_t vs, ve;
    if (html[i] == '"' || html[i] == '\'') {
      size_t q = html.find(html[i], i + 1);
      if (q == std::string_view::npos) return std::string_view::npos;
      vs = i + 1;
      ve = q;
      i = q + 1;
    } else {
      vs = i;
      while (i < n && !IsTagSpace(html[i]) && html[i] != '>') ++i;
      ve = i;
    }
    on_attr(name, html.substr(vs, ve - vs));
  }
  return std::string_view::npos;
}

// ReadStartTag for the value of the first attribute called `want` (*value).
size_t StartTagEnd(std::string_view html, size_t i, std::string_view want, std::string_view* value) {
  bool have = false;
  return ReadStartTag(html, i, [&](std::string_view name, std::string_view v) {
    if (!have && NameIs(name, {want})) {
      have = true;
      *value = v;
    }
  });
}

bool ContainsNoCase(std::string_view s, std::string_view lower_word) {
  if (s.size() < lower_word.size()) return false;
  for (size_t i = 0; i + lower_word.size() <= s.size(); ++i)
    if (NameIs(s.substr(i, lower_word.size()), {lower_word})) return true;
  return false;
}

// The <meta> keys the extractor reads (ReadMeta in html_extract.cc: keep the
// two lists in step), lowercase.
bool IsReadMetaKey(std::string_view v) {
  static constexpr std::string_view kKeys[] = {
      "og:title", "twitter:title", "og:site_name", "og:url", "og:description", "description",
      "author", "article:author", "dc.creator", "byl", "og:image", "article:published_time",
      "datepublished", "pubdate", "dc.date", "dc.date.issued", "date", "publish-date",
      "og:published_time", "sailthru.date", "parsely-pub-date", "article:modified_time",
      "datemodified", "og:updated_time", "last-modified", "article:section", "category",
      "keywords", "news_keywords", "article:tag"};
  if (v.find('&') != std::string_view::npos) return true;  // an entity: read it to be safe
  for (std::string_view k : kKeys) {
    if (k.size() != v.size()) continue;
    size_t j = 0;  // ASCII case-insensitive ('_' is no letter: NameIs would not do)
    while (j < k.size() && ((v[j] >= 'A' && v[j] <= 'Z') ? v[j] + 32 : v[j]) == k[j]) ++j;
    if (j == k.size()) return true;
  }
  return false;
}

// Is the start tag of a <meta> (link = false) or <link> whose name ends at i
// one the extractor reads: a meta whose property, name or itemprop is a key
// ReadMeta knows, a link whose rel holds "canonical"? *end is set to the
// index past the tag (npos when the input ends first).
bool IsReadMetaOrLink(std::string_view html, size_t i, bool link, size_t* end) {
  bool read = false;
  *end = ReadStartTag(html, i, [&](std::string_view name, std::string_view v) {
    if (read) return;
    if (link) {
      read = NameIs(name, {"rel"}) && (ContainsNoCase(v, "canonical") || v.find('&') != std::string_view::npos);
    } else {
      read = NameIs(name, {"property", "name", "itemprop"}) && IsReadMetaKey(v);
    }
  });
  return read;
}

// StartTagEnd without the attribute value, in a few memchr steps: a quote
// opens a quoted value when '=' (and spaces) precede it. It differs from the
// tokenizer only on an unquoted value holding '=' and then a quote.
size_t FastStartTagEnd(std::string_view html, size_t i) {
  const char* d = html.data();
  const size_t n = html.size();
  size_t g = 0;  // the next '>' at or after i (found again only once i passes it)
  bool have_g = false;
  while (i < n) {
    if (!have_g || g < i) {
      have_g = true;
      const char* gt = static_cast<const char*>(std::memchr(d + i, '>', n - i));
      if (!gt) return std::string_view::npos;
      g = gt - d;
    }
    // The first quote before the '>', if any.
    const char* q1 = static_cast<const char*>(std::memchr(d + i, '"', g - i));
    const char* q2 = static_cast<const char*>(std::memchr(d + i, '\'', q1 ? q1 - (d + i) : g - i));
    const char* q = q2 ? q2 : q1;
    if (!q) return g + 1;
    size_t k = q - d;
    size_t b = k;
    while (b > i && IsTagSpace(d[b - 1])) --b;
    if (b > i && d[b - 1] == '=') {
      const char* close = static_cast<const char*>(std::memchr(d + k + 1, d[k], n - k - 1));
      if (!close) return std::string_view::npos;
      k = close - d;
    }
    i = k + 1;
  }
  return std::string_view::npos;
}

// Where the text of a <script> that starts at i ends: the index of the
// "</script" that closes it (or html.size()). Follows the HTML5 script data
// states: inside "<!--", a "<script" opens a double-escaped section in which
// "</script" does not close the element; "-->" leaves them.
size_t ScriptEnd(std::string_view html, size_t i) {
  enum { kData, kEscaped, kDoubleEscaped } state = kData;
  const size_t n = html.size();
  while (i < n) {
    // Outside "<!--" only '<' matters (memchr); inside, "-->" too.
    size_t k = i;
    if (state == kData) {
      k = html.find('<', i);
      if (k == std::string_view::npos) return n;
    } else {
      while (k < n && html[k] != '<' && html[k] != '-') ++k;
      if (k == n) return n;
    }
    if (html[k] == '-') {
      if (state != kData && html.compare(k, 3, "-->") == 0) {
        state = kData;
        i = k + 3;
      } else {
        i = k + 1;
      }
      continue;
    }
    if (state != kDoubleEscaped && ClosesAt(html, k, "script")) return k;
    if (state == kDoubleEscaped && ClosesAt(html, k, "script")) {
      state = kEscaped;
      i = k + 8;
      continue;
    }
    if (state == kData && html.compare(k, 4, "<!--") == 0) {
      state = kEscaped;
      i = k + 4;
      // "<!-->" and "<!--->" close at once (the dashes are shared).
      if (html.compare(k + 2, 3, "-->") == 0 || html.compare(k + 2, 4, "--->") == 0) {
        state = kData;
        i = html.find('>', k + 4) + 1;
      }
      continue;
    }
    if (state == kEscaped && k + 7 < n && NameIs(html.substr(k + 1, 6), {"script"}) &&
        (IsTagSpace(html[k + 7]) || html[k + 7] == '/' || html[k + 7] == '>')) {
      state = kDoubleEscaped;
      i = k + 7;
      continue;
    }
    i = k + 1;
  }
  return n;
}

// The raw text end of element `name` whose content starts at i: the index of
// its closing "</name", or html.size().
size_t RawTextEnd(std::string_view html, size_t i, std::string_view name) {
  while (true) {
    size_t e = html.find("</", i);
    if (e == std::string_view::npos) return html.size();
    if (ClosesAt(html, e, name)) return e;
    i = e + 2;
  }
}

// Which attributes a start tag keeps, beyond those every element keeps.
enum class AttrSet : uint8_t {
  kCommon,    // class, id, style, hidden, aria-hidden, itemprop, rel only
  kRoot,      // <html>, <body>: + lang, dir
  kBaseLink,  // <base>, <link>: + href
  kMeta,      // <meta>: + content, name, property, charset, http-equiv
  kImg,       // <img>: + src, data-src, alt
  kTime,      // <time>: + datetime
  kInput,     // <input>: + type (type=hidden steers tree building in tables)
};

// Is an attribute called name (any case) one to give the parser: one the
// extractor reads on this kind of element (an <a>'s href is never read), or
// one that steers tree building (font color/face/size leave foreign content;
// annotation-xml encoding; input type)? *key is set when the DOM keeps it.
bool IsParserAttr(std::string_view name, AttrSet set, Attr* key) {
  if (name.size() < 2 || name.size() > 11) return false;
  char buf[11];
  for (size_t k = 0; k < name.size(); ++k) {
    char c = name[k];
    buf[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  std::string_view lower(buf, name.size());
  bool known = false;
  Attr a = AttrFromName(lower, &known);
  if (!known) return lower == "color" || lower == "face" || lower == "size" || lower == "encoding";
  *key = a;
  switch (a) {
    case Attr::kClass: case Attr::kId: case Attr::kStyle: case Attr::kHidden: case Attr::kAriaHidden:
    case Attr::kItemprop: case Attr::kRel:
      return true;
    case Attr::kLang: case Attr::kDir: return set == AttrSet::kRoot;
    case Attr::kHref: return set == AttrSet::kBaseLink;
    case Attr::kContent: case Attr::kName: case Attr::kProperty: case Attr::kCharset:
    case Attr::kHttpEquiv:
      return set == AttrSet::kMeta;
    case Attr::kSrc: case Attr::kDataSrc: case Attr::kAlt: return set == AttrSet::kImg;
    case Attr::kDatetime: return set == AttrSet::kTime;
    case Attr::kType: return set == AttrSet::kInput;
    default: return false;  // title, srcset, role: never read
  }
}

// The formatting elements (HTML5 §13.2.4.3) but <a>: the parser compares
// their attributes (the "Noah's Ark" clause), so theirs are all kept. <a> is
// never open twice in that list.
bool IsFormattingNotA(std::string_view name) {
  switch (name.size()) {
    case 1: return NameIs(name, {"b", "i", "s", "u"});
    case 2: return NameIs(name, {"em", "tt"});
    case 3: return NameIs(name, {"big"});
    case 4: return NameIs(name, {"code", "font", "nobr"});
    case 5: return NameIs(name, {"small"});
    case 6: return NameIs(name, {"strike", "strong"});
    default: return false;
  }
}

// Reads the attributes of a start tag whose name ends at i ('<' at lt) with
// the HTML5 attribute states (as StartTagEnd) and returns the index past its
// '>', or npos when the input ends first. When some attribute is not for the
// parser (IsParserAttr: data-*, on*, width, an <a>'s href, …, half of a
// page's bytes), or is taken aside (aside not null and take: see ScanHtml),
// or repeats an earlier one, appends html[from, i) (what precedes, up to the
// tag's name), " name=value" for each attribute the parser still gets, then
// "/>" or ">", to *out and sets *rewritten; the attributes taken go to
// aside->attrs and aside->attr_lists. *hides is set when the tag has an
// attribute that may hide the element (hidden, style, aria-hidden).
size_t FilterStartTag(std::string_view html, size_t from, size_t lt, size_t i, AttrSet set, bool take,
                      std::string* out, ScanAside* aside, bool* rewritten, bool* hides) {
  struct Span {
    size_t begin, end;
    bool unquoted;  // ends in an unquoted value
  };
  thread_local std::vector<Span> spans;
  spans.clear();
  *rewritten = false;
  *hides = false;
  take = take && aside;
  const size_t first_taken = take ? aside->attrs.size() : 0;
  const size_t name_end_of_tag = i;
  const size_t n = html.size();
  const char* d = html.data();
  bool drop = false, self_closing = false;
  uint32_t seen = 0;  // the known attributes read so far (bits by Attr)
  static_assert(static_cast<int>(Attr::kCount) <= 32);
  size_t end = std::string_view::npos;
  while (i < n) {
    char c = d[i];
    if (c == '>') {
      end = i + 1;
      break;
    }
    if (IsTagSpace(c) || c == '/') {
      self_closing = c == '/' && i + 1 < n && d[i + 1] == '>';
      ++i;
      continue;
    }
    size_t begin = i++;  // a leading '=' belongs to the name
    while (i < n && !EndsName(d[i])) ++i;
    size_t name_end = i, attr_end = i, value = 0, value_end = 0;
    bool unquoted = false;
    size_t j = i;
    while (j < n && IsTagSpace(d[j])) ++j;
    if (j < n && d[j] == '=') {
      ++j;
      while (j < n && IsTagSpace(d[j])) ++j;
      if (j >= n) break;
      if (d[j] == '"' || d[j] == '\'') {
        const char* close = static_cast<const char*>(std::memchr(d + j + 1, d[j], n - j - 1));
        if (!close) break;
        value = j + 1;
        j = close - d + 1;
        value_end = j - 1;
      } else {
        value = j;
        while (j < n && !IsTagSpace(d[j]) && d[j] != '>') ++j;
        value_end = j;
        unquoted = true;
      }
      attr_end = j;
    }
    i = j;
    Attr key = Attr::kCount;
    if (!IsParserAttr(html.substr(begin, name_end - begin), set, &key)) {
      drop = true;
      continue;
    }
    if (key != Attr::kCount) {
      *hides |= key == Attr::kHidden || key == Attr::kStyle || key == Attr::kAriaHidden;
      const uint32_t bit = uint32_t{1} << static_cast<int>(key);
      if (seen & bit) {  // the parser keeps the first
        drop = true;
        continue;
      }
      seen |= bit;
      if (take && key != Attr::kType) {
        if (!HasParserChange(d + value, d + value_end)) {
          aside->attrs.push_back({key, html.substr(value, value_end - value)});
          drop = true;
          continue;
        }
      }
    }
    spans.push_back({begin, attr_end, unquoted});
  }
  if (end == std::string_view::npos || !drop) {
    if (take) aside->attrs.resize(first_taken);
    return end;
  }
  const size_t pos = out->size() + (lt - from);
  out->append(d + from, name_end_of_tag - from);
  for (const Span& sp : spans) {
    out->push_back(' ');
    out->append(d + sp.begin, sp.end - sp.begin);
  }
  // A '/' right after an unquoted value would join it.
  if (self_closing) out->append(!spans.empty() && spans.back().unquoted ? " />" : "/>");
  else out->push_back('>');
  if (take && aside->attrs.size() > first_taken)
    aside->attr_lists.push_back({pos, static_cast<uint32_t>(first_taken),
                                 static_cast<uint32_t>(aside->attrs.size() - first_taken)});
  *rewritten = true;
  return end;
}

// The end of an end tag whose name ends at i: the index just past its '>',
// or npos when the input ends first. The tokenizer reads attributes in end
// tags too (and drops them), so a quoted '>' does not end it.
size_t EndTagEnd(std::string_view html, size_t i) {
  return ReadStartTag(html, i, [](std::string_view, std::string_view) {});
}

// Past the end tag that starts at e (its element opened no depth), or e at
// the end of the input.
size_t PastEndTag(std::string_view html, size_t e) {
  size_t ne = std::min(e + 2, html.size());
  while (ne < html.size() && (IsAsciiAlpha(static_cast<unsigned char>(html[ne])) ||
                              (html[ne] >= '0' && html[ne] <= '9') || html[ne] == '-'))
    ++ne;
  size_t end = EndTagEnd(html, ne);
  return end == std::string_view::npos ? html.size() : end;
}

// What a start tag means to the scan.
enum class StartKind : uint8_t {
  kOpen,       // opens an element that counts towards the nesting depth
  kNoDepth,    // void or implicitly closed (p, li, td, …): does not count
  kScript,     // script data
  kStyle,      // raw text, dropped from the copy
  kRawText,    // raw text or RCDATA kept as it is (title, textarea, …)
  kPlaintext,  // the rest of the input is text
};

// What the scan knows of a tag name (start or end tag).
struct TagInfo {
  StartKind kind = StartKind::kOpen;
  AttrSet attrs = AttrSet::kCommon;
  // Whitespace-only text next to this start tag (and before its end tag, when
  // one is open) is dropped from the copy: the element is a block, and the
  // extractor's text breaks at blocks, so that text never shows (see ScanHtml).
  bool ws_block = false;
  bool head = false;  // may appear in <head> without ending it
  int8_t track = -1;  // index of its open-element count (ws_block elements with end tags), or -1
};
constexpr int kTracked = 64;  // room for the tracked entries below (33)

const TagInfo& LookupTag(std::string_view name) {
  using K = StartKind;
  using A = AttrSet;
  struct Entry {
    std::string_view name;
    K kind;
    A attrs;
    uint8_t flags;  // 1: ws_block, 2: head, 4: tracked (its end tags are counted)
  };
  static constexpr Entry kEntries[] = {
      // Void or implicitly closed: no nesting depth.
      {"p", K::kNoDepth, A::kCommon, 5}, {"br", K::kNoDepth, A::kCommon, 1},
      {"li", K::kNoDepth, A::kCommon, 5}, {"td", K::kNoDepth, A::kCommon, 5},
      {"tr", K::kNoDepth, A::kCommon, 5}, {"th", K::kNoDepth, A::kCommon, 5},
      {"dt", K::kNoDepth, A::kCommon, 5}, {"dd", K::kNoDepth, A::kCommon, 5},
      {"hr", K::kNoDepth, A::kCommon, 1}, {"tbody", K::kNoDepth, A::kCommon, 1},
      {"thead", K::kNoDepth, A::kCommon, 1},
      {"rb", K::kNoDepth, A::kCommon, 0}, {"rt", K::kNoDepth, A::kCommon, 0},
      {"rp", K::kNoDepth, A::kCommon, 0}, {"img", K::kNoDepth, A::kImg, 0},
      {"col", K::kNoDepth, A::kCommon, 0}, {"wbr", K::kNoDepth, A::kCommon, 0},
      {"meta", K::kNoDepth, A::kMeta, 2}, {"link", K::kNoDepth, A::kBaseLink, 2},
      {"area", K::kNoDepth, A::kCommon, 0}, {"base", K::kNoDepth, A::kBaseLink, 2},
      {"html", K::kNoDepth, A::kRoot, 2}, {"head", K::kNoDepth, A::kCommon, 2},
      {"body", K::kNoDepth, A::kRoot, 0}, {"input", K::kNoDepth, A::kInput, 0},
      {"embed", K::kNoDepth, A::kCommon, 0}, {"param", K::kNoDepth, A::kCommon, 0},
      {"track", K::kNoDepth, A::kCommon, 0}, {"frame", K::kNoDepth, A::kCommon, 0},
      {"source", K::kNoDepth, A::kCommon, 0}, {"option", K::kNoDepth, A::kCommon, 0},
      {"keygen", K::kNoDepth, A::kCommon, 0}, {"colgroup", K::kNoDepth, A::kCommon, 0},
      {"optgroup", K::kNoDepth, A::kCommon, 0},
      // Raw text, script, style.
      {"xmp", K::kRawText, A::kCommon, 0}, {"title", K::kRawText, A::kCommon, 2},
      {"style", K::kStyle, A::kCommon, 2}, {"script", K::kScript, A::kCommon, 2},
      {"iframe", K::kRawText, A::kCommon, 0}, {"noembed", K::kRawText, A::kCommon, 0},
      {"textarea", K::kRawText, A::kCommon, 0}, {"noframes", K::kRawText, A::kCommon, 0},
      {"plaintext", K::kPlaintext, A::kCommon, 0},
      // Open elements the extractor reads.
      {"noscript", K::kOpen, A::kCommon, 2}, {"template", K::kOpen, A::kCommon, 2},
      {"time", K::kOpen, A::kTime, 0},
      // Blocks that nest (form is no block here: a nested <form> is ignored).
      {"div", K::kOpen, A::kCommon, 5}, {"ul", K::kOpen, A::kCommon, 5},
      {"ol", K::kOpen, A::kCommon, 5}, {"dl", K::kOpen, A::kCommon, 5},
      {"table", K::kOpen, A::kCommon, 5}, {"h1", K::kOpen, A::kCommon, 5},
      {"h2", K::kOpen, A::kCommon, 5}, {"h3", K::kOpen, A::kCommon, 5},
      {"h4", K::kOpen, A::kCommon, 5}, {"h5", K::kOpen, A::kCommon, 5},
      {"h6", K::kOpen, A::kCommon, 5}, {"article", K::kOpen, A::kCommon, 5},
      {"section", K::kOpen, A::kCommon, 5}, {"main", K::kOpen, A::kCommon, 5},
      {"nav", K::kOpen, A::kCommon, 5}, {"aside", K::kOpen, A::kCommon, 5},
      {"header", K::kOpen, A::kCommon, 5}, {"footer", K::kOpen, A::kCommon, 5},
      {"address", K::kOpen, A::kCommon, 5}, {"fieldset", K::kOpen, A::kCommon, 5},
      {"blockquote", K::kOpen, A::kCommon, 5}, {"pre", K::kOpen, A::kCommon, 5},
      {"figure", K::kOpen, A::kCommon, 5}, {"figcaption", K::kOpen, A::kCommon, 5},
      {"center", K::kOpen, A::kCommon, 5}, {"menu", K::kOpen, A::kCommon, 5},
  };
  // The entries by length and first letter: a tag is compared with a few at
  // most, without a lowercase copy.
  constexpr size_t kMaxLength = 10;
  struct Table {
    struct Slot {
      std::string_view name;
      TagInfo info;
    };
    std::vector<Slot> slots;
    int8_t first[11][26][8];  // by length (up to kMaxLength) and first letter  // indexes into slots, -1 ends
    TagInfo other;
  };
  static const Table table = [] {
    Table t;
    for (auto& l : t.first)
      for (auto& f : l) std::fill(std::begin(f), std::end(f), -1);
    int8_t track = 0;
    for (const auto& e : kEntries) {
      TagInfo info;
      info.kind = e.kind;
      info.attrs = e.attrs;
      info.ws_block = e.flags & 1;
      info.head = e.flags & 2;
      if ((e.flags & 4) && track < kTracked) info.track = track++;
      auto& f = t.first[e.name.size()][e.name[0] - 'a'];
      int k = 0;
      while (f[k] >= 0) ++k;  // at most 7 names share a length and first letter (hr, h1-h6)
      f[k] = static_cast<int8_t>(t.slots.size());
      t.slots.push_back({e.name, info});
    }
    return t;
  }();
  const size_t len = name.size();
  if (len == 0 || len > kMaxLength) return table.other;
  const unsigned first = static_cast<unsigned char>(name[0] | 0x20) - 'a';
  if (first >= 26) return table.other;
  for (int8_t c : table.first[len][first]) {
    if (c < 0) break;
    const std::string_view n = table.slots[c].name;
    size_t k = 1;  // ASCII letters and digits: | 0x20 lowers letters only
    while (k < len && n[k] == static_cast<char>(name[k] | 0x20)) ++k;
    if (k == len) return table.slots[c].info;
  }
  return table.other;
}

// Start tags that end foreign content (HTML5 "in foreign content": the
// parser leaves the <svg> for them); <font> is counted in whatever its
// attributes.
bool BreaksOutOfForeign(std::string_view name) {
  switch (name.size()) {
    case 1: return NameIs(name, {"b", "i", "p", "s", "u"});
    case 2:
      return NameIs(name, {"br", "dd", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
                           "ol", "tt", "ul"});
    case 3: return NameIs(name, {"big", "div", "img", "pre", "sub", "sup", "var"});
    case 4: return NameIs(name, {"body", "code", "font", "head", "menu", "meta", "nobr", "ruby", "span"});
    case 5: return NameIs(name, {"embed", "small", "table"});
    case 6: return NameIs(name, {"center", "strike", "strong"});
    case 7: return NameIs(name, {"listing"});
    case 10: return NameIs(name, {"blockquote"});
    default: return false;
  }
}

// Where the content of an <svg> element that starts at i ends: the index of
// its "</svg" (nested <svg> elements counted), or npos when the content is
// left to the parser: it holds a tag that leaves foreign content (above, or
// the end tags </p> and </br>), a comment or CDATA section (where "</svg"
// would not count), or the input ends first. Linear in the content.
size_t SvgContentEnd(std::string_view html, size_t i) {
  const size_t n = html.size();
  int open = 1;
  while (true) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n || html[lt + 1] == '!') return std::string_view::npos;
    bool end_tag = html[lt + 1] == '/';
    size_t ns = lt + (end_tag ? 2 : 1), ne = ns;
    while (ne < n && (IsAsciiAlpha(static_cast<unsigned char>(html[ne])) ||
                      (html[ne] >= '0' && html[ne] <= '9') || html[ne] == '-'))
      ++ne;
    std::string_view name = html.substr(ns, ne - ns);
    i = ne > lt + 1 ? ne : lt + 1;
    if (name.empty()) continue;
    if (NameIs(name, {"svg"})) {
      if (end_tag) {
        if (--open == 0) return lt;
      } else {
        size_t after = FastStartTagEnd(html, ne);
        if (after == std::string_view::npos) return std::string_view::npos;
        if (html[after - 2] != '/') ++open;
        i = after;
      }
    } else if (end_tag ? NameIs(name, {"p", "br"}) : BreaksOutOfForeign(name)) {
      return std::string_view::npos;
    }
  }
}


// Puts the text html[begin, end) between two tags (not whitespace only)
// aside: the copy gets its leading whitespace and then kValueToken, the index
// of the text in aside->values and kTextTokenEnd. Text the parser would change
// stays: with a character reference ('&'), CR or NUL; and short text, for
// which a token saves nothing. The parser treats the token as it treats the
// text: both start with a character that is no whitespace (the insertion
// modes tell only whitespace from the rest), hold no markup, and stay whole
// (a token may join other text in one text node, which is why it has an end).
// s: the first byte of the text that is no whitespace. Returns whether the
// text went aside; then *token_at is where the token starts in *out.
bool TokenizeText(std::string_view html, size_t s, size_t end, std::string* out, size_t* copied,
                  ScanAside* aside, size_t* token_at) {
  constexpr size_t kMinText = 12;
  const char* d = html.data();
  if (end - s < kMinText || HasParserChange(d + s, d + end)) return false;
  out->append(d + *copied, s - *copied);
  *token_at = out->size();
  char num[24];
  num[0] = kValueToken;
  char* e = std::to_chars(num + 1, num + sizeof num - 1, aside->values.size()).ptr;
  *e++ = kTextTokenEnd;
  out->append(num, e - num);
  aside->values.push_back(html.substr(s, end - s));
  *copied = end;
  return true;
}

}  // namespace

size_t ScanHtml(std::string_view html, int max_open, std::string* stripped, bool* cut,
                ScanAside* aside) {
  *cut = false;
  if (stripped) stripped->clear();
  if (aside) aside->Clear();
  if (!stripped) aside = nullptr;
  // Text goes aside too, unless the page holds the token byte itself (then a
  // token could not be told from the page's own text).
  bool text_tokens = aside && std::memchr(html.data(), kValueToken, html.size()) == nullptr;
  size_t token_end = std::string_view::npos, token_at = 0;  // the last text token: where it ends, in the copy
  if (aside) aside->text_tokens = text_tokens;
  size_t copied = 0;  // html[copied..] is not yet in *stripped
  long depth = 0;
  size_t i = 0, n = html.size(), safe = n;
  // Whitespace-only text between two tags (a "gap") is dropped from the copy
  // when it cannot show: in <head>, or next to a block's start tag, or next to
  // the end tag of a block that is open (counted per tag name; an end tag
  // with none open is stray and ends nothing). The extractor breaks text at
  // blocks and collapses spaces, so a space at a block's edge is never written.
  // Other gaps are cut to their first byte. A gap is held back until the tag
  // after it is read: gap_at is where it goes in *stripped.
  size_t text_start = 0;      // start of the text since the last tag; npos if it held a '<'
  bool drop_after = true;     // the tag before the gap lets a gap after it go
  bool in_head = true;        // only head elements (and gaps) so far
  bool gap = false;
  size_t gap_at = 0;
  char gap_char = ' ';
  // The open tracked blocks, innermost last: track << 1 | (1 if it may be
  // hidden). An end tag closes the innermost of its name (and those inside,
  // as the tree builder does); with none open it is stray and ends nothing.
  // A hidden block is skipped by the extractor without a break, so the gap
  // after its end tag stays. At most kMaxOpenBlocks (deeper: not tracked).
  constexpr size_t kMaxOpenBlocks = 4096;
  std::vector<uint8_t> open_blocks;
  // Sets up the gap before the tag at lt, if the text since the last tag is one.
  auto open_gap = [&](size_t lt) {
    gap = false;
    if (text_start == std::string_view::npos) return;  // drop_after is false already
    if (!stripped || lt <= text_start) return;
    const char* word = SkipTagSpace(html.data() + text_start, html.data() + lt);
    if (word != html.data() + lt) {
      in_head = drop_after = false;  // text ends the head, and stands between the tags
      if (text_tokens && TokenizeText(html, word - html.data(), lt, stripped, &copied, aside, &token_at))
        token_end = lt;
      return;
    }
    stripped->append(html.data() + copied, text_start - copied);
    copied = lt;
    gap = true;
    gap_at = stripped->size();
    gap_char = html[text_start];
  };
  // Puts the gap back (one byte) unless drop.
  auto close_gap = [&](bool drop) {
    if (!gap) return;
    gap = false;
    if (drop) return;
    if (stripped->size() == gap_at) {
      stripped->push_back(gap_char);
    } else {
      stripped->insert(gap_at, 1, gap_char);
      // The tag after the gap moved by one.
      if (aside && !aside->attr_lists.empty() && aside->attr_lists.back().pos >= gap_at)
        ++aside->attr_lists.back().pos;
    }
  };
  while (i < n) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    char c = html[lt + 1];
    if (c == '!') {
      size_t e;
      bool comment = html.compare(lt, 4, "<!--") == 0;
      if (comment) {
        // "<!-->" and "<!--->" are whole (empty) comments.
        if (html.compare(lt + 4, 1, ">") == 0) e = lt + 4;
        else if (html.compare(lt + 4, 2, "->") == 0) e = lt + 5;
        else if ((e = html.find("-->", lt + 4)) != std::string_view::npos) e += 2;
      } else {
        e = html.find('>', lt);
      }
      if (e == std::string_view::npos) break;
      // Comments are dropped from the copy: the gaps on either side join
      // (each is decided by the tags around the comment).
      open_gap(lt);
      close_gap(drop_after || in_head);
      if (stripped && comment) {
        stripped->append(html.data() + copied, lt - copied);
        // A '<' of text right before would open a tag with what follows: an
        // empty comment stays between them (found by fuzzing).
        if (lt > 0 && html[lt - 1] == '<') stripped->append("<!---->");
        copied = e + 1;
      }
      i = e + 1;
      text_start = i;
      continue;
    }
    bool end_tag = c == '/';
    size_t ns = lt + (end_tag ? 2 : 1);
    size_t ne = ns;
    while (ne < n && (IsAsciiAlpha(static_cast<unsigned char>(html[ne])) ||
                      (html[ne] >= '0' && html[ne] <= '9') || html[ne] == '-'))
      ++ne;
    if (ne == ns || !IsAsciiAlpha(static_cast<unsigned char>(html[ns]))) {
      if (end_tag || c == '?') {
        // "</" but no letter, or "<?": a bogus comment up to the next '>'
        // ("</>" is dropped), kept in the copy as "<!" ones are (a '<' in it
        // opens no tag; found by fuzzing).
        size_t e = html.find('>', lt + 2);
        if (e == std::string_view::npos) break;
        open_gap(lt);
        close_gap(drop_after || in_head);
        i = e + 1;
        text_start = i;
        continue;
      }
      i = lt + 1;
      text_start = std::string_view::npos;  // text, not a gap
      in_head = drop_after = false;
      continue;
    }
    // The tokenizer's tag name runs to a space, '/' or '>': a name with
    // other bytes ("h;=") is an element the extractor does not know, read
    // from its end (found by fuzzing).
    size_t full = ne;
    while (full < n && !IsTagSpace(html[full]) && html[full] != '/' && html[full] != '>') ++full;
    const bool odd = full != ne;
    ne = full;
    std::string_view name = html.substr(ns, ne - ns);
    const TagInfo& info = LookupTag(odd ? std::string_view() : name);
    if (end_tag) {
      const size_t past = EndTagEnd(html, ne);
      if (past == std::string_view::npos) break;
      open_gap(lt);
      bool closes = false, hidden = false;
      if (info.track >= 0) {
        for (size_t k = open_blocks.size(); k-- > 0 && open_blocks.size() - k <= 64;) {
          if (open_blocks[k] >> 1 == info.track) {
            closes = true;
            hidden = open_blocks[k] & 1;
            open_blocks.resize(k);
            break;
          }
        }
        // "</p>" always ends a block: with no <p> open it makes an empty one.
        if (!closes && name.size() == 1) closes = true;
      }
      close_gap(drop_after || in_head || closes);
      drop_after = in_head || (closes && !hidden);
      i = past;
      text_start = i;
      if (depth > 0) --depth;
      continue;
    }
    open_gap(lt);
    // In the frameset insertion modes the parser keeps a text's whitespace
    // and drops the rest: a token would lose the whitespace (found by
    // fuzzing). Text after a <frameset> stays.
    if (text_tokens && !odd && name.size() == 8 && NameIs(name, {"frameset"})) text_tokens = false;
    const bool was_in_head = in_head;
    size_t rewritten_len = 0;  // the length of this tag in the copy when rewritten
    in_head = in_head && info.head;
    StartKind kind = info.kind;
    std::string_view type;
    size_t after;
    bool hides = false;
    // Elements the extractor never reads vanish from the copy whole: script
    // (but JSON-LD; an encoded type is kept too) and style elements, and
    // <meta> and <link> elements it does not read (see IsReadMetaOrLink).
    // They are void or hold raw text, so the tree is built as without them.
    bool vanish = false;
    const bool meta = info.attrs == AttrSet::kMeta;
    const bool link = info.attrs == AttrSet::kBaseLink && (name[0] | 0x20) == 'l';
    bool ld_out = false;  // JSON-LD read here, not by the parser
    if (kind == StartKind::kScript) {
      after = StartTagEnd(html, ne, "type", &type);
      bool ld = NameIs(type, {"application/ld+json"});
      ld_out = ld && aside;
      vanish = stripped && (ld_out || !(ld || type.find('&') != std::string_view::npos));
    } else if (stripped && (meta || link) && !IsReadMetaOrLink(html, ne, link, &after)) {
      vanish = true;
    } else if (stripped && (kind == StartKind::kOpen || kind == StartKind::kNoDepth) &&
               (odd || !IsFormattingNotA(name))) {
      // Attributes the extractor does not read are dropped from the copy.
      bool rewritten = false;
      const size_t size_before = stripped->size(), copied_before = copied;
      // <html> and <body>: a second tag's attributes go to the first element.
      after = FilterStartTag(html, copied, lt, ne, info.attrs, info.attrs != AttrSet::kRoot, stripped, aside,
                             &rewritten, &hides);
      if (rewritten) {
        copied = after;
        rewritten_len = stripped->size() - size_before - (lt - copied_before);
      }
    } else {
      after = FastStartTagEnd(html, ne);
      vanish = stripped && kind == StartKind::kStyle;
    }
    if (after == std::string_view::npos) {
      // The input ends inside this tag: myhtml treats what is before it in
      // its own way there (found by fuzzing), so a text right before stays.
      if (token_end == lt) {
        stripped->resize(token_at);
        copied = lt - aside->values.back().size();
        aside->values.pop_back();
      }
      break;
    }
    if (kind == StartKind::kScript || kind == StartKind::kStyle) {
      size_t e = kind == StartKind::kScript ? ScriptEnd(html, after) : RawTextEnd(html, after, "style");
      if (ld_out) aside->json_ld.push_back(html.substr(after, e - after));
      i = PastEndTag(html, e);
    } else {
      i = after;
    }
    text_start = i;
    if (vanish) {
      // As a comment: the gaps on either side are decided by the tags around.
      close_gap(drop_after || was_in_head);
      stripped->append(html.data() + copied, lt - copied);
      // A '<' of text right before would open a tag with what follows: an
      // empty comment stays between them (found by fuzzing).
      if (lt > 0 && html[lt - 1] == '<') stripped->append("<!---->");
      copied = i;
      continue;
    }
    const bool block = info.ws_block && !hides;
    close_gap(drop_after || was_in_head || block);
    // After the first <body> start tag too: text there starts a block.
    drop_after = in_head || block || (was_in_head && !in_head && info.attrs == AttrSet::kRoot);
    if (info.track >= 0 && open_blocks.size() < kMaxOpenBlocks)
      open_blocks.push_back(static_cast<uint8_t>(info.track << 1 | (hides ? 1 : 0)));
    if (kind == StartKind::kScript || kind == StartKind::kStyle) {
      drop_after = in_head;
      continue;
    }
    if (kind == StartKind::kRawText) {
      i = PastEndTag(html, RawTextEnd(html, i, Lower(name)));
      text_start = i;
      drop_after = in_head;
      continue;
    }
    if (kind == StartKind::kPlaintext) break;  // the rest is text
    if (html[after - 2] == '/' || kind == StartKind::kNoDepth) continue;
    if (++depth > max_open) {
      *cut = true;
      safe = lt;
      if (rewritten_len > 0) {  // the tag is in the copy already: out with it
        stripped->resize(stripped->size() - rewritten_len);
        copied = lt;
        if (aside && !aside->attr_lists.empty() && aside->attr_lists.back().pos >= stripped->size()) {
          aside->attrs.resize(aside->attr_lists.back().first);
          aside->attr_lists.pop_back();
        }
      }
      break;
    }
    if (stripped && !odd && name.size() == 3 && NameIs(name, {"svg"})) {
      // The extractor skips <svg> elements: their content (icons, paths)
      // vanishes from the copy when the parser would keep it inside.
      size_t e = SvgContentEnd(html, after);
      if (e != std::string_view::npos) {
        stripped->append(html.data() + copied, after > copied ? after - copied : 0);
        copied = e;
        i = e;
        text_start = e;
        drop_after = false;
      }
    }
  }
  if (stripped) stripped->append(html.substr(copied, safe > copied ? safe - copied : 0));
  return safe;
}

size_t NestingSafePrefix(std::string_view html, int max_open, bool* cut) {
  return ScanHtml(html, max_open, nullptr, cut, nullptr);
}

Status BuildDomMyhtml(std::string_view html, const DomLimits& limits, Dom* dom, const ScanAside* aside) {
  thread_local std::unique_ptr<MyhtmlParser> parser;
  if (!parser) parser = std::make_unique<MyhtmlParser>();
  if (!parser->ok) return Status::Internal("myhtml could not be initialised");
  dom->Clear();
  myhtml_tree_clean(parser->tree);
  if (myhtml_parse(parser->tree, MyENCODING_UTF_8, html.data(), html.size()) != MyHTML_STATUS_OK)
    return Status::InvalidArgument("myhtml could not parse the document");
  dom->nodes.reserve(html.size() / 64 + 16);
  dom->arena.reserve(html.size() / 4 + 16);
  // Iterative pre-order walk over myhtml's links (first child, next
  // sibling, parent), one path entry per open element of ours: a subtree's
  // end is known when the walk leaves it, and a new node is linked after its
  // parent's last child without a lookup table.
  // path entries: our element id and its last child so far (-1 none).
  auto& path = parser->path;
  path.clear();
  auto add = [&](Tag tag, int depth) {
    auto& top = path.back();
    int id = static_cast<int>(dom->nodes.size());
    Node nd;
    nd.tag = tag;
    nd.depth = static_cast<uint16_t>(depth);
    nd.parent = top.id;
    nd.begin = static_cast<uint32_t>(dom->attrs.size());
    nd.end = id + 1;
    dom->nodes.push_back(nd);
    if (top.last_child < 0) {
      dom->nodes[top.id].first_child = id;
    } else {
      dom->nodes[top.last_child].next_sibling = id;
    }
    top.last_child = id;
    return id;
  };
  Node doc_node;
  doc_node.tag = Tag::kDocument;
  dom->nodes.push_back(doc_node);
  path.push_back({0, -1});
  const auto& map = parser->tag_map;
  const bool taken = aside && !aside->attr_lists.empty();
  size_t hint = 0;  // the attribute list of the next tag, most often
  myhtml_tree_node_t* doc = myhtml_tree_get_document(parser->tree);
  myhtml_tree_node_t* node = doc->child;
  bool stop = false;
  // Invariant: node's parent corresponds to path.back() (depth = path.size()).
  while (node && !stop) {
    int depth = static_cast<int>(path.size());
    myhtml_tag_id_t tid = node->tag_id;
    bool descend = false;
    if (tid == MyHTML_TAG__COMMENT || tid == MyHTML_TAG__DOCTYPE || tid == MyHTML_TAG__UNDEF) {
      // dropped
    } else if (dom->nodes.size() >= limits.max_nodes) {
      dom->truncated_nodes = true;
      stop = true;
      break;
    } else if (tid == MyHTML_TAG__TEXT) {
      size_t len = 0;
      const char* t = myhtml_node_text(node, &len);
      int id = add(Tag::kText, depth);
      if (t && aside && aside->text_tokens && std::memchr(t, kValueToken, len)) {
        Node& nd = dom->nodes[id];
        nd.begin = static_cast<uint32_t>(dom->arena.size());
        aside->AppendText(std::string_view(t, len), &dom->arena);
        nd.len = static_cast<uint32_t>(dom->arena.size() - nd.begin);
      } else if (t) {
        dom->SetText(id, std::string_view(t, len));
      }
    } else if (depth > limits.max_depth) {
      dom->truncated_depth = true;
    } else {
      Tag tag = tid < map.size() ? map[tid] : Tag::kOther;
      int id = add(tag, depth);
      if (taken && node->token) {
        if (const ScanAside::AttrList* l = aside->AttrsAt(node->token->element_begin, &hint)) {
          for (uint32_t k = l->first; k < l->first + l->count; ++k)
            dom->AddAttr(id, aside->attrs[k].key, aside->attrs[k].value);
        }
      }
      for (myhtml_tree_attr_t* at = myhtml_node_attribute_first(node); at; at = myhtml_attribute_next(at)) {
        size_t klen = 0, vlen = 0;
        const char* k = myhtml_attribute_key(at, &klen);
        if (!k) continue;
        bool known = false;
        Attr key = AttrFromName(std::string_view(k, klen), &known);
        if (!known) continue;
        const char* v = myhtml_attribute_value(at, &vlen);
        dom->AddAttr(id, key, v ? std::string_view(v, vlen) : std::string_view());
      }
      if (myhtml_tree_node_t* c = node->child) {
        path.push_back({id, -1});
        node = c;
        descend = true;
      }
    }
    if (descend) continue;
    // Next sibling, or climb, closing our elements on the way.
    while (node) {
      if (myhtml_tree_node_t* nx = node->next) {
        node = nx;
        break;
      }
      node = node->parent;
      if (!node || node == doc || path.size() <= 1) {
        node = nullptr;
        break;
      }
      dom->nodes[path.back().id].end = static_cast<int32_t>(dom->nodes.size());
      path.pop_back();
    }
  }
  // Close what is still open (the walk ended or was cut).
  const int32_t total = static_cast<int32_t>(dom->nodes.size());
  for (const auto& o : path) dom->nodes[o.id].end = total;
  // Release big parser buffers kept from a huge page.
  if (html.size() > (size_t{4} << 20)) {
    myhtml_tree_clean(parser->tree);
  }
  return Status::Ok();
}

}  // namespace khabar::extract
