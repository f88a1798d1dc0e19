// The khabar CLI: a thin shell over the library. Each command lives in its own
// cmd_<name>.cc and registers itself with KHABAR_COMMAND; main.cc dispatches.
//
// Manners (ripgrep's): data on stdout, diagnostics on stderr as one line
// "khabar: <what>: <why>", exit 0 success / 1 nothing found / 2 error, "-" is
// stdin, a broken pipe ends the program quietly.
#ifndef KHABAR_TOOLS_COMMAND_H_
#define KHABAR_TOOLS_COMMAND_H_

#include <cstdio>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace khabar::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNothing = 1;
inline constexpr int kExitError = 2;

// argv[0] is "khabar <name>"; the rest are the command's own arguments.
using CommandFn = int (*)(int argc, char** argv);

struct Command {
  std::string name;
  std::string summary;
  CommandFn run;
};

std::vector<Command>& Commands();

struct Registrar {
  Registrar(const char* name, const char* summary, CommandFn fn) {
    Commands().push_back({name, summary, fn});
  }
};

#define KHABAR_COMMAND(name, summary, fn) \
  static ::khabar::cli::Registrar khabar_registrar_##fn(name, summary, fn)

// Parses argv into app. Returns -1 when the command should go on, else the
// exit code to return: 0 after --help/--version (printed), 2 after a usage
// error (printed as "khabar: <command>: <why>").
int ParseArgs(CLI::App& app, int argc, char** argv, std::string_view command);

// Prints "khabar: <what>: <why>" to stderr.
void Error(std::string_view what, std::string_view why);
// Prints "khabar: warning: <what>: <why>" to stderr.
void Warn(std::string_view what, std::string_view why);

// Calls fn(name, stream) for each input ("-" or none = stdin). A file that
// cannot be opened is reported and skipped; returns false if any was.
bool ForEachInput(const std::vector<std::string>& inputs,
                  const std::function<void(const std::string& name, std::istream& in)>& fn);

// Writes to stdout; on a broken pipe or write error exits quietly.
void Out(std::string_view s);
void FlushOut();

}  // namespace khabar::cli

#endif  // KHABAR_TOOLS_COMMAND_H_
