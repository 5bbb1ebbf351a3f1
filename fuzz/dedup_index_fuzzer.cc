// Fuzz target: the near-duplicate index file reader (include/saring/dedup_index.h,
// docs/formats/dedup-index.md).
//
// DedupIndex::Load reads a path, so every input is written to a scratch file first (under
// $TMPDIR, one folder per process). The first byte picks a mode:
//  0  the bytes are the file;
//  1  the bytes are the file with both checksums recomputed, so that the fuzzer gets past them
//     and reaches the size, parameter and band-table checks;
//  2  a valid index is built from fuzzed parameters, ids, signatures and (half of the time) word
//     hashes, written, loaded back (it must load and equal what was built, and every document
//     must find itself, by the estimate and by an aligned query), and then
//     damaged by a flipped byte, a truncation or appended bytes: the damaged file must be
//     rejected with Corruption.
// Properties in every mode: Load never crashes; any non-OK status is Corruption (the file
// exists and is readable); a loaded index survives queries (its own signatures, altered ones, a
// zero one; aligned queries with a document's words), and every answer names a document of the
// index; Write then Load gives it back.
#include <fuzzer/FuzzedDataProvider.h>
#include <stdlib.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "saring/dedup_index.h"
#include "saring/status.h"

namespace {

using saring::DedupIndex;

// Header bytes of format version 2, and of version 3 (docs/formats/dedup-index.md).
constexpr size_t kHeaderBytesV2 = 80;
constexpr size_t kHeaderBytesV3 = 88;

// A folder of this process's scratch files, removed at exit.
const std::string& ScratchDir() {
  static const std::string dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string templ =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/saring-dedup-fuzz-XXXXXX";
    SARING_FUZZ_CHECK(mkdtemp(templ.data()) != nullptr, "cannot create a scratch folder");
    return templ;
  }();
  return dir;
}

void RemoveScratch() {
  for (const char* name : {"/index.sdx", "/copy.sdx"}) std::remove((ScratchDir() + name).c_str());
  rmdir(ScratchDir().c_str());
}

std::string ScratchPath(const char* name) {
  // ScratchDir() first: its string must be destroyed after RemoveScratch runs.
  static const bool registered = (ScratchDir(), std::atexit(RemoveScratch), true);
  (void)registered;
  return ScratchDir() + "/" + name;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  SARING_FUZZ_CHECK(f != nullptr, "cannot write a scratch file");
  SARING_FUZZ_CHECK(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size(), "short write");
  SARING_FUZZ_CHECK(std::fclose(f) == 0, "cannot close a scratch file");
}

std::string ReadFile(const std::string& path) {
  std::string bytes;
  FILE* f = std::fopen(path.c_str(), "rb");
  SARING_FUZZ_CHECK(f != nullptr, "cannot read a scratch file");
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof(buf), f)) > 0;) bytes.append(buf, n);
  std::fclose(f);
  return bytes;
}

// Recomputes the body and header checksums of a candidate file (mode 1).
void FixChecksums(std::string* file) {
  if (file->size() < kHeaderBytesV2) return;
  const size_t header_bytes = (*file)[8] == 2 ? kHeaderBytesV2 : kHeaderBytesV3;
  if (file->size() < header_bytes) return;
  const uint64_t body = XXH3_64bits(file->data() + header_bytes, file->size() - header_bytes);
  std::memcpy(file->data() + 56, &body, 8);
  const uint64_t header = XXH3_64bits(file->data(), 64);
  std::memcpy(file->data() + 64, &header, 8);
}

bool SameIndex(const DedupIndex& a, const DedupIndex& b) {
  if (!(a.params() == b.params()) || a.size() != b.size() || a.has_words() != b.has_words()) {
    return false;
  }
  for (uint64_t i = 0; i < a.size(); ++i) {
    if (a.id(i) != b.id(i) ||
        std::memcmp(a.signature(i), b.signature(i), a.params().num_perm * 4) != 0 ||
        !std::ranges::equal(a.words(i), b.words(i))) {
      return false;
    }
  }
  return true;
}

