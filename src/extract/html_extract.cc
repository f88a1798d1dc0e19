#include "extract/html_extract.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "extract/signals.h"
#include "khabar/chars.h"

namespace khabar::extract {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool Contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return r;
}

// ---- class/id hints ------------------------------------------------------

constexpr std::array<std::string_view, 22> kPositive = {
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "news-text", "newstext", "matn", "item-text", "itemfulltext", "field-body",
    "paragraph", "column", "rich-text", "prose", "detail"};
constexpr std::array<std::string_view, 49> kNegative = {
    "comment", "sidebar", "side-bar", "footer", "footnote", "masthead", "related", "share",
    "sharing", "social", "sponsor", "promo", "advert", "banner", "breadcrumb", "menu", "nav",
    "popup", "modal", "newsletter", "subscribe", "signup", "widget", "tags", "tag-list", "taglist",
    "keyword", "author-bio", "recommend", "outbrain", "taboola", "most-read", "mostread",
    "popular", "trending", "toolbar", "print", "cookie", "skip", "pagination", "pager",
    "rating", "caption-credit", "headlines", "latest", "more-news", "morenews", "read-more",
    "login"};

// The other class/id kinds, read by the signals after content scoring.
constexpr std::array<std::string_view, 13> kLeadNames = {
    "lead", "subtitle", "sub-title", "summary", "teaser", "intro", "abstract", "excerpt",
    "rutitr", "lid", "standfirst", "dek", "subhead"};
constexpr std::array<std::string_view, 6> kTagNames = {"tags", "tag-", "tag_", "keyword", "label",
                                                       "topics"};
constexpr std::array<std::string_view, 14> kHeadlineNames = {
    "related", "latest", "popular", "most", "headlines", "more-news", "morenews", "recommend",
    "trending", "newslist", "news-list", "last-news", "lastnews", "other"};
constexpr std::array<std::string_view, 5> kDateNames = {"date", "time", "publish", "created",
                                                        "posted"};

// What the class and id names of an element say, as bits.
enum HintBits : uint8_t {
  kHintPositive = 1,   // content-like (kPositive)
  kHintNegative = 2,   // chrome-like (kNegative, or a short token such as "ad")
  kHintLead = 4,       // lead / summary
  kHintTagList = 8,    // tag list
  kHintHeadlines = 16, // related / latest / most-read list
  kHintDate = 32,      // date / time stamp
  kHintKnown = 128,    // computed
};

// Every pattern above in one Aho-Corasick automaton over ASCII-folded bytes,
// as a full transition table: a class string is read once, one table step a
// byte, whatever the number of patterns. Bytes fall in 30 classes: the 26
// letters (either case), digits, '-', '_' and the rest (patterns hold only
// letters, '-' and '_'). Built once (~700 states), read-only after.
struct HintAutomaton {
  static constexpr int kSymbols = 30;
  static constexpr int kDigit = 26, kDash = 27, kUnderscore = 28, kOther = 29;
  uint8_t symbol[256];
  std::vector<uint16_t> next;  // next[state * kSymbols + symbol]
  std::vector<uint8_t> out;    // the bits of the patterns ending at a state
  HintAutomaton() {
    for (int c = 0; c < 256; ++c) symbol[c] = kOther;
    for (int c = 0; c < 26; ++c) symbol['a' + c] = symbol['A' + c] = static_cast<uint8_t>(c);
    for (int c = '0'; c <= '9'; ++c) symbol[c] = kDigit;
    symbol[static_cast<unsigned char>('-')] = kDash;
    symbol[static_cast<unsigned char>('_')] = kUnderscore;
    // The trie (-1: no edge yet).
    std::vector<std::array<int, kSymbols>> go(1);
    go[0].fill(-1);
    out.assign(1, 0);
    auto add = [&](std::string_view pat, uint8_t bit) {
      int st = 0;
      for (char c : pat) {
        int sym = symbol[static_cast<unsigned char>(c)];
        if (go[st][sym] < 0) {
          go[st][sym] = static_cast<int>(go.size());
          go.emplace_back();
          go.back().fill(-1);
          out.push_back(0);
        }
        st = go[st][sym];
      }
      out[st] |= bit;
    };
    for (auto n : kNegative) add(n, kHintNegative);
    for (auto n : kPositive) add(n, kHintPositive);
    for (auto n : kLeadNames) add(n, kHintLead);
    for (auto n : kTagNames) add(n, kHintTagList);
    for (auto n : kHeadlineNames) add(n, kHintHeadlines);
    for (auto n : kDateNames) add(n, kHintDate);
    // Breadth first: failure links folded into the table, outputs merged.
    next.assign(go.size() * kSymbols, 0);
    std::vector<int> fail(go.size(), 0), queue;
    for (int sym = 0; sym < kSymbols; ++sym) {
      int t = go[0][sym];
      next[sym] = static_cast<uint16_t>(t < 0 ? 0 : t);
      if (t > 0) queue.push_back(t);
    }
    for (size_t q = 0; q < queue.size(); ++q) {
      int st = queue[q];
      out[st] |= out[fail[st]];
      for (int sym = 0; sym < kSymbols; ++sym) {
        int t = go[st][sym];
        if (t < 0) {
          next[st * kSymbols + sym] = next[fail[st] * kSymbols + sym];
        } else {
          fail[t] = next[fail[st] * kSymbols + sym];
          next[st * kSymbols + sym] = static_cast<uint16_t>(t);
          queue.push_back(t);
        }
      }
    }
  }
};

inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Is the [a-z0-9] token s (2..6 bytes, any case) one of the short chrome
// names that count only as whole tokens?
bool IsShortNegative(const char* s, size_t len) {
  switch (s[0] | 0x20) {  // the first letters of the names below
    case 'a': case 'b': case 'd': case 'm': case 's': case 't': break;
    default: return false;
  }
  char t[6];
  for (size_t k = 0; k < len; ++k) t[k] = AsciiLower(s[k]);
  std::string_view w(t, len);
  return w == "ad" || w == "ads" || w == "tag" || w == "share" || w == "meta" || w == "byline" ||
         w == "author" || w == "date" || w == "aside";
}

// The hint bits of one class or id value: substrings in any case (so
// "comments-content" is both), plus the short negatives as whole tokens.
// Linear in s: one automaton step a byte.
uint8_t HintBitsOf(std::string_view s) {
  static const HintAutomaton automaton;
  const uint16_t* next = automaton.next.data();
  const uint8_t* out = automaton.out.data();
  uint8_t bits = 0;
  bool non_ascii = false;
  unsigned st = 0;
  size_t tok = 0;  // start of the current [a-z0-9] token
  const size_t n = s.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    unsigned sym = automaton.symbol[c];
    st = next[st * HintAutomaton::kSymbols + sym];
    bits |= out[st];
    if (sym > HintAutomaton::kDigit) {  // the token ends
      non_ascii |= c >= 0x80;
      size_t len = i - tok;
      if (len >= 2 && len <= 6 && IsShortNegative(s.data() + tok, len)) bits |= kHintNegative;
      tok = i + 1;
    }
  }
  size_t len = n - tok;
  if (len >= 2 && len <= 6 && IsShortNegative(s.data() + tok, len)) bits |= kHintNegative;
  // «لید» (lead) in Persian class names.
  if (non_ascii && s.find("\u0644\u06cc\u062f") != std::string_view::npos) bits |= kHintLead;
  return bits;
}

// The content hint from the bits: +1 positive, -1 negative, 0 neither or
// both ("article tag-x", "comments-content").
int ContentHint(uint8_t bits) {
  bool pos = bits & kHintPositive, neg = bits & kHintNegative;
  return pos == neg ? 0 : (pos ? 1 : -1);
}

