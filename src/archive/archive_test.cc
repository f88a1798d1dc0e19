#include "khabar/archive.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include <sqlite3.h>

#include "archive/date_range.h"
#include "archive/fts_tokenizer.h"
#include "archive/query.h"
#include "archive/schema.h"
#include "archive/terms.h"
#include "khabar/chars.h"

namespace khabar {
namespace {

namespace fs = std::filesystem;
const std::string Z(kZwnjUtf8);

std::string TempDb(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("khabar-archive-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path p = dir / (name + ".db");
  fs::remove(p);
  fs::remove(p.string() + "-wal");
  fs::remove(p.string() + "-shm");
  return p.string();
}

Article Make(const std::string& id, const std::string& title, const std::string& body,
             int64_t published = 0, const std::string& agency = "") {
  Article a;
  a.news_id = id;
  a.title = title;
  a.text_content = body;
  a.body = {body};
  a.url = "https://example.ir/news/" + id;
  a.source.agency = agency;
  if (published) {
    a.published.present = true;
    a.published.unix_seconds = published;
    a.published.has_time = true;
  }
  return a;
}

std::unique_ptr<Archive> OpenOrDie(const std::string& path) {
  auto r = Archive::Open(path);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

std::vector<int64_t> Ids(const Archive& ar, const std::string& text, bool stem = true,
                         const std::string& from = "", const std::string& to = "") {
  SearchQuery q;
  q.text = text;
  q.stem = stem;
  q.from_jalali = from;
  q.to_jalali = to;
  q.limit = 100;
  auto r = ar.Search(q);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  std::vector<int64_t> ids;
  if (r.ok())
    for (const auto& h : r->hits) ids.push_back(h.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(Archive, ThreeZwnjSpellingsFindTheSameArticles) {
  auto ar = OpenOrDie(TempDb("zwnj"));
  int64_t a = *ar->Put(Make("1", "کتاب" + Z + "ها در نمایشگاه", "متن اول"), "a.ir", 1);
  int64_t b = *ar->Put(Make("2", "کتاب ها در نمایشگاه", "متن دوم"), "a.ir", 1);
  int64_t c = *ar->Put(Make("3", "کتابها در نمایشگاه", "متن سوم"), "a.ir", 1);
  ar->Put(Make("4", "دفتر در نمایشگاه", "متن چهارم"), "a.ir", 1);
  std::vector<int64_t> all = {a, b, c};
  for (bool stem : {false, true}) {
    EXPECT_EQ(Ids(*ar, "کتاب" + Z + "ها", stem), all) << stem;
    EXPECT_EQ(Ids(*ar, "کتاب ها", stem), all) << stem;
    EXPECT_EQ(Ids(*ar, "کتابها", stem), all) << stem;
  }
  // The same for «گفت\u200cوگو» (issue 7's browser test).
  int64_t d = *ar->Put(Make("5", "گفت" + Z + "وگو با وزیر", "متن"), "a.ir", 1);
  int64_t e = *ar->Put(Make("6", "گفتوگو با وزیر", "متن"), "a.ir", 1);
  EXPECT_EQ(Ids(*ar, "گفت" + Z + "وگو"), (std::vector<int64_t>{d, e}));
  EXPECT_EQ(Ids(*ar, "گفتوگو"), (std::vector<int64_t>{d, e}));
}

TEST(Archive, ArabicLettersAndAllDigitScriptsMatch) {
  auto ar = OpenOrDie(TempDb("fold"));
  int64_t a = *ar->Put(Make("1", "يك كشور عربي", "سال ۱۴۰۲ و ۲۵ نفر"), "a.ir", 1);
  int64_t b = *ar->Put(Make("2", "یک کشور عربی", "سال 1402 و ٢٥ نفر"), "a.ir", 1);
  std::vector<int64_t> both = {a, b};
  EXPECT_EQ(Ids(*ar, "كشور"), both);
  EXPECT_EQ(Ids(*ar, "کشور"), both);
  EXPECT_EQ(Ids(*ar, "عربي"), both);
  EXPECT_EQ(Ids(*ar, "۱۴۰۲"), both);
  EXPECT_EQ(Ids(*ar, "1402"), both);
  EXPECT_EQ(Ids(*ar, "١٤٠٢"), both);
  EXPECT_EQ(Ids(*ar, "25"), both);
  EXPECT_EQ(Ids(*ar, "کِشوَر"), both);  // harakat ignored
}

TEST(Archive, StemmerNeverMergesFalseFriends) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"ایران", "ایر"}, {"تنها", "تن"}, {"رها", "ر"}, {"جوان", "جو"}, {"زبان", "زب"},
      {"بها", "ب"},     {"انتها", "انت"}, {"می" + Z + "روم", "روم"}, {"مردان", "مرد"},
      {"کتابی", "کتاب"}, {"علی", "عل"}, {"پایان", "پای"}, {"شهرستان", "شهر"},
  };
  for (const auto& [a, b] : pairs) {
    EXPECT_NE(ArchiveStem(a), ArchiveStem(b)) << a << " / " << b;
  }
  EXPECT_EQ(ArchiveStem("کتاب" + Z + "ها"), "کتاب");
  EXPECT_EQ(ArchiveStem("کتاب" + Z + "های"), "کتاب");
  EXPECT_EQ(ArchiveStem("بزرگ" + Z + "ترین"), "بزرگ");
  EXPECT_EQ(ArchiveStem("خانه" + Z + "ای"), "خانه");
  EXPECT_EQ(ArchiveStem("ایران"), "ایران");
  // And in search: «ایران» never finds «ایر», with the stemmer on.
  auto ar = OpenOrDie(TempDb("friends"));
  int64_t iran = *ar->Put(Make("1", "خبر ایران", "متن"), "a.ir", 1);
  int64_t ir = *ar->Put(Make("2", "خبر ایر", "متن"), "a.ir", 1);
  int64_t tanha = *ar->Put(Make("3", "تنها راه", "متن"), "a.ir", 1);
  int64_t tan = *ar->Put(Make("4", "تن ورزشکار", "متن"), "a.ir", 1);
  int64_t books = *ar->Put(Make("5", "کتاب" + Z + "های تازه", "متن"), "a.ir", 1);
  int64_t book = *ar->Put(Make("6", "کتاب تازه", "متن"), "a.ir", 1);
  EXPECT_EQ(Ids(*ar, "ایران"), (std::vector<int64_t>{iran}));
  EXPECT_EQ(Ids(*ar, "ایر"), (std::vector<int64_t>{ir}));
  EXPECT_EQ(Ids(*ar, "تنها"), (std::vector<int64_t>{tanha}));
  EXPECT_EQ(Ids(*ar, "تن"), (std::vector<int64_t>{tan}));
  // Stemming is per query.
  EXPECT_EQ(Ids(*ar, "کتاب" + Z + "ها", true), (std::vector<int64_t>{books, book}));
  EXPECT_EQ(Ids(*ar, "کتاب" + Z + "ها", false), (std::vector<int64_t>{}));
}

TEST(Archive, JalaliDateFiltersCutAtTehranMidnight) {
  auto ar = OpenOrDie(TempDb("dates"));
  // 1395-12-30 23:59 +03:30 (1395 is leap) and 1396-01-01 00:00 +03:30.
  int64_t last_of_1395 = *ar->Put(Make("1", "خبر نوروز", "متن", 1490041740), "a.ir", 1);
  int64_t first_of_1396 = *ar->Put(Make("2", "خبر نوروز", "متن", 1490041800), "a.ir", 1);
  // 1396-06-30 23:30 +04:30 (DST, the repeated hour) and 1396-06-31 00:00 +03:30.
  int64_t end_sh = *ar->Put(Make("3", "خبر نوروز", "متن", 1506020400), "a.ir", 1);
  int64_t next_day = *ar->Put(Make("4", "خبر نوروز", "متن", 1506025800), "a.ir", 1);
  EXPECT_EQ(Ids(*ar, "نوروز", true, "1396/01/01"),
            (std::vector<int64_t>{first_of_1396, end_sh, next_day}));
  EXPECT_EQ(Ids(*ar, "نوروز", true, "", "1395/12/30"), (std::vector<int64_t>{last_of_1395}));
  EXPECT_EQ(Ids(*ar, "نوروز", true, "", "1395/12/29"), (std::vector<int64_t>{}));
  EXPECT_EQ(Ids(*ar, "نوروز", true, "۱۳۹۶/۰۱/۰۱", "1396/06/30"),
            (std::vector<int64_t>{first_of_1396, end_sh}));
  EXPECT_EQ(Ids(*ar, "نوروز", true, "فروردین ۱۳۹۶"), (std::vector<int64_t>{first_of_1396, end_sh, next_day}));
  EXPECT_EQ(Ids(*ar, "نوروز", true, "فروردین ۱۳۹۶", "فروردین ۱۳۹۶"),
            (std::vector<int64_t>{first_of_1396}));
  EXPECT_EQ(Ids(*ar, "نوروز", true, "1396/01/01..1396/12/29"),
            (std::vector<int64_t>{first_of_1396, end_sh, next_day}));
  auto r = archive::JalaliPeriod("1396/06/30");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->end, 1506025800);
  EXPECT_FALSE(archive::JalaliPeriod("1396/12/30").ok());  // 1396 is not leap
}

TEST(Archive, IdempotentPutAndVersions) {
  std::string path = TempDb("versions");
  auto ar = OpenOrDie(path);
  Article a = Make("77", "عنوان", "متن نخست");
  auto r1 = ar->PutPage(a, "a.ir", {a.url, 10, "", 0, "", {}});
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->kind, PutKind::kNew);
  auto r2 = ar->PutPage(a, "a.ir", {a.url, 11, "", 0, "", {}});
  EXPECT_EQ(r2->kind, PutKind::kUnchanged);
  EXPECT_EQ(r2->id, r1->id);
  a.text_content = "متن ویرایش شده";
  auto r3 = ar->PutPage(a, "a.ir", {a.url, 12, "", 0, "", {}});
  EXPECT_EQ(r3->kind, PutKind::kNewVersion);
  EXPECT_EQ(r3->id, r1->id);
  EXPECT_EQ(r3->version, 2);
  auto v = ar->Versions(r1->id);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].article.text_content, "متن نخست");
  EXPECT_EQ((*v)[1].article.text_content, "متن ویرایش شده");
  EXPECT_EQ(Ids(*ar, "نخست"), (std::vector<int64_t>{}));
  EXPECT_EQ(Ids(*ar, "ویرایش"), (std::vector<int64_t>{r1->id}));
  ar.reset();
  auto again = OpenOrDie(path);
  auto st = again->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ((*st)["articles"], 1);
  EXPECT_EQ((*st)["versions"], 2);
  auto g = again->Get(r1->id);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->version, 2);
  EXPECT_EQ(g->site, "a.ir");
  EXPECT_EQ(again->Get(999).status().code(), StatusCode::kNotFound);
  // The JSON computed ahead (ingest's workers) is what is stored.
  a.text_content = "متن سوم";
  PageInfo p{a.url, 13, "", 0, a.ToJson(), {}};
  auto r4 = again->PutPage(a, "a.ir", p);
  ASSERT_TRUE(r4.ok());
  EXPECT_EQ(r4->kind, PutKind::kNewVersion);
  auto g4 = again->Get(r1->id);
  ASSERT_TRUE(g4.ok());
  EXPECT_EQ(g4->article.ToJson(), a.ToJson());
  EXPECT_EQ(Ids(*again, "سوم"), (std::vector<int64_t>{r1->id}));
}

