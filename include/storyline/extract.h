// Extract: the article inside a page — title, main text as paragraphs, metadata — with the
// boilerplate (navigation, comments, comment forms, "See also" injections, share widgets,
// captions, counters, ads) removed.
//
// HTML goes through libxml2's HTML parser (lenient, fast); the main block is chosen by text
// density. Plain text is classified line by line from features (length, stop-word density,
// punctuation, position, runs of short lines, repeated lines, comment-section shape).
//
// The functions are pure and safe to call from many threads at once.
#ifndef STORYLINE_EXTRACT_H_
#define STORYLINE_EXTRACT_H_

#include <string>
#include <string_view>
#include <vector>

#include "storyline/document.h"
#include "storyline/options.h"

namespace storyline {

// Extracts the article from an HTML page. `html` may be in any charset the page declares;
// the result is UTF-8.
Article ExtractHtml(std::string_view html, const ExtractOptions& options);

// Extracts the article from a plain-text page: the first non-empty line is the title, the body
// lines are classified as content or boilerplate. REQUIRES: `text` is valid UTF-8.
Article ExtractPlainText(std::string_view text, const ExtractOptions& options);

// One block (HTML element or text line) and what extraction decided about it, for
// `storyline extract --explain`.
struct BlockDecision {
  std::string text;    // the block's text, possibly shortened
  bool kept = false;
  std::string reason;  // why: "main text", "link-dense", "comment section", ...
};

// As above, also recording the decision taken on each block.
Article ExplainHtml(std::string_view html, const ExtractOptions& options,
                    std::vector<BlockDecision>* decisions);
Article ExplainPlainText(std::string_view text, const ExtractOptions& options,
                         std::vector<BlockDecision>* decisions);

}  // namespace storyline

#endif  // STORYLINE_EXTRACT_H_
