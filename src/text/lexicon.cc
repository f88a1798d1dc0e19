// Lexicon: myspell-fa word forms in hash tables.
//
// Memory: about 4x the word list (7 MB file → ~28 MB). Loading reads the file
// once, O(total bytes), and leaves a compiled image of the tables in the
// user's cache ($XDG_CACHE_HOME/khabar or ~/.cache/khabar; off with
// KHABAR_NO_CACHE=1); later loads of the same unchanged file map the image
// read-only instead (no parsing, no copy; pages are read as lookups need them). The word list is GPL: its image lives only in
// the user's cache, never in the repository.
#include "khabar/lexicon.h"

#include <algorithm>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

// The spelling with a hamza seat that the word list writes otherwise, or ""
// if there is none: «مسؤول» → «مسئول», «ارایه» → «ارائه», «مسایل» → «مسائل»
// (myspell-fa prefers the first, news text and the Academy the second). A
// «ی» after an «ا» that follows a letter other than «ه» and before another
// letter; every «ؤو». Both spellings are then known; the word list's own
// stays first. About 14,000 forms (4%).
std::string HamzaVariant(std::string_view w) {
  static constexpr std::string_view kWawHamzaWaw = "\u0624\u0648", kYehHamzaWaw = "\u0626\u0648";
  static constexpr std::string_view kAlefYeh = "\u0627\u06CC", kAlefYehHamza = "\u0627\u0626";
  std::string out(w);
  bool changed = false;
  for (size_t p = out.find(kWawHamzaWaw); p != std::string::npos;
       p = out.find(kWawHamzaWaw, p + 2)) {
    out.replace(p, kWawHamzaWaw.size(), kYehHamzaWaw);
    changed = true;
  }
  for (size_t p = out.find(kAlefYeh); p != std::string::npos; p = out.find(kAlefYeh, p + 2)) {
    const size_t after = p + kAlefYeh.size();
    if (p == 0 || after >= out.size()) continue;
    // Not the plural «ها» + «ی…» («کتاب\u200cهایش»): a third of the word list.
    if (p >= 2 && out.compare(p - 2, 2, "\u0647") == 0) continue;
    size_t q = after;
    const char32_t next = DecodeUtf8(out, &q);
    if (!IsArabicLetter(next)) continue;
    out.replace(p, kAlefYeh.size(), kAlefYehHamza);
    changed = true;
  }
  return changed ? out : std::string();
}

// Adds the hamza spelling of every form of the word list d (after all the
// forms themselves, so a form of the list keeps its own index).
void AddHamzaVariants(const std::vector<std::string_view>& words, text::StringTable* forms,
                      text::StringTable* joined, std::string* scratch) {
  for (std::string_view w : words) {
    std::string v = HamzaVariant(w);
    if (!v.empty()) AddForm(v, forms, joined, scratch);
  }
}

// Bump when parsing, unification or the table layout changes: old images are
// then ignored.
constexpr int kImageVersion = 4;

// Where the compiled image of dic_path lives, and the header that must match
// for it to be used (the list's real path, size and modification time).
bool ImageFor(const std::string& dic_path, std::string* file, std::string* header) {
  if (const char* off = std::getenv("KHABAR_NO_CACHE"); off && *off && std::string_view(off) != "0") return false;
  std::string dir;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') {
    dir = std::string(x) + "/khabar";
  } else if (const char* h = std::getenv("HOME"); h && *h == '/') {
    dir = std::string(h) + "/.cache/khabar";
  } else {
    return false;
  }
  struct stat st;
  if (stat(dic_path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::error_code ec;
  std::string real = std::filesystem::canonical(dic_path, ec).string();
  if (ec) return false;
  *header = "khabar lexicon image " + std::to_string(kImageVersion) + " " + std::to_string(sizeof(void*)) + "\n" +
            real + "\n" + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
            std::to_string(st.st_mtim.tv_nsec) + "\n";
  char name[40];
  std::snprintf(name, sizeof name, "/lexicon-%016llx.bin",
                static_cast<unsigned long long>(text::HashBytes(real)));
  *file = dir + name;
  return true;
}

// Maps the image read-only and makes the tables views of it: nothing is
// copied, and pages are read as lookups need them.
bool ReadImage(const std::string& file, const std::string& header, text::StringTable* forms,
               text::StringTable* joined) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  void* p = MAP_FAILED;
  if (fstat(fd, &st) == 0 && st.st_size > 0)
    p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return false;
  const size_t size = static_cast<size_t>(st.st_size);
  std::shared_ptr<const void> owner(p, [size](const void* q) { munmap(const_cast<void*>(q), size); });
  std::string_view image(static_cast<const char*>(p), size);
  const size_t head = (header.size() + 7) & ~size_t{7};
  if (image.size() < head || image.substr(0, header.size()) != header) return false;
  image.remove_prefix(head);
  size_t n = forms->View(image, owner);
  if (n == 0) return false;
  image.remove_prefix(n);
  n = joined->View(image, owner);
  if (n == 0) return false;
  image.remove_prefix(n);
  return image == "end\n" && forms->size() > 0;
}

// Best effort: a failure leaves no image behind and is not reported.
void WriteImage(const std::string& file, const std::string& header, const text::StringTable& forms,
                const text::StringTable& joined) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
  if (ec) return;
  std::string tmp = file + ".tmp" + std::to_string(::getpid());
  bool ok;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    static const char kZeros[8] = {};
    if (header.size() % 8) out.write(kZeros, static_cast<std::streamsize>(8 - header.size() % 8));
    ok = out && forms.Save(out) && joined.Save(out) && out.write("end\n", 4);
    out.close();
    ok = ok && !out.fail();
  }
  if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) std::remove(tmp.c_str());
}

}  // namespace

std::shared_ptr<const Lexicon> Lexicon::FromWords(const std::vector<std::string>& words) {
  std::shared_ptr<Lexicon> lex(new Lexicon());
  std::string scratch;
  for (const std::string& w : words) AddForm(w, &lex->impl_->forms, &lex->impl_->joined, &scratch);
  AddHamzaVariants(std::vector<std::string_view>(words.begin(), words.end()), &lex->impl_->forms,
                   &lex->impl_->joined, &scratch);
  lex->impl_->forms.Freeze();
  lex->impl_->joined.Freeze();
  return lex;
}

// Reads the whole file once (7 MB for myspell-fa) and adds each form straight
// from it: no string per word, tables sized once from the line count.
Result<std::shared_ptr<const Lexicon>> Lexicon::Load(const std::string& dic_path) {
  std::ifstream in(dic_path, std::ios::binary);
  if (!in) return Status::NotFound(dic_path + ": cannot open word list");
  std::string image, header;
  const bool cacheable = ImageFor(dic_path, &image, &header);
  if (cacheable) {
    std::shared_ptr<Lexicon> lex(new Lexicon());
    if (ReadImage(image, header, &lex->impl_->forms, &lex->impl_->joined))
      return std::shared_ptr<const Lexicon>(std::move(lex));
  }
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
  std::vector<std::string_view> hamza_candidates;
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
    if (line.find("\u0624\u0648") != std::string_view::npos ||
        line.find("\u0627\u06CC") != std::string_view::npos)
      hamza_candidates.push_back(line);
  }
  if (words == 0) return Status::Corruption(dic_path + ": no words in word list");
  AddHamzaVariants(hamza_candidates, &forms, &joined, &scratch);
  forms.Freeze();
  joined.Freeze();
  if (cacheable) WriteImage(image, header, forms, joined);
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
