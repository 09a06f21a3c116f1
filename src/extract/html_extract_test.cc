#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "storyline/extract.h"
#include "storyline/timestamp.h"

namespace storyline {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string TestData(const std::string& name) {
  return ReadFile(std::filesystem::path(STORYLINE_SOURCE_DIR) / "src/extract/testdata" / name);
}

std::string Joined(const Article& a) {
  std::string out;
  for (const std::string& p : a.paragraphs) out += p + "\n";
  return out;
}

TEST(ExtractHtmlTest, MetadataFromOpenGraphJsonLdAndLinks) {
  Article a = ExtractHtml(TestData("news_article.html"), {});
  // og:title wins over <h1> and <title>; the " | Coastal Herald" suffix names the site.
  EXPECT_EQ(a.title, "Harbour bridge reopens after two years of repairs");
  EXPECT_EQ(a.site_name, "Coastal Herald");
  EXPECT_EQ(a.canonical_url, "https://coastalherald.example/news/bridge-reopens");
  EXPECT_EQ(a.author, "Maria Lindqvist");
  // JSON-LD datePublished inside @graph, with an offset.
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(FormatTimestamp(*a.published), "2023-03-20T07:25:00Z");
}

TEST(ExtractHtmlTest, KeepsArticleParagraphsAndDropsBoilerplate) {
  Article a = ExtractHtml(TestData("news_article.html"), {});
  const std::string body = Joined(a);
  // Every article paragraph, the subheading and the quote survive, in order.
  const char* kept[] = {"The harbour bridge reopened",          "Hundreds of residents walked",
                        "\"This bridge carries forty thousand", "Costs rose during the works",
                        "The repairs cost 84 million",          "Engineers said the new supports",
                        "Local businesses on both sides"};
  size_t last = 0;
  for (const char* k : kept) {
    size_t pos = body.find(k);
    ASSERT_NE(pos, std::string::npos) << k << "\n--- body:\n" << body;
    EXPECT_GE(pos, last) << "out of order: " << k;
    last = pos;
  }
  // Navigation, cookie banner, share widgets, related links, comments, the comment form,
  // sidebar, footer, scripts and styles are gone.
  for (const char* junk :
       {"Sport", "We use cookies", "Share on Twitter", "Ferry timetable", "Another bridge",
        "Finally! I have been waiting", "outrageous amount", "Write your comment", "Storm warning",
        "Copyright 2023", "quick brown fox", "font-family", "Most read"}) {
    EXPECT_THAT(body, Not(HasSubstr(junk))) << junk;
  }
  // The headline is the title, not a paragraph.
  EXPECT_THAT(a.paragraphs, Not(Contains(a.title)));
}

TEST(ExtractHtmlTest, ExplainGivesAReasonForEveryBlock) {
  std::vector<BlockDecision> decisions;
  Article a = ExplainHtml(TestData("news_article.html"), {}, &decisions);
  size_t kept = 0;
  bool saw_comment_reason = false, saw_link_dense = false, saw_nav = false;
  for (const BlockDecision& d : decisions) {
    EXPECT_FALSE(d.reason.empty());
    EXPECT_FALSE(d.text.empty());
    kept += d.kept;
    if (d.text.find("outrageous amount") != std::string::npos) {
      EXPECT_FALSE(d.kept);
      saw_comment_reason = d.reason.find("comment") != std::string::npos;
    }
    if (d.text == "Ferry timetable changes from April") {
      EXPECT_FALSE(d.kept);
      // The read-more list carries a boilerplate-class mark; were it absent, it is link-dense.
      saw_link_dense = !d.reason.empty();
    }
    // Inside <header class="site-header"><nav>: the outermost mark names the reason.
    if (d.text == "Sport") saw_nav = d.reason.find("boilerplate") != std::string::npos;
  }
  EXPECT_EQ(kept, a.paragraphs.size());
  EXPECT_TRUE(saw_comment_reason);
  EXPECT_TRUE(saw_link_dense);
  EXPECT_TRUE(saw_nav);
}

TEST(ExtractHtmlTest, ChoosesMainBlockAmongUnmarkedSidebars) {
  Article a = ExtractHtml(TestData("sidebars.html"), {});
  const std::string body = Joined(a);
  EXPECT_THAT(body, HasSubstr("Fruit growers across the valley"));
  EXPECT_THAT(body, HasSubstr("\"We did everything we could"));
  EXPECT_THAT(body, Not(HasSubstr("Our newsroom is open")));
  EXPECT_THAT(body, Not(HasSubstr("Weather: cloudy")));
  EXPECT_THAT(body, Not(HasSubstr("Council approves")));
  // No og:title or <h1>: the <title> without its " - Valley Times" suffix.
  EXPECT_EQ(a.title, "Orchard growers count frost damage");
  EXPECT_EQ(a.canonical_url, "https://www.valleytimes.example/orchards/frost");
  // <time datetime> inside the article.
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(FormatTimestamp(*a.published), "2021-04-12T07:30:00Z");
}

TEST(ExtractHtmlTest, H1BeatsTitleWhenNoOpenGraph) {
  const std::string html =
      "<html><head><title>Site name: a page</title></head><body><article>"
      "<h1>Council votes to keep the night buses running</h1>"
      "<p>The city council voted on Tuesday evening to keep the night bus network running for at "
      "least another year, reversing a plan to cut it at the end of the month.</p>"
      "</article></body></html>";
  Article a = ExtractHtml(html, {});
  EXPECT_EQ(a.title, "Council votes to keep the night buses running");
  ASSERT_EQ(a.paragraphs.size(), 1u);
  EXPECT_THAT(a.paragraphs[0], HasSubstr("night bus network"));
}

TEST(ExtractHtmlTest, TitleSuffixMatchingHostIsRemoved) {
  const std::string html =
      "<html><head><title>Rail strike called off after late-night talks :: Northern Post</title>"
      "<meta property='og:url' content='https://northernpost.example/rail'></head><body>"
      "<p>Union leaders called off the strike planned for Friday after talks with the rail "
      "operator ran late into the night and ended with a new offer on pay.</p></body></html>";
  Article a = ExtractHtml(html, {});
  EXPECT_EQ(a.title, "Rail strike called off after late-night talks");
  EXPECT_EQ(a.canonical_url, "https://northernpost.example/rail");
}

TEST(ExtractHtmlTest, MetaPublishedTimeAndTextDates) {
  const std::string html =
      "<html><head><meta property='article:published_time' content='2019-11-19T11:56:43-05:00'>"
      "</head><body><p>Some text that is long enough to be a paragraph of the article body "
      "here.</p></body></html>";
  Article a = ExtractHtml(html, {});
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(FormatTimestamp(*a.published), "2019-11-19T16:56:43Z");

  const std::string rfc822 =
      "<html><head><meta name='date' content='Tue, 21 Mar 2023 08:25:00 GMT'></head>"
      "<body><p>Text.</p></body></html>";
  Article b = ExtractHtml(rfc822, {});
  ASSERT_TRUE(b.published.has_value());
  EXPECT_EQ(FormatTimestamp(*b.published), "2023-03-21T08:25:00Z");
}

TEST(ExtractHtmlTest, DeclaredWindows1251PageComesOutAsUtf8) {
  // "Новости дня" / "Президент посетил завод в понедельник ..." in windows-1251 bytes.
  std::string html =
      "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
      "<title>\xcd\xee\xe2\xee\xf1\xf2\xe8 \xe4\xed\xff</title></head><body><article><p>"
      "\xcf\xf0\xe5\xe7\xe8\xe4\xe5\xed\xf2 \xef\xee\xf1\xe5\xf2\xe8\xeb \xe7\xe0\xe2\xee\xe4 "
      "\xe2 \xef\xee\xed\xe5\xe4\xe5\xeb\xfc\xed\xe8\xea \xe8 \xe2\xf1\xf2\xf0\xe5\xf2\xe8\xeb"
      "\xf1\xff \xf1 \xf0\xe0\xe1\xee\xf7\xe8\xec\xe8.</p></article></body></html>";
  Article a = ExtractHtml(html, {});
  EXPECT_EQ(a.title, "Новости дня");
  ASSERT_EQ(a.paragraphs.size(), 1u);
  EXPECT_EQ(a.paragraphs[0], "Президент посетил завод в понедельник и встретился с рабочими.");
}

TEST(ExtractHtmlTest, UndeclaredWindows1251PageIsDetected) {
  // The same bytes as above, with no charset anywhere: ICU's detector names windows-1251.
  std::string para =
      "\xcf\xf0\xe5\xe7\xe8\xe4\xe5\xed\xf2 \xef\xee\xf1\xe5\xf2\xe8\xeb \xe7\xe0\xe2\xee\xe4 "
      "\xe2 \xef\xee\xed\xe5\xe4\xe5\xeb\xfc\xed\xe8\xea \xe8 \xe2\xf1\xf2\xf0\xe5\xf2\xe8\xeb"
      "\xf1\xff \xf1 \xf0\xe0\xe1\xee\xf7\xe8\xec\xe8.";
  std::string html =
      "<html><head><title>\xcd\xee\xe2\xee\xf1\xf2\xe8 \xe4\xed\xff</title></head>"
      "<body><article><p>" +
      para + "</p><p>" + para + "</p><p>" + para + "</p></article></body></html>";
  Article a = ExtractHtml(html, {});
  EXPECT_EQ(a.title, "Новости дня");
  ASSERT_FALSE(a.paragraphs.empty());
  EXPECT_EQ(a.paragraphs[0], "Президент посетил завод в понедельник и встретился с рабочими.");
}

TEST(ExtractHtmlTest, DeclaredLatin1PageComesOutAsUtf8) {
  std::string html =
      "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9 cr\xe8me</title></head><body>"
      "<p>Le caf\xe9 du coin a rouvert ses portes apr\xe8s des mois de travaux, \xe0 la grande "
      "joie des habitu\xe9s du quartier.</p></body></html>";
  Article a = ExtractHtml(html, {});
  EXPECT_EQ(a.title, "Café crème");
  ASSERT_EQ(a.paragraphs.size(), 1u);
  EXPECT_THAT(a.paragraphs[0], HasSubstr("après des mois de travaux, à la grande joie"));
}

TEST(ExtractHtmlTest, MislabelledUtf8PageIsReadWhole) {
  // Declared big5, but the bytes are UTF-8: the text after the first curly quote must survive.
  std::string html =
      "<html><head><meta charset='big5'></head><body><article><p>The mayor\xe2\x80\x99s office "
      "said the new tram line would open in the spring, two months later than planned.</p>"
      "<p>Residents along the route said they were relieved that the works were finally "
      "coming to an end after almost three years.</p></article></body></html>";
  Article a = ExtractHtml(html, {});
  ASSERT_EQ(a.paragraphs.size(), 2u) << Joined(a);
  EXPECT_THAT(a.paragraphs[0], HasSubstr("The mayor’s office"));
}

TEST(ExtractHtmlTest, TenMegabytePageIsExtractedWhole) {
  // 20,000 paragraphs of ~500 bytes between a navigation bar and a footer: 10 MB of HTML.
  std::string html = "<html><head><title>A very long report</title></head><body><nav>";
  for (int i = 0; i < 50; ++i) html += "<a href=\"/s" + std::to_string(i) + "\">Section</a> ";
  html += "</nav><article>";
  constexpr int kParagraphs = 20000;
  for (int i = 0; i < kParagraphs; ++i) {
    std::string paragraph = "<p>Paragraph " + std::to_string(i) + " of the report";
    while (paragraph.size() < 520) paragraph += " goes on with more words";
    html += paragraph + ".</p>";
  }
  html += "</article><footer>Copyright</footer></body></html>";
  ASSERT_GE(html.size(), 10u << 20);
  Article a = ExtractHtml(html, {});
  ASSERT_EQ(a.paragraphs.size(), static_cast<size_t>(kParagraphs));
  EXPECT_EQ(a.paragraphs.front().rfind("Paragraph 0 of the report", 0), 0u);
  EXPECT_EQ(a.paragraphs.back().rfind("Paragraph 19999 of the report", 0), 0u);
  EXPECT_EQ(a.title, "A very long report");
}

TEST(ExtractHtmlTest, DeepNestingDoesNotOverflowTheStack) {
  constexpr int kDepth = 100000;
  std::string html = "<html><body>";
  html.reserve(kDepth * 12 + 200);
  for (int i = 0; i < kDepth; ++i) html += "<div>";
  html +=
      "<p>Deep inside a hundred thousand nested elements there is still a sentence to read.</p>";
  for (int i = 0; i < kDepth; ++i) html += "</div>";
  html += "</body></html>";
  Article a = ExtractHtml(html, {});
  // libxml2 may cap the depth it builds; what matters is no crash and a sane result.
  for (const std::string& p : a.paragraphs) EXPECT_FALSE(p.empty());

  std::string unclosed = "<html><body>";
  for (int i = 0; i < kDepth; ++i) unclosed += "<span><b>";
  unclosed += "text";
  Article b = ExtractHtml(unclosed, {});
  (void)b;
}

TEST(ExtractHtmlTest, EmptyAndGarbageInputDoNotCrash) {
  EXPECT_TRUE(ExtractHtml("", {}).paragraphs.empty());
  EXPECT_TRUE(ExtractHtml("   ", {}).paragraphs.empty());
  ExtractHtml("<<<<>>>></p></div><html><html>", {});
  ExtractHtml(std::string("\0\0\0<p>a\0b</p>", 12), {});
  ExtractHtml("<script>never closed", {});
  ExtractHtml("<meta charset='no-such-charset'><p>text</p>", {});
  ExtractHtml("<script type='application/ld+json'>{\"@graph\": [[[[{]]]</script>", {});
  ExtractHtml("\xff\xfe\xfd invalid utf-8 \xc3\x28 <p>\xe2\x82</p>", {});
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    std::string junk(1 + rng() % 4000, ' ');
    const char alphabet[] = "<>/=\"' abcdivpscripthtml\n\xc3\xa9\xff";
    for (char& c : junk) c = alphabet[rng() % (sizeof alphabet - 1)];
    std::vector<BlockDecision> decisions;
    Article a = ExplainHtml(junk, {}, &decisions);
    for (const std::string& p : a.paragraphs) EXPECT_FALSE(p.empty());
  }
}

