#include "storyline/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "storyline/hash.h"

namespace storyline {
namespace {

const char kEnglish[] =
    "The United States has urged the Chinese president to press his Russian counterpart over "
    "the war in Ukraine. The two leaders will meet again on Tuesday for official talks in "
    "Moscow, where they are expected to sign agreements on trade and energy.";
const char kGerman[] =
    "Die Vereinigten Staaten haben den chinesischen Präsidenten aufgefordert, seinen russischen "
    "Amtskollegen wegen des Krieges in der Ukraine unter Druck zu setzen. Die beiden Politiker "
    "treffen sich am Dienstag zu offiziellen Gesprächen in Moskau.";
const char kFrench[] =
    "Les États-Unis ont exhorté le président chinois à faire pression sur son homologue russe "
    "au sujet de la guerre en Ukraine. Les deux dirigeants doivent se retrouver mardi pour des "
    "entretiens officiels à Moscou, où ils devraient signer des accords commerciaux.";
const char kRussian[] =
    "Соединённые Штаты призвали председателя Китая оказать давление на российского коллегу из-за "
    "войны на Украине. Два лидера встретятся во вторник для официальных переговоров в Москве, где "
    "они должны подписать соглашения о торговле и энергетике.";
const char kChinese[] =
    "美国敦促中国国家主席向俄罗斯总统施压，要求其停止在乌克兰的战争罪行。两国领导人将于周二在莫"
    "斯科举行正式会谈，预计将签署贸易和能源方面的协议。";

class TextTest : public ::testing::Test {
 protected:
  TextOptions options_;
  TextAnalyzer analyzer_{options_};

