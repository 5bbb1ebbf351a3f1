// LanguageIdentifierBackend "combined": fastText lid.176 everywhere, CLD2 and a word list
// where lid.176 is weak (see combined_backend.h).
#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "langid/language_codes.h"
#include "langid/language_id_backend.h"

namespace saring {
namespace {

// kApertiumMalayOnly, kApertiumIndonesianOnly: sorted words that only the Malay, or only the
// Indonesian, analyser of Debian's apertium-ind-zlm accepts; generated into the build folder
// by apertium_lexicon_gen.py (empty when the package was absent at build time).
#include "apertium_lexicon.inc"

// kWebMalayOnly, kWebIndonesianOnly: sorted words on only one of the Malay and Indonesian
// dictionaries of Tesseract's models (web text); generated into the build folder by
// tessdata_lexicon_gen.py (empty when the packages were absent at build time).
#include "tessdata_lexicon.inc"

// Words written one way in Malaysian Malay and another in Indonesian (spelling or choice
// of word: bahawa/bahwa, kerana/karena, wang/uang, universiti/universitas, polis/polisi,
// ...), and colloquial words of one side. Written by hand for saring; sorted.
constexpr std::array kMalayWords = {
    "antarabangsa", "askar",        "awak",         "bahagian",    "baharu",      "bahawa",
    "bapanya",      "basikal",      "bercakap",     "berfaedah",   "berjumpa",    "berkahwin",
    "bersekutu",    "cakap",        "cik",          "cikgu",       "cuba",        "dah",
    "diamalkan",    "dibenarkan",   "doktor",       "emak",        "encik",       "esok",
    "faham",        "fikir",        "fikiran",      "hendaklah",   "hospital",    "iaitu",
    "jenayah",      "jom",          "jugak",        "kahwin",      "kanak-kanak", "keatas",
    "kebajikan",    "kedai",        "kemahuan",     "kenderaan",   "kepunyaan",   "kerana",
    "kewajipan",    "khidmat",      "lelaki",       "lori",        "mahkamah",    "mahu",
    "mana-mana",    "memandu",      "mempastikan",  "mencuba",     "menerusi",    "mengamalkan",
    "munasabah",    "nak",          "nampak",       "pejabat",     "percuma",     "perkahwinan",
    "perkhidmatan", "perlembagaan", "persendirian", "pertolongan", "pertubuhan",  "pilihanraya",
    "polis",        "puan",         "rehat",        "rihat",       "sahaja",      "sains",
    "saksama",      "saraan",       "sebarang",     "sekerja",     "sentiasa",    "sepertimana",
    "seronok",      "sesiapa",      "sewajarnya",   "tandas",      "teksi",       "telefon",
    "televisyen",   "tengok",       "tertakluk",    "terutamanya", "ubat",        "universiti",
    "wang",         "warganegara"};
constexpr std::array kIndonesianWords = {"aja",          "bagian",
                                         "bahwa",        "banget",
                                         "belom",        "besok",
                                         "bilang",       "capek",
                                         "coba",         "deh",
                                         "dokter",       "dong",
                                         "enggak",       "gak",
                                         "ganteng",      "gimana",
                                         "gitu",         "istirahat",
                                         "jelek",        "kalian",
                                         "kantor",       "karena",
                                         "kawin",        "kayak",
                                         "kemarin",      "kendaraan",
                                         "ketemu",       "kewajiban",
                                         "khawatir",     "kok",
                                         "laki-laki",    "mau",
                                         "memastikan",   "memberitahukan",
                                         "mencoba",      "menikah",
                                         "mobil",        "nggak",
                                         "ngomong",      "obat",
                                         "pacar",        "paham",
                                         "pelayanan",    "pemilihan",
                                         "pemilu",       "pengadilan",
                                         "pengin",       "perkawinan",
                                         "perserikatan", "pidana",
                                         "pikir",        "pikiran",
                                         "polisi",       "sepeda",
                                         "serikat",      "sih",
                                         "telepon",      "tentara",
                                         "toko",         "uang",
                                         "udah",         "universitas",
                                         "yaitu"};

template <typename Word, size_t N>
bool Contains(const std::array<Word, N>& words, std::string_view w) {
  return std::binary_search(words.begin(), words.end(), w,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

// Longest word looked up in the tables (the generator keeps words of at most 24 bytes).
constexpr size_t kMaxMarkerBytes = 24;

// Bytes CLD2 reads when fastText is unsure but names no language of the family.
constexpr size_t kUnsureCld2Bytes = 256;

// True if `text` has ASCII capitals and no lower-case letter. Conservative: any non-ASCII
// character other than a Latin-1 capital (U+00C0..U+00DE), Latin-1 punctuation (U+00A0..U+00BF)
// or general punctuation (U+2000..U+206F) makes it false, so other scripts are never touched.
bool WithoutLowerCase(std::string_view text) {
  bool capital = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c >= 'a' && c <= 'z') return false;
      capital = capital || (c >= 'A' && c <= 'Z');
      continue;
    }
    const unsigned char c1 = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == 0xC2 && c1 >= 0xA0 && c1 <= 0xBF) {
      i += 1;
    } else if (c == 0xC3 && c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97) {
      i += 1;
    } else if (c == 0xE2 && (c1 == 0x80 || c1 == 0x81) && i + 2 < text.size()) {
      i += 2;
    } else {
      return false;
    }
  }
  return capital;
}

