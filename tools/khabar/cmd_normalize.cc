// khabar normalize [options] [FILE|-]...
#include <CLI/CLI.hpp>
#include <iostream>

#include "command.h"
#include "khabar/normalizer.h"
#include "stream.h"

namespace khabar::cli {
namespace {

constexpr size_t kPieceCap = 1 << 20;

int RunNormalize(int argc, char** argv) {
  CLI::App app{"Normalize Persian text (UTF-8 in, the same line structure out).", "khabar normalize"};
  NormalizerOptions o;
  std::vector<std::string> inputs;
  bool strict = false;
  std::string ezafe = "hamza", lexicon_path;
  app.add_flag("--unicode-nfc,!--no-unicode-nfc", o.unicode_nfc, "Unicode NFC (default on)");
  app.add_flag("--unify-letters,!--no-unify-letters", o.unify_letters,
               "ي ك and presentation forms to Persian letters (default on)");
  app.add_flag("--persian-digits,!--no-persian-digits", o.persian_digits,
               "digits to Persian in Persian text (default on)");
  app.add_flag("--unify-arabic-digits,!--no-unify-arabic-digits", o.unify_arabic_digits,
               "Arabic-Indic digits to Persian (default on)");
  app.add_flag("--remove-diacritics,!--no-remove-diacritics", o.remove_diacritics,
               "remove harakat (default on)");
  app.add_flag("--remove-tatweel,!--no-remove-tatweel", o.remove_tatweel, "remove tatweel (default on)");
  app.add_flag("--squeeze-repeats,!--no-squeeze-repeats", o.squeeze_repeats,
               "squeeze repeated letters to known words (default on)");
  app.add_flag("--persian-punctuation,!--no-persian-punctuation", o.persian_punctuation,
               ", ; ? \"\" to ، ؛ ؟ «» in Persian context (default on)");
  app.add_flag("--fix-spacing,!--no-fix-spacing", o.fix_spacing, "spacing around punctuation (default on)");
  app.add_flag("--zwnj-hygiene,!--no-zwnj-hygiene", o.zwnj_hygiene,
               "remove useless ZWNJs, fix look-alikes (default on)");
  app.add_flag("--join-affixes,!--no-join-affixes", o.join_affixes,
               "space inside one word to ZWNJ (default on)");
  app.add_flag("--restore-zwnj,!--no-restore-zwnj", o.restore_zwnj,
               "restore ZWNJs in run-together words (default on)");
  app.add_flag("--joined-tar,!--no-joined-tar", o.joined_tar, "write «تر/ترین» joined (default off)");
  app.add_flag("--separated-compounds,!--no-separated-compounds", o.separated_compounds,
               "write «این\u200cجا», «هم\u200cچنین», «به\u200cعنوان» with a half-space (house "
               "style; default off)");
  app.add_option("--ezafe", ezafe, "ezafe after silent ه: hamza («خانهٔ»), yeh («خانه\u200cی»), ligature («خانۀ») or keep")
      ->check(CLI::IsMember({"hamza", "yeh", "ligature", "keep"}));
  app.add_option("--restore-threshold", o.restore_threshold, "confidence needed to restore (0..1)");
  app.add_option("--lexicon", lexicon_path, "hunspell word list (default: myspell-fa)");
  app.add_flag("--strict", strict, "exit 2 on invalid UTF-8 instead of replacing it");
  app.add_option("inputs", inputs, "files to read; - or none for stdin");
  if (int rc = ParseArgs(app, argc, argv, "normalize"); rc >= 0) return rc;
  o.ezafe = ezafe == "yeh" ? EzafeStyle::kYeh : ezafe == "keep"     ? EzafeStyle::kKeep
                 : ezafe == "ligature" ? EzafeStyle::kLigature
                                       : EzafeStyle::kHamza;
  std::shared_ptr<const Lexicon> lex;
  if (!lexicon_path.empty()) {
    auto r = Lexicon::Load(lexicon_path);
    if (!r.ok()) {
      Error(lexicon_path, r.status().message());
      return kExitError;
    }
    lex = r.value();
  } else {
    lex = Lexicon::Default();
    if (!lex) Warn("lexicon", "myspell-fa word list not found; half-space repair is off");
  }
  auto made = Normalizer::Create(o, lex);
  if (!made.ok()) {
    Error("normalize", made.status().message());
    return kExitError;
  }
  const Normalizer& norm = *made.value();
  bool failed = false;
  bool ok = ForEachInput(inputs, [&](const std::string& name, std::istream& in) {
    if (failed) return;
    std::vector<NormalizeWarning> warnings;
    std::string out;
    ForEachPiece(in, kPieceCap, [&](std::string_view piece, size_t offset, bool ends_line) {
      if (failed) return;
      warnings.clear();
      out = norm.Normalize(piece, nullptr, &warnings);
      for (const auto& w : warnings) {
        std::string what = name == "-" ? "<stdin>" : name;
        std::string why = w.message + " at byte " + std::to_string(offset + w.offset);
        if (strict) {
          Error(what, why);
          failed = true;
          return;
        }
        Warn(what, why + " (replaced with U+FFFD)");
      }
      out.push_back(ends_line ? '\n' : ' ');
      Out(out);
    });
  });
  if (failed) return kExitError;
  return ok ? kExitOk : kExitError;
}

}  // namespace

KHABAR_COMMAND("normalize", "normalize Persian text (letters, digits, punctuation, half-spaces)",
               RunNormalize);

}  // namespace khabar::cli
