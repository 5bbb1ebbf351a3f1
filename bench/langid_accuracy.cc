// langid_accuracy: per-language accuracy and throughput of saring's language identifiers.
//
// Measures the three backends (CLD2, fastText lid.176, and the combined default) on two
// labelled corpora:
//   - Tatoeba (LASER test set): files tatoeba.<xxx>-eng.<xxx>, one short sentence per line;
//   - UDHR in Unicode: text/<code>.txt, one heading or paragraph per line; each line is one
//     sample, and the whole document is identified once more as a single text.
// For each of Indonesian (ind), Malay (zsm; UDHR file mly_latn), Javanese (jav), Sundanese
// (sun) and English (eng) it prints the share of samples labelled with the right code and
// the most frequent wrong labels. Throughput (MB per CPU-second, one thread) is measured on
// English prose: the UDHR document (one call), its paragraphs and headings (one call per
// line), and Tatoeba sentences (one call each). Long documents built from each language's
// sentences are identified whole and through the pipeline's sampling windows.
//
// Usage: langid_accuracy [--tatoeba DIR] [--udhr DIR] [--model lid.176.ftz] [--seconds S]
//                        [--dump FILE]
// Prints Markdown tables to stdout. A fastText model that cannot be loaded is reported and
// its columns are skipped. Not part of the library: may print and exit.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saring/language_id.h"

namespace {

struct Flags {
  std::string tatoeba_dir = "/work/shared/corpora/tatoeba-laser-112lang";
  std::string udhr_dir = "/work/shared/corpora/udhr-532";
  std::string model = saring::DefaultFastTextModelPath();
  double seconds = 2.0;  // minimum measuring time per throughput cell
  std::string dump;      // when set: per-sample guesses as TSV to this file, nothing else
};

// One evaluated language: our code for it and its file names in each corpus.
struct LanguageSpec {
  const char* name;      // ISO 639-3, as in the corpora
  const char* expected;  // the code a correct identifier returns
  const char* tatoeba;   // file, relative to the Tatoeba folder; "" if the corpus lacks it
  const char* udhr;      // file, relative to the UDHR folder
};

constexpr LanguageSpec kLanguages[] = {
    {"ind", "id", "tatoeba.ind-eng.ind", "text/ind.txt"},
    {"zsm", "ms", "tatoeba.zsm-eng.zsm", "text/mly_latn.txt"},
    {"jav", "jv", "tatoeba.jav-eng.jav", "text/jav.txt"},
    {"sun", "su", "", "text/sun.txt"},
    {"eng", "en", "tatoeba.ind-eng.eng", "text/eng.txt"},
};

struct Identifier {
  std::string name;
  std::unique_ptr<saring::LanguageIdentifier> impl;
};

// Non-empty lines of `path`, or an empty vector when it cannot be read.
std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

struct Tally {
  size_t total = 0;
  size_t correct = 0;
  std::map<std::string, size_t> wrong;  // label -> count
};

Tally Evaluate(const saring::LanguageIdentifier& identifier,
               const std::vector<std::string>& samples, std::string_view expected) {
  Tally tally;
  for (const std::string& sample : samples) {
    const saring::LanguageGuess guess = identifier.Identify(sample);
    ++tally.total;
    if (guess.language == expected) {
      ++tally.correct;
    } else {
      ++tally.wrong[guess.language];
    }
  }
  return tally;
}

// "id 12%, und 3%" for the three most frequent wrong labels.
std::string Confusions(const Tally& tally) {
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& [label, count] : tally.wrong) ranked.emplace_back(count, label);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::ostringstream out;
  for (size_t i = 0; i < ranked.size() && i < 3; ++i) {
    char cell[64];
    std::snprintf(cell, sizeof(cell), "%s%s %.1f%%", i == 0 ? "" : ", ", ranked[i].second.c_str(),
                  100.0 * static_cast<double>(ranked[i].first) / static_cast<double>(tally.total));
    out << cell;
  }
  return ranked.empty() ? "-" : out.str();
}

// One corpus: which samples of a language file to use.
struct CorpusSpec {
  const char* title;
  bool tatoeba;      // else UDHR
  size_t min_bytes;  // keep lines with at least this many bytes...
  size_t max_bytes;  // ...and fewer than this many
};

