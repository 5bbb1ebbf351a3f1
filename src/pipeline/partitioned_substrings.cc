#include "pipeline/partitioned_substrings.h"

#include <algorithm>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "pipeline/byte_codec.h"
#include "pipeline/output_folder.h"
#include "pipeline/round_exchange.h"
#include "pipeline/seen_table.h"
#include "pipeline/spill_sorter.h"
#include "pipeline/substring_keys.h"

namespace saring::pipeline {
namespace {

// A window at its hash's owner, sorted by hash, then position.
struct Window {
  uint64_t hash, locator;
  uint32_t word, pad;
  bool operator<(const Window& o) const {
    return std::tie(hash, locator, word) < std::tie(o.hash, o.locator, o.word);
  }
};

// A later window whose hash occurred first at (first, first_word), at the later record's part.
struct Candidate {
  uint64_t later, first;
  uint32_t later_word, first_word;
  bool operator<(const Candidate& o) const {
    return std::tie(later, later_word) < std::tie(o.later, o.later_word);
  }
};

// `count` consecutive windows whose keys equal those of their first occurrences.
struct VerifiedRun {
  uint64_t later, first;
  uint32_t later_word, first_word, count, pad;
  bool operator<(const VerifiedRun& o) const {
    return std::tie(later, later_word) < std::tie(o.later, o.later_word);
  }
};

// A piece (words [begin, end) of `later` repeat words from first_begin of `first`), at the
// first occurrence's part, which resolves it.
struct PieceAsk {
  uint64_t later, first;
  uint32_t begin, end, first_begin, pad;
  bool operator<(const PieceAsk& o) const {
    return std::tie(first, first_begin, later, begin) <
           std::tie(o.first, o.first_begin, o.later, o.begin);
  }
};

// A resolved piece, back at the later record's part; its first occurrence's id is in a file.
struct Resolved {
  uint64_t later, id_at;
  uint32_t begin, end, first_begin, first_end, id_size;
  uint8_t known, pad[3];  // known: the first occurrence is in the output
  bool operator<(const Resolved& o) const {
    return std::tie(later, begin) < std::tie(o.later, o.begin);
  }
};

constexpr uint32_t kMaxChain = 1 << 12;  // windows verified per message

int HashOwner(uint64_t hash, int parts) {
  return static_cast<int>((hash >> 19) % static_cast<uint64_t>(parts));
}
int RecordOwner(uint64_t locator, int parts) {
  return static_cast<int>(InputOf(locator) % static_cast<size_t>(parts));
}

constexpr std::string_view kGarbled = "substring dedup: garbled records between parts";

Status Garbled(const char* what) {
  return Status::Corruption(fmt::format("substring dedup: garbled {} between parts", what));
}

class SubstringPart {
 public:
  SubstringPart(const RunOptions& options, PartExchange* ex, std::string dir)
      : n_(options.dedup.substring_min_words),
        ex_(ex),
        parts_(ex->size()),
        dir_(std::move(dir)),
        budget_(std::max<uint64_t>(options.dedup.substring_memory_budget_bytes, 64 << 10)),
        round_bytes_(RoundBytes(budget_ / 4, parts_)) {}

  Result<std::vector<std::pair<uint64_t, SubstringCuts>>> Run(const SubstringPartInput& in) {
    SARING_RETURN_IF_ERROR(keys_.Open(dir_, "substring word keys"));
    SARING_RETURN_IF_ERROR(offsets_.Open(dir_, "substring word offsets"));
    SARING_RETURN_IF_ERROR(ids_.Open(dir_, "substring first-occurrence ids"));
    SARING_RETURN_IF_ERROR(SendWindows(in));
    SARING_RETURN_IF_ERROR(SendCandidates());
    SARING_RETURN_IF_ERROR(Verify());
    SARING_RETURN_IF_ERROR(ReturnVerified());
    SARING_RETURN_IF_ERROR(AskPieces());
    return Resolve();
  }