bool InIndonesianFamily(std::string_view code) {
  return code == "id" || code == "ms" || code == "jv" || code == "su";
}

}  // namespace

MarkerCounts CountMalayIndonesianMarkers(std::string_view text) {
  MarkerCounts counts;
  std::string word;
  auto flush = [&] {
    if (word.size() > 1 && word.size() <= kMaxMarkerBytes) {
      // The hand-written lists first, then Apertium's (a word on both sides counts once).
      if (Contains(kMalayWords, word)) {
        ++counts.malay;
      } else if (Contains(kIndonesianWords, word)) {
        ++counts.indonesian;
      } else if (Contains(kApertiumMalayOnly, word)) {
        ++counts.malay;
      } else if (Contains(kApertiumIndonesianOnly, word)) {
        ++counts.indonesian;
      } else if (Contains(kWebMalayOnly, word)) {
        ++counts.web_malay;
      } else if (Contains(kWebIndonesianOnly, word)) {
        ++counts.web_indonesian;
      }
    }
    word.clear();
  };
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c == '-' && !word.empty())) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return counts;
}

size_t ApertiumMarkerWordCount() {
  return kApertiumMalayOnly.size() + kApertiumIndonesianOnly.size();
}

size_t WebMarkerWordCount() { return kWebMalayOnly.size() + kWebIndonesianOnly.size(); }

namespace {

class CombinedBackend final : public LanguageIdentifierBackend {
 public:
  CombinedBackend(std::unique_ptr<LanguageIdentifierBackend> fasttext,
                  std::unique_ptr<LanguageIdentifierBackend> cld2)
      : fasttext_(std::move(fasttext)), cld2_(std::move(cld2)) {}

  LanguageGuess Identify(std::string_view text) const override {
    // lid.176 reads words written in capitals as other words (a Sundanese heading in capitals
    // comes out English at 0.93): text without a lower-case letter is read lower-cased.
    std::string lowered;
    if (WithoutLowerCase(text)) {
      lowered.assign(text);
      for (char& c : lowered) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      text = lowered;
    }
    LanguageGuess ft = fasttext_->Identify(text);
    const bool family = InIndonesianFamily(ft.language) || InIndonesianFamily(ft.runner_up);
    if (!family && ft.score >= kFastTextReliableProbability) return ft;
    // fastText is unsure and names no language of the family: CLD2 reads only the start (most
    // such texts are code, tables or mixed, and CLD2 costs ~4x fastText per byte).
    std::string_view cld_text = text;
    if (!family && cld_text.size() > kUnsureCld2Bytes) {
      size_t cut = kUnsureCld2Bytes;
      while (cut > 0 && (static_cast<unsigned char>(cld_text[cut]) & 0xC0) == 0x80) --cut;
      cld_text = cld_text.substr(0, cut);
    }
    LanguageGuess cld = cld2_->Identify(cld_text);
    if (cld.language == "jv" || cld.language == "su") return cld;
    if ((ft.language == "jv" || ft.language == "su") && ft.reliable) return ft;
    if (cld.language != "id" && cld.language != "ms" && ft.language != "id" &&
        ft.language != "ms") {
      return ft;
    }
    const MarkerCounts markers = CountMalayIndonesianMarkers(text);
    std::string_view pick;
    if (markers.malay != markers.indonesian) {
      pick = markers.malay > markers.indonesian ? "ms" : "id";
    } else if (cld.language == ft.language) {
      pick = ft.language;
    } else if (markers.web_malay != markers.web_indonesian) {
      // The backends disagree: the weaker web word lists decide before the tie rule.
      pick = markers.web_malay > markers.web_indonesian ? "ms" : "id";
    } else if (cld.language == "id" || ft.language == "id") {
      pick = "id";
    } else {
      return ft;
    }
    return Decided(pick, ft, cld, markers.malay != markers.indonesian);
  }

 private:
  // The guess for `pick` ("id" or "ms"): the higher of the two backends' scores for it.
  static LanguageGuess Decided(std::string_view pick, const LanguageGuess& ft,
                               const LanguageGuess& cld, bool by_markers) {
    auto score_of = [](const LanguageGuess& g, std::string_view code) {
      if (g.language == code) return g.score;
      return g.runner_up == code ? g.runner_up_score : 0.0;
    };
    const std::string_view other = pick == "id" ? "ms" : "id";
    LanguageGuess out;
    out.language = std::string(pick);
    out.score = std::max(score_of(ft, pick), score_of(cld, pick));
    const double other_score = std::max(score_of(ft, other), score_of(cld, other));
    out.runner_up = other_score > 0 ? std::string(other) : std::string(kUndeterminedLanguage);
    out.runner_up_score = other_score;
    out.reliable = by_markers || out.score >= kFastTextReliableProbability;
    return out;
  }

  std::unique_ptr<LanguageIdentifierBackend> fasttext_;
  std::unique_ptr<LanguageIdentifierBackend> cld2_;
};

}  // namespace

std::unique_ptr<LanguageIdentifierBackend> NewCombinedBackend(
    std::unique_ptr<LanguageIdentifierBackend> fasttext,
    std::unique_ptr<LanguageIdentifierBackend> cld2) {
  return std::make_unique<CombinedBackend>(std::move(fasttext), std::move(cld2));
}

}  // namespace saring
