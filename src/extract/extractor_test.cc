#include "khabar/extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "extract/encoding.h"
#include "extract/html_extract.h"
#include "extract/signals.h"
#include "khabar/chars.h"

namespace khabar {
namespace {

using extract::NewsIdFromLine;
using extract::NewsIdFromUrl;

TEST(Signals, NewsIdFromLine) {
  const struct {
    const char* line;
    const char* id;
  } cases[] = {
      {"کد خبر ۵۳۲۹۹۰", "532990"},
      {"کد خبر: 1353889", "1353889"},
      {"شناسه خبر : ۱۲۳۴", "1234"},
      {"کد مطلب: ٤٥٦٧", "4567"},
      {"کد ۵۳۲۹۹۰", "532990"},
      {"News ID: 98765", "98765"},
      {"کد خبر ۵۳۲۹۹۰ بیشتر", ""},
      {"کد ۱۲", ""},
      {"کدخدا", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(NewsIdFromLine(c.line), c.id) << c.line;
}

TEST(Signals, NewsIdFromUrl) {
  EXPECT_EQ(NewsIdFromUrl("https://www.khabaronline.ir/news/1353889/abc"), "1353889");
  EXPECT_EQ(NewsIdFromUrl("https://www.yjc.ir/fa/news/7349926/x"), "7349926");
  EXPECT_EQ(NewsIdFromUrl("http://example.com/view.php?id=4242"), "4242");
  EXPECT_EQ(NewsIdFromUrl("https://example.com/about"), "");
}

TEST(Signals, Attribution) {
  const struct {
    const char* text;
    const char* agency;
    std::vector<std::string> via;
  } cases[] = {
      {"به گزارش ایسنا به نقل از مرکز ارتباطات ستاد کل، سردار گفت.", "ایسنا", {"مرکز ارتباطات ستاد کل"}},
      {"به گزارش خبرنگار سیاسی ایرنا، وزیر گفت.", "ایرنا", {}},
      {"به گزارش خبرگزاری فارس به نقل از رویترز به نقل از منابع آگاه، خبر رسید.", "خبرگزاری فارس",
       {"رویترز", "منابع آگاه"}},
      {"منبع: تسنیم", "تسنیم", {}},
  };
  for (const auto& c : cases) {
    ArticleSource s;
    ASSERT_TRUE(extract::ParseAttribution(c.text, &s)) << c.text;
    EXPECT_EQ(s.agency, c.agency) << c.text;
    EXPECT_EQ(s.via, c.via) << c.text;
  }
  ArticleSource s;
  EXPECT_FALSE(extract::ParseAttribution("وزیر امروز گفت که به گزارش نیازی نیست.", &s));
}

// Issue 5: a reporter (or a reporter's desk) is not an agency.
TEST(Signals, AttributionReporterIsNoAgency) {
  for (const char* text : {"به گزارش خبرنگار، شهردار دیروز از پل تازه بازدید کرد.",
                           "به گزارش خبرنگار ما، بارش باران در شهر ادامه دارد.",
                           "به گزارش خبرنگار اقتصادی، قیمت نان ثابت ماند.",
                           "به گزارش گروه بین\u200cالملل، نشست دو وزیر به پایان رسید."}) {
    ArticleSource s;
    EXPECT_FALSE(extract::ParseAttribution(text, &s)) << text;
    EXPECT_EQ(s.agency, "") << text;
  }
  ArticleSource s;
  ASSERT_TRUE(extract::ParseAttribution("به گزارش خبرنگار ما به نقل از رویترز، بازار آرام بود.", &s));
  EXPECT_EQ(s.agency, "");
  EXPECT_EQ(s.via, std::vector<std::string>{"رویترز"});
  ASSERT_TRUE(extract::ParseAttribution("به گزارش خبرنگار ورزشی ایسنا، تیم به فینال رسید.", &s));
  EXPECT_EQ(s.agency, "ایسنا");
  ASSERT_TRUE(extract::ParseAttribution(
      "به گزارش خبرنگار گروه شهرستان\u200cهای باشگاه خبرنگاران جوان از اراک، پل بازگشایی شد.", &s));
  EXPECT_EQ(s.agency, "باشگاه خبرنگاران جوان");
}

TEST(Signals, ChromeLines) {
  EXPECT_TRUE(extract::IsChromeLine("ارسال به دوستان"));
  EXPECT_TRUE(extract::IsChromeLine("فیلم بیشتر »»"));
  EXPECT_FALSE(extract::IsChromeLine("ارسال به دوستان و آشنایان یک نامه بلند"));
}

TEST(Encoding, Detect) {
  EXPECT_EQ(extract::DetectCharset("\xEF\xBB\xBF<html>", "text/html; charset=windows-1256"), "utf-8");
  EXPECT_EQ(extract::DetectCharset("<html>", "text/html; charset=Windows-1256"), "windows-1256");
  EXPECT_EQ(extract::DetectCharset("<meta charset=\"windows-1256\">", ""), "windows-1256");
  EXPECT_EQ(extract::DetectCharset(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">", ""),
            "iso-8859-1");
  EXPECT_EQ(extract::DetectCharset("<html>", ""), "");
}

// IsValidUtf8 against a decoder loop (khabar::DecodeUtf8, strict UTF-8):
// every sequence of up to three bytes and the four-byte leads, alone and
// inside ASCII and Arabic-script text of several lengths (the fast paths
// take 32 and 8 bytes a step).
TEST(Encoding, IsValidUtf8MatchesDecoder) {
  auto reference = [](std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      size_t before = i;
      if (DecodeUtf8(s, &i) == kReplacement && i == before + 1) return false;
    }
    return true;
  };
  std::vector<std::string> pieces;
  for (int a = 0x80; a < 0x100; ++a) {
    pieces.push_back(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 0x100; ++b) {
      pieces.push_back({static_cast<char>(a), static_cast<char>(b)});
      if (a >= 0xE0 && a < 0xF0)
        for (int c : {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF})
          pieces.push_back({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
      if (a >= 0xF0 && a < 0xF8)
        for (int c : {0x80, 0xBF})
          for (int d : {0x41, 0x80, 0xBF, 0xC0})
            pieces.push_back({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)});
    }
  }
  const std::string kArabic = "\u062e\u0628\u0631 ";
  size_t checked = 0;
  for (const std::string& p : pieces) {
    for (const std::string& before : {std::string(7, 'a'), std::string(31, 'a'), kArabic}) {
      for (const std::string& after : {std::string(), std::string(40, 'b')}) {
        std::string s = before + p + after;
        ASSERT_EQ(extract::IsValidUtf8(s), reference(s)) << testing::PrintToString(s);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 500000u);
  EXPECT_TRUE(extract::IsValidUtf8(std::string(100, 'a') + kArabic + kArabic + std::string(50, 'z')));
  EXPECT_FALSE(extract::IsValidUtf8(std::string(100, 'a') + kArabic + "\xD8" + std::string(50, 'z')));
}

TEST(Encoding, Windows1256ToUtf8) {
  // «سلام» in windows-1256: D3 E1 C7 E3.
  std::string out;
  std::vector<std::string> w;
  ASSERT_TRUE(extract::ToUtf8("\xD3\xE1\xC7\xE3", "text/html; charset=windows-1256", &out, &w).ok());
  EXPECT_EQ(out, "سلام");
  // Undeclared and not UTF-8: read as windows-1256.
  out.clear();
  ASSERT_TRUE(extract::ToUtf8("<p>\xD3\xE1\xC7\xE3</p>", "", &out, &w).ok());
  EXPECT_EQ(out, "<p>سلام</p>");
}

TEST(Url, Resolve) {
  EXPECT_EQ(extract::ResolveUrl("https://a.ir/news/1/x", "/img/a.jpg"), "https://a.ir/img/a.jpg");
  EXPECT_EQ(extract::ResolveUrl("https://a.ir/news/1/x", "b.jpg"), "https://a.ir/news/1/b.jpg");
  EXPECT_EQ(extract::ResolveUrl("https://a.ir/news/1/x", "//cdn.ir/c.jpg"), "https://cdn.ir/c.jpg");
  EXPECT_EQ(extract::ResolveUrl("https://a.ir/", "http://b.ir/d"), "http://b.ir/d");
}

constexpr const char* kPersianPage = R"(<!doctype html><html lang="fa" dir="rtl"><head>
<meta charset="utf-8"><title>عنوان خبر آزمایشی - سایت نمونه</title>
<meta property="og:site_name" content="سایت نمونه">
<link rel="canonical" href="/news/123456/slug">
</head><body>
<nav><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/x">ورزشی</a></li></ul></nav>
<div class="header">۰۳ اسفند ۱۴۰۴</div>
<h1>عنوان خبر آزمایشی</h1>
<div class="lead">این لید خبر است که زیر عنوان می آید و خلاصه خبر را می گوید.</div>
<div class="news-info">کد خبر: ۱۲۳۴۵۶ <span class="date">تاریخ انتشار: ۱۷:۱۴ - ۲۰-۰۱-۱۳۹۶</span></div>
<div class="body">
<p>به گزارش ایسنا به نقل از روابط عمومی وزارت، این بند نخست متن خبر است که باید در متن بماند و به اندازه کافی بلند است.</p>
<p>بند دوم خبر، با جمله ای دیگر، که آن هم به اندازه کافی بلند است تا امتیاز بگیرد و در متن بماند.</p>
<figure><img src="/img/a.jpg" alt="عکس"><figcaption>زیرنویس عکس</figcaption></figure>
<p>بند سوم خبر، و پایان متن اصلی که نباید از دست برود، حتی اگر کوتاه تر باشد از بقیه.</p>
</div>
<div class="tags"><a href="/tag/1">سوریه</a><a href="/tag/2">ستاد کل</a></div>
<div class="related"><ul>
<li><a href="/news/1">خبر مرتبط اول با عنوانی به اندازه کافی بلند</a></li>
<li><a href="/news/2">خبر مرتبط دوم با عنوانی به اندازه کافی بلند</a></li>
</ul></div>
<footer>تمام حقوق محفوظ است</footer>
</body></html>)";

TEST(ExtractHtml, PersianNewsPage) {
  ExtractorOptions o;
  o.normalize = false;
  ExtractRequest req;
  req.base_url = "https://example.ir/news/123456/slug";
  auto r = Extractor(o).ExtractHtml(kPersianPage, req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Article& a = *r;
  EXPECT_EQ(a.title, "عنوان خبر آزمایشی");
  EXPECT_EQ(a.lead, "این لید خبر است که زیر عنوان می آید و خلاصه خبر را می گوید.");
  ASSERT_EQ(a.body.size(), 3u);
  EXPECT_EQ(a.body[1], "بند دوم خبر، با جمله ای دیگر، که آن هم به اندازه کافی بلند است تا امتیاز بگیرد و در متن بماند.");
  EXPECT_EQ(a.site_name, "سایت نمونه");
  EXPECT_EQ(a.lang, "fa");
  EXPECT_EQ(a.dir, "rtl");
  EXPECT_EQ(a.canonical_url, "https://example.ir/news/123456/slug");
  EXPECT_EQ(a.news_id, "123456");
  EXPECT_EQ(a.source.agency, "ایسنا");
  EXPECT_EQ(a.source.via, std::vector<std::string>{"روابط عمومی وزارت"});
  EXPECT_EQ(a.tags, (std::vector<std::string>{"سوریه", "ستاد کل"}));
  EXPECT_EQ(a.other_headlines, (std::vector<std::string>{"خبر مرتبط اول با عنوانی به اندازه کافی بلند",
                                                         "خبر مرتبط دوم با عنوانی به اندازه کافی بلند"}));
  ASSERT_EQ(a.images.size(), 1u);
  EXPECT_EQ(a.images[0].src, "https://example.ir/img/a.jpg");
  EXPECT_EQ(a.images[0].caption, "زیرنویس عکس");
  EXPECT_EQ(a.published.jalali, "1396-01-20 17:14");
  EXPECT_EQ(a.published.iso, "2017-04-09T17:14:00+04:30");
  EXPECT_EQ(a.page_today.jalali, "1404-12-03");
  EXPECT_FALSE(a.updated.present);
  EXPECT_EQ(a.content_html.substr(0, 3), "<p>");
  EXPECT_EQ(a.content_html.find("<script"), std::string::npos);
}

TEST(ExtractHtml, SanitizedContentHasOnlyAllowedTags) {
  auto r = Extractor().ExtractHtml(
      "<html><body><div class=content><p onclick=x>A long enough paragraph, with commas, to be the "
      "content of <b>this</b> page <script>alert(1)</script> and more text here.</p>"
      "<p>Second paragraph &lt;script&gt; stays as text, not markup, and is long enough.</p></div></body></html>");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->content_html.find("onclick"), std::string::npos);
  EXPECT_EQ(r->content_html.find("<script"), std::string::npos);
  EXPECT_NE(r->content_html.find("&lt;script&gt;"), std::string::npos);
}

// NUL characters are dropped before the page is read (myhtml gave one markup
// two texts with them): the page reads as it does without them.
TEST(ExtractHtml, NulCharactersAreDropped) {
  const std::string clean =
      "<html><head><meta charset=utf-8><title>عنوان خبر</title></head><body><div class=content>"
      "<p>یک بند به اندازهٔ کافی بلند، با ویرگول، تا متن اصلی این صفحه باشد و بماند.</p>"
      "<p>بند دوم هم به اندازهٔ کافی بلند است تا در متن بیاید.</p></div></body></html>";
  std::string with_nul;  // NULs in the title, after each <p> and in a tag
  for (char c : clean) {
    with_nul += c;
    if (c == '>' || c == '<') with_nul += std::string(2, '\0');
  }
  ASSERT_NE(with_nul.find('\0'), std::string::npos);
  auto a = Extractor().ExtractHtml(clean);
  auto b = Extractor().ExtractHtml(with_nul);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->title, a->title);
  EXPECT_EQ(b->text_content, a->text_content);
  EXPECT_EQ(b->text_content.find('\0'), std::string::npos);
  EXPECT_NE(std::find(b->warnings.begin(), b->warnings.end(), "NUL characters removed"),
            b->warnings.end());
}

// JSON-LD is read without nlohmann's tree; this reference reads it with
// nlohmann as the extractor did before (headline, author, publisher,
// articleSection of the first article-typed object; @graph; last key wins).
struct LdReference {
  std::string headline, author, publisher, section;
};
std::string RefText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object())
    if (auto n = v.find("name"); n != v.end() && n->is_string()) return n->get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string s = RefText(e);
      if (s.empty()) continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  return "";
}
void RefRead(const nlohmann::json& j, LdReference* r, int depth) {
  if (depth > 8) return;
  if (j.is_array()) {
    for (const auto& e : j) RefRead(e, r, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  if (auto g = j.find("@graph"); g != j.end()) RefRead(*g, r, depth + 1);
  auto t = j.find("@type");
  if (t == j.end()) return;
  auto ok = [](const std::string& s) { return s.find("Article") != std::string::npos || s == "WebPage"; };
  bool article = t->is_string() ? ok(t->get<std::string>()) : false;
  if (t->is_array())
    for (const auto& e : *t) article |= e.is_string() && ok(e.get<std::string>());
  if (!article) return;
  bool page = t->is_string() && t->get<std::string>() == "WebPage";
  auto take = [&](const char* key, std::string* out) {
    if (auto v = j.find(key); out->empty() && v != j.end()) *out = RefText(*v);
  };
  if (!page || r->headline.empty()) take("headline", &r->headline);
  if (page) return;
  take("author", &r->author);
  take("articleSection", &r->section);
  take("publisher", &r->publisher);
}

TEST(JsonLd, ReadsWhatNlohmannReads) {
  const std::string kArticle = R"("@type":"NewsArticle")";
  const std::vector<std::string> cases = {
      R"({"@type":"NewsArticle","headline":"Plain headline","author":{"name":"A. Writer"}})",
      "\xEF\xBB\xBF" R"({"@type":"NewsArticle","headline":"After a BOM"})",
      "\xEF\xBB" R"({"@type":"NewsArticle","headline":"Half a BOM"})",
      R"({"@type":"NewsArticle","headline":"Trailing comma",})",
      R"({"@type":"NewsArticle","headline":"Comment"} /* x */)",
      R"({"@type":"NewsArticle","headline":"Garbage after"} x)",
      R"(  {"@type":"NewsArticle","headline":"Spaces around"}  )" "\r\n\t",
      R"({"@type":"NewsArticle","headline":"Leading zero","n":01})",
      R"({"@type":"NewsArticle","headline":"Numbers","n":[0,-0,1.5e3,-2E-2,123456789012345678901234,1e-999]})",
      R"({"@type":"NewsArticle","headline":"Overflow","n":1e999})",
      R"({"@type":"NewsArticle","headline":"Bad numbers","n":1.})",
      R"({"@type":"NewsArticle","headline":"Bad numbers","n":-})",
      R"({"@type":"NewsArticle","headline":"Bad numbers","n":.5})",
      R"({"@type":"NewsArticle","headline":"Bad numbers","n":+1})",
      R"({"@type":"NewsArticle","headline":"Literals","n":[true,false,null]})",
      R"({"@type":"NewsArticle","headline":"Bad literal","n":tru})",
      R"({"@type":"NewsArticle","headline":"Escapes \"q\" \\ \/ \b\f\n\r\t \u00e9 \u062e \ud83d\ude00"})",
      R"({"@type":"NewsArticle","headline":"Lone surrogate \ud83d"})",
      R"({"@type":"NewsArticle","headline":"Lone low surrogate \ude00"})",
      R"({"@type":"NewsArticle","headline":"Bad escape \a"})",
      R"({"@type":"NewsArticle","headline":"Short escape \u12"})",
      "{\"@type\":\"NewsArticle\",\"headline\":\"Raw control \x01 char\"}",
      "{\"@type\":\"NewsArticle\",\"headline\":\"Raw tab \t char\"}",
      "{\"@type\":\"NewsArticle\",\"headline\":\"UTF-8 \xd8\xae\xd8\xa8\xd8\xb1 \xf0\x9f\x98\x80\"}",
      "{\"@type\":\"NewsArticle\",\"headline\":\"Overlong \xc0\x80\"}",
      "{\"@type\":\"NewsArticle\",\"headline\":\"Surrogate \xed\xa0\x80\"}",
      "{\"@type\":\"NewsArticle\",\"headline\":\"Past U+10FFFF \xf4\x90\x80\x80\"}",
      "{\"@type\":\"NewsArticle\",\"headline\":\"Cut \xe2\x82\"}",
      R"({"@type":"NewsArticle","headline":"First","headline":"Last wins"})",
      R"({"@type":"NewsArticle","head\u006cine":"Escaped key"})",
      R"({"@graph":[{"@type":"WebSite","name":"Site"},{"@type":["Thing","NewsArticle"],"headline":"In graph",)"
      R"("author":[{"name":"One"},"Two",{"x":1},[],["Three"]],"publisher":{"name":"Pub"},"articleSection":"World"}]})",
      R"([{"@type":"WebPage","headline":"Page headline"},{"@type":"NewsArticle","headline":"Article headline"}])",
      R"({"@type":"NewsArticle","headline":"Unclosed")",
      R"({"@type":"NewsArticle","headline":"Unclosed string)",
      R"({"@type":"NewsArticle","headline":"Missing colon","a" 1})",
      R"({"@type":"NewsArticle","headline":"Wrong close"])",
      R"([[[[[[[[[[{"@type":"NewsArticle","headline":"Too deep"}]]]]]]]]]])",
      R"({"@type":"NewsArticle","headline":"Empty containers","a":{},"b":[],"c":[{}]})",
      R"({"@type":"NewsArticle","headline":"Single quotes",'a':1})",
      "",
      "   ",
  };
  for (const std::string& ld : cases) {
    LdReference want;
    nlohmann::json j = nlohmann::json::parse(ld.begin(), ld.end(), nullptr, false);
    if (!j.is_discarded()) RefRead(j, &want, 0);
    std::string html = "<html><head><script type=\"application/ld+json\">" + ld +
                       "</script></head><body><div><p>Some body text that is long enough to be a paragraph of "
                       "the article, with a comma.</p></div></body></html>";
    ExtractorOptions o;
    o.normalize = false;
    ExtractRequest req;
    req.content_type = "text/html; charset=utf-8";  // bad UTF-8 stays as it is
    auto r = Extractor(o).ExtractHtml(html, req);
    ASSERT_TRUE(r.ok()) << ld;
    EXPECT_EQ(r->raw.title, extract::CollapseSpace(want.headline)) << ld;
    EXPECT_EQ(r->raw.byline, want.author) << ld;
    EXPECT_EQ(r->site_name, want.publisher) << ld;
    EXPECT_EQ(r->category, want.section) << ld;
  }
  // The reference's own results on a few of them, so that both cannot be wrong alike.
  LdReference g;
  RefRead(nlohmann::json::parse(cases[30]), &g, 0);
  EXPECT_EQ(g.headline, "In graph");
  EXPECT_EQ(g.author, "One, Two, Three");
  EXPECT_EQ(g.publisher, "Pub");
  EXPECT_EQ(g.section, "World");
  EXPECT_TRUE(nlohmann::json::parse(cases[2], nullptr, false).is_discarded());
  EXPECT_EQ(nlohmann::json::parse(cases[28])["headline"], "Last wins");
}

TEST(BadInput, SizeCap) {
  ExtractorOptions o;
  o.max_input_bytes = 100;
  auto r = Extractor(o).ExtractHtml(std::string(101, 'a'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), "resource exhausted: input of 101 bytes exceeds the cap of 100");
}

TEST(BadInput, DeepNestingIsBoundedAndReported) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep text";
  auto start = std::chrono::steady_clock::now();
  auto r = Extractor().ExtractHtml(html);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_LT(secs, 30.0);
  bool warned = false;
  for (const auto& w : r->warnings) warned |= w.find("nested deeper than 256") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(BadInput, BinaryAndTruncated) {
  std::string bin;
  for (int i = 0; i < 70000; ++i) bin.push_back(static_cast<char>((i * 7919) & 0xFF));
  EXPECT_TRUE(Extractor().ExtractHtml(bin).ok());
  EXPECT_TRUE(Extractor().ExtractText(bin).ok());
  EXPECT_TRUE(Extractor().Extract(bin).ok());
  EXPECT_TRUE(Extractor().ExtractHtml("<html><body><p>truncated <a href=\"").ok());
  EXPECT_TRUE(Extractor().ExtractHtml("").ok());
  EXPECT_TRUE(Extractor().ExtractText("").ok());
}

TEST(BadInput, TenMegabyteSingleLine) {
  std::string line(10 << 20, 'x');
  auto r = Extractor().ExtractText(line);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->warnings.empty());
  std::string html = "<html><body><p>" + line + "</p></body></html>";
  EXPECT_TRUE(Extractor().ExtractHtml(html).ok());
}

TEST(Extract, AutoDetect) {
  auto h = Extractor().Extract("<!doctype html><html><body><p>x</p></body></html>");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->input_kind, "html");
  auto t = Extractor().Extract("سطر یک\nسطر دو");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->input_kind, "text");
}

}  // namespace
}  // namespace khabar