// HintBitsOf for the class values of one page: pages repeat the same class
// string on many elements, so each distinct one is scanned once.
// An open-addressing table (linear probing, FNV-1a), grown at half full.
class HintCache {
 public:
  uint8_t Get(std::string_view s) {
    if (2 * (used_ + 1) > slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t h = Hash(s) & mask;; h = (h + 1) & mask) {
      Slot& slot = slots_[h];
      if (!slot.used) {
        slot = {s, HintBitsOf(s), true};
        ++used_;
        return slot.bits;
      }
      if (slot.key == s) return slot.bits;
    }
  }

 private:
  struct Slot {
    std::string_view key;
    uint8_t bits = 0;
    bool used = false;
  };
  // Eight bytes a step (class strings run to hundreds of bytes).
  static size_t Hash(std::string_view s) {
    uint64_t h = 1469598103934665603ULL ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
      h ^= h >> 32;
    }
    for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 1099511628211ULL;
    return static_cast<size_t>(h ^ (h >> 29));
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 256 : old.size() * 2, Slot());
    size_t mask = slots_.size() - 1;
    for (const Slot& o : old) {
      if (!o.used) continue;
      size_t h = Hash(o.key) & mask;
      while (slots_[h].used) h = (h + 1) & mask;
      slots_[h] = o;
    }
  }
  std::vector<Slot> slots_;
  size_t used_ = 0;
};

// The hint bits of element i (its class and id).
uint8_t ElementHintBits(const Dom& dom, int i, HintCache* cache) {
  std::string_view cls, id;
  const Node& n = dom.nodes[i];
  if (n.tag == Tag::kText) return kHintKnown;
  bool seen_cls = false, seen_id = false;  // the first of each counts (as GetAttr)
  for (uint32_t k = n.begin; k < n.begin + n.len; ++k) {
    const AttrValue& a = dom.attrs[k];
    if (a.key == Attr::kClass && !seen_cls) {
      cls = std::string_view(dom.arena).substr(a.begin, a.len);
      seen_cls = true;
    } else if (a.key == Attr::kId && !seen_id) {
      id = std::string_view(dom.arena).substr(a.begin, a.len);
      seen_id = true;
    }
  }
  uint8_t bits = kHintKnown;
  if (!cls.empty()) bits |= cache ? cache->Get(cls) : HintBitsOf(cls);
  if (!id.empty()) bits |= HintBitsOf(id);
  return bits;
}

bool IsCollapsedSpace(char32_t c) {
  return c == kNbsp || c == 0x202F || c == 0x2009 || c == 0x3000 || (c >= 0x2000 && c <= 0x200A);
}

// Appends s to *out by CollapseSpace's rules (runs of spaces become one ' ',
// none at the start of *out), carrying a pending space in *space from one
// call to the next, so that pieces appended one by one give CollapseSpace of
// their concatenation. Returns CountChars(s). One pass over s.
int AppendCollapsed(std::string_view s, std::string* out, bool* space) {
  int chars = 0;
  bool sp = *space;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c > ' ' && c < 0x80) {
      // A run of ASCII words with single spaces between them is appended at once.
      auto word = [](unsigned char d) { return d > ' ' && d < 0x80; };
      size_t j = i + 1;
      int spaces = 0;
      while (j < n) {
        if (word(static_cast<unsigned char>(s[j]))) {
          ++j;
        } else if (s[j] == ' ' && j + 1 < n && word(static_cast<unsigned char>(s[j + 1]))) {
          ++spaces;
          j += 2;
        } else {
          break;
        }
      }
      if (sp && !out->empty()) out->push_back(' ');
      sp = false;
      out->append(s.data() + i, j - i);
      chars += static_cast<int>(j - i) - spaces;
      i = j;
      continue;
    }
    if (c < 0x80) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        sp = true;
        chars += c == '\v';
      } else {
        if (sp && !out->empty()) out->push_back(' ');
        sp = false;
        out->push_back(static_cast<char>(c));
        ++chars;
      }
      ++i;
      continue;
    }
    size_t j = i;
    char32_t cp = DecodeUtf8(s, &j);
    for (size_t k = i; k < j; ++k) chars += (static_cast<unsigned char>(s[k]) & 0xC0) != 0x80;
    if (IsCollapsedSpace(cp)) {
      sp = true;
    } else {
      if (sp && !out->empty()) out->push_back(' ');
      sp = false;
      out->append(s.data() + i, j - i);
    }
    i = j;
  }
  *space = sp;
  return chars;
}

bool IsSkipped(Tag t) {
  switch (t) {
    case Tag::kScript: case Tag::kStyle: case Tag::kNoscript: case Tag::kTemplate: case Tag::kSvg:
    case Tag::kMath: case Tag::kSelect: case Tag::kButton: case Tag::kTextarea: case Tag::kIframe:
    case Tag::kObject: case Tag::kEmbed: case Tag::kCanvas: case Tag::kHead: case Tag::kVideo:
    case Tag::kAudio: case Tag::kInput: case Tag::kDialog:
      return true;
    default:
      return false;
  }
}

bool IsChromeTag(Tag t) {
  return t == Tag::kNav || t == Tag::kAside || t == Tag::kFooter || t == Tag::kForm ||
         t == Tag::kMenu;
}

bool IsHeading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

// Does style (any case, spaces ignored) contain "display:none" or
// "visibility:hidden"?
bool StyleHides(std::string_view style) {
  if (style.find(':') == std::string_view::npos) return false;
  std::string s;
  s.reserve(style.size());
  for (char c : style)
    if (c != ' ') s.push_back(AsciiLower(c));
  return Contains(s, "display:none") || Contains(s, "visibility:hidden");
}

// hidden, style="display:none", aria-hidden="true" (not on a <span>). One
// pass over the element's attributes.
bool IsHidden(const Dom& dom, int i) {
  const Node& n = dom.nodes[i];
  bool aria = false, seen_style = false, seen_aria = false;  // the first of each counts
  for (uint32_t k = n.begin; k < n.begin + n.len; ++k) {
    const AttrValue& a = dom.attrs[k];
    if (a.key == Attr::kHidden) return true;
    std::string_view v = std::string_view(dom.arena).substr(a.begin, a.len);
    if (a.key == Attr::kStyle && !seen_style) {
      seen_style = true;
      if (StyleHides(v)) return true;
    } else if (a.key == Attr::kAriaHidden && !seen_aria) {
      seen_aria = true;
      aria = v == "true";
    }
  }
  return aria && n.tag != Tag::kSpan;
}

// Non-space code points.
int CountChars(std::string_view s) {
  int n = 0;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) == 0x80) continue;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') continue;
    ++n;
  }
  return n;
}

int CountCommas(std::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // ',' or «،» (U+060C: D8 8C).
    if (s[i] == ',') ++n;
    else if (s[i] == '\xD8' && i + 1 < s.size() && s[i + 1] == '\x8C') ++n;
  }
  return n;
}

// ASCII, Persian or Arabic-Indic digits (U+06F0.., U+0660.. start with D9/DB).
bool HasDigit(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') return true;
    if ((c == 0xD9 || c == 0xDB) && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xD9 && d >= 0xA0 && d <= 0xA9) || (c == 0xDB && d >= 0xB0 && d <= 0xB9)) return true;
    }
  }
  return false;
}


// Any letter (Latin, Arabic-script, or other non-ASCII letters roughly: any
// code point above U+00BF that is not punctuation we know).
bool HasLetter(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = DecodeUtf8(s, &i);
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    if (IsArabicLetter(c)) return true;
    if (c >= 0xC0 && !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x0660 && c <= 0x0669) &&
        !(c >= 0x06F0 && c <= 0x06F9) && c != 0x060C && c != 0x061B && c != 0x061F && c != 0xFFFD)
      return true;
  }
  return false;
}

// ---- blocks ----------------------------------------------------------------

enum BlockFlags : uint16_t {
  kFlagNegative = 1,   // inside an element with a negative class/id hint
  kFlagChromeTag = 2,  // inside nav/aside/footer/form/menu
  kFlagHeading = 4,
  kFlagListItem = 8,
  kFlagCaption = 16,   // figcaption / caption
  kFlagPre = 32,
  kFlagHeader = 64,    // inside <header>
  kFlagQuote = 128,
};

