#include "storyline/quotes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace storyline {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Document Doc(std::vector<std::string> paragraphs) {
  Document d;
  d.paragraphs = std::move(paragraphs);
  return d;
}

std::vector<Quotation> Extract(std::vector<std::string> paragraphs,
                               const QuoteOptions& options = QuoteOptions()) {
  const std::vector<Document> docs = {Doc(std::move(paragraphs))};
  return ExtractQuotations(docs, 0, options);
}

// The speaker of the only quotation of `paragraphs`.
std::string SpeakerOf(std::vector<std::string> paragraphs) {
  const std::vector<Quotation> quotes = Extract(std::move(paragraphs));
  EXPECT_EQ(quotes.size(), 1u);
  return quotes.empty() ? "<none>" : quotes[0].speaker;
}

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// --- Finding quotations ---------------------------------------------------------------------

TEST(ExtractQuotationsTest, StraightAndCurlyQuotes) {
  const std::vector<Quotation> quotes =
      Extract({"\"We will rebuild every bridge,\" Anna Berg said.",
               "\xe2\x80\x9cThe money is already there,\xe2\x80\x9d she added."});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].text, "We will rebuild every bridge");
  EXPECT_EQ(quotes[0].paragraph, 0u);
  EXPECT_EQ(quotes[1].text, "The money is already there");
  EXPECT_EQ(quotes[1].paragraph, 1u);
  EXPECT_EQ(quotes[1].speaker, "Anna Berg");
}

