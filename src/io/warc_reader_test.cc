// The WARC/WET reader: records found in plain and gzip files, non-documents counted, damage
// quarantined with its offsets and the records after it still read; and format sniffing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/format_sniff.h"
#include "io/io_test_util.h"
#include "io/warc_test_util.h"
#include "saring/input.h"
#include "saring/record_reader.h"
#include "saring/warc.h"

namespace saring {
namespace {

using io_test::GzipMember;
using io_test::ReadJsonlFile;
using io_test::ReadRecord;
using io_test::ScratchDir;
using io_test::WriteFixture;
using warc_test::HttpResponse;
using warc_test::ResponseRecord;
using warc_test::WarcInfo;
using warc_test::WarcRecord;
using warc_test::WetRecord;

std::vector<std::string> Texts(size_t n) {
  std::vector<std::string> texts;
  for (size_t i = 0; i < n; ++i) {
    std::string t = "Dokumen nomor " + std::to_string(i) + ".\n";
    for (size_t j = 0; j < 5 + i % 7; ++j)
      t += "Kalimat ke-" + std::to_string(j) + " tentang berita hari ini, ümlaut é.\n";
    texts.push_back(t);
  }
  return texts;
}

// The WET records of `texts`, one string each (warcinfo first when `info`).
std::vector<std::string> WetRecords(const std::vector<std::string>& texts, bool info = true) {
  std::vector<std::string> records;
  if (info) records.push_back(WarcInfo());
  for (size_t i = 0; i < texts.size(); ++i) {
    records.push_back(WetRecord(
        "id-" + std::to_string(i),
        "https://site" + std::to_string(i % 3) + ".example/p" + std::to_string(i), texts[i]));
  }
  return records;
}

std::string Join(const std::vector<std::string>& parts, bool gzip_each) {
  std::string out;
  for (const std::string& p : parts) out += gzip_each ? GzipMember(p) : p;
  return out;
}

// The block of a kWarc record (after its header).
std::string BlockOf(const ReadRecord& r) {
  WarcHeader h;
  std::string error;
  EXPECT_TRUE(ParseWarcHeader(r.bytes, &h, &error)) << error;
  return r.bytes.substr(h.header_bytes);
}

std::vector<ReadRecord> ReadWarc(const std::string& path, ReaderCounters* counters = nullptr,
                                 ReaderOptions options = {}) {
  return ReadJsonlFile(path, options, counters);
}

class WarcReaderTest : public ::testing::TestWithParam<bool> {};

TEST_P(WarcReaderTest, ReadsEveryTextAndCountsTheRest) {
  const bool gzip = GetParam();
  ScratchDir dir;
  std::vector<std::string> texts = Texts(40);
  std::vector<std::string> parts = WetRecords(texts);
  parts.insert(parts.begin() + 5, WarcRecord("metadata", "m", "https://x.example/",
                                             "application/warc-fields", "a: b\r\n"));
  std::string path = dir.path() + (gzip ? "/a.warc.wet.gz" : "/a.warc.wet");
  WriteFixture(path, Join(parts, gzip));
  ReaderCounters counters;
  ReaderOptions small;
  small.batch_bytes = 700;  // many batches
  std::vector<ReadRecord> got = ReadWarc(path, &counters, small);
  ASSERT_EQ(got.size(), texts.size());
  uint64_t file_offset = GzipMember(parts[0]).size() + GzipMember(parts[1]).size() +
                         GzipMember(parts[2]).size() + GzipMember(parts[3]).size() +
                         GzipMember(parts[4]).size() + GzipMember(parts[5]).size();
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].ref.status, RecordStatus::kOk);
    EXPECT_EQ(got[i].ref.format, RecordFormat::kWarc);
    EXPECT_EQ(BlockOf(got[i]), texts[i]);
  }
  // The fifth document follows warcinfo, four documents and the metadata record.
  EXPECT_EQ(got[4].ref.file_offset, gzip ? file_offset : got[4].ref.byte_offset);
  EXPECT_EQ(counters.skipped_records,
            (std::map<std::string, uint64_t>{{"metadata", 1}, {"warcinfo", 1}}));
  EXPECT_EQ(counters.compression, gzip ? Compression::kGzip : Compression::kNone);
}