struct Block {
  int elem = 0;        // the innermost block element holding this text
  int first_node = 0;  // the first text node (document order)
  std::string_view text;  // whitespace-collapsed (in Walker::text_arena)
  size_t text_at = 0;     // where text starts in Walker::text_arena
  int chars = 0;
  int link_chars = 0;
  int links = 0;
  uint16_t flags = 0;
  int heading = 0;  // 1..6 for h1..h6
};

struct Walker {
  const Dom& dom;
  std::vector<Block> blocks;
  std::string text_arena;                        // the blocks' text, one after another
  std::vector<int> node_chars, node_link_chars;  // subtree sums after Accumulate()
  std::vector<int8_t> hint;                      // content hint per element (-1, 0, +1)
  std::vector<uint8_t> hint_bits;                // HintBits per element (0: not computed)
  HintCache hint_cache;
  std::vector<uint8_t> skipped;                  // subtree dropped

  explicit Walker(const Dom& d) : dom(d) {}

  void Run() {
    size_t n = dom.nodes.size();
    node_chars.assign(n, 0);
    node_link_chars.assign(n, 0);
    hint.assign(n, 0);
    hint_bits.assign(n, 0);
    skipped.assign(n, 0);
    struct Open {
      int end;
      int elem;
      bool block;
      uint16_t flags;
      int link;  // inside an <a>
      int heading;
    };
    std::vector<Open> stack;
    stack.push_back({static_cast<int>(n), 0, true, 0, 0, 0});
    std::string buf;  // the block's text, spaces collapsed as it is appended
    bool buf_space = false;
    int buf_chars = 0, buf_link = 0, buf_links = 0, buf_first = -1;
    auto flush = [&]() {
      if (buf_chars > 0) {
        Block b;
        // The innermost open block element.
        for (size_t s = stack.size(); s-- > 0;) {
          if (stack[s].block) {
            b.elem = stack[s].elem;
            b.flags = stack[s].flags;
            b.heading = stack[s].heading;
            break;
          }
        }
        // One buffer for all blocks' text (views set when it is complete).
        b.text_at = text_arena.size();
        b.text = std::string_view(buf.data(), buf.size());
        text_arena.append(buf);
        b.chars = buf_chars;
        b.link_chars = buf_link;
        b.links = buf_links;
        b.first_node = buf_first;
        blocks.push_back(std::move(b));
      }
      buf.clear();
      buf_space = false;
      buf_chars = buf_link = buf_links = 0;
      buf_first = -1;
    };
    for (int k = 1; k < static_cast<int>(n); ++k) {
      while (stack.back().end <= k) {
        if (stack.back().block) flush();
        stack.pop_back();
      }
      const Node& node = dom.nodes[k];
      if (node.tag == Tag::kText) {
        int c = AppendCollapsed(dom.Text(k), &buf, &buf_space);
        if (c == 0) {
          buf_space = true;
          continue;
        }
        if (buf_first < 0) buf_first = k;
        buf_chars += c;
        node_chars[k] = c;
        if (stack.back().link) {
          buf_link += c;
          node_link_chars[k] = c;
        }
        continue;
      }
      if (node.tag == Tag::kTitle || IsSkipped(node.tag) || IsHidden(dom, k)) {
        skipped[k] = 1;
        k = node.end - 1;
        continue;
      }
      const Open& top = stack.back();
      uint16_t flags = top.flags;
      if (node.tag == Tag::kLi || node.tag == Tag::kDt || node.tag == Tag::kDd) flags |= kFlagListItem;
      if (node.tag == Tag::kFigcaption || node.tag == Tag::kCaption) flags |= kFlagCaption;
      if (node.tag == Tag::kPre) flags |= kFlagPre;
      if (node.tag == Tag::kHeader) flags |= kFlagHeader;
      if (node.tag == Tag::kBlockquote) flags |= kFlagQuote;
      int heading = top.heading;
      if (IsHeading(node.tag)) {
        flags |= kFlagHeading;
        heading = static_cast<int>(node.tag) - static_cast<int>(Tag::kH1) + 1;
      }
      bool block = IsBlock(node.tag);
      if (block) flush();
      int link = top.link;
      if (node.tag == Tag::kA) {
        link = 1;
        ++buf_links;
      }
      if (node.tag == Tag::kBr || node.tag == Tag::kHr) {
        flush();
        continue;  // void: nothing to push
      }
      stack.push_back({node.end, k, block, flags, link, heading});
    }
    while (stack.size() > 1) {
      if (stack.back().block) flush();
      stack.pop_back();
    }
    flush();
    for (Block& b : blocks) b.text = std::string_view(text_arena).substr(b.text_at, b.text.size());
    // Subtree sums, bottom-up (pre-order: children come after parents).
    for (int k = static_cast<int>(n) - 1; k > 0; --k) {
      int p = dom.nodes[k].parent;
      if (p < 0) continue;
      node_chars[p] += node_chars[k];
      node_link_chars[p] += node_link_chars[k];
    }
    // Negative hints and chrome tags (nav, aside, footer, form) mark their
    // subtree as boilerplate only when it is not most of the page: sites wrap
    // whole pages in <form> or in "sidebar"-named layout containers.
    int total = node_chars[0];
    // Class/id hints are read only for elements holding text: the others
    // hold no block and are never candidates (kinds are read on demand).
    std::vector<uint16_t> mark(n, 0);
    for (int k = 1; k < static_cast<int>(n); ++k) {
      const Node& node = dom.nodes[k];
      if (node.tag != Tag::kText && node_chars[k] > 0) {
        hint_bits[k] = ElementHintBits(dom, k, &hint_cache);
        hint[k] = static_cast<int8_t>(ContentHint(hint_bits[k]));
      }
      uint16_t m = node.parent >= 0 ? mark[node.parent] : 0;
      if (node.tag != Tag::kText && node.tag != Tag::kBody && node.tag != Tag::kHtml &&
          node_chars[k] * 2 < total) {
        if (hint[k] < 0) m |= kFlagNegative;
        if (IsChromeTag(node.tag)) m |= kFlagChromeTag;
      }
      mark[k] = m;
    }
    for (Block& b : blocks) b.flags |= mark[b.elem];
  }

  double LinkDensity(int i) const {
    return node_chars[i] ? static_cast<double>(node_link_chars[i]) / node_chars[i] : 0.0;
  }
};

// ---- content scoring --------------------------------------------------------

struct Selection {
  std::vector<std::pair<int, int>> ranges;  // [begin, end) node ranges kept
  int top = -1;
  bool Contains(int node) const {
    for (auto& r : ranges)
      if (node >= r.first && node < r.second) return true;
    return false;
  }
};

double TagPrior(Tag t) {
  switch (t) {
    case Tag::kDiv: case Tag::kArticle: case Tag::kMain: case Tag::kSection: return 5;
    case Tag::kPre: case Tag::kTd: case Tag::kBlockquote: return 3;
    case Tag::kAddress: case Tag::kOl: case Tag::kUl: case Tag::kDl: case Tag::kDd: case Tag::kDt:
    case Tag::kLi: case Tag::kForm: return -3;
    case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5: case Tag::kH6:
    case Tag::kTh: return -5;
    default: return 0;
  }
}

