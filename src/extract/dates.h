// Dates as pages write them, beyond the RFC 3339 forms ParseTimestamp reads: day-month-year
// ("21-03-2023, 08:25", "21.03.2023"), month names ("24 January 2026 06:01",
// "March 21, 2023 8:25 PM", "Tue, 21 Mar 2023 08:25:00 GMT"), year-first with slashes.
#ifndef STORYLINE_EXTRACT_DATES_H_
#define STORYLINE_EXTRACT_DATES_H_

#include <optional>
#include <string_view>

#include "storyline/document.h"

namespace storyline::extract_internal {

// Parses `text` when ALL of it is a date with an optional time (weekday names, "at", commas,
// "UTC"/"GMT" and numeric offsets allowed). Times without an offset are taken as UTC. Slashed
// all-numeric dates are month-first unless the first number cannot be a month; dashed and
// dotted ones are day-first. Returns nullopt for anything else.
std::optional<UnixSeconds> ParseLooseDate(std::string_view text);

}  // namespace storyline::extract_internal

#endif  // STORYLINE_EXTRACT_DATES_H_
