#include "storyline/timestamp.h"

#include <cctype>
#include <chrono>
#include <cstdio>

namespace storyline {
namespace {

// Reads exactly `n` digits at `pos`, advancing it.
bool ReadDigits(std::string_view s, size_t& pos, int n, int* value) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  *value = v;
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<UnixSeconds> ParseEpoch(std::string_view s) {
  if (s.empty() || s.size() > 13) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (s.size() >= 12) v /= 1000;  // milliseconds
  if (v > 4102444800LL) return std::nullopt;  // after 2100
  return v;
}

}  // namespace

std::optional<UnixSeconds> ParseTimestamp(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.size() < 10 || s[4] != '-') return ParseEpoch(s);
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, pos, 4, &year) || s[pos++] != '-' || !ReadDigits(s, pos, 2, &month) ||
      pos >= s.size() || s[pos++] != '-' || !ReadDigits(s, pos, 2, &day)) {
    return std::nullopt;
  }
  int offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    ++pos;
    if (!ReadDigits(s, pos, 2, &hour) || pos >= s.size() || s[pos++] != ':' ||
        !ReadDigits(s, pos, 2, &minute)) {
      return std::nullopt;
    }
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!ReadDigits(s, pos, 2, &second)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
      }
    }
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (pos < s.size()) {
      char c = s[pos];
      if (c == 'Z' || c == 'z') {
        ++pos;
      } else if (c == '+' || c == '-') {
        ++pos;
        int oh = 0, om = 0;
        if (!ReadDigits(s, pos, 2, &oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size()) {
          if (!ReadDigits(s, pos, 2, &om)) return std::nullopt;
        }
        offset_seconds = (oh * 3600 + om * 60) * (c == '+' ? 1 : -1);
      } else if (s.substr(pos) == "UTC" || s.substr(pos) == "GMT") {
        pos = s.size();
      }
    }
  }
  if (pos != s.size()) return std::nullopt;
  if (year < 1970 || year > 2100 || month < 1 || month > 12 || day < 1 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!ymd.ok()) return std::nullopt;
  int64_t days = sys_days(ymd).time_since_epoch().count();
  return days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
}

std::string FormatTimestamp(UnixSeconds t) {
  using namespace std::chrono;
  sys_seconds tp{seconds(t)};
  sys_days day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()));
  return buf;
}

}  // namespace storyline
