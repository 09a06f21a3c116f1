// Quotations: finding them, attributing them, and matching them across documents.
//
// Extraction works per document in three passes over the paragraphs, all linear in the text:
//  1. Quotation marks are paired into quotations (straight quotes by alternation, curly quotes
//     and guillemets by direction). A quotation left open at the end of a paragraph continues
//     when the next paragraph opens with a quotation mark (the convention for quotes that run
//     over paragraphs); otherwise it is dropped and the paragraph is scanned again after it, so
//     a stray mark never swallows the rest of the text.
//  2. The text outside the quotations ("the frame") is split into words and punctuation, each
//     quotation standing in as one token, and into sentences.
//  3. Each quotation is attributed from its sentence, in this order: a speech verb after it
//     ("...," X said / said X / he said / said hostel owner X / said a neighbour, X; in a pro-drop
//     language a bare "“...”, afirmó" counts as "he said"), a speech verb before it (X said: "..."; X said he would
//     "..."), "according to X", a person who is the subject of the sentence, and finally the
//     speaker of the quotation just before it when this one continues it (same paragraph, or a
//     paragraph that opens with the quotation). "he"/"she"/"they" and definite descriptions
//     ("the Russian president") resolve to the person the text last spoke of, when that is one
//     person. Names lose their titles ("Mr", "President") and a lone surname becomes the full
//     name the document uses for it ("Mr Kirby" -> "John Kirby").
//
// There is no part-of-speech tagger here: capitalisation, a list of speech verbs and a list of
// titles stand in for one, which is enough for news prose. The rules are the same in every
// language; the word lists they read (speech verbs, function words, pronouns, determiners) come
// from the document's language (Lexicon: English, and Spanish for "es"; English otherwise).
//
// Matching across documents (CompareQuotes) aligns normalised words by longest common
// subsequence; see the comment above CompareQuotes for the bound on its work.
#include "storyline/quotes.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace storyline {
namespace {

using WordSet = std::unordered_set<std::string_view>;

// ---------------------------------------------------------------------------------------------
// UTF-8

// Decodes the code point at s[i]; an ill-formed sequence decodes as U+FFFD of length 1.
char32_t DecodeAt(std::string_view s, size_t i, size_t* length) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  *length = 1;
  if (c < 0x80) return c;
  size_t n = 0;
  char32_t cp = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0xfffd;
  }
  if (i + n > s.size()) return 0xfffd;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0xfffd;
    cp = (cp << 6) | (b(i + k) & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are ill-formed.
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff)) {
    return 0xfffd;
  }
  *length = n;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// `s` with ill-formed UTF-8 replaced by U+FFFD, so that what we return is always valid text
// (the JSON writers downstream reject anything else).
std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n;
    const char32_t cp = DecodeAt(s, i, &n);
    if (cp == 0xfffd && n == 1) {
      AppendUtf8(0xfffd, &out);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f || cp == 0x205f ||
         cp == 0x3000;
}

bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

// Letters and digits: ASCII alphanumerics and every non-ASCII code point outside the
// punctuation and symbol blocks (good enough to keep names and words of any script whole).
bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
  if (cp == 0xfffd || IsSpace(cp)) return false;
  if (cp >= 0xa1 && cp <= 0xbf) return false;      // Latin-1 punctuation, « »
  if (cp == 0xd7 || cp == 0xf7) return false;      // × ÷
  if (cp >= 0x2000 && cp <= 0x2bff) return false;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303f) return false;  // CJK punctuation
  if (cp >= 0xfe30 && cp <= 0xfe4f) return false;  // CJK compatibility forms
  if (cp >= 0xff00 && cp <= 0xff0f) return false;  // fullwidth punctuation
  return true;
}

bool IsUpper(char32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) ||
         (cp >= 0x100 && cp <= 0x17f && cp % 2 == 0) || (cp >= 0x391 && cp <= 0x3a9) ||
         (cp >= 0x400 && cp <= 0x42f);
}

char32_t ToLower(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17f && cp % 2 == 0) return cp + 1;
  if (cp >= 0x391 && cp <= 0x3a9) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42f) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40f) return cp + 80;
  return cp;
}

// ---------------------------------------------------------------------------------------------
// Word lists (English; the Spanish ones are in SpanishLexicon). Lower case; looked up with the
// word lower-cased.

// The space-separated words of `list`, a string literal (the views point into it).
WordSet MakeWordSet(std::string_view list) {
  WordSet words;
  for (size_t begin = 0; begin < list.size();) {
    size_t end = list.find(' ', begin);
    if (end == std::string_view::npos) end = list.size();
    if (end > begin) words.insert(list.substr(begin, end - begin));
    begin = end + 1;
  }
  return words;
}

// Verbs that introduce speech; the subject of one of them is a speaker.
const WordSet& SpeechVerbs() {
  static const WordSet kWords = MakeWordSet(
      "said says say saying told tells telling added adds adding asked asks urged urges "
      "urging warned warns stated insisted insists insisting noted noting explained "
      "explains wrote writes declared declares hailed praised remarked remarking tweeted "
      "hinted stressed argued argues arguing replied answered announced continued recalled "
      "acknowledged admitted emphasised emphasized suggested commented observed predicted "
      "promised vowed pledged conceded cautioned complained reiterated repeated concluded "
      "confirmed described called claimed pleaded quipped responded shouted whispered "
      "joked boasted");
  return kWords;
}

// Titles and roles: stripped from the front of a name ("Chinese President Xi Jinping" ->
// "Xi Jinping"); a name that carried one is a person's.
const WordSet& Titles() {
  static const WordSet kWords = MakeWordSet(
      "mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister "
      "premier chancellor secretary secretary-general state general gen sen senator rep "
      "representative congressman congresswoman governor gov mayor king queen prince "
      "princess pope chief deputy foreign defence defense interior finance spokesman "
      "spokeswoman spokesperson ambassador envoy commissioner director chairman chairwoman "
      "leader judge justice captain colonel col lieutenant lt sergeant admiral marshal "
      "commander adviser advisor reverend rev sheikh emir sultan ayatollah cardinal "
      "archbishop bishop chair ceo head diplomat official prosecutor attorney counsellor "
      "counselor");
  return kWords;
}

// Words that are capitalised only because they open a sentence: function words, and the
// groups that speak in news ("Officials said"). Never part of a name.
const WordSet& NonNameWords() {
  static const WordSet kWords = MakeWordSet(
      "the a an this that these those but and or nor in on at to for of with by from as if "
      "when while after before since during it its he she they we i you his her their our "
      "my your there here what which who whom whose where why how instead however "
      "meanwhile also still then now later earlier yet so not no yes all some many most "
      "both each every any such other another one two three according under over amid "
      "despite following throughout without within between among against about around "
      "again even just only last next first new monday tuesday wednesday thursday friday "
      "saturday sunday january february march april june july august september october "
      "november december is was are were will would has have had do does did can could "
      "should may might must let us officials analysts experts police critics witnesses "
      "residents sources authorities diplomats lawmakers protesters observers "
      "investigators scientists researchers doctors people citizens voters activists "
      "leaders ministers officers reporters journalists");
  return kWords;
}

// Last words of organisations and places, which look like two-word names otherwise.
const WordSet& OrganisationWords() {
  static const WordSet kWords = MakeWordSet(
      "house court council sea ocean east west north south games press daily ministry "
      "department office agency network programme program union nations states kingdom "
      "republic army party bank times post news peninsula region airport street square "
      "palace university institute centre center organization organisation committee "
      "commission forum summit assembly parliament government group company corporation "
      "inc ltd foundation fund force forces navy guard war river island islands mountains "
      "city county province federation association club league cup media service services "
      "police church hospital school college embassy channel radio television journal "
      "herald tribune gazette review treaty alliance coalition front movement stadium "
      "district valley bay gulf strait canal exchange market index plan act bureau authority "
      "administration");
  return kWords;
}

// Words skipped between a subject and its speech verb ("Mr Putin has also said").
const WordSet& AuxiliaryWords() {
  static const WordSet kWords = MakeWordSet(
      "has have had also later then again will would was is were are been once previously "
      "publicly reportedly recently repeatedly earlier further cautiously privately "
      "separately simply only often did does already quickly bluntly flatly on today "
      "yesterday tonight monday tuesday wednesday thursday friday saturday sunday himself "
      "herself angrily firmly openly directly");
  return kWords;
}

// Words that open a sentence before its subject ("But Putin has ...").
const WordSet& Connectives() {
  static const WordSet kWords = MakeWordSet(
      "but and so yet instead however meanwhile still then now later earlier also "
      "separately similarly nevertheless indeed thus");
  return kWords;
}

// Prepositions that open an adverbial ("On Monday, ..."), skipped up to its comma.
const WordSet& AdverbialOpeners() {
  static const WordSet kWords = MakeWordSet(
      "on in at before after during since while despite following throughout for from with "
      "without amid as when under over by earlier last this against");
  return kWords;
}

