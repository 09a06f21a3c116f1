#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_map>
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
  EXPECT_EQ(pages[0].input, page1);
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
  EXPECT_EQ(pages[0].input, original);
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

TEST_F(ExtractionSetsTest, L3sTextLinesAreTextBlocksWithTheirLabels) {
  // Only annotated/ is read. Spans nest: a sel0 box inside the sel2 article is boilerplate; the
  // link inside a paragraph does not end its line; a sel5 comment, a sel4 related box, a sel3
  // caption and text outside any span are boilerplate; hidden, script and head text is left
  // out; the headline moves to the top.
  Write("annotated/u1.html",
        "<html><head><title>Site: Big news</title><style>.x-nc-sel1 {}</style></head><body>\n"
        "<ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World</a></li></ul>\n"
        "<div class=\"byline x-nc-invisible\">hidden text</div>\n"
        "<h1><span class=\"x-nc-sel1\">Big   news</span></h1>\n"
        "<span class=\"x-nc-sel2\"><p><span class=\"x-nc-sel2\">It happened</span>\n"
        "<a href=\"#\"><span class=\"x-nc-sel2\">today</span></a><span class=\"x-nc-sel2\">, "
        "in Z&uuml;rich.</span></p>\n"
        "<div><span class=\"x-nc-sel0\">Share this</span></div>\n"
        "<p><span class=\"x-nc-sel0\">See also</span>&nbsp;&nbsp;<span class=\"x-nc-sel2\">"
        "Second&nbsp;paragraph.</span></p>"
        "<script>var x = 'not text';</script></span>\n"
        "<span class=\"x-nc-sel3\">Photo: caption</span><br>"
        "<span class=\"x-nc-sel4\">Related: other story</span>"
        "<div><span class=\"x-nc-sel5\">First!</span><span class=\"x-nc-sel5\"> Great read</span>"
        "</div><p>   </p><span class=\"x-nc-sel2\">|</span>\n"
        "</body></html>");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(
      LoadExtractionPages(ExtractionDataset::kL3sText, dir_.string(), &pages, &errors).ok());
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].id, "u1");
  struct Expected {
    const char* text;
    bool content;
  };
  const std::vector<Expected> expected = {{"Big news", true},
                                          {"Home", false},
                                          {"World", false},
                                          {"It happened today, in Zürich.", true},
                                          {"Share this", false},
                                          {"See also", false},
                                          {"Second paragraph.", true},
                                          {"Photo: caption", false},
                                          {"Related: other story", false},
                                          {"First! Great read", false},
                                          {"|", true}};
  ASSERT_EQ(pages[0].lines.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(pages[0].lines[i].text, expected[i].text) << i;
    EXPECT_EQ(pages[0].lines[i].content, expected[i].content) << i;
  }
  // The page keeps the no-break spaces a text dump would show (these are in the outer sel2
  // span, so they open the content line); the lines collapse them.
  EXPECT_EQ(pages[0].input,
            "Big news\nHome\nWorld\nIt happened today, in Zürich.\nShare this\nSee also\n"
            "\u00a0\u00a0Second\u00a0paragraph.\nPhoto: caption\nRelated: other story\n"
            "First! Great read\n|");
  EXPECT_EQ(pages[0].truth, "Big news\nIt happened today, in Zürich.\nSecond paragraph.\n|");
}

TEST_F(ExtractionSetsTest, L3sTextPageWithoutHeadlineKeepsItsOrder) {
  Write("annotated/a.html",
        "<body><div>Menu</div><p><span class=\"x-nc-sel2\">Body text.</span></p></body>");
  // Lines of the first headline span only move; a later one stays where it is.
  Write("annotated/b.html",
        "<body><div>Menu</div><h1><span class=\"x-nc-sel1\">Title</span></h1>"
        "<h2><span class=\"x-nc-sel1\">Subtitle</span></h2></body>");
  std::vector<ExtractionPage> pages;
  std::vector<Status> errors;
  ASSERT_TRUE(
      LoadExtractionPages(ExtractionDataset::kL3sText, dir_.string(), &pages, &errors).ok());
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].input, "Menu\nBody text.");
  EXPECT_EQ(pages[1].input, "Title\nMenu\nSubtitle");
  EXPECT_EQ(pages[1].truth, "Title\nSubtitle");
}

