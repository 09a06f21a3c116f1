#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storyline/eval.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed after it.
class ExtractionSetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("storyline_extraction_sets_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& rel, const std::string& content) {
    const fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  std::string WriteGzip(const std::string& rel, const std::string& content) {
    const fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    gzFile f = gzopen(p.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    EXPECT_EQ(gzwrite(f, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
    gzclose(f);
    return p.string();
  }

  fs::path dir_;
};

bool Mentions(const Status& s, const std::string& text) {
  return s.message().find(text) != std::string::npos;
}

TEST_F(ExtractionSetsTest, ZyteReadsGzippedPagesAndTruth) {
  Write("ground-truth.json",
        R"({"p2": {"articleBody": "Second body.", "url": "https://b.example/"},
            "p1": {"articleBody": "First body.\n\nMore.", "url": "https://a.example/"},
            "p3": {"articleBody": "No page for this one."},
            "p4": {"url": "https://d.example/"}})");
  const std::string page1 = "<html><body><p>First body.</p><p>More.</p></body></html>";
  WriteGzip("html/p1.html.gz", page1);
  WriteGzip("html/p2.html.gz", "<p>Second body.</p>");
  WriteGzip("html/p4.html.gz", "<p>x</p>");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(LoadExtractionPages(ExtractionDataset::kZyte, dir_.string(), &pages, &errors).ok());
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].id, "p1");
  EXPECT_EQ(pages[0].html, page1);
  EXPECT_EQ(pages[0].truth, "First body.\n\nMore.");
  EXPECT_EQ(pages[1].id, "p2");
  EXPECT_EQ(pages[1].truth, "Second body.");
  // A missing articleBody is empty text, as in evaluate.py.
  EXPECT_EQ(pages[2].id, "p4");
  EXPECT_EQ(pages[2].truth, "");
  // The page without its HTML file is reported, naming the file.
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(Mentions(errors[0], "html/p3.html.gz")) << errors[0].ToString();
}

TEST_F(ExtractionSetsTest, ZyteMalformedGroundTruthNamesTheFile) {
  const std::string path = Write("ground-truth.json", R"({"p1": {"articleBody": )");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  Status s = LoadExtractionPages(ExtractionDataset::kZyte, dir_.string(), &pages, &errors);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, path)) << s.ToString();

  Write("ground-truth.json", R"({"p1": {"articleBody": 3}})");
  s = LoadExtractionPages(ExtractionDataset::kZyte, dir_.string(), &pages, &errors);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, "ground-truth.json") && Mentions(s, "p1")) << s.ToString();
}

TEST_F(ExtractionSetsTest, ZyteCorruptGzipIsAPageError) {
  Write("ground-truth.json", R"({"p1": {"articleBody": "x"}})");
  // A gzip header followed by garbage.
  Write("html/p1.html.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage", 18));
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(LoadExtractionPages(ExtractionDataset::kZyte, dir_.string(), &pages, &errors).ok());
  EXPECT_TRUE(pages.empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(Mentions(errors[0], "p1.html.gz")) << errors[0].ToString();
}

TEST_F(ExtractionSetsTest, MissingDatasetNamesThePath) {
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  const std::string missing = (dir_ / "nowhere").string();
  Status s = LoadExtractionPages(ExtractionDataset::kL3s, missing, &pages, &errors);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, missing)) << s.ToString();
  // A directory without the benchmark's files.
  s = LoadExtractionPages(ExtractionDataset::kZyte, dir_.string(), &pages, &errors);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, "ground-truth.json")) << s.ToString();
  s = LoadExtractionPages(ExtractionDataset::kCleanEval, dir_.string(), &pages, &errors);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, "input")) << s.ToString();
  // Folders there, but no page in them.
  fs::create_directories(dir_ / "input");
  fs::create_directories(dir_ / "GoldStandard");
  s = LoadExtractionPages(ExtractionDataset::kCleanEval, dir_.string(), &pages, &errors);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, "no pages")) << s.ToString();
}

