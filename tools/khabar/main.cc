// khabar: the command-line shell. See command.h for the manners every command keeps.
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "command.h"

namespace khabar::cli {

std::vector<Command>& Commands() {
  static std::vector<Command> commands;
  return commands;
}

int ParseArgs(CLI::App& app, int argc, char** argv, std::string_view command) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      app.exit(e);
      return kExitOk;
    }
    Error(command, e.what());
    return kExitError;
  }
  return -1;
}

void Error(std::string_view what, std::string_view why) {
  std::fprintf(stderr, "khabar: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(why.size()), why.data());
}

void Warn(std::string_view what, std::string_view why) {
  std::fprintf(stderr, "khabar: warning: %.*s: %.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(why.size()), why.data());
}

bool ForEachInput(const std::vector<std::string>& inputs,
                  const std::function<void(const std::string&, std::istream&)>& fn) {
  bool all_ok = true;
  if (inputs.empty()) {
    fn("-", std::cin);
    return true;
  }
  for (const std::string& name : inputs) {
    if (name == "-") {
      fn(name, std::cin);
      continue;
    }
    std::ifstream in(name, std::ios::binary);
    if (!in) {
      Error(name, std::strerror(errno));
      all_ok = false;
      continue;
    }
    fn(name, in);
  }
  return all_ok;
}

void Out(std::string_view s) {
  if (s.empty()) return;
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) std::_Exit(kExitOk);
}

void FlushOut() {
  if (std::fflush(stdout) != 0) std::_Exit(kExitOk);
}

}  // namespace khabar::cli

namespace {

void Usage(FILE* f) {
  std::fprintf(f,
               "khabar — a Persian news engine\n\n"
               "usage: khabar <command> [options] [args]\n\ncommands:\n");
  auto cmds = khabar::cli::Commands();
  std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.name < b.name; });
  for (const auto& c : cmds) std::fprintf(f, "  %-12s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(f, "\n'khabar <command> --help' tells more about a command.\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_DFL);  // a closed pipe ends us quietly, as with any filter
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    Usage(stderr);
    return khabar::cli::kExitError;
  }
  std::string name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    Usage(stdout);
    return 0;
  }
  if (name == "-V" || name == "--version") {
    std::printf("khabar 0.1.0\n");
    return 0;
  }
  for (const auto& c : khabar::cli::Commands()) {
    if (c.name == name) {
      std::string prog = "khabar " + name;
      argv[1] = prog.data();
      int rc = c.run(argc - 1, argv + 1);
      khabar::cli::FlushOut();
      return rc;
    }
  }
  khabar::cli::Error(name, "no such command (see 'khabar --help')");
  return khabar::cli::kExitError;
}
