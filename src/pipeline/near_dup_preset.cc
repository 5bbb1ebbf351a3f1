// Near-duplicate presets: named sets of the settings that define what a near duplicate is.
#include <tuple>

#include "saring/config.h"

namespace saring {
namespace {

struct NearDupPreset {
  const char* name;
  uint32_t ngram, num_perm, bands, rows;
  double threshold;
  const char* verify;
  double containment;
};

// "saring" must equal the RunOptions defaults (config_test checks it).
constexpr NearDupPreset kPresets[] = {
    {"saring", 3, 112, 37, 3, 0.85, "align", 0.95},
    {"fineweb", 5, 112, 14, 8, 0.8, "estimate", 0.95},
};

}  // namespace

bool ApplyNearDupPreset(const std::string& name, RunOptions* o) {
  for (const NearDupPreset& p : kPresets) {
    if (name != p.name) continue;
    o->near_dup_ngram = p.ngram;
    o->near_dup_char_ngrams = false;
    o->near_dup_num_perm = p.num_perm;
    o->near_dup_bands = p.bands;
    o->near_dup_rows = p.rows;
    o->near_dup_threshold = p.threshold;
    o->near_dup_verify = p.verify;
    o->near_dup_containment = p.containment;
    return true;
  }
  return false;
}

std::string NearDupPresetOf(const RunOptions& o) {
  for (const NearDupPreset& p : kPresets) {
    if (std::tie(o.near_dup_ngram, o.near_dup_num_perm, o.near_dup_bands, o.near_dup_rows,
                 o.near_dup_threshold, o.near_dup_verify, o.near_dup_containment) ==
            std::tuple(p.ngram, p.num_perm, p.bands, p.rows, p.threshold, std::string(p.verify),
                       p.containment) &&
        !o.near_dup_char_ngrams) {
      return p.name;
    }
  }
  return "custom";
}

}  // namespace saring