// Abbreviations whose period does not end a sentence.
const WordSet& Abbreviations() {
  static const WordSet kWords = MakeWordSet(
      "mr mrs ms dr st gen sen rep gov lt col jr sr prof rev no vs etc inc co corp jan feb "
      "aug sept sep oct nov dec mt ft capt sgt adm gens");
  return kWords;
}

bool In(const WordSet& set, std::string_view word) { return set.count(word) != 0; }

// Lower-case particles inside a name ("Piet van Aalst", "Ursula von der Leyen", "Mohammed bin
// Salman"): part of the name when a name word comes before and after them.
const WordSet& NameParticles() {
  static const WordSet kWords =
      MakeWordSet("van von de der den del da di du dos la le bin ibn al");
  return kWords;
}

// Classes of a lower-case word, as bits: the lexicon's lists and the lists above.
enum WordClass : uint16_t {
  kSpeechClass = 1 << 0,
  kObjectClass = 1 << 1,
  kFunctionClass = 1 << 2,
  kAuxiliaryClass = 1 << 3,
  kPronounClass = 1 << 4,
  kDeterminerClass = 1 << 5,
  kAccordingClass = 1 << 6,
  kParticleClass = 1 << 7,
  kTitleClass = 1 << 8,
  kOrganisationClass = 1 << 9,
  kConnectiveClass = 1 << 10,
  kOpenerClass = 1 << 11,
  kAbbreviationClass = 1 << 12,
};

// Every listed word with its classes, so that a word is looked up once (open addressing; the
// views point into the lists' string literals).
class WordClasses {
 public:
  void Add(const WordSet& words, uint16_t word_class) {
    for (std::string_view w : words) pending_[w] |= word_class;
  }

  // Builds the table from what Add gave; call once, after the last Add.
  void Build() {
    size_t size = 16;
    while (size < 4 * pending_.size()) size *= 2;
    slots_.assign(size, Slot());
    mask_ = size - 1;
    for (const auto& [word, classes] : pending_) {
      size_t i = Hash(word) & mask_;
      while (!slots_[i].word.empty()) i = (i + 1) & mask_;
      slots_[i] = {word, classes};
      max_length_ = std::max(max_length_, word.size());
    }
    pending_.clear();
  }

  uint16_t Find(std::string_view word) const {
    if (word.empty() || word.size() > max_length_) return 0;
    for (size_t i = Hash(word) & mask_; !slots_[i].word.empty(); i = (i + 1) & mask_) {
      if (slots_[i].word == word) return slots_[i].classes;
    }
    return 0;
  }

 private:
  struct Slot {
    std::string_view word;
    uint16_t classes = 0;
  };

  static size_t Hash(std::string_view word) {
    uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
    for (char c : word) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return static_cast<size_t>(h ^ (h >> 29));
  }

  std::unordered_map<std::string_view, uint16_t> pending_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t max_length_ = 0;
};

// The words of one language that attribution reads: the rules are the same in every language,
// only these lists change. Tokens get their classes from the document's lexicon once, when the
// text is split into words.
struct Lexicon {
  WordSet speech_verbs;    // verbs that introduce speech
  WordSet object_verbs;    // speech verbs whose next noun is a listener ("told Mr Petrov")
  WordSet function_words;  // capitalised only at a sentence start: never part of a name
  WordSet auxiliaries;     // skipped between a subject and its verb ("has also said")
  WordSet pronouns;        // "he", "she", "they"
  WordSet determiners;     // open a description ("a neighbour", "the club's coach")
  WordSet according;       // one word meaning "according to" ("según")
  bool pro_drop = false;   // a verb may have no written subject ("“...”, afirmó.")
  WordClasses classes;     // all of the above, and the lists of every language

  void BuildClasses() {
    classes.Add(speech_verbs, kSpeechClass);
    classes.Add(object_verbs, kObjectClass);
    classes.Add(function_words, kFunctionClass);
    classes.Add(auxiliaries, kAuxiliaryClass);
    classes.Add(pronouns, kPronounClass);
    classes.Add(determiners, kDeterminerClass);
    classes.Add(according, kAccordingClass);
    classes.Add(NameParticles(), kParticleClass);
    classes.Add(Titles(), kTitleClass);
    classes.Add(OrganisationWords(), kOrganisationClass);
    classes.Add(Connectives(), kConnectiveClass);
    classes.Add(AdverbialOpeners(), kOpenerClass);
    classes.Add(Abbreviations(), kAbbreviationClass);
    classes.Build();
  }
};

const Lexicon& EnglishLexicon() {
  static const Lexicon kLexicon = [] {
    Lexicon l;
    l.speech_verbs = SpeechVerbs();
    l.object_verbs = MakeWordSet(
        "told tells telling asked asks urged urges urging warned warns called promised");
    l.function_words = NonNameWords();
    l.auxiliaries = AuxiliaryWords();
    l.pronouns = MakeWordSet("he she they");
    l.determiners = MakeWordSet("the a an his her their its");
    l.BuildClasses();
    return l;
  }();
  return kLexicon;
}

// Spanish: pro-drop, so a speech verb right after a quotation with no subject ("“...”, afirmó")
// refers to the person the text last spoke of, as "he said" does.
const Lexicon& SpanishLexicon() {
  static const Lexicon kLexicon = [] {
    Lexicon l;
    l.speech_verbs = MakeWordSet(
        "dijo dice dicen decía decían dicho afirmó afirma afirman afirmaba afirmado aseguró "
        "asegura aseguran aseguraba asegurado explicó explica explican explicaba explicado "
        "señaló señala señalaba señalado declaró declara declaraba declarado añadió añade "
        "añadía añadido indicó indica indicaba indicado sostuvo sostiene subrayó subraya "
        "advirtió advierte advertido insistió insiste reconoció reconoce apuntó apunta "
        "comentó comenta contó cuenta contaba relató relata manifestó manifiesta lamentó "
        "lamenta denunció denuncia recordó recuerda reiteró reitera reiterado destacó destaca "
        "preguntó pregunta respondió responde concluyó concluye admitió admite");
    l.object_verbs = MakeWordSet("preguntó pregunta");
    l.function_words = MakeWordSet(
        "el la los las lo un una unos unas de del al a en con por para sin sobre según desde "
        "hasta entre tras ante bajo hacia y e o u ni pero sino que quien quienes cual cuales "
        "cuando donde como porque aunque si no sí ya también tampoco además sin embargo "
        "este esta estos estas ese esa esos esas aquel aquella su sus mi mis tu tus nuestro "
        "nuestra hoy ayer mañana ahora luego después antes durante mientras lunes martes "
        "miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio "
        "agosto septiembre setiembre octubre noviembre diciembre él ella ellos ellas yo "
        "nosotros se le les es son fue era ha han había hay más muy todo todos toda todas "
        "otro otra otros otras fuentes vecinos usuarios expertos");
    l.auxiliaries = MakeWordSet(
        "ha han había habían habría ha también ya hoy ayer luego después nuevamente además "
        "públicamente");
    l.pronouns = MakeWordSet("él ella ellos ellas");
    l.determiners = MakeWordSet("el la los las un una su sus");
    l.according = MakeWordSet("según");
    l.pro_drop = true;
    l.BuildClasses();
    return l;
  }();
  return kLexicon;
}

// The lexicon of a document's language (ISO 639-1); English for any other or unknown language.
const Lexicon& LexiconFor(std::string_view language) {
  if (language == "es") return SpanishLexicon();
  return EnglishLexicon();
}

// ---------------------------------------------------------------------------------------------
// Pass 1: quotation marks.

enum class Mark : uint8_t { kStraight, kOpen, kClose, kLowOpen, kGuillemetOpen, kGuillemetClose };

struct MarkAt {
  size_t pos = 0;  // byte offset of the mark
  size_t len = 0;  // bytes of the mark
  Mark mark = Mark::kStraight;
};

std::vector<MarkAt> FindMarks(std::string_view text) {
  std::vector<MarkAt> marks;
  for (size_t i = 0; i < text.size();) {
    size_t n;
    const char32_t cp = DecodeAt(text, i, &n);
    std::optional<Mark> mark;
    switch (cp) {
      case '"':
        mark = Mark::kStraight;
        break;
      case 0x201c:
        mark = Mark::kOpen;
        break;  // “
      case 0x201d:
        mark = Mark::kClose;
        break;  // ”
      case 0x201e:
        mark = Mark::kLowOpen;
        break;  // „
      case 0xab:
        mark = Mark::kGuillemetOpen;
        break;  // «
      case 0xbb:
        mark = Mark::kGuillemetClose;
        break;  // »
      default:
        break;
    }
    if (mark) marks.push_back({i, n, *mark});
    i += n;
  }
  return marks;
}