Selection FindContent(const Dom& dom, const Walker& w) {
  size_t n = dom.nodes.size();
  std::vector<double> score(n, 0.0);
  std::vector<uint8_t> cand(n, 0);
  for (const Block& b : w.blocks) {
    if (b.chars < 25 || (b.flags & (kFlagChromeTag | kFlagHeading))) continue;
    if (b.link_chars * 2 > b.chars) continue;
    double s = 1.0 + CountCommas(b.text) + std::min(b.chars / 100.0, 3.0);
    if (b.flags & kFlagNegative) s *= 0.3;
    int e = b.elem;
    // The paragraph's own element when it is a text container, then 4 ancestors.
    for (int level = 0; level < 5 && e > 0; ++level) {
      double div = level <= 1 ? 1.0 : (level == 2 ? 2.0 : level * 3.0);
      score[e] += s / div;
      cand[e] = 1;
      e = dom.nodes[e].parent;
    }
  }
  int top = -1;
  double best = 0;
  std::vector<double> final_score(n, 0.0);
  for (size_t i = 1; i < n; ++i) {
    if (!cand[i]) continue;
    Tag t = dom.nodes[i].tag;
    // A class hint counts fully only for an element holding real text, so a
    // "content-title" wrapper cannot beat the article on its name alone.
    double s = score[i] + TagPrior(t) + 25.0 * w.hint[i] * std::min(1.0, w.node_chars[i] / 400.0);
    if (t == Tag::kBody || t == Tag::kHtml) s -= 10;
    s *= (1.0 - w.LinkDensity(i));
    final_score[i] = s;
    if (s > best) {
      best = s;
      top = static_cast<int>(i);
    }
  }
  Selection sel;
  if (top < 0) {
    sel.ranges.push_back({0, static_cast<int>(n)});
    return sel;
  }
  // If the top candidate is one paragraph of several, climb while the parent
  // holds clearly more scored text (Readability's "parent of top" rule, our take).
  for (int guard = 0; guard < 4; ++guard) {
    int p = dom.nodes[top].parent;
    if (p <= 0 || dom.nodes[p].tag == Tag::kBody || dom.nodes[p].tag == Tag::kHtml) break;
    if (final_score[p] >= final_score[top] * 0.95 && w.node_chars[p] < w.node_chars[top] * 1.6 &&
        w.hint[p] >= 0) {
      top = p;
    } else {
      break;
    }
  }
  sel.top = top;
  double threshold = std::max(10.0, final_score[top] * 0.2);
  int parent = dom.nodes[top].parent;
  if (parent < 0) {
    sel.ranges.push_back({top, dom.nodes[top].end});
    return sel;
  }
  for (int c = dom.nodes[parent].first_child; c >= 0; c = dom.nodes[c].next_sibling) {
    if (c == top) {
      sel.ranges.push_back({c, dom.nodes[c].end});
      continue;
    }
    if (w.skipped[c] || dom.nodes[c].tag == Tag::kText) continue;
    bool keep = false;
    if (final_score[c] >= threshold && w.hint[c] >= 0) keep = true;
    if (!keep && dom.nodes[c].tag == Tag::kP) {
      int chars = w.node_chars[c];
      double ld = w.LinkDensity(c);
      if (chars > 80 && ld < 0.25) keep = true;
      if (chars > 0 && chars <= 80 && ld == 0) keep = true;
    }
    if (keep) sel.ranges.push_back({c, dom.nodes[c].end});
  }
  // Bodies split by ads or videos repeat their container: add the elements
  // with the same tag and class as the winner, when they hold real text.
  std::string_view top_class = dom.GetAttr(top, Attr::kClass);
  if (!top_class.empty()) {
    for (int i = 1; i < static_cast<int>(n); ++i) {
      if (i == top || dom.nodes[i].tag != dom.nodes[top].tag || w.skipped[i]) continue;
      if (dom.GetAttr(i, Attr::kClass) != top_class) continue;
      if (sel.Contains(i) || w.node_chars[i] < 100 || w.LinkDensity(i) > 0.3) continue;
      sel.ranges.push_back({i, dom.nodes[i].end});
      i = dom.nodes[i].end - 1;
    }
  }
  std::sort(sel.ranges.begin(), sel.ranges.end());
  return sel;
}

// ---- metadata ---------------------------------------------------------------

struct Meta {
  std::string title_tag, og_title, og_site, og_url, og_desc, description, author, og_image;
  std::string published, modified, section, keywords, canonical, base_href, lang, dir;
  std::vector<std::string> article_tags;
  // JSON-LD
  std::string ld_headline, ld_published, ld_modified, ld_author, ld_publisher, ld_section,
      ld_body, ld_keywords;
};

// ---- JSON-LD ------------------------------------------------------------------

// JSON read into one flat pre-order vector of nodes, strings left as views
// into the text (escapes decoded only for the few values read). It accepts
// what nlohmann::json::parse accepts (RFC 8259: a leading UTF-8 BOM; strings
// of valid UTF-8 without raw control characters, escapes checked, \u
// surrogates paired; numbers without leading zeros, finite as doubles;
// nothing but whitespace after the value) and so rejects the same texts;
// where an object repeats a key the last value counts, as in nlohmann's map.
// Linear time, no recursion (an explicit stack of open containers).
class LdJson {
 public:
  enum Type : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  struct Node {
    Type type;
    bool text_escaped, key_escaped;
    uint32_t end;           // one past the last node of this subtree
    std::string_view text;  // a string's raw content (between the quotes)
    std::string_view key;   // raw key when the parent is an object
  };

  // False when s is not one JSON value.
  bool Parse(std::string_view s) {
    nodes_.clear();
    s_ = s;
    p_ = 0;
    if (!s.empty() && static_cast<unsigned char>(s[0]) == 0xEF) {
      if (s.substr(0, 3) != "\xEF\xBB\xBF") return false;
      p_ = 3;
    }
    std::vector<uint32_t> open;
    std::string_view key;
    bool key_escaped = false;
    while (true) {
      // A value.
      SkipSpace();
      if (p_ >= s_.size()) return false;
      const uint32_t id = static_cast<uint32_t>(nodes_.size());
      nodes_.push_back({kNull, false, key_escaped, id + 1, {}, key});
      key = {};
      key_escaped = false;
      char c = s_[p_];
      bool opened = false;
      if (c == '{' || c == '[') {
        nodes_[id].type = c == '{' ? kObject : kArray;
        ++p_;
        SkipSpace();
        if (p_ < s_.size() && s_[p_] == (c == '{' ? '}' : ']')) {
          ++p_;
        } else {
          open.push_back(id);
          opened = true;
          if (c == '{' && !Key(&key, &key_escaped)) return false;
        }
      } else if (c == '"') {
        nodes_[id].type = kString;
        if (!String(&nodes_[id].text, &nodes_[id].text_escaped)) return false;
      } else if (c == 't' || c == 'f' || c == 'n') {
        std::string_view word = c == 't' ? "true" : (c == 'f' ? "false" : "null");
        if (s_.substr(p_, word.size()) != word) return false;
        nodes_[id].type = c == 'n' ? kNull : kBool;
        p_ += word.size();
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        nodes_[id].type = kNumber;
        if (!Number()) return false;
      } else {
        return false;
      }
      if (opened) continue;
      // After a value: a comma, or the end of containers.
      while (true) {
        SkipSpace();
        if (open.empty()) return p_ == s_.size();
        if (p_ >= s_.size()) return false;
        const uint32_t top = open.back();
        const bool object = nodes_[top].type == kObject;
        c = s_[p_++];
        if (c == ',') {
          if (object && !Key(&key, &key_escaped)) return false;
          break;
        }
        if (c != (object ? '}' : ']')) return false;
        nodes_[top].end = static_cast<uint32_t>(nodes_.size());
        open.pop_back();
      }
    }
  }

  const Node& operator[](uint32_t i) const { return nodes_[i]; }
  // The children of container i: first child, and the one after child c.
  uint32_t FirstChild(uint32_t i) const { return i + 1; }
  uint32_t Next(uint32_t c) const { return nodes_[c].end; }
  // The value of the last member of object i called key, or -1.
  int64_t Find(uint32_t i, std::string_view key) const {
    int64_t found = -1;
    if (nodes_[i].type != kObject) return found;
    for (uint32_t c = FirstChild(i); c < nodes_[i].end; c = Next(c)) {
      const Node& n = nodes_[c];
      if (n.key_escaped ? Decode(n.key) == key : n.key == key) found = c;
    }
    return found;
  }
  // The decoded value of string node i.
  std::string Str(uint32_t i) const {
    const Node& n = nodes_[i];
    return n.text_escaped ? Decode(n.text) : std::string(n.text);
  }

