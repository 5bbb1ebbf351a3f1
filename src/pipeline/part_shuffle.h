// Streams between the P parts of a partitioned decision in rounds of bounded size, so that no
// part holds all it sends or receives at once.
//
// Each part appends whole items to the buffer of any part (itself included) and calls Pushed;
// once its buffers hold round_bytes it exchanges them with every part (one collective
// AllToAll). Finish exchanges until every part has finished. What arrives is handed to the sink
// as (sender, bytes), items never split; the items from one sender arrive in the order it
// appended them.
//
// Every part must use its shuffles in the same order, and call no other collective of the
// exchange between a shuffle's first Pushed and its Finish.
#ifndef SARING_PIPELINE_PART_SHUFFLE_H_
#define SARING_PIPELINE_PART_SHUFFLE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

class PartShuffle {
 public:
  using Sink = std::function<Status(int from, std::string_view bytes)>;
  static constexpr size_t kDefaultRoundBytes = size_t{8} << 20;

  PartShuffle(PartExchange* exchange, size_t round_bytes, Sink sink);

  // The buffer for part `to`; append whole items, then call Pushed.
  std::string* to(int part) { return &buffers_[part]; }
  // Exchanges when the buffers are full.
  Status Pushed();
  // Exchanges what is left, and keeps exchanging until every part has finished.
  Status Finish();

  // Bytes this part sent to other parts (not to itself), and exchange rounds.
  uint64_t bytes_sent() const { return bytes_sent_; }
  uint64_t rounds() const { return rounds_; }

 private:
  // One round; *all_done tells whether every part marked its message as its last.
  Status Exchange(bool done, bool* all_done);

  PartExchange* ex_;
  Sink sink_;
  size_t round_bytes_;
  std::vector<std::string> buffers_;
  size_t buffered_ = 0;
  uint64_t bytes_sent_ = 0, rounds_ = 0;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PART_SHUFFLE_H_
