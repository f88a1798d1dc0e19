// StringSet / StringMap: compact, immutable open-addressing hash tables over
// string_views that point into one owned buffer. Built once, then read from
// many threads. Lookup is O(length of key) expected.
#ifndef KHABAR_TEXT_STRING_SET_H_
#define KHABAR_TEXT_STRING_SET_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::text {

uint64_t HashBytes(std::string_view s);

// Maps keys to uint32 values. Add all keys, then Freeze(), then look up.
// A table is either built here (it owns its arrays) or a view of an image
// written by Save (View(); the image's owner is kept alive by the table).
class StringTable {
 public:
  static constexpr uint32_t kMissing = 0xFFFFFFFFu;

  // Adds key with value if absent.
  // REQUIRES: !frozen, not a view
  void Add(std::string_view key, uint32_t value);
  // As Add, with h == HashBytes(key); returns false if key was already there.
  bool Insert(std::string_view key, uint64_t h, uint32_t value);
  // Makes room for n keys of `bytes` bytes in all, so that adding them does
  // not rehash. REQUIRES: !frozen, not a view
  void Reserve(size_t n, size_t bytes);
  void Freeze();
  // Writes a binary image of the table (host byte order; a multiple of 8
  // bytes long) to out; returns false if writing failed.
  bool Save(std::ostream& out) const;
  // Makes this table a view of an image written by Save at the start of
  // `image` (8-byte aligned), which `owner` keeps alive. Returns the bytes the
  // image takes, or 0 (leaving the table empty) if it is truncated or its
  // sizes are inconsistent. O(1): nothing is copied or read beyond the sizes;
  // lookups bounds-check what they read, so a damaged image gives wrong
  // answers, never reads outside it.
  size_t View(std::string_view image, std::shared_ptr<const void> owner);
  // The value of key, or kMissing.
  uint32_t Find(std::string_view key) const;
  bool Contains(std::string_view key) const { return Find(key) != kMissing; }
  size_t size() const { return nentries_; }
  // The i-th key added ("" if i is out of range).
  std::string_view key(size_t i) const {
    if (i >= nentries_) return {};
    const Entry& e = entry_p_[i];
    if (e.offset > nbuffer_ || e.length > nbuffer_ - e.offset) return {};
    return std::string_view(buffer_p_ + e.offset, e.length);
  }

 private:
  struct Entry {
    uint32_t offset, length, value;
    uint32_t hash_lo;
  };
  void Rehash(size_t capacity);
  uint32_t FindSlot(std::string_view key, uint64_t h) const;
  // Points the read side at the owned arrays (after every change).
  void SyncViews();
  void Clear();

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

  // What lookups read: the arrays above, or an image's.
  const uint64_t* slot_p_ = nullptr;
  const Entry* entry_p_ = nullptr;
  const char* buffer_p_ = nullptr;
  const uint64_t* filter_p_ = nullptr;
  size_t nslots_ = 0, nentries_ = 0, nbuffer_ = 0;
  std::shared_ptr<const void> owner_;  // keeps a viewed image alive
};

}  // namespace khabar::text

#endif  // KHABAR_TEXT_STRING_SET_H_