 private:
  void SkipSpace() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
  }
  // After '{' or ',' in an object: a key string and ':'.
  bool Key(std::string_view* key, bool* escaped) {
    SkipSpace();
    if (p_ >= s_.size() || s_[p_] != '"' || !String(key, escaped)) return false;
    SkipSpace();
    if (p_ >= s_.size() || s_[p_] != ':') return false;
    ++p_;
    return true;
  }
  static int Hex4(std::string_view s, size_t i) {
    if (i + 4 > s.size()) return -1;
    int v = 0;
    for (size_t k = i; k < i + 4; ++k) {
      char c = s[k];
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }
  // A string starting at the quote at p_: its raw content, p_ past its end.
  bool String(std::string_view* out, bool* escaped) {
    const size_t begin = ++p_;
    *escaped = false;
    const size_t n = s_.size();
    while (p_ < n) {
      unsigned char c = static_cast<unsigned char>(s_[p_]);
      if (c == '"') {
        *out = s_.substr(begin, p_ - begin);
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        *escaped = true;
        if (p_ + 1 >= n) return false;
        char e = s_[p_ + 1];
        if (e == 'u') {
          int u = Hex4(s_, p_ + 2);
          if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF)) return false;
          p_ += 6;
          if (u >= 0xD800 && u <= 0xDBFF) {
            if (p_ + 1 >= n || s_[p_] != '\\' || s_[p_ + 1] != 'u') return false;
            int lo = Hex4(s_, p_ + 2);
            if (lo < 0xDC00 || lo > 0xDFFF) return false;
            p_ += 6;
          }
          continue;
        }
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
          return false;
        p_ += 2;
        continue;
      }
      if (c < 0x80) {
        ++p_;
        continue;
      }
      // UTF-8 (RFC 3629: no overlong forms, no surrogates, up to U+10FFFF).
      auto cont = [&](size_t k, unsigned char lo, unsigned char hi) {
        if (k >= n) return false;
        unsigned char b = static_cast<unsigned char>(s_[k]);
        return b >= lo && b <= hi;
      };
      size_t len;
      bool ok;
      if (c >= 0xC2 && c <= 0xDF) {
        len = 2, ok = cont(p_ + 1, 0x80, 0xBF);
      } else if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        len = 3, ok = cont(p_ + 1, lo, hi) && cont(p_ + 2, 0x80, 0xBF);
      } else if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        len = 4, ok = cont(p_ + 1, lo, hi) && cont(p_ + 2, 0x80, 0xBF) && cont(p_ + 3, 0x80, 0xBF);
      } else {
        return false;
      }
      if (!ok) return false;
      p_ += len;
    }
    return false;
  }
  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, finite as a double.
  bool Number() {
    const size_t begin = p_, n = s_.size();
    auto digits = [&]() {
      size_t d = p_;
      while (p_ < n && s_[p_] >= '0' && s_[p_] <= '9') ++p_;
      return p_ - d;
    };
    if (s_[p_] == '-') ++p_;
    if (p_ >= n) return false;
    size_t int_digits;
    if (s_[p_] == '0') {
      ++p_;
      int_digits = 1;
    } else {
      int_digits = digits();
      if (int_digits == 0) return false;
    }
    bool plain = int_digits <= 18;
    if (p_ < n && s_[p_] == '.') {
      ++p_;
      if (digits() == 0) return false;
      plain = false;
    }
    if (p_ < n && (s_[p_] == 'e' || s_[p_] == 'E')) {
      ++p_;
      if (p_ < n && (s_[p_] == '+' || s_[p_] == '-')) ++p_;
      if (digits() == 0) return false;
      plain = false;
    }
    if (plain) return true;
    // nlohmann rejects a number that overflows a double ("1e999").
    std::string num(s_.substr(begin, p_ - begin));
    return std::isfinite(std::strtod(num.c_str(), nullptr));
  }

  // Escapes of a string Parse accepted, decoded.
  static std::string Decode(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        out.push_back(raw[i]);
        continue;
      }
      char e = raw[++i];
      switch (e) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t cp = static_cast<uint32_t>(Hex4(raw, i + 1));
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = static_cast<uint32_t>(Hex4(raw, i + 3));
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
          AppendUtf8(cp, &out);
          break;
        }
        default: out.push_back(e); break;  // " \ /
      }
    }
    return out;
  }

  std::vector<Node> nodes_;
  std::string_view s_;
  size_t p_ = 0;
};