TEST(ExtractQuotationsTest, Guillemets) {
  const std::vector<Quotation> quotes =
      Extract({"\xc2\xab We will not give in to threats \xc2\xbb, Mr Macron said."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "We will not give in to threats");
  EXPECT_EQ(quotes[0].speaker, "Macron");
}

TEST(ExtractQuotationsTest, LowOpeningQuote) {
  const std::vector<Quotation> quotes =
      Extract({"\xe2\x80\x9eWir schaffen das ganz bestimmt\xe2\x80\x9c, sagte sie."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "Wir schaffen das ganz bestimmt");
}

TEST(ExtractQuotationsTest, SingleQuotesInsideDoubleAreText) {
  const std::vector<Quotation> quotes =
      Extract({"\"He told me 'we are done here' and left the room,\" Ann Lee said."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "He told me 'we are done here' and left the room");
  EXPECT_EQ(quotes[0].speaker, "Ann Lee");
}

TEST(ExtractQuotationsTest, ShortFragmentsAreNotQuotations) {
  // Scare quotes and titles fall below QuoteOptions::min_words (4).
  EXPECT_THAT(Extract({"Officials denounced the \"war crimes\" described in \"The Report\"."}),
              IsEmpty());
  QuoteOptions two;
  two.min_words = 2;
  EXPECT_EQ(Extract({"Officials denounced the \"war crimes\" yesterday."}, two).size(), 1u);
}

TEST(ExtractQuotationsTest, MultiParagraphQuotation) {
  // The opening mark repeats at each new paragraph; the closing mark comes only at the end.
  const std::vector<Quotation> quotes =
      Extract({"John Kirby said: \"We will keep helping Ukraine for as long as it takes.",
               "\"And we will not stop until the last soldier goes home.\"",
               "Nothing quoted in this paragraph at all."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].paragraph, 0u);
  EXPECT_EQ(quotes[0].text,
            "We will keep helping Ukraine for as long as it takes. And we will not stop until the "
            "last soldier goes home.");
  EXPECT_EQ(quotes[0].speaker, "John Kirby");
}

TEST(ExtractQuotationsTest, UnbalancedMarkDoesNotSwallowTheRest) {
  const std::vector<Quotation> quotes = Extract(
      {"He said \xe2\x80\x9cthis never closes in this paragraph at all.", "Nothing quoted here.",
       "\xe2\x80\x9c"
       "A later quotation with enough words,\xe2\x80\x9d Ann Lee said."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].paragraph, 2u);
  EXPECT_EQ(quotes[0].speaker, "Ann Lee");
}

TEST(ExtractQuotationsTest, UnbalancedMarkInsideParagraph) {
  // The stray curly opening is dropped and the rest of the paragraph read again.
  const std::vector<Quotation> quotes = Extract(
      {"\xe2\x80\x9cUnclosed opening, then \"a real quotation of five words\" said Ann Lee."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "a real quotation of five words");
  EXPECT_EQ(quotes[0].speaker, "Ann Lee");
}

TEST(ExtractQuotationsTest, MixedStraightAndCurlyPair) {
  const std::vector<Quotation> quotes =
      Extract({"\"Instead of condemning them, it covers for them.\xe2\x80\x9d"});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "Instead of condemning them, it covers for them.");
}

// --- Attribution ----------------------------------------------------------------------------

TEST(QuoteAttributionTest, QuoteThenNameSaid) {
  EXPECT_EQ(SpeakerOf({"\"We're always open for a negotiation,\" Ivan Petrov said."}),
            "Ivan Petrov");
}

TEST(QuoteAttributionTest, QuoteThenSaidNameTheRole) {
  EXPECT_EQ(SpeakerOf({"\"The talks went well today,\" said Anna Berg, the foreign minister."}),
            "Anna Berg");
}

TEST(QuoteAttributionTest, NameSaidColonQuote) {
  EXPECT_EQ(SpeakerOf({"In return, Mr Lin told Mr Petrov: \"Your leadership has made great "
                       "strides.\""}),
            "Lin");
}

TEST(QuoteAttributionTest, PartialQuoteInReportedSpeech) {
  EXPECT_EQ(SpeakerOf({"Mr Putin has said he will discuss a plan proposed by Mr Xi to \"settle "
                       "the acute crisis in Ukraine\"."}),
            "Putin");
}

TEST(QuoteAttributionTest, AccordingTo) {
  EXPECT_EQ(SpeakerOf({"Troops will leave \"within the next two weeks\", according to Defence "
                       "Minister Jan Novak."}),
            "Jan Novak");
}

TEST(QuoteAttributionTest, SpeechVerbs) {
  for (const char* verb : {"says", "told reporters", "added", "asked", "urged", "warned", "stated",
                           "insisted", "noted", "explained", "wrote"}) {
    EXPECT_EQ(SpeakerOf({std::string("\"We cannot wait any longer,\" Ann Lee ") + verb + "."}),
              "Ann Lee")
        << verb;
  }
}

TEST(QuoteAttributionTest, AppositiveBetweenNameAndVerb) {
  EXPECT_EQ(SpeakerOf({"Yu Jie, senior research fellow, Asia Programme, at Chatham House in "
                       "London, said \"this may send a clear message\"."}),
            "Yu Jie");
  EXPECT_EQ(SpeakerOf({"\"We have seen some signs of it,\" the alliance's secretary-general, Jens "
                       "Stoltenberg, told reporters."}),
            "Jens Stoltenberg");
}

TEST(QuoteAttributionTest, RelativeClause) {
  EXPECT_EQ(SpeakerOf({"John Kirby spoke on Monday.",
                       "This was echoed by Mr Kirby, the US security spokesman, who urged Mr Xi "
                       "\"to play a constructive role\"."}),
            "John Kirby");
}

TEST(QuoteAttributionTest, UnknownSpeakerIsEmpty) {
  EXPECT_EQ(SpeakerOf({"Instead, it talked of \"respecting the sovereignty of all countries\"."}),
            "");
}

TEST(QuoteAttributionTest, TitlesGiveOneNamePerPerson) {
  // With the full name in the document, every form of it resolves to the full name...
  const std::vector<Quotation> quotes =
      Extract({"Vladimir Putin met his guest in the Kremlin.",
               "\"We are always open for talks,\" Mr Putin said.",
               "\"Our friendship has no limits at all,\" President Putin added.",
               "\"We will build the pipeline soon,\" Putin said."});
  ASSERT_EQ(quotes.size(), 3u);
  for (const Quotation& q : quotes) EXPECT_EQ(q.speaker, "Vladimir Putin") << q.text;
  // ...and without it, to the surname.
  EXPECT_EQ(SpeakerOf({"\"Our friendship has no limits at all,\" President Putin said."}), "Putin");
}

TEST(QuoteAttributionTest, SurnameAfterTitleMatchesEarlierFullName) {
  EXPECT_EQ(SpeakerOf({"White House spokesman John Kirby spoke on Friday.",
                       "\"A truce now would ratify the conquest,\" Mr Kirby said."}),
            "John Kirby");
  // Chinese names put the surname first.
  EXPECT_EQ(SpeakerOf({"Chinese President Xi Jinping arrived in Moscow.",
                       "\"Our relations go beyond ourselves,\" Mr Xi said."}),
            "Xi Jinping");
}

TEST(QuoteAttributionTest, PronounResolvesToLastNamedSpeaker) {
  EXPECT_EQ(SpeakerOf({"John Kirby said a ceasefire would not be enough.",
                       "\"We hope the troops will withdraw,\" he said."}),
            "John Kirby");
  // The subject of a sentence without quotations counts too.
  EXPECT_EQ(SpeakerOf({"Vladimir Putin will host the talks.", "Ann Lee said the talks would fail.",
                       "But Putin has shown no intention of giving up.",
                       "\"Security is now the top priority,\" he said."}),
            "Vladimir Putin");
}

TEST(QuoteAttributionTest, AmbiguousPronounIsLeftUnresolved) {
  EXPECT_EQ(SpeakerOf({"On Monday, Mr Xi and Mr Putin held talks for four hours.",
                       "\"We are good friends for ever,\" he said."}),
            "");
}

TEST(QuoteAttributionTest, DefiniteDescriptionResolvesLikeAPronoun) {
  EXPECT_EQ(SpeakerOf({"Vladimir Putin on Tuesday backed the plan.",
                       "The Russian president said the plan \"can be taken as a basis\"."}),
            "Vladimir Putin");
}

TEST(QuoteAttributionTest, ContinuationParagraphKeepsTheSpeaker) {
  const std::vector<Quotation> quotes =
      Extract({"\"First part of the statement is here,\" John Kirby said.",
               "\"But the second part continues with more words.\""});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[1].speaker, "John Kirby");
}

TEST(QuoteAttributionTest, SecondQuotationOfAParagraphKeepsTheSpeaker) {
  const std::vector<Quotation> quotes =
      Extract({"\"I have known him for ten years,\" Xi Jinping added. \"We agreed on almost "
               "everything today.\""});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[1].speaker, "Xi Jinping");
}

TEST(QuoteAttributionTest, ContinuationNeedsAKnownPreviousSpeaker) {
  const std::vector<Quotation> quotes =
      Extract({"Instead, it talked of \"respecting the sovereignty of all countries\".",
               "\"But the second part continues with more words.\""});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[1].speaker, "");
}

