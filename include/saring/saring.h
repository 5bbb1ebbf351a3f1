// saring.h: the whole public API of saring in one include, for projects that use the installed
// library (find_package(saring) -> saring::saring, or pkg-config --cflags --libs saring).
//
// Each header below is one concept and states its own contract and thread-safety; include the
// single header you need where build time matters. Nothing here prints, exits or throws across
// the API: failures are Status / Result values (saring/status.h).
#ifndef SARING_SARING_H_
#define SARING_SARING_H_

#include "saring/boilerplate.h"
#include "saring/config.h"
#include "saring/dedup_index.h"
#include "saring/explain.h"
#include "saring/extract.h"
#include "saring/file_util.h"
#include "saring/input.h"
#include "saring/json_string.h"
#include "saring/language_id.h"
#include "saring/lsh.h"
#include "saring/minhash.h"
#include "saring/near_dup.h"
#include "saring/normalize.h"
#include "saring/outcome.h"
#include "saring/output_files.h"
#include "saring/output_record.h"
#include "saring/parquet_writer.h"
#include "saring/quality.h"
#include "saring/record_reader.h"
#include "saring/repair.h"
#include "saring/report.h"
#include "saring/run.h"
#include "saring/run_stats.h"
#include "saring/shard_writer.h"
#include "saring/shingle_text.h"
#include "saring/stages.h"
#include "saring/status.h"
#include "saring/stopwords.h"
#include "saring/warc.h"
#include "saring/words.h"

#endif  // SARING_SARING_H_
