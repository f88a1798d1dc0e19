// Helpers shared by the time module's tests: locating and reading the shared
// vector files (plain or gzip). Test-only; not part of the library.
#ifndef KHABAR_SRC_TIME_TEST_UTIL_H_
#define KHABAR_SRC_TIME_TEST_UTIL_H_

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace khabar::testing {

// The shared data folder: $KHABAR_SHARED_DIR, else the compiled-in default.
inline std::string SharedDir() {
  if (const char* env = std::getenv("KHABAR_SHARED_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef KHABAR_SHARED_DIR
  return KHABAR_SHARED_DIR;
#else
  return "";
#endif
}

// The full path of `rel` in the shared folder, or "" if the file is absent.
inline std::string SharedFile(const std::string& rel) {
  std::string dir = SharedDir();
  if (dir.empty()) return "";
  std::string path = dir + "/" + rel;
  return std::filesystem::exists(path) ? path : "";
}

// Reads a text file, transparently gunzipping; false on failure.
inline bool ReadFileGz(const std::string& path, std::string* out) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char buf[1 << 16];
  int n;
  out->clear();
  while ((n = gzread(f, buf, sizeof buf)) > 0) out->append(buf, n);
  bool ok = n == 0;
  gzclose(f);
  return ok;
}

// Splits into lines (without '\n'), then each line into tab-separated fields.
inline std::vector<std::vector<std::string>> ParseTsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      if (tab == std::string::npos) {
        fields.push_back(line.substr(start));
        break;
      }
      fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace khabar::testing

#endif  // KHABAR_SRC_TIME_TEST_UTIL_H_