TEST_F(ExtractionSetsTest, L3sTruthIsHeadlineAndFullTextSpans) {
  const std::string original = "<html><body><h1>Big news</h1><p>It happened.</p></body></html>";
  Write("original/u1.html", original);
  // Spans nest: the outer sel2 holds a sel0 block, which is not truth. Scripts are skipped.
  Write("annotated/u1.html",
        "<html><head><style>.x-nc-sel1 { color: black }</style></head><body>"
        "<span class=\"x-nc-sel0\">Home | World</span>"
        "<span class=\"x-nc-sel1\">Big news</span>"
        "<span class=\"x-nc-sel2\"><p><span class=\"x-nc-sel2\">It happened</span>"
        "<a href=\"#\"><span class=\"x-nc-sel2\">today</span></a>"
        "<span class=\"x-nc-sel2\">, in Z&uuml;rich.</span></p>"
        "<div><span class=\"x-nc-sel0\">Share this</span></div>"
        "<script>var x = 'not text';</script></span>"
        "<span class=\"x-nc-sel3\">Photo: caption</span>"
        "<span class=\"x-nc-sel5\">Related: other story</span>"
        "</body></html>");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(LoadExtractionPages(ExtractionDataset::kL3s, dir_.string(), &pages, &errors).ok());
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].id, "u1");
  EXPECT_EQ(pages[0].html, original);
  EXPECT_EQ(pages[0].truth, "Big news\nIt happened\ntoday\n, in Zürich.");
}

TEST_F(ExtractionSetsTest, L3sAnnotatedFileDecodedLikeTheExtractorDoes) {
  // Latin-1 bytes with a meta charset: decoded to UTF-8.
  Write("original/latin1.html", "<p>Z\xfcrich</p>");
  Write("annotated/latin1.html",
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=ISO-8859-1\"></head><body><span class=\"x-nc-sel2\">Z\xfcrich</span></body>"
        "</html>");
  // Valid UTF-8 declared as ISO-8859-1 is read as UTF-8, as ExtractHtml reads it.
  Write("original/mislabelled.html", "<p>Zürich</p>");
  Write("annotated/mislabelled.html",
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=ISO-8859-1\"></head><body><span class=\"x-nc-sel2\">Zürich</span></body>"
        "</html>");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(LoadExtractionPages(ExtractionDataset::kL3s, dir_.string(), &pages, &errors).ok());
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].truth, "Zürich");
  EXPECT_EQ(pages[1].truth, "Zürich");
}

TEST_F(ExtractionSetsTest, L3sUnpairedPagesAreReported) {
  Write("original/a.html", "<p>a</p>");
  Write("annotated/a.html", "<span class=\"x-nc-sel2\">a</span>");
  Write("original/only-original.html", "<p>b</p>");
  Write("annotated/only-annotated.html", "<span class=\"x-nc-sel2\">c</span>");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(LoadExtractionPages(ExtractionDataset::kL3s, dir_.string(), &pages, &errors).ok());
  ASSERT_EQ(pages.size(), 1u);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_TRUE(Mentions(errors[0], "annotated/only-original.html")) << errors[0].ToString();
  EXPECT_TRUE(Mentions(errors[1], "original/only-annotated.html")) << errors[1].ToString();
}

TEST_F(ExtractionSetsTest, CleanEvalDropsWrapperUrlAndMarkers) {
  Write("input/7.html",
        "<text id=\"http://a.example/\" title=\"A page\" encoding=\"unset\">\n"
        "<html><body><p>Hello there.</p></body></html>\n"
        "</text>\n");
  Write("GoldStandard/7.txt",
        "\xEF\xBB\xBFURL: http://a.example/\n"
        "\n"
        "<h>   A page\n"
        "\t<p>Hello there.\n"
        "continued line\r\n"
        "<l>  * item\n"
        "a <p> inside a line stays\n");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(
      LoadExtractionPages(ExtractionDataset::kCleanEval, dir_.string(), &pages, &errors).ok());
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].id, "7");
  EXPECT_EQ(pages[0].html, "<html><body><p>Hello there.</p></body></html>\n");
  EXPECT_EQ(pages[0].truth,
            "\n"
            "   A page\n"
            "\tHello there.\n"
            "continued line\r\n"
            "  * item\n"
            "a <p> inside a line stays\n");
  EXPECT_EQ(WordTokens(pages[0].truth),
            (std::vector<std::string>{"A", "page", "Hello", "there", "continued", "line", "item",
                                      "a", "p", "inside", "a", "line", "stays"}));
}