TEST(Archive, SnippetsEscapeAndHighlight) {
  auto ar = OpenOrDie(TempDb("snippet"));
  ar->Put(Make("1", "<script>alert(1)</script>", "خبر مهم <b> & دیگر"), "a.ir", 1);
  SearchQuery q;
  q.text = "مهم";
  auto r = ar->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].snippet_html, "خبر <mark>مهم</mark> &lt;b&gt; &amp; دیگر");
  EXPECT_EQ(r->hits[0].title, "<script>alert(1)</script>");
  // Newest first computes the snippets in the candidate query: the same.
  ar->Put(Make("2", "دوم", "خبر مهم دوم"), "a.ir", 1);
  ar->Put(Make("3", "سوم", "خبر مهم سوم"), "a.ir", 1);
  q.sort = SearchQuery::Sort::kTime;
  q.limit = 2;
  for (const std::string cursor : {"", "o2"}) {
    q.cursor = cursor;
    auto t = ar->Search(q);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    for (const auto& h : t->hits) {
      const std::string want = h.id == 1 ? "خبر <mark>مهم</mark> &lt;b&gt; &amp; دیگر"
                               : h.id == 2 ? "خبر <mark>مهم</mark> دوم"
                                           : "خبر <mark>مهم</mark> سوم";
      EXPECT_EQ(h.snippet_html, want) << h.id;
    }
    EXPECT_EQ(t->hits.size(), cursor.empty() ? 2u : 1u);
  }
}

