#include "pipeline/partitioned_decide.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <thread>

#include "pipeline/byte_codec.h"
#include "pipeline/decider.h"
#include "pipeline/decision_files.h"
#include "pipeline/distributed.h"
#include "pipeline/stage_file.h"
#include "saring/file_util.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

// Sign records of `docs` documents spread over `inputs` inputs, with planted exact copies, near
// copies (a word or two changed) and archive matches. Returns the records per input and sets
// *first_of[id] for exact copies to the id of the first copy in input order.
std::vector<std::string> Corpus(const RunOptions& options, int docs, int inputs,
                                std::map<std::string, std::string>* first_of) {
  Result<std::unique_ptr<NearDupState>> nd = NearDupState::Create(options);
  EXPECT_TRUE(nd.ok());
  const MinHasher& hasher = (*nd)->hasher();
  std::mt19937 rng(7);
  std::vector<std::string> texts;
  std::vector<std::vector<std::string>> per_input(inputs);
  for (int n = 0; n < docs; ++n) {
    std::string text;
    int r = static_cast<int>(rng() % 10);
    if (!texts.empty() && r < 2) {
      text = texts[rng() % texts.size()];
    } else if (!texts.empty() && r < 4) {
      text = texts[rng() % texts.size()];
      text.replace(text.find(' ') + 1, 3, "zzz");
    } else {
      for (int w = 0; w < 40; ++w) {
        text += 'w';
        text += std::to_string(rng() % 3000);
        text += ' ';
      }
    }
    texts.push_back(text);
    per_input[n % inputs].push_back(text);
  }
  // Input order: every document of input 0, then input 1, ...
  std::map<std::string, std::string> first_text;
  std::vector<std::string> out(inputs);
  SignScratch scratch;
  std::vector<uint32_t> sig(hasher.num_perm()), words;
  for (int i = 0; i < inputs; ++i) {
    for (size_t k = 0; k < per_input[i].size(); ++k) {
      const std::string& t = per_input[i][k];
      std::string id = "in" + std::to_string(i) + "-" + std::to_string(k);
      auto [it, fresh] = first_text.emplace(t, id);
      if (!fresh) (*first_of)[id] = it->second;
      hasher.Sign(t, &scratch, sig.data());
      ComputeWordHashes(t, &scratch.shingle, &words);  // near_dup.verify=align aligns them
      std::string& o = out[i];
      Put<uint64_t>(&o, std::hash<std::string>()(t));
      Put<uint64_t>(&o, t.size());
      Put<int64_t>(&o, static_cast<int64_t>(k % 5));
      PutString(&o, id);
      Put<uint32_t>(&o, static_cast<uint32_t>(sig.size()));
      o.append(reinterpret_cast<const char*>(sig.data()), sig.size() * 4);
      Put<uint32_t>(&o, static_cast<uint32_t>(words.size()));
      o.append(reinterpret_cast<const char*>(words.data()), words.size() * 4);
      const bool archived = k % 97 == 5;
      Put<uint8_t>(&o, archived);
      if (archived) {
        PutString(&o, "archive-" + id);
        Put<double>(&o, 0.9);
      }
      Put<uint32_t>(&o, 0);  // no paragraphs (dedup.paragraphs off)
      Put<uint32_t>(&o, 0);  // no text (near_dup.verify is not exact)
      Put<uint32_t>(&o, 0);  // no substring words (dedup.substrings off)
    }
  }
  return out;
}

using PartResult = Result<std::vector<std::string>>;