// Queries `signature` and checks that the answer names a document of the index.
void CheckQuery(const DedupIndex& index, const uint32_t* signature, double threshold) {
  std::vector<uint32_t> scratch;
  const DedupIndex::Match m = index.Query(signature, threshold, &scratch);
  if (!m.found) return;
  SARING_FUZZ_CHECK(m.position < index.size() && m.id == index.id(m.position), "match position");
  SARING_FUZZ_CHECK(m.similarity >= threshold && m.similarity <= 1.0, "match similarity");
}

// An aligned query (near_dup.verify=align) of `signature` with `words`; the answer must name a
// document of the index, similar by the thresholds.
void CheckAlignedQuery(const DedupIndex& index, const uint32_t* signature,
                       std::span<const uint32_t> words) {
  DedupIndex::AlignScratch scratch;
  const saring::DedupIndexAlign align;
  const DedupIndex::Match m = index.Query(signature, words, align, &scratch);
  if (!m.found) return;
  SARING_FUZZ_CHECK(m.position < index.size() && m.id == index.id(m.position),
                    "aligned match position");
  SARING_FUZZ_CHECK(
      m.similarity <= 1.0 && (m.similarity >= align.aligned || m.similarity >= align.containment),
      "aligned match similarity");
}

// Queries a few stored signatures, the same with one value changed, and an all-zero one.
void CheckQueries(const DedupIndex& index) {
  const uint32_t k = index.params().num_perm;
  std::vector<uint32_t> probe(k, 0);
  CheckQuery(index, probe.data(), 0.0);
  CheckAlignedQuery(index, probe.data(), {});
  for (uint64_t i = 0; i < index.size() && i < 16; ++i) {
    CheckQuery(index, index.signature(i), 1.0);
    CheckAlignedQuery(index, index.signature(i), index.words(i));
    CheckAlignedQuery(index, index.signature(i), index.words(index.size() - 1 - i));
    probe.assign(index.signature(i), index.signature(i) + k);
    probe[i % k] ^= 1;
    CheckQuery(index, probe.data(), 0.5);
  }
}

// Write, then Load, must give the same index.
void CheckRewrite(const DedupIndex& index) {
  const std::string copy = ScratchPath("copy.sdx");
  SARING_FUZZ_CHECK(index.Write(copy).ok(), "cannot write a loaded index");
  saring::Result<DedupIndex> again = DedupIndex::Load(copy);
  SARING_FUZZ_CHECK(again.ok() && SameIndex(index, *again), "Write/Load round trip");
}

// Loads `bytes` as a file; returns the index if it loaded.
saring::Result<DedupIndex> LoadBytes(const std::string& bytes) {
  const std::string path = ScratchPath("index.sdx");
  WriteFile(path, bytes);
  saring::Result<DedupIndex> index = DedupIndex::Load(path);
  if (!index.ok()) {
    SARING_FUZZ_CHECK(index.status().code() == saring::StatusCode::kCorruption,
                      "a readable file was rejected with a code other than Corruption");
  }
  return index;
}

void FuzzFileBytes(FuzzedDataProvider* fdp, bool fix_checksums) {
  std::string bytes = fdp->ConsumeRemainingBytesAsString();
  if (fix_checksums) FixChecksums(&bytes);
  saring::Result<DedupIndex> index = LoadBytes(bytes);
  if (!index.ok()) return;
  CheckQueries(*index);
  CheckRewrite(*index);
}