TEST_F(ExtractionSetsTest, PredictionsAreReadByPageId) {
  const std::string path =
      Write("predictions.json", R"({"p1": "First body.\nMore.", "p2": null, "p3": ""})");
  std::unordered_map<std::string, std::string> predictions;
  ASSERT_TRUE(ReadExtractionPredictions(path, &predictions).ok());
  EXPECT_EQ(predictions.size(), 3u);
  EXPECT_EQ(predictions["p1"], "First body.\nMore.");
  EXPECT_EQ(predictions["p2"], "");  // a tool that gave up
  EXPECT_EQ(predictions["p3"], "");

  Write("bad.json", R"({"p1": ["not", "text"]})");
  Status s = ReadExtractionPredictions((dir_ / "bad.json").string(), &predictions);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, "bad.json") && Mentions(s, "p1")) << s.ToString();
  Write("list.json", R"(["p1"])");
  s = ReadExtractionPredictions((dir_ / "list.json").string(), &predictions);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, "list.json")) << s.ToString();
  s = ReadExtractionPredictions((dir_ / "none.json").string(), &predictions);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Mentions(s, "none.json")) << s.ToString();
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
  EXPECT_EQ(pages[0].input, "<html><body><p>Hello there.</p></body></html>\n");
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
                            Expected{ExtractionDataset::kL3sText, "l3s-gn1", 621},
                            Expected{ExtractionDataset::kCleanEval, "cleaneval-dev", 58}}) {
    if (!fs::exists(root / e.dir)) continue;
    SCOPED_TRACE(e.dir);
    std::vector<ExtractionPage> pages;
    std::vector<Status> errors;
    ASSERT_TRUE(LoadExtractionPages(e.dataset, (root / e.dir).string(), &pages, &errors).ok());
    EXPECT_TRUE(errors.empty()) << errors.front().ToString();
    EXPECT_EQ(pages.size(), e.pages);
    std::vector<ExtractionPageScore> scores;
    std::vector<LineKeepScore> line_scores;
    for (const ExtractionPage& page : pages) {
      scores.push_back(ScoreExtractedText(page.truth, page.truth));
      if (e.dataset == ExtractionDataset::kL3sText) {
        line_scores.push_back(ScoreKeptLines(page.lines, page.truth, nullptr));
      }
    }
    ExtractionScores s = SummarizeExtractionScores(scores);
    EXPECT_DOUBLE_EQ(s.f1, 1);
    EXPECT_DOUBLE_EQ(s.accuracy, 1);
    // Kept lines = the true lines: every content line found, no boilerplate line taken for one.
    if (e.dataset == ExtractionDataset::kL3sText) {
      const LineScores ls = SummarizeLineScores(line_scores);
      EXPECT_DOUBLE_EQ(ls.f1, 1);
      EXPECT_GT(ls.lines, 10 * pages.size());
    }
  }
}

TEST(PredictedArticleTextTest, TitleOnlyWhereTheTruthHasTheHeadline) {
  Article article;
  article.title = "Headline";
  article.paragraphs = {"First paragraph.", "Second."};
  EXPECT_EQ(PredictedArticleText(article, ExtractionDataset::kZyte), "First paragraph.\nSecond.");
  EXPECT_EQ(PredictedArticleText(article, ExtractionDataset::kL3s),
            "Headline\nFirst paragraph.\nSecond.");
  EXPECT_EQ(PredictedArticleText(article, ExtractionDataset::kL3sText),
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
  ASSERT_TRUE(ParseExtractionDataset("l3s-text", &d));
  EXPECT_EQ(d, ExtractionDataset::kL3sText);
  ASSERT_TRUE(ParseExtractionDataset("cleaneval", &d));
  EXPECT_EQ(d, ExtractionDataset::kCleanEval);
  EXPECT_FALSE(ParseExtractionDataset("Zyte", &d));
  EXPECT_FALSE(ParseExtractionDataset("", &d));
}

}  // namespace
}  // namespace storyline
