#include "eval/white_space.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace storyline::eval_internal {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string CollapseWhiteSpace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);  // c < 0 for an ill-formed sequence, kept as bytes
    const bool space = c >= 0 && (c < 0x80 ? IsAsciiSpace(static_cast<char>(c))
                                           : (c == 0x200B || c == 0xFEFF || u_isUWhiteSpace(c)));
    if (space) {
      pending = true;
      continue;
    }
    if (pending && !out.empty()) out.push_back(' ');
    pending = false;
    out.append(text.substr(start, i - start));
  }
  return out;
}

void AppendRenderedText(std::string_view text, std::string* out, bool* pending_space) {
  for (char c : text) {
    if (IsAsciiSpace(c)) {
      *pending_space = true;
      continue;
    }
    if (*pending_space && !out->empty()) out->push_back(' ');
    *pending_space = false;
    out->push_back(c);
  }
}

}  // namespace storyline::eval_internal
