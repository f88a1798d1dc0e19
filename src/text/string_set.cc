#include "text/string_set.h"

#include <xxhash.h>

#include <algorithm>

namespace khabar::text {

uint64_t HashBytes(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

namespace {

// Three bits of one 64-bit block, from the (already uniform) hash tag.
inline uint64_t FilterBits(uint32_t tag) {
  const uint32_t x = tag * 0x9E3779B1u;
  return (uint64_t{1} << (x >> 26)) | (uint64_t{1} << ((x >> 20) & 63)) | (uint64_t{1} << ((x >> 14) & 63));
}

}  // namespace

void StringTable::FilterAdd(uint32_t tag) { filter_[tag & filter_mask_] |= FilterBits(tag); }

void StringTable::RebuildFilter() {
  filter_.assign(slots_.empty() ? 0 : std::max<size_t>(1, slots_.size() / 16), 0);
  filter_mask_ = filter_.empty() ? 0 : filter_.size() - 1;
  if (filter_.empty()) return;
  for (const Entry& e : entries_) FilterAdd(e.hash_lo);
}

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
  RebuildFilter();
}

uint32_t StringTable::FindSlot(std::string_view k, uint64_t h) const {
  if (slots_.empty()) return kMissing;
  uint32_t lo = static_cast<uint32_t>(h >> 32);
  const uint64_t bits = FilterBits(lo);
  if ((filter_[lo & filter_mask_] & bits) != bits) return kMissing;
  size_t pos = h & mask_;
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

void StringTable::Add(std::string_view k, uint32_t value) { Insert(k, HashBytes(k), value); }

bool StringTable::Insert(std::string_view k, uint64_t h, uint32_t value) {
  if (entries_.size() * 2 + 2 > slots_.size()) Rehash(entries_.size() + 1 > 1024 ? entries_.size() * 2 : 1024);
  // One probe both finds an equal key and the free slot for a new one.
  size_t pos = h & mask_;
  const uint32_t lo = static_cast<uint32_t>(h >> 32);
  while (slots_[pos] != 0) {
    uint64_t s = slots_[pos];
    if (static_cast<uint32_t>(s >> 32) == lo) {
      const Entry& e = entries_[static_cast<uint32_t>(s) - 1];
      if (e.length == k.size() && std::string_view(buffer_).substr(e.offset, e.length) == k) return false;
    }
    pos = (pos + 1) & mask_;
  }
  Entry e{static_cast<uint32_t>(buffer_.size()), static_cast<uint32_t>(k.size()), value, lo};
  buffer_.append(k);
  entries_.push_back(e);
  slots_[pos] = (h & 0xFFFFFFFF00000000ull) | entries_.size();
  FilterAdd(lo);
  return true;
}

void StringTable::Reserve(size_t n, size_t bytes) {
  buffer_.reserve(buffer_.size() + bytes);
  entries_.reserve(entries_.size() + n);
  size_t want = entries_.size() + n;
  if (want * 2 + 2 > slots_.size()) Rehash(want + 1);
}

void StringTable::Freeze() { buffer_.shrink_to_fit(); }

namespace {

template <typename T>
bool WriteVec(std::ostream& out, const T* data, uint64_t n) {
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(n * sizeof(T)));
  return static_cast<bool>(out);
}

// Reads a count, then that many T into *v (at most `cap` of them).
template <typename V>
bool ReadVec(std::istream& in, V* v, uint64_t cap) {
  uint64_t n = 0;
  if (!in.read(reinterpret_cast<char*>(&n), sizeof n) || n > cap) return false;
  v->resize(n);
  in.read(reinterpret_cast<char*>(v->data()), static_cast<std::streamsize>(n * sizeof((*v)[0])));
  return static_cast<uint64_t>(in.gcount()) == n * sizeof((*v)[0]);
}

}  // namespace

bool StringTable::Save(std::ostream& out) const {
  return WriteVec(out, slots_.data(), slots_.size()) && WriteVec(out, entries_.data(), entries_.size()) &&
         WriteVec(out, buffer_.data(), buffer_.size());
}

bool StringTable::Restore(std::istream& in) {
  constexpr uint64_t kCap = uint64_t{1} << 32;
  bool ok = ReadVec(in, &slots_, kCap) && ReadVec(in, &entries_, kCap) && ReadVec(in, &buffer_, kCap);
  // Consistent: a power-of-two slot array, room for every entry, every slot
  // naming an entry, every entry inside the buffer.
  ok = ok && (slots_.empty() ? entries_.empty() : (slots_.size() & (slots_.size() - 1)) == 0) &&
       entries_.size() < slots_.size() + (slots_.empty() ? 1 : 0);
  for (size_t i = 0; ok && i < entries_.size(); ++i)
    ok = uint64_t{entries_[i].offset} + entries_[i].length <= buffer_.size();
  size_t used = 0;
  for (size_t i = 0; ok && i < slots_.size(); ++i) {
    uint32_t idx = static_cast<uint32_t>(slots_[i]);
    ok = idx <= entries_.size();
    used += idx != 0;
  }
  ok = ok && used == entries_.size();
  if (!ok) {
    slots_.clear();
    entries_.clear();
    buffer_.clear();
    filter_.clear();
    mask_ = filter_mask_ = 0;
    return false;
  }
  mask_ = slots_.empty() ? 0 : slots_.size() - 1;
  RebuildFilter();
  return true;
}

uint32_t StringTable::Find(std::string_view k) const {
  uint32_t i = FindSlot(k, HashBytes(k));
  return i == kMissing ? kMissing : entries_[i].value;
}

}  // namespace khabar::text
