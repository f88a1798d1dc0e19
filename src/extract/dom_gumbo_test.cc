// Differential check of the shipping parser (myhtml) against gumbo: the same
// visible text out of both on real pages.
#include <gtest/gtest.h>
#include <gumbo.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/dom.h"
#include "extract/signals.h"

namespace khabar::extract {
namespace {

std::string SharedDir() {
  const char* env = std::getenv("KHABAR_SHARED_DIR");
  return env ? env : KHABAR_SHARED_DIR;
}

bool Skip(GumboTag t) {
  return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
         t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_HEAD || t == GUMBO_TAG_TEXTAREA;
}

// Iterative walk, like our builder (no recursion on untrusted depth).
std::string GumboText(const GumboNode* root) {
  std::string out;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      out += n->v.text.text;
      out += ' ';
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    if (n->type == GUMBO_NODE_ELEMENT && Skip(n->v.element.tag)) continue;
    const GumboVector& kids = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return out;
}

std::string MyhtmlText(const Dom& dom) {
  std::string out;
  for (int k = 0; k < static_cast<int>(dom.nodes.size()); ++k) {
    const Node& n = dom.nodes[k];
    if (n.tag == Tag::kText) {
      out.append(dom.Text(k));
      out += ' ';
    } else if (n.tag == Tag::kScript || n.tag == Tag::kStyle || n.tag == Tag::kTemplate ||
               n.tag == Tag::kNoscript || n.tag == Tag::kHead || n.tag == Tag::kTextarea) {
      k = n.end - 1;
    }
  }
  return out;
}

std::vector<std::string> Pages() {
  std::vector<std::string> pages;
  namespace fs = std::filesystem;
  fs::path base = fs::path(SharedDir()) / "data" / "extract";
  if (!fs::exists(base)) return pages;
  if (fs::exists(base / "readability_testpages"))
    for (const auto& e : fs::directory_iterator(base / "readability_testpages"))
      if (fs::exists(e.path() / "source.html")) pages.push_back((e.path() / "source.html").string());
  for (const char* d : {"persian_htmldate", "trafilatura_arabic", "newspaper4k_arabic"})
    if (fs::exists(base / d))
      for (const auto& e : fs::directory_iterator(base / d))
        if (e.path().extension() == ".html") pages.push_back(e.path().string());
  std::sort(pages.begin(), pages.end());
  return pages;
}

TEST(DomDifferential, SameTextAsGumbo) {
  auto pages = Pages();
  if (pages.empty()) GTEST_SKIP() << "shared pages not found under " << SharedDir();
  for (const auto& path : pages) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string html = ss.str();
    Dom dom;
    ASSERT_TRUE(BuildDomMyhtml(html, {}, &dom).ok()) << path;
    GumboOutput* g = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    std::string a = CollapseSpace(MyhtmlText(dom));
    std::string b = CollapseSpace(GumboText(g->document));
    gumbo_destroy_output(&kGumboDefaultOptions, g);
    EXPECT_EQ(a.size(), b.size()) << path;
    EXPECT_TRUE(a == b) << path;
  }
}

TEST(DomDifferential, SmallCases) {
  const char* cases[] = {
      "<p>a<b>b<i>c</p>d</i>e</b>f",  // adoption agency
      "<table><tr><td>x</td></tr>y</table>",  // foster parenting
      "<div><p>one<p>two</div>three",
      "&amp;&lt;&#1575;&nbsp;x",
  };
  for (const char* html : cases) {
    Dom dom;
    ASSERT_TRUE(BuildDomMyhtml(html, {}, &dom).ok());
    GumboOutput* g = gumbo_parse(html);
    EXPECT_EQ(CollapseSpace(MyhtmlText(dom)), CollapseSpace(GumboText(g->document))) << html;
    gumbo_destroy_output(&kGumboDefaultOptions, g);
  }
}

}  // namespace
}  // namespace khabar::extract
