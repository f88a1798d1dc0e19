// Lexicon: the set of known Persian word forms (from Debian's myspell-fa word
// list, read at run time, never copied into khabar) plus khabar's own lists.
//
// Immutable after Load; safe to share between threads.
#ifndef KHABAR_LEXICON_H_
#define KHABAR_LEXICON_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar {

class Lexicon {
 public:
  // Reads a hunspell .dic word list (first line: count; then one form a line,
  // optionally "form/flags"). Forms are stored with Arabic ي/ك unified.
  static Result<std::shared_ptr<const Lexicon>> Load(const std::string& dic_path);
  // Builds one from a list of forms (tests, small tools).
  static std::shared_ptr<const Lexicon> FromWords(const std::vector<std::string>& words);
  // The default: $KHABAR_LEXICON if set, else /usr/share/hunspell/fa_IR.dic.
  // Loaded once per process; null if it cannot be read.
  static std::shared_ptr<const Lexicon> Default();

  ~Lexicon();

  // True if form (UTF-8, exact bytes, ZWNJ significant) is known.
  bool Contains(std::string_view form) const;
  // True if form is known with its ZWNJs removed or in place (any spelling).
  bool ContainsLoose(std::string_view form) const;
  // The known ZWNJ spelling of a run-together form («میداند» → «می\u200cداند»), or "".
  // When several exist the first one in the list wins.
  std::string_view ZwnjSpelling(std::string_view joined) const;
  // How many forms.
  size_t size() const;

 private:
  Lexicon();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar

#endif  // KHABAR_LEXICON_H_