TEST(ExtractHtmlTest, SafeFromManyThreads) {
  const std::string html = TestData("news_article.html");
  const Article expected = ExtractHtml(html, {});
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (ExtractHtml(html, {}).paragraphs != expected.paragraphs) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(ExtractHtmlTest, LinkDenseListInsideArticleIsDropped) {
  const std::string html =
      "<html><body><article>"
      "<p>The museum will reopen its east wing in June after a renovation that took three years "
      "and uncovered paintings hidden behind a false wall.</p>"
      "<ul><li><a href='/1'>Opening hours and tickets</a></li>"
      "<li><a href='/2'>Exhibitions this season</a></li>"
      "<li><a href='/3'>Visit with children</a></li></ul>"
      "<p>Curators said the hidden paintings date from the early nineteenth century and will be "
      "shown to the public for the first time when the wing reopens.</p>"
      "</article></body></html>";
  Article a = ExtractHtml(html, {});
  EXPECT_EQ(a.paragraphs.size(), 2u) << Joined(a);
  EXPECT_THAT(Joined(a), Not(HasSubstr("Opening hours")));
}

// Regression: a forum repost whose reader comments sit in "replies"/"reply" containers (no
// "comment" word anywhere) leaked all eight comments into the body of the example page.
TEST(ExtractHtmlTest, ForumRepliesAreDroppedLikeComments) {
  Article a = ExtractHtml(ReadFile(std::filesystem::path(STORYLINE_SOURCE_DIR) /
                                   "examples/pages/siliconsignal/velora-breach-thread.html"),
                          {});
  const std::string body = Joined(a);
  for (const char* kept :
       {"Telehealth company Velora Health said on Friday", "The Austin, Texas-based company",
        "According to Velora, the bucket", "We let our patients down", "24 months of free credit",
        "This was not a sophisticated attack"}) {
    EXPECT_THAT(body, HasSubstr(kept));
  }
  for (const char* comment : {"Some things never change", "therapy sessions", "To be fair",
                              "standard sorry package", "Class action in 3", "court docket"}) {
    EXPECT_THAT(body, Not(HasSubstr(comment)));
  }
}

// An article body split into sections of one class around an embedded player: every section
// is the article, however little each scores alone (three wrappers deep, like many CMSs).
TEST(ExtractHtmlTest, BodySplitIntoSameClassSectionsIsKeptWhole) {
  auto section = [](const std::string& paragraphs) {
    return "<div class=\"bodyText section\"><div class=\"component\"><div class=\"inner\">" +
           paragraphs + "</div></div></div>";
  };
  std::string html =
      "<html><body><nav><a href=\"/\">Home</a> <a href=\"/sport\">Sport</a></nav><article>" +
      section(
          "<p>The final began on Monday with the opening day of the new format taking place "
          "in Madrid, and the podcast team gave their first impressions of it afterwards.</p>"
          "<p>Was it fair to say the event was neither as bad as the sceptics feared nor as "
          "good as the organisers hoped, given the empty seats at the opening ceremony?</p>"
          "<p>Was it a misjudgement to hold the opening ceremony on a Monday afternoon, and "
          "why did some of the visiting fans stay away from the event altogether?</p>") +
      "<div class=\"embed section\"><iframe src=\"https://player.example/1\"></iframe></div>" +
      section(
          "<p>Much of the focus on day one was about the feel and staging of the event rather "
          "than forehands and backhands, and about the atmosphere in the smaller stadiums.</p>") +
      section(
          "<p>The podcast is produced weekly throughout the year and daily during the four "
          "Grand Slam tournaments, and this week it comes from the finals in Madrid.</p>") +
      "<div class=\"bodyText "
      "section\">Share</div></article><footer>Copyright</footer></body></html>";
  Article a = ExtractHtml(html, {});
  const std::string body = Joined(a);
  EXPECT_EQ(a.paragraphs.size(), 5u) << body;
  EXPECT_THAT(body, HasSubstr("Much of the focus on day one"));
  EXPECT_THAT(body, HasSubstr("produced weekly"));
  EXPECT_THAT(body, Not(HasSubstr("Share")));
}

// The next story of an infinite-scroll feed has the same class as the article but is its own
// <article> with its own <h1>: it is not the article's continuation.
TEST(ExtractHtmlTest, NextStoryOfAFeedIsNotJoined) {
  auto story = [](const std::string& h1, const std::string& text) {
    return "<article class=\"story\"><div class=\"body\"><h1>" + h1 + "</h1><p>" + text +
           "</p><p>" + text +
           " It went on for a while longer, the officials added.</p></div>"
           "</article>";
  };
  std::string html = "<html><body><main>" +
                     story("Harbour bridge reopens",
                           "The harbour bridge reopened on Tuesday after two years of "
                           "repairs, the city council said in a statement.") +
                     story("Library extends hours",
                           "The central library will stay open until ten at night "
                           "from next month, its director said on Wednesday.") +
                     "</main></body></html>";
  Article a = ExtractHtml(html, {});
  const std::string body = Joined(a);
  EXPECT_THAT(body, HasSubstr("harbour bridge reopened"));
  EXPECT_THAT(body, Not(HasSubstr("central library")));
}

// Japanese has no spaces: a full sentence is one "word" to a space count, and used to be
// dropped as a short line.
TEST(ExtractHtmlTest, CjkLinesAreNotShortLines) {
  std::string html =
      "<html><body><article><h1>見出し</h1>"
      "<p>"
      "キンドルの書籍を読む場合は、一般的にスマホやタブレットなどの端末で読むことが多いと思います。"
      "</p>"
      "<p>そして表示されるメニューから「その他」→「ファイルの場所を開く」</p>"
      "<p>"
      "設定画面からでは、このショートカットキーの設定を変更することができません。困った挙げ句、色々"
      "調べました。</p>"
      "</article></body></html>";
  Article a = ExtractHtml(html, {});
  EXPECT_EQ(a.paragraphs.size(), 3u) << Joined(a);
}

// Regression: 33 reader comments under a short news item held most of the page's text, and
// the "most of the page" rule overruled their container's comment mark.
TEST(ExtractHtmlTest, CommentSectionLongerThanTheArticleIsStillDropped) {
  std::string comments;
  for (int i = 0; i < 30; ++i) {
    comments += "<div class=\"item\"><p>Reader number " + std::to_string(i) +
                " thinks this is wonderful news and wishes the couple all the best, whatever "
                "the papers may say about it in the coming weeks.</p><p class=\"credit\">Posted "
                "By: reader" +
                std::to_string(i) + " | January 07 2008 at 03:06 PM</p></div>";
  }
  std::string html =
      "<html><body><div id=\"content\"><div class=\"item\"><h2>Actress is expecting</h2>"
      "<p>The actress and her husband are expecting their first child together, her "
      "spokesperson said on Monday.</p><p>The couple are thrilled, the spokesperson said, and "
      "asked for privacy in the months ahead.</p><p>She had dropped out of a film this month, "
      "which fuelled the speculation that the announcement has now confirmed.</p></div>"
      "<div class=\"comment_container\"><h4>Comments</h4>" +
      comments + "</div></div></body></html>";
  Article a = ExtractHtml(html, {});
  const std::string body = Joined(a);
  EXPECT_THAT(body, HasSubstr("expecting their first child"));
  EXPECT_THAT(body, HasSubstr("which fuelled the speculation"));
  EXPECT_THAT(body, Not(HasSubstr("Reader number")));
}

// Comments with no element around them, after an `<a name="comments">` jump target in the
// article's own container: everything after the anchor there is dropped.
TEST(ExtractHtmlTest, TextAfterACommentsAnchorIsDropped) {
  std::string html =
      "<html><body><div class=\"story\"><p>The premiers met the prime minister for dinner on "
      "Friday and asked for more money for their provinces, officials said.</p><p>The meeting "
      "was cordial, the prime minister said afterwards, and the premiers agreed to meet again "
      "in the spring.</p><hr><a name=\"commentSection\"></a><b>Comments are closed</b><br>"
      "<b>Stephen</b><br>The time has come for the province to cut some of the fat from its "
      "government instead of begging others to pay its bills.<br><hr><b>Lina</b><br>The "
      "government should not be spending taxpayers' money on industry at all, in my view."
      "<br><hr></div></body></html>";
  std::vector<BlockDecision> decisions;
  Article a = ExplainHtml(html, {}, &decisions);
  const std::string body = Joined(a);
  EXPECT_THAT(body, HasSubstr("agreed to meet again in the spring"));
  EXPECT_THAT(body, Not(HasSubstr("cut some of the fat")));
  EXPECT_THAT(body, Not(HasSubstr("taxpayers")));
  bool reason_given = false;
  for (const BlockDecision& d : decisions) {
    if (d.text.find("taxpayers") != std::string::npos) {
      reason_given = d.reason.find("comments anchor") != std::string::npos;
    }
  }
  EXPECT_TRUE(reason_given);
}

// A table layout puts section labels and a pager in the article's own cell: parts of the main
// block with several link blocks and no prose are dropped; a data table is not.
TEST(ExtractHtmlTest, LinkPartsWithoutProseInsideTheMainBlockAreDropped) {
  std::string pager;
  for (int i = 1; i <= 10; ++i)
    pager += "<a href=\"/p/" + std::to_string(i) + "\">" + std::to_string(i) + "</a><br>";
  std::string html =
      "<html><body><table><tr><td class=\"main\"><h1>Clampers confronted</h1>"
      "<p>Our reporter went to a car compound near the town to collect a car which had been towed "
      "away by a clamping firm, and found a long queue of angry drivers there.</p>"
      "<p>The firm said it had acted within the law and that the signs were clear enough for "
      "anyone who took the trouble to read them before parking.</p>"
      "<table><tr><td>Team</td><td>Points</td></tr><tr><td>Rovers</td><td>51</td></tr>"
      "<tr><td>United</td><td>48</td></tr></table>"
      "<ul><li>EDITOR'S CHOICE</li><li><a href=\"/news\">Council backs new bus lanes</a></li>"
      "<li><a href=\"/win\">Win tickets to the summer show</a></li><li>COMPETITIONS</li></ul>"
      "<div>" +
      pager + "</div></td></tr></table></body></html>";
  Article a = ExtractHtml(html, {});
  const std::string body = Joined(a);
  EXPECT_THAT(body, HasSubstr("long queue of angry drivers"));
  EXPECT_THAT(body, HasSubstr("Rovers"));
  EXPECT_THAT(body, Not(HasSubstr("EDITOR'S CHOICE")));
  EXPECT_THAT(body, Not(HasSubstr("COMPETITIONS")));
}

// Regression: ASP.NET pages wrap the whole page in one <form>; with no <h1> or <article> to
// vouch for it, the form was dropped as a form and the article with it (four L3S pages).
TEST(ExtractHtmlTest, PageWideFormHoldingTheArticleIsNotBoilerplate) {
  // The site's link lists, inside the form too, make it link-heavy: the form does not pass as
  // "most of the page's text".
  std::string links;
  for (int i = 0; i < 40; ++i) {
    links += "<li><a href=\"/section/" + std::to_string(i) + "\">Section number " +
             std::to_string(i) + " of the site</a></li>";
  }
  std::string html =
      "<html><body><form name=\"aspnetForm\" method=\"post\" action=\"story.aspx\">"
      "<ul>" +
      links +
      "</ul>"
      "<div><b>Suicide bomber kills 30 at funeral</b>"
      "<p>A suicide bomber blew himself up at a funeral in the capital on Tuesday, killing at "
      "least 30 people and wounding dozens more, police said.</p>"
      "<p>Police said two women were among the dead. The funeral was being held for a man "
      "killed in an attack the day before.</p>"
      "<p>Violence has fallen steeply since June, but military statistics show the number of "
      "suicide bombings has not dropped at the same rate.</p></div>"
      "<input type=\"hidden\" name=\"__VIEWSTATE\" value=\"x\"></form>"
      "<form action=\"/comment\"><p>Leave a comment</p><textarea></textarea>"
      "<button>Post</button></form></body></html>";
  Article a = ExtractHtml(html, {});
  const std::string body = Joined(a);
  EXPECT_THAT(body, HasSubstr("killing at least 30 people"));
  EXPECT_THAT(body, HasSubstr("two women were among the dead"));
  EXPECT_THAT(body, HasSubstr("has not dropped at the same rate"));
  EXPECT_THAT(body, Not(HasSubstr("Leave a comment")));
}

std::string PageWith(const std::string& head, const std::string& body_extra = "") {
  return "<html><head>" + head + "</head><body><article>" + body_extra +
         "<p>The harbour bridge reopened on Tuesday after two years of repairs, the council "
         "said in a statement, and traffic was flowing again by the evening.</p></article>"
         "</body></html>";
}

TEST(ExtractHtmlTest, DateInTheUrlIsTheLastResort) {
  auto published = [](const std::string& url) {
    Article a = ExtractHtml(PageWith("<link rel=\"canonical\" href=\"" + url + "\">"), {});
    return a.published ? FormatTimestamp(*a.published) : std::string("none");
  };
  EXPECT_EQ(published("https://news.example/world/2019/11/19/bridge-reopens"),
            "2019-11-19T00:00:00Z");
  EXPECT_EQ(published("https://news.example/2019-11-19-bridge-reopens.html"),
            "2019-11-19T00:00:00Z");
  EXPECT_EQ(published("https://news.example/news/20191119/bridge"), "2019-11-19T00:00:00Z");
  // Ids, impossible dates and dates in the host or the query are not dates of the page.
  EXPECT_EQ(published("https://news.example/article/201911193344"), "none");
  EXPECT_EQ(published("https://news.example/2019/13/40/x"), "none");
  EXPECT_EQ(published("https://2019-11-19.example/x?d=2019-11-19"), "none");
  // Metadata wins over the URL.
  Article a = ExtractHtml(
      PageWith("<link rel=\"canonical\" href=\"https://news.example/2019/11/19/x\">"
               "<meta property=\"article:published_time\" content=\"2019-11-18T22:00:00Z\">"),
      {});
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(FormatTimestamp(*a.published), "2019-11-18T22:00:00Z");
}

TEST(ExtractHtmlTest, PublishedNeverLaterThanModified) {
  // The published_time is after the page's own modified time: it is wrong, and the <time> in
  // the article is taken instead.
  Article a = ExtractHtml(
      PageWith("<meta property=\"article:published_time\" content=\"2024-05-01T10:00:00Z\">"
               "<meta property=\"article:modified_time\" content=\"2023-03-21T09:00:00Z\">",
               "<time datetime=\"2023-03-20T08:25:00Z\">20 March 2023</time>"),
      {});
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(FormatTimestamp(*a.published), "2023-03-20T08:25:00Z");
}

// Regression: a WordPress "related posts" box after the post, an <article> opened by a heading
// marked "relatedpoststitle" and holding teaser <article>s with excerpts, was kept whole.
TEST(ExtractHtmlTest, SectionOpenedByARelatedHeadingIsDropped) {
  std::string teasers;
  for (int i = 0; i < 6; ++i) {
    teasers += "<article class=\"postbox\"><p>Teaser " + std::to_string(i) +
               ": life asks of us optimism and courage to hope for the best and to make the "
               "best happen, every single day of the year.</p></article>";
  }
  std::string html =
      "<html><body><main><article class=\"postbox\"><h1>Only who loves himself</h1>"
      "<p>Living a true experience of love is one of the greatest pleasures of life, and "
      "expressing the feelings depends on the ideas of each one of us.</p>"
      "<p>We want to be loved and do not love ourselves, we want to be understood and do not "
      "understand ourselves, and so the emptiness grows.</p></article>"
      "<article class=\"postbox\"><h3 class=\"relatedpoststitle\">You may like...</h3>" +
      teasers + "</article></main></body></html>";
  Article a = ExtractHtml(html, {});
  const std::string body = Joined(a);
  EXPECT_THAT(body, HasSubstr("greatest pleasures of life"));
  EXPECT_THAT(body, HasSubstr("emptiness grows"));
  EXPECT_THAT(body, Not(HasSubstr("Teaser")));
}

}  // namespace
}  // namespace storyline
