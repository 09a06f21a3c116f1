// The stories.json document as a JSON value, shared by stories.json and report.html (which
// embeds it). Private to the view module.
#ifndef STORYLINE_VIEW_STORIES_JSON_H_
#define STORYLINE_VIEW_STORIES_JSON_H_

#include <nlohmann/json.hpp>

#include "storyline/pipeline.h"

namespace storyline {

// {"stories": [...], "rejected": [...], "stats": {...}}
nlohmann::ordered_json StoriesJsonRoot(const PipelineResult& result);

}  // namespace storyline

#endif  // STORYLINE_VIEW_STORIES_JSON_H_
