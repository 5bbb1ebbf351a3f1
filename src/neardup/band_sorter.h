// Finds LSH candidate pairs by sorting (band, key, doc) entries -- no hash table that grows
// with the corpus. Entries are buffered per band; when the buffer passes its byte budget every
// band's entries are partitioned by the top 8 bits of their key (a stable, linear pass, so each
// partition stays in doc order) and appended to a spill file as one run, with the partitions'
// sizes. Pairing goes band by band and, within a band, through groups of consecutive partitions
// that fit the budget: a group is read from every run, and in each partition only the entries of
// keys that occur more than once (found through a hash table; most band keys occur once) are
// sorted and paired, so buckets come in key order exactly as from one global sort. A single partition above the
// budget (a band key shared by very many documents, or a very large corpus) is sorted in pieces
// that are k-way merged. Without a spill, each band's buffer is sorted and paired in place.
//
// Within a bucket (one band, one key) holding docs m0 < m1 < ... < m(n-1), the pairs emitted are
// the star (m0, mj) for j >= 1 and the chain (m(j-1), mj) for j >= 2: at most 2n - 3 pairs, so a
// hot bucket costs O(n), never O(n^2). docs/near-dup.md discusses the effect on recall.
//
// Thread-safety: none.
#ifndef SARING_NEARDUP_BAND_SORTER_H_
#define SARING_NEARDUP_BAND_SORTER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "neardup/spill_file.h"
#include "saring/status.h"

namespace saring::neardup_internal {

// One band key of one document; 12 bytes, ordered by (key, doc).
struct BandEntry {
  uint32_t key_hi;
  uint32_t key_lo;
  uint32_t doc;
};

inline bool operator<(const BandEntry& a, const BandEntry& b) {
  if (a.key_hi != b.key_hi) return a.key_hi < b.key_hi;
  if (a.key_lo != b.key_lo) return a.key_lo < b.key_lo;
  return a.doc < b.doc;
}

// Sorts `entries` by (key, doc). Band keys are hashes, so one counting pass on the top bits of
// the key (16 for a large vector) spreads the entries evenly over up to 65,536 buckets, each then finished by an insertion sort
// (std::sort for a large one): linear time instead of n log n. `scratch` is working space of the
// entries' size, reused between calls; *entries keeps its capacity.
void SortBandEntries(std::vector<BandEntry>* entries, std::vector<BandEntry>* scratch);

// Appends to *out the entries of [first, first + n) whose key occurs more than once there, sorted
// by (key, doc): the entries of a sorted slice that can pair, without sorting the slice (one pass
// through an open-addressing table of the keys; band keys are hashes, and most occur once).
// `table` is working space reused between calls.
void AppendRepeatedKeys(const BandEntry* first, size_t n, std::vector<uint32_t>* table,
                        std::vector<BandEntry>* out);

class BandSorter {
 public:
  // Buffers at most about budget_bytes of entries in RAM; spill runs go to `work_dir`.
  BandSorter(uint32_t bands, uint64_t budget_bytes, std::string work_dir);

  // Adds the band keys keys[0..bands) of doc `doc`. Docs must be added in increasing order.
  // Returns IoError if a spill fails.
  Status Add(uint32_t doc, const uint64_t* keys);
  // Adds one band key: band `band`'s key of doc `doc`, in any order of docs (a part of a
  // partitioned decision holds the keys of many documents' bands, not every band of one).
  Status AddOne(uint32_t band, uint64_t key, uint32_t doc);

  // Calls on_pair(a, b) (a < b) for every pair of the rule above, band by band, buckets in key
  // order. Stops at and returns the first non-OK status of on_pair or of reading a run. Call
  // once; the entries are released as they are consumed.
  Status ForEachPair(const std::function<Status(uint32_t, uint32_t)>& on_pair);

  uint64_t spill_runs() const { return runs_.size(); }

 private:
  class Merger;

  Status SpillRun();
  // Pairs band `band` from the spill runs, a group of partitions at a time.
  Status PairBand(uint32_t band, const std::function<Status(uint32_t, uint32_t)>& on_pair);
  // Pairs one partition too large for the budget: its share of each run (parts[run * P + p]
  // entries at (*at)[run]) is sorted in pieces of `target` entries that are then merged.
  Status MergeLargePartition(uint32_t partition, const std::vector<uint32_t>& parts,
                             std::vector<uint64_t>* at, uint64_t target,
                             const std::function<Status(uint32_t, uint32_t)>& on_pair);

  uint32_t bands_;
  uint64_t budget_entries_;
  std::string work_dir_;
  uint64_t buffered_ = 0;
  std::vector<std::vector<BandEntry>> buffers_;  // one per band
  std::vector<BandEntry> sort_scratch_;          // SortBandEntries' working space (one band)
  std::vector<uint32_t> repeat_table_;           // AppendRepeatedKeys' working space
  std::vector<BandEntry> repeats_;               // entries of repeated keys, one group at a time
  std::unique_ptr<SpillFile> file_;
  // runs_[r][b] = file offset of band b's entries in run r; run_counts_[r][b] their number.
  std::vector<std::vector<uint64_t>> runs_;
  std::vector<std::vector<uint64_t>> run_counts_;
};

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_BAND_SORTER_H_
