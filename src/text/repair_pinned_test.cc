// Pins DocumentRepairer's output on generated documents: paragraphs (offsets, lines, hashes,
// normalised slices), removed spans with their reasons and targets, kept and normalised text,
// under several option sets. The expected digest was computed by the implementation before the
// normalisation, splitting and containment search were sped up; the result must not change.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "saring/repair.h"

namespace saring {
namespace {

// FNV-1a, 64-bit: a digest that does not depend on the platform or the library.
struct Digest {
  uint64_t h = 0xCBF29CE484222325ULL;
  void Bytes(const void* p, size_t n) {
    for (size_t i = 0; i < n; ++i)
      h = (h ^ static_cast<const unsigned char*>(p)[i]) * 0x100000001B3ULL;
  }
  void Int(uint64_t v) { Bytes(&v, sizeof v); }
  void Str(std::string_view s) {
    Int(s.size());
    Bytes(s.data(), s.size());
  }
};

void Add(const RepairResult& r, Digest* d) {
  d->Int(r.paragraphs.size());
  for (const Paragraph& p : r.paragraphs) {
    for (uint64_t v :
         {uint64_t{p.begin}, uint64_t{p.end}, uint64_t{p.first_line}, uint64_t{p.last_line}, p.hash,
          uint64_t{p.normalized_begin}, uint64_t{p.normalized_end}, uint64_t{p.removed}}) {
      d->Int(v);
    }
  }
  d->Int(r.removed.size());
  for (const RemovedSpan& s : r.removed) {
    for (uint64_t v : {uint64_t{s.begin}, uint64_t{s.end}, uint64_t{static_cast<uint8_t>(s.reason)},
                       static_cast<uint64_t>(s.paragraph), static_cast<uint64_t>(s.duplicate_of),
                       uint64_t{s.dup_begin}, uint64_t{s.dup_end}}) {
      d->Int(v);
    }
  }
  d->Str(r.kept_text);
  d->Str(r.kept_normalized);
  d->Str(r.normalized_all);
}

// A paragraph of words from several scripts, with punctuation, capitals and digits.
std::string MakeParagraph(std::mt19937* rng) {
  static const std::vector<std::string> words = {
      "harga",
      "cabai",
      "naik",
      "di",
      "pasar",
      "induk",
      "kota",
      "ini",
      "yang",
      "dan",
      "Pemerintah",
      "Jakarta",
      "the",
      "market",
      "prices",
      "rose",
      "2024",
      "12,5",
      "caf\xC3\xA9",
      "cafe\xCC\x81",
      "Stra\xC3\x9F"
      "e",
      "\xC4\xB1stanbul",
      "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
      "\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3",
      "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97",
      "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA",
      "\xED\x95\x9C\xEA\xB5\xAD",
      "\xEF\xAC\x81le",
      "\xEF\xBC\xA1\xEF\xBC\xA2",
      "\xE2\x80\x9Ckata\xE2\x80\x9D",
      "\xE2\x80\x94",
      "a\xC2\xA0"
      "b",
      "\xF0\x9F\x98\x80",
      "\xFF",
      "(Antara)",
      "ke-3",
      "anak-anak"};
  std::string p;
  const int n = 1 + static_cast<int>((*rng)() % 30);
  for (int i = 0; i < n; ++i) {
    if (i > 0) {
      const uint32_t r = (*rng)() % 16;
      p += r == 0 ? ", " : r == 1 ? ". " : r == 2 ? "  " : " ";
    }
    p += words[(*rng)() % words.size()];
  }
  if ((*rng)() % 2) p += ".";
  return p;
}

std::string Document(std::mt19937* rng) {
  std::vector<std::string> paragraphs;
  const int count = 1 + static_cast<int>((*rng)() % 12);
  for (int i = 0; i < count; ++i) {
    const uint32_t r = (*rng)() % 10;
    if (!paragraphs.empty() && r == 0) {
      paragraphs.push_back(paragraphs[(*rng)() % paragraphs.size()]);  // repeated
    } else if (!paragraphs.empty() && r <= 2) {
      // A slice of an earlier paragraph at word boundaries, maybe in other case: contained.
      const std::string& source = paragraphs[(*rng)() % paragraphs.size()];
      std::vector<size_t> starts = {0};
      for (size_t k = 0; k < source.size(); ++k) {
        if (source[k] == ' ') starts.push_back(k + 1);
      }
      size_t a = starts[(*rng)() % starts.size()], b = starts[(*rng)() % starts.size()];
      if (a > b) std::swap(a, b);
      std::string slice = source.substr(a, (b > a ? b - 1 : source.size()) - a);
      if ((*rng)() % 2) {
        for (char& c : slice) {
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        }
      }
      paragraphs.push_back(slice);
    } else if (r == 3) {
      paragraphs.push_back((*rng)() % 2 ? "(Antara)" : "(Foto: Reuters/Ab)");
    } else {
      paragraphs.push_back(MakeParagraph(rng));
    }
  }
  std::string doc = (*rng)() % 20 == 0 ? "\xEF\xBB\xBF" : "";
  const bool wrapped = (*rng)() % 5 == 0;
  const std::string nl = (*rng)() % 4 == 0 ? "\r\n" : "\n";
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (i > 0) {  // appended piece by piece: no temporary strings
      const bool blank = (*rng)() % 3 != 0;
      doc += nl;
      if (!blank) doc += " \t";
      doc += nl;
    }
    if (!wrapped) {
      doc += paragraphs[i];
      continue;
    }
    size_t column = 0;
    for (char c : paragraphs[i]) {
      if (c == ' ' && column > 50) {
        doc += nl;
        column = 0;
        continue;
      }
      doc += c;
      ++column;
    }
  }
  if ((*rng)() % 3 == 0) doc += nl;
  return doc;
}

TEST(RepairPinned, DigestOfGeneratedDocuments) {
  std::vector<RepairOptions> variants(4);
  variants[1].min_contained_chars = 0;
  variants[2].remove_contained = false;
  variants[2].remove_credits = false;
  variants[3].min_contained_chars = 120;
  variants[3].max_credit_chars = 20;
  std::vector<DocumentRepairer> repairers;
  for (const RepairOptions& o : variants) repairers.emplace_back(o);
  std::mt19937 rng(1945);
  RepairResult result;
  Digest digest;
  size_t removed = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    const std::string doc = Document(&rng);
    for (DocumentRepairer& repairer : repairers) {
      repairer.Repair(doc, &result);
      Add(result, &digest);
      removed += result.removed.size();
    }
  }
  EXPECT_GT(removed, 5000u);  // the generator does exercise the rules
  EXPECT_EQ(digest.h, 0x17c186ca20e49931ULL) << std::hex << "0x" << digest.h;
}

}  // namespace
}  // namespace saring
