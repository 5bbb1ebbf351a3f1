#include "output_reader/json_util.h"

#include <gtest/gtest.h>

#include <string>

namespace saring::report {
namespace {

simdjson::dom::element Parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element e;
  EXPECT_EQ(parser.parse(json).get(e), simdjson::SUCCESS) << json;
  return e;
}

TEST(JsonUtil, LanguageInBothRecordedForms) {
  simdjson::dom::parser p1, p2, p3;
  std::optional<LanguageView> object =
      LanguageOf(Parse(p1, R"({"language":{"code":"ms","score":0.81}})"));
  ASSERT_TRUE(object);
  EXPECT_EQ(object->code, "ms");
  EXPECT_EQ(object->score, 0.81);
  std::optional<LanguageView> bare = LanguageOf(Parse(p2, R"({"language":"jv","score":0.5})"));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->code, "jv");
  EXPECT_EQ(bare->score, 0.5);
  EXPECT_FALSE(LanguageOf(Parse(p3, R"({"reason":"quality"})")));
}

TEST(JsonUtil, IdsOfAnyScalarType) {
  simdjson::dom::parser parser;
  EXPECT_EQ(IdOf(Parse(parser, R"({"id":"a-1"})"), "id"), "a-1");
  EXPECT_EQ(IdOf(Parse(parser, R"({"id":42})"), "id"), "42");
  EXPECT_EQ(IdOf(Parse(parser, R"({"doc":"x"})"), "id"), std::nullopt);
}

TEST(JsonUtil, AnnotationUnderMetadataOrTopLevelWhenMetadataIsNoObject) {
  simdjson::dom::parser p1, p2, p3, p4;
  std::optional<simdjson::dom::element> nested = SaringOf(Parse(
      p1, R"({"id":"a","metadata":{"saring":{"reason":"quality"}},"saring":{"reason":"x"}})"));
  ASSERT_TRUE(nested);
  EXPECT_EQ(StringMember(*nested, "reason"), "quality");
  std::optional<simdjson::dom::element> top =
      SaringOf(Parse(p2, R"({"id":"b","metadata":[1],"saring":{"reason":"language"}})"));
  ASSERT_TRUE(top);
  EXPECT_EQ(StringMember(*top, "reason"), "language");
  EXPECT_FALSE(SaringOf(Parse(p3, R"({"id":"c","saring":{"reason":"language"}})")));
  EXPECT_FALSE(SaringOf(Parse(p4, R"({"id":"d","metadata":{"source":"x"}})")));
}

TEST(JsonUtil, RawBytesOfQuarantineRecords) {
  simdjson::dom::parser p1, p2, p3;
  EXPECT_EQ(RawBytes(Parse(p1, R"({"error":"malformed_json","raw":"{\"id\": 1"})")), "{\"id\": 1");
  EXPECT_EQ(RawBytes(Parse(p2, R"({"error":"invalid_utf8","raw_base64":"eyJpZCI6Iv8ifQ=="})")),
            "{\"id\":\"\xff\"}");
  EXPECT_EQ(RawBytes(Parse(p3, R"({"error":"invalid_utf8"})")), "");
}

TEST(JsonUtil, ScanFindsMembersInBrokenJson) {
  EXPECT_EQ(ScanForMember(R"({"id": "bad-1", "text": broken)", "id"), "bad-1");
  EXPECT_EQ(ScanForMember(R"({"text": "x \"id\" y", "id": 7, )", "id"), "7");
  EXPECT_EQ(ScanForMember(R"({"text": "no id here")", "id"), std::nullopt);
}

}  // namespace
}  // namespace saring::report
