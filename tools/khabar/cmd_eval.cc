// khabar eval zwnj [--json] [FILE|-]...
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "command.h"
#include "khabar/zwnj_eval.h"
#include "stream.h"

namespace khabar::cli {
namespace {

nlohmann::json ScoreJson(const ZwnjScore& s) {
  return {{"gold_zwnj", s.gold_zwnj},     {"true_positive", s.true_positive},
          {"false_positive", s.false_positive}, {"precision", s.Precision()},
          {"recall", s.Recall()},         {"f1", s.F1()},
          {"words", s.words},             {"over_corrected", s.over_corrected},
          {"over_correction_rate", s.OverCorrectionRate()}};
}

int RunEval(int argc, char** argv) {
  CLI::App app{"Evaluate khabar against reference text.", "khabar eval"};
  app.require_subcommand(1);
  auto* zw = app.add_subcommand(
      "zwnj",
      "Half-space restoration: each input line is a reference sentence with correct ZWNJs; it is "
      "broken two ways (ZWNJs deleted; ZWNJs turned into spaces), restored, and scored.");
  bool json = false;
  std::vector<std::string> inputs;
  zw->add_flag("--json", json, "one JSON object instead of the table");
  zw->add_option("inputs", inputs, "files; - or none for stdin");
  if (int rc = ParseArgs(app, argc, argv, "eval"); rc >= 0) return rc;
  auto made = Normalizer::Create(HalfSpaceOnlyOptions(), Lexicon::Default());
  if (!made.ok()) {
    Error("eval", made.status().message());
    return kExitError;
  }
  if (!Lexicon::Default()) Warn("lexicon", "myspell-fa word list not found; scores will be low");
  ZwnjEvaluation ev;
  bool ok = ForEachInput(inputs, [&](const std::string&, std::istream& in) {
    ForEachPiece(in, 1 << 20, [&](std::string_view line, size_t, bool) {
      EvaluateZwnjLine(*made.value(), line, &ev);
    });
  });
  if (json) {
    nlohmann::json j = {{"type", "zwnj_eval"}, {"sentences", ev.sentences},
                        {"deleted", ScoreJson(ev.deleted)}, {"spaced", ScoreJson(ev.spaced)}};
    Out(j.dump() + "\n");
  } else {
    char buf[512];
    std::snprintf(buf, sizeof buf, "sentences: %lld\n%-22s %9s %9s %9s %9s %12s\n",
                  static_cast<long long>(ev.sentences), "variant", "precision", "recall", "F1",
                  "gold ZWNJ", "over-corr.");
    Out(buf);
    for (auto [name, s] : {std::pair{"ZWNJ deleted", &ev.deleted}, std::pair{"ZWNJ as space", &ev.spaced}}) {
      std::snprintf(buf, sizeof buf, "%-22s %9.4f %9.4f %9.4f %9lld %11.3f%%\n", name, s->Precision(),
                    s->Recall(), s->F1(), static_cast<long long>(s->gold_zwnj),
                    100 * s->OverCorrectionRate());
      Out(buf);
    }
  }
  return ok ? kExitOk : kExitError;
}

}  // namespace

KHABAR_COMMAND("eval", "evaluate khabar against reference text (eval zwnj FILE)", RunEval);

}  // namespace khabar::cli