TEST(QuoteAttributionTest, OwnerAndParticlesKeepTheName) {
  // "Dunmore's" does not end the name, "de" does not split it, and "he" is the subject of the
  // sentence before, not the speaker of the paragraph before.
  const std::vector<Quotation> quotes =
      Extract({"Maria Olsen, the home coach, had won three titles. \"We gave everything we had "
               "tonight,\" she said.",
               "Dunmore's Joost de Vries was furious. \"The referee decided this game,\" he said. "
               "\"Nobody will talk about our effort now.\""});
  ASSERT_EQ(quotes.size(), 3u);
  EXPECT_EQ(quotes[0].speaker, "Maria Olsen");
  EXPECT_EQ(quotes[1].speaker, "Joost de Vries");
  EXPECT_EQ(quotes[2].speaker, "Joost de Vries");
  EXPECT_EQ(SpeakerOf({"\"The new bridge opens in the spring,\" Ursula von der Brandt said."}),
            "Ursula von der Brandt");
  EXPECT_EQ(SpeakerOf({"\"We have waited years for this day,\" said Dunmore's captain Sean "
                       "Tully."}),
            "Sean Tully");
  // A name opening with a capitalised particle at a sentence start is the end of the full name.
  EXPECT_EQ(SpeakerOf({"Ursula von der Brandt opened the bridge on Monday.",
                       "Von der Brandt thanked the builders.",
                       "\"It took four years to build this bridge,\" von der Brandt said."}),
            "Ursula von der Brandt");
  // A lower-case word between two names is no particle unless it is one ("and").
  EXPECT_EQ(SpeakerOf({"Ivan Petrov and Ann Lee met on Monday.",
                       "\"We are good friends for ever,\" he said."}),
            "");
}

