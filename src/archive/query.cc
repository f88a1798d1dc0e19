#include "archive/query.h"

#include <array>

#include "archive/terms.h"
#include "khabar/archive.h"
#include "khabar/chars.h"
#include "khabar/normalizer.h"

namespace khabar::archive {
namespace {

// Detached suffixes that a query written «کتاب ها» means as one word.
constexpr std::array<std::string_view, 6> kDetached = {"ها", "های", "هایی", "ترین", "تر", "هایم"};
constexpr std::array<std::string_view, 4> kJoinedPlural = {"هایی", "های", "ترین", "ها"};

template <size_t N>
bool In(const std::array<std::string_view, N>& a, std::string_view s) {
  for (auto x : a)
    if (x == s) return true;
  return false;
}

std::string Quote(std::string_view tok) {
  std::string q = "\"";
  for (char c : tok) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

struct Item {
  enum Kind { kWords, kPhrase } kind = kWords;
  std::string text;
  bool negated = false;
  bool prefix = false;
  bool or_with_prev = false;
};

struct Clause {
  std::string expr;
  std::vector<std::string> tokens;
  bool prefix = false;
};

// `head` followed by each expansion of `last*` as an OR, or FTS5's prefix
// query when there is no expander or it lists no term.
Result<std::string> PrefixExpr(const std::string& head, const std::string& last,
                               const PrefixExpander* expand, ParsedQuery* q) {
  if (expand && *expand) {
    bool capped = false;
    auto terms = (*expand)(last, &capped);
    if (!terms.ok()) return terms.status();
    if (!terms->empty()) {
      q->prefix_expanded = true;
      q->prefix_capped |= capped;
      std::string e = "(";
      for (size_t i = 0; i < terms->size(); ++i) {
        if (i) e += " OR ";
        e += Quote(head.empty() ? (*terms)[i] : head + " " + (*terms)[i]);
      }
      return e + ")";
    }
  }
  return Quote(head.empty() ? last : head + " " + last) + " *";
}

// The alternatives for one word.
Result<Clause> WordClause(const WordTerms& t, bool stem, bool prefix, const PrefixExpander* expand,
                          ParsedQuery* q) {
  Clause c;
  if (prefix) {
    auto e = PrefixExpr("", t.joined, expand, q);
    if (!e.ok()) return e.status();
    c.expr = std::move(e).value();
    c.tokens.push_back(t.joined);
    c.prefix = true;
    return c;
  }
  std::vector<std::string> alts{Quote(t.joined)};
  c.tokens.push_back(t.joined);
  if (!t.parts.empty()) {
    std::string ph;
    for (const auto& p : t.parts) ph += (ph.empty() ? "" : " ") + p;
    alts.push_back(Quote(ph));
  } else {
    for (std::string_view suf : kJoinedPlural) {
      if (t.joined.size() > suf.size() &&
          t.joined.compare(t.joined.size() - suf.size(), suf.size(), suf) == 0) {
        std::string rest = t.joined.substr(0, t.joined.size() - suf.size());
        if (CodePoints(rest) >= 2) alts.push_back(Quote(rest + " " + std::string(suf)));
        break;
      }
    }
  }
  if (stem) {
    std::string s = t.stem.empty() ? t.joined : t.stem;
    alts.push_back(Quote(std::string(1, kStemMarker) + s));
    c.tokens.push_back(std::string(1, kStemMarker) + s);
    if (s != t.joined) {
      alts.push_back(Quote(s));
      c.tokens.push_back(s);
    }
  }
  if (alts.size() == 1) {
    c.expr = alts[0];
  } else {
    c.expr = "(";
    for (size_t i = 0; i < alts.size(); ++i) {
      if (i) c.expr += " OR ";  // (not `(i ? " OR " : "") + alts[i]`: GCC 12 -Wrestrict false positive)
      c.expr += alts[i];
    }
    c.expr += ")";
  }
  return c;
}

// Words of a normalized run, with detached suffixes («کتاب ها») merged.
std::vector<WordTerms> Words(std::string_view raw) {
  std::string norm = Normalizer::Default().Normalize(raw);
  std::vector<WordTerms> words;
  std::vector<std::string> texts;
  ForEachWord(norm, [&](const WordTerms& t) {
    std::string_view w = std::string_view(norm).substr(t.begin, t.end - t.begin);
    if (!texts.empty() && In(kDetached, t.joined) && !words.back().joined.empty() &&
        static_cast<unsigned char>(words.back().joined[0]) >= 0xD8) {
      texts.back() += std::string(kZwnjUtf8) + std::string(w);
      return;
    }
    words.push_back(t);
    texts.emplace_back(w);
  });
  std::vector<WordTerms> out;
  for (const std::string& w : texts) ForEachWord(w, [&](const WordTerms& t) { out.push_back(t); });
  return out;
}

}  // namespace

Result<ParsedQuery> ParseQuery(std::string_view text, bool stem, size_t max_bytes,
                               const PrefixExpander& expand) {
  ParsedQuery q;
  if (text.size() > max_bytes)
    return Status::ResourceExhausted("query is " + std::to_string(text.size()) +
                                     " bytes, more than the cap of " + std::to_string(max_bytes));
  // 1. Items.
  std::vector<Item> items;
  size_t i = 0;
  bool pending_or = false;
  const std::string_view kOpen = "«", kClose = "»";
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Item it;
    if (c == '-' && i + 1 < text.size() && text[i + 1] != ' ') {
      it.negated = true;
      ++i;
    }
    if (i < text.size() && (text[i] == '"' || text.substr(i, kOpen.size()) == kOpen)) {
      bool guillemet = text[i] != '"';
      i += guillemet ? kOpen.size() : 1;
      size_t end = guillemet ? text.find(kClose, i) : text.find('"', i);
      if (end == std::string_view::npos) end = text.size();
      it.kind = Item::kPhrase;
      it.text = std::string(text.substr(i, end - i));
      i = end == text.size() ? end : end + (guillemet ? kClose.size() : 1);
    } else {
      size_t end = i;
      while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' &&
             text[end] != '\r' && text[end] != '"')
        ++end;
      it.text = std::string(text.substr(i, end - i));
      i = end;
      if (!it.negated && it.text == "OR") {
        pending_or = !items.empty();
        continue;
      }
      while (!it.text.empty() && it.text.back() == '*') {
        it.prefix = true;
        it.text.pop_back();
      }
    }
    it.or_with_prev = pending_or && !it.negated;
    pending_or = false;
    if (!it.text.empty()) items.push_back(std::move(it));
  }

