// WarcDocument: the document a worker builds from one WARC record, and the reasons it quarantines
// one; every case on bytes written here.
#include "pipeline/warc_document.h"

#include <gtest/gtest.h>

#include <string>

#include "io/warc_test_util.h"
#include "pipeline/doc_analyzer.h"
#include "pipeline/record_encoder.h"
#include "saring/input.h"

namespace saring::pipeline {
namespace {

using warc_test::HttpResponse;
using warc_test::ResponseRecord;
using warc_test::WarcRecord;
using warc_test::WetRecord;

const char kPage[] =
    "<html><head>%META%<title>Banjir</title></head><body><nav><a "
    "href='/'>Beranda</a></nav><article>"
    "<h1>Banjir merendam kota</h1><p>Hujan deras sejak Minggu malam membuat sungai meluap, kata "
    "petugas "
    "di lokasi. Caf\xe9 di tepi kali tutup.</p><p>Warga diminta waspada karena air diperkirakan "
    "naik lagi "
    "pada Senin sore, ujar dia kepada wartawan.</p></article><footer>Hak "
    "cipta</footer></body></html>";

std::string Page(const std::string& meta, bool utf8) {
  std::string page = kPage;
  page.replace(page.find("%META%"), 6, meta);
  if (utf8) page.replace(page.find('\xe9'), 1, "\xc3\xa9");
  return page;
}

class WarcDocumentTest : public ::testing::Test {
 protected:
  WarcDocumentTest() {
    config_.source_field = 0;
    config_.survivor_key_field = 1;
  }
  bool Build(const std::string& record, DocWork* d) {
    RecordRef r;
    r.format = RecordFormat::kWarc;
    r.byte_offset = 500;
    r.file_offset = 120;
    d->Reset();
    return builder_.Build(spec_, r, record, d);
  }
  AnalyzerConfig config_;
  WarcDocument builder_{config_};
  InputSpec spec_{"crawl/x.warc.gz", InputKind::kJsonl, {"crawl/x.warc.gz"}};
};

TEST_F(WarcDocumentTest, WetTextIsTheDocumentWithItsUrlDateAndOffsets) {
  DocWork d;
  ASSERT_TRUE(Build(WetRecord("abc", "https://news.example:8080/a?b", "Satu.\n\nDua.\n"), &d))
      << d.error_detail;
  EXPECT_EQ(d.parsed.id, "urn:uuid:abc");
  EXPECT_EQ(d.text, "Satu.\n\nDua.\n");
  EXPECT_EQ(d.text_bytes, d.text.size());
  EXPECT_EQ(d.source, "news.example");
  EXPECT_EQ(d.survivor_key, 1714557600);  // 2024-05-01T10:00:00Z
  EXPECT_TRUE(d.from_text_file && d.from_warc);
  std::string line;
  EncodeRemoved(d, {}, &line);
  EXPECT_NE(
      line.find(
          R"("metadata":{"source_file":"crawl/x.warc.gz","url":"https://news.example:8080/a?b",)"
          R"("date":"2024-05-01T10:00:00Z","warc_type":"conversion","warc_offset":120,)"
          R"("warc_stream_offset":500,"saring":)"),
      std::string::npos)
      << line;
}

TEST_F(WarcDocumentTest, HtmlIsDecodedFromEachCharsetSourceAndExtracted) {
  struct Case {
    std::string headers, meta;
    bool utf8;
    std::string source;
  };
  for (const Case& c :
       {Case{"Content-Type: text/html; charset=windows-1252\r\n", "", false, "http"},
        Case{"Content-Type: text/html\r\n", "<meta charset=\"iso-8859-1\">", false, "meta"},
        Case{"Content-Type: text/html; charset=utf-8\r\n", "", true, "http"},
        Case{"Content-Type: text/html\r\n",
             "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">", true,
             "meta"}}) {
    DocWork d;
    ASSERT_TRUE(Build(ResponseRecord("p", "https://b.example/p",
                                     HttpResponse(200, c.headers, Page(c.meta, c.utf8))),
                      &d))
        << d.error_detail;
    EXPECT_NE(d.text.find("Caf\xc3\xa9 di tepi kali tutup."), std::string::npos)
        << c.source << ": " << d.text;
    EXPECT_EQ(d.text.find("Beranda"), std::string::npos) << d.text;
    EXPECT_NE(d.record_metadata.find("\"charset_source\":\"" + c.source + "\""), std::string::npos)
        << d.record_metadata;
    EXPECT_NE(d.record_metadata.find("\"http_status\":200"), std::string::npos);
  }
  // A BOM wins over a wrong HTTP label; an HTML resource record has no HTTP head.
  DocWork d;
  std::string bom_page = "\xef\xbb\xbf" + Page("", true);
  ASSERT_TRUE(
      Build(ResponseRecord(
                "b", "https://b.example/b",
                HttpResponse(200, "Content-Type: text/html; charset=windows-1252\r\n", bom_page)),
            &d));
  EXPECT_NE(d.text.find("Caf\xc3\xa9"), std::string::npos);
  EXPECT_NE(d.record_metadata.find("\"charset_source\":\"bom\""), std::string::npos);
  ASSERT_TRUE(
      Build(WarcRecord("resource", "r", "file:///p.html", "text/html", Page("", true)), &d));
  EXPECT_NE(d.text.find("Caf\xc3\xa9"), std::string::npos);
  EXPECT_EQ(d.record_metadata.find("http_status"), std::string::npos);
}

TEST_F(WarcDocumentTest, DamagedContentIsQuarantinedWithItsPlace) {
  DocWork d;
  EXPECT_FALSE(Build(ResponseRecord("e", "https://b.example/e",
                                    HttpResponse(200, "Content-Encoding: br\r\n", "xx")),
                     &d));
  EXPECT_EQ(d.fate, DocFate::kQuarantined);
  EXPECT_EQ(d.error, RecordError::kDamagedRecord);
  EXPECT_NE(d.error_detail.find("crawl/x.warc.gz"), std::string::npos);
  EXPECT_NE(d.error_detail.find("file offset 120"), std::string::npos);
  EXPECT_FALSE(
      Build(ResponseRecord("c", "https://b.example/c",
                           HttpResponse(200, "Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n")),
            &d));
  EXPECT_NE(d.error_detail.find("chunk"), std::string::npos);
  EXPECT_FALSE(Build(ResponseRecord("h", "https://b.example/h", "not http at all"), &d));
  EXPECT_NE(d.error_detail.find("HTTP"), std::string::npos);
  EXPECT_FALSE(Build(WetRecord("u", "https://b.example/u", "bad \xff byte"), &d));
  EXPECT_EQ(d.error, RecordError::kInvalidUtf8);
  EXPECT_FALSE(Build(WetRecord("n", "https://b.example/n", std::string("nul \0 byte", 10)), &d));
  EXPECT_EQ(d.error, RecordError::kNulByte);
}

}  // namespace
}  // namespace saring::pipeline
