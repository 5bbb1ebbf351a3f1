#include "pipeline/round_exchange.h"

#include <algorithm>

namespace saring::pipeline {

RoundExchange::RoundExchange(PartExchange* ex, size_t round_bytes, Take take)
    : ex_(ex), round_bytes_(round_bytes), take_(std::move(take)), send_(ex->size()) {}

Status RoundExchange::MaybeRound() {
  for (const std::string& s : send_) {
    if (s.size() >= round_bytes_) return Round(/*finished=*/false);
  }
  return Status::Ok();
}

Status RoundExchange::Finish() {
  while (!all_finished_) SARING_RETURN_IF_ERROR(Round(/*finished=*/true));
  return Status::Ok();
}

Status RoundExchange::Round(bool finished) {
  std::vector<std::string> out(send_.size());
  for (size_t q = 0; q < send_.size(); ++q) {
    out[q].reserve(send_[q].size() + 1);
    out[q].push_back(finished ? '1' : '0');
    out[q].append(send_[q]);
    send_[q].clear();
  }
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> got, ex_->AllToAll(std::move(out)));
  ++rounds_;
  bool every = true;
  for (size_t q = 0; q < got.size(); ++q) {
    if (got[q].empty())
      return Status::Corruption("a round of a partitioned exchange came without its flag");
    every &= got[q][0] == '1';
    SARING_RETURN_IF_ERROR(take_(static_cast<int>(q), std::string_view(got[q]).substr(1)));
    std::string().swap(got[q]);
  }
  all_finished_ = every;
  return Status::Ok();
}

size_t RoundBytes(uint64_t budget_bytes, int parts) {
  return static_cast<size_t>(std::max<uint64_t>(4096, budget_bytes / 2 / std::max(parts, 1)));
}

}  // namespace saring::pipeline