  // Stem of `word` after normalisation.
  std::string StemOf(std::string_view language, std::string_view word) {
    return analyzer_.Stem(language, analyzer_.Normalize(word));
  }
};

TEST_F(TextTest, DetectsLanguages) {
  struct Case {
    const char* text;
    const char* code;
  } cases[] = {
      {kEnglish, "en"}, {kGerman, "de"}, {kFrench, "fr"}, {kRussian, "ru"}, {kChinese, "zh"}};
  for (const Case& c : cases) {
    LanguageGuess guess = analyzer_.DetectLanguage(c.text);
    EXPECT_EQ(guess.code, c.code) << c.text;
    EXPECT_GE(guess.confidence, options_.min_language_confidence) << c.text;
    EXPECT_LE(guess.confidence, 1.0);
  }
}

// Hawaiian and Xhosa are only in CLD2's full tables (libcld2_full): this fails if the build
// links the small tables alone.
TEST_F(TextTest, UsesFullLanguageTables) {
  EXPECT_EQ(analyzer_
                .DetectLanguage("Ua hele mai nei ke kaikamahine mai Honolulu mai i ka lā "
                                "ʻapōpō. Ua hana nui ʻo ia i ka mahiʻai a me ka lawaiʻa me "
                                "kona ʻohana i nā makahiki he nui.")
                .code,
            "haw");
  EXPECT_EQ(analyzer_
                .DetectLanguage("Molweni, ndiyavuya ukunibona namhlanje. Sifuna ukuthetha "
                                "ngezinto ezininzi ezibalulekileyo kubantu basekhaya "
                                "nabantwana bethu esikolweni.")
                .code,
            "xh");
}

TEST_F(TextTest, UnknownForGibberishAndShortText) {
  for (const char* text :
       {"", "Hello", "xq zvb kwp qqrt zzx", "12 34 56 !!! ???", "\xff\xfe\x80"}) {
    LanguageGuess guess = analyzer_.DetectLanguage(text);
    EXPECT_EQ(guess.code, "un") << text;
    EXPECT_EQ(guess.confidence, 0) << text;
  }
}

TEST_F(TextTest, HintUsedWhenUnsure) {
  EXPECT_EQ(analyzer_.DetectLanguage("Hallo", "de").code, "de");
  EXPECT_EQ(analyzer_.DetectLanguage("Hallo", "DE-at").code, "de");
  EXPECT_EQ(analyzer_.DetectLanguage("Hallo", "pt_BR").code, "pt");
  EXPECT_GE(analyzer_.DetectLanguage("Hallo", "de").confidence, options_.min_language_confidence);
  // A hint that is no language is ignored.
  EXPECT_EQ(analyzer_.DetectLanguage("Hallo", "zz-bogus").code, "un");
  // A confident detection wins over a wrong hint.
  EXPECT_EQ(analyzer_.DetectLanguage(kGerman, "en").code, "de");
  EXPECT_EQ(analyzer_.DetectLanguage(kRussian, "fr").code, "ru");
}

TEST_F(TextTest, MinConfidenceOption) {
  TextOptions strict;
  strict.min_language_confidence = 1.01;  // nothing passes
  TextAnalyzer analyzer(strict);
  EXPECT_EQ(analyzer.DetectLanguage(kEnglish).code, "un");
}

TEST_F(TextTest, NormalizeNfkcAndCaseFolding) {
  EXPECT_EQ(analyzer_.Normalize("ＡＢＣ"), "abc");
  EXPECT_EQ(analyzer_.Normalize("ﬁnance"), "finance");
  EXPECT_EQ(analyzer_.Normalize("Straße"), "strasse");
  EXPECT_EQ(analyzer_.Normalize("ÉCOLE"), "école");
  EXPECT_EQ(analyzer_.Normalize("ПУТИН"), "путин");
  EXPECT_EQ(analyzer_.Normalize("Hello World"), "hello world");
  // Soft hyphen and zero-width space are default-ignorable: removed.
  EXPECT_EQ(analyzer_.Normalize("co\u00ADoperate\u200B"), "cooperate");
}

TEST_F(TextTest, NormalizeQuotesDashesAndSpaces) {
  EXPECT_EQ(analyzer_.Normalize("“War crimes” ‘dear friend’ Xi’s «non» „ja“"),
            "\"war crimes\" 'dear friend' xi's \"non\" \"ja\"");
  EXPECT_EQ(analyzer_.Normalize("Russia–Ukraine — 5−3 ‐ x‑y ―"), "russia-ukraine - 5-3 - x-y -");
  EXPECT_EQ(analyzer_.Normalize("  a \t\n b\u00A0\u2003c\u3000 "), "a b c");
  EXPECT_EQ(analyzer_.Normalize(""), "");
  EXPECT_EQ(analyzer_.Normalize(" \n\t "), "");
  // Idempotent.
  const std::string once = analyzer_.Normalize(kFrench);
  EXPECT_EQ(analyzer_.Normalize(once), once);
}

TEST_F(TextTest, NormalizeInvalidUtf8) {
  EXPECT_EQ(analyzer_.Normalize("ab\xff"
                                "cd"),
            "ab\uFFFDcd");
  EXPECT_EQ(analyzer_.Normalize("\xc3"), "\uFFFD");  // truncated sequence
}

TEST_F(TextTest, WordsDropPunctuation) {
  std::vector<std::string> words = analyzer_.Words(
      "Mr. Xi's visit to Moscow—on Tuesday, March 21, 2023—cost $3.5 million (reportedly)!");
  std::vector<std::string> expected = {"mr",   "xi's",    "visit",   "to",        "moscow",
                                       "on",   "tuesday", "march",   "21",        "2023",
                                       "cost", "3.5",     "million", "reportedly"};
  EXPECT_EQ(words, expected);
  // Curly apostrophes give the same word as straight ones.
  EXPECT_EQ(analyzer_.Words("Xi’s"), std::vector<std::string>{"xi's"});
  EXPECT_TRUE(analyzer_.Words("  ... !!! — ").empty());
  EXPECT_TRUE(analyzer_.Words("").empty());
  // Chinese has no spaces: the dictionary splits it into several words.
  EXPECT_GT(analyzer_.Words(kChinese).size(), 10u);
}

// ICU segments a UTF-16 copy of the text; words and sentences must map back to the right bytes
// around two-, three- and four-byte characters (four bytes are two UTF-16 units).
TEST_F(TextTest, WordsAroundMultiByteCharacters) {
  const std::string text = "Ça coûte 5 €. 𝒳avier a vu 😀 Zoë. 日本 Fin";
  EXPECT_EQ(analyzer_.Words(text), (std::vector<std::string>{"ça", "coûte", "5", "xavier", "a",
                                                             "vu", "zoë", "日本", "fin"}));
  TextFeatures f = analyzer_.Analyze("", {text, "😀 Über"}, "fr");
  ASSERT_EQ(f.body.size(), 10u);
  EXPECT_EQ(f.sentence_starts, (std::vector<uint32_t>{0, 3, 7, 9}));
  EXPECT_EQ(f.paragraph_starts, (std::vector<uint32_t>{0, 9}));
  EXPECT_TRUE(f.body[3].Has(Token::kCapitalized));  // 𝒳 is an upper-case letter
  EXPECT_TRUE(f.body[9].Has(Token::kCapitalized));
  EXPECT_EQ(f.body[9].word, HashBytes("über"));
}

TEST_F(TextTest, EnglishStemming) {
  EXPECT_EQ(StemOf("en", "meeting"), StemOf("en", "meetings"));
  EXPECT_EQ(StemOf("en", "presses"), StemOf("en", "pressing"));
  EXPECT_EQ(StemOf("en", "Xi's"), StemOf("en", "Xi"));
  EXPECT_NE(StemOf("en", "meeting"), StemOf("en", "pressing"));
  // No stemmer: the word itself.
  EXPECT_EQ(analyzer_.Stem("un", "meetings"), "meetings");
  EXPECT_EQ(analyzer_.Stem("zh", "会谈"), "会谈");
}

TEST_F(TextTest, RussianAndGermanStemming) {
  EXPECT_EQ(StemOf("ru", "переговоров"), StemOf("ru", "переговоры"));
  EXPECT_EQ(StemOf("ru", "Москве"), StemOf("ru", "Москва"));
  EXPECT_EQ(StemOf("de", "Gesprächen"), StemOf("de", "Gespräche"));
}

TEST_F(TextTest, Stopwords) {
  EXPECT_TRUE(analyzer_.IsStopword("en", "the"));
  EXPECT_TRUE(analyzer_.IsStopword("en", "don't"));
  EXPECT_FALSE(analyzer_.IsStopword("en", "moscow"));
  EXPECT_TRUE(analyzer_.IsStopword("de", "und"));
  EXPECT_TRUE(analyzer_.IsStopword("de", "dass"));
  EXPECT_TRUE(analyzer_.IsStopword("de", analyzer_.Normalize("daß")));  // folds to "dass"
  EXPECT_TRUE(analyzer_.IsStopword("fr", "les"));
  EXPECT_TRUE(analyzer_.IsStopword("ru", "на"));
  EXPECT_FALSE(analyzer_.IsStopword("ru", "москва"));
  EXPECT_FALSE(analyzer_.IsStopword("un", "the"));
  EXPECT_FALSE(analyzer_.IsStopword("xx", "the"));
}

TEST_F(TextTest, AnalyzeTokensAndFlags) {
  TextFeatures f = analyzer_.Analyze("Xi meets Putin in Moscow", {kEnglish});
  EXPECT_EQ(f.language, "en");
  EXPECT_GE(f.language_confidence, 0.9);
  ASSERT_EQ(f.title.size(), 5u);
  EXPECT_EQ(f.title[0].word, HashBytes("xi"));
  EXPECT_TRUE(f.title[0].Has(Token::kCapitalized));
  EXPECT_TRUE(f.title[0].Has(Token::kSentenceStart));
  EXPECT_TRUE(f.title[3].Has(Token::kStopword));  // "in"
  EXPECT_FALSE(f.title[3].Has(Token::kCapitalized));
  EXPECT_EQ(f.title[1].stem, HashBytes("meet"));

  std::vector<std::string> words = analyzer_.Words(kEnglish);
  ASSERT_EQ(f.body.size(), words.size());
  int stop = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(f.body[i].word, HashBytes(words[i])) << words[i];
    EXPECT_EQ(f.body[i].stem, HashBytes(analyzer_.Stem("en", words[i]))) << words[i];
    EXPECT_EQ(f.body[i].Has(Token::kStopword), analyzer_.IsStopword("en", words[i])) << words[i];
    stop += f.body[i].Has(Token::kStopword);
  }
  EXPECT_GT(stop, 10);
  EXPECT_EQ(f.body[0].word, HashBytes("the"));
  EXPECT_TRUE(f.body[0].Has(Token::kStopword));
  EXPECT_TRUE(f.body[0].Has(Token::kCapitalized));
  EXPECT_TRUE(f.body[1].Has(Token::kCapitalized));   // "United"
  EXPECT_FALSE(f.body[3].Has(Token::kCapitalized));  // "has"
  EXPECT_EQ(f.sentence_starts, (std::vector<uint32_t>{0, 18}));
  EXPECT_EQ(f.paragraph_starts, (std::vector<uint32_t>{0}));
  EXPECT_TRUE(f.body[18].Has(Token::kSentenceStart));
  EXPECT_EQ(f.body[18].word, HashBytes("the"));
}

TEST_F(TextTest, NumbersFlagged) {
  TextFeatures f = analyzer_.Analyze("", {"In 2023 the G7 met; turnout was 3.5 percent."}, "en");
  std::vector<std::string> words = analyzer_.Words("In 2023 the G7 met; turnout was 3.5 percent.");
  ASSERT_EQ(f.body.size(), words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    bool digit = std::any_of(words[i].begin(), words[i].end(), ::isdigit);
    EXPECT_EQ(f.body[i].Has(Token::kNumber), digit) << words[i];
    if (digit) {
      EXPECT_EQ(f.body[i].stem, f.body[i].word);
    }
  }
}

TEST_F(TextTest, SentenceBoundaries) {
  TextFeatures f =
      analyzer_.Analyze("",
                        {"Mr. Xi arrived in Moscow on Monday. He met Mr. Putin. Talks continue.",
                         "A new paragraph starts a sentence"},
                        "en");
  std::vector<std::string> p1 =
      analyzer_.Words("Mr. Xi arrived in Moscow on Monday. He met Mr. Putin. Talks continue.");
  ASSERT_EQ(p1.size(), 13u);
  // "Mr. Xi" and "Mr. Putin" do not split.
  EXPECT_EQ(f.sentence_starts, (std::vector<uint32_t>{0, 7, 11, 13}));
  EXPECT_EQ(f.paragraph_starts, (std::vector<uint32_t>{0, 13}));
  for (size_t i = 0; i < f.body.size(); ++i) {
    bool listed =
        std::find(f.sentence_starts.begin(), f.sentence_starts.end(), i) != f.sentence_starts.end();
    EXPECT_EQ(f.body[i].Has(Token::kSentenceStart), listed) << i;
  }
}

// Invariants on many kinds of input: starts strictly increasing and in range, paragraph starts
// are sentence starts, empty paragraphs add none.
TEST_F(TextTest, BoundaryInvariants) {
  std::vector<std::vector<std::string>> inputs = {
      {},
      {""},
      {"", "  ", "!!!"},
      {kEnglish, "", kEnglish, "...", "Short."},
      {kGerman, kFrench, kRussian, kChinese},
      {"\xff\xfe broken \xc3 bytes", "ok then. Fine."},
  };
  for (const auto& paragraphs : inputs) {
    TextFeatures f = analyzer_.Analyze("Title", paragraphs);
    for (const auto* starts : {&f.sentence_starts, &f.paragraph_starts}) {
      for (size_t i = 0; i < starts->size(); ++i) {
        EXPECT_LT((*starts)[i], f.body.size());
        if (i > 0) {
          EXPECT_LT((*starts)[i - 1], (*starts)[i]);
        }
      }
    }
    for (uint32_t p : f.paragraph_starts) {
      EXPECT_TRUE(std::binary_search(f.sentence_starts.begin(), f.sentence_starts.end(), p));
    }
    if (!f.body.empty()) {
      EXPECT_EQ(f.paragraph_starts.front(), 0u);
    }
    size_t nonempty = std::count_if(paragraphs.begin(), paragraphs.end(),
                                    [&](const auto& p) { return !analyzer_.Words(p).empty(); });
    EXPECT_EQ(f.paragraph_starts.size(), nonempty);
  }
}

// Random mixes of words, punctuation, non-ASCII letters, line breaks and broken bytes: the
// joined single pass over the body must give the tokens of each paragraph on its own.
TEST_F(TextTest, RandomInputsKeepInvariants) {
  const std::vector<std::string> pieces = {
      "Putin",  "xi's",   "Mr.",    " ",      "  ",   ".",        "!",      "?",      "\n",
      "—",      "“",      "”",      "’",      "3.5",  "2023",     "Straße", "ＡＢＣ", "ﬁ",
      "Москва", "习近平", "東京",   "\xff",   "\xc3", "\xe2\x80", "\t",     "U.S.",   "e.g.",
      "(",      ")",      "\u00a0", "\u200b", "a",    "the"};
  std::mt19937 rng(12345);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> paragraphs(rng() % 5);
    for (std::string& p : paragraphs) {
      for (int n = rng() % 30; n > 0; --n) p += pieces[rng() % pieces.size()];
    }
    TextFeatures f = analyzer_.Analyze(pieces[rng() % pieces.size()], paragraphs);
    size_t expected_tokens = 0, nonempty = 0;
    for (const std::string& p : paragraphs) {
      const size_t n = analyzer_.Words(p).size();
      expected_tokens += n;
      nonempty += n > 0;
    }
    ASSERT_EQ(f.body.size(), expected_tokens);
    ASSERT_EQ(f.paragraph_starts.size(), nonempty);
    for (const auto* starts : {&f.sentence_starts, &f.paragraph_starts}) {
      for (size_t i = 0; i < starts->size(); ++i) {
        ASSERT_LT((*starts)[i], f.body.size());
        if (i > 0) {
          ASSERT_LT((*starts)[i - 1], (*starts)[i]);
        }
      }
    }
    for (uint32_t p : f.paragraph_starts) {
      ASSERT_TRUE(std::binary_search(f.sentence_starts.begin(), f.sentence_starts.end(), p));
    }
  }
}