bool IsSpaceOrPunctBefore(std::string_view text, size_t pos) {
  if (pos == 0) return true;
  // The byte before is enough: a space, or ASCII punctuation that may precede an opening mark.
  const char c = text[pos - 1];
  return c == ' ' || c == '(' || c == '[' || c == '-' || c == ':' || c == ',' || c == '\t' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsSpaceOrPunctAfter(std::string_view text, size_t pos) {
  if (pos >= text.size()) return true;
  size_t n;
  const char32_t cp = DecodeAt(text, pos, &n);
  return !IsWordChar(cp);
}

// Whether `m` may open a quotation. A straight quote after a digit is an inch mark.
bool CanOpen(std::string_view text, const MarkAt& m) {
  switch (m.mark) {
    case Mark::kStraight:
      return !(m.pos > 0 && text[m.pos - 1] >= '0' && text[m.pos - 1] <= '9');
    case Mark::kOpen:
    case Mark::kLowOpen:
    case Mark::kGuillemetOpen:
      return true;
    default:
      return false;
  }
}

// Whether `m` closes a quotation opened by `open`. Some texts close “ with “ (German style, or
// a lost distinction): that counts when the mark follows a word and precedes a non-word. Pages
// edited by hand mix straight and curly quotes ("... crimes.”): ” closes a straight quote.
bool Closes(std::string_view text, Mark open, const MarkAt& m) {
  switch (open) {
    case Mark::kStraight:
      return m.mark == Mark::kStraight || m.mark == Mark::kClose;
    case Mark::kOpen:
      return m.mark == Mark::kClose ||
             (m.mark == Mark::kOpen && !IsSpaceOrPunctBefore(text, m.pos) &&
              IsSpaceOrPunctAfter(text, m.pos + m.len));
    case Mark::kLowOpen:
      return m.mark == Mark::kOpen || m.mark == Mark::kClose;
    case Mark::kGuillemetOpen:
      return m.mark == Mark::kGuillemetClose;
    default:
      return false;
  }
}

// The opening mark a paragraph starts with, if any (after leading spaces).
std::optional<MarkAt> LeadingMark(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t n;
    const char32_t cp = DecodeAt(text, i, &n);
    if (IsSpace(cp)) {
      i += n;
      continue;
    }
    const std::vector<MarkAt> marks = FindMarks(text.substr(i, n));
    if (marks.empty()) return std::nullopt;
    MarkAt m = marks[0];
    m.pos = i;
    if (!CanOpen(text, m)) return std::nullopt;
    return m;
  }
  return std::nullopt;
}

// Part of a quotation inside one paragraph: content bytes [begin, end).
struct Piece {
  uint32_t paragraph = 0;
  size_t begin = 0;
  size_t end = 0;
};

struct RawQuote {
  std::vector<Piece> pieces;
  size_t open_mark = 0;       // offset of the opening mark in pieces.front().paragraph
  size_t close_mark_end = 0;  // offset just after the closing mark in pieces.back().paragraph
};

// Pairs the quotation marks of all paragraphs, in reading order.
std::vector<RawQuote> PairMarks(const std::vector<std::string>& paragraphs) {
  std::vector<RawQuote> quotes;
  RawQuote open;
  bool is_open = false;
  Mark open_mark = Mark::kStraight;
  for (uint32_t p = 0; p < paragraphs.size(); ++p) {
    const std::string_view text = paragraphs[p];
    const std::vector<MarkAt> marks = FindMarks(text);
    size_t first = 0;
    if (is_open) {
      // The previous paragraph checked that this one opens with a mark: skip it.
      open.pieces.push_back({p, marks[0].pos + marks[0].len, text.size()});
      first = 1;
    }
    size_t opened_at = marks.size();  // index of the mark that opened `open` here, if any
    bool rescanned = false;
    for (size_t m = first;; ++m) {
      if (m == marks.size()) {
        if (!is_open) break;
        const std::optional<MarkAt> next =
            p + 1 < paragraphs.size() ? LeadingMark(paragraphs[p + 1]) : std::nullopt;
        if (next) break;  // continues in the next paragraph
        // Unbalanced: drop it and read the rest of this paragraph again, once, so that one
        // stray mark loses at most one quotation.
        is_open = false;
        if (rescanned) break;
        rescanned = true;
        m = (opened_at < marks.size() ? opened_at + 1 : first) - 1;
        continue;
      }
      const MarkAt& mark = marks[m];
      if (!is_open) {
        if (!CanOpen(text, mark)) continue;
        open = RawQuote();
        open.open_mark = mark.pos;
        open.pieces.push_back({p, mark.pos + mark.len, text.size()});
        is_open = true;
        open_mark = mark.mark;
        opened_at = m;
      } else if (Closes(text, open_mark, mark)) {
        open.pieces.back().end = mark.pos;
        open.close_mark_end = mark.pos + mark.len;
        quotes.push_back(std::move(open));
        is_open = false;
      }
    }
  }
  return quotes;
}

// ---------------------------------------------------------------------------------------------
// Pass 2: the frame around the quotations, as tokens and sentences.

struct Token {
  enum Kind : uint8_t { kWord, kComma, kColon, kStop, kQuote, kOther };
  Kind kind = kOther;
  // Views into the document's paragraph and its lower-cased copy (see LowerCase).
  std::string_view text;   // a word as written, without a possessive ending or abbreviation period
  std::string_view lower;  // `text` lower-cased
  size_t begin = 0;        // byte offset of the token in its paragraph
  uint16_t classes = 0;    // WordClass bits of `lower` (words only)
  bool capitalized = false;
  bool possessive = false;  // "Putin's", "leaders'"
  // Classes from the document's lexicon (words only).
  bool speech = false;         // a speech verb
  bool takes_object = false;   // a speech verb followed by its listener ("told")
  bool function_word = false;  // never part of a name
  bool auxiliary = false;
  bool pronoun = false;
  bool determiner = false;
  bool according = false;  // "según"
  bool particle = false;   // lower-case name particle ("van", "de")
  int quote = -1;           // for kQuote: index into the document's quotations
  bool quote_ends = false;  // for kQuote: the quotation's closing mark is in this paragraph
  int sentence = 0;
};

bool IsAcronym(std::string_view word) {
  if (word.size() < 2) return false;
  for (char c : word) {
    if (!((c >= 'A' && c <= 'Z') || c == '.')) return false;
  }
  return true;
}

// `text` with every code point lower-cased by ToLower, ill-formed bytes kept as they are. ToLower
// keeps the length of a code point's UTF-8 form, so offsets into `text` are offsets into this.
std::string LowerCase(std::string_view text) {
  std::string out(text);
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c + 32);
      ++i;
      continue;
    }
    size_t n;
    const char32_t cp = DecodeAt(text, i, &n);
    const char32_t lower = ToLower(cp);
    if (lower != cp) {
      std::string encoded;
      AppendUtf8(lower, &encoded);
      if (encoded.size() == n) out.replace(i, n, encoded);
    }
    i += n;
  }
  return out;
}

// Appends the words and punctuation of text[begin, end), words classed by `lexicon`; `lower` is
// LowerCase(text).
void Tokenize(std::string_view text, std::string_view lower, size_t begin, size_t end,
              const Lexicon& lexicon, std::vector<Token>* out) {
  size_t i = begin;
  while (i < end) {
    size_t n;
    char32_t cp = DecodeAt(text, i, &n);
    if (IsSpace(cp)) {
      i += n;
      continue;
    }
    if (!IsWordChar(cp)) {
      Token t;
      t.begin = i;
      if (cp == ',') {
        t.kind = Token::kComma;
      } else if (cp == ':') {
        t.kind = Token::kColon;
      } else if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
        t.kind = Token::kStop;
      } else if (IsApostrophe(cp) || cp == 0x2018) {
        i += n;  // single quotes are text, not structure
        continue;
      }
      out->push_back(std::move(t));
      i += n;
      continue;
    }
    // A word: letters and digits, with apostrophes, hyphens and periods inside ("U.S.").
    const size_t start = i;
    size_t word_end = i;
    while (i < end) {
      cp = DecodeAt(text, i, &n);
      if (IsWordChar(cp)) {
        i += n;
        word_end = i;
        continue;
      }
      if (cp == '\'' || cp == 0x2019 || cp == '-' || cp == '.') {
        size_t n2 = 0;
        const bool word_follows = i + n < end && IsWordChar(DecodeAt(text, i + n, &n2));
        if (word_follows) {
          i += n;
          continue;
        }
        // A trailing apostrophe after "s" is a plural possessive ("leaders'").
        if ((cp == '\'' || cp == 0x2019) && word_end > start && text[word_end - 1] == 's') {
          i += n;
          word_end = i;
        }
      }
      break;
    }
    Token t;
    t.kind = Token::kWord;
    t.begin = start;
    std::string_view word = text.substr(start, word_end - start);
    // Possessive: "'s" / "’s" at the end, or the trailing apostrophe kept above.
    for (std::string_view ending : {std::string_view("'s"), std::string_view("\xe2\x80\x99s"),
                                    std::string_view("'"), std::string_view("\xe2\x80\x99")}) {
      if (word.size() > ending.size() && word.substr(word.size() - ending.size()) == ending) {
        word.remove_suffix(ending.size());
        t.possessive = true;
        break;
      }
    }
    t.text = word;
    t.lower = lower.substr(start, word.size());
    size_t first_len;
    t.capitalized = IsUpper(DecodeAt(word, 0, &first_len));
    t.classes = lexicon.classes.Find(t.lower);
    // An abbreviation's period, or an initial's ("J."), is part of the word.
    if (i < end && text[i] == '.' && !t.possessive &&
        ((t.classes & kAbbreviationClass) || (word.size() == 1 && t.capitalized) ||
         word.find('.') != std::string_view::npos)) {
      ++i;
    }
    t.speech = t.classes & kSpeechClass;
    t.takes_object = t.speech && (t.classes & kObjectClass);
    t.function_word = t.classes & kFunctionClass;
    t.auxiliary = t.classes & kAuxiliaryClass;
    t.pronoun = t.classes & kPronounClass;
    t.determiner = t.classes & kDeterminerClass;
    t.according = t.classes & kAccordingClass;
    t.particle = !t.capitalized && (t.classes & kParticleClass);
    out->push_back(t);
  }
}

