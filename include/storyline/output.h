// Output: stories.json (the SPEC.md shape), JSON Lines, and the human summary for a terminal.
#ifndef STORYLINE_OUTPUT_H_
#define STORYLINE_OUTPUT_H_

#include <ostream>
#include <string>

#include "storyline/document.h"
#include "storyline/pipeline.h"

namespace storyline {

// {"stories": [...], "rejected": [...], "stats": {...}}, pretty-printed.
void WriteStoriesJson(const PipelineResult& result, std::ostream& out);

// One JSON object per line: {"type":"story",...} per story, then {"type":"rejected",...} per
// rejection, then one {"type":"stats",...}. Story objects have the same fields as in
// stories.json.
void WriteStoriesJsonl(const PipelineResult& result, std::ostream& out);

// report.html: one self-contained page (no network request, no external file) that shows the
// stories most important first, each with its headline, summary with source links, sources
// timeline, quotes compared across sources and copies; then the rejected documents. The page
// carries stories.json and draws stories as the reader scrolls, so it opens at once for 10,000
// stories. Works on a phone and a desktop.
void WriteReportHtml(const PipelineResult& result, std::ostream& out);

// Each story's headline, number of sources and copies found; then totals and rejections.
// `max_stories` bounds the listing (0 = all).
void WriteTerminalSummary(const PipelineResult& result, std::ostream& out, size_t max_stories);

}  // namespace storyline

#endif  // STORYLINE_OUTPUT_H_
