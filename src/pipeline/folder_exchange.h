// A PartExchange through a shared folder: the P parts of a partitioned decision run as separate
// processes (`saring cluster --partition K/P`, possibly on different machines) that see the
// same folder. A message from part K to part Q is a file written atomically (`.tmp`, fsync,
// rename) and removed by Q once read; receivers poll for it. A part that fails leaves
// `failed-K` with its message, which ends the waits of the others.
//
// All P parts must run at the same time. Stale files of a failed attempt confuse a new one:
// remove the folder before starting the parts again.
#ifndef SARING_PIPELINE_FOLDER_EXCHANGE_H_
#define SARING_PIPELINE_FOLDER_EXCHANGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

class FolderExchange : public PartExchange {
 public:
  // Part `rank` of `parts` exchanging through `folder`, which must exist.
  FolderExchange(std::string folder, int rank, int parts);
  int rank() const override { return rank_; }
  int size() const override { return parts_; }
  Result<std::vector<std::string>> AllToAll(std::vector<std::string> send) override;
  bool AllOk(bool ok) override;
  Status Send(int to, const std::string& bytes) override;
  Result<std::string> Receive(int from) override;

  // Leaves the failure marker other parts stop at.
  void Fail(const std::string& message);
  // Aborted naming the part whose marker ended a wait; OK if none did.
  const Status& other_failure() const { return other_failure_; }

 private:
  std::string Path(const std::string& kind, uint64_t seq, int from, int to) const;
  // Waits for `path`, returns its bytes and removes it. Aborted when a part failed.
  Result<std::string> Take(const std::string& path);

  std::string folder_;
  int rank_, parts_;
  uint64_t round_ = 0;
  std::vector<uint64_t> sent_, received_;  // point-to-point messages per part
  Status other_failure_ = Status::Ok();
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_FOLDER_EXCHANGE_H_