TEST(Archive, PhrasePrefixNotOrAndPaging) {
  auto ar = OpenOrDie(TempDb("syntax"));
  int64_t a = *ar->Put(Make("1", "رئیس جمهور گفت", "متن"), "a.ir", 1);
  int64_t b = *ar->Put(Make("2", "جمهور رئیس گفت", "متن"), "a.ir", 1);
  int64_t c = *ar->Put(Make("3", "جمهوری اسلامی", "متن"), "a.ir", 1);
  EXPECT_EQ(Ids(*ar, "\"رئیس جمهور\""), (std::vector<int64_t>{a}));
  EXPECT_EQ(Ids(*ar, "«رئیس جمهور»"), (std::vector<int64_t>{a}));
  EXPECT_EQ(Ids(*ar, "جمهور*"), (std::vector<int64_t>{a, b, c}));
  EXPECT_EQ(Ids(*ar, "گفت -\"رئیس جمهور\""), (std::vector<int64_t>{b}));
  EXPECT_EQ(Ids(*ar, "اسلامی OR رئیس"), (std::vector<int64_t>{a, b, c}));
  SearchQuery q;
  q.text = "گفت";
  q.limit = 1;
  auto p1 = ar->Search(q);
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1->hits.size(), 1u);
  ASSERT_EQ(p1->next_cursor, "o1");
  q.cursor = p1->next_cursor;
  auto p2 = ar->Search(q);
  ASSERT_EQ(p2->hits.size(), 1u);
  EXPECT_EQ(p2->next_cursor, "");
  EXPECT_NE(p1->hits[0].id, p2->hits[0].id);
  // Malformed input fails cleanly.
  q.cursor = "zz";
  EXPECT_EQ(ar->Search(q).status().code(), StatusCode::kInvalidArgument);
  q.cursor.clear();
  q.text = "\"";
  EXPECT_EQ(ar->Search(q).status().code(), StatusCode::kInvalidArgument);
  q.text = std::string(5000, 'a');
  EXPECT_EQ(ar->Search(q).status().code(), StatusCode::kResourceExhausted);
}

