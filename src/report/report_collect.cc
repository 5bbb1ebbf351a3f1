// Gathers the report's data: the ledger files, then one pass over removed/ (reasons, rules,
// languages, similarities, cluster counters, and the members of the clusters that may be among
// the largest), the choice of the largest clusters, one pass over kept/ (lengths, spans,
// templates, languages, survivor texts) and one over quarantine/. Only if the first pass could
// not gather the largest clusters whole (see Candidate) does a second pass over removed/ read
// the frames holding their members and survivors that were removed later.
#include <algorithm>
#include <iterator>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "explain/text_cut.h"
#include "output_reader/doc_text.h"
#include "output_reader/json_util.h"
#include "report/report_data.h"
#include "saring/file_util.h"
#include "saring/outcome.h"
#include "saring/output_record.h"

namespace saring::report {
namespace {

using simdjson::dom::element;

constexpr size_t kExcerptBytes = 300;  // bytes of a sampled text or span shown
constexpr size_t kContextBytes = 160;  // bytes of context on each side of a sampled span
constexpr size_t kMaxKeyBytes = 300;   // bytes of a template's evidence used as its key
constexpr size_t kMaxTrackedTemplates = 10000;
constexpr size_t kMaxClusterTextBytes = 64 << 10;  // bytes kept of each shown cluster text
constexpr size_t kMaxChunkKeys = 4 << 20;  // keys kept to skip frames (at most 8 bytes each)

// "duplicate_of=a-05, similarity=0.87": the members of metadata.saring other than the reason.
std::string Detail(element saring) {
  std::string out;
  simdjson::dom::object o;
  if (saring.get_object().get(o) != simdjson::SUCCESS) return out;
  for (auto field : o) {
    if (field.key == "reason") continue;
    if (!out.empty()) out += ", ";
    std::string_view s;
    out += field.key;
    out += '=';
    out += field.value.get_string().get(s) == simdjson::SUCCESS ? std::string(s)
                                                                : simdjson::minify(field.value);
  }
  return out;
}

// The entry of `name`, created on first use; looks up by view, so a hit allocates nothing.
template <class Map, class Value>
typename Map::mapped_type& Entry(Map& map, std::string_view name, Value&& initial) {
  auto it = map.find(name);
  if (it == map.end()) it = map.emplace(std::string(name), std::forward<Value>(initial)).first;
  return it->second;
}

SampledGroup& GroupFor(std::map<std::string, SampledGroup, std::less<>>& groups,
                       std::string_view name, const ReportData& data) {
  auto it = groups.find(name);
  if (it == groups.end()) it = groups.emplace(std::string(name), data.NewGroup()).first;
  return it->second;
}

// A record of removed/ whose id is the cluster's survivor: the survivor was removed later.
void TakeRemovedSurvivor(std::string_view id, std::string_view text, ClusterExample* ex) {
  ex->survivor_found = ex->survivor_removed = true;
  ex->survivor_id = id;
  ex->survivor_text = Utf8Prefix(text, kMaxClusterTextBytes);
}

// A near duplicate of the cluster's survivor, taken as a member if fewer than `max` were.
void TakeMember(std::string_view survivor, std::string_view id, element saring,
                std::string_view text, size_t max, ClusterExample* ex) {
  ex->survivor_id = survivor;
  if (ex->members.size() >= max) return;
  ex->members.push_back(
      {std::string(id),
       std::string(StringMember(saring, output_record::kSimilarityKind).value_or("")),
       std::string(Utf8Prefix(text, kMaxClusterTextBytes)),
       NumberMember(saring, output_record::kSimilarity)});
}

class Collector {
 public:
  Collector(const std::string& dir, const ReportOptions& options, ReportData* data)
      : dir_(dir), options_(options), data_(*data) {}

  Status Run();

