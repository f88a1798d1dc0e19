// Normalizer: character pass (char_map), then a segment pass that decides
// digits, punctuation, spacing and half-spaces with context.
#include "khabar/normalizer.h"

#include <algorithm>
#include <mutex>

#include "khabar/chars.h"
#include "text/char_map.h"
#include "text/halfspace.h"

namespace khabar {

using text::Char;

namespace {

// Lines longer than this are normalized in pieces cut at a space (or, failing
// that, anywhere), so memory stays bounded on a 1 GB line.
constexpr size_t kMaxPiece = 1 << 20;

enum class Seg { kSpace, kWord, kLatin, kNumber, kUrl, kEmail, kPunct, kOther };

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

std::string ToUtf8(const std::vector<Char>& v, size_t b, size_t e) {
  std::string s;
  s.reserve((e - b) * 2);
  for (size_t k = b; k < e; ++k) AppendUtf8(v[k].c, &s);
  return s;
}

}  // namespace

struct Normalizer::Impl {
  NormalizerOptions options;
  std::shared_ptr<const Lexicon> lexicon;
  text::CharMapper mapper;
  text::HalfSpace halfspace;

  Impl(const NormalizerOptions& o, std::shared_ptr<const Lexicon> lex)
      : options(o), lexicon(lex), mapper(options), halfspace(lex, options) {}

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

// Converts one number segment's characters to Persian digits and separators.
void PersianNumber(std::vector<Char>& v, size_t b, size_t e, bool latin_too) {
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
      if (latin_too || IsArabicIndicDigit(c)) v[k].c = 0x06F0 + d;
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
      PersianNumber(v, segs[s].begin, segs[s].end, o.persian_digits && !latin_ctx);
      if (o.persian_digits && !latin_ctx && s + 1 < ns && segs[s + 1].kind == Seg::kPunct &&
          (v[segs[s + 1].begin].c == '%' || v[segs[s + 1].begin].c == 0x066A)) {
        v[segs[s + 1].begin].c = 0x066A;  // ٪
      }
    }
  }

  // 2. Punctuation.
  if (o.persian_punctuation) {
    // "..." → …
    for (size_t s = 0; s + 2 < ns; ++s) {
      if (segs[s].kind == Seg::kPunct && v[segs[s].begin].c == '.' &&
          segs[s + 1].kind == Seg::kPunct && v[segs[s + 1].begin].c == '.' &&
          segs[s + 2].kind == Seg::kPunct && v[segs[s + 2].begin].c == '.') {
        size_t t = s + 3;
        while (t < ns && segs[t].kind == Seg::kPunct && v[segs[t].begin].c == '.') ++t;
        v[segs[s].begin].c = 0x2026;
        v[segs[s].begin].end = v[segs[t - 1].begin].end;
        for (size_t k = s + 1; k < t; ++k) segs[k].kind = Seg::kSpace, segs[k].end = segs[k].begin;
        for (size_t k = s + 1; k < t; ++k) segs[k].begin = segs[k].end;  // empty
      }
    }
    for (size_t s = 0; s < ns; ++s) {
      if (segs[s].kind != Seg::kPunct) continue;
      char32_t& c = v[segs[s].begin].c;
      long p = prev_nonspace(s), nx = next_nonspace(s);
      bool persian = is_persian(p) || (p < 0 && is_persian(nx)) ||
                     (p >= 0 && segs[p].kind == Seg::kPunct && is_persian(prev_nonspace(p)));
      if (c == ',' && persian) c = 0x060C;
      else if (c == ';' && persian) c = 0x061B;
      else if (c == '?' && persian) c = 0x061F;
    }
    // Straight double quotes around Persian text → «».
    long open = -1;
    for (size_t s = 0; s < ns; ++s) {
      if (segs[s].kind != Seg::kPunct || v[segs[s].begin].c != '"') continue;
      if (open < 0) {
        open = static_cast<long>(s);
        continue;
      }
      bool persian = false;
      for (size_t k = open + 1; k < s; ++k) persian |= segs[k].kind == Seg::kWord;
      if (persian) {
        v[segs[open].begin].c = 0x00AB;
        v[segs[s].begin].c = 0x00BB;
      }
      open = -1;
    }
  }

