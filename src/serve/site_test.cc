// Site: pages, feeds, static files and security, on an in-memory store.
#include "serve/site.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "serve/fake_data.h"

namespace khabar::serve {
namespace {

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& a = data_.Add(7, "گفت\u200cوگوی نویسندگان در شهرکرد", "خبرنگار", "1403-07-11 20:10",
                        "2024-10-02T20:10:00+03:30", 1727887200);
    a.article.lead = "نشست تازه با ۴۵ ناشر.";
    a.article.body = {"بند اول خبر.", "بند دوم خبر."};
    a.article.category = "فرهنگی";
    a.article.source.via = {"روابط عمومی اداره کل"};
    a.article.news_id = "81247";
    auto& x = data_.Add(8, "<script>alert(1)</script>", "<b>منبع</b>", "1403-07-12 09:00",
                        "2024-10-03T09:00:00+03:30", 1727933400);
    x.article.content_html = "<p>متن <img src=x onerror=alert(1)> پایان</p>";
    x.article.lead = "\"><img src=x onerror=alert(2)>";
    auto site = Site::Create(ServeOptions{}, &data_);
    ASSERT_TRUE(site.ok()) << site.status().ToString();
    site_ = std::move(*site);
  }

  HttpResponse Get(const std::string& target, const std::string& method = "GET") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    size_t q = target.find('?');
    std::string raw = target.substr(0, q);
    EXPECT_TRUE(PercentDecode(raw, &r.path, false));
    if (q != std::string::npos) r.query = target.substr(q + 1);
    r.headers.emplace_back("host", "127.0.0.1:8080");
    HttpResponse got = site_->Handle(r);
    return got.prepared ? got.prepared->response : got;
  }

  static std::string HeaderOf(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  FakeData data_;
  std::unique_ptr<Site> site_;
};

TEST_F(SiteTest, HomeIsPersianRtlAndListsHeadlines) {
  auto r = Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<html lang=\"fa\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/news/7\""), std::string::npos);
  EXPECT_NE(r.body.find("فرهنگی"), std::string::npos);           // by category
  EXPECT_NE(r.body.find("href=\"/source/"), std::string::npos);  // by source
  EXPECT_NE(r.body.find("<main id=\"main\""), std::string::npos);
  EXPECT_NE(r.body.find("<nav"), std::string::npos);
}

TEST_F(SiteTest, ArticlePage) {
  auto r = Get("/news/7");
  ASSERT_EQ(r.status, 200);
  const std::string& b = r.body;
  EXPECT_NE(b.find("کد خبر"), std::string::npos);
  EXPECT_NE(b.find("۸۱۲۴۷"), std::string::npos);  // Persian digits
  EXPECT_NE(b.find("<time datetime=\"2024-10-02T20:10:00+03:30\">"), std::string::npos);
  EXPECT_NE(b.find("۱۱ مهر ۱۴۰۳، ساعت ۲۰:۱۰"), std::string::npos);
  EXPECT_NE(b.find("روابط عمومی اداره کل"), std::string::npos);  // attribution chain
  EXPECT_NE(b.find("ارسال به دوستان"), std::string::npos);
  EXPECT_NE(b.find("https://t.me/share/url?url=http%3A%2F%2F127.0.0.1%3A8080%2Fnews%2F7"),
            std::string::npos);
  EXPECT_NE(b.find("https://wa.me/?text="), std::string::npos);
  EXPECT_NE(b.find("https://x.com/intent/post?url="), std::string::npos);
  EXPECT_NE(b.find("mailto:?subject="), std::string::npos);
  EXPECT_NE(b.find("class=\"copy-link\""), std::string::npos);
  EXPECT_NE(b.find("<p>بند دوم خبر.</p>"), std::string::npos);
}

