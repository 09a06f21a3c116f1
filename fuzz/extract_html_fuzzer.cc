// libFuzzer target: HTML extraction (libxml2 parse, main text, metadata, --explain decisions)
// followed by text analysis, as the pipeline runs them. Any input must neither crash nor trip
// ASan/UBSan, and the extractor's output must be valid for the analyser.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "storyline/extract.h"
#include "storyline/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static storyline::TextAnalyzer* const analyzer =
      new storyline::TextAnalyzer(storyline::TextOptions{});
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  std::vector<storyline::BlockDecision> decisions;
  const storyline::Article explained = storyline::ExplainHtml(html, {}, &decisions);
  const storyline::Article article = storyline::ExtractHtml(html, {});
  if (article.paragraphs != explained.paragraphs) __builtin_trap();  // one decision, two views
  analyzer->Analyze(article.title, article.paragraphs);
  return 0;
}