TEST_F(ExtractionSetsTest, CleanEvalMissingGoldIsReported) {
  Write("input/1.html", "<p>x</p>");
  Write("input/2.html", "<p>y</p>");
  Write("GoldStandard/2.txt", "URL: http://b.example/\n<p>y\n");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(
      LoadExtractionPages(ExtractionDataset::kCleanEval, dir_.string(), &pages, &errors).ok());
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].truth, "y\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(Mentions(errors[0], "GoldStandard/1.txt")) << errors[0].ToString();
}

// The real benchmarks, when the shared data is there: every page loads, and the truth scored
// against itself gives 1 (the metric's sanity check). CleanEval's 32.txt is empty in the data.
TEST(ExtractionDataTest, BenchmarksLoadAndTruthScoresOneAgainstItself) {
  const fs::path root = fs::path(STORYLINE_SHARED_DATA_DIR) / "extraction";
  if (!fs::exists(root)) GTEST_SKIP() << root << " is absent";
  struct Expected {
    ExtractionDataset dataset;
    const char* dir;
    size_t pages;
  };
  for (const Expected& e : {Expected{ExtractionDataset::kZyte, "zyte", 181},
                            Expected{ExtractionDataset::kL3s, "l3s-gn1", 621},
                            Expected{ExtractionDataset::kCleanEval, "cleaneval-dev", 58}}) {
    if (!fs::exists(root / e.dir)) continue;
    SCOPED_TRACE(e.dir);
    std::vector<ExtractionPage> pages;
    std::vector<Status> errors;
    ASSERT_TRUE(LoadExtractionPages(e.dataset, (root / e.dir).string(), &pages, &errors).ok());
    EXPECT_TRUE(errors.empty()) << errors.front().ToString();
    EXPECT_EQ(pages.size(), e.pages);
    std::vector<ExtractionPageScore> scores;
    for (const ExtractionPage& page : pages) {
      scores.push_back(ScoreExtractedText(page.truth, page.truth));
    }
    ExtractionScores s = SummarizeExtractionScores(scores);
    EXPECT_DOUBLE_EQ(s.f1, 1);
    EXPECT_DOUBLE_EQ(s.accuracy, 1);
  }
}

TEST(PredictedArticleTextTest, TitleOnlyWhereTheTruthHasTheHeadline) {
  Article article;
  article.title = "Headline";
  article.paragraphs = {"First paragraph.", "Second."};
  EXPECT_EQ(PredictedArticleText(article, ExtractionDataset::kZyte), "First paragraph.\nSecond.");
  EXPECT_EQ(PredictedArticleText(article, ExtractionDataset::kL3s),
            "Headline\nFirst paragraph.\nSecond.");
  EXPECT_EQ(PredictedArticleText(article, ExtractionDataset::kCleanEval),
            "Headline\nFirst paragraph.\nSecond.");
  article.title.clear();
  EXPECT_EQ(PredictedArticleText(article, ExtractionDataset::kL3s), "First paragraph.\nSecond.");
}

TEST(ParseExtractionDatasetTest, Names) {
  ExtractionDataset d;
  ASSERT_TRUE(ParseExtractionDataset("zyte", &d));
  EXPECT_EQ(d, ExtractionDataset::kZyte);
  ASSERT_TRUE(ParseExtractionDataset("l3s", &d));
  EXPECT_EQ(d, ExtractionDataset::kL3s);
  ASSERT_TRUE(ParseExtractionDataset("cleaneval", &d));
  EXPECT_EQ(d, ExtractionDataset::kCleanEval);
  EXPECT_FALSE(ParseExtractionDataset("Zyte", &d));
  EXPECT_FALSE(ParseExtractionDataset("", &d));
}

}  // namespace
}  // namespace storyline