// Runs `decide` for each of `parts` parts, one thread each; returns each part's result.
std::vector<PartResult> RunParts(int parts,
                                 const std::function<PartResult(PartExchange*)>& decide) {
  ThreadExchangeHub hub(parts);
  std::vector<PartResult> results(parts, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (int p = 0; p < parts; ++p) {
    threads.emplace_back([&, p] { results[p] = decide(hub.part(p)); });
  }
  for (std::thread& t : threads) t.join();
  return results;
}

// The decisions of every input, each from its part.
std::vector<std::string> Assemble(const std::vector<PartResult>& results, size_t inputs) {
  const size_t parts = results.size();
  std::vector<std::string> all(inputs);
  for (size_t p = 0; p < parts; ++p) {
    EXPECT_TRUE(results[p].ok()) << results[p].status().message();
    if (!results[p].ok()) return {};
    for (size_t i = p; i < inputs; i += parts) all[i] = (*results[p])[i];
  }
  return all;
}

// The decisions of every input when the records are decided by `parts` threads.
std::vector<std::string> DecideWithParts(const RunOptions& options,
                                         const std::vector<std::string>& records, int parts) {
  return Assemble(
      RunParts(parts, [&](PartExchange* ex) { return DecidePart(options, records, ex); }),
      records.size());
}

TEST(DecidePart, AnyNumberOfPartsTakesTheSameDecisions) {
  test_util::ScratchDir dir("part");
  RunOptions options;
  options.work_dir = dir.path();
  options.dedup.memory_budget_bytes = 64 << 10;
  options.near_dup.memory_budget_bytes = 256 << 10;
  std::map<std::string, std::string> first_of;
  std::vector<std::string> records = Corpus(options, 6000, 7, &first_of);
  std::vector<std::string> one = DecideWithParts(options, records, 1);
  ASSERT_EQ(one.size(), 7u);
  for (int parts : {2, 3, 4}) {
    EXPECT_EQ(DecideWithParts(options, records, parts), one) << parts << " parts";
  }
  // The budgets above make every part spill its exact-dedup hashes (96 KiB of them against 32 KiB
  // or less a part) and band keys; with room for everything in memory, the same decisions.
  RunOptions roomy = options;
  roomy.dedup.memory_budget_bytes = roomy.near_dup.memory_budget_bytes = 1ull << 30;
  EXPECT_EQ(DecideWithParts(roomy, records, 2), one) << "tables in memory";
  // The decisions say what one process says: exact copies name the first copy, near copies are
  // removed, archive matches keep their archive id.
  int exact = 0, near = 0, archived = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    ByteReader r(records[i], 0);
    size_t at = 0;
    SignRecord rec;
    DedupDecision dd;
    while (!r.done()) {
      ASSERT_TRUE(ReadSignRecord(&r, &rec));
      ASSERT_TRUE(ReadDecision(one[i], &at, &dd));
      auto it = first_of.find(rec.id);
      if (it != first_of.end()) {
        EXPECT_EQ(dd.kind, DecisionKind::kExactDuplicate) << rec.id;
        EXPECT_EQ(dd.duplicate_of, it->second);
      }
      exact += dd.kind == DecisionKind::kExactDuplicate;
      near += dd.kind == DecisionKind::kNearDuplicate;
      if (dd.kind == DecisionKind::kArchived) {
        ++archived;
        EXPECT_EQ(dd.duplicate_of, "archive-" + rec.id);
      }
      if (dd.kind == DecisionKind::kNearDuplicate) {
        EXPECT_FALSE(dd.duplicate_of.empty());
      }
    }
    EXPECT_EQ(at, one[i].size());
  }
  EXPECT_GT(exact, 800);
  EXPECT_GT(near, 500);
  EXPECT_GT(archived, 20);
}

void WriteFile(const std::string& path, const std::string& bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
  std::fclose(f);
}

TEST(DecidePart, FromFilesTheSameAsFromMemory) {
  test_util::ScratchDir dir("part");
  RunOptions options;
  options.work_dir = dir.path();
  std::map<std::string, std::string> first_of;
  std::vector<std::string> records = Corpus(options, 3000, 5, &first_of);
  for (size_t i = 0; i < records.size(); ++i) {
    WriteFile(SignFilePath(dir.path(), i), FrameStageFile(StageFileKind::kSignatures, records[i]));
  }
  std::vector<std::string> expected = DecideWithParts(options, records, 1);
  std::vector<PartResult> got = RunParts(2, [&](PartExchange* ex) {
    return DecidePartFromFolder(options, dir.path(), records.size(), ex);
  });
  EXPECT_EQ(Assemble(got, records.size()), expected);
}