TEST(QuoteAttributionTest, SaidRoleNounsThenName) {
  const std::vector<Quotation> quotes =
      Extract({"\"The harvest came three weeks late,\" said vineyard manager Tomás Ortega. "
               "\"Half of the grapes had already rotted.\""});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].speaker, "Tomás Ortega");
  EXPECT_EQ(quotes[1].speaker, "Tomás Ortega");
  // One word after lower-case words is a person only after a title.
  EXPECT_EQ(SpeakerOf({"\"The museum alone is worth the trip,\" said tourists visiting Quito."}),
            "");
  EXPECT_EQ(SpeakerOf({"\"The museum alone is worth the trip,\" said city spokesman Ortega."}),
            "Ortega");
  // A sentence opening in lower case (after a stray "?", an unknown character) is no
  // description.
  EXPECT_EQ(SpeakerOf({"Ivan Petrov met the press? specifically Ann Lee.",
                       "\"We are ready for the vote,\" he said."}),
            "Ivan Petrov");
  // A past-tense verb before the name is no role: the court is not Ann Lee.
  EXPECT_EQ(SpeakerOf({"Ivan Petrov spoke first.", "The court sentenced Ann Lee to five years.",
                       "\"Justice was done here today,\" he said."}),
            "Ivan Petrov");
}

TEST(QuoteAttributionTest, SaidDescriptionCommaName) {
  const std::vector<Quotation> quotes =
      Extract({"\"Nobody warned us about the flood. It came at night,\" said a fisherman, Dario "
               "Pellegrini. \"The water reached the windows.\""});
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].speaker, "Dario Pellegrini");
  EXPECT_EQ(quotes[1].speaker, "Dario Pellegrini");
  EXPECT_EQ(SpeakerOf({"\"The harbour will stay closed until Friday,\" said the harbour master "
                       "of Portree, Ann Lee."}),
            "Ann Lee");
  // A list of names is no apposition.
  EXPECT_EQ(SpeakerOf({"\"We will appeal the ruling today,\" said the law firm Hale, Brook, "
                       "Stone."}),
            "");
}

TEST(QuoteAttributionTest, UnnamedDescriptionAndListenerGiveNoSpeaker) {
  EXPECT_EQ(SpeakerOf({"Anna Berg opened the session.",
                       "\"We will reopen the bridge next week,\" a council engineer told the "
                       "Gazette."}),
            "");
  EXPECT_EQ(SpeakerOf({"\"The water came up to the windows,\" said a neighbour."}), "");
  // After "told", the name is the listener's.
  EXPECT_EQ(SpeakerOf({"Officials told the minister, Ann Lee, that \"the budget will not pass "
                       "this year\"."}),
            "");
}

std::vector<Quotation> ExtractIn(const char* language, std::vector<std::string> paragraphs) {
  std::vector<Document> docs = {Doc(std::move(paragraphs))};
  docs[0].text.language = language;
  return ExtractQuotations(docs, 0, QuoteOptions());
}

