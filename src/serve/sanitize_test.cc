#include "serve/sanitize.h"

#include <gtest/gtest.h>

namespace khabar::serve {
namespace {

struct Case {
  const char* in;
  const char* out;
};

TEST(Sanitize, AllowList) {
  const Case cases[] = {
      {"<p>سلام</p>", "<p>سلام</p>"},
      {"<p onclick=\"x()\" class=a>متن</p>", "<p>متن</p>"},
      {"<script>alert(1)</script><p>a</p>", "<p>a</p>"},
      {"<SCRIPT type=x>alert(1)</ScRiPt>b", "b"},
      {"<img src=x onerror=alert(1)>", "<img loading=\"lazy\">"},
      {"<img src=\"https://e.test/a.jpg\" alt=\"عکس\" onerror=\"alert(1)\">",
       "<img src=\"https://e.test/a.jpg\" alt=\"عکس\" loading=\"lazy\">"},
      {"<a href=\"javascript:alert(1)\">x</a>", "<a rel=\"nofollow noopener\">x</a>"},
      {"<a href=\"jav&#x61;script:alert(1)\">x</a>", "<a rel=\"nofollow noopener\">x</a>"},
      {"<a href=\" JAVASCRIPT:alert(1)\">x</a>", "<a rel=\"nofollow noopener\">x</a>"},
      {"<a href=\"//evil.test/\">x</a>", "<a rel=\"nofollow noopener\">x</a>"},
      {"<a href=\"/news/1\">x</a>", "<a href=\"/news/1\" rel=\"nofollow noopener\">x</a>"},
      {"<iframe src=x></iframe>ok", "ok"},
      {"<style>p{}</style><p>x", "<p>x</p>"},
      {"<!-- <script>x</script> -->y", "y"},
      {"<div><p>a</div>", "<p>a</p>"},
      {"a < b & c > d", "a &lt; b &amp; c &gt; d"},
      {"&amp; &#1740; &nbsp;", "&amp; &#1740; &nbsp;"},
      {"<b>bold<i>both</b>", "<b>bold<i>both</i></b>"},
      {"</p>stray", "stray"},
      {"<svg><script>alert(1)</script></svg>z", "z"},
      {"<p style=\"x\" title='\"><script>'>t</p>", "<p>t</p>"},
      {"<mark>m</mark>", "<mark>m</mark>"},
      {"<a href=\"https://e.test/?a=1&amp;b=2\">x</a>",
       "<a href=\"https://e.test/?a=1&amp;b=2\" rel=\"nofollow noopener\">x</a>"},
      {"<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"},
  };
  for (const auto& c : cases) EXPECT_EQ(SanitizeHtml(c.in), c.out) << c.in;
}

TEST(Sanitize, NoActiveContentEverSurvives) {
  const char* evil[] = {"<img src=x onerror=alert(1)//", "<a href='javascript:x'>", "<p onmouseover=x>",
                        "<<script>>", "<object data=x>", "<body onload=x>", "<svg/onload=alert(1)>"};
  for (const char* e : evil) {
    std::string out = SanitizeHtml(e);
    EXPECT_EQ(out.find("<script"), std::string::npos) << e;
    EXPECT_EQ(out.find("onerror"), std::string::npos) << e;
    EXPECT_EQ(out.find("onload"), std::string::npos) << e;
    EXPECT_EQ(out.find("onmouseover"), std::string::npos) << e;
    EXPECT_EQ(out.find("javascript"), std::string::npos) << e;
  }
}

TEST(Sanitize, DeepNestingIsFlattened) {
  std::string in;
  for (int i = 0; i < 10000; ++i) in += "<b>";
  std::string out = SanitizeHtml(in + "x");
  EXPECT_LT(out.size(), 64 * 8 + 10);
}

}  // namespace
}  // namespace khabar::serve
