# The fuzz targets and the saring library each one needs; shared by fuzz/CMakeLists.txt (the
# libFuzzer build) and fuzz/replay.cmake (the replay build with any compiler).
# Target <name> is built from fuzz/<name>_fuzzer.cc; its seeds live in fuzz/corpus/<name>/ and its
# crash reproducers in fuzz/regressions/<name>/.
set(SARING_FUZZ_TARGETS record_parser record_reader normalize words repair config dedup_index extract warc_reader)
set(SARING_FUZZ_LIB_record_parser saring_pipeline)
set(SARING_FUZZ_LIB_record_reader saring_io)
set(SARING_FUZZ_LIB_normalize saring_text)
set(SARING_FUZZ_LIB_words saring_text)
set(SARING_FUZZ_LIB_repair saring_text)
set(SARING_FUZZ_LIB_config saring_pipeline)
set(SARING_FUZZ_LIB_dedup_index saring_neardup)
set(SARING_FUZZ_LIB_extract saring_extract)
set(SARING_FUZZ_LIB_warc_reader saring_io)
