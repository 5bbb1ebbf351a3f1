// Uses the installed saring through its umbrella header: repairs a document whose lead is
// repeated and normalises text, and checks the results, so that a wrong or incomplete install
// (missing headers, unresolved symbols, a dependency left out) fails here.
#include <cstdio>
#include <string>

#include <saring/saring.h>

int main() {
  const std::string text =
      "Harga beras naik lagi di pasar induk pekan ini.\n\n"
      "Pedagang mengatakan pasokan dari daerah berkurang karena hujan.\n\n"
      "Harga beras naik lagi di pasar induk pekan ini.\n";
  saring::DocumentRepairer repairer{saring::RepairOptions{}};
  saring::RepairResult result;
  repairer.Repair(text, &result);
  if (result.removed.size() != 1 ||
      result.removed[0].reason != saring::SpanReason::kRepeatedParagraph) {
    std::fprintf(stderr, "consumer: expected one repeated paragraph, got %zu spans\n",
                 result.removed.size());
    return 1;
  }
  const std::string want =
      "Harga beras naik lagi di pasar induk pekan ini.\n\n"
      "Pedagang mengatakan pasokan dari daerah berkurang karena hujan.\n\n";
  if (result.kept_text != want) {
    std::fprintf(stderr, "consumer: unexpected kept text:\n%s\n", result.kept_text.c_str());
    return 1;
  }
  std::printf("consumer: ok (%s)\n",
              std::string(saring::SpanReasonName(result.removed[0].reason)).c_str());
  return 0;
}
