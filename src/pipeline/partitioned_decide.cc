#include "pipeline/partitioned_decide.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "pipeline/byte_codec.h"
#include "pipeline/decider.h"
#include "pipeline/distributed.h"
#include "pipeline/output_folder.h"
#include "pipeline/part_records.h"
#include "pipeline/partitioned_near_dup.h"
#include "pipeline/partitioned_paragraphs.h"

namespace saring::pipeline {

// ---------------------------------------------------------------------------- ThreadExchangeHub

class ThreadExchangeHub::Part : public PartExchange {
 public:
  Part(ThreadExchangeHub* hub, int rank) : hub_(hub), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return hub_->n_; }

  Result<std::vector<std::string>> AllToAll(std::vector<std::string> send) override {
    const int n = hub_->n_;
    MutexLock lock(&hub_->mu_);
    for (int q = 0; q < n; ++q) hub_->boxes_[rank_ * n + q].collective.push_back(std::move(send[q]));
    hub_->cv_.notify_all();
    std::vector<std::string> got(n);
    for (int q = 0; q < n; ++q) {
      std::deque<std::string>& box = hub_->boxes_[q * n + rank_].collective;
      while (box.empty()) lock.Wait(&hub_->cv_);
      got[q] = std::move(box.front());
      box.pop_front();
    }
    return got;
  }

  bool AllOk(bool ok) override {
    Result<std::vector<std::string>> all =
        AllToAll(std::vector<std::string>(hub_->n_, std::string(1, ok ? '1' : '0')));
    bool every = all.ok();
    for (const std::string& s : *all) every &= s == "1";
    return every;
  }

  Status Send(int to, const std::string& bytes) override {
    MutexLock lock(&hub_->mu_);
    hub_->boxes_[rank_ * hub_->n_ + to].direct.push_back(bytes);
    hub_->cv_.notify_all();
    return Status::Ok();
  }

  Result<std::string> Receive(int from) override {
    MutexLock lock(&hub_->mu_);
    std::deque<std::string>& box = hub_->boxes_[from * hub_->n_ + rank_].direct;
    while (box.empty()) lock.Wait(&hub_->cv_);
    std::string out = std::move(box.front());
    box.pop_front();
    return out;
  }

 private:
  ThreadExchangeHub* hub_;
  int rank_;
};

ThreadExchangeHub::ThreadExchangeHub(int parts) : n_(parts), boxes_(size_t(parts) * parts) {
  for (int r = 0; r < parts; ++r) parts_.push_back(std::make_unique<Part>(this, r));
}

// ---------------------------------------------------------------------------- the decisions

namespace {

constexpr uint64_t kNone = kNoLocator;
constexpr size_t kChunkBytes = 4 << 20;  // near_dup.verify=exact: streamed messages to and from part 0
constexpr char kMore = 0, kLast = 1;      // first byte of a streamed message

// Reads the u64 pairs of a message.
std::vector<std::pair<uint64_t, uint64_t>> Pairs(const std::string& bytes) {
  std::vector<std::pair<uint64_t, uint64_t>> out(bytes.size() / 16);
  for (size_t i = 0; i < out.size(); ++i) {
    std::memcpy(&out[i].first, bytes.data() + 16 * i, 8);
    std::memcpy(&out[i].second, bytes.data() + 16 * i + 8, 8);
  }
  return out;
}

class PartDecider {
 public:
  PartDecider(const RunOptions& options, std::vector<SignSource> records, PartExchange* ex)
      : options_(options), records_(std::move(records)), ex_(ex), rank_(ex->rank()),
        parts_(ex->size()), decisions_(records_.size()) {
    for (size_t i = rank_; i < records_.size(); i += parts_) mine_.push_back(i);
  }

