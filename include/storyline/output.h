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

// The JSON of the Telegram Data Clustering Contest ("tgnews", SPEC.md "Compatibility"), on one
// line per array element. Documents are named by their bare file name (the id's last `/`
// component: the contest's ids), so ids that differ only in their directories look alike.
//
// [{"lang_code": "en", "articles": [...]}, ...]: the accepted documents by language, the
// language with most documents first (ties by code), documents in input order. Documents of
// unknown language ("un") are not listed: `storyline tgnews` rejects them before.
void WriteTgnewsLanguages(const PipelineResult& result, std::ostream& out);

// [{"title": "...", "articles": [...]}, ...]: one thread per story, in result.stories' order
// (most important first); the title is the headline. Articles in relevance order: the story's
// members (most representative first), then their copies — member by member, each member's
// copies most similar first. Every document of a story is in exactly one thread.
void WriteTgnewsThreads(const PipelineResult& result, std::ostream& out);

// [{"category": "any", "threads": [{"title": "...", "articles": [...]}, ...]}]: the threads of
// WriteTgnewsThreads, most important first. The contest's per-category entries and each
// thread's "category" need a category classifier, which storyline does not have yet.
void WriteTgnewsTop(const PipelineResult& result, std::ostream& out);

}  // namespace storyline

#endif  // STORYLINE_OUTPUT_H_
