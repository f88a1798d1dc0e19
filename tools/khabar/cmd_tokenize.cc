// khabar tokenize [--sentences] [--json] [FILE|-]...
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "command.h"
#include "khabar/tokenizer.h"
#include "stream.h"

namespace khabar::cli {
namespace {

constexpr size_t kPieceCap = 1 << 20;

int RunTokenize(int argc, char** argv) {
  CLI::App app{"Split Persian text into words (one line of tokens per input line, separated by "
               "spaces) or sentences (one a line).",
               "khabar tokenize"};
  bool sentences = false, json = false;
  std::vector<std::string> inputs;
  app.add_flag("-s,--sentences", sentences, "split into sentences instead of words");
  app.add_flag("--json", json, "JSON Lines: one object per token or sentence, with byte offsets");
  app.add_option("inputs", inputs, "files to read; - or none for stdin");
  if (int rc = ParseArgs(app, argc, argv, "tokenize"); rc >= 0) return rc;
  bool ok = ForEachInput(inputs, [&](const std::string& name, std::istream& in) {
    std::string out;
    ForEachPiece(in, kPieceCap, [&](std::string_view line, size_t offset, bool ends_line) {
      out.clear();
      if (sentences) {
        for (const Sentence& s : SplitSentences(line)) {
          std::string_view t = line.substr(s.begin, s.end - s.begin);
          if (json) {
            nlohmann::json j = {{"type", "sentence"}, {"input", name}, {"text", std::string(t)},
                                {"begin", offset + s.begin}, {"end", offset + s.end}};
            out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          } else {
            out.append(t);
          }
          out.push_back('\n');
        }
      } else {
        auto toks = TokenizeWords(line);
        bool first = true;
        for (const Token& t : toks) {
          if (json) {
            nlohmann::json j = {{"type", "token"}, {"input", name}, {"text", std::string(t.text(line))},
                                {"kind", TokenKindName(t.kind)}, {"begin", offset + t.begin},
                                {"end", offset + t.end}};
            out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            out.push_back('\n');
          } else {
            if (!first) out.push_back(' ');
            out.append(t.text(line));
            first = false;
          }
        }
        if (!json && ends_line) out.push_back('\n');
        if (!json && !ends_line && !toks.empty()) out.push_back(' ');
      }
      Out(out);
    });
  });
  return ok ? kExitOk : kExitError;
}

}  // namespace

KHABAR_COMMAND("tokenize", "split text into words or sentences", RunTokenize);

}  // namespace khabar::cli
