// The pipeline configuration: every setting of RunOptions under a dotted key, loadable from YAML,
// overridable one by one (the CLI turns each key into a flag), and printable fully resolved.
//
//   repair:
//     contained: false        # -> key "repair.contained", flag --repair-contained=false
//
// Precedence: built-in defaults < the YAML file < flags, in the order given.
// Thread-safety: the functions are stateless and thread-safe.
#ifndef SARING_CONFIG_H_
#define SARING_CONFIG_H_

#include <string>
#include <utility>
#include <vector>

#include "saring/run.h"
#include "saring/status.h"

namespace saring {

struct SettingInfo {
  std::string key;   // "repair.contained"
  std::string type;  // "bool", "int", "size", "float", "string", "list"
  std::string help;  // one line for a person, with the unit
};

// Every setting, in the documented order (the order of `saring run --dry-run`).
const std::vector<SettingInfo>& AllSettings();

// Sets one setting from its text form ("true", "3", "0.8", "a,b"). InvalidArgument naming the key,
// with the nearest valid key for a misspelling, or the expected type for a bad value.
Status SetSetting(const std::string& key, const std::string& value, RunOptions* options);

// Sets one setting from "KEY=VALUE" (the form of --set). InvalidArgument without '=', or as
// SetSetting.
Status SetSettingAssignment(const std::string& key_equals_value, RunOptions* options);

// The text form of a setting's current value.
Result<std::string> GetSetting(const std::string& key, const RunOptions& options);

// Applies a YAML file. Errors name the file, the line and the key; unknown keys suggest the
// nearest valid key.
Status LoadConfigFile(const std::string& path, RunOptions* options);

// The options of a command that runs the pipeline, in the precedence every such command uses:
// defaults < the YAML file `config` (skipped if empty) < `settings` (key, value; command-line flags
// and Python keyword arguments, in order) < `assignments` ("KEY=VALUE" of --set, in order).
// Errors: as LoadConfigFile, SetSetting and SetSettingAssignment.
Result<RunOptions> LoadRunOptions(const std::string& config,
                                  const std::vector<std::pair<std::string, std::string>>& settings,
                                  const std::vector<std::string>& assignments);

// Same, from YAML text; `name` is used in messages.
Status LoadConfigText(const std::string& text, const std::string& name, RunOptions* options);

// The fully resolved configuration as commented YAML that LoadConfigText accepts.
std::string DumpConfig(const RunOptions& options);

// The key closest to `key` by edit distance, or "" if nothing is close.
std::string NearestSettingKey(const std::string& key);

// Near-duplicate presets (docs/near-dup.md): "saring" (the defaults: word 3-grams, 37 x 3 bands,
// word alignment >= 0.85, containment 0.95) or "fineweb" (FineWeb's semantics: word 5-grams,
// 14 x 8 bands, signature estimate >= 0.8). Sets ngram, char_ngrams, num_perm, bands, rows,
// threshold, verify and containment; returns false (and changes nothing) for another name.
bool ApplyNearDupPreset(const std::string& name, RunOptions* options);

// The preset whose values `options` holds, or "custom".
std::string NearDupPresetOf(const RunOptions& options);

}  // namespace saring

#endif  // SARING_CONFIG_H_
