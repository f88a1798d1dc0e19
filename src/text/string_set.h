// StringSet / StringMap: compact, immutable open-addressing hash tables over
// string_views that point into one owned buffer. Built once, then read from
// many threads. Lookup is O(length of key) expected.
#ifndef KHABAR_TEXT_STRING_SET_H_
#define KHABAR_TEXT_STRING_SET_H_

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::text {

uint64_t HashBytes(std::string_view s);

// Maps keys to uint32 values. Add all keys, then Freeze(), then look up.
class StringTable {
 public:
  static constexpr uint32_t kMissing = 0xFFFFFFFFu;

  // Adds key with value if absent; returns the index of the key's entry.
  // REQUIRES: !frozen
  void Add(std::string_view key, uint32_t value);
  // As Add, with h == HashBytes(key); returns false if key was already there.
  bool Insert(std::string_view key, uint64_t h, uint32_t value);
  // Makes room for n keys of `bytes` bytes in all, so that adding them does
  // not rehash. REQUIRES: !frozen
  void Reserve(size_t n, size_t bytes);
  void Freeze();
  // Writes a binary image of the table (host byte order) to out; returns
  // false if writing failed.
  bool Save(std::ostream& out) const;
  // Replaces this table with an image written by Save. Returns false, leaving
  // the table empty, if the image is truncated or inconsistent. O(size).
  bool Restore(std::istream& in);
  // The value of key, or kMissing.
  uint32_t Find(std::string_view key) const;
  bool Contains(std::string_view key) const { return Find(key) != kMissing; }
  size_t size() const { return entries_.size(); }
  std::string_view key(size_t i) const {
    return std::string_view(buffer_).substr(entries_[i].offset, entries_[i].length);
  }

 private:
  struct Entry {
    uint32_t offset, length, value;
    uint32_t hash_lo;
  };
  void Rehash(size_t capacity);
  uint32_t FindSlot(std::string_view key, uint64_t h) const;

  std::string buffer_;
  std::vector<Entry> entries_;
  // (hash tag << 32) | (index + 1) into entries_; 0 = empty. The tag lets a
  // probe skip a mismatching entry without touching it (one cache miss less).
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
  // A blocked Bloom filter over the hash tags, 1/16 the size of slots_ (for
  // the word list: 512 KB, cache-resident where the slots are not): most keys
  // looked up are absent, and the filter answers those without touching the
  // slots. Exact either way: a filter hit goes on to the slots.
  void FilterAdd(uint32_t tag);
  void RebuildFilter();
  std::vector<uint64_t> filter_;
  size_t filter_mask_ = 0;
};

}  // namespace khabar::text

#endif  // KHABAR_TEXT_STRING_SET_H_