  Result<std::vector<std::string>> Run() {
    Status s = Count();
    if (!ex_->AllOk(s.ok())) return s.ok() ? Status::Aborted("another part failed") : s;
    if (options_.dedup.exact) SARING_RETURN_IF_ERROR(Exact());
    SARING_RETURN_IF_ERROR(Archive());
    if (options_.near_dup.enabled) SARING_RETURN_IF_ERROR(NearDup());
    if (options_.dedup.paragraphs) SARING_RETURN_IF_ERROR(Paragraphs());
    SARING_RETURN_IF_ERROR(ResolveIds());
    std::vector<std::string> out(records_.size());
    DedupDecision dd;
    auto id_of = [&](uint64_t locator) -> const std::string& {
      const int q = Owner(locator);
      auto j = std::lower_bound(asked_[q].begin(), asked_[q].end(), locator);
      return ids_[q][static_cast<size_t>(j - asked_[q].begin())];
    };
    size_t pv = 0;  // next paragraph verdict
    for (size_t i : mine_) {
      for (size_t n = 0; n < decisions_[i].size(); ++n) {
        const Verdict& v = decisions_[i][n];
        dd.kind = v.kind;
        dd.similarity = v.similarity;
        dd.similarity_kind = v.kind_of_similarity;
        dd.cluster_id = v.cluster_id;
        dd.cluster_size = v.cluster_size;
        dd.cluster_head = v.head;
        dd.archived = v.archived;
        dd.duplicate_of.clear();
        if (v.kind == DecisionKind::kArchived) {
          dd.duplicate_of = archive_ids_[Locator(i, n)];
        } else if (v.survivor != kNone) {
          dd.duplicate_of = id_of(v.survivor);
        }
        dd.paragraphs.clear();
        for (; pv < paragraphs_.size() && paragraphs_[pv].locator == Locator(i, n); ++pv) {
          const ParagraphVerdict& p = paragraphs_[pv];
          dd.paragraphs.push_back({p.index, p.first_begin, p.first_end, id_of(p.first)});
        }
        AppendDecision(dd, &out[i]);
      }
      std::vector<Verdict>().swap(decisions_[i]);  // the serialised form replaces it
    }
    return out;
  }

 private:
  int Owner(uint64_t locator) const { return static_cast<int>(InputOf(locator) % parts_); }

  // Checks every record and sizes the verdicts.
  Status Count() {
    for (size_t i : mine_) {
      uint32_t count = 0;
      SARING_RETURN_IF_ERROR(ForEachRecord(records_[i], i, [&](uint32_t, const SignRecord&) {
        ++count;
        return Status::Ok();
      }));
      decisions_[i].resize(count);
    }
    return Status::Ok();
  }

  // Exact dedup, partitioned by hash: the first locator of each hash survives.
  Status Exact() {
    std::vector<std::string> send(parts_);
    for (size_t i : mine_) {
      SARING_RETURN_IF_ERROR(ForEachRecord(records_[i], i, [&](uint32_t n, const SignRecord& r) {
        std::string& to = send[(r.hash >> 7) % parts_];
        Put<uint64_t>(&to, r.hash);
        Put<uint64_t>(&to, Locator(i, n));
        return Status::Ok();
      }));
    }
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> got, ex_->AllToAll(std::move(send)));
    std::vector<std::pair<uint64_t, uint64_t>> table;
    for (std::string& bytes : got) {
      std::vector<std::pair<uint64_t, uint64_t>> p = Pairs(bytes);
      table.insert(table.end(), p.begin(), p.end());
      std::string().swap(bytes);
    }
    std::sort(table.begin(), table.end());
    std::vector<std::string> back(parts_);
    for (size_t i = 0; i < table.size();) {
      size_t j = i + 1;
      for (; j < table.size() && table[j].first == table[i].first; ++j) {
        Put<uint64_t>(&back[Owner(table[j].second)], table[j].second);
        Put<uint64_t>(&back[Owner(table[j].second)], table[i].second);
      }
      i = j;
    }
    std::vector<std::pair<uint64_t, uint64_t>>().swap(table);
    SARING_ASSIGN_OR_RETURN(got, ex_->AllToAll(std::move(back)));
    for (const std::string& bytes : got) {
      for (const auto& [dup, first] : Pairs(bytes)) {
        Verdict& v = decisions_[InputOf(dup)][RecordOf(dup)];
        v.kind = DecisionKind::kExactDuplicate;
        v.survivor = first;
      }
    }
    return Status::Ok();
  }

