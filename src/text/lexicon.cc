// Lexicon: myspell-fa word forms in hash tables.
//
// Memory: about 2x the word list (7 MB file → ~16 MB). Loading reads the file
// once, O(total bytes).
#include "khabar/lexicon.h"

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "khabar/chars.h"
#include "text/string_set.h"

namespace khabar {

struct Lexicon::Impl {
  text::StringTable forms;   // exact forms (Arabic ي/ك unified) → index
  text::StringTable joined;  // forms containing ZWNJ, with ZWNJ removed → index in forms
};

Lexicon::Lexicon() : impl_(std::make_unique<Impl>()) {}
Lexicon::~Lexicon() = default;

namespace {

std::string StripZwnj(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 3, kZwnjUtf8) == 0) {
      i += 3;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

// Unifies Arabic letter variants and drops ZWNJs that do nothing (after a
// non-joining letter, at the edges, doubled): the word list has a few.
std::string UnifyForm(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  char32_t prev = 0;
  while (i < s.size()) {
    char32_t c = UnifyLetter(DecodeUtf8(s, &i));
    if (c == kZwnj) {
      if (prev == 0 || prev == kZwnj || IsNonJoiningLetter(prev) || i >= s.size()) continue;
    }
    AppendUtf8(c, &out);
    prev = c;
  }
  return out;
}

}  // namespace

std::shared_ptr<const Lexicon> Lexicon::FromWords(const std::vector<std::string>& words) {
  std::shared_ptr<Lexicon> lex(new Lexicon());
  for (const std::string& w0 : words) {
    std::string w = UnifyForm(w0);
    if (w.empty()) continue;
    uint32_t idx = static_cast<uint32_t>(lex->impl_->forms.size());
    if (lex->impl_->forms.Contains(w)) continue;
    lex->impl_->forms.Add(w, idx);
    if (w.find(kZwnjUtf8) != std::string::npos) lex->impl_->joined.Add(StripZwnj(w), idx);
  }
  lex->impl_->forms.Freeze();
  lex->impl_->joined.Freeze();
  return lex;
}

Result<std::shared_ptr<const Lexicon>> Lexicon::Load(const std::string& dic_path) {
  std::ifstream in(dic_path, std::ios::binary);
  if (!in) return Status::NotFound(dic_path + ": cannot open word list");
  std::vector<std::string> words;
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (first) {
      first = false;
      // hunspell .dic files start with the approximate number of entries
      if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) continue;
    }
    size_t slash = line.find('/');
    if (slash != std::string::npos) line.resize(slash);
    if (!line.empty()) words.push_back(std::move(line));
    line.clear();
  }
  if (words.empty()) return Status::Corruption(dic_path + ": no words in word list");
  return FromWords(words);
}

std::shared_ptr<const Lexicon> Lexicon::Default() {
  static std::once_flag once;
  static std::shared_ptr<const Lexicon> lex;
  std::call_once(once, [] {
    const char* env = std::getenv("KHABAR_LEXICON");
    std::string path = env && *env ? env : KHABAR_DEFAULT_LEXICON;
    auto r = Load(path);
    if (r.ok()) lex = r.value();
  });
  return lex;
}

bool Lexicon::Contains(std::string_view form) const { return impl_->forms.Contains(form); }

bool Lexicon::ContainsLoose(std::string_view form) const {
  if (impl_->forms.Contains(form)) return true;
  if (form.find(kZwnjUtf8) != std::string_view::npos) {
    std::string j = StripZwnj(form);
    return impl_->forms.Contains(j) || impl_->joined.Contains(j);
  }
  return impl_->joined.Contains(form);
}

std::string_view Lexicon::ZwnjSpelling(std::string_view joined) const {
  uint32_t idx = impl_->joined.Find(joined);
  if (idx == text::StringTable::kMissing) return {};
  return impl_->forms.key(idx);
}

size_t Lexicon::size() const { return impl_->forms.size(); }

}  // namespace khabar
