// How the archive turns text into index terms: folding, ZWNJ parts, and the
// guarded stemmer. Shared by the FTS5 tokenizer (documents) and the query
// parser (queries), so both sides always agree. Internal to src/archive.
#ifndef KHABAR_ARCHIVE_TERMS_H_
#define KHABAR_ARCHIVE_TERMS_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/article.h"

namespace khabar::archive {

// Stem terms live in their own namespace: this byte, then the stem.
inline constexpr char kStemMarker = '\x01';

// One indexable word of a text.
struct WordTerms {
  size_t begin = 0, end = 0;        // byte span in the text
  std::string joined;               // folded, ZWNJ removed: «کتاب\u200cها» → «کتابها»
  std::vector<std::string> parts;   // folded ZWNJ parts (empty when there is one part)
  std::string stem;                 // ArchiveStem of the word ("" when it equals joined)
};

// Folds one word: ي ى → ی, ك → ک, ۀ → ه, digits → ASCII, Latin lower case,
// marks, tatweel, ZWNJ and ZWJ dropped, ٫ → '.'.
std::string FoldTerm(std::string_view word);

// Calls fn for each indexable word of text (Persian and Latin words, numbers,
// dates, times, hashtags without '#'), in order. O(text size).
void ForEachWord(std::string_view text, const std::function<void(const WordTerms&)>& fn);

// The guarded stem of a word as written (ZWNJ kept), folded. Rules:
//  - with ZWNJ: trailing parts that are inflectional suffixes (ها های هایی
//    تر ترین ی ای ام ات اش مان تان شان) are dropped (never a prefix: «می\u200cروم»
//    must not become «روم»);
//  - without ZWNJ: ها/های/هایی/ترین is dropped only when the lexicon knows the
//    rest and does not know the whole word, and the word is not listed as a
//    false friend (تنها, رها, بها, انتها, ...).
// Never strips ان/ات/ی from a run-together word (ایران ≠ ایر, جوان ≠ جو).
std::string StemWord(std::string_view word);

// A term stream: the terms the document tokenizer makes of a text, written
// out so that the tokenizer can replay them without analysing the text again
// (FTS5 indexes what it is given; only the terms and their order matter).
// Layout: kTermStreamMagic, then per term one flag byte (kTermNext: the next
// position, kTermColocated: same position as the previous term) and the term's
// bytes. Returns "" when a term would contain a flag byte (the caller then
// indexes the text itself). A pure function of text. O(text size).
inline constexpr std::string_view kTermStreamMagic = "\x1f\x1fkhabar-terms\x1f";
inline constexpr char kTermNext = '\x1e';
inline constexpr char kTermColocated = '\x1d';
std::string TermStream(std::string_view text);

// The term streams of an article's indexed texts — title, lead and body
// (ArticleBodyText) — as PutPage takes them in PageInfo::term_streams when
// they were computed ahead on other threads (ingest's extraction workers).
std::vector<std::string> ArticleTermStreams(const Article& a);

// The body text the archive stores and indexes: text_content, else the
// paragraphs joined by blank lines.
std::string ArticleBodyText(const Article& a);

// The article's JSON as articles.article_json holds it (schema 3): ToJson
// with title, lead and — when it is not empty, and so is the body column —
// text_content left out as "" (they are in the row's columns). *omits is set
// to the row's json_omits: 1 (title and lead) or 2 (and text_content). *a is
// as before on return (its texts are moved out and back, not copied).
std::string StoredArticleJson(Article* a, int* omits);

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_TERMS_H_
