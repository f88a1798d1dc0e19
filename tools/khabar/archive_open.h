// Opening an archive for the commands that only read it (search, show, stats, serve).
#ifndef KHABAR_TOOLS_ARCHIVE_OPEN_H_
#define KHABAR_TOOLS_ARCHIVE_OPEN_H_

#include <memory>
#include <string>

#include "command.h"
#include "khabar/archive.h"

namespace khabar::cli {

// Opens the archive at db read-only. On failure prints "khabar: <db>: <why>"
// and returns null; the command then exits with kExitError.
inline std::unique_ptr<Archive> OpenForReading(const std::string& db) {
  ArchiveOptions options;
  options.read_only = true;
  auto archive = Archive::Open(db, options);
  if (!archive.ok()) {
    Error(db, archive.status().message());
    return nullptr;
  }
  return std::move(archive).value();
}

}  // namespace khabar::cli

#endif  // KHABAR_TOOLS_ARCHIVE_OPEN_H_
