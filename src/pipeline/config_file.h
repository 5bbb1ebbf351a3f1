// Loading a configuration file through an Env (util/env.h), so that tests can fail the read.
// saring::LoadConfigFile (saring/config.h) is this with Env::Default().
//
// Thread-safety: as LoadConfigFile.
#ifndef SARING_PIPELINE_CONFIG_FILE_H_
#define SARING_PIPELINE_CONFIG_FILE_H_

#include <string>

#include "saring/config.h"
#include "util/env.h"

namespace saring::pipeline {

// Reads the YAML file at `path` through `env` and applies it to *options. NotFound if the file
// does not exist; the Env's IoError (naming the file) if it cannot be read; InvalidArgument
// naming the file and line for a bad setting.
Status LoadConfigFile(Env* env, const std::string& path, RunOptions* options);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_CONFIG_FILE_H_