 private:
  // Step 1: this part's kept records into the files, their windows to the hashes' owners.
  Status SendWindows(const SubstringPartInput& in) {
    RoundExchange out(ex_, round_bytes_, [&](int, std::string_view bytes) -> Status {
      return ForEachFixedRecord(bytes, 20, kGarbled, [&](ByteReader* r) {
        Window w{};
        r->Get(&w.hash), r->Get(&w.locator), r->Get(&w.word);
        return windows_.Add(w);
      });
    });
    std::vector<uint64_t> hashes;
    size_t pv = 0;
    const std::vector<ParagraphVerdict> none;
    const std::vector<ParagraphVerdict>& verdicts = in.paragraphs ? *in.paragraphs : none;
    word_start_.push_back(0);
    id_start_.push_back(0);
    for (size_t i : *in.mine) {
      SARING_RETURN_IF_ERROR(
          ForEachRecord((*in.records)[i], i, [&](uint32_t n, const SignRecord& r) -> Status {
            if (!in.kept(i, n)) return Status::Ok();
            const uint64_t loc = Locator(i, n);
            while (pv < verdicts.size() && verdicts[pv].locator < loc) ++pv;
            size_t end = pv;
            while (end < verdicts.size() && verdicts[end].locator == loc) ++end;
            const SubstringSign& s = r.substrings;
            if (!s.signed_with_substrings) {
              return Status::InvalidArgument(fmt::format(
                  "the signatures of input {} were made with dedup.substrings=false, but this "
                  "stage runs with dedup.substrings=true: sign again with the same "
                  "dedup.substrings",
                  i));
            }
            locators_.push_back(loc);
            source_ok_.push_back(
                !RemovedByParagraphs(s, verdicts.data() + pv, verdicts.data() + end));
            SARING_RETURN_IF_ERROR(keys_.Append(s.keys.data(), s.keys.size() * 8));
            SARING_RETURN_IF_ERROR(offsets_.Append(s.offsets.data(), s.offsets.size() * 4));
            SARING_RETURN_IF_ERROR(ids_.Append(r.id.data(), r.id.size()));
            word_start_.push_back(word_start_.back() + s.keys.size());
            id_start_.push_back(id_start_.back() + r.id.size());
            if (s.keys.size() < n_) return Status::Ok();
            ComputeWindowHashes(s.keys.data(), s.keys.size(), n_, &hashes);
            for (uint32_t w = 0; w < hashes.size(); ++w) {
              std::string* to = out.to(HashOwner(hashes[w], parts_));
              Put<uint64_t>(to, hashes[w]);
              Put<uint64_t>(to, loc);
              Put<uint32_t>(to, w);
            }
            return out.MaybeRound();
          }));
    }
    return out.Finish();
  }

  // Step 2: per hash, the first position is the first occurrence of every later one.
  Status SendCandidates() {
    RoundExchange out(ex_, round_bytes_, [&](int, std::string_view bytes) -> Status {
      return ForEachFixedRecord(bytes, 24, kGarbled, [&](ByteReader* r) -> Status {
        Candidate c{};
        r->Get(&c.later), r->Get(&c.later_word), r->Get(&c.first), r->Get(&c.first_word);
        if (RecordOwner(c.later, parts_) != ex_->rank()) return Garbled("candidates");
        return candidates_.Add(c);
      });
    });
    auto hash = [](const Window& w) { return w.hash; };
    SARING_RETURN_IF_ERROR(
        windows_.ForEachAfterFirst(hash, [&](const Window& w, const Window& first) -> Status {
          std::string* to = out.to(RecordOwner(w.locator, parts_));
          Put<uint64_t>(to, w.locator);
          Put<uint32_t>(to, w.word);
          Put<uint64_t>(to, first.locator);
          Put<uint32_t>(to, first.word);
          return out.MaybeRound();
        }));
    return out.Finish();
  }

  // Step 3: chains of candidates, with this part's keys, to the first occurrences' parts, which
  // compare them with theirs.
  Status Verify() {
    RoundExchange out(ex_, round_bytes_, [&](int, std::string_view bytes) -> Status {
      ByteReader r(bytes, 0);
      VerifiedRun chain{};
      while (!r.done()) {
        if (!r.Get(&chain.later) || !r.Get(&chain.first) || !r.Get(&chain.later_word) ||
            !r.Get(&chain.first_word) || !r.Get(&chain.count) || chain.count == 0 ||
            chain.count > kMaxChain || r.remaining() / 8 < chain.count + n_ - 1) {
          return Garbled("chains");
        }
        later_keys_.resize(chain.count + n_ - 1);
        for (uint64_t& k : later_keys_) r.Get(&k);
        SARING_RETURN_IF_ERROR(CompareChain(chain));
      }
      return Status::Ok();
    });
    Candidate c{};
    uint32_t len = 0;
    auto flush = [&]() -> Status {
      if (len == 0) return Status::Ok();
      SARING_ASSIGN_OR_RETURN(size_t at, IndexOf(c.later));
      SARING_RETURN_IF_ERROR(ReadWords(keys_, 8, at, c.later_word, len + n_ - 1, &later_keys_));
      std::string* to = out.to(RecordOwner(c.first, parts_));
      Put<uint64_t>(to, c.later);
      Put<uint64_t>(to, c.first);
      Put<uint32_t>(to, c.later_word);
      Put<uint32_t>(to, c.first_word);
      Put<uint32_t>(to, len);
      to->append(reinterpret_cast<const char*>(later_keys_.data()), later_keys_.size() * 8);
      len = 0;
      return out.MaybeRound();
    };
    SARING_RETURN_IF_ERROR(candidates_.ForEachSorted([&](const Candidate& x) -> Status {
      if (len > 0 && len < kMaxChain && x.later == c.later && x.first == c.first &&
          x.later_word == c.later_word + len && x.first_word == c.first_word + len) {
        ++len;
        return Status::Ok();
      }
      SARING_RETURN_IF_ERROR(flush());
      c = x;
      len = 1;
      return Status::Ok();
    }));
    SARING_RETURN_IF_ERROR(flush());
    return out.Finish();
  }

