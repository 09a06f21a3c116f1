// report.html: the compiled-in template with stories.json embedded.
#include <string>
#include <string_view>

#include "storyline/output.h"
#include "view/stories_json.h"

namespace storyline {
namespace {

constexpr std::string_view kTemplate =
#include "report_template.inc"
    ;
constexpr std::string_view kDataMarker = "<!--STORYLINE_DATA-->";

}  // namespace

void WriteReportHtml(const PipelineResult& result, std::ostream& out) {
  std::string json = StoriesJsonRoot(result).dump(-1, ' ', false,
                                                  nlohmann::ordered_json::error_handler_t::replace);
  // Inside <script>, "</script" or "<!--" in a title would end or derail the element. '<' can
  // only occur inside JSON strings, where \u003c means the same character.
  std::string escaped;
  escaped.reserve(json.size() + json.size() / 64);
  for (char c : json) {
    if (c == '<') {
      escaped += "\\u003c";
    } else {
      escaped += c;
    }
  }
  size_t at = kTemplate.find(kDataMarker);
  out << kTemplate.substr(0, at) << escaped << kTemplate.substr(at + kDataMarker.size());
}

}  // namespace storyline