TEST_F(TextTest, ExactHash) {
  std::vector<std::string> a = {"The US urged Xi to press Putin over 'war crimes'.",
                                "The two will meet on Tuesday - officially."};
  std::vector<std::string> curly = {"The US urged Xi to press Putin over ‘war crimes’.",
                                    "The two  will meet on Tuesday — officially. "};
  std::vector<std::string> upper = {"THE US URGED XI TO PRESS PUTIN OVER 'WAR CRIMES'.",
                                    "The two will meet on Tuesday - officially.", ""};
  std::vector<std::string> other = {"The US urged Xi to press Putin over 'war crimes'.",
                                    "The two will meet on Wednesday - officially."};
  std::vector<std::string> merged = {
      "The US urged Xi to press Putin over 'war crimes'. The two "
      "will meet on Tuesday - officially."};
  const uint64_t h = analyzer_.Analyze("title one", a).exact_hash;
  EXPECT_EQ(analyzer_.Analyze("another title", a).exact_hash, h);  // title not included
  EXPECT_EQ(analyzer_.Analyze("", curly).exact_hash, h);
  EXPECT_EQ(analyzer_.Analyze("", upper).exact_hash, h);
  EXPECT_NE(analyzer_.Analyze("", other).exact_hash, h);
  EXPECT_NE(analyzer_.Analyze("", merged).exact_hash, h);  // paragraph breaks count
  EXPECT_EQ(analyzer_.Analyze("", {}).exact_hash, analyzer_.Analyze("", {"", " "}).exact_hash);
}

