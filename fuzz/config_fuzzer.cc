// Fuzz target: the YAML configuration loader (include/saring/config.h).
//
// Input: the YAML text. Properties:
//  - LoadConfigText never crashes and never lets an exception out (one escaping would end the
//    process through std::terminate, which libFuzzer reports);
//  - a rejected text gets a non-OK InvalidArgument whose message names the file;
//  - an accepted text gives options that DumpConfig prints as YAML which LoadConfigText accepts
//    again, into the same options: Dump(Load(Dump(o))) == Dump(o);
//  - every setting's text form (GetSetting) is accepted back by SetSetting, into the same value.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_set>

#include "fuzz_check.h"
#include "saring/config.h"
#include "saring/run.h"
#include "saring/status.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  saring::RunOptions options;
  const saring::Status status = saring::LoadConfigText(text, "fuzz.yaml", &options);
  if (!status.ok()) {
    SARING_FUZZ_CHECK(status.code() == saring::StatusCode::kInvalidArgument, "status code");
    SARING_FUZZ_CHECK(status.message().rfind("fuzz.yaml", 0) == 0,
                      "message does not name the file");
    return 0;
  }
  const std::string dump = saring::DumpConfig(options);
  // The checks below depend on the dump alone (it shows every setting); skip repeats.
  static std::unordered_set<std::string> verified;
  if (verified.count(dump) != 0) return 0;
  saring::RunOptions reloaded;
  const saring::Status again = saring::LoadConfigText(dump, "dump.yaml", &reloaded);
  if (!again.ok())
    std::fprintf(stderr, "%s\n--- dump ---\n%s", again.ToString().c_str(), dump.c_str());
  SARING_FUZZ_CHECK(again.ok(), "DumpConfig output is not accepted by LoadConfigText");
  SARING_FUZZ_CHECK(saring::DumpConfig(reloaded) == dump, "DumpConfig/LoadConfigText round trip");
  saring::RunOptions copy;
  for (const saring::SettingInfo& info : saring::AllSettings()) {
    saring::Result<std::string> value = saring::GetSetting(info.key, options);
    SARING_FUZZ_CHECK(value.ok(), "GetSetting rejects a listed key");
    SARING_FUZZ_CHECK(saring::SetSetting(info.key, *value, &copy).ok(),
                      "SetSetting rejects the text form GetSetting gave");
  }
  SARING_FUZZ_CHECK(saring::DumpConfig(copy) == dump, "SetSetting(GetSetting) round trip");
  if (verified.size() < 4096) verified.insert(dump);
  return 0;
}
