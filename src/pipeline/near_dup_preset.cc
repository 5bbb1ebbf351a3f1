// Near-duplicate presets: named sets of the settings that define what a near duplicate is.
#include <tuple>

#include "saring/config.h"

namespace saring {
namespace {

struct NearDupPreset {
  const char* name;
  uint32_t ngram, num_perm, bands, rows;
  double threshold;
  NearDupVerify verify;
  double containment;
};

// "saring" must equal the RunOptions defaults (config_test checks it).
constexpr NearDupPreset kPresets[] = {
    {"saring", 3, 112, 37, 3, 0.85, NearDupVerify::kAlign, 0.95},
    {"fineweb", 5, 112, 14, 8, 0.8, NearDupVerify::kEstimate, 0.95},
};

}  // namespace

bool ApplyNearDupPreset(const std::string& name, RunOptions* o) {
  for (const NearDupPreset& p : kPresets) {
    if (name != p.name) continue;
    NearDupStageOptions& nd = o->near_dup;
    nd.ngram = p.ngram;
    nd.char_ngrams = false;
    nd.num_perm = p.num_perm;
    nd.bands = p.bands;
    nd.rows = p.rows;
    nd.threshold = p.threshold;
    nd.verify = p.verify;
    nd.containment = p.containment;
    return true;
  }
  return false;
}

std::string NearDupPresetOf(const RunOptions& o) {
  for (const NearDupPreset& p : kPresets) {
    const NearDupStageOptions& nd = o.near_dup;
    if (std::tie(nd.ngram, nd.num_perm, nd.bands, nd.rows, nd.threshold, nd.verify,
                 nd.containment) ==
            std::tie(p.ngram, p.num_perm, p.bands, p.rows, p.threshold, p.verify, p.containment) &&
        !nd.char_ngrams) {
      return p.name;
    }
  }
  return "custom";
}

}  // namespace saring
