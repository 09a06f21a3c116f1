// libFuzzer target: plain-text line classification followed by text analysis. Any input must
// neither crash nor trip ASan/UBSan.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "storyline/extract.h"
#include "storyline/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static storyline::TextAnalyzer* const analyzer =
      new storyline::TextAnalyzer(storyline::TextOptions{});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<storyline::BlockDecision> decisions;
  const storyline::Article explained = storyline::ExplainPlainText(text, {}, &decisions);
  const storyline::Article article = storyline::ExtractPlainText(text, {});
  if (article.paragraphs != explained.paragraphs) __builtin_trap();
  analyzer->Analyze(article.title, article.paragraphs);
  return 0;
}