 private:
  Status Scan(const std::vector<std::string>& shards, std::string_view stage,
              ScanCounters* counters, const std::function<void(const ShardRecord&)>& visit,
              const std::function<bool(uint64_t chunk)>& skip = {});
  void NoteChunk(uint64_t chunk);
  void CloseChunk();
  void PlanClusterPass();
  bool SkipChunk(uint64_t chunk) const;
  void VisitRemoved(const ShardRecord& rec);
  void CountCluster(element saring, uint64_t key);
  void NoteCandidate(uint64_t key, uint64_t size);
  void ChooseTopClusters();
  bool TakeCandidates();
  void VisitKept(const ShardRecord& rec);
  void VisitSpans(std::string_view id, std::string_view kept);
  void VisitClusterMembers(const ShardRecord& rec);
  void VisitQuarantine(const ShardRecord& rec);

  const std::string& dir_;
  const ReportOptions& options_;
  ReportData& data_;
  uint64_t bytes_total_ = 0;
  // One scanner for every pass: its parser and frame buffers are reused, its counters and
  // progress add up over the passes.
  std::unique_ptr<ShardScanner> scanner_;
  std::unordered_map<uint64_t, size_t> top_by_key_;  // survivor key -> index in top_clusters
  std::vector<SpanView> spans_;
  std::string original_;
  std::string id_scratch_;  // backs the id view of a record whose id is not a string

  // What the cluster pass looks for, per frame chunk of removed/ seen in the first pass, so that
  // the second pass reads only the frames it needs (see PlanClusterPass). A chunk with no entry is
  // always read. Bounded by kMaxChunkKeys keys in all.
  struct ChunkKeys {
    uint64_t chunk;
    size_t ids_end;        // chunk_ids_[previous ids_end, ids_end): sorted, unique
    size_t survivors_end;  // chunk_survivors_[previous survivors_end, survivors_end): sorted
    bool needed = true;    // set by PlanClusterPass
  };
  std::vector<ChunkKeys> chunks_;    // in scan (= chunk) order
  std::vector<uint32_t> chunk_ids_;  // id hashes (cut to 32 bits) of records with metadata.saring
  std::vector<uint64_t> chunk_survivors_;  // survivor hashes of near duplicates, one per record
  uint64_t open_chunk_ = UINT64_MAX;       // the chunk whose keys are being gathered
  bool chunks_full_ = false;               // kMaxChunkKeys reached: chunks after it are not noted
  uint64_t unnoted_ids_ = 0;               // records with metadata.saring in chunks not noted

