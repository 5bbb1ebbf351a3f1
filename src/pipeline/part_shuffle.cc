// PartShuffle: bounded rounds of all-to-all streams (see part_shuffle.h).
#include "pipeline/part_shuffle.h"

namespace saring::pipeline {

PartShuffle::PartShuffle(PartExchange* exchange, size_t round_bytes, Sink sink)
    : ex_(exchange),
      sink_(std::move(sink)),
      round_bytes_(round_bytes),
      buffers_(exchange->size()) {}

Status PartShuffle::Pushed() {
  buffered_ = 0;
  for (const std::string& b : buffers_) buffered_ += b.size();
  if (buffered_ < round_bytes_) return Status::Ok();
  bool all_done = false;
  return Exchange(false, &all_done);
}

Status PartShuffle::Finish() {
  for (bool all_done = false; !all_done;) SARING_RETURN_IF_ERROR(Exchange(true, &all_done));
  return Status::Ok();
}

Status PartShuffle::Exchange(bool done, bool* all_done) {
  const int parts = static_cast<int>(buffers_.size());
  std::vector<std::string> send(parts);
  for (int q = 0; q < parts; ++q) {
    send[q].reserve(buffers_[q].size() + 1);
    send[q].push_back(done ? '1' : '0');
    send[q] += buffers_[q];
    if (q != ex_->rank()) bytes_sent_ += buffers_[q].size();
    std::string().swap(buffers_[q]);
  }
  buffered_ = 0;
  ++rounds_;
  SARING_ASSIGN_OR_RETURN(std::vector<std::string> got, ex_->AllToAll(std::move(send)));
  *all_done = true;
  for (int q = 0; q < parts; ++q) {
    if (got[q].empty()) return Status::Corruption("an empty message of a shuffle");
    *all_done &= got[q][0] == '1';
    SARING_RETURN_IF_ERROR(sink_(q, std::string_view(got[q]).substr(1)));
    std::string().swap(got[q]);
  }
  return Status::Ok();
}

}  // namespace saring::pipeline