TEST(QuoteAttributionTest, Spanish) {
  // Pro-drop: "afirmó" with no subject is the person the text last spoke of.
  const std::vector<std::string> mayor = {
      "El alcalde de la ciudad, Jorge Medina, asegura que las obras terminarán en mayo. "
      "\xe2\x80\x9cNo vamos a dejar a ningún barrio sin agua este verano\xe2\x80\x9d, afirmó."};
  std::vector<Quotation> quotes = ExtractIn("es", mayor);
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker, "Jorge Medina");
  // Other languages read English words only.
  quotes = ExtractIn("en", mayor);
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker, "");

  quotes = ExtractIn("es", {"\xe2\x80\x9cLlevamos tres días sin luz en todo el "
                            "barrio\xe2\x80\x9d, contaba Lucía, una vecina del centro."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker, "Lucía");

  quotes = ExtractIn("es", {"Las obras costarán \xe2\x80\x9cmucho más de lo previsto al "
                            "principio\xe2\x80\x9d, según el concejal de Hacienda, Pablo Ruiz."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker, "Pablo Ruiz");

  // An inverted attribution without a quotation names the speaker of the next one.
  quotes = ExtractIn("es", {"Las lluvias dañaron cuarenta casas, explicó la directora de Protección "
                            "Civil, Elena Soto. \xe2\x80\x9cSeguimos sin acceso a dos "
                            "aldeas\xe2\x80\x9d, dijo en una rueda de prensa."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker, "Elena Soto");
}

// --- Bad input ------------------------------------------------------------------------------

TEST(ExtractQuotationsTest, BadInputNeverCrashes) {
  EXPECT_THAT(Extract({}), IsEmpty());
  EXPECT_THAT(Extract({"", "", ""}), IsEmpty());
  EXPECT_THAT(Extract({"\""}), IsEmpty());
  EXPECT_THAT(Extract({"\xe2\x80\x9c"}), IsEmpty());
  EXPECT_THAT(Extract({"\xe2\x80\x9d", "\xc2\xbb", "\"", "\""}), IsEmpty());
  EXPECT_THAT(Extract({"\xe2\x80"}), IsEmpty());  // a truncated curly quote
  const std::vector<Document> docs = {Doc({"\"a b c d e\""})};
  EXPECT_THAT(ExtractQuotations(docs, 7, QuoteOptions()), IsEmpty());
}

TEST(ExtractQuotationsTest, InvalidUtf8GivesValidUtf8) {
  const std::vector<Quotation> quotes =
      Extract({"\"We \xff\xfe will \xc3 win this \xed\xa0\x80 war,\" Ann \xe9 Lee said."});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_TRUE(ValidUtf8(quotes[0].text));
  EXPECT_TRUE(ValidUtf8(quotes[0].speaker));
}

TEST(ExtractQuotationsTest, VeryLongParagraphsStayLinear) {
  std::string paragraph;
  for (int i = 0; i < 20000; ++i) {
    paragraph += "\"We will win this war number " + std::to_string(i) + ",\" Ann Lee said, ";
  }
  std::string unclosed(1 << 20, 'a');
  for (size_t i = 0; i < unclosed.size(); i += 7) unclosed[i] = ' ';
  unclosed[0] = '"';
  std::string marks;
  for (int i = 0; i < 100000; ++i) marks += "\xe2\x80\x9c said ";
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Quotation> quotes = Extract({paragraph, unclosed, marks, paragraph});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(quotes.size(), 40000u);
  EXPECT_EQ(quotes.back().speaker, "Ann Lee");
  EXPECT_LT(seconds, 10.0);
}

TEST(ExtractQuotationsTest, RandomTextNeverCrashes) {
  // Texts made of quotation marks, names, speech verbs, punctuation and stray bytes.
  const std::vector<std::string> pieces = {"\"",
                                           "\xe2\x80\x9c",
                                           "\xe2\x80\x9d",
                                           "\xc2\xab",
                                           "\xc2\xbb",
                                           "\xe2\x80\x9e",
                                           "'",
                                           "\xe2\x80\x99",
                                           " ",
                                           " ",
                                           " ",
                                           ",",
                                           ".",
                                           ":",
                                           "Mr",
                                           "Ann",
                                           "Lee",
                                           "he",
                                           "said",
                                           "who",
                                           "according",
                                           "to",
                                           "the",
                                           "president",
                                           "we",
                                           "will",
                                           "win",
                                           "\xff",
                                           "\xc3",
                                           "s"};
  uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<Document> docs(2);
    for (Document& d : docs) {
      for (size_t p = next() % 4; p > 0; --p) {
        std::string paragraph;
        for (size_t w = next() % 40; w > 0; --w) paragraph += pieces[next() % pieces.size()];
        d.paragraphs.push_back(paragraph);
      }
    }
    QuoteOptions options;
    options.min_words = next() % 3;
    for (const Quotation& q : ExtractQuotations(docs, 0, options)) {
      EXPECT_TRUE(ValidUtf8(q.text));
      EXPECT_TRUE(ValidUtf8(q.speaker));
      EXPECT_LT(q.paragraph, docs[0].paragraphs.size());
    }
    const std::vector<uint32_t> order = {0, 1};
    for (const StoryQuote& q : CompareQuotes(docs, order, options)) {
      EXPECT_FALSE(q.docs.empty());
      EXPECT_LE(q.altered.size() + 1, q.docs.size());
    }
  }
}

// --- Matching across documents ----------------------------------------------------------------

std::vector<StoryQuote> Compare(const std::vector<std::vector<std::string>>& texts) {
  std::vector<Document> docs;
  std::vector<uint32_t> order;
  for (const auto& paragraphs : texts) {
    order.push_back(docs.size());
    docs.push_back(Doc(paragraphs));
  }
  return CompareQuotes(docs, order, QuoteOptions());
}

TEST(CompareQuotesTest, VerbatimInThreeDocuments) {
  // Case, punctuation and the kind of quotation mark do not matter.
  const std::vector<StoryQuote> quotes = Compare(
      {{"\"We will rebuild every bridge in the region,\" Anna Berg said."},
       {"Anna Berg said: \xe2\x80\x9cwe will rebuild every bridge in the region.\xe2\x80\x9d"},
       {"\xc2\xab We will rebuild EVERY bridge in the region \xc2\xbb, Ms Berg said."}});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "We will rebuild every bridge in the region");
  EXPECT_EQ(quotes[0].speaker, "Anna Berg");
  EXPECT_THAT(quotes[0].docs, ElementsAre(0u, 1u, 2u));
  EXPECT_THAT(quotes[0].altered, IsEmpty());
}