std::vector<std::string> Samples(const Flags& flags, const CorpusSpec& corpus,
                                 const LanguageSpec& spec) {
  const char* file = corpus.tatoeba ? spec.tatoeba : spec.udhr;
  if (file[0] == '\0') return {};
  const std::string dir = corpus.tatoeba ? flags.tatoeba_dir : flags.udhr_dir;
  std::vector<std::string> samples;
  for (std::string& line : ReadLines(dir + "/" + file)) {
    if (line.size() >= corpus.min_bytes && line.size() < corpus.max_bytes) {
      samples.push_back(std::move(line));
    }
  }
  return samples;
}

void PrintCorpusTable(const Flags& flags, const CorpusSpec& corpus,
                      const std::vector<Identifier>& identifiers) {
  std::printf("\n**%s**\n\n| language | samples |", corpus.title);
  for (const Identifier& identifier : identifiers) {
    std::printf(" %s accuracy | %s mistaken for |", identifier.name.c_str(),
                identifier.name.c_str());
  }
  std::printf("\n|---|---:|");
  for (size_t i = 0; i < identifiers.size(); ++i) std::printf("---:|---|");
  std::printf("\n");
  for (const LanguageSpec& spec : kLanguages) {
    const std::vector<std::string> samples = Samples(flags, corpus, spec);
    std::printf("| %s (%s) | %zu |", spec.name, spec.expected, samples.size());
    for (const Identifier& identifier : identifiers) {
      if (samples.empty()) {
        std::printf(" n/a | not in corpus |");
        continue;
      }
      const Tally tally = Evaluate(*identifier.impl, samples, spec.expected);
      std::printf(" %.1f%% | %s |",
                  100.0 * static_cast<double>(tally.correct) / static_cast<double>(tally.total),
                  Confusions(tally).c_str());
    }
    std::printf("\n");
  }
}

// UDHR lines shorter than this are headings ("Pasal 12", "Article 12"), not paragraphs.
constexpr size_t kUdhrParagraphMinBytes = 40;

void PrintAccuracy(const Flags& flags, const std::vector<Identifier>& identifiers) {
  const CorpusSpec corpora[] = {
      {"Tatoeba, one sentence per sample", true, 1, SIZE_MAX},
      {"UDHR, one paragraph (line of >= 40 bytes) per sample", false, kUdhrParagraphMinBytes,
       SIZE_MAX},
      {"UDHR, one heading (line of < 40 bytes) per sample", false, 1, kUdhrParagraphMinBytes},
  };
  for (const CorpusSpec& corpus : corpora) PrintCorpusTable(flags, corpus, identifiers);
}

void PrintWholeDocuments(const Flags& flags, const std::vector<Identifier>& identifiers) {
  std::printf("\n| UDHR whole document | expected |");
  for (const Identifier& identifier : identifiers) std::printf(" %s |", identifier.name.c_str());
  std::printf("\n|---|---|");
  for (size_t i = 0; i < identifiers.size(); ++i) std::printf("---|");
  std::printf("\n");
  for (const LanguageSpec& spec : kLanguages) {
    const std::string document = Join(ReadLines(flags.udhr_dir + "/" + spec.udhr));
    std::printf("| %s (%s, %zu bytes) | %s |", spec.name, spec.udhr, document.size(),
                spec.expected);
    for (const Identifier& identifier : identifiers) {
      const saring::LanguageGuess guess = identifier.impl->Identify(document);
      std::printf(" %s %.2f (2nd %s %.2f) |", guess.language.c_str(), guess.score,
                  guess.runner_up.c_str(), guess.runner_up_score);
    }
    std::printf("\n");
  }
}

