// Publication times: parsing the forms news inputs carry, formatting as RFC 3339 UTC.
#ifndef STORYLINE_TIMESTAMP_H_
#define STORYLINE_TIMESTAMP_H_

#include <optional>
#include <string>
#include <string_view>

#include "storyline/document.h"

namespace storyline {

// Parses RFC 3339 / ISO 8601 ("2023-03-20T08:25:00Z", "2023-03-20T08:25:00.123+03:00",
// "2023-03-20 08:25", a bare "2023-03-20"), epoch seconds (up to 11 digits) or epoch
// milliseconds (12-13 digits). A time without offset is taken as UTC. Returns nullopt for
// anything else, or for dates outside 1970..2100.
std::optional<UnixSeconds> ParseTimestamp(std::string_view text);

// Formats as RFC 3339 UTC with seconds: "2023-03-20T08:25:00Z".
std::string FormatTimestamp(UnixSeconds t);

}  // namespace storyline

#endif  // STORYLINE_TIMESTAMP_H_
