// RoundExchange: all-to-all traffic between the parts of a partitioned decision (saring/stages.h
// PartExchange) in rounds of bounded size, so that neither the sender nor the receiver holds a
// whole partition of a table in one message.
//
// Each part appends what it has for part q to to(q) and calls MaybeRound() after each item; when
// one of its buffers reaches `round_bytes`, it takes part in a round (one AllToAll) and hands
// every message received to `take`. When a part has nothing more to send it calls Finish(), which
// takes part in rounds until every part has finished. Every part therefore takes part in the same
// number of rounds. The first byte of each message says whether its sender has finished.
// Thread-safety: none (one per part).
#ifndef SARING_PIPELINE_ROUND_EXCHANGE_H_
#define SARING_PIPELINE_ROUND_EXCHANGE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/byte_codec.h"
#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

class RoundExchange {
 public:
  // take(from, bytes): what part `from` sent this part in one round (may be empty).
  using Take = std::function<Status(int from, std::string_view bytes)>;
  RoundExchange(PartExchange* ex, size_t round_bytes, Take take);

  std::string* to(int part) { return &send_[part]; }
  Status MaybeRound();
  Status Finish();
  uint64_t rounds() const { return rounds_; }

 private:
  Status Round(bool finished);
  PartExchange* ex_;
  size_t round_bytes_;
  Take take_;
  std::vector<std::string> send_;
  bool all_finished_ = false;
  uint64_t rounds_ = 0;
};

// A round's message of fixed-size records: calls read(ByteReader*) -> Status once per record of
// `record_bytes` bytes of `bytes` (read takes exactly one record); Corruption(`garbled`) when
// `bytes` is not a whole number of records.
template <class Read>
Status ForEachFixedRecord(std::string_view bytes, size_t record_bytes, std::string_view garbled,
                          Read&& read) {
  if (bytes.size() % record_bytes != 0) return Status::Corruption(std::string(garbled));
  ByteReader r(bytes, 0);
  while (!r.done()) SARING_RETURN_IF_ERROR(read(&r));
  return Status::Ok();
}

// Bytes per destination part and round for a table of `budget_bytes` spread over `parts` parts:
// a round's messages together stay within about half the budget.
size_t RoundBytes(uint64_t budget_bytes, int parts);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_ROUND_EXCHANGE_H_