TEST(CompareQuotesTest, SpunCopyIsAlteredWithTheChangedWords) {
  const std::vector<StoryQuote> quotes = Compare(
      {{"\"We hope that President Xi will press President Putin to cease bombing Ukrainian "
        "cities,\" he said."},
       {"\xe2\x80\x9cWe hope President Xi will pressure President Putin to stop bombing Ukrainian "
        "cities,\xe2\x80\x9d he said."}});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_THAT(quotes[0].docs, ElementsAre(0u, 1u));
  ASSERT_EQ(quotes[0].altered.size(), 1u);
  EXPECT_EQ(quotes[0].altered[0].doc, 1u);
  EXPECT_THAT(quotes[0].altered[0].removed, ElementsAre("that", "press", "cease"));
  EXPECT_THAT(quotes[0].altered[0].added, ElementsAre("pressure", "stop"));
}

TEST(CompareQuotesTest, ReplacedWordsAtTheEdgesCount) {
  const std::vector<StoryQuote> quotes =
      Compare({{"He wants to \"settle the acute crisis in Ukraine\"."},
               {"He wants to \"resolve the serious crisis in Ukraine\"."}});
  ASSERT_EQ(quotes.size(), 1u);
  ASSERT_EQ(quotes[0].altered.size(), 1u);
  EXPECT_THAT(quotes[0].altered[0].removed, ElementsAre("settle", "acute"));
  EXPECT_THAT(quotes[0].altered[0].added, ElementsAre("resolve", "serious"));
}

