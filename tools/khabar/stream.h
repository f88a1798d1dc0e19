// Reads an input stream in bounded pieces: whole lines, or, for a line longer
// than the cap, pieces of it cut at a space. Memory stays O(cap).
#ifndef KHABAR_TOOLS_STREAM_H_
#define KHABAR_TOOLS_STREAM_H_

#include <functional>
#include <istream>
#include <string>
#include <string_view>

namespace khabar::cli {

// Calls fn(piece, offset, ends_line) for each piece; piece excludes '\n'.
// ends_line is false when a long line was cut and continues in the next piece.
inline void ForEachPiece(std::istream& in, size_t cap,
                         const std::function<void(std::string_view, size_t, bool)>& fn) {
  std::string buf;
  size_t offset = 0;  // input offset of buf[0]
  std::string chunk(1 << 16, '\0');
  bool eof = false;
  while (!eof || !buf.empty()) {
    if (!eof && buf.size() < cap) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      std::streamsize got = in.gcount();
      if (got > 0) buf.append(chunk.data(), static_cast<size_t>(got));
      if (got <= 0 || !in) eof = true;
      if (!eof && buf.find('\n') == std::string::npos && buf.size() < cap) continue;
    }
    size_t start = 0;
    while (true) {
      size_t nl = buf.find('\n', start);
      if (nl == std::string::npos) break;
      fn(std::string_view(buf).substr(start, nl - start), offset + start, true);
      start = nl + 1;
    }
    buf.erase(0, start);
    offset += start;
    if (buf.size() >= cap || (eof && !buf.empty())) {
      if (eof && buf.size() < cap) {
        fn(buf, offset, true);
        offset += buf.size();
        buf.clear();
        break;
      }
      size_t cut = buf.rfind(' ', cap);
      if (cut == std::string::npos || cut == 0) cut = cap;
      while (cut > 0 && (static_cast<unsigned char>(buf[cut]) & 0xC0) == 0x80) --cut;
      if (cut == 0) cut = cap;
      fn(std::string_view(buf).substr(0, cut), offset, false);
      buf.erase(0, cut);
      offset += cut;
    }
    if (eof && buf.empty()) break;
  }
}

}  // namespace khabar::cli

#endif  // KHABAR_TOOLS_STREAM_H_
