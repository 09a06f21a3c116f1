#include "storyline/document.h"

namespace storyline {

size_t Document::TextBytes() const {
  size_t n = 0;
  for (const std::string& p : paragraphs) n += p.size();
  return n;
}

const char* CopyRelationName(CopyRelation r) {
  switch (r) {
    case CopyRelation::kExact:
      return "exact";
    case CopyRelation::kNear:
      return "near";
    case CopyRelation::kPartial:
      return "partial";
    case CopyRelation::kRewrite:
      return "rewrite";
  }
  return "unknown";
}

}  // namespace storyline
