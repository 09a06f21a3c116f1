// Headline of a story: the title that best represents it, with clickbait shapes penalised.
//
// Each candidate scores relevance x HeadlineShapeScore(title) x (0.8 when it is a copy), and the
// highest score wins; ties go to the lower index (the story stage lists members by relevance).
// Titles that are empty or only white space are never chosen. The relevance already orders the
// members within a story, so no separate ordering function is needed.
//
// HeadlineShapeScore looks at the title after trimming and after stripping one trailing site
// name ("... | CNN", "... - BBC News": at most 4 words and no quote, '?' or '!' after the last
// " | ", " - ", " – " or " — "; after a dash, no word may start with a lower-case letter, so
// "Brexit - what happens next" keeps its tail). The site name itself is never penalised.
// Words are white-space separated tokens (ASCII spaces and U+00A0) that hold a letter or digit,
// so "-" or "—" on its own is not a word. Factors multiply:
//   question      0.6  a '?' ('？', '¿') anywhere
//   exclamation   0.6  a '!' ('！', '¡') anywhere
//   quotation     0.6  only a quotation: it opens with a quote (" ' “ ” „ ‘ ’ ‚ « » ‹ ›) and
//                      nothing but punctuation follows the matching close quote; or a speaker
//                      tag of at most 3 words follows it and punctuation ends the quotation or
//                      directly follows it ('"We will win," Obama says', '"We will win": Obama';
//                      '"Frozen" tops box office' is not one); or
//                      a tag of at most 3 words and ':' precedes a quotation that ends the title
//                      ('Merkel: „Wir schaffen das“'). A ' or ’ followed by a letter or digit is
//                      an apostrophe, not a close quote.
//   very short    0.5  fewer than 4 words
//   all caps      0.7  at least 4 upper-case letters, no lower-case letter and no letter without
//                      case (Latin, Greek and Cyrillic have case; a CJK title never is all caps)
//   clickbait     0.7  opens with "Watch:", "Video:", "Photos:", "Photo:", "Pictures:",
//                      "Gallery:", "Quiz:" (any case), the word WATCH, VIDEO, PHOTOS or LISTEN
//                      in capitals, "Here's", "This is why", "This is what", "You won't
//                      believe", or a listicle: a number (1-3 digits, "two".."twelve", "twenty")
//                      whose next or next-but-one word is a listicle noun ("10 things", "5 key
//                      takeaways"; "5 soldiers killed" is news and is not penalised)
//   very long     0.8  more than 25 words
#ifndef STORYLINE_STORY_HEADLINE_H_
#define STORYLINE_STORY_HEADLINE_H_

#include <cstddef>
#include <span>
#include <string_view>

namespace storyline::story {

struct HeadlineCandidate {
  std::string_view title;  // may be empty: such a candidate is never chosen
  double relevance = 0;    // cosine of the document to the story centroid, in [0, 1]
  bool is_copy = false;    // a copy (duplicates stage) of another document
};

// ChooseHeadline's answer when no candidate has a title.
inline constexpr size_t kNoHeadline = static_cast<size_t>(-1);

// Index into `candidates` of the headline, or kNoHeadline when no candidate has a non-blank
// title. A relevance below 0 or NaN counts as 0.
size_t ChooseHeadline(std::span<const HeadlineCandidate> candidates);

// Penalty factor in (0, 1] for the shape of `title` (UTF-8): 1 for a plain news headline.
double HeadlineShapeScore(std::string_view title);

}  // namespace storyline::story

#endif  // STORYLINE_STORY_HEADLINE_H_