TEST(Archive, ListSourcesStats) {
  auto ar = OpenOrDie(TempDb("list"));
  ar->Put(Make("1", "یک", "متن", 1490041800, "ایسنا"), "a.ir", 1);
  ar->Put(Make("2", "دو", "متن", 1490041900, "ایسنا"), "a.ir", 1);
  ar->Put(Make("3", "سه", "متن", 1506025800), "b.ir", 1);
  ListQuery lq;
  lq.limit = 2;
  std::string next;
  auto l1 = ar->List(lq, &next);
  ASSERT_TRUE(l1.ok());
  ASSERT_EQ(l1->size(), 2u);
  EXPECT_EQ((*l1)[0].article.title, "سه");
  EXPECT_EQ((*l1)[1].article.title, "دو");
  lq.cursor = next;
  auto l2 = ar->List(lq, &next);
  ASSERT_EQ(l2->size(), 1u);
  EXPECT_EQ((*l2)[0].article.title, "یک");
  EXPECT_EQ(next, "");
  ListQuery day;
  day.day_jalali = "1396-01-01";
  EXPECT_EQ(ar->List(day, nullptr)->size(), 2u);
  ListQuery src;
  src.source = "ایسنا";
  EXPECT_EQ(ar->List(src, nullptr)->size(), 2u);
  auto s = ar->Sources();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, (std::vector<std::pair<std::string, int64_t>>{{"ایسنا", 2}, {"b.ir", 1}}));
  // The source filter follows the same rule as Sources (agency, else site):
  // each source lists exactly the articles it counts.
  for (const auto& [name, count] : *s) {
    ListQuery by;
    by.source = name;
    EXPECT_EQ(static_cast<int64_t>(ar->List(by, nullptr)->size()), count) << name;
  }
}

