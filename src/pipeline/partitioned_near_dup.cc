// Near-dup decisions of a partitioned decision (see partitioned_near_dup.h).
#include "pipeline/partitioned_near_dup.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "neardup/band_sorter.h"
#include "neardup/doc_table.h"
#include "pipeline/byte_codec.h"
#include "pipeline/output_folder.h"
#include "pipeline/part_components.h"
#include "pipeline/part_shuffle.h"
#include "saring/lsh.h"

namespace saring::pipeline {

NearDupOptions NearDupOptionsOf(const RunOptions& options) {
  NearDupOptions nd = options.near_dup;  // the detector's part of the stage's options
  nd.work_dir = options.work_dir;
  return nd;
}

namespace {

using Edge = std::pair<uint32_t, uint32_t>;
using neardup_internal::DocTable;

uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// A document's data on the wire: ordinal, length, key, signature (k values), word hashes
// (verify=align), shingle text (verify=exact).
void PutDoc(std::string* out, uint32_t ordinal, const SignRecord& r, bool words, bool text) {
  Put<uint32_t>(out, ordinal);
  Put<uint64_t>(out, r.length);
  Put<int64_t>(out, r.key);
  out->append(reinterpret_cast<const char*>(r.signature.data()), r.signature.size() * 4);
  Put<uint32_t>(out, words ? static_cast<uint32_t>(r.words.size()) : 0);
  if (words) out->append(reinterpret_cast<const char*>(r.words.data()), r.words.size() * 4);
  PutString(out, text ? std::string_view(r.text) : std::string_view());
}

// Appends the (a, b) pairs of a message.
Status AppendPairs(std::string_view bytes, std::vector<Edge>* out) {
  if (bytes.size() % 8 != 0) return Status::Corruption("a candidate pair message is garbled");
  for (size_t j = 0; j < bytes.size(); j += 8) {
    uint32_t a, b;
    std::memcpy(&a, bytes.data() + j, 4);
    std::memcpy(&b, bytes.data() + j + 4, 4);
    out->emplace_back(a, b);
  }
  return Status::Ok();
}

template <class T>
void SortUnique(std::vector<T>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

class NearDupParts {
 public:
  NearDupParts(const NearDupPart& part, NearDupPartStats* stats)
      : p_(part), ex_(part.exchange), parts_(ex_->size()), stats_(stats) {}

  // Bytes a part buffers for a shuffle round: a share of the budget, so that what a round
  // brings in (from every part) stays well within it.
  size_t RoundBytes() const {
    return std::clamp<uint64_t>(nd_.memory_budget_bytes / 8 / parts_, 4 << 10,
                                PartShuffle::kDefaultRoundBytes);
  }

  Status Run() {
    nd_ = NearDupOptionsOf(*p_.options);
    if (nd_.work_dir.empty()) {  // no /tmp default (docs/faults.md): OUT/work, else refused
      bool owned = false;
      SARING_ASSIGN_OR_RETURN(nd_.work_dir, WorkFolder(*p_.options, &owned));
    }
    SARING_ASSIGN_OR_RETURN(lsh_, ResolveLshParams(nd_));
    nd_.bands = lsh_.bands;  // derived once (from the threshold, it takes a numeric integration)
    nd_.rows = lsh_.rows;
    // Checks the options as the detector does, on every part.
    SARING_RETURN_IF_ERROR(DocTable::Create(nd_).status());
    words_ = nd_.verify == NearDupVerify::kAlign;
    texts_ = nd_.verify == NearDupVerify::kExact;
    SARING_RETURN_IF_ERROR(Ordinals());
    std::vector<Edge> candidates;
    SARING_RETURN_IF_ERROR(Candidates(&candidates));
    std::vector<Edge> similar;
    SARING_RETURN_IF_ERROR(Verify(std::move(candidates), &similar));
    ComponentStats cs;
    SARING_ASSIGN_OR_RETURN(
        std::vector<Edge> members,
        PartComponents(
            std::move(similar), [this](uint32_t o) { return OwnerOf(o); }, ex_, &cs));
    stats_->component_bytes = cs.bytes_sent;
    stats_->component_rounds = cs.rounds;
    std::vector<Outcome> outcomes;
    SARING_RETURN_IF_ERROR(Cluster(members, &outcomes));
    return Apply(outcomes);
  }

 private:
  // A clustered record's outcome, sent back to its part (40 bytes).
  struct Outcome {
    uint64_t locator, survivor, survivor_ordinal;
    float similarity;
    uint32_t size;
    uint8_t removed, kind, pad[6];
  };
  static_assert(sizeof(Outcome) == 40);

  int OwnerOf(uint32_t ordinal) const {
    const size_t i = static_cast<size_t>(std::upper_bound(start_.begin(), start_.end(), ordinal) -
                                         start_.begin()) -
                     1;
    return static_cast<int>(i % parts_);
  }

  // Calls f(ordinal, locator, record) for each standing record of this part, in input order.
  template <class F>
  Status ForEachStanding(F&& f) {
    for (size_t i : *p_.mine) {
      uint64_t ordinal = start_[i];
      SARING_RETURN_IF_ERROR(
          ForEachRecord((*p_.records)[i], i, [&](uint32_t n, const SignRecord& r) {
            if (!p_.standing(i, n)) return Status::Ok();
            if (r.signature.size() != nd_.num_perm) {
              return Status::Corruption(fmt::format("input {}: a signature of {} values, not {}", i,
                                                    r.signature.size(), nd_.num_perm));
            }
            return f(static_cast<uint32_t>(ordinal++), Locator(i, n), r);
          }));
    }
    return Status::Ok();
  }

  // Reads a document written by PutDoc into *table; *ordinal receives its ordinal.
  Status ReadDoc(ByteReader* r, std::string_view bytes, DocTable* table, uint32_t* ordinal) {
    uint64_t length;
    int64_t key;
    const size_t sig_bytes = size_t{nd_.num_perm} * 4;
    if (!r->Get(ordinal) || !r->Get(&length) || !r->Get(&key) || r->remaining() < sig_bytes) {
      return Status::Corruption("a near-dup document message is garbled");
    }
    sig_.resize(nd_.num_perm);
    std::memcpy(sig_.data(), bytes.data() + r->at(), sig_bytes);
    *r = ByteReader(bytes, r->at() + sig_bytes);
    if (!r->GetU32s(&doc_words_) || !r->GetString(&doc_text_)) {
      return Status::Corruption("a near-dup document message is garbled");
    }
    return table->Add(*ordinal, sig_.data(), length, key, doc_words_, doc_text_);
  }

  // 1. Every input's standing records, so that every part knows every record's ordinal.
  Status Ordinals() {
    const size_t inputs = p_.records->size();
    std::string mine;
    records_.assign(inputs, 0);
    for (size_t i : *p_.mine) {
      uint64_t standing = 0;
      records_[i] = p_.record_count(i);
      for (uint32_t n = 0; n < records_[i]; ++n) standing += p_.standing(i, n);
      Put<uint64_t>(&mine, i);
      Put<uint64_t>(&mine, standing);
      stats_->standing += standing;
    }
    SARING_ASSIGN_OR_RETURN(std::vector<std::string> got,
                            ex_->AllToAll(std::vector<std::string>(parts_, mine)));
    std::vector<uint64_t> counts(inputs, 0);
    for (const std::string& bytes : got) {
      ByteReader r(bytes, 0);
      uint64_t i, n;
      while (!r.done()) {
        if (!r.Get(&i) || !r.Get(&n) || i >= inputs)
          return Status::Corruption("garbled record counts");
        counts[i] = n;
      }
    }
    start_.assign(inputs + 1, 0);
    for (size_t i = 0; i < inputs; ++i) start_[i + 1] = start_[i] + counts[i];
    if (start_[inputs] > std::numeric_limits<uint32_t>::max()) {
      return Status::ResourceExhausted("near-duplicate detection holds at most 2^32 - 1 documents");
    }
    start_.pop_back();  // OwnerOf searches the starts of the inputs
    return Status::Ok();
  }

  // 2. Band keys to their parts, candidate pairs to the part holding their shipped end: *out,
  //    sorted and unique.
  Status Candidates(std::vector<Edge>* out) {
    neardup_internal::BandSorter sorter(lsh_.bands, nd_.memory_budget_bytes / 2, nd_.work_dir);
    // An entry: key (8 bytes), ordinal (4), band (2).
    constexpr size_t kEntry = 14;
    if (lsh_.bands > 0xFFFF) return Status::InvalidArgument("more than 65,535 LSH bands");
    PartShuffle bands(ex_, RoundBytes(), [&](int, std::string_view bytes) -> Status {
      if (bytes.size() % kEntry != 0) return Status::Corruption("a band key message is garbled");
      for (size_t j = 0; j < bytes.size(); j += kEntry) {
        uint64_t key;
        uint32_t doc;
        uint16_t band;
        std::memcpy(&key, bytes.data() + j, 8);
        std::memcpy(&doc, bytes.data() + j + 8, 4);
        std::memcpy(&band, bytes.data() + j + 12, 2);
        if (band >= lsh_.bands) return Status::Corruption("a band key message is garbled");
        SARING_RETURN_IF_ERROR(sorter.AddOne(band, key, doc));
      }
      return Status::Ok();
    });
    SARING_RETURN_IF_ERROR(ForEachStanding([&](uint32_t ordinal, uint64_t, const SignRecord& r) {
      for (uint32_t b = 0; b < lsh_.bands; ++b) {
        const uint64_t key = BandKey(r.signature.data(), b, lsh_.rows);
        std::string* to = bands.to(static_cast<int>(Mix64(key + b) % parts_));
        Put<uint64_t>(to, key);
        Put<uint32_t>(to, ordinal);
        Put<uint16_t>(to, static_cast<uint16_t>(b));
      }
      return bands.Pushed();
    }));
    SARING_RETURN_IF_ERROR(bands.Finish());
    stats_->band_bytes = bands.bytes_sent();
    // A pair found in several bands arrives several times: repeats are dropped whenever the
    // pairs have doubled since the last time, so they hold at most about twice the distinct ones.
    size_t compacted = 0;
    PartShuffle pairs(ex_, RoundBytes(), [&](int, std::string_view bytes) {
      SARING_RETURN_IF_ERROR(AppendPairs(bytes, out));
      if (out->size() > 2 * compacted + (size_t{1} << 16)) {
        SortUnique(out);
        compacted = out->size();
      }
      return Status::Ok();
    });
    SARING_RETURN_IF_ERROR(sorter.ForEachPair([&](uint32_t a, uint32_t b) -> Status {
      ++stats_->candidate_pairs;
      std::string* to = pairs.to(OwnerOf(Shipped(a, b)));
      Put<uint32_t>(to, a);
      Put<uint32_t>(to, b);
      return pairs.Pushed();
    }));
    SARING_RETURN_IF_ERROR(pairs.Finish());
    stats_->pair_bytes = pairs.bytes_sent();
    SortUnique(out);
    return Status::Ok();
  }

  // Which end of a candidate pair is compared where it is held, and which is shipped there: one
  // or the other by a hash of the pair, so that the comparisons spread evenly over the parts
  // (always the earlier end would load the parts holding the first inputs).
  static uint32_t Verifier(uint32_t a, uint32_t b) {
    return Mix64(uint64_t{a} << 32 | b) & 1 ? a : b;
  }
  static uint32_t Shipped(uint32_t a, uint32_t b) { return Verifier(a, b) == a ? b : a; }

  // 3. Ships one end of each pair to the part of the other, which compares them: *similar.
  Status Verify(std::vector<Edge> candidates, std::vector<Edge>* similar) {
    SARING_ASSIGN_OR_RETURN(std::unique_ptr<DocTable> table, DocTable::Create(nd_));
    std::vector<Edge> local;  // (ordinal, local id) of the documents in the table
    // (shipped end, part of the verifying end) for each shipped end this part holds.
    std::vector<std::pair<uint32_t, int>> wanted;
    for (const auto& [a, b] : candidates)
      wanted.emplace_back(Shipped(a, b), OwnerOf(Verifier(a, b)));
    SortUnique(&wanted);
    PartShuffle docs(ex_, RoundBytes(), [&](int, std::string_view bytes) -> Status {
      ByteReader r(bytes, 0);
      uint32_t ordinal;
      while (!r.done()) {
        SARING_RETURN_IF_ERROR(ReadDoc(&r, bytes, table.get(), &ordinal));
        local.emplace_back(ordinal, table->size() - 1);
      }
      return Status::Ok();
    });
    size_t w = 0;
    auto ship = [&](uint32_t ordinal, uint64_t, const SignRecord& r) {
      for (; w < wanted.size() && wanted[w].first == ordinal; ++w) {
        PutDoc(docs.to(wanted[w].second), ordinal, r, words_, texts_);
      }
      return docs.Pushed();
    };
    if (!wanted.empty()) SARING_RETURN_IF_ERROR(ForEachStanding(ship));
    if (w != wanted.size())
      return Status::Corruption("a candidate pair names a record of another part");
    std::vector<std::pair<uint32_t, int>>().swap(wanted);
    SARING_RETURN_IF_ERROR(docs.Finish());
    stats_->doc_bytes = docs.bytes_sent();
    // Each pair goes to the part of its verifying end.
    std::vector<Edge> mine;
    PartShuffle pairs(ex_, RoundBytes(),
                      [&](int, std::string_view bytes) { return AppendPairs(bytes, &mine); });
    for (const auto& [a, b] : candidates) {
      std::string* to = pairs.to(OwnerOf(Verifier(a, b)));
      Put<uint32_t>(to, a);
      Put<uint32_t>(to, b);
      SARING_RETURN_IF_ERROR(pairs.Pushed());
    }
    std::vector<Edge>().swap(candidates);
    SARING_RETURN_IF_ERROR(pairs.Finish());
    stats_->pair_bytes += pairs.bytes_sent();
    // This part's verifying ends join the table.
    std::sort(local.begin(), local.end());
    std::vector<uint32_t> own;
    for (const auto& [a, b] : mine) own.push_back(Verifier(a, b));
    SortUnique(&own);
    const size_t shipped = local.size();
    size_t o = 0;
    auto add_own = [&](uint32_t ordinal, uint64_t, const SignRecord& r) {
      if (o == own.size() || own[o] != ordinal) return Status::Ok();
      ++o;
      auto it = std::lower_bound(local.begin(), local.begin() + shipped, Edge{ordinal, 0});
      if (it != local.begin() + shipped && it->first == ordinal) return Status::Ok();
      local.emplace_back(ordinal, table->size());
      return table->Add(ordinal, r.signature.data(), r.length, r.key, r.words, r.text);
    };
    if (!own.empty()) SARING_RETURN_IF_ERROR(ForEachStanding(add_own));
    if (o != own.size())
      return Status::Corruption("a candidate pair names a record of another part");
    std::sort(local.begin(), local.end());
    SARING_RETURN_IF_ERROR(table->Finish());
    auto id = [&](uint32_t ordinal) -> Result<uint32_t> {
      auto it = std::lower_bound(local.begin(), local.end(), Edge{ordinal, 0});
      if (it == local.end() || it->first != ordinal) {
        return Status::Corruption("the data of a candidate pair's document did not arrive");
      }
      return it->second;
    };
    stats_->unique_pairs = mine.size();
    for (const auto& [a, b] : mine) {
      SARING_ASSIGN_OR_RETURN(const uint32_t la, id(a));
      SARING_ASSIGN_OR_RETURN(const uint32_t lb, id(b));
      SARING_ASSIGN_OR_RETURN(const neardup_internal::Verdict v, table->Compare(la, lb));
      if (v.similar) similar->emplace_back(a, b);
    }
    stats_->similar_pairs = similar->size();
    return Status::Ok();
  }

  // 4. Each component's members go to the part its smallest ordinal hashes to, which clusters
  //    it; the outcomes come back to the records' parts (*outcomes, sorted by locator).
  Status Cluster(const std::vector<Edge>& members, std::vector<Outcome>* outcomes) {
    SARING_ASSIGN_OR_RETURN(std::unique_ptr<DocTable> table, DocTable::Create(nd_));
    std::vector<uint32_t> roots;     // per local document: its component's smallest ordinal
    std::vector<uint64_t> locators;  // per local document
    PartShuffle docs(ex_, RoundBytes(), [&](int, std::string_view bytes) -> Status {
      ByteReader r(bytes, 0);
      uint32_t root, ordinal;
      uint64_t locator;
      while (!r.done()) {
        if (!r.Get(&root) || !r.Get(&locator))
          return Status::Corruption("a member message is garbled");
        SARING_RETURN_IF_ERROR(ReadDoc(&r, bytes, table.get(), &ordinal));
        roots.push_back(root);
        locators.push_back(locator);
      }
      return Status::Ok();
    });
    size_t m = 0;
    auto send_member = [&](uint32_t ordinal, uint64_t locator, const SignRecord& r) {
      if (m == members.size() || members[m].first != ordinal) return Status::Ok();
      const uint32_t root = members[m++].second;
      std::string* to = docs.to(static_cast<int>(Mix64(root) % parts_));
      Put<uint32_t>(to, root);
      Put<uint64_t>(to, locator);
      PutDoc(to, ordinal, r, words_, texts_);
      return docs.Pushed();
    };
    if (!members.empty()) SARING_RETURN_IF_ERROR(ForEachStanding(send_member));
    if (m != members.size())
      return Status::Corruption("a component names a record of another part");
    SARING_RETURN_IF_ERROR(docs.Finish());
    stats_->member_bytes = docs.bytes_sent();
    SARING_RETURN_IF_ERROR(table->Finish());
    const uint32_t n = table->size();
    stats_->members = n;
    // Local ids of the roots.
    std::vector<Edge> by_ordinal(n);
    for (uint32_t d = 0; d < n; ++d) by_ordinal[d] = {table->ordinal(d), d};
    std::sort(by_ordinal.begin(), by_ordinal.end());
    for (uint32_t d = 0; d < n; ++d) {
      auto it = std::lower_bound(by_ordinal.begin(), by_ordinal.end(), Edge{roots[d], 0});
      if (it == by_ordinal.end() || it->first != roots[d]) {
        return Status::Corruption("a component arrived without its first document");
      }
      roots[d] = it->second;
    }
    std::vector<Edge>().swap(by_ordinal);
    neardup_internal::ClusterResult result;
    SARING_RETURN_IF_ERROR(table->Cluster(roots, &result));
    PartShuffle back(ex_, RoundBytes(), [&](int, std::string_view bytes) -> Status {
      if (bytes.size() % sizeof(Outcome) != 0)
        return Status::Corruption("a verdict message is garbled");
      if (bytes.empty()) return Status::Ok();  // (no memcpy into an empty vector's null data)
      const size_t at = outcomes->size();
      outcomes->resize(at + bytes.size() / sizeof(Outcome));
      std::memcpy(outcomes->data() + at, bytes.data(), bytes.size());
      return Status::Ok();
    });
    for (uint32_t d = 0; d < n; ++d) {
      const uint32_t s = result.survivor[d];
      Outcome out{};
      out.locator = locators[d];
      out.survivor = locators[s];
      out.survivor_ordinal = table->ordinal(s);
      out.similarity = result.similarity[d];
      out.size = result.cluster_size[s];
      out.removed = s != d;
      out.kind = result.kind[d];
      back.to(OwnerOf(table->ordinal(d)))->append(reinterpret_cast<const char*>(&out), sizeof(out));
      SARING_RETURN_IF_ERROR(back.Pushed());
    }
    SARING_RETURN_IF_ERROR(back.Finish());
    stats_->verdict_bytes = back.bytes_sent();
    std::sort(outcomes->begin(), outcomes->end(),
              [](const Outcome& x, const Outcome& y) { return x.locator < y.locator; });
    return Status::Ok();
  }

  // 5. The verdict of every standing record: a clustered one's outcome, or a cluster of one.
  Status Apply(const std::vector<Outcome>& outcomes) {
    size_t next = 0;
    for (size_t i : *p_.mine) {
      uint64_t ordinal = start_[i];
      for (uint32_t n = 0; n < records_[i]; ++n) {
        if (!p_.standing(i, n)) continue;
        NearDupVerdict v;
        v.cluster_id = ordinal++;
        if (next < outcomes.size() && outcomes[next].locator == Locator(i, n)) {
          const Outcome& o = outcomes[next++];
          if (o.kind > static_cast<uint8_t>(SimilarityKind::kContained)) {
            return Status::Corruption("a near-dup verdict is garbled");
          }
          v.removed = o.removed;
          v.cluster_id = o.survivor_ordinal;
          v.cluster_size = o.size;
          if (o.removed) {
            v.survivor = o.survivor;
            v.similarity = o.similarity;
            v.kind = static_cast<SimilarityKind>(o.kind);
          } else {
            v.head = o.size > 1;
          }
        }
        SARING_RETURN_IF_ERROR(p_.apply(i, n, v));
      }
    }
    if (next != outcomes.size())
      return Status::Corruption("a near-dup verdict names no standing record");
    return Status::Ok();
  }

  const NearDupPart& p_;
  PartExchange* ex_;
  const int parts_;
  NearDupPartStats* stats_;
  NearDupOptions nd_;
  LshParams lsh_;
  bool words_ = false, texts_ = false;  // what documents carry: verify=align's, verify=exact's
  std::vector<uint64_t> start_;    // per input: the near-dup ordinal of its first standing record
  std::vector<uint32_t> records_;  // per input of this part: its sign records
  std::vector<uint32_t> sig_, doc_words_;
  std::string doc_text_;
};

}  // namespace

Status DecideNearDupPart(const NearDupPart& part) {
  NearDupPartStats stats;
  NearDupParts parts(part, part.stats ? part.stats : &stats);
  return parts.Run();
}

}  // namespace saring::pipeline