TEST_F(TextTest, AnalyzeOtherLanguages) {
  TextFeatures ru = analyzer_.Analyze("Путин и Си Цзиньпин", {kRussian});
  EXPECT_EQ(ru.language, "ru");
  ASSERT_GE(ru.title.size(), 2u);
  EXPECT_TRUE(ru.title[1].Has(Token::kStopword));  // "и"
  EXPECT_TRUE(ru.title[0].Has(Token::kCapitalized));
  EXPECT_EQ(ru.title[0].stem, HashBytes(analyzer_.Stem("ru", "путин")));

  TextFeatures zh = analyzer_.Analyze("", {kChinese});
  EXPECT_EQ(zh.language, "zh");
  ASSERT_FALSE(zh.body.empty());
  for (const Token& t : zh.body) EXPECT_EQ(t.stem, t.word);
  EXPECT_GE(zh.sentence_starts.size(), 2u);  // "。" ends a sentence
}

TEST_F(TextTest, AnalyzeHint) {
  TextFeatures f = analyzer_.Analyze("Hallo", {}, "de");
  EXPECT_EQ(f.language, "de");
  TextFeatures g = analyzer_.Analyze("Hallo", {});
  EXPECT_EQ(g.language, "un");
  ASSERT_EQ(g.title.size(), 1u);
  EXPECT_EQ(g.title[0].stem, g.title[0].word);
}

