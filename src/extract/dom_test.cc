// The pre-parse scan (ScanHtml): what it drops, what it must keep, and that
// the parser then builds the same visible text as from the whole page.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/dom.h"
#include "extract/signals.h"

namespace khabar::extract {
namespace {

std::string Scan(std::string_view html) {
  std::string out;
  bool cut = false;
  ScanHtml(html, 2048, &out, &cut);
  EXPECT_FALSE(cut);
  return out;
}

TEST(ScanHtml, DropsScriptAndStyleElements) {
  struct Case {
    const char* html;
    const char* want;
  } cases[] = {
      {"<p>a</p><script>var x = '<p>b</p>';</script><p>c</p>", "<p>a</p><p>c</p>"},
      {"<style>p { color: red }</style>x", "x"},
      {"<SCRIPT type=text/javascript>1<2</SCRIPT >y", "y"},
      // A '>' inside a quoted attribute value does not end the start tag.
      {"<script data-x=\"a>b\">code</script>z", "z"},
      // JSON-LD stays (metadata is read from it), in any case, any quotes.
      {"<script type=\"application/ld+json\">{\"a\":1}</script>",
       "<script type=\"application/ld+json\">{\"a\":1}</script>"},
      {"<script TYPE='Application/LD+JSON'>{}</script>", "<script TYPE='Application/LD+JSON'>{}</script>"},
      // "</script" inside a double-escaped section does not close the element.
      {"<script><!--<script>x</script>y--></script>after", "after"},
      {"<script><!-- x </script>after", "after"},
      {"<script><!-->x</script>after", "after"},
      // "<script" as text or inside a comment, title or attribute is no script.
      {"<!-- <script> --><p>a</p>", "<p>a</p>"},
      {"<title>a <script> b</title><p>c</p>", "<title>a <script> b</title><p>c</p>"},
      {"<div class=\"<script>\">t</div>", "<div class=\"<script>\">t</div>"},
      {"<textarea><style>s</style></textarea>", "<textarea><style>s</style></textarea>"},
      // Unclosed: the text runs to the end.
      {"<p>a</p><script>never closed <p>", "<p>a</p>"},
      {"<style>p{}", ""},
      // "</scripts>" is not the end tag.
      {"<script>a</scripts>b</script>c", "c"},
      // Meta and link elements the extractor does not read go too.
      {"<meta name=viewport content=x><meta property=\"OG:Title\" content=T><meta itemprop=datePublished "
       "content=d><link rel=stylesheet href=a.css><link rel=\"Canonical\" href=/u>",
       "<meta property=\"OG:Title\" content=T><meta itemprop=datePublished content=d><link "
       "rel=\"Canonical\" href=/u>"},
  };
  for (const auto& c : cases) EXPECT_EQ(Scan(c.html), c.want) << c.html;
}

TEST(ScanHtml, DropsAttributesTheExtractorDoesNotRead) {
  struct Case {
    const char* html;
    const char* want;
  } cases[] = {
      {"<div data-x=\"1\" class=\"c\" onclick='a>b'>t</div>", "<div class=\"c\">t</div>"},
      {"<DIV Class=a DATA-Y=2 ID=b>", "<DIV Class=a ID=b>"},
      // An unquoted value takes the '/': not self-closing.
      {"<img src=a.png width=10/>", "<img src=a.png>"},
      {"<img data-lazy=1 src=\"a.png\" />", "<img src=\"a.png\"/>"},
      // "</" without a letter and "<?" open bogus comments: no tag in them.
      {"</<l class=\">\"><p class=a data-x>x</p><?x <b data-y>?><span data-z>",
       "</<l class=\">\"><p class=a>x</p><?x <b data-y>?><span>"},
      // A '<' of text before a comment or an element that goes would open a
      // tag with what follows: an empty comment stays between them.
      {"a <<!-- c -->b> <<style>x</style>i>", "a <<!---->b> <<!---->i>"},
      // A tag name runs to a space, '/' or '>': "p;x" is no <p> (kept whole).
      {"<p;x data-a=1>t</h;=/s=\">l\" b>u", "<p;x>t</h;=/s=\">l\" b>u"},
      // A '/' after an unquoted value would join it (found by fuzzing).
      {"<img alt=x \\/>", "<img alt=x />"},
      {"<p =x class=y>", "<p class=y>"},
      // Per element: an <a>'s href, title and srcset are never read; a
      // <link>'s href, an <img>'s alt, a <time>'s datetime, a <meta>'s
      // content and an <input>'s type (it steers tree building) are.
      {"<a href=\"/x\" title=t class=c>a</a>", "<a class=c>a</a>"},
      {"<link rel=canonical href=\"/u\" title=t>", "<link rel=canonical href=\"/u\">"},
      {"<img src=a alt=b srcset=\"a 2x\" href=c>", "<img src=a alt=b>"},
      {"<span datetime=d content=c>s</span><time datetime=d content=c>", "<span>s</span><time datetime=d>"},
      {"<meta property=og:title content=T lang=fa>", "<meta property=og:title content=T>"},
      {"<input type=hidden value=1>", "<input type=hidden>"},
      {"<html lang=fa dir=rtl class=x>", "<html lang=fa dir=rtl class=x>"},
      // Nothing to drop, or attributes the tree builder compares: as they are.
      {"<br/><div id=x hidden>", "<br/><div id=x hidden>"},
      {"<b data-x=1>a</b><font color=red data-a=1>f</font>", "<b data-x=1>a</b><font color=red data-a=1>f</font>"},
      // Unclosed start tag: left to the parser as it is.
      {"<p>a</p><div data-x=\"1", "<p>a</p><div data-x=\"1"},
  };
  for (const auto& c : cases) EXPECT_EQ(Scan(c.html), c.want) << c.html;
}

TEST(ScanHtml, DropsComments) {
  EXPECT_EQ(Scan("<p>a<!-- x -->b</p><!--->c<!-->d"), "<p>ab</p>cd");
  // The doctype stays; a comment never closed is left to the parser.
  EXPECT_EQ(Scan("<!DOCTYPE html><p>a<!-- open"), "<!DOCTYPE html><p>a<!-- open");
}

// Whitespace-only text between tags that cannot show in the extractor's
// text (it breaks text at blocks and collapses spaces) is dropped; other such
// text is cut to its first byte, so that words never join.
TEST(ScanHtml, DropsWhitespaceThatCannotShow) {
  struct Case {
    const char* html;
    const char* want;
  } cases[] = {
      // In <head>, and around the first <body> start tag.
      {"<html>\n <head>\n  <meta name=description content=d>\n  <title>t</title>\n </head>\n <body>\n  <b>x</b>",
       "<html><head><meta name=description content=d><title>t</title></head><body><b>x</b>"},
      // Next to a block's start tag, before the end tag of an open block.
      {"<div>\n  <p>a</p>\n  <p>b</p>\n</div>\n<span>c</span>", "<div><p>a</p><p>b</p></div><span>c</span>"},
      {"<ul> <li><a>x</a> </li>\t<li>y</li> </ul>", "<ul><li><a>x</a></li><li>y</li></ul>"},
      // Between inline elements: one byte stays.
      {"<span>a</span>  \n  <b>b</b>", "<span>a</span> <b>b</b>"},
      // A block that may be hidden is not a break (the extractor skips it
      // without breaking the text around it).
      {"<b>a</b> <div hidden>x</div> <b>b</b>", "<b>a</b> <div hidden>x</div> <b>b</b>"},
      {"<b>a</b> <div style=\"display:none\">x</div> <b>b</b>", "<b>a</b> <div style=\"display:none\">x</div> <b>b</b>"},
      {"<b>a</b><p aria-hidden=true>x</p> <b>b</b>", "<b>a</b><p aria-hidden=true>x</p> <b>b</b>"},
      {"<div><div hidden>x</div> <b>b</b></div> <b>c</b>", "<div><div hidden>x</div> <b>b</b></div><b>c</b>"},
      // A stray block end tag ends nothing: the space before it stays.
      {"<b>a</b> </div><b>b</b>", "<b>a</b> </div><b>b</b>"},
      // "</p>" always ends a block.
      {"<b>a</b> </p><b>b</b>", "<b>a</b></p><b>b</b>"},
      // After the end tag of an open block too (list items are counted).
      {"<ul><li><b>a</b></li>\n<span>b</span></ul>", "<ul><li><b>a</b></li><span>b</span></ul>"},
      {"<b>a</b></li> <b>b</b>", "<b>a</b></li> <b>b</b>"},
      // Text between the tags: nothing dropped, and a comment is no block.
      {"<div>By<!-- --> <b>x</b></div>", "<div>By <b>x</b></div>"},
      {"<div>\n<!-- c -->\n<b>x</b></div>", "<div><b>x</b></div>"},
      // Script and style elements are no blocks.
      {"<b>a</b> <script>x</script> <b>b</b>", "<b>a</b>  <b>b</b>"},
      {"<div>\n<script>x</script>\n<b>b</b>", "<div><b>b</b>"},
      // Text in <pre> is collapsed by the extractor too; form is no block.
      {"<b>a</b> <form> <b>b</b>", "<b>a</b> <form> <b>b</b>"},
  };
  for (const auto& c : cases) EXPECT_EQ(Scan(c.html), c.want) << c.html;
}

// The extractor skips <svg> elements: their content vanishes, unless a tag
// in it would make the parser leave the svg (or a comment could hide its end).
TEST(ScanHtml, DropsSvgContent) {
  struct Case {
    const char* html;
    const char* want;
  } cases[] = {
      {"<b>a</b><svg viewBox=\"0 0 1 1\"><path d=\"M0\"/><use/></svg>b", "<b>a</b><svg></svg>b"},
      {"<SVG><svg><g/></svg><path/></Svg><i>x</i>", "<SVG></Svg><i>x</i>"},
      {"<svg/><p>x</p>", "<svg/><p>x</p>"},
      // Left to the parser: a breakout tag, an end tag </p>, CDATA, no end.
      {"<svg><g><p>x</p></g></svg>", "<svg><g><p>x</p></g></svg>"},
      {"<svg><g></p></g></svg>", "<svg><g></p></g></svg>"},
      {"<svg><![CDATA[</svg>]]></svg>", "<svg><![CDATA[</svg>]]></svg>"},
      {"<svg><path>", "<svg><path>"},
  };
  for (const auto& c : cases) EXPECT_EQ(Scan(c.html), c.want) << c.html;
}

TEST(ScanHtml, TakesJsonLdAndValuesAside) {
  std::string out;
  bool cut = false;
  ScanAside aside;
  ScanHtml("<p>a</p><script type=\"application/ld+json\">{\"a\":1}</script><SCRIPT TYPE=Application/LD+JSON>"
           "[2]</SCRIPT><script type=\"application/ld&#43;json\">{}</script>",
           2048, &out, &cut, &aside);
  EXPECT_EQ(out, "<p>a</p><script type=\"application/ld&#43;json\">{}</script>");
  EXPECT_EQ(aside.json_ld, (std::vector<std::string_view>{"{\"a\":1}", "[2]"}));
  // The attributes the DOM keeps leave rewritten tags for aside->attrs,
  // listed under the offset of the tag in the copy. Stay: values with an
  // entity, an input's type, those of <html>/<body> and of tags kept as they
  // are (<b>). A repeated attribute goes (the first counts).
  ScanHtml("<html lang=fa><body class=x><div class=\"main body\" id=x><p CLASS=lead class=no>t</p>"
           "<span class=ab data-x=1></span><span class=\"a&amp;b\" data-y=2 hidden></span><b class=bold>b</b>"
           "<img src=a.png alt=''><input type=hidden id=\"field\" data-z>",
           2048, &out, &cut, &aside);
  EXPECT_EQ(out, "<html lang=fa><body class=x><div><p>t</p><span></span><span class=\"a&amp;b\"></span>"
                 "<b class=bold>b</b><img><input type=hidden>");
  std::vector<std::string> taken;
  for (const auto& l : aside.attr_lists) {
    std::string e = std::to_string(l.pos) + ":";
    for (uint32_t k = l.first; k < l.first + l.count; ++k)
      e += " " + std::to_string(static_cast<int>(aside.attrs[k].key)) + "=" + std::string(aside.attrs[k].value);
    taken.push_back(e);
  }
  auto key = [](Attr a) { return std::to_string(static_cast<int>(a)); };
  EXPECT_EQ(taken, (std::vector<std::string>{
                       "28: " + key(Attr::kClass) + "=main body " + key(Attr::kId) + "=x",
                       "33: " + key(Attr::kClass) + "=lead",
                       "41: " + key(Attr::kClass) + "=ab",
                       "54: " + key(Attr::kHidden) + "=",
                       "102: " + key(Attr::kSrc) + "=a.png " + key(Attr::kAlt) + "=",
                       "107: " + key(Attr::kId) + "=field",
                   }));
  EXPECT_TRUE(aside.values.empty());
  // The DOM built with the aside has the attributes back.
  Dom dom;
  ASSERT_TRUE(BuildDomMyhtml(out, {}, &dom, &aside).ok());
  std::vector<std::string_view> values;
  for (int k = 0; k < static_cast<int>(dom.nodes.size()); ++k)
    for (Attr a : {Attr::kLang, Attr::kClass, Attr::kId, Attr::kHidden, Attr::kSrc, Attr::kType})
      if (bool found = false; !dom.GetAttr(k, a, &found).empty() || found) values.push_back(dom.GetAttr(k, a));
  EXPECT_EQ(values, (std::vector<std::string_view>{"fa", "x", "main body", "x", "lead", "ab", "a&b", "", "bold",
                                                   "a.png", "field", "hidden"}));
  // Text between tags: leading whitespace stays, the rest (12 bytes or more,
  // without an entity, CR or NUL) goes behind a token.
  ScanHtml("<p>  a long enough text</p><p>short</p><p>a &amp; b and more text</p>x<i>italic text here</i>"
           "<p>tail text not before a tag",
           2048, &out, &cut, &aside);
  EXPECT_EQ(out, "<p>  \x01" "0\x02</p><p>short</p><p>a &amp; b and more text</p>x<i>\x01" "1\x02</i>"
                 "<p>tail text not before a tag");
  EXPECT_EQ(aside.values, (std::vector<std::string_view>{"a long enough text", "italic text here"}));
  ASSERT_TRUE(BuildDomMyhtml(out, {}, &dom, &aside).ok());
  std::vector<std::string_view> texts;
  for (int k = 0; k < static_cast<int>(dom.nodes.size()); ++k)
    if (dom.nodes[k].tag == Tag::kText) texts.push_back(dom.Text(k));
  EXPECT_EQ(texts, (std::vector<std::string_view>{"  a long enough text", "short", "a & b and more text", "x",
                                                  "italic text here", "tail text not before a tag"}));
  // Two texts joined in one node (a stray end tag between them).
  ScanHtml("<p>first part of it</x>second part of it</p>", 2048, &out, &cut, &aside);
  EXPECT_EQ(out, "<p>\x01" "0\x02</x>\x01" "1\x02</p>");
  ASSERT_TRUE(BuildDomMyhtml(out, {}, &dom, &aside).ok());
  texts.clear();
  for (int k = 0; k < static_cast<int>(dom.nodes.size()); ++k)
    if (dom.nodes[k].tag == Tag::kText) texts.push_back(dom.Text(k));
  EXPECT_EQ(texts, (std::vector<std::string_view>{"first part of itsecond part of it"}));
  // An end tag ends at a '>' outside quotes, as the tokenizer reads it (found
  // by fuzzing: the scan took "<a class=s\">" for a tag and rewrote it).
  ScanHtml("<div></s c=\"><a class=s\">texts in the div</div>", 2048, &out, &cut, &aside);
  EXPECT_EQ(out, "<div></s c=\"><a class=s\">\x01" "0\x02</div>");
  EXPECT_TRUE(aside.attr_lists.empty());
  // Text right before a tag the input ends in stays (found by fuzzing).
  ScanHtml("<p>a long enough text<s", 2048, &out, &cut, &aside);
  EXPECT_EQ(out, "<p>a long enough text<s");
  EXPECT_TRUE(aside.values.empty());
  // Text after a <frameset> stays (the parser keeps only its whitespace).
  ScanHtml("<p>a long enough text</p><frameset>a long enough text", 2048, &out, &cut, &aside);
  EXPECT_EQ(out, "<p>\x01" "0\x02</p><frameset>a long enough text");
  // A page holding the token byte keeps its text.
  ScanHtml("<p>a long enough \x01 text</p>", 2048, &out, &cut, &aside);
  EXPECT_EQ(out, "<p>a long enough \x01 text</p>");
  EXPECT_TRUE(aside.values.empty());
}

TEST(ScanHtml, CutKeepsThePrefix) {
  std::string html;
  for (int i = 0; i < 10; ++i) html += "<div><script type=application/ld+json>x</script>";
  std::string out;
  bool cut = false;
  size_t safe = ScanHtml(html, 5, &out, &cut);
  EXPECT_TRUE(cut);
  EXPECT_EQ(safe, 5 * std::string("<div><script type=application/ld+json>x</script>").size());
  std::string want;
  for (int i = 0; i < 5; ++i) want += "<div><script type=application/ld+json>x</script>";
  EXPECT_EQ(out, want);
  EXPECT_EQ(NestingSafePrefix(html, 5, &cut), safe);
  // A rewritten tag at the cut leaves the copy (and the aside) too.
  html.clear();
  for (int i = 0; i < 10; ++i) html += "<div class=c" + std::to_string(i) + " data-x=1>t";
  ScanAside aside;
  safe = ScanHtml(html, 5, &out, &cut, &aside);
  EXPECT_TRUE(cut);
  EXPECT_EQ(safe, 5 * std::string("<div class=c0 data-x=1>t").size());
  EXPECT_EQ(out, "<div>t<div>t<div>t<div>t<div>t");
  ASSERT_EQ(aside.attr_lists.size(), 5u);
  EXPECT_EQ(aside.attrs.size(), 5u);
  EXPECT_EQ(aside.attrs.back().value, "c4");
  ScanHtml(html, 5, &out, &cut);
  EXPECT_EQ(out, "<div class=c0>t<div class=c1>t<div class=c2>t<div class=c3>t<div class=c4>t");
}

std::string SharedDir() {
  const char* env = std::getenv("KHABAR_SHARED_DIR");
  return env ? env : KHABAR_SHARED_DIR;
}

// The text as the extractor's walk breaks it: a line per run of text between
// block boundaries, spaces collapsed, empty lines dropped; JSON-LD as a line
// of its own. Whitespace and comments the scan drops must not change it (two
// words must never join).
std::string BlockText(const Dom& dom) {
  std::string raw;
  std::vector<int> ends;  // open block elements' ends
  for (int k = 0; k < static_cast<int>(dom.nodes.size()); ++k) {
    while (!ends.empty() && ends.back() <= k) {
      raw += '\n';
      ends.pop_back();
    }
    const Node& n = dom.nodes[k];
    if (n.tag == Tag::kText) {
      for (char c : dom.Text(k)) raw += c == '\n' ? ' ' : c;
    } else if (n.tag == Tag::kScript && dom.GetAttr(k, Attr::kType) == "application/ld+json") {
      raw += "\n[ld] ";
      for (int c = k + 1; c < n.end; ++c) raw.append(dom.Text(c));
      raw += "\n";
      k = n.end - 1;
    } else if (n.tag == Tag::kScript || n.tag == Tag::kStyle || n.tag == Tag::kTemplate ||
               n.tag == Tag::kNoscript || n.tag == Tag::kTextarea || n.tag == Tag::kHead ||
               n.tag == Tag::kSvg) {
      k = n.end - 1;
    } else if (IsBlock(n.tag)) {
      raw += '\n';
      ends.push_back(n.end);
    }
  }
  std::string out;
  size_t p = 0;
  while (p < raw.size()) {
    size_t nl = raw.find('\n', p);
    if (nl == std::string::npos) nl = raw.size();
    std::string line = CollapseSpace(std::string_view(raw).substr(p, nl - p));
    if (!line.empty()) out += line + "\n";
    p = nl + 1;
  }
  return out;
}

bool ReadPage(const std::filesystem::path& p, std::string* out) {
  if (p.extension() == ".gz") {
    gzFile f = gzopen(p.c_str(), "rb");
    if (!f) return false;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out->append(buf, n);
    gzclose(f);
    return n == 0;
  }
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// The parser gives the same visible text, broken into the same lines, and
// the same JSON-LD from the scanned page as from the whole page, on every
// shared test page.
TEST(ScanHtml, SameTextAsWholePage) {
  namespace fs = std::filesystem;
  fs::path base = fs::path(SharedDir()) / "data" / "extract";
  if (!fs::exists(base)) GTEST_SKIP() << "shared pages not found under " << SharedDir();
  std::vector<fs::path> pages;
  for (const auto& e : fs::recursive_directory_iterator(base)) {
    std::string name = e.path().filename().string();
    if (name.ends_with(".html") || name.ends_with(".html.gz")) pages.push_back(e.path());
  }
  ASSERT_GT(pages.size(), 180u);
  for (const auto& p : pages) {
    std::string html;
    ASSERT_TRUE(ReadPage(p, &html)) << p;
    bool cut = false;
    std::string scanned;
    ScanHtml(html, 1 << 30, &scanned, &cut);
    Dom whole, part;
    ASSERT_TRUE(BuildDomMyhtml(html, {}, &whole).ok()) << p;
    ASSERT_TRUE(BuildDomMyhtml(scanned, {}, &part).ok()) << p;
    std::string a = BlockText(whole), b = BlockText(part);
    // JSON-LD taken aside: the texts the parser gives, in order.
    std::string aside;
    ScanAside taken;
    ScanHtml(html, 1 << 30, &aside, &cut, &taken);
    std::vector<std::string> want, got;
    for (int k = 0; k < static_cast<int>(whole.nodes.size()); ++k)
      if (whole.nodes[k].tag == Tag::kScript && whole.GetAttr(k, Attr::kType) == "application/ld+json") {
        std::string t;
        for (int c = k + 1; c < whole.nodes[k].end; ++c) t.append(whole.Text(c));
        want.push_back(t);
      }
    for (std::string_view t : taken.json_ld) {
      std::string s;
      for (size_t j = 0; j < t.size(); ++j)
        if (!(t[j] == '\r' && j + 1 < t.size() && t[j + 1] == '\n')) s += t[j] == '\r' ? '\n' : t[j];
      got.push_back(s);
    }
    EXPECT_EQ(got, want) << p;
    EXPECT_EQ(aside.find("ld+json"), std::string::npos) << p;
    // Built with the aside, the DOM has the same elements, text and attribute
    // values as without (JSON-LD scripts aside, and whitespace beside them).
    Dom with_aside;
    ASSERT_TRUE(BuildDomMyhtml(aside, {}, &with_aside, &taken).ok()) << p;
    auto elements = [](const Dom& d) {
      std::vector<std::string> out;
      for (int k = 0; k < static_cast<int>(d.nodes.size()); ++k) {
        const Node& n = d.nodes[k];
        if (n.tag == Tag::kScript) {
          k = n.end - 1;
          continue;
        }
        std::string e(TagName(n.tag));
        if (n.tag == Tag::kText) {
          e = "#" + CollapseSpace(d.Text(k));
          if (e == "#") continue;  // gaps beside a script taken aside join
        }
        for (int a = 0; a < static_cast<int>(Attr::kCount); ++a)
          e += "|" + std::string(d.GetAttr(k, static_cast<Attr>(a)));
        out.push_back(e);
      }
      return out;
    };
    {
      auto x = elements(part), y = elements(with_aside);
      size_t i = 0;
      while (i < x.size() && i < y.size() && x[i] == y[i]) ++i;
      EXPECT_TRUE(x == y) << p << " at " << i << ": " << (i < x.size() ? x[i].substr(0, 300) : "")
                          << " vs " << (i < y.size() ? y[i].substr(0, 300) : "");
    }
    if (a != b) {
      size_t i = 0;
      while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
      size_t from = i > 80 ? i - 80 : 0;
      ADD_FAILURE() << p << ": lines differ at byte " << i << ": «" << a.substr(from, 120) << "» vs «"
                    << b.substr(from, 120) << "»";
    }
  }
}

}  // namespace
}  // namespace khabar::extract
