// White space as the extraction benchmarks need it: the extractor's collapse rule, to compare
// lines with its output, and the HTML rendering rule, to turn annotated pages into text pages.
#ifndef STORYLINE_EVAL_WHITE_SPACE_H_
#define STORYLINE_EVAL_WHITE_SPACE_H_

#include <string>
#include <string_view>

namespace storyline::eval_internal {

// Every run of white space (ASCII, Unicode White_Space such as U+00A0, U+200B, U+FEFF) becomes
// one space; none at either end. The rule ExtractPlainText applies to its lines, so a line
// collapsed here is returned unchanged by it. Invalid UTF-8 bytes are kept as they are.
std::string CollapseWhiteSpace(std::string_view text);

// Appends `text` as a browser renders it: every run of ASCII white space becomes one space
// (written only before later text, and never at the start of `out`); other characters, no-break
// spaces included, are kept. `pending_space` carries a run across calls.
void AppendRenderedText(std::string_view text, std::string* out, bool* pending_space);

}  // namespace storyline::eval_internal

#endif  // STORYLINE_EVAL_WHITE_SPACE_H_
