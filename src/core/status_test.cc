#include "storyline/status.h"

#include <gtest/gtest.h>

#include "storyline/document.h"

namespace storyline {
namespace {

Status FailIfNegative(int x) {
  if (x < 0) return Status::InvalidArgument("negative");
  return Status::Ok();
}

Status Chain(int x) {
  STORYLINE_RETURN_IF_ERROR(FailIfNegative(x));
  return Status::NotFound("reached the end");
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesKindAndMessage) {
  Status s = Status::IoError("cannot read x.html");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_EQ(s.ToString(), "I/O error: cannot read x.html");
}

TEST(StatusTest, ReturnIfErrorStopsAtFirstFailure) {
  EXPECT_EQ(Chain(-1).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(Chain(1).code(), Status::Code::kNotFound);
}

TEST(DocumentTest, TextBytesCountsParagraphs) {
  Document d;
  d.paragraphs = {"abc", "de"};
  EXPECT_EQ(d.TextBytes(), 5u);
}

TEST(DocumentTest, RelationNames) {
  EXPECT_STREQ(CopyRelationName(CopyRelation::kRewrite), "rewrite");
  EXPECT_STREQ(CopyRelationName(CopyRelation::kPartial), "partial");
}

}  // namespace
}  // namespace storyline