  // 2. Clauses. Runs of plain words are normalized together so that
  // «کتاب ها» joins into one word.
  std::vector<std::vector<Clause>> positive;  // AND of ORs
  std::vector<std::string> negative;
  size_t k = 0;
  while (k < items.size()) {
    const Item& it = items[k];
    std::vector<Clause> made;
    if (it.kind == Item::kWords && !it.prefix && !it.negated) {
      std::string run = it.text;
      size_t m = k + 1;
      while (m < items.size() && items[m].kind == Item::kWords && !items[m].prefix &&
             !items[m].negated && !items[m].or_with_prev &&
             !(m + 1 < items.size() && items[m + 1].or_with_prev)) {
        run += " " + items[m].text;
        ++m;
      }
      if (it.or_with_prev || (k + 1 < items.size() && items[k + 1].or_with_prev)) {
        m = k + 1;
        run = it.text;
      }
      for (const WordTerms& w : Words(run)) {
        auto c = WordClause(w, stem, false, nullptr, &q);
        if (!c.ok()) return c.status();
        made.push_back(std::move(c).value());
      }
      k = m;
    } else if (it.kind == Item::kPhrase) {
      std::string ph;
      std::vector<std::string> toks;
      for (const WordTerms& w : Words(it.text)) {
        ph += (ph.empty() ? "" : " ") + w.joined;
        toks.push_back(w.joined);
      }
      if (!ph.empty()) {
        Clause c;
        if (it.prefix) {
          std::string head;
          for (size_t w = 0; w + 1 < toks.size(); ++w) head += (head.empty() ? "" : " ") + toks[w];
          auto e = PrefixExpr(head, toks.back(), it.negated ? nullptr : &expand, &q);
          if (!e.ok()) return e.status();
          c.expr = std::move(e).value();
        } else {
          c.expr = Quote(ph);
        }
        c.tokens.push_back(toks[0]);
        c.prefix = it.prefix;
        made.push_back(std::move(c));
      }
      ++k;
    } else {
      for (const WordTerms& w : Words(it.text)) {
        auto c = WordClause(w, stem && !it.negated, it.prefix, it.negated ? nullptr : &expand, &q);
        if (!c.ok()) return c.status();
        made.push_back(std::move(c).value());
      }
      ++k;
    }
    if (made.empty()) continue;
    if (it.negated) {
      for (auto& c : made) negative.push_back(c.expr);
      continue;
    }
    size_t first = 0;
    if (it.or_with_prev && !positive.empty()) {
      positive.back().push_back(std::move(made[0]));
      first = 1;
    }
    for (size_t c = first; c < made.size(); ++c) positive.push_back({std::move(made[c])});
  }
  if (positive.empty()) return Status::InvalidArgument("query has no word to search for");
  if (positive.size() > static_cast<size_t>(kMaxQueryTerms)) positive.resize(kMaxQueryTerms);
  if (negative.size() > static_cast<size_t>(kMaxQueryTerms)) negative.resize(kMaxQueryTerms);

  q.match = "(";
  for (size_t a = 0; a < positive.size(); ++a) {
    if (a) q.match += " AND ";
    q.match += "(";
    std::vector<std::string> toks;
    bool prefix = false;
    for (size_t b = 0; b < positive[a].size(); ++b) {
      if (b) q.match += " OR ";
      q.match += positive[a][b].expr;
      toks.insert(toks.end(), positive[a][b].tokens.begin(), positive[a][b].tokens.end());
      prefix |= positive[a][b].prefix;
    }
    q.match += ")";
    if (prefix) q.prefixes.push_back(toks.empty() ? "" : toks[0]);
    else q.clause_tokens.push_back(std::move(toks));
  }
  q.match += ")";
  for (const std::string& n : negative) q.match += " NOT " + n;
  return q;
}

}  // namespace khabar::archive