// Where one quotation's marks sit in one paragraph.
struct Inside {
  size_t begin = 0;  // the frame skips [begin, end)
  size_t end = 0;
  int quote = 0;
  bool starts = false;  // the opening mark is in this paragraph
  bool ends = false;    // the closing mark is in this paragraph
};

// ---------------------------------------------------------------------------------------------
// Names.

struct Name {
  std::string text;  // title-stripped, words joined by one space; empty when none
  size_t words = 0;
  bool titled = false;  // carried a title or role ("Mr", "President", "spokesman")
  bool possessive = false;
};

bool IsAcronym(std::string_view word);

// Whether the token's lower-case text is a title or role (Titles()).
bool IsTitle(const Token& t) { return (t.classes & kTitleClass) != 0; }

// Whether the token's lower-case text ends organisations and places (OrganisationWords()).
bool IsOrganisationWord(const Token& t) { return (t.classes & kOrganisationClass) != 0; }

bool IsNameWord(const Token& t) {
  return t.kind == Token::kWord && t.capitalized &&
         (IsAcronym(t.text) || !t.function_word);
}

// The name in toks[b, e]: the words after the last title, possessive ending removed.
Name MakeName(const std::vector<Token>& toks, size_t b, size_t e) {
  Name name;
  size_t first = b;
  for (size_t k = b; k <= e; ++k) {
    std::string_view lower = toks[k].lower;
    bool title = IsTitle(toks[k]);
    if (!lower.empty() && lower.back() == '.') {
      lower.remove_suffix(1);
      title = In(Titles(), lower);
    }
    if (title || toks[k].kind != Token::kWord || (!toks[k].capitalized && !toks[k].particle)) {
      first = k + 1;
      name.titled = name.titled || title;
    }
  }
  if (b > 0 && toks[b - 1].kind == Token::kWord && !toks[b - 1].capitalized &&
      IsTitle(toks[b - 1])) {
    name.titled = true;  // "spokesman John Kirby"
  }
  for (size_t k = first; k <= e; ++k) {
    if (!name.text.empty()) name.text += ' ';
    name.text += toks[k].text;
    ++name.words;
  }
  name.possessive = toks[e].possessive;
  return name;
}

// The name-like run ending at toks[e] (a name word), scanning back no further than `lb`.
// "of" joins a title to what follows ("Secretary of State Antony Blinken").
Name NameEndingAt(const std::vector<Token>& toks, size_t e, size_t lb) {
  size_t b = e;
  while (b > lb) {
    const Token& prev = toks[b - 1];
    if (IsNameWord(prev) && !prev.possessive) {
      --b;
    } else if (prev.particle && IsNameWord(toks[b])) {
      // "van" in "Piet van Aalst", "von der" in "Ursula von der Leyen".
      size_t p = b - 1;
      while (p > lb && b - p < 2 && toks[p - 1].particle) --p;
      if (p == lb || !IsNameWord(toks[p - 1]) || toks[p - 1].possessive) break;
      b = p;
    } else if (prev.kind == Token::kWord && prev.lower == "of" && b - 1 > lb &&
               IsNameWord(toks[b - 2]) && IsTitle(toks[b - 2])) {
      b -= 2;
    } else {
      break;
    }
  }
  return MakeName(toks, b, e);
}

// The name phrase starting at toks[b] ("White House spokesman John Kirby"), or an empty name.
// Sets *end to one past the phrase.
Name NameStartingAt(const std::vector<Token>& toks, size_t b, size_t limit, size_t* end) {
  size_t e = b;
  while (e < limit) {
    const Token& t = toks[e];
    const bool title_word = t.kind == Token::kWord && IsTitle(t);
    if ((IsNameWord(t) || title_word) && !(e > b && toks[e - 1].possessive)) {
      ++e;
    } else if (t.particle && e > b && IsNameWord(toks[e - 1]) && !toks[e - 1].possessive) {
      // "van" in "Piet van Aalst": a name word must follow the particles.
      size_t n = e;
      while (n < limit && n - e < 2 && toks[n].particle) ++n;
      if (n == limit || !IsNameWord(toks[n])) break;
      e = n;
    } else if (t.kind == Token::kWord && t.lower == "of" && e > b && e + 1 < limit &&
               IsTitle(toks[e - 1]) && IsNameWord(toks[e + 1])) {
      ++e;
    } else {
      break;
    }
  }
  *end = e;
  if (e == b) return Name();
  return MakeName(toks, b, e - 1);
}

// What a document knows about the people it names: full names ("John Kirby"), and the single
// words that stand for a person ("Kirby", "Xi" of "Mr Xi").
struct PersonTable {
  std::vector<std::string> full_names;  // in order of first appearance
  std::unordered_set<std::string> person_words;

  // The full name a lone name stands for, when exactly one full name starts or ends with it.
  // A full name that opens with a particle and ends a longer one is the same person ("Bin Laden"
  // at a sentence start, "Osama bin Laden"): the longer one counts.
  std::string Canonical(const std::string& name) const {
    if (name.empty() || name.find(' ') != std::string::npos) return name;
    std::vector<const std::string*> matches;
    for (const std::string& full : full_names) {
      const size_t space = full.find(' ');
      const size_t last_space = full.rfind(' ');
      if ((full.compare(0, space, name) == 0 && space == name.size()) ||
          (full.size() - last_space - 1 == name.size() &&
           full.compare(last_space + 1, std::string::npos, name) == 0)) {
        matches.push_back(&full);
      }
    }
    const std::string* match = nullptr;
    for (const std::string* m : matches) {
      const bool inside_another = std::any_of(matches.begin(), matches.end(), [&](auto* other) {
        return other != m && EndsWithParticleName(*other, *m);
      });
      if (inside_another) continue;
      if (match) return name;
      match = m;
    }
    return match ? *match : name;
  }

  // Whether `part` opens with a name particle and is the last words of `full`, ignoring ASCII
  // case ("Osama bin Laden" ends with "Bin Laden").
  static bool EndsWithParticleName(const std::string& full, const std::string& part) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; };
    std::string first = part.substr(0, part.find(' '));
    for (char& c : first) c = lower(c);
    if (!In(NameParticles(), first)) return false;
    if (part.size() >= full.size() || full[full.size() - part.size() - 1] != ' ') return false;
    const size_t offset = full.size() - part.size();
    for (size_t k = 0; k < part.size(); ++k) {
      if (lower(full[offset + k]) != lower(part[k])) return false;
    }
    return true;
  }
};

// Whether a multi-word name looks like a person's: no organisation word, no acronym, no digit.
bool LooksLikeFullName(const std::vector<Token>& toks, size_t e, const Name& name) {
  if (name.words < 2 || name.words > 4) return false;
  for (size_t k = e + 1 - name.words; k <= e; ++k) {
    const Token& t = toks[k];
    if (IsOrganisationWord(t) || IsAcronym(t.text)) return false;
    for (char c : t.text) {
      if (c >= '0' && c <= '9') return false;
    }
  }
  return true;
}

void AddNames(const std::vector<Token>& toks, PersonTable* table) {
  for (size_t b = 0; b < toks.size();) {
    size_t e;
    const Name name = NameStartingAt(toks, b, toks.size(), &e);
    if (e == b) {
      ++b;
      continue;
    }
    if (!name.text.empty()) {
      if (LooksLikeFullName(toks, e - 1, name)) {
        if (std::find(table->full_names.begin(), table->full_names.end(), name.text) ==
            table->full_names.end()) {
          table->full_names.push_back(name.text);
        }
        table->person_words.insert(name.text.substr(0, name.text.find(' ')));
        table->person_words.insert(name.text.substr(name.text.rfind(' ') + 1));
      } else if (name.titled && name.words == 1 && !IsAcronym(name.text)) {
        table->person_words.insert(name.text);
      }
    }
    b = e;
  }
}

bool IsPerson(const Name& name, const PersonTable& table) {
  if (name.text.empty() || IsAcronym(name.text)) return false;
  if (name.titled || name.words >= 2) return true;
  return table.person_words.count(name.text) != 0;
}

// ---------------------------------------------------------------------------------------------
// Pass 3: attribution.