TEST_F(TextTest, BadInputDoesNotCrash) {
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919) & 0xff));
  std::string nuls("a\0b\0c", 5);
  TextFeatures f =
      analyzer_.Analyze(binary, {binary, nuls, std::string(100000, '.'), std::string(5000, 'x')});
  EXPECT_FALSE(f.body.empty());
  EXPECT_FALSE(analyzer_.Normalize(binary).empty());
  analyzer_.Words(binary);
  analyzer_.DetectLanguage(binary, "\xff");
  analyzer_.Stem("en", binary);
  analyzer_.IsStopword("\xff\xfe", "x");
}

// Title = first line, paragraphs = blocks separated by blank lines.
void ReadSeed(const std::filesystem::path& path, std::string* title,
              std::vector<std::string>* paragraphs) {
  std::ifstream in(path);
  std::string line, block;
  while (std::getline(in, line)) {
    if (title->empty() && !line.empty()) {
      *title = line;
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      if (!block.empty()) paragraphs->push_back(block);
      block.clear();
    } else {
      block += (block.empty() ? "" : " ") + line;
    }
  }
  if (!block.empty()) paragraphs->push_back(block);
}

TEST_F(TextTest, SeedsAreEnglish) {
  const std::filesystem::path dir = std::filesystem::path(STORYLINE_SHARED_DATA_DIR) / "seeds";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no seed data at " << dir;
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string title;
    std::vector<std::string> paragraphs;
    ReadSeed(entry.path(), &title, &paragraphs);
    TextFeatures f = analyzer_.Analyze(title, paragraphs);
    std::printf("%s: %s %.3f\n", entry.path().filename().c_str(), f.language.c_str(),
                f.language_confidence);
    EXPECT_EQ(f.language, "en") << entry.path();
    EXPECT_GE(f.language_confidence, 0.9) << entry.path();
    EXPECT_GT(f.body.size(), 300u) << entry.path();
    EXPECT_GT(f.sentence_starts.size(), 10u) << entry.path();
    ++seen;
  }
  EXPECT_EQ(seen, 5);
}

