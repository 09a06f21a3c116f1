#include "storyline/timestamp.h"

#include <gtest/gtest.h>

namespace storyline {
namespace {

TEST(TimestampTest, Rfc3339Forms) {
  EXPECT_EQ(ParseTimestamp("2023-03-20T08:25:00Z"), 1679300700);
  EXPECT_EQ(ParseTimestamp("2023-03-20T11:25:00+03:00"), 1679300700);
  EXPECT_EQ(ParseTimestamp("2023-03-20T03:25:00.250-0500"), 1679300700);
  EXPECT_EQ(ParseTimestamp("2023-03-20 08:25"), 1679300700);
  EXPECT_EQ(ParseTimestamp("2023-03-20"), 1679270400);
  EXPECT_EQ(ParseTimestamp("  2023-03-20T08:25:00Z\n"), 1679300700);
}

TEST(TimestampTest, EpochSecondsAndMilliseconds) {
  EXPECT_EQ(ParseTimestamp("1679300700"), 1679300700);
  EXPECT_EQ(ParseTimestamp("1394470370698"), 1394470370);  // UCI's TIMESTAMP column
}

TEST(TimestampTest, RejectsGarbage) {
  EXPECT_FALSE(ParseTimestamp(""));
  EXPECT_FALSE(ParseTimestamp("yesterday"));
  EXPECT_FALSE(ParseTimestamp("2023-13-01"));
  EXPECT_FALSE(ParseTimestamp("2023-02-30"));
  EXPECT_FALSE(ParseTimestamp("2023-03-20T25:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2023-03-20Tjunk"));
  EXPECT_FALSE(ParseTimestamp("99999999999999"));
}

TEST(TimestampTest, FormatRoundTrips) {
  EXPECT_EQ(FormatTimestamp(1679300700), "2023-03-20T08:25:00Z");
  for (int64_t t : {0LL, 951782400LL, 1679300700LL, 4102444799LL}) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(t)), t) << t;
  }
}

}  // namespace
}  // namespace storyline