// Long documents: each of `count` documents is `bytes` long, made of one language's
// sentences (Tatoeba; UDHR paragraphs where Tatoeba lacks the language) in an order
// shuffled per document, a line break after every fifth, so that the identifier sees whole
// documents rather than sentences, whole or through LanguageIdSample's windows.
std::vector<std::string> LongDocuments(const std::vector<std::string>& pieces, size_t bytes,
                                       size_t count) {
  std::vector<std::string> documents;
  if (pieces.empty()) return documents;
  uint64_t state = 88172645463325252ull;
  for (size_t d = 0; d < count; ++d) {
    std::string doc;
    for (size_t n = 0; doc.size() < bytes; ++n) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      doc += pieces[state % pieces.size()];
      doc += (n % 5 == 4) ? "\n" : " ";
    }
    documents.push_back(std::move(doc));
  }
  return documents;
}

struct SampleSpec {
  const char* title;
  size_t max_bytes;  // 0 = the whole document
  size_t windows;
};

void PrintLongDocuments(const Flags& flags, const std::vector<Identifier>& identifiers) {
  constexpr size_t kDocuments = 100;
  const size_t sizes[] = {2000, 8000, 32000};
  const SampleSpec samples[] = {{"whole", 0, 1},        {"prefix 1024", 1024, 1},
                                {"512 in 4", 512, 4},   {"768 in 4", 768, 4},
                                {"1024 in 4", 1024, 4}, {"2048 in 4", 2048, 4}};
  std::printf(
      "\n**Long documents** (%zu per cell, same-language sentences joined; accuracy)\n\n"
      "| language | bytes | identifier |",
      kDocuments);
  for (const SampleSpec& sample : samples) std::printf(" %s |", sample.title);
  std::printf("\n|---|---:|---|");
  for (size_t i = 0; i < std::size(samples); ++i) std::printf("---:|");
  std::printf("\n");
  std::string buffer;
  for (const LanguageSpec& spec : kLanguages) {
    std::vector<std::string> pieces;
    if (spec.tatoeba[0] != '\0') pieces = ReadLines(flags.tatoeba_dir + "/" + spec.tatoeba);
    if (pieces.empty()) {
      for (std::string& line : ReadLines(flags.udhr_dir + "/" + spec.udhr)) {
        if (line.size() >= kUdhrParagraphMinBytes) pieces.push_back(std::move(line));
      }
    }
    for (size_t bytes : sizes) {
      const std::vector<std::string> documents = LongDocuments(pieces, bytes, kDocuments);
      for (const Identifier& identifier : identifiers) {
        std::printf("| %s (%s) | %zu | %s |", spec.name, spec.expected, bytes,
                    identifier.name.c_str());
        for (const SampleSpec& sample : samples) {
          size_t correct = 0;
          for (const std::string& doc : documents) {
            const std::string_view text =
                saring::LanguageIdSample(doc, sample.max_bytes, sample.windows, &buffer);
            correct += identifier.impl->Identify(text).language == spec.expected;
          }
          std::printf(" %.0f%% |",
                      100.0 * static_cast<double>(correct) / static_cast<double>(documents.size()));
        }
        std::printf("\n");
      }
    }
  }
}

// CPU time of the calling thread, in seconds. Throughput is measured in CPU time rather
// than wall time so that other processes on a shared machine distort it less.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// MB (10^6 bytes) per CPU-second of identifying each of `texts` once per pass, repeated
// for at least `seconds` of CPU time, on one thread.
double Throughput(const saring::LanguageIdentifier& identifier,
                  const std::vector<std::string>& texts, double seconds) {
  size_t bytes = 0;
  size_t sink = 0;  // keeps the calls observable
  const double start = ThreadCpuSeconds();
  double elapsed = 0.0;
  do {
    for (const std::string& text : texts) {
      sink += identifier.Identify(text).language.size();
      bytes += text.size();
    }
    elapsed = ThreadCpuSeconds() - start;
  } while (elapsed < seconds);
  if (sink == 0) std::printf("(no output)\n");
  return static_cast<double>(bytes) / 1e6 / elapsed;
}