  // 3. Half-spaces: words, and word pairs split by one space.
  thread_local std::vector<std::string> word_text;
  word_text.assign(ns, std::string());
  for (size_t s = 0; s < ns; ++s)
    if (segs[s].kind == Seg::kWord) word_text[s] = ToUtf8(v, segs[s].begin, segs[s].end);
  // replaced[s]: the new text of segment s (words only); joined_with_next[s]: the
  // space after s is dropped because s and s+2 are one word.
  thread_local std::vector<std::string> replaced;
  thread_local std::vector<char> has_replacement;
  replaced.assign(ns, std::string());
  has_replacement.assign(ns, 0);
  if (lexicon && (o.join_affixes || o.restore_zwnj)) {
    auto neighbour_word = [&](long s) -> std::string_view {
      return s >= 0 && segs[s].kind == Seg::kWord ? std::string_view(word_text[s]) : std::string_view();
    };
    std::string buf;
    for (size_t s = 0; s < ns; ++s) {
      if (segs[s].kind != Seg::kWord) continue;
      std::string_view w = word_text[s];
      if (has_replacement[s]) w = replaced[s];
      // Join with following words while they form one word.
      if (o.join_affixes) {
        while (s + 2 < ns && segs[s + 1].kind == Seg::kSpace && segs[s + 2].kind == Seg::kWord) {
          long p = prev_nonspace(s);
          long nn = next_nonspace(s + 2);
          buf.clear();
          if (!halfspace.Join(neighbour_word(p), w, word_text[s + 2], neighbour_word(nn), &buf)) break;
          // Merge s+1 and s+2 into s.
          replaced[s] = buf;
          has_replacement[s] = 1;
          segs[s].end = segs[s + 2].end;
          segs[s + 1].kind = Seg::kOther;
          segs[s + 1].begin = segs[s + 1].end = segs[s + 2].begin = segs[s + 2].end;
          segs[s + 2].kind = Seg::kOther;
          word_text[s] = replaced[s];
          // shift: treat s+2's following as ours
          std::rotate(segs.begin() + s + 1, segs.begin() + s + 3, segs.end());
          std::rotate(word_text.begin() + s + 1, word_text.begin() + s + 3, word_text.end());
          std::rotate(replaced.begin() + s + 1, replaced.begin() + s + 3, replaced.end());
          std::rotate(has_replacement.begin() + s + 1, has_replacement.begin() + s + 3,
                      has_replacement.end());
          w = replaced[s];
        }
      }
      if (o.restore_zwnj) {
        long p = prev_nonspace(s), nx = next_nonspace(s);
        buf.clear();
        if (halfspace.Restore(neighbour_word(p), w, neighbour_word(nx), &buf)) {
          replaced[s] = buf;
          has_replacement[s] = 1;
          word_text[s] = buf;
        }
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
    if (has_replacement[s]) {
      out->append(replaced[s]);
    } else {
      for (size_t k = g.begin; k < g.end; ++k) AppendUtf8(v[k].c, out);
    }
    if (map && g.end > g.begin) {
      map->push_back({ob, out->size(), base + v[g.begin].begin, base + v[g.end - 1].end});
    }
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
      if (cur_close && !stray_close && !(c == ':' && !persian_ctx && !last_text)) space = false;
      if (last_open) space = false;
      if (cur_open && last_text && persian_ctx) space = true;
      // «،؛؟!» and a closing bracket are followed by a space before Persian text.
      if (last_close && cur_text && (g.kind == Seg::kWord) && lc != '.' && lc != ':' ) space = true;
      if (last_close && cur_close) space = false;
      if (last_close && lc == '.' && g.kind == Seg::kWord && segs[last - 1 >= 0 ? last - 1 : 0].kind == Seg::kWord)
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
