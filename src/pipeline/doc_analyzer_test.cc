#include "pipeline/doc_analyzer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/analysis_cache.h"
#include "pipeline/record_encoder.h"
#include "saring/record_reader.h"

namespace saring::pipeline {
namespace {

// The byte-at-a-time definition the vector path must reproduce.
std::string FoldReference(std::string_view in) {
  std::string out(in);
  for (char& c : out) {
    if (c >= '1' && c <= '9') c = '0';
  }
  return out;
}

TEST(FoldDigitsToZero, EveryByteValueAtEveryPositionOfABlock) {
  // 256 values, each placed at every offset of 16-byte blocks and of the scalar tail.
  for (size_t length : {0, 1, 15, 16, 17, 31, 32, 33, 47, 64, 257}) {
    for (int v = 0; v < 256; ++v) {
      std::string in(length, 'x');
      for (size_t i = 0; i < length; i += 3) in[i] = static_cast<char>(v);
      std::string out(length, '\0');
      FoldDigitsToZero(in, out.data());
      ASSERT_EQ(out, FoldReference(in)) << "length " << length << " byte " << v;
    }
  }
}

TEST(FoldDigitsToZero, FoldsOnlyAsciiDigitsInRealText) {
  const std::string in =
      "berita 17 agustus 2025 pukul 09.30 wib: harga naik 3,5 persen (rp 1.250) ¹²³ ١٢٣";
  std::string out(in.size(), '\0');
  FoldDigitsToZero(in, out.data());
  EXPECT_EQ(out,
            "berita 00 agustus 0000 pukul 00.00 wib: harga naik 0,0 persen (rp 0.000) ¹²³ ١٢٣");
}

TEST(FoldDigitsToZero, InPlace) {
  std::string s = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9";
  const std::string expected = FoldReference(s);
  FoldDigitsToZero(s, s.data());
  EXPECT_EQ(s, expected);
}

// The final pass restores a JSONL record from the signing pass's spill without parsing it: the
// record must encode to the same bytes as when it is parsed and analysed, whatever the shape of
// its metadata, with and without cut spans, escapes in the text, a generated id.
TEST(DocAnalyzerRestore, EncodesAsTheParsedRecordDoes) {
  const std::vector<std::string> lines = {
      R"({"id":"a1","text":"Lead paragraph of the story.\n\nLead paragraph of the story.\n\nAnother paragraph follows here.","metadata":{"source":"x"}})",
      R"({"id":7,"text":"Caf\u00e9 \"quoted\" words.\n(esn/indo)\nThe rest of the article.","metadata":{"saring":{"old":1},"k":2}})",
      R"({"id":"n","text":"Plain text without anything to cut at all.","metadata":null})",
      R"({"id":"o","text":"Plain text, metadata not an object.","metadata":"str","saring":{"x":1}})",
      R"({"text":"No id and no metadata here.\n\nNo id and no metadata here."})",
      R"({ "id" : "s" , "text" : "Spaced out record." , "metadata" : { } })",
  };
  RunOptions options;
  const AnalyzerConfig config = AnalyzerConfig::From(options, nullptr, nullptr);
  DocAnalyzer analyzer(config);
  const InputSpec spec{"/data/news.jsonl", InputKind::kJsonl, {"/data/news.jsonl"}};
  size_t with_spans = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string padded = lines[i] + std::string(kRecordPadding, '\0');
    const std::string_view raw(padded.data(), lines[i].size());
    RecordRef ref;
    ref.line = i + 1;
    ref.length = raw.size();
    ref.full_length = raw.size();
    DocWork analysed;
    analyzer.Analyze(spec, ref, raw, AnalysisDepth::kFull, &analysed);
    ASSERT_EQ(analysed.fate, DocFate::kKept) << lines[i];
    with_spans += !analysed.repair.removed.empty();
    std::string spill;
    PutAnalysis(analysed, raw, &spill);

    std::string_view cached = spill;
    DocWork restored;
    ASSERT_TRUE(analyzer.Restore(spec, ref, raw, &cached, &restored)) << lines[i];
    EXPECT_TRUE(cached.empty());
    EXPECT_EQ(restored.parsed.id, analysed.parsed.id);
    EXPECT_EQ(restored.text_bytes, analysed.text.size());
    std::string want, got;
    EncodeKept(analysed, raw, &want);
    EncodeKept(restored, raw, &got);
    EXPECT_EQ(got, want) << lines[i];
    std::string want_removed, got_removed;
    analysed.fate = restored.fate = DocFate::kRemoved;
    analysed.reason = restored.reason = RemovalReason::kExactDuplicate;
    EncodeRemoved(analysed, raw, &want_removed);
    EncodeRemoved(restored, raw, &got_removed);
    EXPECT_EQ(got_removed, want_removed) << lines[i];

    // The same length with one byte changed is another record: refused.
    std::string changed = padded;
    changed[lines[i].find("text") + 8] ^= 0x01;
    cached = spill;
    DocWork other;
    EXPECT_FALSE(
        analyzer.Restore(spec, ref, std::string_view(changed.data(), raw.size()), &cached, &other))
        << lines[i];
  }
  EXPECT_GE(with_spans, 3u);  // the decode-the-text path is exercised
}

}  // namespace
}  // namespace saring::pipeline