TEST(SignRecordReader, StreamsAFileBlockByBlockAndSeesACutShortEnd) {
  test_util::ScratchDir dir("part");
  std::string bytes;
  std::vector<uint32_t> sig(300);
  std::vector<size_t> block_starts;
  for (int n = 0; n < 12000; ++n) {  // about 14 MB, in 12 blocks
    if (n % 1000 == 0) block_starts.push_back(bytes.size());
    for (size_t j = 0; j < sig.size(); ++j) sig[j] = static_cast<uint32_t>(n * 7919 + j);
    Put<uint64_t>(&bytes, n);
    Put<uint64_t>(&bytes, 10);
    Put<int64_t>(&bytes, -n);
    PutString(&bytes, "id" + std::to_string(n));
    Put<uint32_t>(&bytes, static_cast<uint32_t>(sig.size()));
    bytes.append(reinterpret_cast<const char*>(sig.data()), sig.size() * 4);
    Put<uint32_t>(&bytes, 0);  // no word hashes
    Put<uint8_t>(&bytes, 0);
    Put<uint32_t>(&bytes, 0);  // no paragraphs
    Put<uint32_t>(&bytes, 0);  // no text
    Put<uint32_t>(&bytes, 0);  // no substring words
  }
  block_starts.push_back(bytes.size());
  // Several blocks of whole records, as SignSink writes them.
  std::string file = StageFileHeader(StageFileKind::kSignatures);
  for (size_t b = 0; b + 1 < block_starts.size(); ++b) {
    AppendStageBlock(
        std::string_view(bytes).substr(block_starts[b], block_starts[b + 1] - block_starts[b]),
        &file);
  }
  AppendStageEnd(bytes.size(), &file);
  const std::string path = dir.Sub("one.bin");
  WriteFile(path, file);
  SignRecordReader from_file(path), from_memory(&bytes);
  SignRecord a, b;
  int n = 0;
  while (true) {
    Result<bool> more_a = from_file.Next(&a), more_b = from_memory.Next(&b);
    ASSERT_TRUE(more_a.ok() && more_b.ok());
    ASSERT_EQ(*more_a, *more_b);
    if (!*more_a) break;
    ASSERT_EQ(a.id, b.id);
    ASSERT_EQ(a.signature, b.signature);
    ASSERT_EQ(a.key, -n);
    ++n;
  }
  EXPECT_EQ(n, 12000);
  WriteFile(path, file.substr(0, file.size() - 20));
  SignRecordReader cut(path);
  Result<bool> more = true;
  while (more.ok() && *more) more = cut.Next(&a);
  ASSERT_FALSE(more.ok());
  EXPECT_NE(more.status().message().find(path), std::string::npos);
}

TEST(DecidePart, ACutShortRecordFailsEveryPartWithoutHanging) {
  test_util::ScratchDir dir("part");
  RunOptions options;
  options.work_dir = dir.path();
  std::map<std::string, std::string> first_of;
  std::vector<std::string> records = Corpus(options, 200, 4, &first_of);
  records[1].resize(records[1].size() - 3);
  std::vector<PartResult> got =
      RunParts(2, [&](PartExchange* ex) { return DecidePart(options, records, ex); });
  EXPECT_FALSE(got[0].ok());
  ASSERT_FALSE(got[1].ok());
  EXPECT_NE(got[1].status().message().find("input 1"), std::string::npos)
      << got[1].status().message();
}

// Writes `records` as the sign files of WORK/sign.
void WriteSignFiles(const std::string& work, const std::vector<std::string>& records) {
  ASSERT_TRUE(CreateDirectories(work + "/sign").ok());
  for (size_t i = 0; i < records.size(); ++i) {
    WriteFile(SignFilePath(work + "/sign", i),
              FrameStageFile(StageFileKind::kSignatures, records[i]));
  }
}

TEST(DecidePart, ToFolderWritesTheDecisionsOfMemoryAsStageFiles) {
  test_util::ScratchDir dir("part");
  RunOptions options;
  options.work_dir = dir.path();
  options.dedup.memory_budget_bytes = 64 << 10;
  std::map<std::string, std::string> first_of;
  std::vector<std::string> records = Corpus(options, 3000, 5, &first_of);
  WriteSignFiles(dir.path(), records);
  std::vector<std::string> expected = DecideWithParts(options, records, 1);
  for (int parts : {1, 3}) {
    ThreadExchangeHub hub(parts);
    std::vector<Status> status = hub.RunParts([&](int, PartExchange* ex) {
      return DecidePartToFolder(options, dir.path() + "/sign", records.size(), dir.path(), ex);
    });
    for (const Status& s : status) ASSERT_TRUE(s.ok()) << s.message();
    for (size_t i = 0; i < records.size(); ++i) {
      Result<std::string> got =
          ReadStageFile(StageFileKind::kDecisions, DecisionFilePath(dir.path(), i));
      ASSERT_TRUE(got.ok()) << got.status().message();
      EXPECT_EQ(*got, expected[i]) << "input " << i << ", " << parts << " parts";
      // Read back decision by decision, as the writing pass does.
      DecisionReader from_file(DecisionFilePath(dir.path(), i)), from_memory(&expected[i]);
      DedupDecision a, b;
      for (;;) {
        Result<bool> more_a = from_file.Next(&a), more_b = from_memory.Next(&b);
        ASSERT_TRUE(more_a.ok() && more_b.ok());
        ASSERT_EQ(*more_a, *more_b);
        if (!*more_a) break;
        ASSERT_EQ(a.kind, b.kind);
        ASSERT_EQ(a.duplicate_of, b.duplicate_of);
      }
      EXPECT_EQ(from_file.consumed(), expected[i].size());
    }
  }
}

