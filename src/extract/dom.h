// A small read-only DOM for extraction: the parser's tree copied into one
// flat vector of nodes (pre-order), so that everything after parsing is
// independent of the parser. Built by BuildDomMyhtml (the shipping parser) or,
// in tests, from gumbo as a differential check.
//
// Only what extraction reads is kept: element tags (as Tag, unknown → kOther),
// text, and a fixed set of attributes. Comments and doctype are dropped.
#ifndef KHABAR_EXTRACT_DOM_H_
#define KHABAR_EXTRACT_DOM_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::extract {

enum class Tag : uint8_t {
  kOther, kText, kDocument,
  kHtml, kHead, kBody, kTitle, kMeta, kLink, kBase, kScript, kStyle, kNoscript, kTemplate,
  kP, kDiv, kSpan, kA, kImg, kPicture, kSource, kFigure, kFigcaption, kBr, kHr,
  kH1, kH2, kH3, kH4, kH5, kH6, kUl, kOl, kLi, kDl, kDt, kDd,
  kTable, kThead, kTbody, kTr, kTd, kTh, kCaption,
  kArticle, kSection, kMain, kNav, kAside, kHeader, kFooter, kAddress,
  kForm, kButton, kInput, kSelect, kOption, kTextarea, kLabel, kFieldset,
  kIframe, kObject, kEmbed, kVideo, kAudio, kCanvas, kSvg, kMath,
  kBlockquote, kPre, kCode, kEm, kStrong, kB, kI, kU, kSmall, kSub, kSup, kMark,
  kTime, kCite, kQ, kAbbr, kFont, kCenter, kMenu, kDialog,
  kCount,
};

// The lowercase HTML name of a tag ("" for kOther/kText/kDocument).
std::string_view TagName(Tag t);
// The tag for a lowercase name, kOther if unknown.
Tag TagFromName(std::string_view name);

// Attributes kept; all others are dropped when the DOM is built.
enum class Attr : uint8_t {
  kClass, kId, kHref, kSrc, kDataSrc, kSrcset, kAlt, kTitle, kContent, kName, kProperty,
  kRel, kItemprop, kType, kLang, kDir, kCharset, kHttpEquiv, kDatetime, kStyle, kHidden,
  kAriaHidden, kRole, kCount,
};
Attr AttrFromName(std::string_view name, bool* known);

struct Node {
  Tag tag = Tag::kOther;
  uint16_t depth = 0;
  int32_t parent = -1;
  int32_t first_child = -1;
  int32_t next_sibling = -1;
  int32_t end = 0;  // one past the last node of this subtree (pre-order)
  // Text nodes: text in Dom::arena. Elements: their attributes in Dom::attrs.
  uint32_t begin = 0, len = 0;
};

struct AttrValue {
  Attr key;
  uint32_t begin, len;  // value in Dom::arena
};

struct DomLimits {
  int max_depth = 256;         // deeper elements (and their subtrees) are skipped
  size_t max_nodes = 1000000;  // nodes past this are dropped
};

class Dom {
 public:
  std::vector<Node> nodes;  // nodes[0] is the document
  std::vector<AttrValue> attrs;
  std::string arena;
  bool truncated_depth = false;
  bool truncated_nodes = false;

  std::string_view Text(int i) const {
    return std::string_view(arena).substr(nodes[i].begin, nodes[i].len);
  }
  // The value of attribute a on element i, "" if absent (*found says which).
  std::string_view GetAttr(int i, Attr a, bool* found = nullptr) const;

  // Helpers for builders.
  void Clear();
  int AddNode(Tag tag, int parent, int depth);  // links as parent's last child
  void AddAttr(int node, Attr key, std::string_view value);
  void SetText(int node, std::string_view text);
  void Finish();  // computes Node::end

  // Concatenated text of a subtree, block elements separated by '\n'.
  std::string SubtreeText(int i) const;

 private:
  std::vector<int32_t> last_child_;
};

// The first byte of a token that stands for a text of aside->values
// ("\x01N\x02"; see ScanHtml).
inline constexpr char kValueToken = '\x01';
// The byte that ends such a token.
inline constexpr char kTextTokenEnd = '\x02';

