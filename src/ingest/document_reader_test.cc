#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/scratch_dir_test_util.h"
#include "storyline/ingest.h"

namespace storyline {
namespace {

namespace fs = std::filesystem;

struct ReadAll {
  std::vector<RawDocument> docs;
  std::vector<Rejection> rejected;
};

class DocumentReaderTest : public testing::ScratchDirTest {
 protected:
  ReadAll Read(const std::vector<std::string>& inputs, IngestOptions options = {}) {
    std::unique_ptr<DocumentReader> reader;
    Status s = OpenDocumentReader(inputs, options, &reader);
    EXPECT_TRUE(s.ok()) << s.ToString();
    ReadAll all;
    if (!s.ok()) return all;
    while (auto item = reader->Next()) {
      if (auto* d = std::get_if<RawDocument>(&*item)) {
        all.docs.push_back(std::move(*d));
      } else {
        all.rejected.push_back(std::get<Rejection>(*item));
      }
    }
    EXPECT_GE(reader->BytesRead(), reader->BytesTotal() == 0 ? 0 : 1u);
    return all;
  }
};

TEST_F(DocumentReaderTest, DirectoryIsWalkedRecursivelyInSortedOrder) {
  Write("site/b.html", "<html><body><p>b</p></body></html>");
  Write("a.txt", "Title\n\nBody text.");
  Write("site/deeper/c.htm", "<p>c</p>");
  Write("notes.md", "not a page");
  Write("image.png", "\x89PNG");
  ReadAll all = Read({dir_.string()});
  ASSERT_EQ(all.docs.size(), 3u);
  EXPECT_EQ(all.docs[0].id, "a.txt");
  EXPECT_EQ(all.docs[0].format, RawDocument::Format::kText);
  EXPECT_EQ(all.docs[1].id, "site/b.html");
  EXPECT_EQ(all.docs[1].format, RawDocument::Format::kHtml);
  EXPECT_EQ(all.docs[2].id, "site/deeper/c.htm");
  EXPECT_EQ(all.docs[0].body, "Title\n\nBody text.");
  EXPECT_TRUE(all.rejected.empty());
}

TEST_F(DocumentReaderTest, EmptyAndInvalidUtf8FilesAreRejectedWithReasons) {
  Write("empty.txt", "");
  Write("latin1.txt", "Caf\xe9 au lait\n");
  Write("ok.txt", "Fine\nText");
  ReadAll all = Read({dir_.string()});
  ASSERT_EQ(all.docs.size(), 1u);
  ASSERT_EQ(all.rejected.size(), 2u);
  std::map<std::string, std::string> reasons;
  for (const auto& r : all.rejected) reasons[r.doc] = r.reason;
  EXPECT_EQ(reasons["empty.txt"], "empty file");
  EXPECT_EQ(reasons["latin1.txt"], "invalid UTF-8");
}

TEST_F(DocumentReaderTest, OversizeFileIsRejected) {
  Write("big.html", std::string(5000, 'x'));
  IngestOptions options;
  options.max_document_bytes = 1000;
  ReadAll all = Read({dir_.string()}, options);
  ASSERT_EQ(all.rejected.size(), 1u);
  EXPECT_NE(all.rejected[0].reason.find("too large"), std::string::npos);
}

TEST_F(DocumentReaderTest, JsonLinesFieldsAndErrorsWithLineNumbers) {
  std::string path =
      Write("docs.jsonl",
            "{\"id\": \"a\", \"title\": \"T\", \"text\": \"Body\", \"url\": \"http://x/a\","
            " \"published\": \"2023-03-20T08:25:00Z\", \"site\": \"X\", \"lang\": \"en\"}\n"
            "\n"
            "{\"id\": \"b\", \"html\": \"<p>hi</p>\", \"published\": 1679300700}\n"
            "{not json}\n"
            "{\"id\": \"c\", \"title\": \"no body\"}\n"
            "{\"id\": \"a\", \"text\": \"again\"}\n"
            "[1, 2]\n"
            "{\"text\": \"no id\", \"published\": \"soon\"}\n"
            "{\"doc\": \"ecb_1\", \"text\": \"ECB+ style\", \"topic\": 1}\n"
            "{\"id\": 42, \"text\": \"numeric id\", \"published\": 1394470370698}");
  ReadAll all = Read({path});
  ASSERT_EQ(all.docs.size(), 4u);
  EXPECT_EQ(all.docs[0].id, "a");
  EXPECT_EQ(all.docs[0].title, "T");
  EXPECT_EQ(all.docs[0].body, "Body");
  EXPECT_EQ(all.docs[0].format, RawDocument::Format::kText);
  EXPECT_EQ(all.docs[0].published, 1679300700);
  EXPECT_EQ(all.docs[0].site, "X");
  EXPECT_EQ(all.docs[0].language, "en");
  EXPECT_EQ(all.docs[1].format, RawDocument::Format::kHtml);
  EXPECT_EQ(all.docs[1].published, 1679300700);
  EXPECT_EQ(all.docs[2].id, "ecb_1");
  EXPECT_EQ(all.docs[3].id, "42");
  EXPECT_EQ(all.docs[3].published, 1394470370);

  ASSERT_EQ(all.rejected.size(), 5u);
  EXPECT_EQ(all.rejected[0].doc, path + ":4");
  EXPECT_NE(all.rejected[0].reason.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(all.rejected[1].doc, "c");
  EXPECT_NE(all.rejected[1].reason.find("no 'text' or 'html'"), std::string::npos);
  EXPECT_EQ(all.rejected[2].doc, "a");
  EXPECT_NE(all.rejected[2].reason.find("duplicate id"), std::string::npos);
  EXPECT_EQ(all.rejected[3].doc, path + ":7");
  EXPECT_EQ(all.rejected[4].doc, path + ":8");
  EXPECT_NE(all.rejected[4].reason.find("published"), std::string::npos);
}

TEST_F(DocumentReaderTest, GzippedJsonLines) {
  std::string path = (dir_ / "docs.jsonl.gz").string();
  gzFile g = gzopen(path.c_str(), "wb");
  std::string content;
  for (int i = 0; i < 1000; ++i)
    content += "{\"id\": \"d" + std::to_string(i) + "\", \"text\": \"x\"}\n";
  gzwrite(g, content.data(), content.size());
  gzclose(g);
  ReadAll all = Read({path});
  EXPECT_EQ(all.docs.size(), 1000u);
  EXPECT_TRUE(all.rejected.empty());
}

TEST_F(DocumentReaderTest, CsvWithQuotedCommasAndHeadlineRows) {
  std::string path =
      Write("news.csv",
            "ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP\n"
            "1,\"Fed says weak data caused by weather, not taper\",http://a/1,LA Times,b,"
            "s1,www.latimes.com,1394470370698\n"
            "2,\"A title with \"\"quotes\"\"\",http://a/2,Mint,b,s1,www.mint.com,1394470371207\n"
            "3,short row\n"
            "4,\"Multi\nline title\",http://a/4,X,b,s2,x.com,1394470371207\n");
  ReadAll all = Read({path});
  ASSERT_EQ(all.docs.size(), 3u);
  EXPECT_EQ(all.docs[0].id, "1");
  EXPECT_EQ(all.docs[0].title, "Fed says weak data caused by weather, not taper");
  EXPECT_EQ(all.docs[0].site, "LA Times");
  EXPECT_EQ(all.docs[0].published, 1394470370);
  EXPECT_TRUE(all.docs[0].body.empty());
  EXPECT_EQ(all.docs[1].title, "A title with \"quotes\"");
  EXPECT_EQ(all.docs[2].title, "Multi\nline title");
  ASSERT_EQ(all.rejected.size(), 1u);
  EXPECT_EQ(all.rejected[0].doc, path + ":4");
  EXPECT_NE(all.rejected[0].reason.find("2 fields"), std::string::npos);
}

TEST_F(DocumentReaderTest, DuplicateIdsAcrossInputs) {
  std::string a = Write("one.jsonl", "{\"id\": \"x\", \"text\": \"first\"}\n");
  std::string b = Write("two.jsonl", "{\"id\": \"x\", \"text\": \"second\"}\n");
  ReadAll all = Read({a, b});
  ASSERT_EQ(all.docs.size(), 1u);
  EXPECT_EQ(all.docs[0].body, "first");
  ASSERT_EQ(all.rejected.size(), 1u);
  EXPECT_NE(all.rejected[0].reason.find(b + ":1"), std::string::npos);
}

TEST_F(DocumentReaderTest, BadInputPathsFailToOpen) {
  std::unique_ptr<DocumentReader> reader;
  EXPECT_EQ(OpenDocumentReader({(dir_ / "missing").string()}, {}, &reader).code(),
            Status::Code::kNotFound);
  std::string pdf = Write("paper.pdf", "%PDF");
  EXPECT_EQ(OpenDocumentReader({pdf}, {}, &reader).code(), Status::Code::kInvalidArgument);
}

TEST_F(DocumentReaderTest, SinglePageFileKeepsItsPathAsId) {
  std::string page = Write("x/page.html", "<p>hello</p>");
  ReadAll all = Read({page});
  ASSERT_EQ(all.docs.size(), 1u);
  EXPECT_EQ(all.docs[0].id, page);
}

}  // namespace
}  // namespace storyline
