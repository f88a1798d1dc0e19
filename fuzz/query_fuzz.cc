// libFuzzer target: the search query syntax (and Jalali date filters) against
// a small in-memory archive. Must never crash; bad queries are errors.
#include <cstddef>
#include <cstdint>
#include <string>

#include "khabar/archive.h"

namespace {

khabar::Archive* Fixture() {
  static khabar::Archive* ar = [] {
    auto r = khabar::Archive::Open("");
    if (!r.ok()) __builtin_trap();
    const char* titles[] = {"کتاب\u200cها در نمایشگاه", "گفت\u200cوگو با وزیر", "ايران و كشور ۱۴۰۲",
                            "\"quoted\" OR NOT AND NEAR(x y)", "رئیس جمهور گفت"};
    int i = 0;
    for (const char* t : titles) {
      khabar::Article a;
      a.title = t;
      a.text_content = std::string(t) + " متن خبر";
      a.news_id = std::to_string(++i);
      a.published.present = true;
      a.published.unix_seconds = 1490041800 + i * 86400;
      if (!(*r)->Put(a, "f.ir", 1).ok()) __builtin_trap();
    }
    return r->release();
  }();
  return ar;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  khabar::SearchQuery q;
  size_t bar = s.find('|');
  q.text = s.substr(0, bar);
  if (bar != std::string::npos) {
    std::string rest = s.substr(bar + 1);
    size_t bar2 = rest.find('|');
    q.from_jalali = rest.substr(0, bar2);
    if (bar2 != std::string::npos) q.to_jalali = rest.substr(bar2 + 1);
  }
  q.stem = size % 2 == 0;
  q.sort = size % 3 == 0 ? khabar::SearchQuery::Sort::kTime : khabar::SearchQuery::Sort::kRank;
  auto r = Fixture()->Search(q);
  if (r.ok() && r->hits.size() > static_cast<size_t>(q.limit)) __builtin_trap();
  khabar::ArchiveTerms(s);
  khabar::ArchiveStem(s);
  return 0;
}
