// Lexicon: myspell-fa word forms in hash tables.
//
// Memory: about 2x the word list (7 MB file → ~16 MB). Loading reads the file
// once, O(total bytes).
#include "khabar/lexicon.h"

#include <algorithm>
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
    size_t z = s.find(kZwnjUtf8, i);
    if (z == std::string_view::npos) z = s.size();
    out.append(s.substr(i, z - i));
    i = z + (z < s.size() ? kZwnjUtf8.size() : 0);
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

// True if UnifyForm(s) may differ from s: an Arabic letter variant (ي ى ك),
// a ZWNJ, or anything past two-byte UTF-8 (checked the slow way). Most forms
// are ASCII and two-byte letters only and are added as they are.
bool NeedsUnify(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b < 0xC2 || b > 0xDF || i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) return true;
    if (b == 0xD9 && (p[i + 1] == 0x8A || p[i + 1] == 0x89 || p[i + 1] == 0x83)) return true;  // ي ى ك
    i += 2;
  }
  return false;
}

// Adds one form as written in a word list. The first spelling of a form wins.
void AddForm(std::string_view w0, text::StringTable* forms, text::StringTable* joined, std::string* scratch) {
  std::string_view w = w0;
  if (NeedsUnify(w0)) {
    *scratch = UnifyForm(w0);
    w = *scratch;
  }
  if (w.empty()) return;
  uint32_t idx = static_cast<uint32_t>(forms->size());
  if (!forms->Insert(w, text::HashBytes(w), idx)) return;
  if (w.find(kZwnjUtf8) != std::string_view::npos) joined->Add(StripZwnj(w), idx);
}

}  // namespace

std::shared_ptr<const Lexicon> Lexicon::FromWords(const std::vector<std::string>& words) {
  std::shared_ptr<Lexicon> lex(new Lexicon());
  std::string scratch;
  for (const std::string& w : words) AddForm(w, &lex->impl_->forms, &lex->impl_->joined, &scratch);
  lex->impl_->forms.Freeze();
  lex->impl_->joined.Freeze();
  return lex;
}

// Reads the whole file once (7 MB for myspell-fa) and adds each form straight
// from it: no string per word, tables sized once from the line count.
Result<std::shared_ptr<const Lexicon>> Lexicon::Load(const std::string& dic_path) {
  std::ifstream in(dic_path, std::ios::binary);
  if (!in) return Status::NotFound(dic_path + ": cannot open word list");
  std::string data;
  {
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) {
      data.resize(static_cast<size_t>(size));
      in.read(data.data(), size);
      data.resize(static_cast<size_t>(in.gcount()));
    } else {  // not seekable: read as a stream
      std::ostringstream ss;
      ss << in.rdbuf();
      data = ss.str();
    }
  }
  std::shared_ptr<Lexicon> lex(new Lexicon());
  text::StringTable& forms = lex->impl_->forms;
  text::StringTable& joined = lex->impl_->joined;
  const size_t lines = static_cast<size_t>(std::count(data.begin(), data.end(), '\n')) + 1;
  forms.Reserve(lines, data.size());
  joined.Reserve(lines / 2, data.size() / 2);
  std::string_view d = data;
  std::string scratch;
  size_t words = 0;
  bool first = true;
  for (size_t pos = 0; pos < d.size();) {
    size_t nl = d.find('\n', pos);
    if (nl == std::string_view::npos) nl = d.size();
    std::string_view line = d.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      first = false;
      // hunspell .dic files start with the approximate number of entries
      if (!line.empty() && line.find_first_not_of("0123456789") == std::string_view::npos) continue;
    }
    size_t slash = line.find('/');
    if (slash != std::string_view::npos) line = line.substr(0, slash);
    if (line.empty()) continue;
    ++words;
    AddForm(line, &forms, &joined, &scratch);
  }
  if (words == 0) return Status::Corruption(dic_path + ": no words in word list");
  forms.Freeze();
  joined.Freeze();
  return std::shared_ptr<const Lexicon>(std::move(lex));
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