TEST_P(WarcReaderTest, CorruptMemberIsQuarantinedAndTheRestRead) {
  const bool gzip = GetParam();
  ScratchDir dir;
  std::vector<std::string> texts = Texts(10);
  std::vector<std::string> parts = WetRecords(texts, false);
  std::string data;
  uint64_t damaged_offset = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string member = gzip ? GzipMember(parts[i]) : parts[i];
    if (i == 4) {
      damaged_offset = data.size();
      // gzip: flip deflate bytes in the middle; plain: break the Content-Length.
      if (gzip) {
        for (size_t k = 20; k < 40; ++k) member[k] = static_cast<char>(member[k] ^ 0x5a);
      } else {
        size_t at = member.find("Content-Length: ") + 16;
        member.insert(at, 1, '9');  // insert(at, "9") trips GCC 12's false -Wrestrict (bug 105329)
      }
    }
    data += member;
  }
  std::string path = dir.path() + "/d.warc";
  WriteFixture(path, data);
  std::vector<ReadRecord> got = ReadWarc(path);
  ASSERT_EQ(got.size(), texts.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (i == 4) {
      EXPECT_EQ(got[i].ref.status, RecordStatus::kDamaged);
      EXPECT_EQ(got[i].ref.file_offset, damaged_offset);
      EXPECT_NE(got[i].ref.error.find(path), std::string::npos) << got[i].ref.error;
      EXPECT_NE(got[i].ref.error.find(std::to_string(damaged_offset)), std::string::npos)
          << got[i].ref.error;
      continue;
    }
    EXPECT_EQ(got[i].ref.status, RecordStatus::kOk) << i << ": " << got[i].ref.error;
    EXPECT_EQ(BlockOf(got[i]), texts[i]);
  }
}

TEST_P(WarcReaderTest, TruncatedLastRecordIsQuarantined) {
  const bool gzip = GetParam();
  ScratchDir dir;
  std::vector<std::string> texts = Texts(4);
  std::string data = Join(WetRecords(texts, false), gzip);
  data.resize(data.size() - 30);
  std::string path = dir.path() + "/t.warc";
  WriteFixture(path, data);
  std::vector<ReadRecord> got = ReadWarc(path);
  ASSERT_EQ(got.size(), 4u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(BlockOf(got[i]), texts[i]);
  EXPECT_EQ(got[3].ref.status, RecordStatus::kDamaged);
  EXPECT_NE(got[3].ref.error.find(gzip ? "truncated" : "past the end of the file"),
            std::string::npos)
      << got[3].ref.error;
}

INSTANTIATE_TEST_SUITE_P(PlainAndGzip, WarcReaderTest, ::testing::Bool());

TEST(WarcReader, GarbageBetweenRecordsAndLostMembersAreQuarantined) {
  ScratchDir dir;
  std::vector<std::string> texts = Texts(6);
  std::vector<std::string> parts = WetRecords(texts, false);
  // Plain: junk between records 1 and 2.
  std::string plain =
      parts[0] + parts[1] + "junk junk\nmore junk\n" + parts[2] + parts[3] + parts[4] + parts[5];
  WriteFixture(dir.path() + "/p.warc", plain);
  std::vector<ReadRecord> got = ReadWarc(dir.path() + "/p.warc");
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(got[2].ref.status, RecordStatus::kDamaged);
  EXPECT_EQ(got[2].bytes, "junk junk\nmore junk\n");
  for (size_t i = 3; i < 7; ++i) EXPECT_EQ(BlockOf(got[i]), texts[i - 1]);
  // Gzip: a member replaced by bytes that are not gzip, and zero padding at the end.
  std::string gz = GzipMember(parts[0]) + GzipMember(parts[1]) + std::string(100, 'x') +
                   GzipMember(parts[3]) + std::string(16, '\0');
  WriteFixture(dir.path() + "/g.warc.gz", gz);
  got = ReadWarc(dir.path() + "/g.warc.gz");
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(BlockOf(got[1]), texts[1]);
  EXPECT_EQ(got[2].ref.status, RecordStatus::kDamaged);
  EXPECT_EQ(got[2].ref.file_offset, GzipMember(parts[0]).size() + GzipMember(parts[1]).size());
  EXPECT_EQ(BlockOf(got[3]), texts[3]);
  EXPECT_EQ(got[4].ref.status, RecordStatus::kDamaged);
}

TEST(WarcReader, MemberFailingItsCrcCheckIsQuarantined) {
  ScratchDir dir;
  std::vector<std::string> texts = Texts(3);
  std::vector<std::string> parts = WetRecords(texts, false);
  std::string bad = GzipMember(parts[1]);
  bad[bad.size() - 6] ^=
      0x01;  // inside the CRC-32 of the trailer: the data decodes, the check fails
  std::string first = GzipMember(parts[0]);
  WriteFixture(dir.path() + "/c.warc.gz", first + bad + GzipMember(parts[2]));
  std::vector<ReadRecord> got = ReadWarc(dir.path() + "/c.warc.gz");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(BlockOf(got[0]), texts[0]);
  EXPECT_EQ(got[1].ref.status, RecordStatus::kDamaged);
  EXPECT_EQ(got[1].ref.file_offset, first.size());
  EXPECT_NE(got[1].ref.error.find("corrupt"), std::string::npos) << got[1].ref.error;
  EXPECT_EQ(BlockOf(got[2]), texts[2]);
}

TEST(WarcReader, WholeFileGzipAndSloppyTrailers) {
  ScratchDir dir;
  std::vector<std::string> texts = Texts(5);
  std::string data;
  for (const std::string& r : WetRecords(texts)) data += r.substr(0, r.size() - 2);  // "\r\n" only
  WriteFixture(dir.path() + "/w.warc.gz", GzipMember(data));
  ReaderCounters counters;
  std::vector<ReadRecord> got = ReadWarc(dir.path() + "/w.warc.gz", &counters);
  ASSERT_EQ(got.size(), texts.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].ref.status, RecordStatus::kOk) << got[i].ref.error;
    EXPECT_EQ(BlockOf(got[i]), texts[i]);
    EXPECT_EQ(got[i].ref.file_offset, 0u);
  }
  EXPECT_EQ(counters.skipped_records["warcinfo"], 1u);
}