// Who a speech verb's subject is.
struct Subject {
  enum Kind { kNone, kName, kAnaphor } kind = kNone;
  Name name;
};

bool IsPronoun(const Token& t) { return t.kind == Token::kWord && t.pronoun; }

bool IsSpeechVerb(const Token& t) { return t.kind == Token::kWord && t.speech; }

// "the Russian president", "Washington's top diplomat": a role noun after "the" or a
// possessive, within a few words.
bool IsDescriptionEndingAt(const std::vector<Token>& toks, size_t e, size_t lb) {
  const Token& role = toks[e];
  if (role.kind != Token::kWord || role.capitalized || !IsTitle(role)) return false;
  for (size_t k = e; k > lb && e - k < 4;) {
    --k;
    const Token& t = toks[k];
    if (t.kind != Token::kWord) return false;
    if (t.lower == "the" || t.possessive) return true;
  }
  return false;
}

// The subject of the speech verb toks[v], looking back no further than `lb`.
Subject SubjectBefore(const std::vector<Token>& toks, size_t v, size_t lb) {
  constexpr size_t kLookBack = 40;  // an attribution is short; this bounds the work
  lb = std::max(lb, v > kLookBack ? v - kLookBack : 0);
  size_t j = v;
  int skipped = 0;
  while (j > lb && skipped < 4 && toks[j - 1].kind == Token::kWord && toks[j - 1].auxiliary) {
    --j;
    ++skipped;
  }
  if (j == lb) return {};
  size_t k = j - 1;
  const Token& t = toks[k];
  if (t.kind == Token::kWord && t.lower == "who") {
    if (k == lb) return {};
    const size_t n = k - 1;  // the token before "who"
    if (IsNameWord(toks[n])) return {Subject::kName, NameEndingAt(toks, n, lb)};
    if (toks[n].kind != Token::kComma) return {};
    // "Mr Kirby, the US security spokesman, who urged": the name before the appositive...
    size_t c = n;
    while (c > lb && toks[c - 1].kind != Token::kComma && n - c < 12) --c;
    if (c >= lb + 2 && toks[c - 1].kind == Token::kComma && IsNameWord(toks[c - 2])) {
      return {Subject::kName, NameEndingAt(toks, c - 2, lb)};
    }
    // ...or right before the comma: "Mr Kirby, who urged".
    if (n > lb && IsNameWord(toks[n - 1])) return {Subject::kName, NameEndingAt(toks, n - 1, lb)};
    return {};
  }
  if (IsPronoun(t)) return {Subject::kAnaphor, {}};
  if (IsNameWord(t)) {
    Subject s{Subject::kName, NameEndingAt(toks, k, lb)};
    if (s.name.possessive || s.name.text.empty()) {
      // "the alliance's chief said" has no name; "Putin's said" is no subject.
      return {};
    }
    return s;
  }
  if (IsDescriptionEndingAt(toks, k, lb)) return {Subject::kAnaphor, {}};
  if (t.kind == Token::kComma) {
    // "Yu Jie, senior research fellow, ..., said": the first name of the clause when it is
    // followed by a comma, else the nearest name before the comma.
    for (size_t b = lb; b < k; ++b) {
      if (!IsNameWord(toks[b]) || (b > lb && toks[b - 1].kind == Token::kWord &&
                                   !toks[b - 1].capitalized && !IsTitle(toks[b - 1]))) {
        continue;
      }
      size_t e;
      const Name name = NameStartingAt(toks, b, k, &e);
      if (e < k && toks[e].kind == Token::kComma && !name.text.empty() && !name.possessive) {
        return {Subject::kName, name};
      }
      if (e > b) b = e - 1;
    }
    if (k > lb && IsNameWord(toks[k - 1]) && !toks[k - 1].possessive) {
      return {Subject::kName, NameEndingAt(toks, k - 1, lb)};
    }
  }
  return {};
}

// Whether a word of toks[b, e) ends organisations and places ("Central Bank").
bool HasOrganisationWord(const std::vector<Token>& toks, size_t b, size_t e) {
  for (size_t k = b; k < e; ++k) {
    if (IsOrganisationWord(toks[k]) || IsAcronym(toks[k].text)) return true;
  }
  return false;
}

// A person's name after a description that is not part of it: an owner ("Kellmore's Piet van
// Aalst", "the club's coach Ann Lee") and/or up to three lower-case role words ("hostel owner
// Verónica Sánchez"), the whole optionally after a determiner. Something must come before the
// name, and the name must read as a person's: two words or more with no organisation word, or
// one word after a title ("nurse" is no title: "said nurse Carmen" gives nothing). The last
// role word must not look like a verb in the past (see below). Sets *end
// to one past the name; the empty name when there is none.
Name DescribedNameAt(const std::vector<Token>& toks, size_t b, size_t limit, size_t* end) {
  *end = b;
  size_t k = b;
  if (k < limit && toks[k].kind == Token::kWord && toks[k].determiner) ++k;
  // The owner: up to three words ending with a possessive ("Kellmore's", "the club's").
  for (size_t o = k; o < limit && o < k + 3 && toks[o].kind == Token::kWord &&
                     !toks[o].function_word && !toks[o].speech;
       ++o) {
    if (toks[o].possessive) {
      k = o + 1;
      break;
    }
  }
  const bool owner = k > b && toks[k - 1].possessive;
  const size_t roles = k;
  bool titled = false;
  while (k < limit && k < roles + 3 && toks[k].kind == Token::kWord && !toks[k].capitalized &&
         !toks[k].function_word && !toks[k].speech && !toks[k].particle && !toks[k].possessive &&
         !toks[k].pronoun) {
    titled = titled || IsTitle(toks[k]);
    ++k;
  }
  // A determiner alone does not describe ("The White House"), and a role ends with a noun, not
  // a verb in the past ("The court sentenced Ann Lee": "retired teacher Ann Lee" is fine).
  if (!owner && k == roles) return Name();
  if (k > roles && toks[k - 1].lower.size() > 3 && toks[k - 1].lower.ends_with("ed")) {
    return Name();
  }
  if (k >= limit || !IsNameWord(toks[k])) return Name();
  size_t e;
  Name name = NameStartingAt(toks, k, limit, &e);
  if (name.text.empty() || name.possessive || HasOrganisationWord(toks, k, e)) return Name();
  name.titled = name.titled || titled;
  if (name.words < 2 && !name.titled) return Name();
  *end = e;
  return name;
}

// "a neighbour, Arben Cela", "la secretaria de Gestión de Riesgos, Lorena Vásconez": a
// determiner, a description of up to eight words, a comma and a name that the clause ends with.
Name AppositiveNameAt(const std::vector<Token>& toks, size_t b, size_t limit) {
  constexpr size_t kDescriptionWords = 8;
  if (b >= limit || toks[b].kind != Token::kWord || !toks[b].determiner) return Name();
  size_t k = b + 1;
  while (k < limit && k < b + 1 + kDescriptionWords && toks[k].kind == Token::kWord &&
         !toks[k].speech && !toks[k].pronoun) {
    ++k;
  }
  if (k == b + 1 || k + 1 >= limit || toks[k].kind != Token::kComma) return Name();
  if (!IsNameWord(toks[k + 1])) return Name();
  size_t e;
  const Name name = NameStartingAt(toks, k + 1, limit, &e);
  if (name.text.empty() || name.possessive) return Name();
  if (e < limit && toks[e].kind == Token::kWord) return Name();  // "..., Ann Lee added"
  // A list of names ("the law firm Walsh, Wilkins, Creighton") is no apposition.
  if (e + 1 < limit && toks[e].kind == Token::kComma && IsNameWord(toks[e + 1])) return Name();
  return name;
}

// "said Mr Putin", "said the Russian president", "said hostel owner Verónica Sánchez", "said a
// neighbour, Arben Cela". Descriptions are not read after a verb whose next noun is its
// listener ("told the minister, Ann Lee, that").
Subject SubjectAfter(const std::vector<Token>& toks, size_t v, size_t limit) {
  if (v + 1 >= limit) return {};
  const Token& t = toks[v + 1];
  if (IsPronoun(t)) return {Subject::kAnaphor, {}};
  if (IsNameWord(t) || (t.kind == Token::kWord && IsTitle(t))) {
    size_t e;
    Name name = NameStartingAt(toks, v + 1, limit, &e);
    if (!name.text.empty() && !name.possessive) return {Subject::kName, name};
  }
  if (!toks[v].takes_object) {
    size_t e;
    Name name = DescribedNameAt(toks, v + 1, limit, &e);
    if (name.text.empty()) name = AppositiveNameAt(toks, v + 1, limit);
    if (!name.text.empty()) return {Subject::kName, name};
  }
  if (t.kind == Token::kWord && t.lower == "the") {
    for (size_t k = v + 2; k < limit && k < v + 6; ++k) {
      if (toks[k].kind != Token::kWord) break;
      if (IsDescriptionEndingAt(toks, k, v)) return {Subject::kAnaphor, {}};
    }
  }
  return {};
}

