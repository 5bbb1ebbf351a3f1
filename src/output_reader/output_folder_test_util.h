// Test helpers for the output_reader, explain and report modules: scratch folders and hand-built saring output folders
// (shards written with CompressFrame + ShardWriter, a stats.json written as given). Test-only.
#ifndef SARING_OUTPUT_READER_OUTPUT_FOLDER_TEST_UTIL_H_
#define SARING_OUTPUT_READER_OUTPUT_FOLDER_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "saring/shard_writer.h"
#include "util/scratch_dir.h"

namespace saring::report_test {

// A fresh folder under $SARING_TEST_TMPDIR (or /tmp), removed with its content on destruction.
class ScratchDir : public test_util::ScratchDir {
 public:
  ScratchDir() : test_util::ScratchDir("report") {}
};

// Writes `lines` (JSON records, one per line) into DIR/<sub>/part-00000.jsonl.zst, `per_frame`
// records per zstd frame, and a new shard every `per_shard` frames' worth of bytes if small.
inline void WriteShards(const std::string& dir, const std::string& sub,
                        const std::vector<std::string>& lines, size_t per_frame = 2,
                        uint64_t max_shard_bytes = 256ull << 20) {
  ShardWriterOptions options;
  options.fsync = false;
  options.max_shard_bytes = max_shard_bytes;
  Result<std::unique_ptr<ShardWriter>> writer = ShardWriter::Open(dir + "/" + sub, options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (size_t i = 0; i < lines.size(); i += per_frame) {
    std::string jsonl, frame;
    size_t n = 0;
    for (size_t k = i; k < lines.size() && k < i + per_frame; ++k, ++n) jsonl += lines[k] + "\n";
    ASSERT_TRUE(CompressFrame(jsonl, 3, &frame).ok());
    ASSERT_TRUE((*writer)->Append(frame, n).ok());
  }
  ASSERT_TRUE((*writer)->Finish().ok());
}

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// `s` as a JSON string literal (the fixtures hold no characters other than these to escape).
inline std::string J(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Paragraphs of the sample folder.
inline const std::string kP0 =
    "Harga cabai rawit merah di pasar tradisional naik tajam minggu ini.\n";
inline const std::string kP1 = "Pedagang mengatakan pasokan dari petani berkurang karena hujan.\n";
inline const std::string kShared =
    "Pemerintah daerah menyiapkan operasi pasar murah di tiga kecamatan.\n";
inline const std::string kCredit = "(ant)\n";
inline const std::string kK2Head = "Berita lain hari ini.\n";
inline const std::string kFooter = "Ikuti kami di media sosial untuk kabar terbaru.\n";

// A small output folder exercising every record kind the report and explain understand:
//  kept:   k-1 (two spans: a duplicated paragraph of k-2, a credit line; language id; cluster
//          head of cluster 7), k-2 (a boilerplate_template span), k-3 (plain, language ms)
//  removed: n-1 / n-2 near-duplicates of k-1 (cluster 7, size 3), q-1 quality, l-1 language,
//          e-1 exact duplicate of k-3
//  quarantine: bad-1 (raw), bad-2 (raw_base64)
// The stats.json matches these records.
inline void WriteSampleFolder(const std::string& dir) {
  size_t shared_at = kP0.size(), credit_at = kP0.size() + kShared.size() + kP1.size();
  std::string k1 = "{\"id\":\"k-1\",\"text\":" + J(kP0 + kP1) +
                   ",\"metadata\":{\"saring\":{\"removed_spans\":[" +
                   "{\"begin\":" + std::to_string(shared_at) +
                   ",\"end\":" + std::to_string(shared_at + kShared.size()) +
                   ",\"reason\":\"duplicate_paragraph\",\"text\":" + J(kShared) +
                   ",\"duplicate_of\":{\"id\":\"k-2\",\"begin\":" + std::to_string(kK2Head.size()) +
                   ",\"end\":" + std::to_string(kK2Head.size() + kShared.size()) + "}}," +
                   "{\"begin\":" + std::to_string(credit_at) +
                   ",\"end\":" + std::to_string(credit_at + kCredit.size()) +
                   ",\"reason\":\"credit_line\",\"text\":" + J(kCredit) + "}]," +
                   "\"language\":{\"code\":\"id\",\"score\":0.93,\"runner_up\":\"ms\",\"runner_up_"
                   "score\":0.05}," +
                   "\"cluster\":{\"id\":7,\"size\":3}}}}";
  size_t footer_at = kK2Head.size() + kShared.size();
  std::string k2 = "{\"id\":\"k-2\",\"text\":" + J(kK2Head + kShared) +
                   ",\"metadata\":{\"saring\":{\"removed_spans\":[" +
                   "{\"begin\":" + std::to_string(footer_at) +
                   ",\"end\":" + std::to_string(footer_at + kFooter.size()) +
                   ",\"reason\":\"boilerplate_template\",\"evidence\":\"Ikuti kami di media sosial "
                   "*\",\"text\":" +
                   J(kFooter) + "}],\"language\":{\"code\":\"id\",\"score\":0.9}}}}";
  std::string k3 =
      "{\"id\":\"k-3\",\"text\":\"Satu dokumen "
      "pendek.\",\"metadata\":{\"saring\":{\"language\":{\"code\":\"ms\",\"score\":0.7}}}}";
  WriteShards(dir, "kept", {k1, k2, k3});
  std::string n1_text =
      "Harga cabai rawit merah di pasar tradisional naik drastis minggu ini.\n" + kP1;
  std::string n2_text = kP0 + "Pedagang mengatakan pasokan dari petani berkurang karena kemarau.\n";
  WriteShards(dir, "removed",
              {
                  "{\"id\":\"n-1\",\"text\":" + J(n1_text) +
                      ",\"metadata\":{\"saring\":{\"reason\":\"near_duplicate\",\"duplicate_of\":"
                      "\"k-1\",\"similarity\":0.9,\"similarity_kind\":\"estimated\",\"cluster_id\":"
                      "7,\"cluster_size\":3}}}",
                  "{\"id\":\"q-1\",\"text\":\"terlalu "
                  "pendek\",\"metadata\":{\"saring\":{\"reason\":\"quality\",\"rule\":\"gopher."
                  "word_count\",\"value\":12,\"threshold\":50}}}",
                  "{\"id\":\"n-2\",\"text\":" + J(n2_text) +
                      ",\"metadata\":{\"saring\":{\"reason\":\"near_duplicate\",\"duplicate_of\":"
                      "\"k-1\",\"similarity\":0.85,\"similarity_kind\":\"exact\",\"cluster_id\":7,"
                      "\"cluster_size\":3}}}",
                  "{\"id\":\"l-1\",\"text\":\"Saya suka makan nasi "
                  "lemak.\",\"metadata\":{\"saring\":{\"reason\":\"language\",\"language\":{"
                  "\"code\":\"ms\",\"score\":0.81,\"reliable\":true}}}}",
                  "{\"id\":\"e-1\",\"text\":\"Satu dokumen "
                  "pendek.\",\"metadata\":{\"saring\":{\"reason\":\"exact_duplicate\",\"duplicate_"
                  "of\":\"k-3\"}}}",
              });
  WriteShards(dir, "quarantine",
              {
                  "{\"file\":\"in/"
                  "a.jsonl\",\"line\":4,\"byte_offset\":300,\"error\":\"malformed_json\","
                  "\"message\":\"in/a.jsonl line 4 (byte 300): not JSON\",\"length\":29,\"raw\":" +
                      J("{\"id\": \"bad-1\", \"text\": broken") + "}",
                  // base64 of {"id":"bad-2","text":"\xff"}
                  "{\"file\":\"in/"
                  "a.jsonl\",\"line\":9,\"byte_offset\":700,\"error\":\"invalid_utf8\",\"message\":"
                  "\"in/a.jsonl line 9 (byte 700): not "
                  "UTF-8\",\"length\":26,\"raw_base64\":\"eyJpZCI6ImJhZC0yIiwidGV4dCI6Iv8ifQ==\"}",
              });
  WriteText(dir + "/stats.json", R"({
  "format": "saring-stats/1",
  "totals": {"records": 10, "kept": 3, "removed": {"exact_duplicate": 1, "language": 1, "near_duplicate": 2, "quality": 1},
             "quarantined": {"invalid_utf8": 1, "malformed_json": 1}, "removed_total": 5, "quarantined_total": 2,
             "bytes_in": 98765, "bytes_kept": 4321, "balanced": true},
  "spans_removed": {"boilerplate_template": {"spans": 1, "bytes": 48}, "credit_line": {"spans": 1, "bytes": 6},
                    "duplicate_paragraph": {"spans": 1, "bytes": 68}},
  "documents_with_spans_removed": 2,
  "stage_removed": {"exact_dedup": 1, "near_dedup": 2, "quality": 1, "language": 1},
  "filters": {"language": {"checked": 9, "removed": 1, "by_cause": {"ms": 1}},
              "quality": {"checked": 8, "removed": 1, "by_cause": {"gopher.word_count": 1, "gopher.repetition": 0}}},
  "languages": {"id": 2, "ms": 1},
  "warnings": [{"kind": "filter_removes_nothing", "message": "filter gopher.repetition removed nothing"}],
  "files": [{"path": "in/a.jsonl", "records": 10, "kept": 3,
             "removed": {"exact_duplicate": 1, "language": 1, "near_duplicate": 2, "quality": 1},
             "quarantined": {"invalid_utf8": 1, "malformed_json": 1}, "removed_total": 5,
             "quarantined_total": 2, "bytes_in": 98765, "bytes_kept": 4321, "balanced": true, "blank_lines": 0, "errors": []}]
})");
  WriteText(dir + "/run-info.json",
            R"({"tool": "saring test", "seconds": 1.5, "inputs": ["in/a.jsonl"]})");
}

}  // namespace saring::report_test

#endif  // SARING_OUTPUT_READER_OUTPUT_FOLDER_TEST_UTIL_H_
