#include "text/string_set.h"

#include <xxhash.h>

namespace khabar::text {

uint64_t HashBytes(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

void StringTable::Rehash(size_t capacity) {
  size_t cap = 16;
  while (cap < capacity * 2) cap <<= 1;
  slots_.assign(cap, 0);
  mask_ = cap - 1;
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    uint64_t h = HashBytes(key(i));
    size_t pos = h & mask_;
    while (slots_[pos] != 0) pos = (pos + 1) & mask_;
    slots_[pos] = (h & 0xFFFFFFFF00000000ull) | (i + 1);
  }
}

uint32_t StringTable::FindSlot(std::string_view k, uint64_t h) const {
  if (slots_.empty()) return kMissing;
  size_t pos = h & mask_;
  uint32_t lo = static_cast<uint32_t>(h >> 32);
  while (true) {
    uint64_t s = slots_[pos];
    if (s == 0) return kMissing;
    if (static_cast<uint32_t>(s >> 32) == lo) {
      uint32_t idx = static_cast<uint32_t>(s) - 1;
      const Entry& e = entries_[idx];
      if (e.length == k.size() && std::string_view(buffer_).substr(e.offset, e.length) == k) return idx;
    }
    pos = (pos + 1) & mask_;
  }
}

void StringTable::Add(std::string_view k, uint32_t value) {
  uint64_t h = HashBytes(k);
  if (entries_.size() * 2 + 2 > slots_.size()) Rehash(entries_.size() + 1 > 1024 ? entries_.size() * 2 : 1024);
  if (FindSlot(k, h) != kMissing) return;
  Entry e{static_cast<uint32_t>(buffer_.size()), static_cast<uint32_t>(k.size()), value,
          static_cast<uint32_t>(h >> 32)};
  buffer_.append(k);
  entries_.push_back(e);
  size_t pos = h & mask_;
  while (slots_[pos] != 0) pos = (pos + 1) & mask_;
  slots_[pos] = (h & 0xFFFFFFFF00000000ull) | entries_.size();
}

void StringTable::Freeze() { buffer_.shrink_to_fit(); }

uint32_t StringTable::Find(std::string_view k) const {
  uint32_t i = FindSlot(k, HashBytes(k));
  return i == kMissing ? kMissing : entries_[i].value;
}

}  // namespace khabar::text
