#include "text/stopwords.h"

namespace storyline {
namespace {

// Grouped by word class so that a reader can check coverage; order does not matter.
constexpr std::string_view kEnglish[] = {
    // Articles and determiners.
    "a", "an", "the", "this", "that", "these", "those", "each", "every", "either", "neither",
    "some", "any", "no", "all", "both", "few", "many", "much", "more", "most", "other", "another",
    "such", "several", "own", "same",
    // Pronouns and possessives.
    "i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "yourselves", "he",
    "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "we", "us",
    "our", "ours", "ourselves", "they", "them", "their", "theirs", "themselves", "who", "whom",
    "whose", "which", "what", "whatever", "whoever", "one",
    // Prepositions.
    "about", "above", "across", "after", "against", "along", "among", "around", "as", "at",
    "before", "behind", "below", "beneath", "beside", "between", "beyond", "by", "down", "during",
    "except", "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "out",
    "outside", "over", "per", "since", "through", "throughout", "to", "toward", "towards", "under",
    "until", "up", "upon", "via", "with", "within", "without",
    // Conjunctions and subordinators.
    "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "because", "while", "whereas",
    "although", "though", "unless", "whether", "when", "where", "why", "how", "once",
    // Auxiliaries and modals.
    "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do",
    "does", "did", "doing", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must",
    // Contractions (apostrophes are normalised to ').
    "it's", "he's", "she's", "that's", "there's", "what's", "let's", "i'm", "i've", "i'd", "i'll",
    "you're", "you've", "you'll", "we're", "we've", "we'll", "they're", "they've", "they'll",
    "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't", "hasn't",
    "hadn't", "won't", "wouldn't", "can't", "cannot", "couldn't", "shouldn't",
    // Frequent adverbs and particles.
    "not", "also", "just", "only", "very", "too", "again", "further", "here", "there", "now",
    "even", "ever", "still", "already", "however", "thus", "hence", "else", "rather", "quite"};

constexpr std::string_view kGerman[] = {
    // Articles and determiners.
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "kein", "keine", "keinen", "keinem", "keiner", "dieser", "diese", "dieses", "diesen", "diesem",
    "jeder", "jede", "jedes", "jeden", "alle", "allen", "aller", "alles", "einige", "viele",
    "welche", "welcher", "welches",
    // Pronouns and possessives.
    "ich", "mich", "mir", "du", "dich", "dir", "er", "ihn", "ihm", "sie", "es", "wir", "uns", "ihr",
    "euch", "ihnen", "sich", "man", "mein", "meine", "dein", "deine", "sein", "seine", "seinen",
    "seinem", "seiner", "ihre", "ihren", "ihrem", "ihrer", "unser", "unsere", "euer", "wer", "was",
    "wen", "wem",
    // Prepositions and contractions.
    "in", "im", "ins", "an", "am", "ans", "auf", "aus", "bei", "beim", "mit", "nach", "seit", "von",
    "vom", "vor", "zu", "zum", "zur", "für", "über", "unter", "um", "durch", "gegen", "ohne", "bis",
    "zwischen", "neben", "hinter", "wegen", "trotz", "während",
    // Conjunctions.
    "und", "oder", "aber", "sondern", "denn", "weil", "dass", "daß", "wenn", "als", "wie", "ob",
    "sowie", "damit", "obwohl", "doch",
    // Auxiliaries and modals.
    "ist", "sind", "bin", "bist", "seid", "war", "waren", "gewesen", "hat", "habe", "haben",
    "hatte", "hatten", "wird", "werden", "wurde", "wurden", "worden", "kann", "können", "konnte",
    "muss", "müssen", "soll", "sollen", "sollte", "will", "wollen", "wollte",
    // Adverbs and particles.
    "nicht", "auch", "noch", "nur", "schon", "sehr", "so", "da", "dann", "hier", "dort", "wo",
    "nun", "mehr", "bereits", "jetzt", "immer", "zudem"};

constexpr std::string_view kFrench[] = {
    // Articles and determiners.
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "ce", "cet", "cette",
    "ces", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre",
    "vos", "leur", "leurs", "tout", "tous", "toute", "toutes", "chaque", "quelques",
    // Pronouns.
    "je", "j", "me", "m", "moi", "tu", "te", "t", "toi", "il", "elle", "on", "nous", "vous", "ils",
    "elles", "se", "s", "lui", "eux", "y", "en", "qui", "que", "qu", "quoi", "dont", "où", "c",
    "ça", "cela", "ceci", "celui", "celle",
    // Prepositions.
    "à", "dans", "par", "pour", "sur", "avec", "sans", "sous", "entre", "vers", "chez", "depuis",
    "pendant", "selon", "contre", "après", "avant",
    // Conjunctions.
    "et", "ou", "mais", "donc", "or", "ni", "car", "si", "comme", "lorsque", "quand", "puisque",
    // Auxiliaries.
    "est", "sont", "suis", "es", "sommes", "êtes", "était", "étaient", "été", "être", "sera",
    "seront", "a", "ai", "as", "avons", "avez", "ont", "avait", "avaient", "avoir", "eu", "fait",
    // Adverbs and particles.
    "ne", "n", "pas", "plus", "aussi", "très", "même", "encore", "déjà", "ainsi", "alors", "bien"};

constexpr std::string_view kSpanish[] = {
    // Articles and determiners.
    "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "al", "del", "este", "esta",
    "estos", "estas", "ese", "esa", "esos", "esas", "aquel", "aquella", "mi", "mis", "tu", "tus",
    "su", "sus", "nuestro", "nuestra", "todo", "toda", "todos", "todas", "cada", "otro", "otra",
    "otros", "otras",
    // Pronouns.
    "yo", "me", "tú", "te", "él", "ella", "ello", "nosotros", "vosotros", "ellos", "ellas", "se",
    "le", "les", "nos", "os", "que", "qué", "quien", "quién", "cual", "cuál", "cuyo", "donde",
    "dónde",
    // Prepositions.
    "a", "ante", "bajo", "con", "contra", "de", "desde", "en", "entre", "hacia", "hasta", "para",
    "por", "según", "sin", "sobre", "tras", "durante",
    // Conjunctions.
    "y", "e", "o", "u", "ni", "pero", "sino", "si", "porque", "como", "cuando", "aunque", "pues",
    // Auxiliaries.
    "es", "son", "soy", "era", "eran", "fue", "fueron", "ser", "sido", "está", "están", "estaba",
    "estar", "ha", "han", "he", "había", "habían", "haber", "hay",
    // Adverbs.
    "no", "sí", "más", "muy", "ya", "también", "tan", "aún", "todavía"};

constexpr std::string_view kItalian[] = {
    // Articles and articulated prepositions.
    "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una", "del", "dello", "della", "dei",
    "degli", "delle", "al", "allo", "alla", "ai", "agli", "alle", "dal", "dalla", "dai", "nel",
    "nello", "nella", "nei", "negli", "nelle", "sul", "sulla", "sui", "col",
    // Determiners and pronouns.
    "questo", "questa", "questi", "queste", "quello", "quella", "quelli", "quelle", "mio", "mia",
    "suo", "sua", "suoi", "loro", "nostro", "nostra", "tutto", "tutti", "tutta", "tutte", "io",
    "tu", "lui", "lei", "noi", "voi", "mi", "ti", "ci", "si", "vi", "ne", "che", "chi", "cui",
    "quale", "quali",
    // Prepositions.
    "di", "d", "a", "da", "in", "con", "su", "per", "tra", "fra", "senza", "dopo", "prima",
    // Conjunctions.
    "e", "ed", "o", "ma", "se", "perché", "come", "quando", "anche", "però", "mentre",
    // Auxiliaries.
    "è", "sono", "era", "erano", "essere", "stato", "stata", "sarà", "ha", "hanno", "ho", "aveva",
    "avere", "avuto",
    // Adverbs.
    "non", "più", "molto", "già", "ancora", "così", "solo"};

constexpr std::string_view kPortuguese[] = {
    // Articles and contractions.
    "o", "a", "os", "as", "um", "uma", "uns", "umas", "do", "da", "dos", "das", "no", "na", "nos",
    "nas", "ao", "aos", "à", "às", "pelo", "pela", "pelos", "pelas", "num", "numa",
    // Determiners and pronouns.
    "este", "esta", "estes", "estas", "esse", "essa", "isso", "isto", "aquele", "aquela", "meu",
    "minha", "seu", "sua", "seus", "suas", "nosso", "nossa", "todo", "toda", "todos", "todas", "eu",
    "tu", "ele", "ela", "nós", "eles", "elas", "você", "vocês", "me", "te", "se", "lhe", "lhes",
    "que", "quem", "qual", "quais", "onde",
    // Prepositions.
    "de", "em", "por", "para", "com", "sem", "sob", "sobre", "entre", "até", "desde", "após",
    "contra",
    // Conjunctions.
    "e", "ou", "mas", "nem", "porque", "como", "quando", "se", "embora",
    // Auxiliaries.
    "é", "são", "era", "eram", "foi", "foram", "ser", "sido", "está", "estão", "estava", "estar",
    "tem", "têm", "tinha", "ter", "há", "havia",
    // Adverbs.
    "não", "sim", "mais", "muito", "já", "também", "ainda", "só"};

constexpr std::string_view kDutch[] = {
    // Articles and determiners.
    "de", "het", "een", "deze", "dit", "die", "dat", "elk", "elke", "alle", "geen", "mijn", "zijn",
    "haar", "hun", "ons", "onze", "uw",
    // Pronouns.
    "ik", "mij", "me", "jij", "je", "jou", "u", "hij", "hem", "zij", "ze", "wij", "we", "jullie",
    "zich", "men", "wie", "wat", "welk", "welke", "er",
    // Prepositions.
    "in", "op", "aan", "met", "van", "voor", "naar", "bij", "uit", "om", "over", "door", "tot",
    "tegen", "onder", "tussen", "na", "zonder", "sinds", "tijdens",
    // Conjunctions.
    "en", "of", "maar", "want", "dus", "omdat", "als", "dan", "toen", "terwijl", "hoewel",
    // Auxiliaries.
    "is", "ben", "bent", "was", "waren", "zijn", "geweest", "heb", "hebt", "heeft", "hebben", "had",
    "hadden", "wordt", "worden", "werd", "werden", "kan", "kunnen", "zal", "zullen", "moet",
    "moeten", "wil", "willen",
    // Adverbs.
    "niet", "ook", "nog", "al", "wel", "zo", "hier", "daar", "waar", "nu", "toch", "meer", "heel",
    "zeer"};

constexpr std::string_view kRussian[] = {
    // Pronouns and determiners.
    "я", "меня", "мне", "мной", "ты", "тебя", "тебе", "он", "его", "ему", "им", "нем", "нём", "она",
    "ее", "её", "ей", "ней", "оно", "мы", "нас", "нам", "вы", "вас", "вам", "они", "их", "них",
    "ним", "себя", "себе", "свой", "своя", "свою", "свои", "мой", "моя", "наш", "ваш", "этот",
    "эта", "это", "эти", "этого", "этой", "этом", "тот", "та", "то", "те", "того", "весь", "вся",
    "все", "всё", "всех", "который", "которая", "которые", "которого", "кто", "что", "чего", "чем",
    "какой", "такой",
    // Prepositions.
    "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "из", "за", "у", "для",
    "без", "под", "над", "при", "про", "через", "после", "перед", "между", "около",
    // Conjunctions.
    "и", "а", "но", "или", "да", "что", "чтобы", "если", "когда", "как", "потому", "хотя", "так",
    "также", "тоже",
    // Auxiliaries and particles.
    "не", "ни", "же", "ли", "бы", "быть", "был", "была", "было", "были", "будет", "будут", "есть",
    "уже", "еще", "ещё", "только", "даже", "вот", "там", "тут", "здесь", "где", "очень"};

}  // namespace

std::span<const std::string_view> StopwordList(std::string_view language) {
  if (language == "en") return kEnglish;
  if (language == "de") return kGerman;
  if (language == "fr") return kFrench;
  if (language == "es") return kSpanish;
  if (language == "it") return kItalian;
  if (language == "pt") return kPortuguese;
  if (language == "nl") return kDutch;
  if (language == "ru") return kRussian;
  return {};
}

}  // namespace storyline