// A JSON-LD value as text: a string; an object's "name"; the texts of an
// array's items joined with ", ".
std::string JsonText(const LdJson& j, uint32_t v) {
  const auto& n = j[v];
  if (n.type == LdJson::kString) return j.Str(v);
  if (n.type == LdJson::kObject) {
    int64_t name = j.Find(v, "name");
    if (name >= 0 && j[static_cast<uint32_t>(name)].type == LdJson::kString)
      return j.Str(static_cast<uint32_t>(name));
  }
  if (n.type == LdJson::kArray) {
    std::string out;
    for (uint32_t e = j.FirstChild(v); e < n.end; e = j.Next(e)) {
      std::string s = JsonText(j, e);
      if (s.empty()) continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  return "";
}

bool IsArticleType(const LdJson& j, uint32_t t) {
  auto ok = [](const std::string& s) {
    return s.find("Article") != std::string::npos || s == "BlogPosting" || s == "Report" ||
           s == "NewsArticle" || s == "LiveBlogPosting" || s == "WebPage" ||
           s == "SocialMediaPosting";
  };
  if (j[t].type == LdJson::kString) return ok(j.Str(t));
  if (j[t].type == LdJson::kArray)
    for (uint32_t e = j.FirstChild(t); e < j[t].end; e = j.Next(e))
      if (j[e].type == LdJson::kString && ok(j.Str(e))) return true;
  return false;
}

void ReadLd(const LdJson& j, uint32_t v, Meta* m, int depth) {
  if (depth > 8) return;
  if (j[v].type == LdJson::kArray) {
    for (uint32_t e = j.FirstChild(v); e < j[v].end; e = j.Next(e)) ReadLd(j, e, m, depth + 1);
    return;
  }
  if (j[v].type != LdJson::kObject) return;
  if (int64_t g = j.Find(v, "@graph"); g >= 0) ReadLd(j, static_cast<uint32_t>(g), m, depth + 1);
  int64_t t = j.Find(v, "@type");
  if (t < 0 || !IsArticleType(j, static_cast<uint32_t>(t))) return;
  bool is_page = j[static_cast<uint32_t>(t)].type == LdJson::kString && j.Str(static_cast<uint32_t>(t)) == "WebPage";
  auto take = [&](std::string_view key, std::string* out) {
    if (!out->empty()) return;
    if (int64_t f = j.Find(v, key); f >= 0) *out = JsonText(j, static_cast<uint32_t>(f));
  };
  if (!is_page || m->ld_headline.empty()) take("headline", &m->ld_headline);
  take("datePublished", &m->ld_published);
  take("dateModified", &m->ld_modified);
  if (is_page) return;
  take("author", &m->ld_author);
  take("articleSection", &m->ld_section);
  take("articleBody", &m->ld_body);
  take("keywords", &m->ld_keywords);
  if (int64_t p = j.Find(v, "publisher"); p >= 0) {
    if (m->ld_publisher.empty()) m->ld_publisher = JsonText(j, static_cast<uint32_t>(p));
  }
}

void ReadLdText(std::string_view text, Meta* m) {
  // ReadLd reads only objects whose @type IsArticleType accepts: each of
  // those names holds "Article", "Posting", "Report" or "WebPage" (an escaped
  // name holds "\\u"). Others are not parsed.
  if (!Contains(text, "Article") && !Contains(text, "Posting") && !Contains(text, "Report") &&
      !Contains(text, "WebPage") && !Contains(text, "\\u"))
    return;
  thread_local LdJson j;
  if (j.Parse(text)) ReadLd(j, 0, m, 0);
}

void ReadMeta(const Dom& dom, const ScanAside* aside, Meta* m) {
  if (aside)
    for (std::string_view text : aside->json_ld) ReadLdText(text, m);
  for (int i = 1; i < static_cast<int>(dom.nodes.size()); ++i) {
    const Node& n = dom.nodes[i];
    switch (n.tag) {
      case Tag::kHtml:
        m->lang = std::string(dom.GetAttr(i, Attr::kLang));
        m->dir = Lower(dom.GetAttr(i, Attr::kDir));
        break;
      case Tag::kTitle:
        if (m->title_tag.empty()) m->title_tag = CollapseSpace(dom.SubtreeText(i));
        break;
      case Tag::kBase:
        if (m->base_href.empty()) m->base_href = std::string(dom.GetAttr(i, Attr::kHref));
        break;
      case Tag::kLink: {
        std::string rel = Lower(dom.GetAttr(i, Attr::kRel));
        if (rel == "canonical" && m->canonical.empty())
          m->canonical = std::string(Trim(dom.GetAttr(i, Attr::kHref)));
        break;
      }
      case Tag::kMeta: {
        std::string key = Lower(dom.GetAttr(i, Attr::kProperty));
        if (key.empty()) key = Lower(dom.GetAttr(i, Attr::kName));
        if (key.empty()) key = Lower(dom.GetAttr(i, Attr::kItemprop));
        std::string v(Trim(dom.GetAttr(i, Attr::kContent)));
        if (key.empty() || v.empty()) break;
        auto set = [&](std::string* f) {
          if (f->empty()) *f = v;
        };
        // The pre-scan drops the other <meta> elements: a key added here goes
        // into IsReadMetaKey (dom.cc) too.
        if (key == "og:title" || key == "twitter:title") set(&m->og_title);
        else if (key == "og:site_name") set(&m->og_site);
        else if (key == "og:url") set(&m->og_url);
        else if (key == "og:description") set(&m->og_desc);
        else if (key == "description") set(&m->description);
        else if (key == "author" || key == "article:author" || key == "dc.creator" || key == "byl")
          set(&m->author);
        else if (key == "og:image") set(&m->og_image);
        else if (key == "article:published_time" || key == "datepublished" || key == "pubdate" ||
                 key == "dc.date" || key == "dc.date.issued" || key == "date" ||
                 key == "publish-date" || key == "og:published_time" || key == "sailthru.date" ||
                 key == "parsely-pub-date")
          set(&m->published);
        else if (key == "article:modified_time" || key == "datemodified" ||
                 key == "og:updated_time" || key == "last-modified")
          set(&m->modified);
        else if (key == "article:section" || key == "category") set(&m->section);
        else if (key == "keywords" || key == "news_keywords") set(&m->keywords);
        else if (key == "article:tag") m->article_tags.push_back(v);
        break;
      }
      case Tag::kScript: {
        if (Lower(dom.GetAttr(i, Attr::kType)) != "application/ld+json") break;
        std::string text;
        for (int k = i + 1; k < n.end; ++k)
          if (dom.nodes[k].tag == Tag::kText) text.append(dom.Text(k));
        ReadLdText(text, m);
        break;
      }
      case Tag::kBody:
        if (m->dir.empty()) m->dir = Lower(dom.GetAttr(i, Attr::kDir));
        break;
      default:
        break;
    }
  }
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto push = [&]() {
    std::string t(Trim(cur));
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',' || s[i] == ';') {
      push();
    } else if (s.compare(i, 2, "،") == 0) {
      push();
      ++i;
    } else {
      cur.push_back(s[i]);
    }
  }
  push();
  return out;
}

// Does the script of s look right-to-left (mostly Arabic letters)?
bool LooksArabicScript(std::string_view s) {
  size_t arabic = 0, latin = 0, i = 0;
  while (i < s.size() && i < 20000) {
    char32_t c = DecodeUtf8(s, &i);
    if (IsArabicLetter(c)) ++arabic;
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++latin;
  }
  return arabic > latin;
}

// Strips a site name from a <title>: «خبرگزاری آریا - عنوان», «Title | Site».
std::string CleanTitle(const std::string& title, const std::string& site, const std::string& h1) {
  if (!h1.empty() && Contains(title, h1)) return h1;
  for (std::string_view sep : {" | ", " - ", " – ", " — ", " :: ", " « ", " » "}) {
    size_t p = title.find(sep);
    if (p == std::string::npos) continue;
    std::string a(Trim(std::string_view(title).substr(0, p)));
    std::string b(Trim(std::string_view(title).substr(p + sep.size())));
    if (!site.empty()) {
      if (Contains(site, b) || Contains(b, site)) return a;
      if (Contains(site, a) || Contains(a, site)) return b;
    }
    return CodePoints(a) >= CodePoints(b) ? a : b;
  }
  return title;
}

// Appends open, s with & < > " escaped, and close to *out.
void AppendEscaped(std::string_view open, std::string_view s, std::string_view close, std::string* out) {
  out->append(open);
  size_t run = 0;  // start of the run of bytes copied as they are
  for (size_t i = 0; i < s.size(); ++i) {
#if defined(__SSE2__)
    // Sixteen bytes a step up to the next byte to escape.
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                  quot = _mm_set1_epi8('"');
    while (s.size() - i >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)));
      unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
      if (mask) {
        i += static_cast<size_t>(__builtin_ctz(mask));
        break;
      }
      i += 16;
    }
    if (i >= s.size()) break;
#endif
    const char* rep;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      default: continue;
    }
    out->append(s.data() + run, i - run);
    out->append(rep);
    run = i + 1;
  }
  out->append(s.data() + run, s.size() - run);
  out->append(close);
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  ref = Trim(ref);
  if (ref.empty() || base.empty()) return std::string(ref);
  size_t colon = ref.find(':');
  size_t slash = ref.find('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash))
    return std::string(ref);  // has a scheme
  size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return std::string(ref);
  if (StartsWith(ref, "//")) return std::string(base.substr(0, scheme_end + 1)) + std::string(ref);
  size_t host_end = base.find('/', scheme_end + 3);
  std::string_view origin = host_end == std::string_view::npos ? base : base.substr(0, host_end);
  if (ref[0] == '/') return std::string(origin) + std::string(ref);
  std::string_view path = host_end == std::string_view::npos ? "/" : base.substr(host_end);
  size_t q = path.find_first_of("?#");
  if (q != std::string_view::npos) path = path.substr(0, q);
  if (ref[0] == '?' || ref[0] == '#') return std::string(origin) + std::string(path) + std::string(ref);
  size_t last = path.rfind('/');
  return std::string(origin) + std::string(path.substr(0, last + 1)) + std::string(ref);
}

