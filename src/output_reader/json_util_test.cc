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
  std::optional<LanguageView> object = LanguageOf(Parse(p1, R"({"language":{"code":"ms","score":0.81}})"));
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

TEST(JsonUtil, ScanFindsMembersInBrokenJson) {
  EXPECT_EQ(ScanForMember(R"({"id": "bad-1", "text": broken)", "id"), "bad-1");
  EXPECT_EQ(ScanForMember(R"({"text": "x \"id\" y", "id": 7, )", "id"), "7");
  EXPECT_EQ(ScanForMember(R"({"text": "no id here")", "id"), std::nullopt);
}

}  // namespace
}  // namespace saring::report