  // A cluster that ranked among the top_clusters largest seen so far when its first member was
  // seen in the first pass of removed/, with what VisitClusterMembers would gather for it from
  // then on. Sizes are known at first sight when members record cluster_size, and then every
  // cluster finally chosen is a candidate from its first member on and never evicted. It is
  // gathered whole if, besides, no record with its survivor's id came before that member (checked
  // against the noted chunk ids up to the member's chunk, which may only overcount); else the
  // second pass runs.
  struct Candidate {
    ClusterExample example;
    uint64_t chunk;        // of the first member; UINT64_MAX if that chunk was not noted
    size_t chunk_index;    // chunks_.size() when the first member was seen
    bool earlier_unnoted;  // records with metadata.saring before it were not noted
  };
  // Largest first, equal sizes by key: the order ChooseTopClusters uses.
  struct Larger {
    bool operator()(const std::pair<uint64_t, uint64_t>& x,
                    const std::pair<uint64_t, uint64_t>& y) const {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    }
  };
  std::unordered_map<uint64_t, Candidate> candidates_;               // by survivor key
  std::set<std::pair<uint64_t, uint64_t>, Larger> candidate_order_;  // (size at first sight, key)
  bool clusters_gathered_ = false;  // TakeCandidates filled top_clusters: no second pass
};

Status Collector::Run() {
  std::string stats_path = dir_ + "/stats.json";
  Result<std::string> stats_json = ReadFileToString(stats_path);
  if (!stats_json.ok()) {
    return stats_json.status().code() == StatusCode::kNotFound
               ? Status::NotFound(fmt::format(
                     "{} has no stats.json; is it the output folder of a finished saring run?",
                     dir_))
               : stats_json.status();
  }
  SARING_ASSIGN_OR_RETURN(data_.stats, RunStats::FromJson(*stats_json, stats_path));
  data_.totals = data_.stats.Totals();
  if (Result<std::string> info = ReadFileToString(dir_ + "/run-info.json"); info.ok()) {
    data_.run_info = ParseRunInfo(*info);
  }
  std::vector<std::string> kept = ListShards(dir_, "kept"), removed = ListShards(dir_, "removed"),
                           quarantine = ListShards(dir_, "quarantine");
  data_.shards_kept = kept.size();
  data_.shards_removed = removed.size();
  data_.shards_quarantine = quarantine.size();
  uint64_t removed_bytes = TotalFileBytes(removed);
  bytes_total_ = TotalFileBytes(kept) + removed_bytes + TotalFileBytes(quarantine);
  std::function<void(const ReportProgress&)> progress;
  if (options_.progress) {
    progress = [this](const ReportProgress& p) {
      options_.progress({p.stage, p.bytes_done, bytes_total_, p.documents});
    };
  }
  scanner_ = std::make_unique<ShardScanner>(std::move(progress), bytes_total_);

  SARING_RETURN_IF_ERROR(
      Scan(removed, "removed", &data_.removed_scan, [this](const ShardRecord& r) {
        NoteChunk(r.chunk);
        if (r.parsed) VisitRemoved(r);
      }));
  CloseChunk();
  ChooseTopClusters();
  clusters_gathered_ = TakeCandidates();
  data_.removed_read_twice = !clusters_gathered_ && !data_.top_clusters.empty();
  if (data_.removed_read_twice) {
    bytes_total_ += removed_bytes;
    PlanClusterPass();
  }
  SARING_RETURN_IF_ERROR(Scan(kept, "kept", &data_.kept_scan, [this](const ShardRecord& r) {
    if (r.parsed) VisitKept(r);
  }));
  if (data_.removed_read_twice) {
    SARING_RETURN_IF_ERROR(Scan(
        removed, "clusters", &data_.cluster_scan,
        [this](const ShardRecord& r) {
          if (r.parsed) VisitClusterMembers(r);
        },
        [this](uint64_t chunk) { return SkipChunk(chunk); }));
  }
  return Scan(quarantine, "quarantine", &data_.quarantine_scan, [this](const ShardRecord& r) {
    if (r.parsed) VisitQuarantine(r);
  });
}

Status Collector::Scan(const std::vector<std::string>& shards, std::string_view stage,
                       ScanCounters* counters, const std::function<void(const ShardRecord&)>& visit,
                       const std::function<bool(uint64_t chunk)>& skip) {
  ScanCounters before = scanner_->counters();
  SARING_RETURN_IF_ERROR(scanner_->Scan(
      shards, stage, "",
      [&](const ShardRecord& r) {
        visit(r);
        return true;
      },
      skip));
  const ScanCounters& after = scanner_->counters();
  counters->records = after.records - before.records;
  counters->malformed = after.malformed - before.malformed;
  counters->broken_streams = after.broken_streams - before.broken_streams;
  counters->bytes = after.bytes - before.bytes;
  return Status::Ok();
}

// Called for every record of the first removed/ pass, parsed or not. Chunks come in increasing
// order, and a frame chunk the scanner hands out records of is read whole (it never stops in the
// middle of a frame but when visit asks it to, which this pass does not).
void Collector::NoteChunk(uint64_t chunk) {
  if (chunk == open_chunk_) return;
  CloseChunk();
  if (chunks_full_ || static_cast<uint32_t>(chunk) == ShardScanner::kRestOfShard) return;
  open_chunk_ = chunk;
}

void Collector::CloseChunk() {
  if (open_chunk_ == UINT64_MAX) return;
  size_t ids_begin = chunks_.empty() ? 0 : chunks_.back().ids_end;
  size_t survivors_begin = chunks_.empty() ? 0 : chunks_.back().survivors_end;
  std::sort(chunk_ids_.begin() + ids_begin, chunk_ids_.end());
  chunk_ids_.erase(std::unique(chunk_ids_.begin() + ids_begin, chunk_ids_.end()), chunk_ids_.end());
  std::sort(chunk_survivors_.begin() + survivors_begin, chunk_survivors_.end());
  if (chunk_ids_.size() + chunk_survivors_.size() > kMaxChunkKeys) {
    chunk_ids_.resize(ids_begin);
    chunk_survivors_.resize(survivors_begin);
    chunks_full_ = true;
  } else {
    chunks_.push_back({open_chunk_, chunk_ids_.size(), chunk_survivors_.size()});
  }
  open_chunk_ = UINT64_MAX;
}

// Decides which noted chunks the cluster pass reads. VisitClusterMembers does something with a
// record only if its id is a chosen survivor's (a survivor removed later: any chunk holding such
// an id fingerprint is read), or if it is a near duplicate of a chosen survivor and fewer than
// members_per_cluster members were taken: such chunks are read up to the one holding that
// cluster's members_per_cluster-th member. Members in chunks that were not noted are not counted,
// which can only make more chunks read. (The later members would only set survivor_id again, to
// the same survivor id.) Survivor hashes are compared whole: a collision of cut ones could make
// a count too large and skip a chunk that is needed.
void Collector::PlanClusterPass() {
  size_t ids_begin = 0, survivors_begin = 0;
  std::vector<uint64_t> taken(data_.top_clusters.size(), 0);
  for (ChunkKeys& c : chunks_) {
    c.needed = false;
    for (size_t t = 0; t < data_.top_clusters.size(); ++t) {
      uint64_t key = data_.top_clusters[t].survivor_key;
      if (std::binary_search(chunk_ids_.begin() + ids_begin, chunk_ids_.begin() + c.ids_end,
                             static_cast<uint32_t>(key))) {
        c.needed = true;
      }
      auto [lo, hi] = std::equal_range(chunk_survivors_.begin() + survivors_begin,
                                       chunk_survivors_.begin() + c.survivors_end, key);
      if (lo != hi && taken[t] < options_.members_per_cluster) {
        c.needed = true;
        taken[t] += static_cast<uint64_t>(hi - lo);
      }
    }
    ids_begin = c.ids_end;
    survivors_begin = c.survivors_end;
  }
}

bool Collector::SkipChunk(uint64_t chunk) const {
  auto it = std::lower_bound(chunks_.begin(), chunks_.end(), chunk,
                             [](const ChunkKeys& c, uint64_t x) { return c.chunk < x; });
  return it != chunks_.end() && it->chunk == chunk && !it->needed;
}

void Collector::VisitRemoved(const ShardRecord& rec) {
  ++data_.removed_records;
  std::string_view id = IdView(rec.record, options_.id_field, &id_scratch_);
  std::optional<element> saring = SaringOf(rec.record);
  std::string_view reason =
      saring ? StringMember(*saring, output_record::kReason).value_or("(none)") : "(none)";
  std::string_view text = StringMember(rec.record, options_.text_field).value_or("");
  data_.length_before.Add(text.size());
  // VisitClusterMembers looks at records with metadata.saring: by their id, and if near
  // duplicates, by their survivor.
  uint64_t key = SampleKey(id);
  if (saring) {
    if (open_chunk_ != UINT64_MAX) {
      chunk_ids_.push_back(static_cast<uint32_t>(key));
    } else {
      ++unnoted_ids_;
    }
    // A candidate's survivor that was itself removed (VisitClusterMembers, first part).
    if (auto it = candidates_.find(key); it != candidates_.end())
      TakeRemovedSurvivor(id, text, &it->second.example);
  }
  SampledGroup& group = GroupFor(data_.removal_reasons, reason, data_);
  ++group.count;
  group.bytes += text.size();
  if (group.sample.WouldAccept(key)) {
    group.sample.Add(key, {std::string(id), saring ? Detail(*saring) : "", "",
                           std::string(Utf8Prefix(text, kExcerptBytes)), ""});
  }
  if (!saring) return;
  // A name this version does not know (a newer saring's output) is counted above only.
  const Result<RemovalReason> parsed = ParseRemovalReason(reason);
  const RemovalReason known = parsed.ok() ? *parsed : RemovalReason::kNone;
  if (known == RemovalReason::kQuality || known == RemovalReason::kClassifier) {
    RuleStats& rule =
        Entry(data_.quality_rules,
              StringMember(*saring, output_record::kRule).value_or("(unnamed)"), RuleStats());
    double value = NumberMember(*saring, output_record::kValue).value_or(0);
    rule.min_value = rule.count == 0 ? value : std::min(rule.min_value, value);
    rule.max_value = rule.count == 0 ? value : std::max(rule.max_value, value);
    if (rule.count++ == 0) rule.threshold = NumberMember(*saring, output_record::kThreshold);
  } else if (known == RemovalReason::kLanguage) {
    std::optional<LanguageView> lang = LanguageOf(*saring);
    ++Entry(data_.removed_languages, lang ? lang->code : "(unknown)", uint64_t{0});
  } else if (known == RemovalReason::kNearDuplicate) {
    ++data_.near_duplicates;
    if (std::optional<double> sim = NumberMember(*saring, output_record::kSimilarity))
      data_.similarity.Add(*sim);
    if (std::optional<std::string_view> kind =
            StringMember(*saring, output_record::kSimilarityKind)) {
      ++Entry(data_.similarity_kinds, *kind, uint64_t{0});
    }
    std::optional<std::string_view> survivor = StringMember(*saring, output_record::kDuplicateOf);
    if (survivor) {
      uint64_t survivor_key = SampleKey(*survivor);
      if (open_chunk_ != UINT64_MAX) chunk_survivors_.push_back(survivor_key);
      CountCluster(*saring, survivor_key);
      // A candidate's member (VisitClusterMembers, second part).
      if (auto it = candidates_.find(survivor_key); it != candidates_.end()) {
        TakeMember(*survivor, id, *saring, text, options_.members_per_cluster, &it->second.example);
      }
    } else {
      ++data_.near_duplicates_without_survivor;
    }
  }
}

void Collector::CountCluster(element saring, uint64_t key) {
  auto it = data_.clusters.find(key);
  bool first = it == data_.clusters.end();
  if (first) {
    if (data_.clusters.size() >= options_.max_tracked_clusters) {
      data_.clusters_truncated = true;
      return;
    }
    it = data_.clusters.emplace(key, ClusterCounter()).first;
  }
  ClusterCounter& c = it->second;
  ++c.members;
  if (std::optional<int64_t> size = IntMember(saring, output_record::kClusterSize);
      size && *size > 0) {
    c.reported_size = std::max<uint32_t>(
        c.reported_size, static_cast<uint32_t>(std::min<int64_t>(*size, UINT32_MAX)));
  }
  if (std::optional<int64_t> id = IntMember(saring, output_record::kClusterId)) c.cluster_id = *id;
  if (first) NoteCandidate(key, c.Size());
}

// Makes the cluster just seen for the first time a candidate if it ranks among the
// top_clusters largest candidates, evicting the one that drops out.
void Collector::NoteCandidate(uint64_t key, uint64_t size) {
  if (options_.top_clusters == 0) return;
  std::pair<uint64_t, uint64_t> entry(size, key);
  if (candidate_order_.size() >= options_.top_clusters &&
      !Larger()(entry, *candidate_order_.rbegin()))
    return;
  candidate_order_.insert(entry);
  candidates_[key] = {ClusterExample(), open_chunk_, chunks_.size(), unnoted_ids_ > 0};
  if (candidate_order_.size() > options_.top_clusters) {
    candidates_.erase(candidate_order_.rbegin()->second);
    candidate_order_.erase(std::prev(candidate_order_.end()));
  }
}

void Collector::ChooseTopClusters() {
  std::vector<std::pair<uint64_t, uint64_t>> order;  // (size, key)
  order.reserve(data_.clusters.size());
  for (const auto& [key, c] : data_.clusters) {
    data_.cluster_sizes.Add(c.Size());
    order.emplace_back(c.Size(), key);
  }
  size_t k = std::min<size_t>(options_.top_clusters, order.size());
  // Largest first; equal sizes by key, so the choice does not depend on hash-map order.
  std::partial_sort(order.begin(), order.begin() + k, order.end(), Larger());
  for (size_t i = 0; i < k; ++i) {
    ClusterExample ex;
    ex.survivor_key = order[i].second;
    ex.size = order[i].first;
    ex.cluster_id = data_.clusters[ex.survivor_key].cluster_id;
    top_by_key_[ex.survivor_key] = data_.top_clusters.size();
    data_.top_clusters.push_back(std::move(ex));
  }
}

// Fills the chosen clusters from the candidates if every one was gathered whole (see Candidate);
// returns false, changing nothing, if the second pass over removed/ is needed.
bool Collector::TakeCandidates() {
  for (const ClusterExample& ex : data_.top_clusters) {
    auto it = candidates_.find(ex.survivor_key);
    if (it == candidates_.end()) return false;
    const Candidate& c = it->second;
    if (c.earlier_unnoted || c.chunk == UINT64_MAX || c.chunk_index >= chunks_.size() ||
        chunks_[c.chunk_index].chunk != c.chunk) {
      return false;
    }
    auto cut = static_cast<uint32_t>(ex.survivor_key);
    size_t ids_begin = 0;
    for (size_t i = 0; i <= c.chunk_index; ++i) {
      if (std::binary_search(chunk_ids_.begin() + ids_begin,
                             chunk_ids_.begin() + chunks_[i].ids_end, cut))
        return false;
      ids_begin = chunks_[i].ids_end;
    }
  }
  for (ClusterExample& ex : data_.top_clusters) {
    ClusterExample& gathered = candidates_[ex.survivor_key].example;
    ex.survivor_id = std::move(gathered.survivor_id);
    ex.survivor_found = gathered.survivor_found;
    ex.survivor_removed = gathered.survivor_removed;
    ex.survivor_text = std::move(gathered.survivor_text);
    ex.members = std::move(gathered.members);
  }
  return true;
}

void Collector::VisitKept(const ShardRecord& rec) {
  ++data_.kept_records;
  std::string_view text = StringMember(rec.record, options_.text_field).value_or("");
  std::optional<element> saring = SaringOf(rec.record);
  spans_.clear();
  if (saring) ParseSpans(*saring, &spans_);
  data_.length_before.Add(text.size() + RemovedBytes(spans_));
  data_.length_after.Add(text.size());
  std::string_view id = IdView(rec.record, options_.id_field, &id_scratch_);
  if (!spans_.empty()) VisitSpans(id, text);
  for (const SpanView& s : spans_) {
    if (s.reason == "duplicate_substring" && rec.shard != nullptr)
      data_.substrings.Add(*rec.shard, s);
  }
  if (saring) {
    if (std::optional<LanguageView> lang = LanguageOf(*saring))
      ++Entry(data_.kept_languages, lang->code, uint64_t{0});
  }
  if (!top_by_key_.empty()) {
    auto it = top_by_key_.find(SampleKey(id));
    if (it != top_by_key_.end()) {
      // The survivor's id was last set by a member in removed/ (the second pass, or the first if
      // it gathered the clusters); a survivor found there was removed later and is shown instead.
      ClusterExample& ex = data_.top_clusters[it->second];
      if (!ex.survivor_removed) {
        ex.survivor_found = true;
        if (!clusters_gathered_) ex.survivor_id = id;
        ex.survivor_text = Utf8Prefix(text, kMaxClusterTextBytes);
      }
    }
  }
}

void Collector::VisitSpans(std::string_view id, std::string_view kept) {
  ++data_.kept_with_spans;
  bool rebuilt = false;
  for (const SpanView& s : spans_) {
    SampledGroup* group = &GroupFor(data_.span_reasons, s.reason, data_);
    ++group->count;
    group->bytes += s.text.size();
    uint64_t key = SampleKey(id, s.begin + 1);
    // Templates and inline markers are grouped by their evidence (the template or the marker).
    bool template_span = s.reason == "boilerplate_template" || s.reason == "boilerplate_inline";
    if (template_span) {
      std::string_view evidence = Utf8Prefix(s.evidence, kMaxKeyBytes);
      auto it = data_.templates.find(evidence);
      if (it == data_.templates.end() && data_.templates.size() >= kMaxTrackedTemplates) {
        ++data_.template_spans_untracked;
      } else {
        SampledGroup& t =
            it != data_.templates.end() ? it->second : GroupFor(data_.templates, evidence, data_);
        ++t.count;
        t.bytes += s.text.size();
        t.sample.Add(key,
                     {std::string(id), "", "", std::string(Utf8Prefix(s.text, kExcerptBytes)), ""});
      }
    }
    if (!group->sample.WouldAccept(key)) continue;
    if (!rebuilt) {
      if (!RebuildOriginal(kept, spans_, &original_)) ++data_.inconsistent_spans;
      rebuilt = true;
    }
    std::string_view before =
        std::string_view(original_).substr(0, std::min<size_t>(s.begin, original_.size()));
    std::string_view after =
        std::string_view(original_).substr(std::min<size_t>(s.end, original_.size()));
    std::string detail = s.has_duplicate ? fmt::format("duplicates {} bytes {}–{}", s.duplicate_id,
                                                       s.duplicate_begin, s.duplicate_end)
                                         : std::string(s.evidence);
    group->sample.Add(
        key,
        {std::string(id), std::move(detail), std::string(LastLines(before, 2, kContextBytes)),
         ElideMiddle(s.text, kExcerptBytes), std::string(FirstLines(after, 2, kContextBytes))});
  }
}

void Collector::VisitClusterMembers(const ShardRecord& rec) {
  std::optional<element> saring = SaringOf(rec.record);
  if (!saring) return;
  std::string_view text = StringMember(rec.record, options_.text_field).value_or("");
  std::string_view id = IdView(rec.record, options_.id_field, &id_scratch_);
  if (auto it = top_by_key_.find(SampleKey(id)); it != top_by_key_.end()) {
    TakeRemovedSurvivor(id, text, &data_.top_clusters[it->second]);
  }
  if (StringMember(*saring, output_record::kReason).value_or("") !=
      RemovalReasonName(RemovalReason::kNearDuplicate)) {
    return;
  }
  std::optional<std::string_view> survivor = StringMember(*saring, output_record::kDuplicateOf);
  if (!survivor) return;
  auto it = top_by_key_.find(SampleKey(*survivor));
  if (it == top_by_key_.end()) return;
  TakeMember(*survivor, id, *saring, text, options_.members_per_cluster,
             &data_.top_clusters[it->second]);
}

void Collector::VisitQuarantine(const ShardRecord& rec) {
  ++data_.quarantined_records;
  std::string_view error = StringMember(rec.record, output_record::kError).value_or("(unknown)");
  SampledGroup& group = GroupFor(data_.quarantine_errors, error, data_);
  ++group.count;
  std::string where =
      fmt::format("{}:{}", StringMember(rec.record, output_record::kFile).value_or("?"),
                  IntMember(rec.record, output_record::kLine).value_or(0));
  uint64_t key = SampleKey(where);
  if (!group.sample.WouldAccept(key)) return;
  std::string raw = RawBytes(rec.record);
  group.sample.Add(
      key, {where, std::string(StringMember(rec.record, output_record::kMessage).value_or("")), "",
            std::string(Utf8Prefix(raw, kExcerptBytes)), ""});
}

}  // namespace

ReportData::ReportData(const ReportOptions& options)
    : samples_per_group_(options.samples_per_group) {}

Status CollectReportData(const std::string& dir, const ReportOptions& options, ReportData* data) {
  return Collector(dir, options, data).Run();
}

}  // namespace saring::report
