#include "extract/dates.h"

#include <cstdio>
#include <string>
#include <vector>

#include "storyline/timestamp.h"

namespace storyline::extract_internal {
namespace {

// 1..12 for an English month name or its abbreviation, else 0.
int MonthFromWord(std::string_view w) {
  static constexpr std::string_view kMonths[] = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
  if (w.size() < 3) return 0;
  if (w == "sept") return 9;
  for (int m = 0; m < 12; ++m) {
    std::string_view full = kMonths[m];
    if (w.size() <= full.size() && full.substr(0, w.size()) == w &&
        (w.size() == 3 || w.size() == full.size())) {
      return m + 1;
    }
  }
  return 0;
}

bool IsIgnorableWord(std::string_view w) {
  static constexpr std::string_view kWeekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};
  if (w == "at" || w == "on" || w == "utc" || w == "gmt" || w == "z" || w == "of") return true;
  for (std::string_view d : kWeekdays) {
    if (w == d || (w.size() == 3 && d.substr(0, 3) == w)) return true;
  }
  return false;
}

struct Number {
  int value = 0;
  int digits = 0;
  char separator = 0;  // the first non-space character after the number, 0 at the end
};

}  // namespace

std::optional<UnixSeconds> ParseLooseDate(std::string_view text) {
  if (auto t = ParseTimestamp(text)) return t;
  if (text.size() > 80) return std::nullopt;

  std::vector<Number> numbers;
  int month = 0, hour = -1, minute = 0, second = 0;
  int offset_minutes = 0;
  bool has_offset = false;
  int ampm = 0;  // 1 am, 2 pm
  size_t i = 0;
  const size_t n = text.size();
  auto read_number = [&](size_t* pos, int* value) {
    int digits = 0;
    int v = 0;
    while (*pos < n && text[*pos] >= '0' && text[*pos] <= '9' && digits < 9) {
      v = v * 10 + (text[*pos] - '0');
      ++*pos;
      ++digits;
    }
    *value = v;
    return digits;
  };
  while (i < n) {
    unsigned char c = text[i];
    if (c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r' || c == '|' || c == '/' ||
        c == '.' || c == '-' || c == '(' || c == ')') {
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      i += 2;  // NBSP
      continue;
    }
    if (c == '+' && hour >= 0 && !has_offset) {
      ++i;
      int v = 0;
      int d = read_number(&i, &v);
      if (d == 4) {
        offset_minutes = (v / 100) * 60 + v % 100;
      } else if (d == 2 && i < n && text[i] == ':') {
        ++i;
        int m = 0;
        if (read_number(&i, &m) != 2) return std::nullopt;
        offset_minutes = v * 60 + m;
      } else {
        return std::nullopt;
      }
      has_offset = true;
      continue;
    }
    if (c >= '0' && c <= '9') {
      int v = 0;
      int d = read_number(&i, &v);
      if (i < n && text[i] == ':') {
        // A time: hh:mm[:ss[.fff]].
        if (hour >= 0 || d > 2) return std::nullopt;
        hour = v;
        ++i;
        if (read_number(&i, &minute) != 2) return std::nullopt;
        if (i < n && text[i] == ':') {
          ++i;
          if (read_number(&i, &second) != 2) return std::nullopt;
          if (i < n && text[i] == '.') {
            ++i;
            int frac = 0;
            read_number(&i, &frac);
          }
        }
        // A dash right after a time is a negative offset.
        if (i + 1 < n && text[i] == '-' && text[i + 1] >= '0' && text[i + 1] <= '9') {
          ++i;
          int ov = 0;
          int od = read_number(&i, &ov);
          if (od == 4) {
            offset_minutes = -((ov / 100) * 60 + ov % 100);
          } else if (od == 2 && i < n && text[i] == ':') {
            ++i;
            int m = 0;
            if (read_number(&i, &m) != 2) return std::nullopt;
            offset_minutes = -(ov * 60 + m);
          } else {
            return std::nullopt;
          }
          has_offset = true;
        }
        continue;
      }
      Number num{v, d, 0};
      // Ordinal suffixes: 1st, 2nd, 3rd, 21th.
      if (i + 1 < n && d <= 2) {
        std::string_view rest = text.substr(i, 2);
        if (rest == "st" || rest == "nd" || rest == "rd" || rest == "th") i += 2;
      }
      size_t j = i;
      while (j < n && text[j] == ' ') ++j;
      if (j < n) num.separator = text[j];
      numbers.push_back(num);
      if (numbers.size() > 3) return std::nullopt;
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      std::string word;
      while (i < n && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) {
        word.push_back(static_cast<char>(text[i] | 0x20));
        ++i;
        if (word.size() > 12) return std::nullopt;
      }
      if (int m = MonthFromWord(word)) {
        if (month != 0) return std::nullopt;
        month = m;
      } else if (word == "am" || word == "pm") {
        ampm = word == "am" ? 1 : 2;
      } else if (!IsIgnorableWord(word)) {
        return std::nullopt;
      }
      continue;
    }
    return std::nullopt;
  }

  int year = 0, day = 0;
  if (month != 0) {
    if (numbers.size() != 2) return std::nullopt;
    if (numbers[0].digits == 4 && numbers[1].digits <= 2) {
      year = numbers[0].value;
      day = numbers[1].value;
    } else if (numbers[1].digits == 4 && numbers[0].digits <= 2) {
      day = numbers[0].value;
      year = numbers[1].value;
    } else {
      return std::nullopt;
    }
  } else {
    if (numbers.size() != 3) return std::nullopt;
    const Number& a = numbers[0];
    const Number& b = numbers[1];
    const Number& c = numbers[2];
    if (a.digits == 4) {
      year = a.value;
      month = b.value;
      day = c.value;
    } else {
      if (c.digits == 4) {
        year = c.value;
      } else if (c.digits == 2) {
        year = 2000 + c.value;
      } else {
        return std::nullopt;
      }
      bool month_first = a.separator == '/';
      if (a.value > 12) month_first = false;
      if (b.value > 12) month_first = true;
      month = month_first ? a.value : b.value;
      day = month_first ? b.value : a.value;
    }
  }
  if (hour < 0) hour = 0;
  if (ampm == 2 && hour < 12) hour += 12;
  if (ampm == 1 && hour == 12) hour = 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  char buf[64];
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month, day, hour,
                minute, second, offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return ParseTimestamp(buf);
}

}  // namespace storyline::extract_internal