  // The first occurrence's side of step 3: window j of the chain is verified when its n keys
  // equal those at the first occurrence.
  Status CompareChain(const VerifiedRun& chain) {
    SARING_ASSIGN_OR_RETURN(size_t at, IndexOf(chain.first));
    SARING_RETURN_IF_ERROR(
        ReadWords(keys_, 8, at, chain.first_word, chain.count + n_ - 1, &first_keys_));
    // differ[i]: keys that differ among the first i + 1 words.
    uint64_t differ = 0;
    for (size_t i = 0; i < later_keys_.size(); ++i) {
      differ += later_keys_[i] != first_keys_[i];
      first_keys_[i] = differ;
    }
    VerifiedRun run = chain;
    run.count = 0;
    for (uint32_t j = 0; j <= chain.count; ++j) {
      const bool verified =
          j < chain.count && first_keys_[j + n_ - 1] == (j == 0 ? 0 : first_keys_[j - 1]);
      if (verified) {
        if (run.count++ == 0)
          run.later_word = chain.later_word + j, run.first_word = chain.first_word + j;
        continue;
      }
      if (run.count > 0) SARING_RETURN_IF_ERROR(verified_here_.Add(run));
      run.count = 0;
    }
    return Status::Ok();
  }

  // Step 4: the verified runs back to the later records' parts.
  Status ReturnVerified() {
    RoundExchange out(ex_, round_bytes_, [&](int, std::string_view bytes) -> Status {
      return ForEachFixedRecord(bytes, 28, kGarbled, [&](ByteReader* r) -> Status {
        VerifiedRun v{};
        r->Get(&v.later), r->Get(&v.first), r->Get(&v.later_word), r->Get(&v.first_word),
            r->Get(&v.count);
        if (RecordOwner(v.later, parts_) != ex_->rank()) return Garbled("verified windows");
        return verified_.Add(v);
      });
    });
    SARING_RETURN_IF_ERROR(verified_here_.ForEachSorted([&](const VerifiedRun& v) -> Status {
      std::string* to = out.to(RecordOwner(v.later, parts_));
      Put<uint64_t>(to, v.later);
      Put<uint64_t>(to, v.first);
      Put<uint32_t>(to, v.later_word);
      Put<uint32_t>(to, v.first_word);
      Put<uint32_t>(to, v.count);
      return out.MaybeRound();
    }));
    return out.Finish();
  }

  // Step 5: verified windows, in position order, merge into pieces (as SubstringFinder's), each
  // sent to its first occurrence's part.
  Status AskPieces() {
    RoundExchange out(ex_, round_bytes_, [&](int, std::string_view bytes) -> Status {
      return ForEachFixedRecord(bytes, 28, kGarbled, [&](ByteReader* r) -> Status {
        PieceAsk p{};
        r->Get(&p.later), r->Get(&p.first), r->Get(&p.begin), r->Get(&p.end),
            r->Get(&p.first_begin);
        if (RecordOwner(p.first, parts_) != ex_->rank()) return Garbled("pieces");
        return asks_.Add(p);
      });
    });
    PieceAsk cur{};
    bool open = false;
    auto send = [&]() -> Status {
      std::string* to = out.to(RecordOwner(cur.first, parts_));
      Put<uint64_t>(to, cur.later);
      Put<uint64_t>(to, cur.first);
      Put<uint32_t>(to, cur.begin);
      Put<uint32_t>(to, cur.end);
      Put<uint32_t>(to, cur.first_begin);
      return out.MaybeRound();
    };
    // One verified window: words [word, word + n) of `later` equal those from first_word of `first`.
    auto add = [&](uint64_t later, uint32_t word, uint64_t first, uint32_t first_word) -> Status {
      const uint32_t end = word + n_;
      if (open && cur.later == later) {
        const bool continues = cur.first == first && word <= cur.end &&
                               int64_t{first_word} - word == int64_t{cur.first_begin} - cur.begin;
        if (continues || cur.end >= end) {
          cur.end = std::max(cur.end, end);
          return Status::Ok();
        }
      }
      const uint32_t begin = open && cur.later == later ? std::max(word, cur.end) : word;
      if (open) SARING_RETURN_IF_ERROR(send());
      cur = {later, first, begin, end, first_word + (begin - word), 0};
      open = true;
      return Status::Ok();
    };
    SARING_RETURN_IF_ERROR(verified_.ForEachSorted([&](const VerifiedRun& v) -> Status {
      for (uint32_t j = 0; j < v.count; ++j) {
        SARING_RETURN_IF_ERROR(add(v.later, v.later_word + j, v.first, v.first_word + j));
      }
      return Status::Ok();
    }));
    if (open) SARING_RETURN_IF_ERROR(send());
    return out.Finish();
  }

