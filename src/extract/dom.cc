#include "extract/dom.h"

#include <myhtml/api.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <memory>

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
  // Most attributes on real pages are not kept: reject them by first letter.
  if (name.empty() || !std::strchr("cihsdatnprlr", name[0])) {
    *known = false;
    return Attr::kClass;
  }
  for (size_t i = 0; i < std::size(kAttrNames); ++i) {
    if (kAttrNames[i].size() != name.size() || kAttrNames[i][0] != name[0]) continue;
    if (kAttrNames[i] == name) {
      *known = true;
      return static_cast<Attr>(i);
    }
  }
  *known = false;
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
bool NameIs(std::string_view name, std::initializer_list<std::string_view> set) {
  for (auto s : set)
    if (name.size() == s.size() && std::equal(name.begin(), name.end(), s.begin(), [](char a, char b) {
          return (a | 0x20) == b;
        }))
      return true;
  return false;
}
}  // namespace

size_t NestingSafePrefix(std::string_view html, int max_open, bool* cut) {
  *cut = false;
  long depth = 0;
  size_t i = 0, n = html.size();
  while (i < n) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    char c = html[lt + 1];
    if (c == '!') {
      size_t e = html.compare(lt, 4, "<!--") == 0 ? html.find("-->", lt + 4) : html.find('>', lt);
      if (e == std::string_view::npos) break;
      i = e + 1;
      continue;
    }
    bool end_tag = c == '/';
    size_t ns = lt + (end_tag ? 2 : 1);
    size_t ne = ns;
    while (ne < n && (std::isalnum(static_cast<unsigned char>(html[ne])) || html[ne] == '-')) ++ne;
    if (ne == ns || !std::isalpha(static_cast<unsigned char>(html[ns]))) {
      i = lt + 1;
      continue;
    }
    std::string_view name = html.substr(ns, ne - ns);
    size_t gt = html.find('>', ne);
    if (gt == std::string_view::npos) break;
    i = gt + 1;
    if (end_tag) {
      if (depth > 0) --depth;
      continue;
    }
    if (NameIs(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})) {
      // Raw text: skip to the matching end tag.
      std::string close = "</" + std::string(name);
      for (char& ch : close) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      size_t e = i;
      while (true) {
        e = html.find("</", e);
        if (e == std::string_view::npos) return n;
        if (NameIs(html.substr(e, close.size()), {close})) break;
        e += 2;
      }
      i = e;
      continue;
    }
    if (html[gt - 1] == '/') continue;
    if (NameIs(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "param", "source", "track", "wbr", "p", "li", "td", "th", "tr", "option",
                      "dt", "dd", "html", "head", "body", "tbody", "thead", "colgroup", "rb", "rt",
                      "rp", "optgroup", "frame", "keygen"}))
      continue;
    if (++depth > max_open) {
      *cut = true;
      return lt;
    }
  }
  return n;
}

Status BuildDomMyhtml(std::string_view html, const DomLimits& limits, Dom* dom) {
  thread_local std::unique_ptr<MyhtmlParser> parser;
  if (!parser) parser = std::make_unique<MyhtmlParser>();
  if (!parser->ok) return Status::Internal("myhtml could not be initialised");
  dom->Clear();
  myhtml_tree_clean(parser->tree);
  if (myhtml_parse(parser->tree, MyENCODING_UTF_8, html.data(), html.size()) != MyHTML_STATUS_OK)
    return Status::InvalidArgument("myhtml could not parse the document");
  dom->nodes.reserve(html.size() / 64 + 16);
  dom->arena.reserve(html.size() / 4 + 16);
  int root = dom->AddNode(Tag::kDocument, -1, 0);
  myhtml_tree_node_t* doc = myhtml_tree_get_document(parser->tree);
  // Iterative pre-order walk: (myhtml node, our parent id, depth).
  struct Frame {
    myhtml_tree_node_t* node;
    int parent;
    int depth;
  };
  std::vector<Frame> stack;
  // Children are pushed in reverse; myhtml's last_child link is not always
  // maintained (it can miss <body>), so walk first_child/next forward.
  std::vector<myhtml_tree_node_t*> kids;
  auto push_children = [&](myhtml_tree_node_t* parent, int id, int depth) {
    kids.clear();
    for (myhtml_tree_node_t* c = myhtml_node_child(parent); c; c = myhtml_node_next(c)) kids.push_back(c);
    for (size_t k = kids.size(); k-- > 0;) stack.push_back({kids[k], id, depth});
  };
  push_children(doc, root, 1);
  const auto& map = parser->tag_map;
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    myhtml_tag_id_t id = myhtml_node_tag_id(f.node);
    if (id == MyHTML_TAG__COMMENT || id == MyHTML_TAG__DOCTYPE || id == MyHTML_TAG__UNDEF) continue;
    if (dom->nodes.size() >= limits.max_nodes) {
      dom->truncated_nodes = true;
      break;
    }
    if (id == MyHTML_TAG__TEXT) {
      size_t len = 0;
      const char* t = myhtml_node_text(f.node, &len);
      int n = dom->AddNode(Tag::kText, f.parent, f.depth);
      if (t) dom->SetText(n, std::string_view(t, len));
      continue;
    }
    if (f.depth > limits.max_depth) {
      dom->truncated_depth = true;
      continue;
    }
    Tag tag = id < map.size() ? map[id] : Tag::kOther;
    int n = dom->AddNode(tag, f.parent, f.depth);
    for (myhtml_tree_attr_t* a = myhtml_node_attribute_first(f.node); a; a = myhtml_attribute_next(a)) {
      size_t klen = 0, vlen = 0;
      const char* k = myhtml_attribute_key(a, &klen);
      if (!k) continue;
      bool known = false;
      Attr key = AttrFromName(std::string_view(k, klen), &known);
      if (!known) continue;
      const char* v = myhtml_attribute_value(a, &vlen);
      dom->AddAttr(n, key, v ? std::string_view(v, vlen) : std::string_view());
    }
    push_children(f.node, n, f.depth + 1);
  }
  dom->Finish();
  // Release big parser buffers kept from a huge page.
  if (html.size() > (size_t{4} << 20)) {
    myhtml_tree_clean(parser->tree);
  }
  return Status::Ok();
}

}  // namespace khabar::extract
