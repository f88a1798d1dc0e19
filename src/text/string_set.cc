#include "text/string_set.h"

// Inlined: HashBytes runs on every word looked up (no call through the PLT,
// and XXH3's short-key paths fold into the caller). Same hash values.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cstring>

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
  SyncViews();
}

uint32_t StringTable::FindSlot(std::string_view k, uint64_t h) const {
  if (nslots_ == 0) return kMissing;
  uint32_t lo = static_cast<uint32_t>(h >> 32);
  const uint64_t bits = FilterBits(lo);
  if ((filter_p_[lo & filter_mask_] & bits) != bits) return kMissing;
  size_t pos = h & mask_;
  for (size_t probes = 0; probes < nslots_; ++probes, pos = (pos + 1) & mask_) {
    uint64_t s = slot_p_[pos];
    if (s == 0) return kMissing;
    if (static_cast<uint32_t>(s >> 32) != lo) continue;
    uint32_t idx = static_cast<uint32_t>(s) - 1;
    if (idx >= nentries_) return kMissing;  // a damaged image
    const Entry& e = entry_p_[idx];
    if (e.length == k.size() && e.offset <= nbuffer_ && e.length <= nbuffer_ - e.offset &&
        std::memcmp(buffer_p_ + e.offset, k.data(), k.size()) == 0)
      return idx;
  }
  return kMissing;
}

void StringTable::SyncViews() {
  slot_p_ = slots_.data();
  entry_p_ = entries_.data();
  buffer_p_ = buffer_.data();
  filter_p_ = filter_.data();
  nslots_ = slots_.size();
  nentries_ = entries_.size();
  nbuffer_ = buffer_.size();
  owner_.reset();
}

void StringTable::Clear() {
  slots_.clear();
  entries_.clear();
  buffer_.clear();
  filter_.clear();
  mask_ = filter_mask_ = 0;
  SyncViews();
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
  SyncViews();
  return true;
}

void StringTable::Reserve(size_t n, size_t bytes) {
  buffer_.reserve(buffer_.size() + bytes);
  entries_.reserve(entries_.size() + n);
  size_t want = entries_.size() + n;
  if (want * 2 + 2 > slots_.size()) Rehash(want + 1);
}

void StringTable::Freeze() {
  if (owner_) return;
  buffer_.shrink_to_fit();
  SyncViews();
}

namespace {

void WriteArray(std::ostream& out, const void* data, size_t bytes) {
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
  static const char kZeros[8] = {};
  if (bytes % 8) out.write(kZeros, static_cast<std::streamsize>(8 - bytes % 8));
}

size_t Pad8(size_t n) { return (n + 7) & ~size_t{7}; }

}  // namespace

// Image: four uint64 counts (slots, entries, filter words, buffer bytes), then
// the slots, the entries, the filter and the buffer, each padded to 8 bytes.
bool StringTable::Save(std::ostream& out) const {
  const uint64_t counts[4] = {nslots_, nentries_, nslots_ ? filter_mask_ + 1 : 0, nbuffer_};
  WriteArray(out, counts, sizeof counts);
  WriteArray(out, slot_p_, nslots_ * sizeof(uint64_t));
  WriteArray(out, entry_p_, nentries_ * sizeof(Entry));
  WriteArray(out, filter_p_, counts[2] * sizeof(uint64_t));
  WriteArray(out, buffer_p_, nbuffer_);
  return static_cast<bool>(out);
}

size_t StringTable::View(std::string_view image, std::shared_ptr<const void> owner) {
  Clear();
  uint64_t c[4];
  if (image.size() < sizeof c || reinterpret_cast<uintptr_t>(image.data()) % 8 != 0) return 0;
  std::memcpy(c, image.data(), sizeof c);
  const uint64_t ns = c[0], ne = c[1], nf = c[2], nb = c[3];
  constexpr uint64_t kCap = uint64_t{1} << 32;
  // A power-of-two slot array with room to spare, a filter of 1/16 of it.
  if (ns >= kCap || ne >= kCap || nb >= kCap || (ns & (ns - 1)) != 0 || ne >= ns + (ns == 0) ||
      nf != (ns == 0 ? 0 : std::max<uint64_t>(1, ns / 16)))
    return 0;
  const size_t off_slots = sizeof c, off_entries = off_slots + ns * 8, off_filter = off_entries + Pad8(ne * sizeof(Entry)),
               off_buffer = off_filter + nf * 8, total = off_buffer + Pad8(nb);
  if (total > image.size()) return 0;
  const char* base = image.data();
  slot_p_ = reinterpret_cast<const uint64_t*>(base + off_slots);
  entry_p_ = reinterpret_cast<const Entry*>(base + off_entries);
  filter_p_ = reinterpret_cast<const uint64_t*>(base + off_filter);
  buffer_p_ = base + off_buffer;
  nslots_ = ns;
  nentries_ = ne;
  nbuffer_ = nb;
  mask_ = ns ? ns - 1 : 0;
  filter_mask_ = nf ? nf - 1 : 0;
  owner_ = std::move(owner);
  return total;
}

uint32_t StringTable::Find(std::string_view k) const {
  uint32_t i = FindSlot(k, HashBytes(k));
  return i == kMissing ? kMissing : entry_p_[i].value;
}

}  // namespace khabar::text