std::vector<int64_t> Ordered(const Archive& ar, SearchQuery q, bool* ranked = nullptr) {
  std::vector<int64_t> ids;
  while (true) {
    auto r = ar.Search(q);
    EXPECT_TRUE(r.ok()) << q.text << ": " << r.status().ToString();
    if (!r.ok()) break;
    if (ranked) *ranked = r->ranked;
    for (const auto& h : r->hits) ids.push_back(h.id);
    if (r->next_cursor.empty()) break;
    q.cursor = r->next_cursor;
  }
  return ids;
}

// Issue 6: a query too common to rank comes newest published first (not in
// storage order), articles without a publish time last; date filters cut it.
TEST(Archive, UnrankedResultsAreNewestPublishedFirst) {
  ArchiveOptions o;
  o.rank_max_matches = 0;  // every query is "common"
  auto r = Archive::Open(TempDb("unranked"), o);
  ASSERT_TRUE(r.ok());
  Archive& ar = **r;
  // Stored in this order; published: 2017-03-21, none, 2017-09-21, 2016-01-01, 2017-04-09.
  int64_t a = *ar.Put(Make("1", "خبر یک", "متن", 1490041800), "a.ir", 1);
  int64_t b = *ar.Put(Make("2", "خبر دو", "متن"), "a.ir", 1);
  int64_t c = *ar.Put(Make("3", "خبر سه", "متن", 1506025800), "a.ir", 1);
  int64_t d = *ar.Put(Make("4", "خبر چهار", "متن", 1451606400), "a.ir", 1);
  int64_t e = *ar.Put(Make("5", "خبر پنج", "متن", 1491756840), "a.ir", 1);
  SearchQuery q;
  q.text = "خبر";
  q.limit = 2;
  bool ranked = true;
  EXPECT_EQ(Ordered(ar, q, &ranked), (std::vector<int64_t>{c, e, a, d, b}));
  EXPECT_FALSE(ranked);
  q.from_jalali = "1396";  // 2017-03-21 .. 2018-03-21, Tehran
  EXPECT_EQ(Ordered(ar, q), (std::vector<int64_t>{c, e, a}));
  q.from_jalali = "";
  q.to_jalali = "1395";  // up to 2017-03-21 00:00 Tehran: unknown times are out
  EXPECT_EQ(Ordered(ar, q), (std::vector<int64_t>{d}));
  // Ranked queries sorted by time take the same order.
  auto r2 = Archive::Open(TempDb("unranked-time"));
  ASSERT_TRUE(r2.ok());
  int64_t x = *(*r2)->Put(Make("1", "خبر", "متن", 1490041800), "a.ir", 1);
  int64_t y = *(*r2)->Put(Make("2", "خبر", "متن", 1506025800), "a.ir", 1);
  SearchQuery t;
  t.text = "خبر";
  t.sort = SearchQuery::Sort::kTime;
  EXPECT_EQ(Ordered(**r2, t, &ranked), (std::vector<int64_t>{y, x}));
  EXPECT_TRUE(ranked);
}