// The people of a sentence's subject, when it opens with one or two names ("But Putin has",
// "On Monday, Mr Xi and Mr Putin held").
std::vector<Name> SentenceSubjects(const std::vector<Token>& toks, size_t b, size_t e,
                                   const PersonTable& table) {
  std::vector<Name> subjects;
  size_t i = b;
  if (i < e && toks[i].kind == Token::kWord && (toks[i].classes & kConnectiveClass)) {
    ++i;
    if (i < e && toks[i].kind == Token::kComma) ++i;
  }
  if (i < e && toks[i].kind == Token::kWord && (toks[i].classes & kOpenerClass)) {
    for (size_t k = i + 1; k < e && k < i + 8; ++k) {
      if (toks[k].kind == Token::kComma) {
        i = k + 1;
        break;
      }
      if (toks[k].kind != Token::kWord) break;
    }
  }
  while (i < e) {
    size_t end;
    Name name = NameStartingAt(toks, i, e, &end);
    if (end == i || name.text.empty() || name.possessive || !IsPerson(name, table)) {
      // "Kellmore's Piet van Aalst was blunt", "The club's coach Ann Lee left", "However,
      // industry analyst Ann Lee ...". A sentence opening in lower case is a stray stop (an
      // unknown character read as "?"), not a description.
      if (i == b && !toks[i].capitalized) break;
      name = DescribedNameAt(toks, i, e, &end);
      if (name.text.empty()) break;
    }
    subjects.push_back(name);
    if (end + 1 < e && toks[end].kind == Token::kWord && toks[end].lower == "and") {
      i = end + 1;
    } else {
      break;
    }
  }
  return subjects;
}

// "according to X" (or the lexicon's one word for it, "según X") anywhere in toks[b, e).
std::optional<Name> AccordingTo(const std::vector<Token>& toks, size_t b, size_t e) {
  for (size_t k = b; k + 1 < e; ++k) {
    size_t from;
    if (toks[k].kind == Token::kWord && toks[k].according) {
      from = k + 1;
    } else if (k + 2 < e && toks[k].lower == "according" && toks[k + 1].lower == "to") {
      from = k + 2;
    } else {
      continue;
    }
    size_t end;
    Name name = NameStartingAt(toks, from, e, &end);
    if (name.text.empty()) name = DescribedNameAt(toks, from, e, &end);
    if (name.text.empty()) name = AppositiveNameAt(toks, from, e);
    if (!name.text.empty() && !name.possessive) return name;
  }
  return std::nullopt;
}

// Words of a quotation for counting and matching: lower-cased, punctuation dropped, hyphens
// inside words dropped, contractions expanded ("we're" -> "we are"), so that a change of
// spelling is not a change of wording.
std::vector<std::string> MatchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    // Apostrophes at either end are single quotation marks, not part of the word.
    while (!word.empty() && word.back() == '\'') word.pop_back();
    while (!word.empty() && word.front() == '\'') word.erase(0, 1);
    if (word.empty()) return;
    static const std::pair<std::string_view, std::string_view> kContractions[] = {
        {"can't", "can"}, {"won't", "will"}, {"n't", ""}, {"'re", "are"},
        {"'ll", "will"},  {"'ve", "have"},   {"'m", "am"}};
    for (const auto& [ending, expansion] : kContractions) {
      if (word.size() < ending.size() ||
          word.compare(word.size() - ending.size(), ending.size(), ending) != 0) {
        continue;
      }
      if (ending.front() == 'c' || ending.front() == 'w') {
        if (word.size() != ending.size()) continue;  // "can't" and "won't" are whole words
        words.emplace_back(expansion);
        words.emplace_back("not");
      } else if (ending == "n't") {
        words.push_back(word.substr(0, word.size() - 3));
        words.emplace_back("not");
      } else {
        words.push_back(word.substr(0, word.size() - ending.size()));
        words.emplace_back(expansion);
      }
      word.clear();
      return;
    }
    words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    size_t n;
    const char32_t cp = DecodeAt(text, i, &n);
    if (IsWordChar(cp)) {
      AppendUtf8(ToLower(cp), &word);
    } else if (IsApostrophe(cp) && !word.empty()) {
      word += '\'';
    } else if (size_t next; cp == '-' && !word.empty() && i + 1 < text.size() &&
                            IsWordChar(DecodeAt(text, i + 1, &next))) {
      // "cease-fire" and "ceasefire" are one spelling of one word.
    } else {
      flush();
    }
    i += n;
  }
  flush();
  return words;
}

// The quotations of one document, with the people it names.
struct DocumentQuotes {
  std::vector<Quotation> quotations;
  std::vector<std::vector<std::string>> words;  // MatchWords of each quotation's text
  PersonTable people;
  bool read_people = true;  // false when skipped: a document without quotations, not asked for
};

// Text of a quotation: its pieces trimmed and joined, a trailing comma dropped ("...," he said).
std::string QuoteText(const std::vector<std::string>& paragraphs, const RawQuote& quote) {
  std::string text;
  for (const Piece& piece : quote.pieces) {
    std::string_view part =
        std::string_view(paragraphs[piece.paragraph]).substr(piece.begin, piece.end - piece.begin);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t' || part.back() == ',')) {
      part.remove_suffix(1);
    }
    if (part.empty()) continue;
    if (!text.empty()) text += ' ';
    text += part;
  }
  return ValidUtf8(text);
}

bool EndsSentence(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\'')) text.remove_suffix(1);
  if (text.size() >= 3 && text.substr(text.size() - 3) == "\xe2\x80\xa6") return true;
  return !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?');
}

// Whether toks[i...] reads as an attribution ("he said", "Mr Putin said", "said X"), which
// keeps a quotation ending in a period in the same sentence.
bool AttributionFollows(const std::vector<Token>& toks, size_t i) {
  for (size_t k = i; k < toks.size() && k < i + 6; ++k) {
    if (IsSpeechVerb(toks[k])) return true;
    if (toks[k].kind != Token::kWord ||
        !(IsNameWord(toks[k]) || IsPronoun(toks[k]) || toks[k].auxiliary ||
          IsTitle(toks[k]))) {
      return false;
    }
  }
  return false;
}

// Attribution by speech verb: after the quotation (its closing token at `q_end` in `after`),
// then before it (its opening token at `q_begin` in `before`). Bounds are sentence bounds.
// With `pro_drop`, a verb right after the quotation with no subject ("“...”, afirmó") refers to
// the person the text last spoke of.
Subject ByVerb(const std::vector<Token>& after, size_t q_end, size_t after_limit,
               const std::vector<Token>& before, size_t q_begin, size_t before_start,
               bool pro_drop) {
  constexpr size_t kAfterWindow = 14;  // tokens after the quotation searched for a speech verb
  for (size_t v = q_end + 1; v < after_limit && v <= q_end + kAfterWindow; ++v) {
    if (after[v].kind == Token::kQuote) break;
    if (!IsSpeechVerb(after[v])) continue;
    Subject s = SubjectBefore(after, v, q_end + 1);
    if (s.kind == Subject::kNone && v <= q_end + 2) s = SubjectAfter(after, v, after_limit);
    if (s.kind == Subject::kNone && v <= q_end + 2 && pro_drop) s = {Subject::kAnaphor, {}};
    if (s.kind != Subject::kNone) return s;
    break;
  }
  constexpr size_t kBeforeWindow = 60;  // tokens before the quotation searched
  int verbs = 0;
  for (size_t v = q_begin; v > before_start && q_begin - v < kBeforeWindow && verbs < 3;) {
    --v;
    if (!IsSpeechVerb(before[v])) continue;
    ++verbs;
    Subject s = SubjectBefore(before, v, before_start);
    if (s.kind == Subject::kNone) s = SubjectAfter(before, v, q_begin);
    if (s.kind != Subject::kNone) return s;
  }
  return {};
}

