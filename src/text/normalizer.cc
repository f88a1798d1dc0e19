// Normalizer: character pass (char_map), then a segment pass that decides
// digits, punctuation, spacing and half-spaces with context.
#include "khabar/normalizer.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "khabar/chars.h"
#include "text/char_map.h"
#include "text/embedded_data.h"
#include "text/halfspace.h"
#include "text/string_set.h"

namespace khabar {

using text::Char;

namespace {

// Lines longer than this are normalized in pieces cut at a space (or, failing
// that, anywhere), so memory stays bounded on a 1 GB line.
constexpr size_t kMaxPiece = 1 << 20;

enum class Seg { kSpace, kWord, kLatin, kNumber, kUrl, kEmail, kMarkup, kPunct, kOther };

struct Segment {
  Seg kind;
  size_t begin, end;  // indices into the char vector
};

bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
bool IsWordChar(char32_t c) { return IsArabicLetter(c) || IsArabicMark(c) || c == kZwnj; }

bool StartsWithAscii(const std::vector<Char>& v, size_t i, std::string_view s) {
  if (i + s.size() > v.size()) return false;
  for (size_t k = 0; k < s.size(); ++k) {
    char32_t c = v[i + k].c;
    if (c < 128 && c >= 'A' && c <= 'Z') c += 32;
    if (c != static_cast<unsigned char>(s[k])) return false;
  }
  return true;
}

bool IsUrlStart(const std::vector<Char>& v, size_t i) {
  return StartsWithAscii(v, i, "http://") || StartsWithAscii(v, i, "https://") ||
         StartsWithAscii(v, i, "ftp://") || StartsWithAscii(v, i, "www.");
}

bool IsEmailChar(char32_t c) {
  return (c < 128 && (std::isalnum(static_cast<int>(c)) || c == '.' || c == '_' || c == '%' ||
                      c == '+' || c == '-'));
}

// If an e-mail address starts at i, returns its end index, else i.
size_t MatchEmail(const std::vector<Char>& v, size_t i) {
  size_t j = i;
  while (j < v.size() && IsEmailChar(v[j].c)) ++j;
  if (j == i || j >= v.size() || v[j].c != '@') return i;
  size_t k = j + 1, dot = 0;
  while (k < v.size() && IsEmailChar(v[k].c)) {
    if (v[k].c == '.') dot = k;
    ++k;
  }
  while (k > j + 1 && (v[k - 1].c == '.' || v[k - 1].c == '-')) --k;
  if (dot == 0 || dot + 2 > k) return i;
  return k;
}

// An HTML or XML tag starting at v[i] == '<': «<b>», «</p>», «<br/>»,
// «<a href="…" title='…' hidden>». Returns the index after its '>', or i if
// there is none. A quoted value may not hold '<', so a scan stops at the next
// tag and a line is scanned in linear time.
size_t MatchTag(const std::vector<Char>& v, size_t i) {
  const size_t n = v.size();
  auto alpha = [](char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto name_char = [&](char32_t c) {
    return alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
  };
  size_t k = i + 1;
  if (k < n && v[k].c == '/') ++k;
  if (k >= n || !alpha(v[k].c)) return i;
  while (k < n && name_char(v[k].c)) ++k;
  for (;;) {
    size_t spaces = k;
    while (k < n && v[k].c == ' ') ++k;
    if (k >= n) return i;
    if (v[k].c == '>') return k + 1;
    if (v[k].c == '/' && k + 1 < n && v[k + 1].c == '>') return k + 2;
    if (k == spaces || !alpha(v[k].c)) return i;  // attributes are set apart by spaces
    while (k < n && name_char(v[k].c)) ++k;
    if (k < n && v[k].c == '=') {
      ++k;
      if (k >= n) return i;
      const char32_t q = v[k].c;
      if (q == '"' || q == '\'') {
        ++k;
        // (U+FFFD: an invalid byte, which the tag's bytes must not carry out)
        while (k < n && v[k].c != q && v[k].c != '<' && v[k].c != kReplacement) ++k;
        if (k >= n || v[k].c != q) return i;
        ++k;
      } else {
        const size_t b = k;
        while (k < n && v[k].c != ' ' && v[k].c != '>' && v[k].c != '<' && v[k].c != '"' &&
               v[k].c != '\'' && v[k].c != '=' && v[k].c != '`' && v[k].c != kReplacement)
          ++k;
        if (k == b) return i;
      }
    }
  }
}

bool IsClosingPunct(char32_t c) {
  switch (c) {
    case '.': case ',': case 0x060C: case ';': case 0x061B: case '?': case 0x061F: case '!':
    case ':': case ')': case ']': case '}': case 0x00BB: case 0x2026:
      return true;
    default:
      return false;
  }
}
bool IsOpeningPunct(char32_t c) { return c == '(' || c == '[' || c == '{' || c == 0x00AB; }

// Appends the UTF-8 of the characters v[b, e) to *out: encoded into a
// stack buffer and appended in blocks (no call per character, no zero-fill;
// this runs on every word and every emitted segment).
void AppendChars(const std::vector<Char>& v, size_t b, size_t e, std::string* out) {
  constexpr size_t kBlock = 256;  // characters per block
  char buf[kBlock * 4];
  while (b < e) {
    const size_t stop = std::min(e, b + kBlock);
    char* p = buf;
    for (size_t k = b; k < stop; ++k) {
      const char32_t cp = v[k].c;
      if (cp < 0x80) {
        *p++ = static_cast<char>(cp);
      } else if (cp < 0x800) {
        *p++ = static_cast<char>(0xC0 | (cp >> 6));
        *p++ = static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        *p++ = static_cast<char>(0xE0 | (cp >> 12));
        *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *p++ = static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        *p++ = static_cast<char>(0xF0 | (cp >> 18));
        *p++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *p++ = static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    out->append(buf, static_cast<size_t>(p - buf));
    b = stop;
  }
}

std::string ToUtf8(const std::vector<Char>& v, size_t b, size_t e) {
  std::string s;
  AppendChars(v, b, e, &s);
  return s;
}

// Calls fn with each line of a data/ list that is neither blank nor a «#» comment.
template <typename F>
void ForEachListLine(std::string_view d, F fn) {
  size_t p = 0;
  while (p < d.size()) {
    size_t e = d.find('\n', p);
    if (e == std::string_view::npos) e = d.size();
    std::string_view line = d.substr(p, e - p);
    p = e + 1;
    if (!line.empty() && line[0] != '#') fn(line);
  }
}

// Word rules of the segment pass that need a lexicon but no corpus evidence.
// Each returns true and writes *out when it applies.
class WordRules {
 public:
  WordRules(const Lexicon* lex, const NormalizerOptions& o) : lex_(lex), o_(o) {}

  bool Known(std::string_view w) const { return lex_ && lex_->Contains(w); }

  // Two words split by a space that are one word, beyond the half-space rules:
  // «بر می\u200cدارم» → «برمی\u200cدارم», «درست تری» → «درست\u200cتری», «بهانه ء» → «بهانهٔ»,
  // «خاک آلود» → «خاک\u200cآلود».
  // `next` and `next2` are the two words after w2 (empty if none).
  bool Join(std::string_view w1, std::string_view w2, std::string_view next, std::string_view next2,
            std::string* out) const {
    if (w1 == "بر" && (StartsWith(w2, std::string("می") + std::string(kZwnjUtf8)) ||
                         StartsWith(w2, std::string("نمی") + std::string(kZwnjUtf8))) && Known(Affirmative(w2))) {
      *out = std::string(w1) + std::string(w2);
      return true;
    }
    if (w2 == "تری" && Letters(w1) >= 2 && Known(w1) &&
        (Known(std::string(w1) + "تر") || Known(Glue(w1, "تر")))) {
      if (o_.joined_tar || (Known(std::string(w1) + "تر") && IsNonJoiningLetter(LastChar(w1))))
        *out = std::string(w1) + std::string(w2);
      else
        *out = Glue(w1, w2);
      return true;
    }
    // «هم چنین» is the adverb «همچنین» (also) unless «چنین» (such) qualifies
    // what follows: an indefinite noun («اگر هم چنین مسئله\u200cای رخ دهد», «من هم
    // چنین پیشنهادی نداده\u200cام») or «است/بود/…» («او هم چنین است»).
    if (w1 == "هم" && w2 == "چنین") {
      // The noun's suffix may still be written apart («مسئله ای», «پیروزی های»);
      // a plural with its ezafe («پیروزی\u200cهای خفیف») is no indefinite.
      const bool plural =
          next2 == "ها" || next2 == "های" || EndsWith(next, std::string(kZwnjUtf8) + "های") ||
          (EndsWith(next, "های") && Known(next.substr(0, next.size() - std::strlen("های"))));
      const bool indefinite = !plural && ((EndsWith(next, "ی") && next != "می" && next != "نمی") ||
                                          next2 == "ای" || next2 == "ی" || next2 == "هایی");
      if (indefinite || IsCopula(next)) return false;
      *out = o_.separated_compounds ? Glue(w1, w2) : std::string(w1) + std::string(w2);
      return true;
    }
    // House style «separated»: «به عنوان» → «به\u200cعنوان», «این جا» → «این\u200cجا».
    if (o_.separated_compounds) {
      if (const auto* contexts = SeparatedPair(w1, w2)) {
        if (contexts->empty() ||
            std::find(contexts->begin(), contexts->end(), next) != contexts->end()) {
          *out = Glue(w1, w2);
          return true;
        }
        return false;
      }
    }
    // «این جا», «آن جا» → «اینجا», «آنجا» (the Academy writes them as one
    // word; news text has no other reading of the pair).
    if (w2 == "جا" && (w1 == "این" || w1 == "آن")) {
      *out = std::string(w1) + std::string(w2);
      return true;
    }
    // A pronoun written apart from a plural: «خواب\u200cهای تان» → «خواب\u200cهایتان»
    // (the Academy's «کتاب\u200cهایمان»).
    if ((w2 == "مان" || w2 == "تان" || w2 == "شان") && EndsWith(w1, "های") && Letters(w1) >= 5 &&
        (EndsWith(w1, std::string(kZwnjUtf8) + "های") || Known(w1) ||
         Known(w1.substr(0, w1.size() - std::strlen("های"))))) {
      *out = std::string(w1) + std::string(w2);
      return true;
    }
    if (w2 == "ء" && EndsWith(w1, "ه") && Letters(w1) >= 2 && o_.ezafe != EzafeStyle::kKeep) {
      *out = Ezafe(w1);
      return true;
    }
    // The first tail t in the list with w2 one of t, t+«ی», t+«ها».
    if (uint32_t i = BoundTailIndex().Find(w2); i != text::StringTable::kMissing) {
      const auto& [tail, bound] = BoundTails()[i];
      if (Letters(w1) < 2 || !Known(w1)) return false;
      std::string z = Glue(w1, w2);
      if (bound || Known(z) || Known(Glue(w1, tail))) {
        *out = z;
        return true;
      }
      return false;
    }
    return false;
  }

  // A cheap necessary condition of Join(w1, w2).
  static bool MayJoin(std::string_view w1, std::string_view w2) {
    return w1 == "بر" || w2 == "تری" || w2 == "ء" || w2 == "جا" || w2 == "مان" || w2 == "تان" || w2 == "شان" ||
           BoundTailIndex().Find(w2) != text::StringTable::kMissing;
  }
  // A cheap necessary condition of the pairs Join(w1, w2) takes that no
  // half-space rule does («هم چنین», the separated style).
  bool MayJoinPhrase(std::string_view w1, std::string_view w2) const {
    return (w1 == "هم" && w2 == "چنین") ||
           (o_.separated_compounds && SeparatedFirstParts().Contains(w1));
  }

  // One word, before half-space restoration.
  bool Word(std::string_view prev, std::string_view w, std::string* out) const {
    // House style «separated»: «اینجا» → «این\u200cجا», «همچنین» → «هم\u200cچنین».
    if (o_.separated_compounds) {
      const auto& joined = SeparatedForms().joined;
      if (auto it = joined.find(std::string(w)); it != joined.end()) {
        *out = it->second;
        return true;
      }
    }
    // Ezafe and indefinite after silent «ه»: «بهانهء» → «بهانهٔ»,
    // «خانه\u200cی» → «خانهٔ» (hamza style), «خانه\u200cیی/خانه\u200cئی» → «خانه\u200cای».
    if (EndsWith(w, "هء") && o_.ezafe != EzafeStyle::kKeep) {
      *out = Ezafe(w.substr(0, w.size() - std::strlen("ء")));
      return true;
    }
    const std::string heh_z = std::string("ه") + std::string(kZwnjUtf8);
    if (BuildsHamzaEzafe(o_.ezafe) && EndsWith(w, heh_z + "ی") && Letters(w) >= 4) {
      *out = std::string(w.substr(0, w.size() - heh_z.size() - std::strlen("ی"))) + "هٔ";
      return true;
    }
    // «است» is written apart after silent «ه»: «شده\u200cاست» → «شده است».
    if (EndsWith(w, heh_z + "است") && Letters(w) >= 6) {
      *out = std::string(w.substr(0, w.size() - std::strlen("است") - kZwnjUtf8.size())) + " است";
      return true;
    }
    for (const char* yi : {"یی", "ئی"}) {
      if (EndsWith(w, heh_z + yi) && Letters(w) >= 5) {
        *out = std::string(w.substr(0, w.size() - std::strlen(yi))) + "ای";
        return true;
      }
    }
    if (w.find(kZwnjUtf8) != std::string_view::npos) return false;
    // Future of a verb, the auxiliary written onto its neighbours:
    // «برنخواهدگشت» → «بر نخواهد گشت» (the Academy writes the three apart).
    {
      std::string_view rest = w;
      std::string pre;
      if (StartsWith(rest, "بر") && !Known(w)) {
        pre = "بر";
        rest.remove_prefix(pre.size());
      }
      std::string neg = StartsWith(rest, "ن") ? "ن" : "";
      rest.remove_prefix(neg.size());
      // (The word list has some run-together forms, «خواهدرفت»: not a reason to keep them.)
      if (StartsWith(rest, "خواه")) {
        std::string_view r = rest.substr(std::strlen("خواه"));
        for (const char* person : {"یم", "ید", "ند", "م", "ی", "د"}) {
          if (!StartsWith(r, person)) continue;
          std::string_view stem = r.substr(std::strlen(person));
              bool verb = Letters(stem) >= 2 && Known(std::string(stem) + "ن");
          if (!verb && !(stem.empty() && !pre.empty())) continue;
          std::string aux = neg + "خواه" + person;
          *out = pre.empty() ? aux : pre + " " + aux;
          if (!stem.empty()) *out += " " + std::string(stem);
          return true;
        }
      }
    }
    // «برمیدارم» → «برمی\u200cدارم»: the preverb «بر» on a «می» verb.
    for (const char* pre : {"برمی", "برنمی"}) {
      if (!StartsWith(w, pre) || Known(w)) continue;
      std::string_view rest = w.substr(std::strlen(pre));
      std::string verb = std::string("می") + std::string(kZwnjUtf8) + std::string(rest);
      if (Letters(rest) >= 2 && Known(verb)) {
        *out = std::string(pre) + std::string(kZwnjUtf8) + std::string(rest);
        return true;
      }
    }
    // After «تو» (you), «میدانی» is the verb: «تو می\u200cدانی».
    if (prev == "تو" && StartsWith(w, "می") && Letters(w) >= 4) {
      std::string verb = std::string("می") + std::string(kZwnjUtf8) + std::string(w.substr(std::strlen("می")));
      if (Known(verb)) {
        *out = verb;
        return true;
      }
    }
    return false;
  }

  // A last check on a restored spelling `out` of the run-together word `w`,
  // against readings that news text shows to be wrong:
  //  - a plural of a known stem that ends in a non-joining letter is already
  //    spelled right run together: «درآمدهای», «سازهای» (not «درآمده\u200cای»);
  //  - a split of two content words after a silent «ه» needs a first part of
  //    four letters or more and not «الله» (whose «ه» is pronounced):
  //    «درهمین», «بدهکاری», «آنهاست», «اللهیار» stay; «نمره\u200cسؤال» is split.
  bool PlausibleRestore(std::string_view w, std::string_view out) const {
    for (const char* suf : {"هایی", "های", "ها"}) {
      if (!EndsWith(w, suf)) continue;
      std::string_view stem = w.substr(0, w.size() - std::strlen(suf));
      if (Letters(stem) >= 2 && Known(stem) && IsNonJoiningLetter(LastChar(stem))) return false;
      break;
    }
    const std::string heh_z = std::string("ه") + std::string(kZwnjUtf8);
    size_t z = out.find(heh_z);
    if (z != std::string_view::npos && out.find(kZwnjUtf8, z + heh_z.size()) == std::string_view::npos) {
      std::string_view left = out.substr(0, z + std::strlen("ه"));
      std::string_view right = out.substr(z + heh_z.size());
      static const char* const kSuffixes[] = {"ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان",
                                              "هایشان", "ای", "ام", "ایم", "اید", "اند", "ات", "اش", "ی"};
      bool suffix = false;
      for (const char* x : kSuffixes) suffix |= right == x;
      if (!suffix && (Letters(left) < 4 || left == "الله" || left == "غیره")) return false;
    }
    //  - «بی» before a verb form is the subjunctive «ب» + «ی»: «بیانجامد» stays,
    //    because «می\u200cانجامد» is a verb; «بی\u200cاساس» is not.
    const std::string bi_z = std::string("بی") + std::string(kZwnjUtf8);
    if (StartsWith(out, bi_z) &&
        Known(std::string("می") + std::string(kZwnjUtf8) + std::string(out.substr(bi_z.size()))))
      return false;
    return true;
  }

  // Letters of other Arabic-script alphabets (Pashto, Kurdish, Urdu, Arabic)
  // that stand in for Persian ones in decorated or mis-keyed text: «ۿدف»,
  // «ػمګ», «إښټ». Mapped only when that gives a known word and the word as
  // written is not known, so a Pashto or Kurdish word keeps its letters; «إ»
  // only beside another look-alike, since Arabic words in Persian text keep it.
  static char32_t LookalikeOf(char32_t c) {
    switch (c) {
      case 0x06FF: return 0x0647;                                      // ۿ → ه
      case 0x063B: case 0x063C: case 0x06AC: return 0x06A9;            // ػ ؼ ڬ → ک (ګ: see Lookalike)
      case 0x0688: case 0x0689: case 0x068A: return 0x062F;            // ڈ ډ ڊ → د
      case 0x0691: case 0x0692: case 0x0694: case 0x0695: return 0x0631;  // ڑ ڒ ڔ ڕ → ر
      case 0x069A: return 0x0633;                                      // ښ → س
      case 0x069C: return 0x0634;                                      // ڜ → ش
      case 0x0679: case 0x067A: case 0x067C: return 0x062A;            // ٹ ٺ ټ → ت
      case 0x0625: case 0x0672: case 0x0673: return 0x0627;            // إ ٲ ٳ → ا
      case 0x06BA: case 0x06BB: return 0x0646;                         // ں ڻ → ن
      case 0x06B5: return 0x0644;                                      // ڵ → ل
      case 0x06C6: case 0x06C7: case 0x06C8: case 0x06CB: return 0x0648;  // ۆ ۇ ۈ ۋ → و
      default: return 0;
    }
  }
  // Known as a whole, or each part between ZWNJs known («کتاب\u200cها»).
  bool KnownParts(std::string_view w) const {
    if (Known(w)) return true;
    if (w.find(kZwnjUtf8) == std::string_view::npos) return false;
    for (size_t b = 0; b <= w.size();) {
      size_t e = w.find(kZwnjUtf8, b);
      if (e == std::string_view::npos) e = w.size();
      std::string_view part = w.substr(b, e - b);
      if (part != "ها" && part != "های" && !Known(part)) return false;
      b = e + kZwnjUtf8.size();
    }
    return true;
  }
  // «ګ» is «گ» in Dari typed on a Pashto layout («ګزارش») and «ک» in
  // decorated text («ػمګ»): both are tried, «گ» first.
  bool Lookalike(std::string_view w, std::string* out) const {
    if (!lex_) return false;
    for (char32_t ring_kaf : {char32_t{0x06AF}, char32_t{0x06A9}}) {
      std::string cand;
      bool any = false, has_ring_kaf = false;
      for (size_t i = 0; i < w.size();) {
        char32_t c = DecodeUtf8(w, &i);
        char32_t m = c >= 0x0600 && c <= 0x06FF ? LookalikeOf(c) : 0;
        if (c == 0x06AB) m = ring_kaf, has_ring_kaf = true;
        any |= m != 0 && c != 0x0625;  // «إ» alone is Arabic spelling («إلا», «وإن»): kept
        AppendUtf8(m ? m : c, &cand);
      }
      if (!any || Known(w)) return false;
      if (KnownParts(cand)) {
        *out = std::move(cand);
        return true;
      }
      if (!has_ring_kaf) return false;
    }
    return false;
  }

  // A run of three or more of one letter squeezed to one, else two, when that
  // gives a known word and the word as written is not known: «سلاممم» → «سلام».
  bool Squeeze(std::string_view w, std::string* out) const {
    if (!lex_) return false;
    std::u32string u;
    for (size_t i = 0; i < w.size();) u.push_back(DecodeUtf8(w, &i));
    bool has_run = false;
    for (size_t i = 0; i + 2 < u.size(); ++i) has_run |= u[i] == u[i + 1] && u[i] == u[i + 2];
    if (!has_run || Known(w)) return false;
    for (size_t keep : {1, 2}) {
      std::string cand;
      for (size_t i = 0; i < u.size();) {
        size_t j = i;
        while (j < u.size() && u[j] == u[i]) ++j;
        size_t n = j - i >= 3 ? keep : j - i;
        for (size_t k = 0; k < n; ++k) AppendUtf8(u[i], &cand);
        i = j;
      }
      if (Known(cand)) {
        *out = cand;
        return true;
      }
    }
    return false;
  }

  // A ZWNJ after a letter that does not join does nothing: it is dropped from
  // a restored spelling (the word list has a few such, «مؤ\u200cلف»).
  static std::string DropUselessZwnj(std::string_view s) {
    std::string out;
    char32_t prev = 0;
    for (size_t i = 0; i < s.size();) {
      size_t b = i;
      char32_t c = DecodeUtf8(s, &i);
      if (c == kZwnj && (IsNonJoiningLetter(prev) || prev == 0)) continue;
      out.append(s.substr(b, i - b));
      prev = c;
    }
    return out;
  }
  static bool HasUselessZwnj(std::string_view s) { return DropUselessZwnj(s) != s; }

 private:
  static bool StartsWith(std::string_view s, std::string_view t) { return s.substr(0, t.size()) == t; }
  static bool EndsWith(std::string_view s, std::string_view t) {
    return s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
  }
  static size_t Letters(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }
  static char32_t LastChar(std::string_view s) {
    size_t i = s.size();
    while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
    if (i > 0) --i;
    return s.empty() ? 0 : DecodeUtf8(s, &i);
  }
  static std::string Glue(std::string_view a, std::string_view b) {
    std::string out(a);
    if (!IsNonJoiningLetter(LastChar(a))) out.append(kZwnjUtf8);
    out.append(b);
    return out;
  }
  static std::string Affirmative(std::string_view verb) {
    if (StartsWith(verb, "ن")) verb.remove_prefix(std::strlen("ن"));
    return std::string(verb);
  }
  std::string Ezafe(std::string_view w) const {
    if (o_.ezafe == EzafeStyle::kYeh) return std::string(w) + std::string(kZwnjUtf8) + "ی";
    return std::string(w) + "\u0654";
  }
  static bool IsCopula(std::string_view w) {
    for (const char* c : {"است", "بود", "هست", "نیست", "باشد", "بوده", "نبود", "نباشد"})
      if (w == c) return true;
    return false;
  }
  // data/separated_forms.txt: the house style «separated».
  struct Separated {
    // "a b" → the words that must follow (empty: any).
    std::unordered_map<std::string, std::vector<std::string>> pairs;
    // "ab" (the parts written as one word) → "a" ZWNJ "b".
    std::unordered_map<std::string, std::string> joined;
    text::StringTable first_parts;
  };
  static const Separated& SeparatedForms() {
    static const auto* forms = [] {
      auto* f = new Separated;
      ForEachListLine(text::embedded::kSeparatedForms, [&](std::string_view line) {
        std::vector<std::string> contexts;
        if (size_t colon = line.find(':'); colon != std::string_view::npos) {
          std::string_view rest = line.substr(colon + 1);
          line = line.substr(0, colon);
          size_t q = 0;
          while (q < rest.size()) {
            size_t sp = rest.find(' ', q);
            if (sp == std::string_view::npos) sp = rest.size();
            if (sp > q) contexts.emplace_back(rest.substr(q, sp - q));
            q = sp + 1;
          }
        }
        size_t sp = line.find(' ');
        if (sp == std::string_view::npos) return;
        std::string a(line.substr(0, sp)), b(line.substr(sp + 1));
        f->first_parts.Add(a, 0);
        if (contexts.empty() && a != "به") f->joined.emplace(a + b, Glue(a, b));
        f->pairs.emplace(a + " " + b, std::move(contexts));
      });
      f->joined.emplace("همچنین",
                        Glue("هم", "چنین"));  // the adverb; its spaced form is a rule of Join
      f->first_parts.Freeze();
      return f;
    }();
    return *forms;
  }
  static const text::StringTable& SeparatedFirstParts() { return SeparatedForms().first_parts; }
  static const std::vector<std::string>* SeparatedPair(std::string_view a, std::string_view b) {
    const auto& pairs = SeparatedForms().pairs;
    auto it = pairs.find(std::string(a) + " " + std::string(b));
    return it == pairs.end() ? nullptr : &it->second;
  }
  // data/bound_tails.txt: second parts of compounds; «*» marks the ones that
  // never stand alone (joined without lexicon evidence for the compound).
  static const std::vector<std::pair<std::string, bool>>& BoundTails() {
    static const auto* tails = [] {
      auto* v = new std::vector<std::pair<std::string, bool>>;
      ForEachListLine(text::embedded::kBoundTails, [&](std::string_view line) {
        bool bound = line.back() == '*';
        if (bound) line.remove_suffix(1);
        while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
        v->emplace_back(std::string(line), bound);
      });
      return v;
    }();
    return *tails;
  }
  // Each tail t, t+«ی» and t+«ها» → the index in BoundTails() of the first
  // tail that spells it.
  static const text::StringTable& BoundTailIndex() {
    static const auto* index = [] {
      auto* t = new text::StringTable;
      const auto& tails = BoundTails();
      for (uint32_t i = 0; i < tails.size(); ++i)
        for (const char* x : {"", "ی", "ها"}) t->Add(tails[i].first + x, i);
      t->Freeze();
      return t;
    }();
    return *index;
  }
  const Lexicon* lex_;
  const NormalizerOptions& o_;
};

}  // namespace

// Word decisions repeat (news text is Zipfian), so each thread remembers them
// per normalizer: the answer for a word depends only on the word, the options
// and the lexicon (and, for «می» words, whether «تو» precedes), which the key
// includes. Bounded: cleared when it holds kMemoCap entries; words longer than
// Memo::kMaxWord bytes are not remembered.
constexpr size_t kMemoCap = 1 << 18;

// An open-addressing table whose slots carry a hash tag and whose entries are
// one cache line each with the word inline: a hit reads one slot and one line
// (plus the arena for a changed word); a probe past another word reads only
// its slot. Nothing is allocated per word. Memory: at most 2 MB of slots and
// 16 MB of entries, plus the changed spellings.
class Memo {
 public:
  static constexpr size_t kMaxWord = 52;  // longer words are not remembered
  struct alignas(64) Entry {
    uint32_t val_off, val_len;
    uint8_t key_len;
    bool after_to, changed;
    char key[kMaxWord + 1];
  };
  static_assert(sizeof(Entry) == 64);

  static uint64_t Hash(std::string_view w, bool after_to) {
    return text::HashBytes(w) ^ (after_to ? 0x9E3779B97F4A7C15ull : 0);
  }
  size_t size() const { return entries_.size(); }
  void Clear() {
    entries_.clear();
    arena_.clear();
    if (!slots_.empty()) std::fill(slots_.begin(), slots_.end(), 0u);
    for (Entry& r : recent_) r.key_len = kNoKey;
  }
  // The entry of (w, after_to), or null; valid until the next Insert or
  // Clear. REQUIRES: w.size() <= kMaxWord
  const Entry* Find(std::string_view w, bool after_to, uint64_t h) {
    if (slots_.empty()) return nullptr;
    // The most frequent words answer from `recent_`, 64 KB, without touching
    // the big table.
    Entry& r = recent_[(h >> 20) & (kRecent - 1)];
    if (r.key_len == w.size() && r.after_to == after_to && std::memcmp(r.key, w.data(), w.size()) == 0) return &r;
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t pos = h & mask_;; pos = (pos + 1) & mask_) {
      const uint64_t slot = slots_[pos];
      if (slot == 0) return nullptr;
      if (static_cast<uint32_t>(slot >> 32) != tag) continue;
      const Entry& e = entries_[static_cast<uint32_t>(slot) - 1];
      if (e.after_to == after_to && e.key_len == w.size() && std::memcmp(e.key, w.data(), w.size()) == 0) {
        r = e;
        return &r;
      }
    }
  }
  std::string_view Value(const Entry& e) const { return std::string_view(arena_).substr(e.val_off, e.val_len); }
  // REQUIRES: Find(w, after_to, h) is null, w.size() <= kMaxWord, size() < kMemoCap
  void Insert(std::string_view w, bool after_to, uint64_t h, bool changed, std::string_view value) {
    if (slots_.empty()) {
      slots_.assign(kMemoCap * 2, 0);
      mask_ = slots_.size() - 1;
      recent_.resize(kRecent);
      for (Entry& r : recent_) r.key_len = kNoKey;
      entries_.reserve(kMemoCap);  // address space only until used; no copies as it fills
    }
    Entry& e = entries_.emplace_back();
    e.val_off = e.val_len = 0;
    e.key_len = static_cast<uint8_t>(w.size());
    e.after_to = after_to;
    e.changed = changed;
    std::memcpy(e.key, w.data(), w.size());
    if (changed) {
      e.val_off = static_cast<uint32_t>(arena_.size());
      e.val_len = static_cast<uint32_t>(value.size());
      arena_.append(value);
    }
    size_t pos = h & mask_;
    while (slots_[pos] != 0) pos = (pos + 1) & mask_;
    slots_[pos] = (h & 0xFFFFFFFF00000000ull) | entries_.size();
  }

 private:
  static constexpr size_t kRecent = 1 << 14;  // direct-mapped by hash (1 MB)
  static constexpr uint8_t kNoKey = 0xFF;  // key_len of an empty recent_ entry
  std::vector<Entry> recent_;
  std::vector<uint64_t> slots_;  // (hash tag << 32) | (index + 1) into entries_; 0 = empty
  std::vector<Entry> entries_;
  std::string arena_;            // spellings of changed words
  size_t mask_ = 0;
};

std::atomic<uint64_t> g_next_normalizer_id{1};

struct Normalizer::Impl {
  NormalizerOptions options;
  std::shared_ptr<const Lexicon> lexicon;
  text::CharMapper mapper;
  text::HalfSpace halfspace;
  const uint64_t id = g_next_normalizer_id.fetch_add(1);

  Impl(const NormalizerOptions& o, std::shared_ptr<const Lexicon> lex)
      : options(o), lexicon(lex), mapper(options), halfspace(lex, options) {}

  Memo& ThreadMemo() const {
    thread_local uint64_t owner = 0;
    thread_local Memo memo;
    if (owner != id) {
      memo.Clear();
      owner = id;
    }
    if (memo.size() >= kMemoCap) memo.Clear();
    return memo;
  }

  void Segment(const std::vector<Char>& v, std::vector<Segment>* segs) const;
  void Line(std::string_view line, size_t base, std::string* out, std::vector<OffsetSpan>* map,
            std::vector<NormalizeWarning>* warnings) const;
};

void Normalizer::Impl::Segment(const std::vector<Char>& v, std::vector<::khabar::Segment>* segs) const {
  size_t i = 0, n = v.size();
  while (i < n) {
    char32_t c = v[i].c;
    size_t j = i + 1;
    Seg kind;
    if (c == ' ') {
      while (j < n && v[j].c == ' ') ++j;
      kind = Seg::kSpace;
    } else if (IsUrlStart(v, i)) {
      while (j < n && v[j].c != ' ') ++j;
      // Trailing punctuation belongs to the sentence, not the URL.
      while (j > i + 1 && (IsClosingPunct(v[j - 1].c) && v[j - 1].c != ')' && v[j - 1].c != '/')) --j;
      kind = Seg::kUrl;
    } else if (size_t e = MatchEmail(v, i); e > i) {
      j = e;
      kind = Seg::kEmail;
    } else if (IsWordChar(c) && !IsArabicMark(c)) {
      while (j < n && IsWordChar(v[j].c)) ++j;
      // A ZWNJ at the end of a word does nothing; leave it to the space logic.
      kind = Seg::kWord;
    } else if (IsLatinLetter(c)) {
      while (j < n && (IsLatinLetter(v[j].c) || (v[j].c < 128 && std::isdigit(static_cast<int>(v[j].c))) ||
                       v[j].c == '_' ||
                       ((v[j].c == '\'' || v[j].c == '-') && j + 1 < n && IsLatinLetter(v[j + 1].c)) ||
                       (v[j].c == '-' && j + 1 < n && IsDigit(v[j + 1].c))))
        ++j;
      kind = Seg::kLatin;
    } else if (IsDigit(c)) {
      // Digits with inner separators: 1,200  3.5  ۱۳۹۶/۰۱/۲۰  17:14  20-01-1396  ۳٫۵
      while (j < n) {
        char32_t d = v[j].c;
        if (IsDigit(d)) {
          ++j;
        } else if ((d == '.' || d == ',' || d == '/' || d == ':' || d == '-' || d == 0x066B ||
                    d == 0x066C || d == 0x060C) &&
                   j + 1 < n && IsDigit(v[j + 1].c)) {
          j += 2;
        } else {
          break;
        }
      }
      kind = Seg::kNumber;
    } else if (IsArabicMark(c)) {
      while (j < n && IsArabicMark(v[j].c)) ++j;
      kind = Seg::kOther;
    } else if (c == kZwnj) {
      kind = Seg::kSpace;  // a lone ZWNJ between non-letters acts as nothing
    } else if (size_t e = c == '<' ? MatchTag(v, i) : i; e > i) {
      j = e;
      kind = Seg::kMarkup;  // passed through as written
    } else if (c < 128 && std::ispunct(static_cast<int>(c))) {
      kind = Seg::kPunct;
    } else if (IsClosingPunct(c) || IsOpeningPunct(c) || c == 0x061F || c == 0x061B ||
               c == 0x060C || c == 0x066A || c == 0x2013 || c == 0x2014 || c == 0x201C ||
               c == 0x201D) {
      kind = Seg::kPunct;
    } else {
      kind = Seg::kOther;
    }
    segs->push_back({kind, i, j});
    i = j;
  }
}

namespace {

// The ligature ezafe style: every «هٔ» (U+0647 U+0654) from byte `from` on
// becomes «ۀ» (U+06C0).
void LigatureEzafe(std::string* s, size_t from) {
  static constexpr std::string_view kHehHamza = "\u0647\u0654", kLigature = "\u06C0";
  for (size_t p = s->find(kHehHamza, from); p != std::string::npos; p = s->find(kHehHamza, p + kLigature.size()))
    s->replace(p, kHehHamza.size(), kLigature);
}

// Converts one number segment's characters to Persian digits and separators.
void PersianNumber(std::vector<Char>& v, size_t b, size_t e, bool latin_too, bool arabic_too) {
  // Separator use: one kind of separator repeated means a date/time/code, kept.
  int dots = 0, commas = 0, others = 0;
  for (size_t k = b; k < e; ++k) {
    char32_t c = v[k].c;
    if (c == '.') ++dots;
    else if (c == ',') ++commas;
    else if (!IsDigit(c)) ++others;
  }
  for (size_t k = b; k < e; ++k) {
    char32_t c = v[k].c;
    int d = DigitValue(c);
    if (d >= 0) {
      if (IsArabicIndicDigit(c) ? arabic_too : latin_too) v[k].c = 0x06F0 + d;
    } else if (latin_too && c == '.' && dots == 1 && commas == 0 && others == 0) {
      v[k].c = 0x066B;  // ٫ decimal separator
    } else if (latin_too && c == ',' && others == 0 && dots <= 1) {
      // thousands separator only where groups are of three digits
      size_t r = k + 1, cnt = 0;
      while (r < e && IsDigit(v[r].c)) ++r, ++cnt;
      if (cnt == 3) v[k].c = 0x066C;  // ٬
    }
  }
}

}  // namespace

void Normalizer::Impl::Line(std::string_view line, size_t base, std::string* out,
                            std::vector<OffsetSpan>* map,
                            std::vector<NormalizeWarning>* warnings) const {
  const NormalizerOptions& o = options;
  thread_local std::vector<Char> v;
  thread_local std::vector<::khabar::Segment> segs;
  v.clear();
  segs.clear();
  mapper.Map(line, base, &v, warnings);
  Segment(v, &segs);
  const size_t ns = segs.size();

  auto prev_nonspace = [&](size_t s) -> long {
    for (long k = static_cast<long>(s) - 1; k >= 0; --k)
      if (segs[k].kind != Seg::kSpace) return k;
    return -1;
  };
  auto next_nonspace = [&](size_t s) -> long {
    for (size_t k = s + 1; k < ns; ++k)
      if (segs[k].kind != Seg::kSpace) return static_cast<long>(k);
    return -1;
  };
  auto is_persian = [&](long s) {
    return s >= 0 && (segs[s].kind == Seg::kWord ||
                      (segs[s].kind == Seg::kNumber && !(v[segs[s].begin].c < 128)));
  };
  auto is_latin = [&](long s) {
    return s >= 0 && (segs[s].kind == Seg::kLatin || segs[s].kind == Seg::kUrl ||
                      segs[s].kind == Seg::kEmail);
  };
  auto seg_char = [&](long s) -> char32_t { return s >= 0 ? v[segs[s].begin].c : 0; };

  // 1. Digits.
  if (o.persian_digits || o.unify_arabic_digits) {
    for (size_t s = 0; s < ns; ++s) {
      if (segs[s].kind != Seg::kNumber) continue;
      bool latin_ctx = false;
      if (s > 0 && is_latin(static_cast<long>(s) - 1)) latin_ctx = true;           // 95 attached
      if (s + 1 < ns && is_latin(static_cast<long>(s) + 1)) latin_ctx = true;      // 95BCS
      long p = prev_nonspace(s);
      if (p >= 0 && p == static_cast<long>(s) - 2 && is_latin(p)) latin_ctx = true;  // iPhone 15
      if (p >= 0 && segs[p].kind == Seg::kPunct && p == static_cast<long>(s) - 1) {
        char32_t pc = seg_char(p);  // v1.2 / x-2 / $5
        if ((pc == '-' || pc == '.' || pc == '$') && p > 0 && is_latin(p - 1)) latin_ctx = true;
      }
      // printf placeholders «%1$s» are code.
      if (s > 0 && s + 1 < ns && segs[s - 1].kind == Seg::kPunct && v[segs[s - 1].begin].c == '%' &&
          segs[s + 1].kind == Seg::kPunct && v[segs[s + 1].begin].c == '$')
        latin_ctx = true;
      // Version strings 1.2.3 stay as written.
      int dots = 0;
      for (size_t k = segs[s].begin; k < segs[s].end; ++k) dots += v[k].c == '.';
      if (dots >= 2 && v[segs[s].begin].c < 128) {
        bool date_like = true;  // 20.01.1396 is a date, 1.2.3 a version
        size_t first = 0;
        for (size_t k = segs[s].begin; k < segs[s].end && v[k].c != '.'; ++k) ++first;
        if (first > 4 || segs[s].end - segs[s].begin < 8) date_like = false;
        if (!date_like) latin_ctx = true;
      }
      PersianNumber(v, segs[s].begin, segs[s].end, o.persian_digits && !latin_ctx, o.unify_arabic_digits);
      if (o.persian_digits && !latin_ctx && s + 1 < ns && segs[s + 1].kind == Seg::kPunct &&
          (v[segs[s + 1].begin].c == '%' || v[segs[s + 1].begin].c == 0x066A)) {
        v[segs[s + 1].begin].c = 0x066A;  // ٪
      }
    }
  }

  // 2. Punctuation.
  auto punct_at = [&](size_t s, char32_t c) {
    return s < ns && segs[s].kind == Seg::kPunct && segs[s].end > segs[s].begin && v[segs[s].begin].c == c;
  };
  auto drop_seg = [&](size_t s) {
    segs[s].kind = Seg::kSpace;
    segs[s].end = segs[s].begin;
  };
  // The line's language: more Persian words than Latin ones, or neither.
  int persian_words = 0, latin_words = 0;
  for (size_t s = 0; s < ns; ++s) {
    persian_words += segs[s].kind == Seg::kWord;
    latin_words += segs[s].kind == Seg::kLatin;
  }
  const bool line_persian = persian_words > latin_words || (persian_words == 0 && latin_words == 0);
  if (o.persian_punctuation) {
    // Runs of dots and ellipses, spaced or not: "..." "…..." ". . ." → «…»;
    // two dots stay.
    auto dot_at = [&](size_t k) { return punct_at(k, '.') || punct_at(k, 0x2026); };
    for (size_t s = 0; s < ns; ++s) {
      if (!dot_at(s)) continue;
      size_t t = s, dots = 0, ells = 0;
      while (t < ns) {
        if (dot_at(t)) {
          (v[segs[t].begin].c == '.' ? dots : ells) += 1;
          ++t;
        } else if (segs[t].kind == Seg::kSpace && t + 1 < ns && dot_at(t + 1)) {
          ++t;
        } else {
          break;
        }
      }
      if (dots >= 3 || (ells >= 1 && t - s >= 2)) {
        v[segs[s].begin].c = 0x2026;
        v[segs[s].begin].end = v[segs[t - 1].begin].end;
        for (size_t k = s + 1; k < t; ++k) drop_seg(k);
      }
      s = t - 1;
    }
    // Runs of «?» and «!»: one of each, the question mark first («؟!»).
    for (size_t s = 0; s < ns; ++s) {
      auto qe = [&](size_t k) { return punct_at(k, '?') || punct_at(k, 0x061F) || punct_at(k, '!'); };
      if (!qe(s)) continue;
      size_t t = s;
      bool q = false, e = false, persian_q = false;
      while (t < ns && qe(t)) {
        char32_t c = v[segs[t].begin].c;
        q |= c != '!';
        e |= c == '!';
        persian_q |= c == 0x061F;
        ++t;
      }
      if (t - s >= 2) {
        size_t k = s;
        if (q) v[segs[k++].begin].c = persian_q ? 0x061F : '?';
        if (e) v[segs[k++].begin].c = '!';
        for (; k < t; ++k) drop_seg(k);
      }
      s = t - 1;
    }
    // "--" → «–», "---" → «—», standing apart from words («--help» stays).
    for (size_t s = 0; s < ns; ++s) {
      if (!punct_at(s, '-')) continue;
      size_t t = s;
      while (t < ns && punct_at(t, '-')) ++t;
      size_t n = t - s;
      auto apart = [&](long k) {
        return k < 0 || k >= static_cast<long>(ns) || segs[k].kind == Seg::kSpace ||
               (segs[k].kind == Seg::kPunct && !punct_at(k, '-'));
      };
      if ((n == 2 || n == 3) && apart(static_cast<long>(s) - 1) && apart(static_cast<long>(t))) {
        v[segs[s].begin].c = n == 2 ? 0x2013 : 0x2014;
        for (size_t k = s + 1; k < t; ++k) drop_seg(k);
      }
      s = t - 1;
    }
    // , ; ? → ، ؛ ؟ where the nearest text is Persian, or the line is Persian
    // and the mark is not between two Latin words.
    for (size_t s = 0; s < ns; ++s) {
      if (segs[s].kind != Seg::kPunct || segs[s].end == segs[s].begin) continue;
      char32_t& c = v[segs[s].begin].c;
      if (c != ',' && c != ';' && c != '?' && c != '%') continue;
      long p = prev_nonspace(s), nx = next_nonspace(s);
      while (p >= 0 && segs[p].kind == Seg::kPunct) p = prev_nonspace(p);
      while (nx >= 0 && segs[nx].kind == Seg::kPunct) nx = next_nonspace(nx);
      bool persian = is_persian(p) || (p < 0 && is_persian(nx)) ||
                     (line_persian && !(is_latin(p) || (p < 0 && is_latin(nx))) && !(is_latin(p) && is_latin(nx)));
      if (line_persian && is_latin(p) && is_persian(nx)) persian = true;
      if (c == '%') {
        if (persian && persian_words == 0 && latin_words == 0 && p < 0 && nx < 0) c = 0x066A;  // a lone «%»
        continue;
      }
      if (c == ',' && persian) c = 0x060C;
      else if (c == ';' && persian) c = 0x061B;
      else if (c == '?' && persian) c = 0x061F;
    }
    // Straight quotes around Persian text → «», and double quotes around
    // anything in a Persian sentence («نسخهٔ «%1$s»», «برنامهٔ «Word»»). "''"
    // counts as one double quote; single quotes pair only around Persian
    // words with no Latin.
    for (size_t s = 0; s + 1 < ns; ++s) {
      if (punct_at(s, '\'') && punct_at(s + 1, '\'')) {
        v[segs[s].begin].c = '"';
        v[segs[s].begin].end = v[segs[s + 1].begin].end;
        drop_seg(s + 1);
      }
    }
    for (char32_t q : {U'"', U'\''}) {
      long open = -1;
      for (size_t s = 0; s < ns; ++s) {
        if (!punct_at(s, q)) continue;
        if (open < 0) {
          open = static_cast<long>(s);
          continue;
        }
        bool persian = false, latin = false, content = false;
        for (size_t k = open + 1; k < s; ++k) {
          persian |= segs[k].kind == Seg::kWord;
          latin |= segs[k].kind == Seg::kLatin;
          content |= segs[k].kind != Seg::kSpace;
        }
        bool attribute = open > 0 && punct_at(open - 1, '=');  // title="…"
        if (q == '"' && line_persian && persian_words > 0 && content && s > static_cast<size_t>(open) + 1)
          persian = true;
        if (persian && !attribute && (q == '"' || !latin)) {
          v[segs[open].begin].c = 0x00AB;
          v[segs[s].begin].c = 0x00BB;
        }
        open = -1;
      }
    }
  }

  // 3. Half-spaces: words, and word pairs split by one space.
  // word_text(s): the UTF-8 text of word segment s, as written or as replaced
  // (has_replacement[s]); spans into one per-line arena, so nothing is
  // allocated per word. A view of the arena lives only until the next append.
  struct Span {
    uint32_t off, len;
  };
  thread_local std::string arena;
  thread_local std::vector<Span> spans;
  thread_local std::vector<char> has_replacement;
  arena.clear();
  spans.assign(ns, Span{0, 0});
  has_replacement.assign(ns, 0);
  for (size_t s = 0; s < ns; ++s) {
    if (segs[s].kind != Seg::kWord) continue;
    size_t off = arena.size();
    AppendChars(v, segs[s].begin, segs[s].end, &arena);
    spans[s] = {static_cast<uint32_t>(off), static_cast<uint32_t>(arena.size() - off)};
  }
  auto word_text = [&](size_t s) { return std::string_view(arena).substr(spans[s].off, spans[s].len); };
  auto set_word = [&](size_t s, std::string_view t) {
    spans[s] = {static_cast<uint32_t>(arena.size()), static_cast<uint32_t>(t.size())};
    arena.append(t);
    has_replacement[s] = 1;
  };
  if (lexicon && (o.join_affixes || o.restore_zwnj || o.squeeze_repeats)) {
    auto neighbour_word = [&](long s) -> std::string_view {
      return s >= 0 && segs[s].kind == Seg::kWord ? word_text(s) : std::string_view();
    };
    thread_local std::string buf;
    const WordRules rules(lexicon.get(), o);
    // Merges word s+2 (after the space s+1) into word s, spelled `text`.
    auto merge = [&](size_t s, const std::string& text) {
      set_word(s, text);
      segs[s].end = segs[s + 2].end;
      segs[s + 1].kind = Seg::kOther;
      segs[s + 1].begin = segs[s + 1].end = segs[s + 2].begin = segs[s + 2].end;
      segs[s + 2].kind = Seg::kOther;
      has_replacement[s + 2] = 0;
      // shift: treat s+2's following as ours
      std::rotate(segs.begin() + s + 1, segs.begin() + s + 3, segs.end());
      std::rotate(spans.begin() + s + 1, spans.begin() + s + 3, spans.end());
      std::rotate(has_replacement.begin() + s + 1, has_replacement.begin() + s + 3, has_replacement.end());
    };
    auto joinable = [&](size_t s) {
      return s + 2 < ns && segs[s].kind == Seg::kWord && segs[s + 1].kind == Seg::kSpace &&
             segs[s + 2].kind == Seg::kWord;
    };
    for (size_t s = 0; s < ns; ++s) {
      if (segs[s].kind != Seg::kWord) continue;
      // Join with following words while they form one word.
      if (o.join_affixes) {
        while (joinable(s)) {
          long p = prev_nonspace(s);
          long nn = next_nonspace(s + 2);
          buf.clear();
          std::string_view w = word_text(s), w2 = word_text(s + 2);
          // Pairs rarely repeat, so joins are decided afresh; most pairs are
          // ruled out by one or two lookups of the second word.
          const bool may = WordRules::MayJoin(w, w2) || halfspace.MayJoin(w, w2);
          if (!may && !rules.MayJoinPhrase(w, w2)) break;
          bool joined =
              rules.Join(w, w2, neighbour_word(nn), neighbour_word(nn < 0 ? -1 : next_nonspace(nn)),
                         &buf) ||
              (may && halfspace.Join(neighbour_word(p), w, w2, neighbour_word(nn), &buf) &&
               !WordRules::HasUselessZwnj(buf));
          if (!joined) break;
          merge(s, buf);
        }
      }
      if (o.restore_zwnj || o.squeeze_repeats) {
        std::string_view w = word_text(s);
        long p = prev_nonspace(s), nx = next_nonspace(s);
        bool done = false;
        // Only «تو» before a «می» word changes the answer (see WordRules::Word).
        bool after_to = neighbour_word(p) == "تو";
        Memo& memo = ThreadMemo();
        const bool remember = w.size() <= Memo::kMaxWord;
        const uint64_t h = remember ? Memo::Hash(w, after_to) : 0;
        const Memo::Entry* hit = remember ? memo.Find(w, after_to, h) : nullptr;
        if (hit) {
          done = hit->changed;
          if (done) buf.assign(memo.Value(*hit));
        } else {
          buf.clear();
          if (o.unify_letters && rules.Lookalike(w, &buf)) {
            done = true;
          } else if (o.restore_zwnj && rules.Word(neighbour_word(p), w, &buf)) {
            done = true;
          } else if (o.restore_zwnj && halfspace.Restore(neighbour_word(p), w, neighbour_word(nx), &buf)) {
            buf = WordRules::DropUselessZwnj(buf);
            done = buf != w && (halfspace.CorpusBacked(buf) || rules.PlausibleRestore(w, buf));
          }
          if (!done && o.squeeze_repeats) {
            buf.clear();
            done = rules.Squeeze(w, &buf);
          }
          if (remember) memo.Insert(w, after_to, h, done, buf);
        }
        if (done) set_word(s, buf);
      }
    }
    // «بر» before a «می» verb that was joined only after «بر» was passed.
    if (o.join_affixes) {
      for (size_t s = 0; s < ns; ++s) {
        if (!joinable(s) || word_text(s) != "بر") continue;
        buf.clear();
        const long nn = next_nonspace(s + 2);
        if (rules.Join(word_text(s), word_text(s + 2), neighbour_word(nn),
                       neighbour_word(nn < 0 ? -1 : next_nonspace(nn)), &buf))
          merge(s, buf);
      }
    }
  }

  // 4. Emit with spacing.
  const size_t out_start = out->size();
  (void)out_start;
  auto emit_seg = [&](size_t s) {
    const ::khabar::Segment& g = segs[s];
    if (g.begin == g.end && !has_replacement[s]) return;
    size_t ob = out->size();
    if (has_replacement[s] || g.kind == Seg::kWord) {  // words are in the arena already
      out->append(word_text(s));
    } else if (g.kind == Seg::kMarkup) {  // the input's bytes
      out->append(line.substr(v[g.begin].begin, v[g.end - 1].end - v[g.begin].begin));
    } else {
      AppendChars(v, g.begin, g.end, out);
    }
    if (o.ezafe == EzafeStyle::kLigature) LigatureEzafe(out, ob);
    if (map && g.end > g.begin) {
      map->push_back({ob, out->size(), base + v[g.begin].begin, base + v[g.end - 1].end});
    }
  };
  // Brackets: spacing inside a bracket is fixed only when its pair on this
  // line matches («( a ]» is left as written).
  thread_local std::vector<char> matched;
  matched.assign(ns, 0);
  {
    thread_local std::vector<size_t> stack;
    stack.clear();
    auto closer_of = [](char32_t c) -> char32_t {
      switch (c) {
        case '(': return ')';
        case '[': return ']';
        case '{': return '}';
        case 0x00AB: return 0x00BB;
        default: return 0;
      }
    };
    for (size_t s = 0; s < ns; ++s) {
      if (segs[s].kind != Seg::kPunct || segs[s].end == segs[s].begin) continue;
      char32_t c = v[segs[s].begin].c;
      if (closer_of(c)) {
        stack.push_back(s);
      } else if (c == ')' || c == ']' || c == '}' || c == 0x00BB) {
        if (!stack.empty() && closer_of(v[segs[stack.back()].begin].c) == c) {
          matched[stack.back()] = matched[s] = 1;
          stack.pop_back();
        } else if (c != 0x00BB) {
          stack.clear();  // a mismatch: nothing before it pairs across it
        }
      }
    }
  }
  auto is_bracket = [](char32_t c) {
    return c == '(' || c == '[' || c == '{' || c == ')' || c == ']' || c == '}' || c == 0x00AB ||
           c == 0x00BB;
  };
  // Suffixes written on a number: «۲۰ام», «۱۳۹۰ها», «۱۰گانه».
  auto number_suffix = [&](size_t s) {
    // and «و» between two numbers («۲۸و۲۹») is left as written.
    static const char* const kSuffixes[] = {"م", "ام", "مین", "امین", "ها", "های", "ای", "ی", "هایی", "و", "گانه"};
    std::string w = ToUtf8(v, segs[s].begin, segs[s].end);
    for (const char* x : kSuffixes)
      if (w == x) return true;
    return false;
  };
  long last = -1;  // last emitted non-space segment
  bool pending_space = false;
  int open_guillemets = 0;  // «» pairs; a lone »» is an arrow, not a quote
  for (size_t s = 0; s < ns; ++s) {
    const ::khabar::Segment& g = segs[s];
    if (g.kind == Seg::kOther && g.begin == g.end) continue;
    if (g.kind == Seg::kSpace) {
      if (g.end > g.begin) pending_space = true;
      continue;
    }
    char32_t c = v[g.begin].c;
    bool space = pending_space && last >= 0;
    bool stray_close = c == 0x00BB && g.kind == Seg::kPunct && open_guillemets == 0;
    if (g.kind == Seg::kPunct && c == 0x00AB) ++open_guillemets;
    if (g.kind == Seg::kPunct && c == 0x00BB && open_guillemets > 0) --open_guillemets;
    if (o.fix_spacing && last >= 0) {
      char32_t lc = v[segs[last].end - 1].c;
      bool cur_close = g.kind == Seg::kPunct && IsClosingPunct(c);
      bool last_open = segs[last].kind == Seg::kPunct && IsOpeningPunct(lc);
      bool last_close = segs[last].kind == Seg::kPunct && IsClosingPunct(lc);
      bool cur_open = g.kind == Seg::kPunct && IsOpeningPunct(c);
      bool cur_text = g.kind == Seg::kWord || g.kind == Seg::kNumber ||
                      (g.kind == Seg::kLatin) || g.kind == Seg::kUrl || g.kind == Seg::kEmail;
      bool last_text = segs[last].kind == Seg::kWord || segs[last].kind == Seg::kNumber ||
                       segs[last].kind == Seg::kLatin;
      bool persian_ctx = segs[last].kind == Seg::kWord || g.kind == Seg::kWord;
      bool cur_free = cur_close && is_bracket(c) && !matched[s];        // «( a ]»: as written
      bool last_free = last_open && is_bracket(lc) && !matched[last];
      if (cur_close && !stray_close && !cur_free && !(c == ':' && !persian_ctx && !last_text)) space = false;
      if (last_open && !last_free) space = false;
      if (cur_open && last_text && persian_ctx) space = true;
      // «this is( a test)»: the space stood inside a matched bracket by mistake.
      if (cur_open && last_text && matched[s] && !pending_space && s + 1 < ns &&
          segs[s + 1].kind == Seg::kSpace && segs[s + 1].end > segs[s + 1].begin)
        space = true;
      // «گفت:«من» → «گفت: «من»: a closing mark before an opening quote or bracket.
      // (A space before the mark is dropped anyway: «گفت :"من"» too.)
      if (cur_open && segs[last].kind == Seg::kPunct && persian_words > 0 && last > 0 &&
          prev_nonspace(last) >= 0 &&
          (lc == ':' || lc == 0x060C || lc == 0x061B || lc == 0x061F || lc == '!' || lc == '.'))
        space = true;
      // A Persian number and a Persian word written together: «۹کیلومتر» → «۹ کیلومتر».
      bool persian_number = g.kind == Seg::kNumber && !(c < 128);
      bool last_persian_number = segs[last].kind == Seg::kNumber && !(v[segs[last].begin].c < 128);
      if (!pending_space && ((last_persian_number && g.kind == Seg::kWord && !number_suffix(s)) ||
                             (segs[last].kind == Seg::kWord && persian_number && last == static_cast<long>(s) - 1 &&
                              word_text(last) != "و")))
        space = true;
      // A Persian word with a Latin word or a URL written onto it: «ویتامینC» →
      // «ویتامین C» (the other way round it is a suffix: «CDها»).
      if (!pending_space && segs[last].kind == Seg::kWord && last == static_cast<long>(s) - 1 &&
          (g.kind == Seg::kLatin || g.kind == Seg::kUrl))
        space = true;
      // «،؛؟!» and a closing bracket are followed by a space before Persian text.
      if (last_close && cur_text && (g.kind == Seg::kWord) && lc != '.' && lc != ':' ) space = true;
      if (last_close && cur_close) space = false;
      if ((lc == 0x060C || lc == 0x061B) && (c == 0x060C || c == 0x061B) && g.kind == Seg::kPunct) space = true;
      if (last_close && lc == '.' && g.kind == Seg::kWord && segs[last - 1 >= 0 ? last - 1 : 0].kind == Seg::kWord)
        space = true;
      // «منبع:ایسنا» → «منبع: ایسنا», «کد خبر:۱۲۳۴» → «کد خبر: ۱۲۳۴»: a colon
      // between Persian words or numbers.
      if (last_close && lc == ':' && (g.kind == Seg::kWord || persian_number) &&
          prev_nonspace(last) >= 0 &&
          (segs[prev_nonspace(last)].kind == Seg::kWord || is_persian(prev_nonspace(last))))
        space = true;
    }
    if (space) out->push_back(' ');
    emit_seg(s);
    last = static_cast<long>(s);
    pending_space = false;
  }
}

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::~Normalizer() = default;

const NormalizerOptions& Normalizer::options() const { return impl_->options; }

Result<std::unique_ptr<Normalizer>> Normalizer::Create(const NormalizerOptions& options,
                                                       std::shared_ptr<const Lexicon> lexicon) {
  if (options.restore_threshold < 0 || options.restore_threshold > 1)
    return Status::InvalidArgument("restore_threshold must be within 0..1");
  return std::unique_ptr<Normalizer>(new Normalizer(std::make_unique<Impl>(options, lexicon)));
}

const Normalizer& Normalizer::Default() {
  static const Normalizer* n = [] {
    auto r = Create(NormalizerOptions(), Lexicon::Default());
    return r.value().release();
  }();
  return *n;
}

std::string Normalizer::Normalize(std::string_view text) const {
  return Normalize(text, nullptr, nullptr);
}

std::string Normalizer::Normalize(std::string_view text, std::vector<OffsetSpan>* map,
                                  std::vector<NormalizeWarning>* warnings) const {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    // Cut very long lines at a space so that each piece is bounded.
    size_t p = pos;
    while (end - p > kMaxPiece) {
      size_t cut = text.rfind(' ', p + kMaxPiece);
      if (cut == std::string_view::npos || cut <= p) cut = p + kMaxPiece;
      while (cut > p && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      impl_->Line(text.substr(p, cut - p), p, &out, map, warnings);
      out.push_back(' ');
      p = cut;
      while (p < end && text[p] == ' ') ++p;
    }
    impl_->Line(text.substr(p, end - p), p, &out, map, warnings);
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    pos = nl + 1;
  }
  return out;
}

}  // namespace khabar
