#include "pipeline/partitioned_decide.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "pipeline/byte_codec.h"
#include "pipeline/decider.h"
#include "pipeline/decision_files.h"
#include "pipeline/distributed.h"
#include "pipeline/output_folder.h"
#include "pipeline/part_records.h"
#include "pipeline/partitioned_index.h"
#include "pipeline/partitioned_near_dup.h"
#include "pipeline/partitioned_paragraphs.h"
#include "pipeline/partitioned_substrings.h"
#include "pipeline/round_exchange.h"
#include "pipeline/spill_sorter.h"
#include "saring/file_util.h"

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
    for (int q = 0; q < n; ++q)
      hub_->boxes_[rank_ * n + q].collective.push_back(std::move(send[q]));
    hub_->cv_.notify_all();
    std::vector<std::string> got(n);
    for (int q = 0; q < n; ++q) {
      std::deque<std::string>& box = hub_->boxes_[q * n + rank_].collective;
      while (box.empty() && hub_->failed_.ok()) lock.Wait(&hub_->cv_);
      if (box.empty()) return hub_->failed_;
      got[q] = std::move(box.front());
      box.pop_front();
    }
    return got;
  }

  bool AllOk(bool ok) override {
    Result<std::vector<std::string>> all =
        AllToAll(std::vector<std::string>(hub_->n_, std::string(1, ok ? '1' : '0')));
    if (!all.ok()) return false;
    bool every = true;
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
    while (box.empty() && hub_->failed_.ok()) lock.Wait(&hub_->cv_);
    if (box.empty()) return hub_->failed_;
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

void ThreadExchangeHub::Fail(int rank, const Status& why) {
  MutexLock lock(&mu_);
  if (!failed_.ok()) return;
  failed_ = Status::Aborted(fmt::format("part {}/{} failed: {}", rank, n_, why.message()));
  failed_rank_ = rank;
  cv_.notify_all();
}

std::vector<Status> ThreadExchangeHub::RunParts(
    const std::function<Status(int rank, PartExchange* exchange)>& fn) {
  std::vector<Status> status(n_, Status::Ok());
  std::vector<std::thread> threads;
  for (int p = 0; p < n_; ++p) {
    threads.emplace_back([&, p] {
      status[p] = fn(p, part(p));
      if (!status[p].ok()) Fail(p, status[p]);
    });
  }
  for (std::thread& t : threads) t.join();
  int root = -1;
  for (int p = 0; p < n_ && root < 0; ++p) {
    if (!status[p].ok() && status[p].code() != StatusCode::kAborted) root = p;
  }
  if (root < 0) {
    MutexLock lock(&mu_);
    root = failed_rank_;
  }
  if (root < 0) return status;  // every part succeeded
  const Status named =
      Status::Aborted(fmt::format("part {}/{} failed: {}", root, n_, status[root].message()));
  for (int p = 0; p < n_; ++p) {
    if (p != root && status[p].code() == StatusCode::kAborted) status[p] = named;
  }
  return status;
}

// ---------------------------------------------------------------------------- the decisions

namespace {

constexpr uint64_t kNone = kNoLocator;
// Streamed decisions go to their sink in pieces of about this size.
constexpr size_t kDecisionBlock = size_t{4} << 20;

// The options of one of `parts` parts: dedup.memory_budget and near_dup.memory_budget are the
// run's, so each part's tables get 1/P of them (a P-part run holds about what one process would;
// a budget smaller than 4 KiB a part is not divided further); the work folder resolved.
RunOptions PartOptions(const RunOptions& options, int parts) {
  RunOptions o = options;
  auto share = [&](uint64_t budget) {
    return std::max<uint64_t>(budget / static_cast<uint64_t>(parts),
                              std::min<uint64_t>(budget, 4096));
  };
  o.dedup.memory_budget_bytes = share(options.dedup.memory_budget_bytes);
  o.near_dup.memory_budget_bytes = share(options.near_dup.memory_budget_bytes);
  if (o.work_dir.empty()) {  // spills go to OUT/work; without an output folder they are refused
    bool owned = false;      // when they happen (no /tmp default)
    if (Result<std::string> dir = WorkFolder(o, &owned); dir.ok()) o.work_dir = *dir;
  }
  return o;
}

// A record's exact-dedup hash at the hash's part; sorted by hash, then input order.
struct HashAt {
  uint64_t hash, locator;
  bool operator<(const HashAt& o) const {
    return hash != o.hash ? hash < o.hash : locator < o.locator;
  }
};

class PartDecider {
 public:
  PartDecider(const RunOptions& options, std::vector<SignSource> records, PartExchange* ex)
      : options_(PartOptions(options, ex->size())),
        records_(std::move(records)),
        ex_(ex),
        rank_(ex->rank()),
        parts_(ex->size()),
        states_(records_.size()),
        asked_(parts_),
        details_(options_.dedup.memory_budget_bytes / 4, options_.work_dir, "dedup verdicts") {
    for (size_t i = rank_; i < records_.size(); i += parts_) mine_.push_back(i);
  }

  // Takes the decisions and hands each input's serialised decisions to `sink` in order, in
  // pieces that end at a decision: sink(input, bytes, last) may take *bytes (it is cleared
  // after); `last` ends the input (every input of this part gets one, even without records).
  using DecisionSink = std::function<Status(size_t input, std::string* bytes, bool last)>;
  Status Run(const DecisionSink& sink, bool reserve) {
    Status s = Count();
    if (!ex_->AllOk(s.ok())) return s.ok() ? Status::Aborted("another part failed") : s;
    if (options_.dedup.exact) SARING_RETURN_IF_ERROR(Exact());
    SARING_RETURN_IF_ERROR(Archive());
    if (options_.near_dup.enabled) SARING_RETURN_IF_ERROR(NearDup());
    if (options_.dedup.paragraphs) SARING_RETURN_IF_ERROR(Paragraphs());
    if (options_.dedup.substrings) SARING_RETURN_IF_ERROR(Substrings());
    SARING_RETURN_IF_ERROR(ResolveIds());
    exchanged_ = true;
    std::string out;  // the decisions of mine_[mi] not yet given to the sink
    const std::vector<uint64_t> bound = reserve ? DecisionBounds() : std::vector<uint64_t>();
    if (reserve && !mine_.empty()) out.reserve(bound[mine_[0]]);
    DedupDecision dd;
    auto id_of = [&](uint64_t locator) -> std::string_view {
      const int q = Owner(locator);
      auto j = std::lower_bound(asked_[q].begin(), asked_[q].end(), locator);
      return IdAt(q, static_cast<size_t>(j - asked_[q].begin()));
    };
    size_t pv = 0;  // next paragraph verdict
    size_t sv = 0;  // next substring decision
    size_t mi = 0;  // the next record to serialise: mine_[mi], record n
    uint32_t n = 0;
    // Serialises every record before `until` (a locator), with its details `d` if it is `until`.
    auto write_until = [&](uint64_t until, const Detail* d) -> Status {
      for (; mi < mine_.size(); ++mi, n = 0) {
        const size_t i = mine_[mi];
        for (; n < states_[i].size(); ++n) {
          const uint64_t locator = Locator(i, n);
          if (locator > until || (locator == until && d == nullptr)) return Status::Ok();
          const Detail& v = locator == until ? *d : Detail{};
          const uint8_t state = states_[i][n];
          dd.kind = static_cast<DecisionKind>(state & kKindBits);
          dd.similarity = v.similarity;
          dd.similarity_kind = static_cast<SimilarityKind>(v.kind_of_similarity);
          dd.cluster_id = v.cluster_id;
          dd.cluster_size = v.cluster_size;
          dd.cluster_head = state & kHead;
          dd.archived = state & kArchivedBit;
          dd.duplicate_of.clear();
          if (dd.kind == DecisionKind::kArchived) {
            dd.duplicate_of = archive_ids_[locator];
          } else if (v.survivor != kNone) {
            dd.duplicate_of = id_of(v.survivor);
          }
          dd.paragraphs.clear();
          for (; pv < paragraphs_.size() && paragraphs_[pv].locator == locator; ++pv) {
            const ParagraphVerdict& p = paragraphs_[pv];
            dd.paragraphs.push_back(
                {p.index, p.first_begin, p.first_end, std::string(id_of(p.first))});
          }
          dd.substrings = {};
          dd.substrings.decided = options_.dedup.substrings;
          if (sv < substrings_.size() && substrings_[sv].first == locator) {
            dd.substrings = std::move(substrings_[sv++].second);
          }
          AppendDecision(dd, &out);
          if (!reserve && out.size() >= kDecisionBlock) {
            SARING_RETURN_IF_ERROR(sink(i, &out, false));
            out.clear();
          }
          if (locator == until) {
            ++n;
            return Status::Ok();
          }
        }
        std::vector<uint8_t>().swap(states_[i]);  // the serialised form replaces it
        SARING_RETURN_IF_ERROR(sink(i, &out, true));
        out.clear();
        if (reserve && mi + 1 < mine_.size()) out.reserve(bound[mine_[mi + 1]]);
      }
      return Status::Ok();
    };
    uint64_t last = kNone;
    SARING_RETURN_IF_ERROR(details_.ForEachSorted([&](const Detail& d) -> Status {
      if (Owner(d.locator) != rank_ || InputOf(d.locator) >= states_.size() ||
          RecordOf(d.locator) >= states_[InputOf(d.locator)].size() || d.locator == last) {
        return Status::Corruption(
            "a dedup verdict names a record this part does not hold, or twice");
      }
      last = d.locator;
      return write_until(d.locator, &d);
    }));
    return write_until(kNone, nullptr);
  }

  // Whether Run got past its last exchange (a later failure is this part's alone: the others
  // do not wait for it).
  bool exchanged() const { return exchanged_; }

  // The decisions of every input of this part, in memory.
  Result<std::vector<std::string>> Run() {
    std::vector<std::string> out(records_.size());
    SARING_RETURN_IF_ERROR(Run(
        [&](size_t input, std::string* bytes, bool) {
          if (out[input].empty()) {
            out[input] = std::move(*bytes);
          } else {
            out[input] += *bytes;
          }
          return Status::Ok();
        },
        /*reserve=*/true));
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
      states_[i].resize(count);
    }
    return Status::Ok();
  }

  // Exact dedup, partitioned by hash: the first locator of each hash survives. The (hash, locator)
  // pairs travel in bounded rounds to the hash's part, which sorts its partition within half of
  // its dedup.memory_budget share (spilling sorted runs to the work folder past it); the
  // (duplicate, survivor) verdicts go back to the duplicates' parts in bounded rounds too.
  Status Exact() {
    const uint64_t budget = options_.dedup.memory_budget_bytes;
    const size_t round_bytes = RoundBytes(budget / 2, parts_);
    SpillSorter<HashAt> table(budget / 2, options_.work_dir, "exact-dedup hashes");
    RoundExchange to_owners(ex_, round_bytes, [&](int, std::string_view bytes) -> Status {
      if (bytes.size() % 16 != 0) return Status::Corruption("garbled exact-dedup hashes");
      for (size_t at = 0; at < bytes.size(); at += 16) {
        HashAt p;
        std::memcpy(&p.hash, bytes.data() + at, 8);
        std::memcpy(&p.locator, bytes.data() + at + 8, 8);
        SARING_RETURN_IF_ERROR(table.Add(p));
      }
      return Status::Ok();
    });
    for (size_t i : mine_) {
      SARING_RETURN_IF_ERROR(ForEachRecord(records_[i], i, [&](uint32_t n, const SignRecord& r) {
        std::string* to = to_owners.to(static_cast<int>((r.hash >> 7) % parts_));
        Put<uint64_t>(to, r.hash);
        Put<uint64_t>(to, Locator(i, n));
        return to_owners.MaybeRound();
      }));
    }
    SARING_RETURN_IF_ERROR(to_owners.Finish());
    RoundExchange back(ex_, round_bytes, [&](int, std::string_view bytes) -> Status {
      if (bytes.size() % 16 != 0) return Status::Corruption("garbled exact-dedup verdicts");
      for (size_t at = 0; at < bytes.size(); at += 16) {
        uint64_t dup, first;
        std::memcpy(&dup, bytes.data() + at, 8);
        std::memcpy(&first, bytes.data() + at + 8, 8);
        if (Owner(dup) != rank_ || InputOf(dup) >= states_.size() ||
            RecordOf(dup) >= states_[InputOf(dup)].size()) {
          return Status::Corruption("an exact-dedup verdict came to the wrong part");
        }
        SetKind(InputOf(dup), RecordOf(dup), DecisionKind::kExactDuplicate);
        Detail d;
        d.locator = dup;
        d.survivor = first;
        SARING_RETURN_IF_ERROR(AddDetail(d));
      }
      return Status::Ok();
    });
    auto hash = [](const HashAt& p) { return p.hash; };
    SARING_RETURN_IF_ERROR(
        table.ForEachAfterFirst(hash, [&](const HashAt& p, const HashAt& first) -> Status {
          std::string* to = back.to(Owner(p.locator));
          Put<uint64_t>(to, p.locator);
          Put<uint64_t>(to, first.locator);
          return back.MaybeRound();
        }));
    return back.Finish();
  }

  Status Archive() {
    for (size_t i : mine_) {
      SARING_RETURN_IF_ERROR(ForEachRecord(records_[i], i, [&](uint32_t n, const SignRecord& r) {
        if (!r.archived) return Status::Ok();
        states_[i][n] |= kArchivedBit;
        if (!Standing(i, n)) return Status::Ok();
        SetKind(i, n, DecisionKind::kArchived);
        archive_ids_[Locator(i, n)] = r.archive_id;
        Detail d;
        d.locator = Locator(i, n);
        d.similarity = r.archive_similarity;
        d.kind_of_similarity = static_cast<uint8_t>(r.archive_kind());
        return AddDetail(d);
      }));
    }
    return Status::Ok();
  }

  Status NearDup() {
    NearDupPart part;
    part.options = &options_;
    part.records = &records_;
    part.mine = &mine_;
    part.exchange = ex_;
    part.record_count = [&](size_t i) { return static_cast<uint32_t>(states_[i].size()); };
    part.standing = [&](size_t i, uint32_t n) { return Standing(i, n); };
    part.apply = [&](size_t i, uint32_t n, const NearDupVerdict& nv) {
      return SetNearDup(i, n, nv);
    };
    return DecideNearDupPart(part);
  }

  // Cross-document paragraph dedup over the records still kept (partitioned_paragraphs.h).
  Status Paragraphs() {
    SARING_ASSIGN_OR_RETURN(
        paragraphs_, DecideParagraphs(options_, ex_, [&](const auto& emit) -> Status {
          for (size_t i : mine_) {
            SARING_RETURN_IF_ERROR(
                ForEachRecord(records_[i], i, [&](uint32_t n, const SignRecord& r) {
                  return Standing(i, n) ? emit(Locator(i, n), r.paragraphs) : Status::Ok();
                }));
          }
          return Status::Ok();
        }));
    return Status::Ok();
  }

  // Substring dedup over the records still kept (partitioned_substrings.h).
  Status Substrings() {
    SubstringPartInput in;
    in.records = &records_;
    in.mine = &mine_;
    in.kept = [&](size_t i, uint32_t n) { return Standing(i, n); };
    in.paragraphs = &paragraphs_;
    SARING_ASSIGN_OR_RETURN(substrings_, DecideSubstrings(options_, ex_, in));
    return Status::Ok();
  }

  // Every removed record names its survivor by locator; the survivor's part supplies the id.
  Status ResolveIds() {
    std::vector<std::vector<uint64_t>> asked = std::move(asked_);
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
      SARING_RETURN_IF_ERROR(
          ForEachRecord(records_[input], input, [&](uint32_t n, const SignRecord& r) {
            for (; w < wanted.size() && std::get<0>(wanted[w]) == Locator(input, n); ++w) {
              answers[std::get<1>(wanted[w])][std::get<2>(wanted[w])] = r.id;
            }
            return Status::Ok();
          }));
      if (w < wanted.size() && InputOf(std::get<0>(wanted[w])) == input) {
        return Status::Corruption(
            fmt::format("an id was asked of input {} past its records", input));
      }
    }
    std::vector<std::string> reply(parts_);
    for (int q = 0; q < parts_; ++q) {
      for (const std::string& id : answers[q]) PutString(&reply[q], id);
    }
    answers.clear();
    SARING_ASSIGN_OR_RETURN(got, ex_->AllToAll(std::move(reply)));
    // Kept as received (each id after its 4-byte length), with where each one starts.
    id_bytes_ = std::move(got);
    id_starts_.assign(parts_, {});
    for (int q = 0; q < parts_; ++q) {
      const std::string& bytes = id_bytes_[q];
      id_starts_[q].reserve(asked[q].size());
      uint64_t at = 0;
      for (size_t j = 0; j < asked[q].size(); ++j) {
        uint32_t size = 0;
        if (bytes.size() - at < 4) return Status::Corruption("the ids of survivors are cut short");
        std::memcpy(&size, bytes.data() + at, 4);
        if (bytes.size() - at - 4 < size) {
          return Status::Corruption("the ids of survivors are cut short");
        }
        id_starts_[q].push_back(at);
        at += 4 + uint64_t{size};
      }
    }
    asked_ = std::move(asked);
    return Status::Ok();
  }

  RunOptions options_;  // this part's share of the budgets; the work folder resolved
  const std::vector<SignSource> records_;
  PartExchange* ex_;
  const int rank_, parts_;
  bool exchanged_ = false;
  std::vector<size_t> mine_;
  // A record's state while deciding, one byte: its DecisionKind, whether it matched in the
  // archive (an exact duplicate keeps saying so) and whether it heads its near-dup cluster.
  static constexpr uint8_t kKindBits = 3, kArchivedBit = 4, kHead = 8;
  bool Standing(size_t i, uint32_t n) const { return (states_[i][n] & kKindBits) == 0; }
  void SetKind(size_t i, uint32_t n, DecisionKind kind) {
    states_[i][n] = static_cast<uint8_t>((states_[i][n] & ~kKindBits) | static_cast<uint8_t>(kind));
  }

  // The rest of a decision, for the records that have more than the defaults (removed ones and
  // near-dup cluster members): sorted by locator, spilled to the work folder past a quarter of
  // this part's dedup.memory_budget, and merged with the states when the decisions are written.
  struct Detail {
    uint64_t locator = 0;
    uint64_t survivor = kNone;  // locator of the survivor (removed records)
    uint64_t cluster_id = 0;
    double similarity = 0;
    uint32_t cluster_size = 0;
    uint8_t kind_of_similarity = static_cast<uint8_t>(SimilarityKind::kEstimated);
    uint8_t pad[3] = {};
    bool operator<(const Detail& o) const { return locator < o.locator; }
  };
  Status AddDetail(const Detail& d) {
    if (d.survivor != kNone) asked_[Owner(d.survivor)].push_back(d.survivor);
    ++details_of_[InputOf(d.locator)];
    return details_.Add(d);
  }

  // In memory: a bound of the size of each input's serialised decisions (32 bytes a record, an
  // id a record with details, 16 bytes and an id a paragraph verdict), reserved so that they
  // never grow by doubling (which held up to three times their size at once); pages reserved
  // and never written cost no memory.
  std::vector<uint64_t> DecisionBounds() const {
    size_t id = 0;
    for (int q = 0; q < parts_; ++q) {
      for (size_t j = 0; j < id_starts_[q].size(); ++j) id = std::max(id, IdAt(q, j).size());
    }
    for (const auto& [locator, archive_id] : archive_ids_) id = std::max(id, archive_id.size());
    std::vector<uint64_t> bound(records_.size());
    for (const ParagraphVerdict& p : paragraphs_) bound[InputOf(p.locator)] += 20 + id;
    for (size_t i : mine_) bound[i] += states_[i].size() * 32 + details_of_[i] * id;
    return bound;
  }

  Status SetNearDup(size_t i, uint32_t n, const NearDupVerdict& nv) {
    if (n >= states_[i].size()) {
      return Status::Corruption(fmt::format("near-dup verdicts for input {} are garbled", i));
    }
    Detail d;
    d.locator = Locator(i, n);
    d.cluster_id = nv.cluster_id;
    d.cluster_size = nv.cluster_size;
    if (nv.removed) {
      SetKind(i, n, DecisionKind::kNearDuplicate);
      d.similarity = nv.similarity;
      d.kind_of_similarity = static_cast<uint8_t>(nv.kind);
      d.survivor = nv.survivor;
    } else {
      if (nv.head) states_[i][n] |= kHead;
      if (d.cluster_id == 0 && d.cluster_size == 0) return Status::Ok();  // the defaults
    }
    return AddDetail(d);
  }

  std::vector<std::vector<uint8_t>> states_;  // per input of this part, per record
  std::unordered_map<uint64_t, std::string> archive_ids_;
  std::vector<ParagraphVerdict> paragraphs_;  // dedup.paragraphs: this part's, in order
  std::vector<std::pair<uint64_t, SubstringCuts>> substrings_;  // dedup.substrings: this part's
  std::vector<std::vector<uint64_t>> asked_;  // per part: survivor locators asked of it (sorted
                                              // by ResolveIds)
  SpillSorter<Detail> details_;
  std::vector<uint64_t> details_of_ = std::vector<uint64_t>(records_.size());  // per input
  // Per part: the ids of the survivors asked of it (asked_[q][j]), each a 4-byte length and
  // its bytes in id_bytes_[q] at id_starts_[q][j].
  std::vector<std::string> id_bytes_;
  std::vector<std::vector<uint64_t>> id_starts_;
  std::string_view IdAt(int q, size_t j) const {
    const std::string& bytes = id_bytes_[q];
    uint32_t size = 0;
    std::memcpy(&size, bytes.data() + id_starts_[q][j], 4);
    return std::string_view(bytes).substr(id_starts_[q][j] + 4, size);
  }
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

Status AgreeOnOutcome(PartExchange* exchange, const Status& mine) {
  const int parts = exchange->size();
  Result<std::vector<std::string>> got = exchange->AllToAll(
      std::vector<std::string>(parts, mine.ok() ? std::string() : std::string(mine.message())));
  if (!mine.ok()) return mine;
  if (!got.ok()) return got.status();
  for (int q = 0; q < parts; ++q) {
    if (!(*got)[q].empty()) {
      return Status::Aborted(fmt::format("part {}/{} failed: {}", q, parts, (*got)[q]));
    }
  }
  return Status::Ok();
}

Status DecidePartToFolder(const RunOptions& options, const std::string& sign_folder, size_t inputs,
                          const std::string& work, PartExchange* exchange) {
  std::vector<pipeline::SignSource> sources(inputs);
  for (size_t i = 0; i < inputs; ++i) sources[i].path = pipeline::SignFilePath(sign_folder, i);
  pipeline::PartDecider decider(options, std::move(sources), exchange);
  SARING_RETURN_IF_ERROR(CreateDirectories(work + "/decisions"));
  std::unique_ptr<pipeline::StageFileAppender> file;
  Status s = decider.Run(
      [&](size_t input, std::string* bytes, bool last) -> Status {
        if (!file) {
          file = std::make_unique<pipeline::StageFileAppender>(
              pipeline::DecisionFilePath(work, input), StageFileKind::kDecisions);
        }
        SARING_RETURN_IF_ERROR(file->Append(*bytes));
        if (!last) return Status::Ok();
        Status finished = file->Finish();
        file.reset();
        return finished;
      },
      /*reserve=*/false);
  // A failure before the last exchange ends the others through the exchange (they wait for
  // this part); one after it is told to them here, so that no part succeeds beside it.
  if (!s.ok() && !decider.exchanged()) return s;
  bool exchanged = true;
  if (s.ok() && (options.update_index || !options.build_index.empty())) {
    s = pipeline::WriteIndexFromDecisionFiles(options, sign_folder, work, inputs, exchange,
                                              &exchanged);
    if (!s.ok() && !exchanged) return s;
  }
  return AgreeOnOutcome(exchange, s);
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