void ExtractFromDom(const Dom& dom, const ExtractorOptions& options, const ExtractRequest& request,
                    Article* a, const ScanAside* aside) {
  a->input_kind = "html";
  a->url = request.base_url;
  if (dom.truncated_depth)
    a->warnings.push_back("elements nested deeper than " + std::to_string(options.max_depth) +
                          " skipped");
  if (dom.truncated_nodes)
    a->warnings.push_back("document cut after " + std::to_string(options.max_nodes) + " nodes");
  Meta m;
  ReadMeta(dom, aside, &m);
  std::string base = !m.base_href.empty() ? ResolveUrl(request.base_url, m.base_href) : request.base_url;
  if (!m.canonical.empty()) a->canonical_url = ResolveUrl(base, m.canonical);
  else if (!m.og_url.empty()) a->canonical_url = ResolveUrl(base, m.og_url);

  Walker w(dom);
  w.Run();
  Selection sel = FindContent(dom, w);

  // Class/id kinds per element, computed once on first use.
  enum : uint8_t { kLead = 1, kTagList = 2, kHeadlines = 4, kDate = 8, kKnown = 128 };
  std::vector<uint8_t> kinds(dom.nodes.size(), 0);
  auto kind = [&](int e) -> uint8_t {
    if (kinds[e] & kKnown) return kinds[e];
    uint8_t k = kKnown;
    uint8_t bits = w.hint_bits[e] ? w.hint_bits[e] : ElementHintBits(dom, e, nullptr);
    if (bits & kHintLead) k |= kLead;
    if (bits & kHintTagList) k |= kTagList;
    if (bits & kHintHeadlines) k |= kHeadlines;
    if (bits & kHintDate) k |= kDate;
    if (dom.GetAttr(e, Attr::kItemprop) == "description") k |= kLead;
    if (dom.GetAttr(e, Attr::kRel) == "tag") k |= kTagList;
    kinds[e] = k;
    return k;
  };

  // Title: the h1 that the <title>/og:title confirm, else those.
  std::string h1;
  int h1_block = -1;
  for (size_t bi = 0; bi < w.blocks.size(); ++bi) {
    const Block& b = w.blocks[bi];
    if (b.heading == 1 && b.chars >= 5 && !(b.flags & kFlagChromeTag)) {
      std::string t(Trim(b.text));
      bool confirmed = (!m.og_title.empty() && (Contains(m.og_title, t) || Contains(t, m.og_title))) ||
                       (!m.title_tag.empty() && Contains(m.title_tag, t)) ||
                       (!m.ld_headline.empty() && Contains(m.ld_headline, t));
      if (confirmed || h1.empty()) {
        h1 = t;
        h1_block = static_cast<int>(bi);
        if (confirmed) break;
      }
    }
  }
  a->site_name = !m.og_site.empty() ? m.og_site : m.ld_publisher;
  std::string title;
  if (!m.ld_headline.empty() && !h1.empty() && Contains(m.ld_headline, h1)) title = h1;
  else if (!m.og_title.empty()) title = CleanTitle(m.og_title, a->site_name, h1);
  else if (!m.ld_headline.empty()) title = m.ld_headline;
  else if (!m.title_tag.empty()) title = CleanTitle(m.title_tag, a->site_name, h1);
  else title = h1;
  a->raw.title = CollapseSpace(title);
  if (h1_block >= 0 && h1 != a->raw.title && !Contains(m.title_tag, h1) &&
      !Contains(m.og_title, h1))
    h1_block = -1;  // an h1 that is not the title (a site logo) does not anchor dates

  // Language and direction.
  a->lang = m.lang;
  a->dir = m.dir;

  // Byline.
  a->raw.byline = !m.ld_author.empty() ? m.ld_author : m.author;
  if (StartsWith(a->raw.byline, "http")) a->raw.byline.clear();

  // Lead: an element hinted as lead near the top of the content or right after the title.
  int lead_block = -1;
  for (size_t bi = 0; bi < w.blocks.size(); ++bi) {
    const Block& b = w.blocks[bi];
    if (b.chars < 30 || b.chars > 1200 || (b.flags & (kFlagChromeTag | kFlagHeading))) continue;
    if (h1_block >= 0 && static_cast<int>(bi) < h1_block) continue;
    if (h1_block >= 0 && static_cast<int>(bi) > h1_block + 25) break;
    bool hinted = false;
    for (int e = b.elem, up = 0; e > 0 && up < 3; e = dom.nodes[e].parent, ++up) {
      if (kind(e) & kLead) {
        hinted = true;
        break;
      }
    }
    if (hinted) {
      lead_block = static_cast<int>(bi);
      a->raw.lead = std::string(b.text);
      break;
    }
  }

  // Body paragraphs.
  const bool h1_in_content = h1_block >= 0 && sel.Contains(w.blocks[h1_block].elem);
  // Persian sites put a kicker (روتیتر) right above the title.
  const bool persian_page = HasPersianLetters(a->raw.title);
  std::string html;
  std::unordered_set<std::string> seen;
  std::vector<int> body_blocks;
  for (size_t bi = 0; bi < w.blocks.size(); ++bi) {
    const Block& b = w.blocks[bi];
    if (static_cast<int>(bi) == lead_block || static_cast<int>(bi) == h1_block) continue;
    if (!sel.Contains(b.elem)) continue;
    if (b.flags & (kFlagChromeTag | kFlagNegative)) continue;
    if (b.flags & kFlagCaption) continue;
    double ld = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
    if (ld > 0.5 && !(b.flags & kFlagHeading)) continue;
    if ((b.flags & kFlagListItem) && ld > 0.3) continue;
    std::string t(Trim(b.text));
    if (t.empty() || t == a->raw.title) continue;
    if (IsChromeLine(t) || !NewsIdFromLine(t).empty()) continue;
    // A view counter or a stray "–>" on a Persian page (English tables keep numbers).
    if (persian_page && b.chars <= 8 && !HasLetter(t)) continue;
    // A kicker above the title inside the content («رییس سازمان بورس اعلام کرد:»).
    if (h1_in_content && static_cast<int>(bi) == h1_block - 1 && b.chars < 100 &&
        !EndsSentence(t) && persian_page)
      continue;
    if (b.chars <= 80 && HasDigit(t)) {
      // A date stamp line is metadata, not body text.
      size_t covered = 0;
      for (const auto& d : FindDatesIn(t, options.now_unix_seconds)) covered += d.end - d.begin;
      if (covered * 2 >= t.size()) continue;
    }
    body_blocks.push_back(static_cast<int>(bi));
    if (options.content_html) {
      if (b.heading >= 1) {
        int level = std::max(2, b.heading);
        const char open[] = {'<', 'h', static_cast<char>('0' + level), '>', 0};
        const char close[] = {'<', '/', 'h', static_cast<char>('0' + level), '>', 0};
        AppendEscaped(open, t, close, &html);
      } else if (b.flags & kFlagPre) {
        AppendEscaped("<pre>", t, "</pre>", &html);
      } else if (b.flags & kFlagQuote) {
        AppendEscaped("<blockquote><p>", t, "</p></blockquote>", &html);
      } else if (b.flags & kFlagListItem) {
        AppendEscaped("<p>\u2022 ", t, "</p>", &html);
      } else {
        AppendEscaped("<p>", t, "</p>", &html);
      }
    }
    a->raw.body.push_back(std::move(t));
  }

  // JSON-LD articleBody when our DOM text is clearly poorer.
  if (!m.ld_body.empty()) {
    int dom_chars = 0;
    for (const auto& p : a->raw.body) dom_chars += CountChars(p);
    int ld_chars = CountChars(m.ld_body);
    if (ld_chars > 400 && dom_chars < ld_chars * 0.6) {
      a->raw.body.clear();
      html.clear();
      std::string cur;
      std::string_view ld = m.ld_body;
      size_t p = 0;
      while (p <= ld.size()) {
        size_t nl = ld.find('\n', p);
        if (nl == std::string_view::npos) nl = ld.size();
        std::string t = CollapseSpace(ld.substr(p, nl - p));
        if (!t.empty()) {
          a->raw.body.push_back(t);
          AppendEscaped("<p>", t, "</p>", &html);
        }
        p = nl + 1;
      }
      a->warnings.push_back("body taken from JSON-LD articleBody");
    }
  }
  a->content_html = html;

  // Images in the content (and og:image as the lead image when none).
  for (auto& r : sel.ranges) {
    for (int k = r.first; k < r.second && a->images.size() < 50; ++k) {
      const Node& n = dom.nodes[k];
      if (n.tag != Tag::kImg) continue;
      std::string_view src = dom.GetAttr(k, Attr::kDataSrc);
      if (src.empty()) src = dom.GetAttr(k, Attr::kSrc);
      if (src.empty() || StartsWith(src, "data:")) continue;
      ArticleImage img;
      img.src = ResolveUrl(base, src);
      img.alt = CollapseSpace(dom.GetAttr(k, Attr::kAlt));
      // A caption: the figcaption of the enclosing figure.
      for (int e = n.parent, up = 0; e > 0 && up < 4; e = dom.nodes[e].parent, ++up) {
        if (dom.nodes[e].tag != Tag::kFigure) continue;
        for (int c = e + 1; c < dom.nodes[e].end; ++c) {
          if (dom.nodes[c].tag == Tag::kFigcaption) {
            img.caption = std::string(Trim(CollapseSpace(dom.SubtreeText(c))));
            break;
          }
        }
        break;
      }
      a->images.push_back(std::move(img));
    }
  }
  if (a->images.empty() && !m.og_image.empty()) a->images.push_back({ResolveUrl(base, m.og_image), "", ""});

  // Tags, other headlines and boilerplate from the blocks outside the body.
  std::unordered_set<int> tag_lists_seen;
  std::unordered_set<std::string> headline_seen;
  std::vector<char> in_body(w.blocks.size(), 0);
  for (int bi : body_blocks) in_body[bi] = 1;
  for (size_t bi = 0; bi < w.blocks.size(); ++bi) {
    const Block& b = w.blocks[bi];
    if (in_body[bi] || static_cast<int>(bi) == lead_block || static_cast<int>(bi) == h1_block) continue;
    std::string_view t = Trim(b.text);
    if (t.empty()) continue;
    // Classify by the nearest hinted ancestor (up to 6 levels).
    bool tag_ctx = false, headline_ctx = false;
    for (int e = b.elem, up = 0; e > 0 && up < 6; e = dom.nodes[e].parent, ++up) {
      uint8_t k = kind(e);
      if (k & kTagList) {
        tag_ctx = true;
        break;
      }
      if (k & kHeadlines) {
        headline_ctx = true;
        break;
      }
    }
    bool all_link = b.link_chars * 10 >= b.chars * 9 && b.links >= 1;
    if (tag_ctx && all_link) {
      // One tag per anchor (tag links often sit side by side in one block).
      if (tag_lists_seen.insert(b.elem).second) {
        const Node& e = dom.nodes[b.elem];
        for (int k = b.elem; k < e.end; ++k) {
          if (dom.nodes[k].tag != Tag::kA) continue;
          std::string tag(Trim(CollapseSpace(dom.SubtreeText(k))));
          if (!tag.empty() && CodePoints(tag) <= 60) a->tags.push_back(tag);
          k = dom.nodes[k].end - 1;
        }
      }
      continue;
    }
    if (all_link && CodePoints(t) >= 25 && (headline_ctx || (b.flags & kFlagListItem) || CountChars(t) >= 35) &&
        !(b.flags & kFlagChromeTag && !headline_ctx)) {
      if (t != a->raw.title && headline_seen.insert(std::string(t)).second) a->other_headlines.emplace_back(t);
      continue;
    }
    if (a->boilerplate.size() < 500) a->boilerplate.emplace_back(t);
  }
  if (a->tags.empty()) {
    for (const auto& t : m.article_tags) a->tags.push_back(t);
    if (a->tags.empty()) a->tags = SplitList(!m.ld_keywords.empty() ? m.ld_keywords : m.keywords);
  }
  a->category = !m.section.empty() ? m.section : m.ld_section;

  // News id: visible «کد خبر», then the URL.
  for (const Block& b : w.blocks) {
    if (b.chars > 80 || !HasDigit(b.text)) continue;
    std::string id = NewsIdFromLine(b.text);
    if (id.empty()) id = NewsIdInText(b.text);
    if (!id.empty()) {
      a->news_id = id;
      break;
    }
  }
  if (a->news_id.empty()) a->news_id = NewsIdFromUrl(a->canonical_url);
  if (a->news_id.empty()) a->news_id = NewsIdFromUrl(request.base_url);

  // Times: JSON-LD, meta tags, <time datetime>, then visible text.
  auto machine = [&](const std::string& expr, const char* origin, ArticleTime* t) {
    if (t->present || expr.empty()) return;
    if (ParseDateExpr(expr, options.now_unix_seconds, t)) t->origin = origin;
  };
  machine(m.ld_published, "json-ld", &a->published);
  machine(m.ld_modified, "json-ld", &a->updated);
  machine(m.published, "meta", &a->published);
  machine(m.modified, "meta", &a->updated);
  for (int i = 1; i < static_cast<int>(dom.nodes.size()) && !a->published.present; ++i) {
    if (dom.nodes[i].tag != Tag::kTime) continue;
    std::string_view dt = dom.GetAttr(i, Attr::kDatetime);
    std::string_view ip = dom.GetAttr(i, Attr::kItemprop);
    if (!dt.empty() && (ip.empty() || ip == "datePublished")) machine(std::string(dt), "meta", &a->published);
  }
  // Visible dates: labelled ones decide; an unlabelled one before the title is
  // the site's "today"; one in a date-hinted element after the title is the article's.
  {
    int scanned = 0;
    for (size_t bi = 0; bi < w.blocks.size() && scanned < 400; ++bi) {
      const Block& b = w.blocks[bi];
      if (b.chars > 120 || in_body[bi]) continue;
      ++scanned;
      // Every date expression has a digit; an ASCII one, digits around "-/.:".
      if (!HasDigit(b.text)) continue;
      std::vector<FoundDate> found = FindDatesIn(b.text, options.now_unix_seconds);
      if (found.empty()) continue;
      const FoundDate& d = found.front();
      bool before_title = h1_block >= 0 && static_cast<int>(bi) < h1_block;
      bool hinted = false;
      for (int e = b.elem, up = 0; e > 0 && up < 3; e = dom.nodes[e].parent, ++up) {
        if (kind(e) & kDate) {
          hinted = true;
          break;
        }
      }
      if (d.label == "published") {
        if (!a->published.present) a->published = d.time;
      } else if (d.label == "updated") {
        if (before_title) {
          if (!a->site_updated.present) a->site_updated = d.time;
        } else if (!a->updated.present) {
          a->updated = d.time;
        }
      } else if (before_title || (h1_block < 0 && (b.flags & kFlagHeader) && !hinted)) {
        if (!a->page_today.present) a->page_today = d.time;
      } else if (!a->published.present && (hinted || h1_block < 0 ||
                                           static_cast<int>(bi) <= h1_block + 30)) {
        a->published = d.time;
      }
    }
  }
  // A visible update stamp equal to the site's "today" is chrome, not the article's.
  if (a->updated.present && a->page_today.present && a->published.present &&
      a->updated.jalali.substr(0, 10) == a->page_today.jalali.substr(0, 10) &&
      a->updated.origin == "text" &&
      a->published.jalali.substr(0, 10) != a->updated.jalali.substr(0, 10)) {
    a->site_updated = a->updated;
    a->updated = ArticleTime();
  }

  // A "modified" time at or before publication is no update (CMSs fill both).
  if (a->updated.present && a->published.present && a->updated.has_time && a->published.has_time &&
      a->updated.unix_seconds <= a->published.unix_seconds)
    a->updated = ArticleTime();

  for (const std::string& p : a->raw.body) {
    if (ParseAttribution(p, &a->source)) break;
  }
  if (a->source.agency.empty()) {
    for (const Block& b : w.blocks) {
      if (b.chars <= 80 && ParseAttribution(b.text, &a->source)) break;
    }
  }

  if (a->lang.empty()) a->lang = LooksArabicScript(a->raw.title + " " + (a->raw.body.empty() ? "" : a->raw.body[0])) ? "fa" : "";
  if (a->dir.empty()) {
    std::string l = Lower(a->lang);
    a->dir = (StartsWith(l, "fa") || StartsWith(l, "ar") || StartsWith(l, "ur") ||
              StartsWith(l, "he") || StartsWith(l, "ps") || StartsWith(l, "ckb"))
                 ? "rtl"
                 : "ltr";
  }
}

}  // namespace khabar::extract