TEST(WarcReader, ResponsesAreDocumentsOnlyWhenTheyAreHtmlPages) {
  ScratchDir dir;
  std::string html = "<html><body><p>Halo dunia</p></body></html>";
  std::string data =
      WarcInfo() +
      WarcRecord("request", "q", "https://a.example/", "application/http; msgtype=request",
                 "GET / HTTP/1.1\r\n\r\n") +
      ResponseRecord("r1", "https://a.example/",
                     HttpResponse(200, "Content-Type: text/html; charset=utf-8\r\n", html)) +
      ResponseRecord("r2", "https://a.example/x",
                     HttpResponse(404, "Content-Type: text/html\r\n", html)) +
      ResponseRecord("r3", "https://a.example/i.png",
                     HttpResponse(200, "Content-Type: image/png\r\n", "\x89PNG")) +
      ResponseRecord("r4", "https://a.example/y", HttpResponse(200, "", html)) +
      WarcRecord("resource", "s", "file:///a.html", "text/html", html) +
      WarcRecord("revisit", "v", "https://a.example/", "", "");
  WriteFixture(dir.path() + "/r.warc", data);
  ReaderCounters counters;
  std::vector<ReadRecord> got = ReadWarc(dir.path() + "/r.warc", &counters);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_NE(got[0].bytes.find("urn:uuid:r1"), std::string::npos);
  EXPECT_NE(got[1].bytes.find("urn:uuid:r4"), std::string::npos);
  EXPECT_NE(got[2].bytes.find("urn:uuid:s"), std::string::npos);
  EXPECT_EQ(counters.skipped_records, (std::map<std::string, uint64_t>{{"request", 1},
                                                                       {"response_not_html", 1},
                                                                       {"response_not_ok", 1},
                                                                       {"revisit", 1},
                                                                       {"warcinfo", 1}}));
}

TEST(WarcReader, TooLongRecordKeepsAPrefixAndTheNextIsRead) {
  ScratchDir dir;
  std::vector<std::string> texts = {std::string(5000, 'a'), "short text\n"};
  WriteFixture(dir.path() + "/l.warc.gz", Join(WetRecords(texts, false), true));
  ReaderOptions options;
  options.max_record_bytes = 1000;
  options.too_long_prefix_bytes = 300;
  std::vector<ReadRecord> got = ReadWarc(dir.path() + "/l.warc.gz", nullptr, options);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].ref.status, RecordStatus::kTooLong);
  EXPECT_EQ(got[0].bytes.size(), 300u);
  EXPECT_GT(got[0].ref.full_length, 5000u);
  EXPECT_EQ(BlockOf(got[1]), texts[1]);
}