TEST(CompareQuotesTest, SpellingIsNotWording) {
  const std::vector<StoryQuote> quotes =
      Compare({{"\"We're always open for a cease-fire,\" Ivan Petrov said."},
               {"\"We are always open for a ceasefire,\" Ivan Petrov said."}});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_THAT(quotes[0].altered, IsEmpty());
}

TEST(CompareQuotesTest, ShorterQuoteInsideLongerOneMatches) {
  const std::vector<StoryQuote> quotes = Compare(
      {{"\"A truce is now effectively the ratification of Russian conquest,\" Mr Kirby said."},
       {"The US called it a \"ratification of Russian conquest\"."}});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_THAT(quotes[0].docs, ElementsAre(0u, 1u));
  EXPECT_THAT(quotes[0].altered, IsEmpty());  // quoting less is not changing the words
}

TEST(CompareQuotesTest, DifferentStatementsDoNotMatch) {
  const std::vector<StoryQuote> quotes =
      Compare({{"\"We will rebuild every bridge in the region,\" Anna Berg said."},
               {"\"The economy will grow faster than anyone expects,\" Anna Berg said."}});
  EXPECT_EQ(quotes.size(), 2u);
}

TEST(CompareQuotesTest, MoreWidelyCarriedFirstThenFirstAppearance) {
  const std::vector<StoryQuote> quotes =
      Compare({{"\"Only the first document has this one,\" Ann Lee said.",
                "\"Both documents carry this other statement,\" Ann Lee said."},
               {"\"Both documents carry this other statement,\" Ann Lee said.",
                "\"And the second one has a third statement too,\" Ann Lee said."}});
  ASSERT_EQ(quotes.size(), 3u);
  EXPECT_EQ(quotes[0].text, "Both documents carry this other statement");
  EXPECT_EQ(quotes[1].text, "Only the first document has this one");
  EXPECT_EQ(quotes[2].text, "And the second one has a third statement too");
}

TEST(CompareQuotesTest, EarliestDocumentGivesTheReference) {
  std::vector<Document> docs = {
      Doc({"\"We hope President Xi will pressure Putin now,\" he said."}),
      Doc({"\"We hope that President Xi will press Putin now,\" he said."})};
  const std::vector<uint32_t> order = {1, 0};  // document 1 was published first
  const std::vector<StoryQuote> quotes = CompareQuotes(docs, order, QuoteOptions());
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "We hope that President Xi will press Putin now");
  EXPECT_THAT(quotes[0].docs, ElementsAre(1u, 0u));
  ASSERT_EQ(quotes[0].altered.size(), 1u);
  EXPECT_EQ(quotes[0].altered[0].doc, 0u);
}

TEST(CompareQuotesTest, SpeakerReconciledAcrossDocuments) {
  // The first document does not name the speaker, the second gives a surname, the third the
  // full name: the quote gets the full name.
  const std::vector<StoryQuote> quotes =
      Compare({{"Officials were told that \"a truce would ratify the conquest\" on Friday."},
               {"\"A truce would ratify the conquest,\" Mr Kirby said."},
               {"John Kirby, the spokesman, spoke to reporters.",
                "\"A truce would ratify the conquest,\" Kirby said."}});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker, "John Kirby");
  EXPECT_EQ(quotes[0].docs.size(), 3u);
}