// An index built from fuzzed parameters, ids and signatures; Build must accept them.
DedupIndex BuildFromFuzz(FuzzedDataProvider* fdp) {
  saring::DedupIndexParams params;
  params.hash_id = 1;
  params.seed = fdp->ConsumeIntegral<uint64_t>();
  params.num_perm = fdp->ConsumeIntegralInRange<uint32_t>(1, 16);
  params.bands = fdp->ConsumeIntegralInRange<uint32_t>(1, params.num_perm);
  params.rows = fdp->ConsumeIntegralInRange<uint32_t>(1, params.num_perm / params.bands);
  params.ngram = fdp->ConsumeIntegralInRange<uint32_t>(1, 9);
  params.char_ngrams = fdp->ConsumeBool();
  const size_t count = fdp->ConsumeIntegralInRange<size_t>(0, 12);
  std::vector<std::string> ids(count);
  for (std::string& id : ids) id = fdp->ConsumeRandomLengthString(12);
  std::vector<uint32_t> signatures(count * params.num_perm);
  // Few distinct values, so that documents share bands and signatures.
  for (uint32_t& v : signatures) v = fdp->ConsumeIntegralInRange<uint32_t>(0, 3);
  // Half of the indexes hold words: few distinct ones, so that documents align.
  const bool with_words = fdp->ConsumeBool();
  saring::DedupIndexWords words;
  std::vector<uint32_t> doc;
  for (size_t i = 0; with_words && i < count; ++i) {
    doc.resize(fdp->ConsumeIntegralInRange<size_t>(0, 80));
    for (uint32_t& w : doc) w = fdp->ConsumeIntegralInRange<uint32_t>(0, 5);
    words.Add(doc);
  }
  saring::Result<DedupIndex> built =
      with_words ? DedupIndex::Build(params, ids, signatures, std::move(words))
                 : DedupIndex::Build(params, ids, signatures);
  SARING_FUZZ_CHECK(built.ok(), "Build rejected consistent parameters");
  return std::move(built).value();
}

// Every document finds itself: similarity 1 at the lowest position with an equal signature.
void CheckSelfQueries(const DedupIndex& index) {
  const size_t bytes = index.params().num_perm * 4;
  std::vector<uint32_t> scratch;
  for (uint64_t i = 0; i < index.size(); ++i) {
    const DedupIndex::Match m = index.Query(index.signature(i), 1.0, &scratch);
    uint64_t first = 0;
    while (std::memcmp(index.signature(first), index.signature(i), bytes) != 0) ++first;
    SARING_FUZZ_CHECK(m.found && m.similarity == 1.0 && m.position == first,
                      "a document does not find its own signature");
    if (!index.has_words()) continue;
    DedupIndex::AlignScratch align_scratch;
    const DedupIndex::Match a =
        index.Query(index.signature(i), index.words(i), saring::DedupIndexAlign{}, &align_scratch);
    SARING_FUZZ_CHECK(a.found && a.similarity == 1.0 && a.position <= i,
                      "a document does not align with its own words");
  }
}

// Flips a byte of, truncates, or extends the index file at `path`; Load must reject the result.
void CheckDamageRejected(FuzzedDataProvider* fdp, const std::string& path) {
  std::string bytes = ReadFile(path);
  const size_t original_size = bytes.size();
  const uint8_t damage = fdp->ConsumeIntegralInRange<uint8_t>(0, 2);
  const size_t at = fdp->ConsumeIntegralInRange<size_t>(0, bytes.size() - 1);
  if (damage == 0) {
    bytes[at] = static_cast<char>(bytes[at] ^ fdp->ConsumeIntegralInRange<uint8_t>(1, 255));
  } else if (damage == 1) {
    bytes.resize(at);
  } else {
    bytes += fdp->ConsumeBytesAsString(fdp->ConsumeIntegralInRange<size_t>(1, 64));
    if (bytes.size() == original_size) bytes.push_back('\0');
  }
  SARING_FUZZ_CHECK(!LoadBytes(bytes).ok(), "a damaged index file was accepted");
}

// Mode 2: build, write, load, self-query, then damage.
void FuzzBuiltIndex(FuzzedDataProvider* fdp) {
  const DedupIndex built = BuildFromFuzz(fdp);
  const std::string path = ScratchPath("index.sdx");
  SARING_FUZZ_CHECK(built.Write(path).ok(), "cannot write a built index");
  saring::Result<DedupIndex> loaded = DedupIndex::Load(path);
  SARING_FUZZ_CHECK(loaded.ok() && SameIndex(built, *loaded), "a written index does not load back");
  CheckSelfQueries(*loaded);
  CheckQueries(*loaded);
  CheckDamageRejected(fdp, path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  switch (fdp.ConsumeIntegralInRange<uint8_t>(0, 2)) {
    case 0: FuzzFileBytes(&fdp, false); break;
    case 1: FuzzFileBytes(&fdp, true); break;
    default: FuzzBuiltIndex(&fdp); break;
  }
  return 0;
}
