// The stories.json document as a JSON value, shared by stories.json and report.html (which
// embeds it), and one story of it (the server's story view). Private to the view and server
// modules.
#ifndef STORYLINE_VIEW_STORIES_JSON_H_
#define STORYLINE_VIEW_STORIES_JSON_H_

#include <nlohmann/json.hpp>

#include "storyline/pipeline.h"

namespace storyline {

// {"stories": [...], "rejected": [...], "stats": {...}}
nlohmann::ordered_json StoriesJsonRoot(const PipelineResult& result);

// result.stories[story] as stories.json shows it ("id" is "s<story + 1>").
nlohmann::ordered_json StoryJson(const PipelineResult& result, size_t story);

}  // namespace storyline

#endif  // STORYLINE_VIEW_STORIES_JSON_H_