// With `people_without_quotes` false, a document in which no quotation marks pair is not read
// further: result.read_people is false and result.people empty.
DocumentQuotes ExtractDocumentQuotes(const Document& document, uint32_t doc,
                                     const QuoteOptions& options, bool people_without_quotes) {
  DocumentQuotes result;
  const std::vector<std::string>& paragraphs = document.paragraphs;
  const std::vector<RawQuote> raw = PairMarks(paragraphs);
  if (raw.empty() && !people_without_quotes) {
    result.read_people = false;
    return result;
  }
  const Lexicon& lexicon = LexiconFor(document.text.language);
  // Each quotation's text, and its words once it is attributed.
  std::vector<std::string> texts(raw.size());
  for (size_t q = 0; q < raw.size(); ++q) texts[q] = QuoteText(paragraphs, raw[q]);
  std::vector<std::vector<std::string>> words(raw.size());

  // Where each quotation sits in each paragraph's frame.
  std::vector<std::vector<Inside>> inside(paragraphs.size());
  for (size_t q = 0; q < raw.size(); ++q) {
    const RawQuote& quote = raw[q];
    const uint32_t first = quote.pieces.front().paragraph;
    const uint32_t last = quote.pieces.back().paragraph;
    if (first == last) {
      inside[first].push_back(
          {quote.open_mark, quote.close_mark_end, static_cast<int>(q), true, true});
    } else {
      inside[first].push_back(
          {quote.open_mark, paragraphs[first].size(), static_cast<int>(q), true, false});
      for (uint32_t p = first + 1; p < last; ++p) {
        inside[p].push_back({0, paragraphs[p].size(), static_cast<int>(q), false, false});
      }
      inside[last].push_back({0, quote.close_mark_end, static_cast<int>(q), false, true});
    }
  }

  // Frames, sentence ids, and the people named anywhere in the text. Each paragraph is split
  // into tokens once: the frame is the tokens outside its quotations. No token spans a quotation
  // mark (a mark is neither a word character nor inside a word), so the tokens starting in
  // [pos, in.begin) are those that splitting text[pos, in.begin) alone would give.
  std::vector<std::string> lowered(paragraphs.size());  // tokens' `lower` views point here
  std::vector<std::vector<Token>> frames(paragraphs.size());
  std::vector<size_t> open_token(raw.size(), 0);  // index of each opening in its frame
  std::vector<Token> all;
  for (uint32_t p = 0; p < paragraphs.size(); ++p) {
    lowered[p] = LowerCase(paragraphs[p]);
    all.clear();
    Tokenize(paragraphs[p], lowered[p], 0, paragraphs[p].size(), lexicon, &all);
    AddNames(all, &result.people);
    if (raw.empty()) continue;  // no quotation: no frame needed

    std::vector<Token>& toks = frames[p];
    toks.reserve(all.size() + 1);
    size_t pos = 0;
    size_t next = 0;  // first token of `all` not yet skipped or copied
    for (const Inside& in : inside[p]) {
      while (next < all.size() && all[next].begin < pos) ++next;
      while (next < all.size() && all[next].begin < in.begin) toks.push_back(all[next++]);
      // A middle paragraph of a long quotation has no frame at all.
      if (in.starts || in.ends) {
        if (in.starts) open_token[in.quote] = toks.size();
        Token t;
        t.kind = Token::kQuote;
        t.quote = in.quote;
        t.quote_ends = in.ends;
        toks.push_back(std::move(t));
      }
      pos = in.end;
    }
    while (next < all.size() && all[next].begin < pos) ++next;
    toks.insert(toks.end(), all.begin() + next, all.end());
    int sentence = 0;
    for (size_t i = 0; i < toks.size(); ++i) {
      toks[i].sentence = sentence;
      if (toks[i].kind == Token::kStop) {
        ++sentence;
      } else if (toks[i].kind == Token::kQuote && toks[i].quote_ends && i + 1 < toks.size() &&
                 EndsSentence(texts[toks[i].quote]) &&
                 (toks[i + 1].kind == Token::kQuote ||
                  (toks[i + 1].kind == Token::kWord && toks[i + 1].capitalized &&
                   !AttributionFollows(toks, i + 1)))) {
        ++sentence;
      }
    }
  }

  // Attribution, in reading order. `salient` holds the people the text last spoke of (one
  // sentence's subjects, or the last speaker); a pronoun resolves only when it holds one.
  std::vector<std::string> salient;
  std::vector<std::string> speaker(raw.size());
  std::vector<bool> reported(raw.size(), false);
  int previous_reported = -1;  // last quotation reported, for continuations
  const auto canonical = [&](const Name& name) { return result.people.Canonical(name.text); };
  for (uint32_t p = 0; p < paragraphs.size(); ++p) {
    const std::vector<Token>& toks = frames[p];
    for (size_t s = 0; s < toks.size();) {
      size_t e = s;
      while (e < toks.size() && toks[e].sentence == toks[s].sentence) ++e;
      const std::vector<Name> subjects = SentenceSubjects(toks, s, e, result.people);
      if (!subjects.empty()) {
        salient.clear();
        for (const Name& n : subjects) salient.push_back(canonical(n));
      }
      for (size_t i = s; i < e; ++i) {
        const Token& t = toks[i];
        if (t.kind == Token::kWord && IsSpeechVerb(t)) {
          // A sentence without quotations still tells who is speaking ("X said ...").
          Subject subject = SubjectBefore(toks, i, s);
          if (subject.kind == Subject::kNone && i > s && toks[i - 1].kind == Token::kComma) {
            // Inverted: "..., explicó la secretaria de Gestión de Riesgos, Lorena Vásconez."
            subject = SubjectAfter(toks, i, e);
          }
          if (subject.kind == Subject::kName && IsPerson(subject.name, result.people)) {
            salient = {canonical(subject.name)};
          }
        }
        if (t.kind != Token::kQuote) continue;
        // A quotation is attributed once, at its closing, when both its contexts are known.
        if (!t.quote_ends) continue;
        const int q = t.quote;
        const RawQuote& quote = raw[q];
        const bool opens_here = quote.pieces.front().paragraph == p;
        words[q] = MatchWords(texts[q]);
        if (words[q].size() < options.min_words) continue;

        Subject a;
        if (opens_here) {
          a = ByVerb(toks, i, e, toks, i, s, lexicon.pro_drop);
        } else {
          // A quotation over paragraphs: after its end here, before its start there.
          const uint32_t p0 = quote.pieces.front().paragraph;
          const size_t opening = open_token[q];
          size_t start = opening;
          while (start > 0 && frames[p0][start - 1].sentence == frames[p0][opening].sentence) {
            --start;
          }
          a = ByVerb(toks, i, e, frames[p0], opening, start, lexicon.pro_drop);
        }
        if (a.kind == Subject::kNone) {
          constexpr size_t kAccordingWindow = 40;
          const size_t from = std::max(s, i > kAccordingWindow ? i - kAccordingWindow : 0);
          const size_t to = std::min(e, i + kAccordingWindow);
          if (std::optional<Name> n = AccordingTo(toks, from, to)) a = {Subject::kName, *n};
        }
        std::string who;
        if (a.kind == Subject::kName) {
          who = canonical(a.name);
          if (IsPerson(a.name, result.people)) salient = {who};
        } else if (a.kind == Subject::kAnaphor) {
          if (salient.size() == 1) who = salient[0];
        } else if (subjects.size() == 1) {
          who = canonical(subjects[0]);
        } else if (previous_reported >= 0) {
          // A continuation: the next quotation in the same paragraph, or a paragraph that
          // opens with the quotation.
          const uint32_t prev_par = raw[previous_reported].pieces.back().paragraph;
          const uint32_t start_par = quote.pieces.front().paragraph;
          const bool same_paragraph = prev_par == start_par;
          const bool opens_paragraph = prev_par + 1 == start_par && open_token[q] == 0;
          if ((same_paragraph || opens_paragraph) && !speaker[previous_reported].empty()) {
            who = speaker[previous_reported];
          }
        }
        speaker[q] = who;
        reported[q] = true;
        previous_reported = q;
      }
      s = e;
    }
  }

  for (size_t q = 0; q < raw.size(); ++q) {
    if (!reported[q]) continue;
    Quotation quotation;
    quotation.doc = doc;
    quotation.paragraph = raw[q].pieces.front().paragraph;
    quotation.text = std::move(texts[q]);
    quotation.speaker = ValidUtf8(speaker[q]);
    result.quotations.push_back(std::move(quotation));
    result.words.push_back(std::move(words[q]));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Matching.

// Longest common subsequence of two word-id sequences, as the aligned index pairs in order.
std::vector<std::pair<uint32_t, uint32_t>> Align(const std::vector<uint32_t>& a,
                                                 const std::vector<uint32_t>& b) {
  const size_t n = a.size(), m = b.size();
  thread_local std::vector<uint16_t> table;  // reused: only its size matters between calls
  table.assign((n + 1) * (m + 1), 0);
  const auto at = [&](size_t i, size_t j) -> uint16_t& { return table[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (a[i] == b[j]) {
      pairs.emplace_back(i++, j++);
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  return pairs;
}

// The words of `ref` and `quote` (their first ref_len and quote_len words, which `pairs` aligns)
// that the alignment leaves out, into variant->removed and variant->added. Inside the aligned
// span every gap counts. Beyond it, words missing on one side only quote more or less of the
// same statement and do not count; words on both sides were replaced ("settle the crisis" /
// "resolve the crisis"), and up to kEdgeWords of them next to the span count.
void DiffWords(const std::vector<std::string>& ref, size_t ref_len,
               const std::vector<std::string>& quote, size_t quote_len,
               const std::vector<std::pair<uint32_t, uint32_t>>& pairs, QuoteVariant* variant) {
  constexpr size_t kEdgeWords = 3;
  const auto [r0, q0] = pairs.front();
  if (r0 > 0 && q0 > 0) {
    for (size_t r = r0 - std::min<size_t>(r0, kEdgeWords); r < r0; ++r) {
      variant->removed.push_back(ref[r]);
    }
    for (size_t w = q0 - std::min<size_t>(q0, kEdgeWords); w < q0; ++w) {
      variant->added.push_back(quote[w]);
    }
  }
  for (size_t k = 0; k + 1 < pairs.size(); ++k) {
    const auto [ri, qi] = pairs[k];
    const auto [rn, qn] = pairs[k + 1];
    for (uint32_t r = ri + 1; r < rn; ++r) variant->removed.push_back(ref[r]);
    for (uint32_t w = qi + 1; w < qn; ++w) variant->added.push_back(quote[w]);
  }
  const size_t r1 = pairs.back().first + 1, q1 = pairs.back().second + 1;
  if (r1 < ref_len && q1 < quote_len) {
    for (size_t r = r1; r < ref_len && r < r1 + kEdgeWords; ++r) variant->removed.push_back(ref[r]);
    for (size_t w = q1; w < quote_len && w < q1 + kEdgeWords; ++w) {
      variant->added.push_back(quote[w]);
    }
  }
}

struct MatchQuote {
  Quotation quotation;
  std::vector<std::string> words;
  std::vector<uint32_t> ids;  // word ids, at most kMaxAlignedWords
};

struct Cluster {
  size_t reference = 0;         // index into the MatchQuote array
  std::vector<size_t> members;  // including the reference, in story order
  std::vector<QuoteVariant> altered;
};

}  // namespace

std::vector<Quotation> ExtractQuotations(std::span<const Document> docs, uint32_t doc,
                                         const QuoteOptions& options) {
  if (doc >= docs.size()) return {};
  return ExtractDocumentQuotes(docs[doc], doc, options, /*people_without_quotes=*/false).quotations;
}

// Matching cost. Every quotation is compared, by alignment, with at most kCandidates quote
// groups: those sharing the most words with it, found through an index from word to group that
// reads at most kPostings groups per word. Alignment uses the first kMaxAlignedWords words.
// For Q quotations of at most L = kMaxAlignedWords words the work is
// O(Q * (L * kPostings + kCandidates * L^2)) whatever the number of documents, and at most
// kMaxQuotesPerDocument quotations of a document take part.
std::vector<StoryQuote> CompareQuotes(std::span<const Document> docs,
                                      std::span<const uint32_t> story_docs,
                                      const QuoteOptions& options) {
  constexpr size_t kMaxAlignedWords = 128;
  constexpr size_t kPostings = 64;
  constexpr size_t kCandidates = 8;
  constexpr size_t kMaxQuotesPerDocument = 256;
  // Two wordings are one quote when the aligned words cover this share of the shorter one...
  constexpr double kMinCoverage = 0.6;
  // ...at least this many of them, spread over no more than twice the shorter one's length.
  constexpr size_t kMinAlignedWords = 3;

  std::vector<MatchQuote> quotes;
  PersonTable people;  // the story's people, for one name per speaker across documents
  std::unordered_map<std::string, uint32_t> word_ids;
  std::vector<std::vector<uint32_t>> postings;  // word id -> clusters, in creation order
  std::vector<Cluster> clusters;
  std::vector<uint32_t> hits;  // per cluster, words shared with the current quotation
  std::vector<uint32_t> touched;
  // Documents without quotations: their people matter only to turn a one-word speaker into a
  // full name, so they are read at the end when a speaker needs it (PersonTable::Canonical does
  // not depend on the order of full_names).
  std::vector<uint32_t> unquoted;

  for (uint32_t doc : story_docs) {
    if (doc >= docs.size()) continue;
    DocumentQuotes extracted =
        ExtractDocumentQuotes(docs[doc], doc, options, /*people_without_quotes=*/false);
    if (!extracted.read_people) {
      unquoted.push_back(doc);
      continue;
    }
    for (std::string& name : extracted.people.full_names) {
      if (std::find(people.full_names.begin(), people.full_names.end(), name) ==
          people.full_names.end()) {
        people.full_names.push_back(std::move(name));
      }
    }
    if (extracted.quotations.size() > kMaxQuotesPerDocument) {
      extracted.quotations.resize(kMaxQuotesPerDocument);
    }
    for (size_t e = 0; e < extracted.quotations.size(); ++e) {
      Quotation& quotation = extracted.quotations[e];
      MatchQuote mq;
      mq.words = std::move(extracted.words[e]);
      mq.quotation = std::move(quotation);
      for (size_t k = 0; k < mq.words.size() && k < kMaxAlignedWords; ++k) {
        auto [it, inserted] = word_ids.emplace(mq.words[k], word_ids.size());
        if (inserted) postings.emplace_back();
        mq.ids.push_back(it->second);
      }
      const size_t index = quotes.size();
      quotes.push_back(std::move(mq));
      const MatchQuote& q = quotes.back();

      // Candidate groups: those sharing the most distinct words.
      std::vector<uint32_t> distinct = q.ids;
      std::sort(distinct.begin(), distinct.end());
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
      touched.clear();
      for (uint32_t w : distinct) {
        const std::vector<uint32_t>& list = postings[w];
        for (size_t k = list.size() > kPostings ? list.size() - kPostings : 0; k < list.size();
             ++k) {
          if (hits[list[k]]++ == 0) touched.push_back(list[k]);
        }
      }
      std::sort(touched.begin(), touched.end(), [&](uint32_t x, uint32_t y) {
        return hits[x] != hits[y] ? hits[x] > hits[y] : x < y;
      });
      int best = -1;
      double best_coverage = 0;
      std::vector<std::pair<uint32_t, uint32_t>> best_pairs;
      for (size_t c = 0; c < touched.size() && c < kCandidates; ++c) {
        const Cluster& cluster = clusters[touched[c]];
        if (hits[touched[c]] < kMinAlignedWords) break;
        // Documents come in order, so a group holding this one has it last.
        if (quotes[cluster.members.back()].quotation.doc == doc) continue;
        const MatchQuote& ref = quotes[cluster.reference];
        std::vector<std::pair<uint32_t, uint32_t>> pairs = Align(ref.ids, q.ids);
        const size_t shorter = std::min(ref.ids.size(), q.ids.size());
        if (pairs.size() < std::min(kMinAlignedWords, shorter) || shorter == 0) continue;
        const double coverage = static_cast<double>(pairs.size()) / shorter;
        const size_t span_ref = pairs.back().first - pairs.front().first + 1;
        const size_t span_q = pairs.back().second - pairs.front().second + 1;
        if (coverage < kMinCoverage || std::max(span_ref, span_q) > 2 * shorter + 2) continue;
        if (coverage > best_coverage) {
          best = static_cast<int>(touched[c]);
          best_coverage = coverage;
          best_pairs = std::move(pairs);
        }
      }
      for (uint32_t c : touched) hits[c] = 0;

      size_t cluster_index;
      if (best < 0) {
        cluster_index = clusters.size();
        clusters.push_back({index, {index}, {}});
        hits.push_back(0);
      } else {
        cluster_index = static_cast<size_t>(best);
        Cluster& cluster = clusters[cluster_index];
        cluster.members.push_back(index);
        // The differing words inside the aligned span; words beyond it only quote more or
        // less of the same statement.
        const MatchQuote& ref = quotes[cluster.reference];
        QuoteVariant variant;
        variant.doc = doc;
        variant.text = q.quotation.text;
        DiffWords(ref.words, ref.ids.size(), q.words, q.ids.size(), best_pairs, &variant);
        if (!variant.removed.empty() || !variant.added.empty()) {
          cluster.altered.push_back(std::move(variant));
        }
      }
      for (uint32_t w : distinct) {
        std::vector<uint32_t>& list = postings[w];
        if (list.empty() || list.back() != cluster_index) {
          list.push_back(static_cast<uint32_t>(cluster_index));
        }
      }
    }
  }

  std::vector<StoryQuote> result;
  result.reserve(clusters.size());
  for (const Cluster& cluster : clusters) {
    StoryQuote sq;
    sq.text = quotes[cluster.reference].quotation.text;
    for (size_t m : cluster.members) {
      sq.docs.push_back(quotes[m].quotation.doc);
      if (sq.speaker.empty()) sq.speaker = quotes[m].quotation.speaker;
    }
    sq.altered = cluster.altered;
    result.push_back(std::move(sq));
  }
  const bool one_word_speaker = std::any_of(result.begin(), result.end(), [](const StoryQuote& q) {
    return !q.speaker.empty() && q.speaker.find(' ') == std::string::npos;
  });
  if (one_word_speaker) {
    for (uint32_t doc : unquoted) {
      DocumentQuotes extracted =
          ExtractDocumentQuotes(docs[doc], doc, options, /*people_without_quotes=*/true);
      for (std::string& name : extracted.people.full_names) {
        if (std::find(people.full_names.begin(), people.full_names.end(), name) ==
            people.full_names.end()) {
          people.full_names.push_back(std::move(name));
        }
      }
    }
  }
  for (StoryQuote& sq : result) sq.speaker = people.Canonical(sq.speaker);
  std::stable_sort(result.begin(), result.end(), [](const StoryQuote& a, const StoryQuote& b) {
    return a.docs.size() > b.docs.size();
  });
  if (options.max_per_story > 0 && result.size() > options.max_per_story) {
    result.resize(options.max_per_story);
  }
  return result;
}

}  // namespace storyline