// A new version with another text and publish time: the index forgets the old
// text and files the article under its new time.
TEST(Archive, NewVersionIsReindexed) {
  ArchiveOptions o;
  o.rank_max_matches = 0;
  auto r = Archive::Open(TempDb("reindex"), o);
  ASSERT_TRUE(r.ok());
  Archive& ar = **r;
  int64_t a = *ar.Put(Make("1", "خبر کهنه", "متن", 1490041800), "a.ir", 1);
  int64_t b = *ar.Put(Make("2", "خبر دیگر", "متن", 1491756840), "a.ir", 1);
  EXPECT_EQ(*ar.Put(Make("1", "خبر تازه", "متن", 1506025800), "a.ir", 2), a);
  EXPECT_EQ(Ids(ar, "کهنه"), std::vector<int64_t>{});
  EXPECT_EQ(Ids(ar, "تازه"), std::vector<int64_t>{a});
  SearchQuery q;
  q.text = "خبر";
  EXPECT_EQ(Ordered(ar, q), (std::vector<int64_t>{a, b}));
}

// The term stream the ingest workers compute is exactly what the tokenizer
// would index: the same terms, in order, at the same positions.
TEST(Archive, TermStreamReplaysTheTokenizer) {
  for (std::string text : {"کتاب" + Z + "های تازه در ۱۴۰۲ و KHABAR #خبر", std::string(""),
                           "مردان، کتابها و بزرگ" + Z + "ترین خانه" + Z + "ای"}) {
    std::string want;
    archive::ForEachWord(text, [&](const archive::WordTerms& t) {
      want += "|" + t.joined;
      for (const auto& p : t.parts)
        if (p != t.joined) want += "+" + p;
      if (!t.stem.empty()) want += "+" + std::string(1, archive::kStemMarker) + t.stem;
    });
    std::string s = archive::TermStream(text);
    ASSERT_EQ(s.rfind(archive::kTermStreamMagic, 0), 0u);
    std::string got;
    for (char ch : s.substr(archive::kTermStreamMagic.size()))
      got += ch == archive::kTermNext ? std::string("|") : ch == archive::kTermColocated ? "+" : std::string(1, ch);
    EXPECT_EQ(got, want) << text;
  }
  // Indexing through precomputed streams finds the same articles.
  auto ar = OpenOrDie(TempDb("stream"));
  Article art = Make("1", "کتاب" + Z + "ها", "بزرگ" + Z + "ترین نمایشگاه");
  PageInfo page;
  page.url = art.url;
  page.fetched_unix = 1;
  page.term_streams = archive::ArticleTermStreams(art);
  EXPECT_EQ(page.term_streams, (std::vector<std::string>{archive::TermStream(art.title), archive::TermStream(art.lead),
                                                          archive::TermStream(archive::ArticleBodyText(art))}));
  int64_t id = ar->PutPage(art, "a.ir", page)->id;
  EXPECT_EQ(Ids(*ar, "کتابها"), std::vector<int64_t>{id});
  EXPECT_EQ(Ids(*ar, "بزرگ"), std::vector<int64_t>{id});
}