  Status Archive() {
    for (size_t i : mine_) {
      SARING_RETURN_IF_ERROR(ForEachRecord(records_[i], i, [&](uint32_t n, const SignRecord& r) {
        Verdict& v = decisions_[i][n];
        v.archived = r.archived;
        if (r.archived && v.kind == DecisionKind::kKept) {
          v.kind = DecisionKind::kArchived;
          archive_ids_[Locator(i, n)] = r.archive_id;
          v.similarity = r.archive_similarity;
          v.kind_of_similarity = r.archive_kind();
        }
        return Status::Ok();
      }));
    }
    return Status::Ok();
  }

  // The candidates of input i (records still kept): (record, length, key, signature, words)*.
  Status Candidates(size_t i, const std::function<Status(std::string*, bool)>& emit) {
    std::string chunk(1, kMore);
    SARING_RETURN_IF_ERROR(ForEachRecord(records_[i], i, [&](uint32_t n, const SignRecord& r) {
      if (decisions_[i][n].kind != DecisionKind::kKept) return Status::Ok();
      Put<uint32_t>(&chunk, n);
      Put<uint64_t>(&chunk, r.length);
      Put<int64_t>(&chunk, r.key);
      Put<uint32_t>(&chunk, static_cast<uint32_t>(r.signature.size()));
      chunk.append(reinterpret_cast<const char*>(r.signature.data()), r.signature.size() * 4);
      Put<uint32_t>(&chunk, static_cast<uint32_t>(r.words.size()));
      chunk.append(reinterpret_cast<const char*>(r.words.data()), r.words.size() * 4);
      PutString(&chunk, r.text);  // near_dup.verify=exact: the text verification compares
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
          !r.Get(&cluster) || !r.Get(&size) || !r.Get(&head) || n >= decisions_[i].size()) {
        return Status::Corruption(fmt::format("near-dup verdicts for input {} are garbled", i));
      }
      Verdict& v = decisions_[i][n];
      v.cluster_id = cluster;
      v.cluster_size = size;
      if (removed) {
        v.kind = DecisionKind::kNearDuplicate;
        v.similarity = similarity;
        v.kind_of_similarity = static_cast<SimilarityKind>(exact);
        v.survivor = survivor;
      } else {
        v.head = head;
      }
    }
    return Status::Ok();
  }

  // near_dup.verify=exact: the candidates' texts are compared, and texts do not travel between
  // parts in the partitioned near-dup step, so this one setting still gathers the standing
  // records' signatures and texts at part 0 (as before the partitioned step existed).
  Status NearDupGathered() {
    if (rank_ != 0) {
      for (size_t i : mine_) {
        SARING_RETURN_IF_ERROR(Candidates(i, [&](std::string* chunk, bool) {
          return ex_->Send(0, *chunk);
        }));
      }
      for (size_t i : mine_) {
        SARING_RETURN_IF_ERROR(ReceiveStream(0, [&](const std::string& bytes) {
          return ApplyVerdicts(i, bytes);
        }));
      }
      return Status::Ok();
    }
    RunOptions o = options_;
    bool own_work_dir = false;  // OUT/work when the caller gave no work folder; spill files are unlinked
    SARING_ASSIGN_OR_RETURN(o.work_dir, WorkFolder(o, &own_work_dir));
    SARING_ASSIGN_OR_RETURN(std::unique_ptr<NearDupState> nd, NearDupState::Create(o));
    const uint32_t k = nd->hasher().num_perm();
    std::vector<uint64_t> locators;  // per near-dup ordinal
    auto add = [&](size_t input, const std::string& bytes) -> Status {
      ByteReader r(bytes, 1);
      uint32_t n = 0, len = 0;
      uint64_t length;
      int64_t key;
      std::vector<uint32_t> sig(k), words;
      std::string text;
      while (!r.done()) {
        if (!r.Get(&n) || !r.Get(&length) || !r.Get(&key) || !r.Get(&len) || len != k ||
            r.remaining() < size_t{k} * 4) {
          return Status::Corruption(fmt::format(
              "input {}: a signature of {} values, not {}, or a garbled message", input, len, k));
        }
        std::memcpy(sig.data(), bytes.data() + r.at(), size_t{k} * 4);
        r = ByteReader(bytes, r.at() + size_t{k} * 4);
        if (!r.GetU32s(&words) || !r.GetString(&text)) {
          return Status::Corruption(fmt::format("input {}: garbled word hashes in a message", input));
        }
        SARING_RETURN_IF_ERROR(nd->detector().Add(locators.size(), sig.data(), length, key, words));
        SARING_RETURN_IF_ERROR(nd->RememberText(text));
        locators.push_back(Locator(input, n));
      }
      return Status::Ok();
    };
    for (size_t i = 0; i < records_.size(); ++i) {
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
    for (size_t i = 0; i < records_.size(); ++i) {
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
        Put<uint64_t>(&chunk, d.removed ? locators[d.survivor] : kNone);
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

  Status NearDup() {
    if (options_.near_dup.verify == NearDupVerify::kExact) return NearDupGathered();
    NearDupPart part;
    part.options = &options_;
    part.records = &records_;
    part.mine = &mine_;
    part.exchange = ex_;
    part.record_count = [&](size_t i) { return static_cast<uint32_t>(decisions_[i].size()); };
    part.standing = [&](size_t i, uint32_t n) { return decisions_[i][n].kind == DecisionKind::kKept; };
    part.apply = [&](size_t i, uint32_t n, const NearDupVerdict& nv) -> Status {
      if (n >= decisions_[i].size()) {
        return Status::Corruption(fmt::format("near-dup verdicts for input {} are garbled", i));
      }
      Verdict& v = decisions_[i][n];
      v.cluster_id = nv.cluster_id;
      v.cluster_size = nv.cluster_size;
      if (nv.removed) {
        v.kind = DecisionKind::kNearDuplicate;
        v.similarity = nv.similarity;
        v.kind_of_similarity = nv.kind;
        v.survivor = nv.survivor;
      } else {
        v.head = nv.head;
      }
      return Status::Ok();
    };
    return DecideNearDupPart(part);
  }

  // Cross-document paragraph dedup over the records still kept (partitioned_paragraphs.h).
  Status Paragraphs() {
    SARING_ASSIGN_OR_RETURN(paragraphs_, DecideParagraphs(options_, ex_, [&](const auto& emit) -> Status {
      for (size_t i : mine_) {
        SARING_RETURN_IF_ERROR(ForEachRecord(records_[i], i, [&](uint32_t n, const SignRecord& r) {
          return decisions_[i][n].kind == DecisionKind::kKept ? emit(Locator(i, n), r.paragraphs)
                                                              : Status::Ok();
        }));
      }
      return Status::Ok();
    }));
    return Status::Ok();
  }

  // Every removed record names its survivor by locator; the survivor's part supplies the id.
  Status ResolveIds() {
    std::vector<std::vector<uint64_t>> asked(parts_);
    for (size_t i : mine_) {
      for (const Verdict& v : decisions_[i]) {
        if (v.survivor != kNone) asked[Owner(v.survivor)].push_back(v.survivor);
      }
    }
    for (const ParagraphVerdict& p : paragraphs_) asked[Owner(p.first)].push_back(p.first);
    std::vector<std::string> send(parts_);
    for (int q = 0; q < parts_; ++q) {
      std::sort(asked[q].begin(), asked[q].end());
      asked[q].erase(std::unique(asked[q].begin(), asked[q].end()), asked[q].end());
      for (uint64_t s : asked[q]) Put<uint64_t>(&send[q], s);
    }
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> got, ex_->AllToAll(std::move(send)));
    // (locator, asking part, position) for one scan of each input.
    std::vector<std::tuple<uint64_t, int, size_t>> wanted;
    std::vector<std::vector<std::string>> answers(parts_);
    for (int q = 0; q < parts_; ++q) {
      answers[q].resize(got[q].size() / 8);
      for (size_t j = 0; j < answers[q].size(); ++j) {
        uint64_t loc;
        std::memcpy(&loc, got[q].data() + 8 * j, 8);
        if (Owner(loc) != rank_ || InputOf(loc) >= records_.size()) {
          return Status::Corruption("an id was asked of the wrong part");
        }
        wanted.emplace_back(loc, q, j);
      }
    }
    std::sort(wanted.begin(), wanted.end());
    size_t w = 0;
    while (w < wanted.size()) {
      const size_t input = InputOf(std::get<0>(wanted[w]));
      SARING_RETURN_IF_ERROR(ForEachRecord(records_[input], input, [&](uint32_t n, const SignRecord& r) {
        for (; w < wanted.size() && std::get<0>(wanted[w]) == Locator(input, n); ++w) {
          answers[std::get<1>(wanted[w])][std::get<2>(wanted[w])] = r.id;
        }
        return Status::Ok();
      }));
      if (w < wanted.size() && InputOf(std::get<0>(wanted[w])) == input) {
        return Status::Corruption(fmt::format("an id was asked of input {} past its records", input));
      }
    }
    std::vector<std::string> reply(parts_);
    for (int q = 0; q < parts_; ++q) {
      for (const std::string& id : answers[q]) PutString(&reply[q], id);
    }
    answers.clear();
    SARING_ASSIGN_OR_RETURN(got, ex_->AllToAll(std::move(reply)));
    ids_.assign(parts_, {});
    for (int q = 0; q < parts_; ++q) {
      ByteReader r(got[q], 0);
      ids_[q].resize(asked[q].size());
      for (std::string& id : ids_[q]) {
        if (!r.GetString(&id)) return Status::Corruption("the ids of survivors are cut short");
      }
    }
    asked_ = std::move(asked);
    return Status::Ok();
  }

  const RunOptions& options_;
  const std::vector<SignSource> records_;
  PartExchange* ex_;
  const int rank_, parts_;
  std::vector<size_t> mine_;
  // A record's decision until its survivor's id is known (32 bytes).
  struct Verdict {
    uint64_t survivor = kNone;  // locator of the survivor (removed records)
    uint64_t cluster_id = 0;
    double similarity = 0;
    uint32_t cluster_size = 0;
    DecisionKind kind = DecisionKind::kKept;
    SimilarityKind kind_of_similarity = SimilarityKind::kEstimated;
    bool head = false;
    bool archived = false;  // matched in the archive (an exact duplicate keeps saying so)
  };
  std::vector<std::vector<Verdict>> decisions_;  // per input of this part
  std::unordered_map<uint64_t, std::string> archive_ids_;
  std::vector<ParagraphVerdict> paragraphs_;     // dedup.paragraphs: this part's, in order
  std::vector<std::vector<uint64_t>> asked_;     // per part: survivor locators asked of it, sorted
  std::vector<std::vector<std::string>> ids_;    // per part: their ids
};

}  // namespace

}  // namespace saring::pipeline

namespace saring {

Result<std::vector<std::string>> DecidePart(const RunOptions& options,
                                            const std::vector<std::string>& signatures,
                                            PartExchange* exchange) {
  std::vector<pipeline::SignSource> sources(signatures.size());
  for (size_t i = 0; i < signatures.size(); ++i) sources[i].bytes = &signatures[i];
  pipeline::PartDecider decider(options, std::move(sources), exchange);
  return decider.Run();
}

Result<std::vector<std::string>> DecidePartFromFolder(const RunOptions& options,
                                                      const std::string& folder, size_t inputs,
                                                      PartExchange* exchange) {
  std::vector<pipeline::SignSource> sources(inputs);
  for (size_t i = 0; i < inputs; ++i) sources[i].path = pipeline::SignFilePath(folder, i);
  pipeline::PartDecider decider(options, std::move(sources), exchange);
  return decider.Run();
}

}  // namespace saring