  // Step 5, continued: each piece's first occurrence resolved where it is held, and the answers
  // made into the later records' decisions.
  Result<std::vector<std::pair<uint64_t, SubstringCuts>>> Resolve() {
    SARING_RETURN_IF_ERROR(answer_ids_.Open(dir_, "substring first-occurrence ids"));
    SpillSorter<Resolved> answers(budget_ / 4, dir_, "substring resolved pieces");
    std::string id;
    RoundExchange out(ex_, round_bytes_, [&](int, std::string_view bytes) -> Status {
      ByteReader r(bytes, 0);
      while (!r.done()) {
        Resolved a{};
        if (!r.Get(&a.later) || !r.Get(&a.begin) || !r.Get(&a.end) || !r.Get(&a.known) ||
            !r.Get(&a.first_begin) || !r.Get(&a.first_end) || !r.GetString(&id) ||
            RecordOwner(a.later, parts_) != ex_->rank() || a.begin >= a.end) {
          return Garbled("resolved pieces");
        }
        a.id_at = answer_ids_.size();
        a.id_size = static_cast<uint32_t>(id.size());
        SARING_RETURN_IF_ERROR(answer_ids_.Append(id.data(), id.size()));
        SARING_RETURN_IF_ERROR(answers.Add(a));
      }
      return Status::Ok();
    });
    SARING_RETURN_IF_ERROR(asks_.ForEachSorted([&](const PieceAsk& p) -> Status {
      SARING_ASSIGN_OR_RETURN(size_t at, IndexOf(p.first));
      uint32_t first_begin = 0, first_end = 0;
      const bool known = source_ok_[at];
      id.clear();
      if (known) {
        SARING_RETURN_IF_ERROR(ReadWords(offsets_, 8, at, p.first_begin, 1, &words_));
        first_begin = static_cast<uint32_t>(words_[0]);
        SARING_RETURN_IF_ERROR(
            ReadWords(offsets_, 8, at, p.first_begin + (p.end - p.begin) - 1, 1, &words_));
        first_end = static_cast<uint32_t>(words_[0] >> 32);
        id.resize(id_start_[at + 1] - id_start_[at]);
        SARING_RETURN_IF_ERROR(ids_.ReadAt(id_start_[at], id.data(), id.size()));
      }
      std::string* to = out.to(RecordOwner(p.later, parts_));
      Put<uint64_t>(to, p.later);
      Put<uint32_t>(to, p.begin);
      Put<uint32_t>(to, p.end);
      Put<uint8_t>(to, known);
      Put<uint32_t>(to, first_begin);
      Put<uint32_t>(to, first_end);
      PutString(to, id);
      return out.MaybeRound();
    }));
    SARING_RETURN_IF_ERROR(out.Finish());
    // The pieces of one record at a time, in position order.
    std::vector<std::pair<uint64_t, SubstringCuts>> cuts;
    std::vector<Resolved> record;
    auto decide = [&]() -> Status {
      if (record.empty()) return Status::Ok();
      SARING_ASSIGN_OR_RETURN(SubstringCuts c, Cuts(record.data(), record.data() + record.size()));
      if (!c.empty()) cuts.emplace_back(record.front().later, std::move(c));
      record.clear();
      return Status::Ok();
    };
    SARING_RETURN_IF_ERROR(answers.ForEachSorted([&](const Resolved& a) -> Status {
      if (!record.empty() && record.front().later != a.later) SARING_RETURN_IF_ERROR(decide());
      record.push_back(a);
      return Status::Ok();
    }));
    SARING_RETURN_IF_ERROR(decide());
    return cuts;
  }