void PrintThroughput(const Flags& flags, const std::vector<Identifier>& identifiers) {
  const std::vector<std::string> paragraphs = ReadLines(flags.udhr_dir + "/text/eng.txt");
  const std::vector<std::string> document = {Join(paragraphs)};
  const std::vector<std::string> sentences = ReadLines(flags.tatoeba_dir + "/tatoeba.ind-eng.eng");
  auto mean = [](const std::vector<std::string>& texts) {
    size_t bytes = 0;
    for (const std::string& text : texts) bytes += text.size();
    return texts.empty() ? 0.0 : static_cast<double>(bytes) / static_cast<double>(texts.size());
  };
  std::printf("\n| English prose, one call per | mean bytes |");
  for (const Identifier& identifier : identifiers)
    std::printf(" %s MB/CPU-s |", identifier.name.c_str());
  std::printf("\n|---|---:|");
  for (size_t i = 0; i < identifiers.size(); ++i) std::printf("---:|");
  std::printf("\n");
  const std::pair<const char*, const std::vector<std::string>*> rows[] = {
      {"UDHR document", &document},
      {"UDHR line (paragraph or heading)", &paragraphs},
      {"Tatoeba sentence", &sentences},
  };
  for (const auto& [label, texts] : rows) {
    std::printf("| %s | %.0f |", label, mean(*texts));
    for (const Identifier& identifier : identifiers) {
      std::printf(" %.1f |", Throughput(*identifier.impl, *texts, flags.seconds));
    }
    std::printf("\n");
  }
}

// --dump: one line per Tatoeba sentence and UDHR paragraph: corpus, language, then for each
// identifier its guess, score, runner-up and runner-up score, then the text.
int DumpGuesses(const Flags& flags, const std::vector<Identifier>& identifiers) {
  FILE* out = std::fopen(flags.dump.c_str(), "w");
  if (out == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", flags.dump.c_str());
    return 1;
  }
  const CorpusSpec corpora[] = {{"tatoeba", true, 1, SIZE_MAX},
                                {"udhr", false, kUdhrParagraphMinBytes, SIZE_MAX}};
  for (const CorpusSpec& corpus : corpora) {
    for (const LanguageSpec& spec : kLanguages) {
      for (const std::string& sample : Samples(flags, corpus, spec)) {
        std::fprintf(out, "%s\t%s", corpus.title, spec.name);
        for (const Identifier& identifier : identifiers) {
          const saring::LanguageGuess g = identifier.impl->Identify(sample);
          std::fprintf(out, "\t%s\t%.4f\t%s\t%.4f", g.language.c_str(), g.score,
                       g.runner_up.c_str(), g.runner_up_score);
        }
        std::fprintf(out, "\t%s\n", sample.c_str());
      }
    }
  }
  return std::fclose(out) == 0 ? 0 : 1;
}

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (arg == "--tatoeba") {
      flags->tatoeba_dir = value;
    } else if (arg == "--udhr") {
      flags->udhr_dir = value;
    } else if (arg == "--model") {
      flags->model = value;
    } else if (arg == "--dump") {
      flags->dump = value;
    } else if (arg == "--seconds") {
      flags->seconds = std::atof(value);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr,
                 "usage: langid_accuracy [--tatoeba DIR] [--udhr DIR] [--model PATH] "
                 "[--seconds S] [--dump FILE]\n");
    return 2;
  }
  std::vector<Identifier> identifiers;
  auto cld2 = saring::LanguageIdentifier::Create(saring::LanguageIdBackend::kCld2, "");
  if (!cld2.ok()) {
    std::fprintf(stderr, "%s\n", cld2.status().ToString().c_str());
    return 1;
  }
  identifiers.push_back({"cld2", std::move(cld2).value()});
  auto fasttext =
      saring::LanguageIdentifier::Create(saring::LanguageIdBackend::kFastText, flags.model);
  if (fasttext.ok()) {
    identifiers.push_back({"fasttext lid.176", std::move(fasttext).value()});
  } else {
    std::fprintf(stderr, "skipping fastText: %s\n", fasttext.status().ToString().c_str());
  }
  auto combined =
      saring::LanguageIdentifier::Create(saring::LanguageIdBackend::kCombined, flags.model);
  if (combined.ok()) identifiers.push_back({"combined (default)", std::move(combined).value()});
  if (!flags.dump.empty()) return DumpGuesses(flags, identifiers);
  PrintAccuracy(flags, identifiers);
  PrintWholeDocuments(flags, identifiers);
  PrintLongDocuments(flags, identifiers);
  PrintThroughput(flags, identifiers);
  return 0;
}
