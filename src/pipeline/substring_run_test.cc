// substring dedup inside saring::Run, checked against the suffix-array reference
// (substring_test_util.h) on what the run writes: the words inside duplicate_substring spans.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/io_test_util.h"
#include "pipeline/substring_test_util.h"
#include "saring/run.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

struct OutRecord {
  std::string id, text, reason, duplicate_of;
  struct Span {
    uint32_t begin, end;
    std::string reason, dup_id;
    uint32_t dup_begin, dup_end;
  };
  std::vector<Span> spans;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every record of DIR/<sub>/*.jsonl.zst, in shard order; *raw gets the decompressed bytes.
std::vector<OutRecord> ReadOutput(const std::string& dir, const char* sub, std::string* raw) {
  std::vector<std::string> shards;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/" + sub))
    shards.push_back(e.path());
  std::sort(shards.begin(), shards.end());
  std::vector<OutRecord> out;
  simdjson::dom::parser parser;
  for (const std::string& s : shards) {
    std::string lines = io_test::ZstdDecodeAll(ReadAll(s));
    raw->append(lines);
    size_t at = 0;
    while (at < lines.size()) {
      size_t nl = lines.find('\n', at);
      simdjson::dom::element r = parser.parse(lines.substr(at, nl - at));
      at = nl + 1;
      OutRecord rec;
      rec.id = std::string(r["id"].get_string().value());
      rec.text = std::string(r["text"].get_string().value());
      simdjson::dom::element saring = r["metadata"]["saring"];
      if (auto reason = saring["reason"]; !reason.error())
        rec.reason = std::string(reason.get_string().value());
      if (auto dup = saring["duplicate_of"]; !dup.error() && dup.is_string()) {
        rec.duplicate_of = std::string(dup.get_string().value());
      }
      if (auto spans = saring["removed_spans"]; !spans.error()) {
        for (simdjson::dom::element s : spans.get_array()) {
          OutRecord::Span span{static_cast<uint32_t>(s["begin"].get_uint64().value()),
                               static_cast<uint32_t>(s["end"].get_uint64().value()),
                               std::string(s["reason"].get_string().value()),
                               "",
                               0,
                               0};
          if (auto d = s["duplicate_of"]; !d.error()) {
            span.dup_id = std::string(d["id"].get_string().value());
            span.dup_begin = static_cast<uint32_t>(d["begin"].get_uint64().value());
            span.dup_end = static_cast<uint32_t>(d["end"].get_uint64().value());
          }
          rec.spans.push_back(span);
        }
      }
      out.push_back(std::move(rec));
    }
  }
  return out;
}

// Writes the texts as JSONL documents d0, d1, ...
std::string WriteCorpus(const std::string& dir, const std::vector<std::string>& texts) {
  std::string path = dir + "/in.jsonl", data;
  for (size_t i = 0; i < texts.size(); ++i) {
    data += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"";
    for (char c : texts[i]) {
      if (c == '\n') data += "\\n";
      else if (c == '\t') data += "\\t";
      else data.push_back(c);
    }
    data += "\"}\n";
  }
  std::ofstream(path, std::ios::binary) << data;
  return path;
}

// Word begin/end offsets of an ASCII text (letters and digits; as ReferenceWords splits).
std::vector<std::pair<uint32_t, uint32_t>> WordOffsets(const std::string& t) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (uint32_t i = 0; i < t.size();) {
    if (!std::isalnum(static_cast<unsigned char>(t[i]))) {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < t.size() && std::isalnum(static_cast<unsigned char>(t[j]))) ++j;
    out.push_back({i, j});
    i = j;
  }
  return out;
}

struct RunOutput {
  std::string kept_bytes, removed_bytes;
  std::vector<OutRecord> kept, removed;
};

RunOutput RunCorpus(const std::string& input, const std::string& out, uint32_t n, bool near_dup,
                    unsigned threads, uint64_t budget) {
  RunOptions o;
  o.inputs = {input};
  o.output_dir = out;
  o.overwrite = true;
  o.output.fsync = false;
  o.repair.enabled = false;
  o.near_dup.enabled = near_dup;
  o.threads = threads;
  o.dedup.substrings = true;
  o.dedup.substring_min_words = n;
  o.dedup.substring_memory_budget_bytes = budget;
  o.reader.batch_bytes = 4096;  // many batches
  Result<RunResult> r = Run(o, RunHooks{});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  RunOutput got;
  got.kept = ReadOutput(out, "kept", &got.kept_bytes);
  got.removed = ReadOutput(out, "removed", &got.removed_bytes);
  return got;
}

#ifdef SARING_HAVE_DIVSUFSORT
TEST(SubstringRun, CutWordsEqualTheSuffixArrayReference) {
  test_util::ScratchDir dir("substr-run");
  for (uint32_t seed : {3u, 11u}) {
    for (bool near_dup : {false, true}) {
      const uint32_t n = 8 + seed;
      std::vector<std::string> texts = test_util::CopiedPassageCorpus(seed, 150, n);
      std::string input = WriteCorpus(dir.path(), texts);
      RunOutput base = RunCorpus(input, dir.Sub("out"), n, near_dup, 1, 256 << 20);
      // The reference sees the documents the other stages kept (near-dup may remove some).
      std::set<uint32_t> gone;
      for (const OutRecord& r : base.removed) {
        if (r.reason != "duplicate_substrings")
          gone.insert(static_cast<uint32_t>(std::stoul(r.id.substr(1))));
      }
      std::vector<uint32_t> docs;  // reference document -> input document
      std::vector<std::vector<std::string>> ref_words;
      for (uint32_t i = 0; i < texts.size(); ++i) {
        if (gone.count(i)) continue;
        docs.push_back(i);
        ref_words.push_back(test_util::ReferenceWords(texts[i]));
      }
      std::set<std::pair<uint32_t, uint32_t>> expected;
      for (const auto& [d, w] : test_util::ReferenceCuts(ref_words, n))
        expected.insert({docs[d], w});
      ASSERT_FALSE(expected.empty());
      // What the run cut: words inside duplicate_substring spans, and every word of a document it
      // removed as duplicate_substrings (which then must have fewer than n words left).
      std::set<std::pair<uint32_t, uint32_t>> got;
      for (const OutRecord& r : base.kept) {
        const uint32_t d = static_cast<uint32_t>(std::stoul(r.id.substr(1)));
        const std::vector<std::pair<uint32_t, uint32_t>> words = WordOffsets(texts[d]);
        for (const OutRecord::Span& s : r.spans) {
          ASSERT_EQ(s.reason, "duplicate_substring");
          for (uint32_t w = 0; w < words.size(); ++w) {
            if (words[w].first >= s.begin && words[w].second <= s.end) got.insert({d, w});
          }
          // The span repeats its first occurrence, word for word.
          const uint32_t src = static_cast<uint32_t>(std::stoul(s.dup_id.substr(1)));
          ASSERT_LE(src, d);
          EXPECT_EQ(
              test_util::ReferenceWords(texts[d].substr(s.begin, s.end - s.begin)),
              test_util::ReferenceWords(texts[src].substr(s.dup_begin, s.dup_end - s.dup_begin)));
        }
      }
      for (const OutRecord& r : base.removed) {
        if (r.reason != "duplicate_substrings") continue;
        const uint32_t d = static_cast<uint32_t>(std::stoul(r.id.substr(1)));
        const size_t words = test_util::ReferenceWords(texts[d]).size();
        size_t cut = 0;
        for (const auto& [ed, w] : expected) cut += ed == d;
        EXPECT_LT(words - cut, n) << r.id;
        for (const auto& [ed, w] : expected) {
          if (ed == d) got.insert({ed, w});
        }
      }
      EXPECT_EQ(got, expected) << "seed " << seed << " near_dup " << near_dup;
      // Byte-identical at 2 and 8 threads with a tiny budget (spill files, split partitions).
      for (unsigned threads : {2u, 8u}) {
        RunOutput small = RunCorpus(input, dir.Sub("out"), n, near_dup, threads, 1);
        EXPECT_EQ(small.kept_bytes, base.kept_bytes) << "threads " << threads;
        EXPECT_EQ(small.removed_bytes, base.removed_bytes) << "threads " << threads;
      }
    }
  }
}
#endif

}  // namespace
}  // namespace saring::pipeline