// What ScanHtml takes out of the parser's input (see there). Views into the
// scanned page.
struct ScanAside {
  struct TakenAttr {
    Attr key;
    std::string_view value;  // raw (no character reference in it)
  };
  // The attributes taken out of one start tag: attrs[first, first + count).
  struct AttrList {
    size_t pos;  // offset of the tag's '<' in the parser's input
    uint32_t first, count;
  };
  std::vector<std::string_view> json_ld;
  std::vector<std::string_view> values;  // text behind the text tokens
  std::vector<TakenAttr> attrs;
  std::vector<AttrList> attr_lists;      // by pos, ascending
  bool text_tokens = false;              // text in the copy may hold tokens
  void Clear() {
    json_ld.clear();
    values.clear();
    attrs.clear();
    attr_lists.clear();
    text_tokens = false;
  }
  // Appends text to *out with every text token in it replaced by the raw
  // text it stands for.
  void AppendText(std::string_view text, std::string* out) const;
  // The attributes taken out of the start tag at pos, or null.
  const AttrList* AttrsAt(size_t pos, size_t* hint) const;
};

// A cheap byte scan run before parsing: estimates how deeply elements nest
// (start tags open, end tags close; void, self-closed and implicitly closed
// elements such as <p>, <li>, <td> do not count; comments and script/style
// text are skipped). HTML5 tree building is quadratic in nesting depth
// (measured with myhtml: 10k nested <div> 0.5 s, 100k 20 s), so the caller
// parses only the prefix returned: the whole input, or the bytes before the
// tag that would open element max_open + 1 (then *cut is set). Linear time.
size_t NestingSafePrefix(std::string_view html, int max_open, bool* cut);

// The same scan, and when stripped is not null, a copy of the safe prefix for
// the parser without what the extractor never reads: the text of <script>
// (JSON-LD kept) and <style> elements; comments; the attributes it does not
// read on that element (data-*, on*, width, an <a>'s href, …; formatting
// elements other than <a> keep theirs, as the tree builder compares them);
// and whitespace-only text between tags where it cannot show (in <head>,
// next to a block's start tag or the end tag of an open block; the
// extractor breaks text at blocks), other such text cut to one byte. That is
// about 74% of the bytes and a third of the nodes of the ScrapingHub pages,
// which myhtml would otherwise tokenize, build and store. Start tags are read
// with the HTML5 attribute states (a quoted '>' does not end a tag) and script
// text with its escape states, so the elements found are the ones the parser
// finds. Linear time; *stripped is cleared first.
//
// When aside is not null (nor stripped), more goes out of the copy, to be
// read beside the DOM (views into html; *aside is cleared first):
// - JSON-LD scripts (type application/ld+json in any case; one with an entity
//   in its type stays for the parser) vanish, their raw text in
//   aside->json_ld in document order (the parser would only have turned
//   CR LF into LF and NUL into U+FFFD);
// - the attributes the DOM keeps (class, id, src, content, …) of the start
//   tags the scan rewrites leave the tag: their raw values go to
//   aside->attrs, listed in aside->attr_lists under the offset of the tag in
//   the copy, where BuildDomMyhtml finds them again (myhtml knows each
//   element's start tag offset; elements the tree builder clones keep it).
//   Not taken: an input's type (it steers tree building), values with a
//   character reference, CR or NUL (the parser would change them), the
//   attributes of <html> and <body> (the tree builder merges a second tag's
//   into the element) and of formatting elements but <a> (kept whole). A
//   later duplicate of an attribute is dropped (the first counts);
// - text between tags that holds more than whitespace becomes its leading
//   whitespace, kValueToken, the index of the raw text in aside->values and
//   kTextTokenEnd (not text the parser would change: with a character
//   reference, CR or NUL; nor short text; nor any text of a page that holds
//   the byte kValueToken). The parser treats the token as the text: both
//   start with a byte that is no whitespace (all that insertion modes look
//   at) and hold no markup. BuildDomMyhtml puts the text back.
size_t ScanHtml(std::string_view html, int max_open, std::string* stripped, bool* cut,
                ScanAside* aside = nullptr);

// Parses UTF-8 HTML with myhtml into *dom. Complexity: linear in input size
// (myhtml) plus linear copying. Fails only if myhtml cannot be initialised.
// aside: what ScanHtml took out of utf8_html, to put back (null: none).
Status BuildDomMyhtml(std::string_view utf8_html, const DomLimits& limits, Dom* dom,
                      const ScanAside* aside = nullptr);

// Block-level elements: they break text into separate lines.
bool IsBlock(Tag t);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_DOM_H_