// A file written by schema version 1 (FTS rowid = id, triggers) is migrated
// to version 2 on open and searches the same.
TEST(Archive, MigratesSchemaVersion1) {
  std::string path = TempDb("v1");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(archive::RegisterTokenizer(db).ok());
    std::string script = std::string("BEGIN;") + archive::kSchemaV1 +
                         "INSERT INTO sites(name) VALUES ('a.ir');COMMIT;";
    ASSERT_EQ(sqlite3_exec(db, script.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    const char* ins =
        "INSERT INTO articles(key, site_id, version, text_hash, title, lead, body, category, news_id,"
        " url, canonical_url, published_unix, published_iso, published_jalali, fetched_unix,"
        " article_json) VALUES (?1, 1, 1, 'h', ?2, '', ?3, '', ?4, '', '', ?5, '', '', 1, ?6)";
    int n = 0;
    for (auto [title, t] : std::vector<std::pair<std::string, int64_t>>{
             {"خبر کتاب" + Z + "ها", 1490041800}, {"خبر دوم", 1506025800}, {"خبر سوم", 1451606400}}) {
      Article a = Make(std::to_string(++n), title, "متن", t);
      sqlite3_stmt* st = nullptr;
      ASSERT_EQ(sqlite3_prepare_v2(db, ins, -1, &st, nullptr), SQLITE_OK);
      std::string key = "id:a.ir:" + a.news_id, json = a.ToJson();
      sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 2, a.title.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 3, a.text_content.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 4, a.news_id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 5, t);
      sqlite3_bind_text(st, 6, json.c_str(), -1, SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
  }
  ArchiveOptions o;
  o.rank_max_matches = 0;
  auto r = Archive::Open(path, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Archive& ar = **r;
  EXPECT_EQ((*ar.Stats())["schema_version"], kArchiveSchemaVersion);
  SearchQuery q;
  q.text = "خبر";
  EXPECT_EQ(Ordered(ar, q), (std::vector<int64_t>{2, 1, 3}));
  EXPECT_EQ(Ids(ar, "کتابها"), std::vector<int64_t>{1});
  int64_t id = *ar.Put(Make("9", "خبر تازه", "متن", 1600000000), "a.ir", 1);
  EXPECT_EQ(id, 4);
  EXPECT_EQ(Ordered(ar, q), (std::vector<int64_t>{4, 2, 1, 3}));
  auto got = ar.Get(1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->article.title, "خبر کتاب" + Z + "ها");
}

// Articles of every text shape: text_content and paragraphs, paragraphs only,
// text_content only, no lead (the excerpt is the first paragraph), nothing.
std::vector<Article> TextShapes() {
  std::vector<Article> v;
  Article a = Make("1", "عنوان یک", "بند یک\n\nبند دو", 1490041800, "ایسنا");
  a.body = {"بند یک", "بند دو"};
  a.lead = "لید یک";
  a.raw.title = "عنوان خام";
  a.raw.body = a.body;
  v.push_back(a);
  Article b = Make("2", "عنوان دو", "", 1490041801);
  b.body = {"فقط بند"};
  b.text_content.clear();
  v.push_back(b);
  Article c = Make("3", "عنوان سه", "فقط متن", 0);
  c.body.clear();
  c.lead = "لید سه";
  v.push_back(c);
  Article d = Make("4", "", "", 1490041803);
  d.body.clear();
  d.text_content.clear();
  d.category = "ورزشی";
  v.push_back(d);
  return v;
}

// Schema 3 stores the text once (json_omits); Get, List and Versions give
// back exactly the article put, whatever its shape.
TEST(Archive, TextStoredOnceComesBackWhole) {
  auto ar = OpenOrDie(TempDb("once"));
  std::vector<Article> shapes = TextShapes();
  for (const auto& a : shapes) ASSERT_TRUE(ar->Put(a, "a.ir", 1).ok());
  for (int64_t id = 1; id <= 4; ++id) {
    auto g = ar->Get(id);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->article, shapes[id - 1]) << id;
    EXPECT_EQ(g->article.ToJson(), shapes[id - 1].ToJson()) << id;
  }
  ListQuery lq;
  lq.limit = 10;
  auto l = ar->List(lq, nullptr);
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(l->size(), 4u);
  for (const auto& sa : *l) EXPECT_EQ(sa.article, shapes[sa.id - 1]) << sa.id;
  // A new version: the old one is kept whole.
  Article a2 = shapes[0];
  a2.text_content = "متن تازه";
  a2.body = {"متن تازه"};
  ASSERT_EQ(ar->Put(a2, "a.ir", 2).ok(), true);
  auto v = ar->Versions(1);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].article, shapes[0]);
  EXPECT_EQ((*v)[1].article, a2);
  // The JSON as the workers compute it, and a.ToJson() from other callers.
  for (bool stored : {true, false}) {
    Article x = shapes[stored ? 1 : 2];
    x.news_id = stored ? "20" : "30";
    PageInfo p;
    p.url = x.url;
    int omits = 0;
    p.article_json = stored ? archive::StoredArticleJson(&x, &omits) : x.ToJson();
    auto r = ar->PutPage(x, "a.ir", p);
    ASSERT_TRUE(r.ok());
    auto g = ar->Get(r->id);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->article, x);
  }
  // The stored JSON holds no second copy of the text.
  Article big = shapes[0];
  int omits = 0;
  std::string json = archive::StoredArticleJson(&big, &omits);
  EXPECT_EQ(omits, 2);
  EXPECT_EQ(big, shapes[0]);  // given back as it was
  EXPECT_EQ(json.find("عنوان یک"), std::string::npos) << json;
  EXPECT_EQ(json.find("لید یک"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"text_content\":\"\""), json.find("\"text_content\":")) << json;
}