TEST(DecisionReader, ReadsBlocksAndRefusesADecisionCutAcrossThem) {
  test_util::ScratchDir dir("part");
  std::string bytes;
  std::vector<size_t> starts;
  DedupDecision d;
  for (int n = 0; n < 3000; ++n) {
    if (n % 700 == 0) starts.push_back(bytes.size());
    d.kind = n % 3 == 0 ? DecisionKind::kExactDuplicate : DecisionKind::kKept;
    d.duplicate_of = n % 3 == 0 ? "doc-" + std::to_string(n / 3) : "";
    d.cluster_id = static_cast<uint64_t>(n);
    AppendDecision(d, &bytes);
  }
  starts.push_back(bytes.size());
  const std::string path = dir.Sub("00000.bin");
  {
    StageFileAppender out(path, StageFileKind::kDecisions);
    for (size_t b = 0; b + 1 < starts.size(); ++b) {
      ASSERT_TRUE(
          out.Append(std::string_view(bytes).substr(starts[b], starts[b + 1] - starts[b])).ok());
    }
    ASSERT_TRUE(out.Finish().ok());
  }
  DecisionReader r(path);
  int n = 0;
  for (Result<bool> more = r.Next(&d); more.ok() && *more; more = r.Next(&d), ++n) {
    ASSERT_EQ(d.cluster_id, static_cast<uint64_t>(n));
  }
  EXPECT_EQ(n, 3000);
  Result<bool> end = r.AtEnd();
  ASSERT_TRUE(end.ok() && *end);
  // A block boundary inside a decision is corruption, named by the file.
  {
    StageFileAppender out(path, StageFileKind::kDecisions);
    ASSERT_TRUE(out.Append(std::string_view(bytes).substr(0, 1000)).ok());
    ASSERT_TRUE(out.Append(std::string_view(bytes).substr(1000)).ok());
    ASSERT_TRUE(out.Finish().ok());
  }
  DecisionReader split(path);
  Result<bool> more = true;
  while (more.ok() && *more) more = split.Next(&d);
  ASSERT_FALSE(more.ok());
  EXPECT_NE(more.status().message().find(path), std::string::npos);
}

// Part 0 writes the index after the last exchange, when the other parts have nothing left to
// send: when it fails there, every part fails, naming it, instead of the others succeeding.
TEST(DecidePart, APartFailingToWriteTheIndexFailsEveryPart) {
  test_util::ScratchDir dir("part");
  RunOptions options;
  options.work_dir = dir.path();
  std::map<std::string, std::string> first_of;
  std::vector<std::string> records = Corpus(options, 400, 4, &first_of);
  WriteSignFiles(dir.path(), records);
  WriteFile(dir.Sub("a-file"), "not a folder");
  options.build_index = dir.Sub("a-file") + "/index.sdx";  // cannot be written
  for (int parts : {1, 2, 4}) {
    // Threads on one hub, and processes (here threads) exchanging through a folder.
    ThreadExchangeHub hub(parts);
    std::vector<Status> on_hub = hub.RunParts([&](int, PartExchange* ex) {
      return DecidePartToFolder(options, dir.path() + "/sign", records.size(), dir.path(), ex);
    });
    std::vector<Status> through_folder(parts, Status::Ok());
    std::vector<std::thread> threads;
    for (int p = 0; p < parts; ++p) {
      threads.emplace_back([&, p] {
        through_folder[p] = ClusterToFolder(options, dir.path(), records.size(), p, parts);
      });
    }
    for (std::thread& t : threads) t.join();
    for (const std::vector<Status>* got : {&on_hub, &through_folder}) {
      ASSERT_FALSE((*got)[0].ok()) << parts << " parts";
      EXPECT_NE((*got)[0].message().find("index.sdx"), std::string::npos) << (*got)[0].message();
      for (int p = 1; p < parts; ++p) {
        ASSERT_FALSE((*got)[p].ok()) << "part " << p << " of " << parts;
        EXPECT_EQ((*got)[p].code(), StatusCode::kAborted);
        // "part 0/P failed" from the agreement, or "partition 0/P failed" when the folder
        // exchange sees part 0's failure file first: which one comes first is a race.
        EXPECT_NE((*got)[p].message().find(fmt::format(" 0/{} failed", parts)), std::string::npos)
            << (*got)[p].message();
        EXPECT_NE((*got)[p].message().find("index.sdx"), std::string::npos);
      }
    }
    std::filesystem::remove_all(dir.path() + "/exchange");
  }
  // With a writable index path, every part succeeds and part 0 wrote it.
  options.build_index = dir.Sub("index.sdx");
  ThreadExchangeHub hub(3);
  for (const Status& s : hub.RunParts([&](int, PartExchange* ex) {
         return DecidePartToFolder(options, dir.path() + "/sign", records.size(), dir.path(), ex);
       })) {
    EXPECT_TRUE(s.ok()) << s.message();
  }
  EXPECT_TRUE(std::filesystem::exists(options.build_index));
}

}  // namespace
}  // namespace saring::pipeline