TEST(WarcRecord, HttpBodiesAreDecoded) {
  std::string body = "<p>chunked and gzipped</p>";
  std::string gz = GzipMember(body);
  std::string chunked = "5\r\n" + gz.substr(0, 5) + "\r\n" + std::to_string(0) + "\r\n";
  chunked = "5\r\n" + gz.substr(0, 5) + "\r\n";
  char hex[16];
  snprintf(hex, sizeof(hex), "%zx", gz.size() - 5);
  chunked += std::string(hex) + ";ext=1\r\n" + gz.substr(5) + "\r\n0\r\n\r\n";
  std::string block = HttpResponse(
      200, "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n",
      chunked);
  HttpHead head;
  std::string error;
  ASSERT_TRUE(ParseHttpHead(block, &head, &error)) << error;
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.chunked);
  std::string out;
  bool truncated = true;
  ASSERT_TRUE(DecodeHttpBody(head, block, 1 << 20, &out, &truncated).ok());
  EXPECT_EQ(out, body);
  EXPECT_FALSE(truncated);
  ASSERT_TRUE(DecodeHttpBody(head, block, 7, &out, &truncated).ok());
  EXPECT_EQ(out, body.substr(0, 7));
  EXPECT_TRUE(truncated);
  std::string br = HttpResponse(200, "Content-Encoding: br\r\n", "xx");
  ASSERT_TRUE(ParseHttpHead(br, &head, &error));
  Status s = DecodeHttpBody(head, br, 100, &out, &truncated);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'br'"), std::string::npos);
  EXPECT_FALSE(ParseHttpHead("GET / HTTP/1.1\r\n\r\n", &head, &error));
  WarcHeader h;
  EXPECT_FALSE(ParseWarcHeader("WARC/1.0\r\nWARC-Type: x\r\n\r\n", &h, &error));
  EXPECT_NE(error.find("Content-Length"), std::string::npos);
}

TEST(FormatSniff, UnreadableFormatsAreRefusedByName) {
  ScratchDir dir;
  struct Case {
    std::string name, bytes, what;
  };
  std::string tar(512, '\0');
  tar.replace(257, 5, "ustar");
  std::vector<Case> cases = {
      {"a.jsonl", std::string("PK\x03\x04", 4) + "zipdata", "ZIP archive"},
      {"b.jsonl", "\x89PNG\r\n\x1a\nxxxx", "PNG image"},
      {"c.json", "%PDF-1.7\n", "PDF document"},
      {"d.jsonl",
       "\x7f"
       "ELF\x02\x01",
       "ELF executable"},
      {"e.jsonl.gz", GzipMember(tar), "gzip-compressed file holding a tar archive"},
      {"f.jsonl", "BZh91AY&SY", "bzip2"},
      {"g.jsonl",
       std::string("\xfd"
                   "7zXZ\0\0",
                   7),
       "xz"},
      {"h.jsonl", tar, "tar archive"},
      {"i.jsonl.zst", io_test::ZstdFrame("WARC/1.0\r\n"), "zstd-compressed WARC"},
  };
  for (const Case& c : cases) {
    std::string path = dir.path() + "/" + c.name;
    WriteFixture(path, c.bytes);
    Result<std::unique_ptr<RecordReader>> r =
        RecordReader::Open(InputSpec{path, InputKind::kJsonl, {path}}, {});
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find(c.what), std::string::npos) << r.status().message();
    Result<std::vector<InputSpec>> expanded = ExpandInputs({path}, {}, nullptr);
    ASSERT_FALSE(expanded.ok()) << c.name;
    EXPECT_NE(expanded.status().message().find(c.what), std::string::npos);
  }
  // A folder follows the same rule; its WARC and WET files are inputs.
  ScratchDir folder;
  WriteFixture(folder.path() + "/x.warc.wet.gz", GzipMember(WarcInfo()));
  WriteFixture(folder.path() + "/y.warc", WarcInfo());
  WriteFixture(folder.path() + "/z.jsonl", "{\"text\":\"a\"}\n");
  Result<std::vector<InputSpec>> ok = ExpandInputs({folder.path()}, {}, nullptr);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->size(), 3u);
  EXPECT_EQ((*ok)[0].path, folder.path() + "/x.warc.wet.gz");
  WriteFixture(folder.path() + "/w.jsonl", "\x89PNG\r\n\x1a\nxxxx");
  Result<std::vector<InputSpec>> refused = ExpandInputs({folder.path()}, {}, nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("w.jsonl"), std::string::npos);
  // JSON lines and WARC are told apart by their bytes, whatever the name.
  EXPECT_EQ(io_internal::SniffBytes("{\"text\":1}\n").format, io_internal::FileFormat::kJsonl);
  EXPECT_EQ(io_internal::SniffBytes("WARC/1.1\r\n").format, io_internal::FileFormat::kWarc);
  EXPECT_EQ(io_internal::SniffBytes("PAR1....").format, io_internal::FileFormat::kParquet);
}

}  // namespace
}  // namespace saring