// Throughput of Analyze on the ECB+ articles, single thread; printed, not asserted.
TEST_F(TextTest, ThroughputOnEcbPlus) {
  const std::filesystem::path path =
      std::filesystem::path(STORYLINE_SHARED_DATA_DIR) / "clustering" / "ecbplus_docs.jsonl";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no ECB+ data at " << path;
  std::vector<std::vector<std::string>> docs;
  size_t bytes = 0;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object() || !record.contains("text")) continue;
    std::vector<std::string> paragraphs;
    std::istringstream text(record["text"].get<std::string>());
    for (std::string p; std::getline(text, p);) {
      bytes += p.size();
      paragraphs.push_back(std::move(p));
    }
    docs.push_back(std::move(paragraphs));
  }
  ASSERT_GT(docs.size(), 900u);
  // The first pass also pays for loading ICU and CLD2 data; report the best of three passes.
  size_t english = 0, tokens = 0;
  double best = 1e9;
  for (int pass = 0; pass < 3; ++pass) {
    english = tokens = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& doc : docs) {
      TextFeatures f = analyzer_.Analyze("", doc);
      english += f.language == "en";
      tokens += f.body.size();
    }
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("Analyze: %zu docs, %.2f MB, %zu tokens in %.3f s: %.1f MB/s, %.0f docs/s\n",
              docs.size(), bytes / 1e6, tokens, best, bytes / 1e6 / best, docs.size() / best);
  EXPECT_GT(english, docs.size() * 95 / 100);
}

}  // namespace
}  // namespace storyline
