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

TEST(ScanHtml, DropsScriptAndStyleText) {
  struct Case {
    const char* html;
    const char* want;
  } cases[] = {
      {"<p>a</p><script>var x = '<p>b</p>';</script><p>c</p>", "<p>a</p><script></script><p>c</p>"},
      {"<style>p { color: red }</style>x", "<style></style>x"},
      {"<SCRIPT type=text/javascript>1<2</SCRIPT >y", "<SCRIPT type=text/javascript></SCRIPT >y"},
      // A '>' inside a quoted attribute value does not end the start tag.
      {"<script data-x=\"a>b\">code</script>z", "<script data-x=\"a>b\"></script>z"},
      // JSON-LD stays (metadata is read from it), in any case, any quotes.
      {"<script type=\"application/ld+json\">{\"a\":1}</script>",
       "<script type=\"application/ld+json\">{\"a\":1}</script>"},
      {"<script TYPE='Application/LD+JSON'>{}</script>", "<script TYPE='Application/LD+JSON'>{}</script>"},
      // "</script" inside a double-escaped section does not close the element.
      {"<script><!--<script>x</script>y--></script>after", "<script></script>after"},
      {"<script><!-- x </script>after", "<script></script>after"},
      {"<script><!-->x</script>after", "<script></script>after"},
      // "<script" as text or inside a comment, title or attribute is no script.
      {"<!-- <script> --><p>a</p>", "<!-- <script> --><p>a</p>"},
      {"<title>a <script> b</title><p>c</p>", "<title>a <script> b</title><p>c</p>"},
      {"<div title=\"<script>\">t</div>", "<div title=\"<script>\">t</div>"},
      {"<textarea><style>s</style></textarea>", "<textarea><style>s</style></textarea>"},
      // Unclosed: the text runs to the end.
      {"<p>a</p><script>never closed <p>", "<p>a</p><script>"},
      {"<style>p{}", "<style>"},
      // "</scripts>" is not the end tag.
      {"<script>a</scripts>b</script>c", "<script></script>c"},
  };
  for (const auto& c : cases) EXPECT_EQ(Scan(c.html), c.want) << c.html;
}

TEST(ScanHtml, DropsAttributesTheDomDoesNotKeep) {
  struct Case {
    const char* html;
    const char* want;
  } cases[] = {
      {"<div data-x=\"1\" class=\"c\" onclick='a>b'>t</div>", "<div class=\"c\">t</div>"},
      {"<DIV Class=a DATA-Y=2 ID=b>", "<DIV Class=a ID=b>"},
      // An unquoted value takes the '/': not self-closing.
      {"<img src=a.png width=10/>", "<img src=a.png>"},
      {"<img data-lazy=1 src=\"a.png\" />", "<img src=\"a.png\"/>"},
      {"<p =x class=y>", "<p class=y>"},
      // Nothing to drop, or attributes the tree builder compares: as they are.
      {"<br/><div id=x hidden>", "<br/><div id=x hidden>"},
      {"<b data-x=1>a</b><font color=red data-a=1>f</font>", "<b data-x=1>a</b><font color=red data-a=1>f</font>"},
      // Unclosed start tag: left to the parser as it is.
      {"<p>a</p><div data-x=\"1", "<p>a</p><div data-x=\"1"},
  };
  for (const auto& c : cases) EXPECT_EQ(Scan(c.html), c.want) << c.html;
}

TEST(ScanHtml, CutKeepsThePrefix) {
  std::string html;
  for (int i = 0; i < 10; ++i) html += "<div><script>x</script>";
  std::string out;
  bool cut = false;
  size_t safe = ScanHtml(html, 5, &out, &cut);
  EXPECT_TRUE(cut);
  EXPECT_EQ(safe, 5 * std::string("<div><script>x</script>").size());
  std::string want;
  for (int i = 0; i < 5; ++i) want += "<div><script></script>";
  EXPECT_EQ(out, want);
  EXPECT_EQ(NestingSafePrefix(html, 5, &cut), safe);
}

std::string SharedDir() {
  const char* env = std::getenv("KHABAR_SHARED_DIR");
  return env ? env : KHABAR_SHARED_DIR;
}

std::string VisibleText(const Dom& dom) {
  std::string out;
  for (int k = 0; k < static_cast<int>(dom.nodes.size()); ++k) {
    const Node& n = dom.nodes[k];
    if (n.tag == Tag::kText) {
      out.append(dom.Text(k));
      out += ' ';
    } else if (n.tag == Tag::kScript && dom.GetAttr(k, Attr::kType) == "application/ld+json") {
      out += "[ld] ";  // its text follows
    } else if (n.tag == Tag::kScript || n.tag == Tag::kStyle || n.tag == Tag::kTemplate ||
               n.tag == Tag::kNoscript || n.tag == Tag::kTextarea) {
      k = n.end - 1;
    }
  }
  return CollapseSpace(out);
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

// The parser gives the same visible text and the same JSON-LD from the
// scanned page as from the whole page, on every shared test page.
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
    std::string a = VisibleText(whole);
    ASSERT_TRUE(BuildDomMyhtml(scanned, {}, &part).ok()) << p;
    std::string b = VisibleText(part);
    EXPECT_TRUE(a == b) << p << ": " << a.size() << " vs " << b.size() << " bytes";
  }
}

}  // namespace
}  // namespace khabar::extract
