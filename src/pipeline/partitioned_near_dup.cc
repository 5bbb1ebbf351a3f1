// Near-dup decisions of a partitioned decision (see partitioned_near_dup.h).
#include "pipeline/partitioned_near_dup.h"

#include <cstring>

#include <fmt/format.h>

#include "pipeline/byte_codec.h"
#include "pipeline/decider.h"

namespace saring::pipeline {
namespace {

constexpr size_t kChunkBytes = 4 << 20;  // streamed messages to and from part 0
constexpr char kMore = 0, kLast = 1;      // first byte of a streamed message

class NearDupStream {
 public:
  explicit NearDupStream(const NearDupPart& part)
      : p_(part), ex_(part.exchange), rank_(ex_->rank()), parts_(ex_->size()) {}

  Status Run() {
    if (rank_ != 0) {
      for (size_t i : *p_.mine) {
        SARING_RETURN_IF_ERROR(Candidates(i, [&](std::string* chunk, bool) {
          return ex_->Send(0, *chunk);
        }));
      }
      for (size_t i : *p_.mine) {
        SARING_RETURN_IF_ERROR(ReceiveStream(0, [&](const std::string& bytes) {
          return ApplyVerdicts(i, bytes);
        }));
      }
      return Status::Ok();
    }
    return Cluster();
  }

 private:
  const std::vector<SignSource>& records() const { return *p_.records; }

  // The candidates of input i (records still kept): (record, length, key, signature, words)*.
  Status Candidates(size_t i, const std::function<Status(std::string*, bool)>& emit) {
    std::string chunk(1, kMore);
    SARING_RETURN_IF_ERROR(ForEachRecord(records()[i], i, [&](uint32_t n, const SignRecord& r) {
      if (!p_.standing(i, n)) return Status::Ok();
      Put<uint32_t>(&chunk, n);
      Put<uint64_t>(&chunk, r.length);
      Put<int64_t>(&chunk, r.key);
      Put<uint32_t>(&chunk, static_cast<uint32_t>(r.signature.size()));
      chunk.append(reinterpret_cast<const char*>(r.signature.data()), r.signature.size() * 4);
      Put<uint32_t>(&chunk, static_cast<uint32_t>(r.words.size()));
      chunk.append(reinterpret_cast<const char*>(r.words.data()), r.words.size() * 4);
      if (chunk.size() < kChunkBytes) return Status::Ok();
      SARING_RETURN_IF_ERROR(emit(&chunk, false));
      chunk.assign(1, kMore);
      return Status::Ok();
    }));
    chunk[0] = kLast;
    return emit(&chunk, true);
  }

  // Receives the messages of one streamed input from part `from`, up to the one marked last.
  template <class F>
  Status ReceiveStream(int from, F&& f) {
    for (bool last = false; !last;) {
      Result<std::string> got = ex_->Receive(from);
      if (!got.ok()) return got.status();
      if (got->empty()) return Status::Corruption("an empty streamed message");
      last = (*got)[0] == kLast;
      SARING_RETURN_IF_ERROR(f(*got));
    }
    return Status::Ok();
  }

  // Applies a message of near-dup verdicts for input i.
  Status ApplyVerdicts(size_t i, const std::string& bytes) {
    ByteReader r(bytes, 1);
    uint32_t n = 0, size = 0;
    uint8_t removed, exact, head;
    uint64_t survivor, cluster;
    double similarity;
    while (!r.done()) {
      if (!r.Get(&n) || !r.Get(&removed) || !r.Get(&survivor) || !r.Get(&similarity) ||
          !r.Get(&exact) || exact > static_cast<uint8_t>(SimilarityKind::kContained) ||
          !r.Get(&cluster) || !r.Get(&size) || !r.Get(&head)) {
        return Status::Corruption(fmt::format("near-dup verdicts for input {} are garbled", i));
      }
      NearDupVerdict v;
      v.cluster_id = cluster;
      v.cluster_size = size;
      v.removed = removed;
      if (removed) {
        v.similarity = similarity;
        v.kind = static_cast<SimilarityKind>(exact);
        v.survivor = survivor;
      } else {
        v.head = head;
      }
      SARING_RETURN_IF_ERROR(p_.apply(i, n, v));
    }
    return Status::Ok();
  }