TEST_F(SiteTest, XssTitleAndBodyAreEscapedEverywhere) {
  for (const char* t : {"/", "/news/8", "/search?q=alert", "/feed.rss", "/feed.atom",
                        "/source/%3Cb%3E%D9%85%D9%86%D8%A8%D8%B9%3C%2Fb%3E"}) {
    auto r = Get(t);
    EXPECT_EQ(r.status, 200) << t;
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << t;
    EXPECT_EQ(r.body.find("onerror=alert(1)"), std::string::npos) << t;
    EXPECT_EQ(r.body.find("<b>منبع"), std::string::npos) << t;
    EXPECT_EQ(r.body.find("<img src=x"), std::string::npos) << t;
  }
  auto r = Get("/news/8");
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(r.body.find("<p>متن <img loading=\"lazy\"> پایان</p>"), std::string::npos);
  EXPECT_NE(r.body.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
}

TEST_F(SiteTest, SecurityHeadersOnEveryResponse) {
  for (const char* t :
       {"/", "/news/7", "/nope", "/static/site.css", "/api/v1/sources", "/api/v1/x"}) {
    auto r = Get(t);
    EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff") << t;
    std::string csp = HeaderOf(r, "Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << t;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << t;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << t;
  }
}

TEST_F(SiteTest, StaticFilesAndNoPathTraversal) {
  auto ok = Get("/static/site.css");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(HeaderOf(ok, "Cache-Control"), "public, max-age=3600");
  for (const char* t : {"/static/../site.cc", "/static/%2e%2e/site.cc", "/static/..%2fsite.cc",
                        "/static/%2E%2E%2F%2E%2E%2FCMakeLists.txt", "/static/fonts/../../site.cc",
                        "/static/.hidden", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
                        "/static/..\\site.cc", "/static/site.css%00.js",
                        "/static/templates/../site.cc", "/static/fonts/%2e%2e/%2e%2e/site.cc"}) {
    auto r = Get(t);
    EXPECT_EQ(r.status, 404) << t;
    EXPECT_EQ(r.body.find("namespace khabar"), std::string::npos) << t;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << t;
  }
}

TEST_F(SiteTest, PersianErrorPages) {
  auto r = Get("/no/such/page");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("صفحه پیدا نشد"), std::string::npos);
  EXPECT_NE(r.body.find("۴۰۴"), std::string::npos);
  EXPECT_NE(r.body.find("dir=\"rtl\""), std::string::npos);
  EXPECT_EQ(Get("/news/999").status, 404);
  EXPECT_EQ(Get("/news/abc").status, 404);
  EXPECT_EQ(Get("/", "POST").status, 405);
}

TEST_F(SiteTest, SourceArchiveSearchMedia) {
  auto s = Get("/source/%D8%AE%D8%A8%D8%B1%D9%86%DA%AF%D8%A7%D8%B1");  // خبرنگار
  EXPECT_EQ(s.status, 200);
  EXPECT_NE(s.body.find("href=\"/news/7\""), std::string::npos);
  EXPECT_EQ(Get("/source/%D9%87%DB%8C%DA%86").status, 404);  // unknown source
  auto day = Get("/archive/1403/07/11");
  EXPECT_EQ(day.status, 200);
  EXPECT_NE(day.body.find("href=\"/news/7\""), std::string::npos);
  EXPECT_EQ(day.body.find("href=\"/news/8\""), std::string::npos);
  auto month = Get("/archive/1403/07");
  EXPECT_NE(month.body.find("href=\"/news/8\""), std::string::npos);
  EXPECT_NE(month.body.find("مهر ۱۴۰۳"), std::string::npos);
  EXPECT_EQ(Get("/archive/1403/13").status, 404);
  EXPECT_EQ(Get("/archive/1402/12/30").status, 404);  // 1402 is not a leap year
  auto q = Get("/search?q=%D9%86%D9%88%DB%8C%D8%B3%D9%86%D8%AF%DA%AF%D8%A7%D9%86");  // نویسندگان
  EXPECT_EQ(q.status, 200);
  EXPECT_NE(q.body.find("<mark>نویسندگان</mark>"), std::string::npos);
  EXPECT_NE(q.body.find("/search/feed.rss?q="), std::string::npos);
  EXPECT_EQ(q.body.find("class=\"note\""), std::string::npos);
  auto capped = Get("/search?q=a*");
  EXPECT_EQ(capped.status, 200);
  EXPECT_NE(capped.body.find("<p class=\"note\">واژه&zwnj;های این پیشوند بسیارند"), std::string::npos);
  auto api = Get("/api/v1/search?q=a*");
  EXPECT_EQ(api.body, "{\"hits\":[],\"next_cursor\":\"\",\"prefix_capped\":true,\"ranked\":false,"
                      "\"total_estimate\":0}");
  EXPECT_EQ(Get("/media").status, 200);
}

TEST_F(SiteTest, SearchErrors) {
  auto bad = Get("/search?q=(");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(bad.body.find("unbalanced parenthesis"), std::string::npos);
  auto boom = Get("/search?q=boom");
  EXPECT_EQ(boom.status, 500);
  EXPECT_NE(boom.body.find("خطای سرور"), std::string::npos);
  EXPECT_EQ(boom.body.find("disk on fire"), std::string::npos);  // no internals shown
  EXPECT_EQ(HeaderOf(boom, "Cache-Control"), "no-store");
}

// One article, and a GET of its page.
struct OneArticle {
  FakeData data;
  HttpRequest get;
  OneArticle() {
    data.Add(1, "نخست", "الف", "1403-07-11 20:10", "2024-10-02T20:10:00+03:30", 1727887200);
    get.method = "GET";
    get.target = get.path = "/news/1";
  }
};

TEST(SiteCache, GetAnswersAreKeptForCacheMs) {
  OneArticle one;
  FakeData& data = one.data;
  const HttpRequest& r = one.get;
  ServeOptions o;
  o.cache_ms = 60000;
  auto site = Site::Create(o, &data);
  ASSERT_TRUE(site.ok());
  auto first = (*site)->Handle(r);
  ASSERT_TRUE(first.prepared);
  ASSERT_EQ(first.prepared->response.status, 200);
  EXPECT_FALSE(first.prepared->gzip_body.empty());
  EXPECT_FALSE(first.prepared->etag.empty());
  EXPECT_GT(first.prepared->last_modified_unix, 0);
  data.articles[0].article.title = "دوم";
  auto again = (*site)->Handle(r);
  EXPECT_EQ(again.prepared, first.prepared);  // the same entry, nothing copied
  o.cache_ms = 0;
  auto fresh = Site::Create(o, &data);
  ASSERT_TRUE(fresh.ok());
  auto now = (*fresh)->Handle(r);
  EXPECT_FALSE(now.prepared);
  EXPECT_NE(now.body, first.prepared->response.body);
  EXPECT_NE(now.body.find("دوم"), std::string::npos);
}

TEST(SiteCache, RefreshKeepsLastModifiedWhenTheContentIsTheSame) {
  OneArticle one;
  FakeData& data = one.data;
  const HttpRequest& r = one.get;
  ServeOptions o;
  o.cache_ms = 1;
  auto site = Site::Create(o, &data);
  ASSERT_TRUE(site.ok());
  auto first = (*site)->Handle(r);
  ASSERT_TRUE(first.prepared);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto same = (*site)->Handle(r);  // expired: rendered again, same bytes
  ASSERT_TRUE(same.prepared);
  EXPECT_NE(same.prepared, first.prepared);
  EXPECT_EQ(same.prepared->etag, first.prepared->etag);
  EXPECT_EQ(same.prepared->last_modified_unix, first.prepared->last_modified_unix);
  data.articles[0].article.title = "دوم";
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto changed = (*site)->Handle(r);
  ASSERT_TRUE(changed.prepared);
  EXPECT_NE(changed.prepared->etag, first.prepared->etag);
  EXPECT_NE(changed.prepared->response.body.find("دوم"), std::string::npos);
}

TEST_F(SiteTest, QueryLengthLimit) {
  std::string q(600, 'a');
  EXPECT_EQ(Get("/search?q=" + q).status, 400);
  EXPECT_EQ(Get("/api/v1/search?q=" + q).status, 400);
  EXPECT_EQ(Get("/search/feed.rss?q=" + q).status, 400);
}

TEST_F(SiteTest, Feeds) {
  auto rss = Get("/feed.rss");
  EXPECT_EQ(rss.content_type, "application/rss+xml; charset=utf-8");
  EXPECT_NE(rss.body.find("<rss version=\"2.0\""), std::string::npos);
  EXPECT_NE(rss.body.find("<link>http://127.0.0.1:8080/news/7</link>"), std::string::npos);
  auto atom = Get("/feed.atom");
  EXPECT_NE(atom.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos);
  auto src = Get("/source/%D8%AE%D8%A8%D8%B1%D9%86%DA%AF%D8%A7%D8%B1/feed.atom");
  EXPECT_EQ(src.status, 200);
  EXPECT_NE(src.body.find("/news/7"), std::string::npos);
  EXPECT_EQ(src.body.find("/news/8"), std::string::npos);
  auto s = Get("/search/feed.rss?q=%D9%86%D9%88%DB%8C%D8%B3%D9%86%D8%AF%DA%AF%D8%A7%D9%86");
  EXPECT_EQ(s.status, 200);
  EXPECT_NE(s.body.find("/news/7"), std::string::npos);
}

}  // namespace
}  // namespace khabar::serve