// A file written by schema 2 (rows with the whole article in article_json)
// opens, migrates to 3, and reads, searches and takes new versions as before.
TEST(Archive, MigratesSchemaVersion2) {
  std::string path = TempDb("v2");
  std::vector<Article> shapes = TextShapes();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(archive::RegisterTokenizer(db).ok());
    std::string script = std::string("BEGIN;") + archive::kSchemaV1 + archive::kMigrateV1ToV2 +
                         "INSERT INTO sites(name) VALUES ('a.ir');COMMIT;";
    ASSERT_EQ(sqlite3_exec(db, script.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    // As version 2's Put wrote them: the whole ToJson, tkey, the index.
    const char* ins =
        "INSERT INTO articles(id, key, site_id, version, text_hash, title, lead, body, category, news_id,"
        " url, canonical_url, published_unix, published_iso, published_jalali, fetched_unix,"
        " article_json, tkey) VALUES (?1, ?2, 1, 1, 'h', ?3, ?4, ?5, ?6, ?7, ?8, '', ?9, '', '', 1, ?10,"
        " ?11)";
    int64_t id = 0;
    for (const Article& a : shapes) {
      ++id;
      sqlite3_stmt* st = nullptr;
      ASSERT_EQ(sqlite3_prepare_v2(db, ins, -1, &st, nullptr), SQLITE_OK);
      std::string key = "id:a.ir:" + a.news_id, json = a.ToJson(), body = archive::ArticleBodyText(a);
      sqlite3_bind_int64(st, 1, id);
      sqlite3_bind_text(st, 2, key.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 3, a.title.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 4, a.lead.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 5, body.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 6, a.category.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 7, a.news_id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 8, a.url.c_str(), -1, SQLITE_TRANSIENT);
      if (a.published.present) sqlite3_bind_int64(st, 9, a.published.unix_seconds);
      sqlite3_bind_text(st, 10, json.c_str(), -1, SQLITE_TRANSIENT);
      const int64_t t = a.published.present ? (a.published.unix_seconds + (int64_t{1} << 33)) << 28 : 0;
      sqlite3_bind_int64(st, 11, t + id);
      ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
      sqlite3_finalize(st);
    }
    ASSERT_EQ(sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto ar = OpenOrDie(path);
  EXPECT_EQ((*ar->Stats())["schema_version"], kArchiveSchemaVersion);
  for (int64_t id = 1; id <= 4; ++id) {
    auto g = ar->Get(id);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->article, shapes[id - 1]) << id;
  }
  EXPECT_EQ(Ids(*ar, "بند"), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(Ids(*ar, "لید"), (std::vector<int64_t>{1, 3}));
  // An old row's new version: the old JSON is kept as it was.
  Article a2 = shapes[0];
  a2.text_content = "متن تازه";
  auto r = ar->Put(a2, "a.ir", 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 1);
  auto v = ar->Versions(1);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].article, shapes[0]);
  EXPECT_EQ((*v)[1].article, a2);
  EXPECT_EQ(Ids(*ar, "تازه"), (std::vector<int64_t>{1}));
  EXPECT_EQ(Ids(*ar, "بند"), (std::vector<int64_t>{2}));
  // New rows next to old ones.
  Article n = Make("9", "خبر تازه دیگر", "متن", 1600000000);
  auto id = ar->Put(n, "a.ir", 3);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(ar->Get(*id)->article, n);
}

}  // namespace
}  // namespace khabar