  Status Cluster() {
    RunOptions o = *p_.options;
    if (o.work_dir.empty()) o.work_dir = "/tmp";
    SARING_ASSIGN_OR_RETURN(std::unique_ptr<NearDupState> nd, NearDupState::Create(o));
    const uint32_t k = nd->hasher().num_perm();
    std::vector<uint64_t> locators;  // per near-dup ordinal
    auto add = [&](size_t input, const std::string& bytes) -> Status {
      ByteReader r(bytes, 1);
      uint32_t n = 0, len = 0;
      uint64_t length;
      int64_t key;
      std::vector<uint32_t> sig(k), words;
      while (!r.done()) {
        if (!r.Get(&n) || !r.Get(&length) || !r.Get(&key) || !r.Get(&len) || len != k ||
            r.remaining() < size_t{k} * 4) {
          return Status::Corruption(fmt::format(
              "input {}: a signature of {} values, not {}, or a garbled message", input, len, k));
        }
        std::memcpy(sig.data(), bytes.data() + r.at(), size_t{k} * 4);
        r = ByteReader(bytes, r.at() + size_t{k} * 4);
        if (!r.GetU32s(&words)) {
          return Status::Corruption(fmt::format("input {}: garbled word hashes in a message", input));
        }
        SARING_RETURN_IF_ERROR(nd->detector().Add(locators.size(), sig.data(), length, key, words));
        locators.push_back(Locator(input, n));
      }
      return Status::Ok();
    };
    for (size_t i = 0; i < records().size(); ++i) {
      const int owner = static_cast<int>(i % parts_);
      if (owner == 0) {
        SARING_RETURN_IF_ERROR(Candidates(i, [&](std::string* chunk, bool) {
          return add(i, *chunk);
        }));
        continue;
      }
      SARING_RETURN_IF_ERROR(ReceiveStream(owner, [&](const std::string& bytes) {
        return add(i, bytes);
      }));
    }
    SARING_RETURN_IF_ERROR(nd->detector().Finish());
    // The verdicts, input by input (ordinals are in input order).
    uint64_t ordinal = 0;
    for (size_t i = 0; i < records().size(); ++i) {
      const int owner = static_cast<int>(i % parts_);
      std::string chunk(1, kMore);
      auto emit = [&](bool last) -> Status {
        chunk[0] = last ? kLast : kMore;
        Status s = owner == 0 ? ApplyVerdicts(i, chunk) : ex_->Send(owner, chunk);
        chunk.assign(1, kMore);
        return s;
      };
      for (; ordinal < locators.size() && InputOf(locators[ordinal]) == i; ++ordinal) {
        NearDupDetector::Decision d = nd->detector().Get(ordinal);
        Put<uint32_t>(&chunk, RecordOf(locators[ordinal]));
        Put<uint8_t>(&chunk, d.removed);
        Put<uint64_t>(&chunk, d.removed ? locators[d.survivor] : kNoLocator);
        Put<double>(&chunk, d.similarity);
        Put<uint8_t>(&chunk, static_cast<uint8_t>(d.similarity_kind));
        Put<uint64_t>(&chunk, d.cluster_id);
        Put<uint32_t>(&chunk, d.cluster_size);
        Put<uint8_t>(&chunk, d.is_cluster_head);
        if (chunk.size() >= kChunkBytes) SARING_RETURN_IF_ERROR(emit(false));
      }
      SARING_RETURN_IF_ERROR(emit(true));
    }
    return Status::Ok();
  }

  const NearDupPart& p_;
  PartExchange* ex_;
  const int rank_, parts_;
};

}  // namespace

Status DecideNearDupPart(const NearDupPart& part) { return NearDupStream(part).Run(); }

}  // namespace saring::pipeline