  // The decision of one record from its resolved pieces [p, end), as SubstringStage::Cut takes it.
  Result<SubstringCuts> Cuts(const Resolved* p, const Resolved* end) {
    SARING_ASSIGN_OR_RETURN(size_t at, IndexOf(p->later));
    const uint64_t words = word_start_[at + 1] - word_start_[at];
    SARING_RETURN_IF_ERROR(ReadWords(offsets_, 8, at, 0, words, &words_));
    auto begin_of = [&](uint32_t w) { return static_cast<uint32_t>(words_[w]); };
    auto end_of = [&](uint32_t w) { return static_cast<uint32_t>(words_[w] >> 32); };
    SubstringCuts c;
    c.decided = true;
    uint64_t cut_words = 0;
    for (const Resolved* q = p; q < end; ++q) {
      if (q->end > words) return Garbled("resolved pieces");
      if (!q->known) continue;
      const bool adjacent = q + 1 < end && q[1].begin == q->end && q[1].known;
      std::string id(q->id_size, '\0');
      SARING_RETURN_IF_ERROR(answer_ids_.ReadAt(q->id_at, id.data(), id.size()));
      c.spans.push_back({begin_of(q->begin), adjacent ? begin_of(q->end) : end_of(q->end - 1),
                         q->first_begin, q->first_end, std::move(id)});
      cut_words += q->end - q->begin;
    }
    if (cut_words > 0 && words - cut_words < n_) {
      c.removed = true;
      c.duplicate_of = c.spans.front().first_id;
      c.spans.clear();
    }
    return c;
  }

  // The position of a record of this part among its kept records.
  Result<size_t> IndexOf(uint64_t locator) const {
    auto it = std::lower_bound(locators_.begin(), locators_.end(), locator);
    if (it == locators_.end() || *it != locator) {
      return Status::Corruption(
          fmt::format("substring dedup: record {} of input {} is not a kept record of this part",
                      RecordOf(locator), InputOf(locator)));
    }
    return static_cast<size_t>(it - locators_.begin());
  }

  // Reads `count` 8-byte values of kept record `at` from word `word` (keys or offset pairs).
  Status ReadWords(const AppendFile& file, size_t width, size_t at, uint64_t word, uint64_t count,
                   std::vector<uint64_t>* out) const {
    if (word + count > word_start_[at + 1] - word_start_[at]) {
      return Status::Corruption("substring dedup: a window past the end of its record");
    }
    out->resize(count);
    return file.ReadAt((word_start_[at] + word) * width, out->data(), count * width);
  }

  const uint32_t n_;
  PartExchange* ex_;
  const int parts_;
  const std::string dir_;
  const uint64_t budget_;
  const size_t round_bytes_;
  // This part's kept records, in input order.
  std::vector<uint64_t> locators_, word_start_, id_start_;
  std::vector<uint8_t> source_ok_;  // not removed by paragraph dedup: a first occurrence
  AppendFile keys_, offsets_, ids_;
  AppendFile answer_ids_;  // the ids of resolved pieces' first occurrences
  SpillSorter<Window> windows_{budget_ / 2, dir_, "substring windows"};
  SpillSorter<Candidate> candidates_{budget_ / 4, dir_, "substring candidates"};
  SpillSorter<VerifiedRun> verified_here_{budget_ / 8, dir_, "substring verified windows"};
  SpillSorter<VerifiedRun> verified_{budget_ / 8, dir_, "substring verified windows"};
  SpillSorter<PieceAsk> asks_{budget_ / 4, dir_, "substring pieces"};
  std::vector<uint64_t> later_keys_, first_keys_, words_;
};

}  // namespace

bool RemovedByParagraphs(const SubstringSign& s, const ParagraphVerdict* first,
                         const ParagraphVerdict* last) {
  uint32_t cut = 0;
  for (const ParagraphVerdict* v = first; v < last; ++v) {
    cut += std::find(s.overlapping.begin(), s.overlapping.end(), v->index) == s.overlapping.end();
  }
  return s.kept_paragraphs > 0 && cut == s.kept_paragraphs;
}

Result<std::vector<std::pair<uint64_t, SubstringCuts>>> DecideSubstrings(
    const RunOptions& options, PartExchange* ex, const SubstringPartInput& in) {
  if (options.dedup.substring_min_words < 1) {
    return Status::InvalidArgument("dedup.substring_min_words must be at least 1");
  }
  std::string dir = options.work_dir;
  if (dir.empty()) {  // no /tmp default (docs/faults.md): OUT/work, else refused
    bool owned = false;
    SARING_ASSIGN_OR_RETURN(dir, WorkFolder(options, &owned));
  }
  SubstringPart part(options, ex, dir);
  return part.Run(in);
}

}  // namespace saring::pipeline