TEST(CompareQuotesTest, FullNameFromADocumentWithoutQuotations) {
  // Documents without a quotation mark are read only for their people, when a one-word speaker
  // needs a full name.
  const std::vector<StoryQuote> quotes =
      Compare({{"John Kirby, the spokesman, spoke to reporters on Friday."},
               {"\"A truce would ratify the conquest,\" Mr Kirby said."},
               {"Nothing is quoted here either."}});
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker, "John Kirby");
  EXPECT_THAT(quotes[0].docs, ElementsAre(1u));
}

TEST(CompareQuotesTest, MaxPerStoryKeepsTheMostCarried) {
  // Three statements carried by 3, 2 and 1 documents.
  std::vector<Document> docs = {
      Doc({"\"The bridge will be rebuilt this year,\" Anna Berg said.",
           "\"The budget is already approved by the council,\" Anna Berg said.",
           "\"Nobody else has reported this small detail,\" Anna Berg said."}),
      Doc({"\"The bridge will be rebuilt this year,\" Anna Berg said.",
           "\"The budget is already approved by the council,\" Anna Berg said."}),
      Doc({"\"The bridge will be rebuilt this year,\" Anna Berg said."})};
  const std::vector<uint32_t> order = {0, 1, 2};
  QuoteOptions options;
  EXPECT_EQ(options.max_per_story, 50u);
  options.max_per_story = 2;
  const std::vector<StoryQuote> capped = CompareQuotes(docs, order, options);
  ASSERT_EQ(capped.size(), 2u);
  EXPECT_EQ(capped[0].text, "The bridge will be rebuilt this year");
  EXPECT_THAT(capped[0].docs, ElementsAre(0u, 1u, 2u));
  EXPECT_EQ(capped[1].text, "The budget is already approved by the council");
  EXPECT_THAT(capped[1].docs, ElementsAre(0u, 1u));

  options.max_per_story = 0;  // no cap
  const std::vector<StoryQuote> all = CompareQuotes(docs, order, options);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].text, "Nobody else has reported this small detail");
  EXPECT_THAT(all[2].docs, ElementsAre(0u));
}

TEST(CompareQuotesTest, ManyDocumentsStayFast) {
  // 400 documents, each quoting the same five statements (one word changed in two documents
  // out of three) and five remarks of its own.
  std::vector<Document> docs;
  std::vector<uint32_t> order;
  for (int d = 0; d < 400; ++d) {
    std::vector<std::string> paragraphs;
    for (int s = 0; s < 5; ++s) {
      paragraphs.push_back("\"Statement " + std::to_string(s) +
                           (d % 3 == 0 ? " differs" : " stays") +
                           " with the same long words in order,\" Ann Lee said.");
      const std::string id = std::to_string(d * 5 + s);
      paragraphs.push_back("\"Remark a" + id + " b" + id + " c" + id + " d" + id + ",\" she said.");
    }
    order.push_back(docs.size());
    docs.push_back(Doc(paragraphs));
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<StoryQuote> quotes = CompareQuotes(docs, order, QuoteOptions());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_GE(quotes.size(), 5u);
  for (int s = 0; s < 5; ++s) {
    EXPECT_EQ(quotes[s].docs.size(), 400u);
    EXPECT_EQ(quotes[s].altered.size(), 266u);  // d % 3 != 0 differs from document 0
  }
  for (size_t q = 5; q < quotes.size(); ++q) {
    EXPECT_EQ(quotes[q].docs.size(), 1u) << quotes[q].text;
  }
  EXPECT_LT(seconds, 10.0);
}

TEST(CompareQuotesTest, BadInputNeverCrashes) {
  std::vector<Document> docs = {Doc({}), Doc({"", "\""}), Doc({"\xff\xfe\"a b c d\xff\""})};
  const std::vector<uint32_t> order = {0, 1, 2, 9};  // 9 is out of range and ignored
  EXPECT_EQ(CompareQuotes(docs, order, QuoteOptions()).size(), 1u);
  EXPECT_THAT(CompareQuotes(docs, {}, QuoteOptions()), IsEmpty());
}

}  // namespace
}  // namespace storyline
